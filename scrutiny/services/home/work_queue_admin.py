"""The administrator's home page: whether each scheduled job ran when it should have, and the
email the outbox gave up on."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.services.core.clocks import format_local
from scrutiny.services.home.work_queue import LIMIT, Queue, QueueItem, count, plural, snippet

#: How long after its last run a job counts as stalled: daily jobs a little over a day.
STALE_AFTER = {"mail-flush": timedelta(minutes=15)}
DAILY = timedelta(hours=26)


def job_health(session: Session, now: datetime) -> Queue:
    """Each scheduled job's last run: failed, stalled, never run, or fine."""
    from scrutiny.scheduler import last_runs  # the scheduler imports the services

    items = []
    trouble = 0
    for job, run in last_runs(session).items():
        if run is None:
            note, tone = "never run", "red"
        elif run.status == "failed":
            note, tone = f"failed: {snippet(run.error or '', 80)}", "red"
        elif run.started_at < now - STALE_AFTER.get(job, DAILY):
            note, tone = "not run on time", "orange"
        else:
            note, tone = run.status, "green"
        trouble += tone != "green"
        when = f"last run {format_local(run.started_at)}" if run else "no runs recorded"
        items.append(QueueItem(f"{job}: {when}", "admin.scheduler", {}, note=note, tone=tone))
    return Queue(
        "jobs",
        "Scheduled jobs",
        f"{plural(trouble, 'job')} needing attention." if trouble else "All jobs ran on time.",
        items,
    )


def outbox_failures(session: Session) -> Queue:
    """Email the outbox stopped retrying, newest first."""
    failed = OutboxMessage.status == OutboxStatus.FAILED
    total = count(session, OutboxMessage.id, failed)
    rows = session.scalars(
        select(OutboxMessage)
        .where(failed)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(LIMIT)
    )
    items = [
        QueueItem(
            f"To {m.recipient or 'no address'}: {snippet(m.subject, 60)}",
            "admin.outbox",
            {"status": OutboxStatus.FAILED.value},
            note=snippet(m.last_error or "failed", 60),
            tone="red",
        )
        for m in rows
    ]
    return Queue(
        "outbox",
        "Email not delivered",
        f"{plural(total, 'email')} could not be delivered.",
        items,
        ("Failed email in the outbox", "admin.outbox", {"status": OutboxStatus.FAILED.value}),
    )
