"""Service plans: creating plans and priorities, and adding or changing their actions with dues
written the way councils write them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action
from scrutiny.models.committees import Committee
from scrutiny.models.people import Post, User
from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.services.actions.actions import owner_posts, revise_due
from scrutiny.services.actions.dues import Due, DueError, DueKind, parse_due
from scrutiny.services.core import clocks
from scrutiny.services.core.clocks import to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.jobs import notifications


def _check_plan(
    session: Session, *, title: str, starts_on, ends_on, owner_post_id, committee_id
) -> None:
    if not (title or "").strip():
        raise DomainError("Enter the plan's title", field="title")
    if starts_on is None:
        raise DomainError("Enter the date the plan starts", field="starts_on")
    if ends_on is None:
        raise DomainError("Enter the date the plan ends", field="ends_on")
    if ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    if owner_post_id is not None and session.get(Post, owner_post_id) is None:
        raise DomainError("Choose the owner post from the list", field="owner_post_id")
    if committee_id is not None and session.get(Committee, committee_id) is None:
        raise DomainError("Choose the monitoring committee from the list", field="committee_id")


def create_plan(
    session: Session,
    *,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
    service: str = "",
    directorate: str = "",
    owner_post_id: int | None = None,
    committee_id: int | None = None,
) -> ServicePlan:
    """A new plan for a period, owned by a post and monitored by a committee."""
    _check_plan(
        session,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        owner_post_id=owner_post_id,
        committee_id=committee_id,
    )
    plan = ServicePlan(
        title=title.strip(),
        service=(service or "").strip(),
        directorate=(directorate or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        owner_post_id=owner_post_id,
        committee_id=committee_id,
    )
    session.add(plan)
    session.flush()
    return plan


def update_plan(
    session: Session, plan: ServicePlan, *, expected_version: int | None, **fields
) -> None:
    """Change a plan's details, refusing a stale edit; a new monitoring committee also becomes
    the committee of its open actions (where overdue ones are carried)."""
    check_version(plan, expected_version, "this plan")
    _check_plan(
        session,
        title=fields["title"],
        starts_on=fields["starts_on"],
        ends_on=fields["ends_on"],
        owner_post_id=fields.get("owner_post_id"),
        committee_id=fields.get("committee_id"),
    )
    for name, value in fields.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    for action in session.scalars(select(Action).where(Action.plan_id == plan.id)):
        action.committee_id = plan.committee_id


def add_priority(
    session: Session, plan: ServicePlan, *, title: str, focus: str = "", impact_statement: str = ""
) -> PlanPriority:
    """Add a priority at the end of the plan."""
    if not (title or "").strip():
        raise DomainError("Enter the priority's title", field="title")
    last = session.scalar(
        select(func.max(PlanPriority.position)).where(PlanPriority.plan_id == plan.id)
    )
    priority = PlanPriority(
        plan=plan,
        position=(last or 0) + 1,
        title=title.strip(),
        focus=(focus or "").strip(),
        impact_statement=(impact_statement or "").strip(),
    )
    session.add(priority)
    session.flush()
    return priority


def read_due(text: str, today: date, field: str = "due") -> Due:
    """A due as councils write it, or a DomainError saying what to write instead."""
    try:
        return parse_due(text or "", today=today)
    except DueError as error:
        raise DomainError(error.message, field=field) from None


def apply_due(action: Action, due: Due) -> None:
    """Store a due on an action: its date (for sorting and overdue), kind and recurrence."""
    action.due_kind = due.kind
    action.due_on = due.due_date
    action.recurrence = due.recurrence.value if due.recurrence else None


def due_of(action: Action) -> Due:
    """The action's due, read back from its columns."""
    kind = DueKind(action.due_kind or "date")
    if kind in (DueKind.ONGOING, DueKind.NONE):
        return Due(kind)
    if action.due_on is None:  # an action from a minute or response without a due date
        return Due(DueKind.NONE)
    if kind is DueKind.RECURRING:
        return Due(kind, action.due_on, action.recurrence)
    return Due(kind, action.due_on)


def add_action(
    session: Session,
    plan: ServicePlan,
    priority: PlanPriority | None,
    *,
    description: str,
    post_ids: list[int],
    due_text: str,
    today: date,
    source_reference: str = "",
    reference: str | None = None,
) -> Action:
    """Add an action to a plan (under a priority), owned by posts, due as written."""
    if priority is not None and priority.plan_id != plan.id:
        raise DomainError("That priority belongs to another plan", field="priority_id")
    if not (description or "").strip():
        raise DomainError("Describe the action", field="description")
    due = read_due(due_text, today)
    posts = owner_posts(session, post_ids)
    last = session.scalar(
        select(func.max(Action.position)).where(
            Action.plan_id == plan.id,
            Action.priority_id == (priority.id if priority else None),
        )
    )
    position = (last or 0) + 1
    action = Action(
        description=description.strip(),
        plan_id=plan.id,
        priority_id=priority.id if priority else None,
        position=position,
        committee_id=plan.committee_id,
        source_reference=(source_reference or "").strip() or None,
        reference=reference or f"SP{plan.id}/{priority.position if priority else 0}.{position}",
        status="not_started",
    )
    apply_due(action, due)
    action.owner_posts = posts
    session.add(action)
    session.flush()
    notifications.action_assigned(session, action, clocks.now())
    return action


def update_action(
    session: Session,
    action: Action,
    *,
    description: str,
    post_ids: list[int],
    due_text: str,
    status: str,
    source_reference: str,
    user: User,
    now: datetime,
    expected_version: int | None,
    due_reason: str = "",
) -> None:
    """Change an action's wording, owners, due or status, refusing a stale edit; a changed due
    date needs `due_reason` and is kept as a revision (services.actions.revise_due)."""
    from scrutiny.models.actions import ActionStatus

    check_version(action, expected_version, "this action")
    if not (description or "").strip():
        raise DomainError("Describe the action", field="description")
    if status not in {s.value for s in ActionStatus}:
        raise DomainError("Choose the action's status", field="status")
    due = read_due(due_text, to_local(now).date())
    posts = owner_posts(session, post_ids)
    revise_due(
        session, action, due.due_date, reason=due_reason, user=user, now=now, field="due_text"
    )
    action.owner_posts = posts
    action.description = description.strip()
    action.status = status
    action.source_reference = (source_reference or "").strip() or None
    apply_due(action, due)
    notifications.action_assigned(session, action, clocks.now())
