"""The scheduler's pass on the demo's as-of morning, as if it had been running all along: what
was overdue is on the next agenda and today's reminders are recorded and marked sent, so the
next morning's tick finds only what is new overnight. The runs are recorded as the scheduler
records its own, so the administrator's page shows when the jobs last ran."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.scheduling import JobRun
from scrutiny.services.jobs.reminders import send_reminders
from scrutiny.services.jobs.rollover import roll_over

#: When the demo's scheduler ran on the as-of day (local time).
RAN_AT = time(7)


def run_this_morning(session: Session, tl: Timeline) -> dict:
    """Roll over and remind at 07:00 on the as-of day; the mail it queued counts as delivered.
    Returns the two jobs' summaries."""
    moment = tl.at(tl.as_of, RAN_AT)
    first = session.scalar(select(func.max(OutboxMessage.id))) or 0
    summary = {"rollover": roll_over(session, moment), "reminders": send_reminders(session, moment)}
    sent = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id > first, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENT, sent_at=moment, attempts=1)
    ).rowcount
    summary["mail-flush"] = {"delivered": sent, "failed": 0, "gave_up": 0}
    for job, job_summary in summary.items():
        at = tl.now if job == "mail-flush" else moment  # it runs every minute
        session.add(
            JobRun(
                job=job,
                as_at=at,
                started_at=at,
                finished_at=at,
                status="ok",
                summary=job_summary,
            )
        )
    return summary
