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
from scrutiny.services.jobs.housekeeping import prune_form_tokens
from scrutiny.services.jobs.reminders import send_reminders
from scrutiny.services.jobs.rollover import roll_over

#: When the demo's scheduler ran on the as-of day (local time): housekeeping overnight, the
#: roll-over and reminders in the morning.
RAN_AT = time(7)
HOUSEKEEPING_AT = time(3, 30)


def run_this_morning(session: Session, tl: Timeline) -> dict:
    """Housekeeping at 03:30, roll over and remind at 07:00 on the as-of day; the mail it queued
    counts as delivered. Returns the jobs' summaries."""
    moment = tl.at(tl.as_of, RAN_AT)
    overnight = tl.at(tl.as_of, HOUSEKEEPING_AT)
    first = session.scalar(select(func.max(OutboxMessage.id))) or 0
    summary = {
        "housekeeping": prune_form_tokens(session, overnight),
        "rollover": roll_over(session, moment),
        "reminders": send_reminders(session, moment),
    }
    sent = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id > first, OutboxMessage.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.SENT, sent_at=moment, attempts=1)
    ).rowcount
    summary["mail-flush"] = {"delivered": sent, "failed": 0, "gave_up": 0}
    for job, job_summary in summary.items():
        # mail-flush runs every minute, so its last run is now
        at = {"mail-flush": tl.now, "housekeeping": overnight}.get(job, moment)
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
