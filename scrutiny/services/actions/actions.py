"""Actions: progress updates by their owners, derived overdue, due-date revisions (slippage:
the one place a due moves, with a reason, keeping the original), and latest state in bulk."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql import Select

from scrutiny.models.actions import Action, ActionDueRevision, ActionStatus, ActionUpdate, Rag
from scrutiny.models.meetings import AgendaItem
from scrutiny.models.people import Post, User
from scrutiny.models.recommendations import Recommendation
from scrutiny.permissions import can
from scrutiny.services.actions.dues import Due, DueKind, roll_forward
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.jobs import notifications


def owner_posts(session: Session, post_ids: list[int] | None) -> list[Post]:
    """The chosen owner posts; DomainError (on field post_ids) if none was chosen."""
    posts = list(session.scalars(select(Post).where(Post.id.in_(post_ids or []))))
    if not posts:
        raise DomainError("Choose at least one owner post", field="post_ids")
    return posts


def create_action(
    session: Session,
    *,
    description: str,
    post_ids: list[int],
    reference: str,
    committee_id: int | None,
    due: Due | None = None,
    exempt_source: AgendaItem | Recommendation | None = None,
    now: datetime,
    **links,
) -> Action:
    """The one way an action is made: described, owned by posts, not started, as exempt as
    what it came from (`exempt_source`), and its owners told. `links` names where it came from
    (outcome_part_id, recommendation_id, or plan_id/priority_id/position)."""
    if not (description or "").strip():
        raise DomainError("Describe the action", field="description")
    posts = owner_posts(session, post_ids)
    action = Action(
        description=description.strip(),
        committee_id=committee_id,
        reference=reference,
        status=ActionStatus.NOT_STARTED,
        **links,
    )
    action.due = due or Due(DueKind.NONE)
    action.owner_posts = posts
    if isinstance(exempt_source, Recommendation):
        exemption.inherit_from(action, exempt_source)
    elif exempt_source is not None:
        exemption.inherit_from_item(action, exempt_source)
    session.add(action)
    session.flush()
    notifications.action_assigned(session, action, now)
    return action


def may_move_due(user: User) -> bool:
    """Officers may always move a due; owners only while SCRUTINY_OWNERS_MAY_MOVE_DUES is on."""
    return can(user, "actions.update_any") or current_app.config["SCRUTINY_OWNERS_MAY_MOVE_DUES"]


def revise_due(
    session: Session,
    action: Action,
    new_due_on: date | None,
    *,
    reason: str,
    user: User,
    now: datetime,
    field: str = "due_on",
) -> ActionDueRevision | None:
    """Move an action's due date, keeping the original and a revision with the reason.

    Nothing is recorded when the date does not change, or when an action that never had a due
    date is given its first (which becomes its original due). Raises DomainError when the user
    may not move dues or gives no reason."""
    if new_due_on == action.due_on:
        return None
    if action.due_on is None and action.original_due_on is None and not action.due_revisions:
        action.due_on = action.original_due_on = new_due_on
        return None
    if not may_move_due(user):
        raise DomainError(
            "Only an officer can change this action's due date: ask democratic services",
            field=field,
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give the reason for changing the due date", field="due_reason")
    today = to_local(now).date()
    was_overdue = action.is_overdue(today)
    old_due_on = action.due_on
    action.due_on = new_due_on
    revision = ActionDueRevision(
        action=action,
        old_due_on=old_due_on,
        new_due_on=new_due_on,
        reason=reason,
        revised_by_id=user.id,
        revised_at=now,
        left_overdue=was_overdue and not action.is_overdue(today),
    )
    session.add(revision)
    return revision


def record_update(
    session: Session,
    action: Action,
    *,
    rag: str,
    narrative: str,
    next_steps: str,
    due_on: date | None,
    user: User,
    now: datetime,
    expected_version: int | None,
    due_reason: str = "",
) -> ActionUpdate:
    """An owner's progress update; blue marks the action complete; a new due moves it, with
    `due_reason` (a revision); a recurring due rolls on to the next period (not a revision)."""
    check_version(action, expected_version, "this action")
    if not action.is_open:
        raise DomainError(f"This action is {action.status_label.lower()}: it needs no updates")
    try:
        rag = Rag(rag)
    except ValueError:
        raise DomainError("Choose the RAG status", field="rag") from None
    if not (narrative or "").strip():
        raise DomainError("Describe the progress made", field="narrative")
    if due_on is not None and due_on != action.due_on:
        revise_due(session, action, due_on, reason=due_reason, user=user, now=now)
        if action.due_kind not in ("recurring",):
            action.due_kind = "date"
    elif action.due_kind == "recurring" and rag != Rag.BLUE and action.due_on is not None:
        current = Due("recurring", action.due_on, action.recurrence)
        action.due_on = roll_forward(current, completed_for=to_local(now).date()).on
    action.status = ActionStatus.COMPLETE if rag == Rag.BLUE else ActionStatus.IN_PROGRESS
    action.latest_rag = rag
    action.last_update_at = now
    update = ActionUpdate(
        action=action,
        rag=rag,
        narrative=narrative.strip(),
        next_steps=(next_steps or "").strip(),
        status=action.status,
        created_by_id=user.id,
        created_at=now,
    )
    session.add(update)
    action.updated_at = now
    session.flush()
    return update


def latest_updates(session: Session, action_ids: list[int]) -> dict[int, ActionUpdate]:
    """Each action's most recent update, in one query."""
    if not action_ids:
        return {}
    newest = (
        select(ActionUpdate.action_id, func.max(ActionUpdate.id).label("id"))
        .where(ActionUpdate.action_id.in_(action_ids))
        .group_by(ActionUpdate.action_id)
        .subquery()
    )
    rows = session.scalars(select(ActionUpdate).join(newest, ActionUpdate.id == newest.c.id))
    return {u.action_id: u for u in rows}


