"""The action tracker: filtering, counting and sorting actions in SQL, "my actions", and a
plan's dashboard (RAG per priority, overdue, recently updated, RAG over time)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import Select, String, case, cast, exists, func, not_, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action, ActionUpdate, action_owner_posts
from scrutiny.models.people import PostHolding, User
from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.services.core import cached_reads, exemption

RAGS = ("red", "amber", "green", "blue")
#: RAG counts shown in tables: each RAG and "none" (never updated).
RAG_KEYS = (*RAGS, "none")


@dataclass
class ActionFilters:
    """What the tracker is narrowed to; every field optional."""

    plan_id: int | None = None
    priority_id: int | None = None
    post_id: int | None = None
    status: str | None = None
    #: "red", "amber", "green", "blue" or "none" (never updated).
    rag: str | None = None
    overdue: bool = False
    due_from: date | None = None
    due_to: date | None = None
    #: The committee whose minutes or recommendations the actions came from.
    committee_id: int | None = None
    #: Who is reading: exempt-derived actions only for those entitled.
    audience: exemption.Audience = exemption.PUBLIC


def _filtered(query: Select, filters: ActionFilters, today: date) -> Select:
    query = query.where(exemption.action_clause(filters.audience))
    if filters.plan_id:
        query = query.where(Action.plan_id == filters.plan_id)
    if filters.committee_id:
        query = query.where(Action.committee_id == filters.committee_id)
    if filters.priority_id:
        query = query.where(Action.priority_id == filters.priority_id)
    if filters.post_id:
        query = query.where(
            exists().where(
                action_owner_posts.c.action_id == Action.id,
                action_owner_posts.c.post_id == filters.post_id,
            )
        )
    if filters.status:
        query = query.where(Action.status == filters.status)
    if filters.rag == "none":
        query = query.where(Action.latest_rag.is_(None))
    elif filters.rag:
        query = query.where(Action.latest_rag == filters.rag)
    if filters.overdue:
        query = query.where(Action.is_overdue(today))
    if filters.due_from:
        query = query.where(Action.due_on >= filters.due_from)
    if filters.due_to:
        query = query.where(Action.due_on <= filters.due_to)
    return query


def tracker_query(filters: ActionFilters, today: date) -> Select:
    """Matching actions, overdue first, then by due (undated last); owners loaded in one go.
    One sort of every match: the order's definition, which `tracker_segments` (read by pages
    and exports) is tested against."""
    query = _filtered(select(Action), filters, today)
    return query.options(
        selectinload(Action.owner_posts), selectinload(Action.due_revisions)
    ).order_by(
        case((Action.is_overdue(today), 0), else_=1),
        Action.due_on.is_(None),
        Action.due_on,
        Action.id,
    )


def tracker_segments(filters: ActionFilters, today: date) -> list[Select]:
    """`tracker_query`'s order as three index range scans read one after another: overdue by
    due, the rest with a due date by due, then the undated by id (see segmented_pages). Each
    filter has an index (filter columns, due_on) serving its order; id follows as the rowid."""
    base = _filtered(select(Action), filters, today).options(
        selectinload(Action.owner_posts), selectinload(Action.due_revisions)
    )
    overdue = base.where(Action.is_overdue(today)).order_by(Action.due_on, Action.id)
    if filters.overdue:
        return [overdue]
    dated = base.where(Action.due_on.is_not(None), not_(Action.is_overdue(today)))
    undated = base.where(Action.due_on.is_(None))
    return [overdue, dated.order_by(Action.due_on, Action.id), undated.order_by(Action.id)]


def rag_counts(session: Session, filters: ActionFilters, today: date) -> dict[str, int]:
    """How many matching actions have each latest RAG (and none yet), plus overdue and the
    total: 2 queries, or none while no action has changed since they were last counted."""
    return cached_reads.remembered(
        session,
        "action-rag-counts",
        (filter_parts(filters), today),
        lambda: _count_rags(session, filters, today),
    )


def filter_parts(filters: ActionFilters) -> tuple:
    """The filters as a stable cache key, the reader's audience included."""
    return (
        *(getattr(filters, f.name) for f in fields(filters) if f.name != "audience"),
        exemption.audience_key(filters.audience),
    )


def _count_rags(session: Session, filters: ActionFilters, today: date) -> dict[str, int]:
    rows = session.execute(
        _filtered(select(Action.latest_rag, func.count(Action.id)), filters, today).group_by(
            Action.latest_rag
        )
    )
    counts = {rag or "none": n for rag, n in rows}
    result = {rag: counts.get(rag, 0) for rag in (*RAGS, "none")}
    result["total"] = sum(result.values())
    result["overdue"] = session.scalar(
        _filtered(select(func.count(Action.id)), filters, today).where(Action.is_overdue(today))
    )
    return result


def held_action_ids(user: User, today: date) -> Select:
    """SQL: the ids of actions owned by a post the user holds today."""
    held = select(action_owner_posts.c.action_id).join(
        PostHolding, PostHolding.post_id == action_owner_posts.c.post_id
    )
    return held.where(PostHolding.user_id == user.id, PostHolding.current_on_clause(today))


def my_actions_query(user: User, today: date) -> Select:
    """Open actions owned by posts the user holds today, overdue first, then by due (one sort;
    pages read `my_actions_segments`)."""
    return (
        select(Action)
        .where(Action.id.in_(held_action_ids(user, today)), Action.is_open)
        .options(selectinload(Action.owner_posts), selectinload(Action.due_revisions))
        .order_by(
            case((Action.is_overdue(today), 0), else_=1),
            Action.due_on.is_(None),
            Action.due_on,
            Action.id,
        )
    )


#: What a page of actions shows besides the action itself.
ACTION_ROW_LOAD = (selectinload(Action.owner_posts), selectinload(Action.due_revisions))


