"""The officer's home-page queue of executive decisions: key decisions to put on the forward
plan before their deadline, call-ins waiting for a ruling, a meeting or a reconsideration, and
decisions whose call-in window is open."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from scrutiny.models.executive_decisions import DecisionRecord, ForwardPlanEntry
from scrutiny.services.core.clocks import format_day, format_local, to_local
from scrutiny.services.decisions.decision_reminders import call_in_occasion, call_ins_waiting
from scrutiny.services.decisions.forward_plan import notice_state
from scrutiny.services.home.work_queue import LIMIT, Queue, QueueItem, count, plural, snippet

#: Unpublished key decisions this many days past their forward plan deadline stay listed.
LOOK_AHEAD_DAYS = 60


def _to_publish(today: date):
    """Forward plan entries not yet published whose decision is due within LOOK_AHEAD_DAYS."""
    return and_(
        ForwardPlanEntry.published_at.is_(None),
        ForwardPlanEntry.withdrawn.is_(False),
        ForwardPlanEntry.decision_on >= today,
        ForwardPlanEntry.decision_on <= today + timedelta(days=LOOK_AHEAD_DAYS),
    )


def _open_window(now: datetime):
    """Decisions whose call-in window is still open, not yet implemented and not superseded
    by a published later record."""
    return and_(
        DecisionRecord.call_in_closes_at > now,
        DecisionRecord.implemented_at.is_(None),
        ~DecisionRecord.superseded_by.has(DecisionRecord.published_at.is_not(None)),
    )


def _entries_to_publish(session: Session, today: date) -> list[QueueItem]:
    """Key decisions to put on the forward plan, soonest decision first, with their notice."""
    entries = session.scalars(
        select(ForwardPlanEntry)
        .where(_to_publish(today))
        .order_by(ForwardPlanEntry.decision_on, ForwardPlanEntry.id)
        .limit(LIMIT)
    )
    items = []
    for entry in entries:
        state = notice_state(entry, today)
        items.append(
            QueueItem(
                f"Forward plan: {snippet(entry.matter, 70)}",
                "forward_plan.show",
                {"entry_id": entry.id},
                note=state.label,
                tone=state.tone,
            )
        )
    return items


def _call_in_items(call_ins: list) -> list[QueueItem]:
    """Call-ins waiting for a ruling, a meeting or a reconsideration."""
    items = []
    for call_in in call_ins[:LIMIT]:
        _, text = call_in_occasion(call_in)
        items.append(
            QueueItem(
                f"{text}: {snippet(call_in.decision.title, 60)}",
                "forward_plan.call_in",
                {"call_in_id": call_in.id},
                note=f"by {format_day(call_in.consider_by)}" if call_in.consider_by else "",
                tone="red",
            )
        )
    return items


def _open_to_call_in(session: Session, now: datetime) -> list[QueueItem]:
    """Decisions open to call-in, the window closing soonest first."""
    records = session.scalars(
        select(DecisionRecord)
        .where(_open_window(now))
        .order_by(DecisionRecord.call_in_closes_at)
        .limit(LIMIT)
    )
    return [
        QueueItem(
            f"Open to call-in: {snippet(record.title, 70)}",
            "forward_plan.decision",
            {"record_id": record.id},
            note=f"until {format_local(record.call_in_closes_at)}",
            tone="grey",
        )
        for record in records
    ]


def decisions_queue(session: Session, now: datetime) -> Queue:
    """Forward plan entries to publish, call-ins to act on, call-in windows open."""
    today = to_local(now).date()
    waiting = call_ins_waiting(session)
    items = [
        *_entries_to_publish(session, today),
        *_call_in_items(waiting),
        *_open_to_call_in(session, now),
    ]
    entries_total = count(session, ForwardPlanEntry.id, _to_publish(today))
    windows = count(session, DecisionRecord.id, _open_window(now))
    return Queue(
        "decisions",
        "Key decisions and call-ins",
        f"{entries_total} forward plan {'entry' if entries_total == 1 else 'entries'} to publish, "
        f"{plural(len(waiting), 'call-in')} to act on, "
        f"{plural(windows, 'decision')} open to call-in.",
        items,
        ("Forward plan", "forward_plan.index", {}),
    )
