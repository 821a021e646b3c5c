"""The action owner's and the executive member's home pages: my actions overdue, due soon and
recurring updates due; responses I owe, with the days left."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action
from scrutiny.models.people import User
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.services.actions.action_tracker import OPEN_STATUSES, held_action_ids, overdue_clause
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.home.work_queue import (
    Queue,
    QueueItem,
    action_label,
    actions,
    days_phrase,
    plural,
    recommendations,
    tone_for,
)
from scrutiny.services.recommendations.response_deadlines import DUE_SOON_DAYS

RECURRING = "recurring"


def action_counts(session: Session, user: User, now: datetime) -> tuple[int, int]:
    """(open, overdue) actions owned by the posts the user holds today, in one query."""
    today = to_local(now).date()
    open_count, overdue = session.execute(
        select(
            func.count(Action.id),
            func.coalesce(func.sum(case((overdue_clause(today), 1), else_=0)), 0),
        ).where(Action.id.in_(held_action_ids(user, today)), Action.status.in_(OPEN_STATUSES))
    ).one()
    return open_count, overdue


def _action_queue(session, key, heading, where, today, summary) -> Queue:
    total, rows = actions(session, *where, order_by=[Action.due_on])
    items = [
        QueueItem(
            action_label(a),
            "recommendations.action",
            {"action_id": a.id},
            note=days_phrase(a.due_on, today),
            tone=tone_for(a.due_on, today, DUE_SOON_DAYS),
        )
        for a in rows
    ]
    return Queue(key, heading, summary(total), items)


def owner_queues(session: Session, user: User, now: datetime) -> list[Queue]:
    """My actions overdue, due within DUE_SOON_DAYS days, and recurring updates due."""
    today = to_local(now).date()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    mine = Action.id.in_(held_action_ids(user, today))
    one_off = Action.due_kind != RECURRING
    open_ = Action.status.in_(OPEN_STATUSES)
    return [
        _action_queue(
            session,
            "overdue",
            "Your overdue actions",
            [mine, one_off, overdue_clause(today)],
            today,
            lambda n: f"{plural(n, 'action')} past the due date.",
        ),
        _action_queue(
            session,
            "due-soon",
            f"Actions due in the next {DUE_SOON_DAYS} days",
            [mine, one_off, open_, Action.due_on >= today, Action.due_on <= soon],
            today,
            lambda n: f"{plural(n, 'action')} due by {format_day(soon)}.",
        ),
        _action_queue(
            session,
            "recurring",
            "Recurring updates due",
            [mine, open_, Action.due_kind == RECURRING, Action.due_on <= soon],
            today,
            lambda n: f"{plural(n, 'regular update')} due by {format_day(soon)}.",
        ),
    ]


def executive_queue(session: Session, user: User, now: datetime) -> Queue:
    """The recommendations this executive member is to answer, soonest deadline first."""
    today = to_local(now).date()
    total, rows = recommendations(
        session,
        and_(Recommendation.responder_id == user.id, Recommendation.status == RecStatus.SUBMITTED),
        order_by=[Recommendation.response_due_on],
    )
    items = [
        QueueItem(
            f"{r.reference}: respond by {format_day(r.response_due_on)}",
            "recommendations.show",
            {"rec_id": r.id},
            note=days_phrase(r.response_due_on, today) if r.response_due_on else "",
            tone=tone_for(r.response_due_on, today, DUE_SOON_DAYS) if r.response_due_on else "",
        )
        for r in rows
    ]
    summary = (
        f"{plural(total, 'recommendation')} awaiting your response."
        if total
        else "No recommendations are awaiting your response."
    )
    return Queue(
        "to-answer",
        "Responses you owe",
        summary,
        items,
        (
            "All your recommendations",
            "recommendations.tracker",
            {"responder": user.id},
        )
        if total > len(items)
        else None,
    )