def my_actions_segments(user: User, today: date) -> list[Select]:
    """`my_actions_query`'s order as index range scans: overdue by due, the open rest by due,
    then the undated by id (see segmented_pages; load ACTION_ROW_LOAD once per page)."""
    base = select(Action).where(Action.id.in_(held_action_ids(user, today)))
    return [
        base.where(Action.is_overdue(today)).order_by(Action.due_on, Action.id),
        base.where(Action.is_open, Action.due_on >= today).order_by(Action.due_on, Action.id),
        base.where(Action.is_open, Action.due_on.is_(None)).order_by(Action.id),
    ]


def my_actions_count(session: Session, user: User, today: date) -> int:
    """How many open actions the user's posts own today (remembered until actions or post
    holdings change)."""
    query = select(func.count(Action.id)).where(
        Action.id.in_(held_action_ids(user, today)), Action.is_open
    )
    return cached_reads.remembered(
        session, "my-actions-count", (user.id, today), lambda: session.scalar(query)
    )


@dataclass
class PlanDashboard:
    """A plan at a glance: the views a director would otherwise build in Excel."""

    plan: ServicePlan
    by_priority: list[tuple[PlanPriority | None, dict[str, int]]] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    recently_updated: list[Action] = field(default_factory=list)
    #: month "2023-03" -> RAG -> count of updates that month.
    rag_by_month: dict[str, dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


def plan_counts(
    session: Session, plan_ids: list[int], today: date
) -> tuple[dict[int, int], dict[int, int]]:
    """For the plans list: plan id -> number of actions, and plan id -> overdue actions."""
    per_plan = select(Action.plan_id, func.count(Action.id)).where(Action.plan_id.in_(plan_ids))
    totals = session.execute(per_plan.group_by(Action.plan_id)).all()
    overdue = session.execute(
        per_plan.where(Action.is_overdue(today)).group_by(Action.plan_id)
    ).all()
    return dict(totals), dict(overdue)


def plan_actions_query(plan_id: int) -> Select:
    """A plan's actions in priority order (served by ix_actions_plan_priority_position)."""
    return (
        select(Action)
        .where(Action.plan_id == plan_id)
        .order_by(Action.priority_id, Action.position, Action.id)
        .options(*ACTION_ROW_LOAD)
    )


def by_priority(actions: list[Action]) -> dict[int | None, list[Action]]:
    """Actions grouped by their priority's id, keeping their order."""
    grouped: dict[int | None, list[Action]] = {}
    for action in actions:
        grouped.setdefault(action.priority_id, []).append(action)
    return grouped


def plan_dashboard(session: Session, plan: ServicePlan, today: date) -> PlanDashboard:
    """RAG counts per priority, the overdue list, recent updates and RAG over time (the
    aggregates remembered until the plan's actions or updates change)."""
    board = PlanDashboard(plan)
    per_priority, rag_by_month = cached_reads.remembered(
        session, "plan-aggregates", plan.id, lambda: _plan_aggregates(session, plan.id)
    )
    for priority in [*plan.priorities, None]:
        counts = per_priority.get(priority.id if priority else None)
        if counts is None and priority is None:
            continue
        board.by_priority.append((priority, {rag: (counts or {}).get(rag, 0) for rag in RAG_KEYS}))
    board.totals = {rag: sum(counts[rag] for _, counts in board.by_priority) for rag in RAG_KEYS}
    board.overdue = list(
        session.scalars(
            select(Action)
            .where(Action.plan_id == plan.id, Action.is_overdue(today))
            .options(*ACTION_ROW_LOAD)
            .order_by(Action.due_on, Action.id)
            .limit(50)
        )
    )
    board.recently_updated = list(
        session.scalars(
            select(Action)
            .where(Action.plan_id == plan.id, Action.last_update_at.is_not(None))
            .options(*ACTION_ROW_LOAD)
            .order_by(Action.last_update_at.desc(), Action.id.desc())
            .limit(10)
        )
    )
    board.rag_by_month = rag_by_month
    return board


def _plan_aggregates(session: Session, plan_id: int) -> tuple[dict, dict]:
    """priority id -> RAG -> actions, and month "2023-03" -> RAG -> updates that month."""
    per_priority: dict[int | None, Counter] = defaultdict(Counter)
    rows = session.execute(
        select(Action.priority_id, Action.latest_rag, func.count(Action.id))
        .where(Action.plan_id == plan_id)
        .group_by(Action.priority_id, Action.latest_rag)
    )
    for priority_id, rag, count in rows:
        per_priority[priority_id][rag or "none"] += count
    month = func.substr(cast(ActionUpdate.created_at, String), 1, 7)
    updates = session.execute(
        select(month, ActionUpdate.rag, func.count(ActionUpdate.id))
        .join(Action, Action.id == ActionUpdate.action_id)
        .where(Action.plan_id == plan_id)
        .group_by(month, ActionUpdate.rag)
    )
    by_month: dict[str, dict[str, int]] = {}
    for key, rag, count in updates:
        by_month.setdefault(key, {r: 0 for r in RAGS})[rag] = count
    return {k: dict(v) for k, v in per_priority.items()}, dict(sorted(by_month.items()))


def active_holders(session: Session, post_ids: list[int], today: date) -> dict[int, list[User]]:
    """post id -> users holding it today (for showing who owns what)."""
    if not post_ids:
        return {}
    rows = session.execute(
        select(PostHolding.post_id, User)
        .join(User, User.id == PostHolding.user_id)
        .where(PostHolding.post_id.in_(post_ids), PostHolding.current_on_clause(today))
    )
    result: dict[int, list[User]] = defaultdict(list)
    for post_id, user in rows:
        result[post_id].append(user)
    return result
