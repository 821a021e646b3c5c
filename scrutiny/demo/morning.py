"""The scheduler's pass on the demo's as-of morning, as if it had been running all along: what
was overdue is on the next agenda and today's reminders are recorded and marked sent, so the
next morning's tick finds only what is new overnight."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.services.reminders import send_reminders
from scrutiny.services.rollover import roll_over

#: When the demo's scheduler ran on the as-of day (local time).
RAN_AT = time(7)


def run_this_morning(session: Session, tl: Timeline) -> dict:
    """Roll over and remind at 07:00 on the as-of day; the mail it queued counts as delivered.
    Returns the two jobs' summaries."""
    moment = tl.at(tl.as_of, RAN_AT)
    first = session.scalar(select(func.max(OutboxMessage.id))) or 0
    summary = {"rollover": roll_over(session, moment), "reminders": send_reminders(session, moment)}
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id > first, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENT, sent_at=moment, attempts=1)
    )
    return summary
