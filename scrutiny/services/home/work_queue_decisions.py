"""The officer's home-page queue of executive decisions: key decisions to put on the forward
plan before their deadline, call-ins waiting for a ruling, a meeting or a reconsideration, and
decisions whose call-in window is open."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from scrutiny.models.executive_decisions import DecisionRecord, ForwardPlanEntry
from scrutiny.services.core.clocks import format_day, format_local, to_local
from scrutiny.services.decisions.decision_reminders import call_in_occasion, call_ins_waiting
from scrutiny.services.decisions.forward_plan import notice_state
from scrutiny.services.home.work_queue import LIMIT, Queue, QueueItem, count, plural, snippet

#: Unpublished key decisions this many days past their forward plan deadline stay listed.
LOOK_AHEAD_DAYS = 60


def decisions_queue(session: Session, now: datetime) -> Queue:
    """Forward plan entries to publish, call-ins to act on, call-in windows open."""
    today = to_local(now).date()
    to_publish = and_(
        ForwardPlanEntry.published_at.is_(None),
        ForwardPlanEntry.withdrawn.is_(False),
        ForwardPlanEntry.decision_on >= today,
        ForwardPlanEntry.decision_on <= today + timedelta(days=LOOK_AHEAD_DAYS),
    )
    entries = session.scalars(
        select(ForwardPlanEntry)
        .where(to_publish)
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
    waiting = call_ins_waiting(session)
    for call_in in waiting[:LIMIT]:
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
    open_window = and_(
        DecisionRecord.call_in_closes_at > now, DecisionRecord.implemented_at.is_(None)
    )
    for record in session.scalars(
        select(DecisionRecord)
        .where(open_window)
        .order_by(DecisionRecord.call_in_closes_at)
        .limit(LIMIT)
    ):
        items.append(
            QueueItem(
                f"Open to call-in: {snippet(record.title, 70)}",
                "forward_plan.decision",
                {"record_id": record.id},
                note=f"until {format_local(record.call_in_closes_at)}",
                tone="grey",
            )
        )
    entries_total = count(session, ForwardPlanEntry.id, to_publish)
    windows = count(session, DecisionRecord.id, open_window)
    return Queue(
        "decisions",
        "Key decisions and call-ins",
        f"{entries_total} forward plan {'entry' if entries_total == 1 else 'entries'} to publish, "
        f"{plural(len(waiting), 'call-in')} to act on, "
        f"{plural(windows, 'decision')} open to call-in.",
        items,
        ("Forward plan", "forward_plan.index", {}),
    )