def action_rag(action: Action, update: ActionUpdate | None, today: date) -> str | None:
    """The one rule for an action's RAG: blue when finished, red when overdue, else its latest
    update's RAG; None for an action not started with no update (shown as "Not started")."""
    if not action.is_open:
        return Rag.BLUE
    if action.is_overdue(today):
        return Rag.RED
    return update.rag if update is not None else None


def overall_rag(actions: list[Action], latest: dict[int, ActionUpdate], today: date) -> str | None:
    """One RAG for a group of actions from `action_rag`: blue when all are done, else the worst
    RAG of the live ones; None when there are no actions or none has a RAG yet."""
    if not actions:
        return None
    live = [a for a in actions if a.is_open]
    if not live:
        return Rag.BLUE
    rags = {action_rag(a, latest.get(a.id), today) for a in live} - {None}
    for rag in (Rag.RED, Rag.AMBER, Rag.GREEN):
        if rag in rags:
            return rag
    return None


def implementation_label(action_count: int, rag: str | None) -> str:
    """Words for a group's implementation: the RAG, or why there is none."""
    if not action_count:
        return "No actions yet"
    return RAG_LABELS[rag] if rag else "Not started"


#: Words for each RAG, so a tag never relies on its colour alone.
RAG_LABELS = {
    "red": "Red: off track",
    "amber": "Amber: at risk",
    "green": "Green: on track",
    "blue": "Blue: complete",
}


#: Worst to best, for trends.
RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.BLUE: 3}


def updates_newest_first(action_id: int) -> Select:
    """The query of an action's progress updates, newest first, each with its author."""
    return (
        select(ActionUpdate)
        .where(ActionUpdate.action_id == action_id)
        .order_by(ActionUpdate.created_at.desc(), ActionUpdate.id.desc())
        .options(joinedload(ActionUpdate.created_by))
    )


def action_trend(session: Session, action_id: int) -> str | None:
    """The action's trend from its two most recent updates (see `trend`)."""
    return trend(list(session.scalars(updates_newest_first(action_id).limit(2))))


def trend(updates: list[ActionUpdate]) -> str | None:
    """ "improving", "stable" or "declining" from the two most recent updates (newest first)."""
    if len(updates) < 2:
        return None
    newer, older = RAG_ORDER[Rag(updates[0].rag)], RAG_ORDER[Rag(updates[1].rag)]
    if newer > older:
        return "improving"
    return "declining" if newer < older else "stable"
