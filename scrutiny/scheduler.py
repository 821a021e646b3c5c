"""The scheduler: a table of jobs, each a service function of (session, now), run under a lease.

Never started by create_app. `flask scheduler run` is the one scheduler process in production;
`flask serve` (used by `make run`) starts it inside the development server once; `flask
scheduler tick` runs one pass of every job at a given instant. A lease row keeps a second
scheduler idle, and unique constraints make every reminder and carry happen once regardless.
"""

from __future__ import annotations

import logging
import os
import socket
import traceback
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from scrutiny.extensions import db
from scrutiny.models.scheduling import JobRun, SchedulerLease
from scrutiny.services.core import audit, clocks
from scrutiny.services.core.mail import flush_outbox
from scrutiny.services.jobs.housekeeping import prune_form_tokens
from scrutiny.services.jobs.reminders import send_reminders
from scrutiny.services.jobs.rollover import roll_over

log = logging.getLogger(__name__)

#: A job running longer than this is assumed dead, and another scheduler may take over.
LEASE_SECONDS = 900
#: This process's name on the lease.
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _mail_flush(session, now: datetime) -> dict:
    return flush_outbox(session, now).as_dict()


def _at(setting: str) -> Callable[[Flask], dict]:
    def cron(app: Flask) -> dict:
        hour, minute = str(app.config[setting]).split(":")
        return {"hour": int(hour), "minute": int(minute)}

    return cron


#: job id -> (function of (session, now) returning a summary, its cron fields from the config).
#: A tick runs them in this order: roll-over first, so reminders see today's agenda.
JOBS: dict[str, tuple[Callable[..., dict], Callable[[Flask], dict]]] = {
    "rollover": (roll_over, _at("SCRUTINY_ROLLOVER_AT")),
    "reminders": (send_reminders, _at("SCRUTINY_REMINDERS_AT")),
    "mail-flush": (_mail_flush, lambda app: {"minute": "*"}),
    "housekeeping": (prune_form_tokens, _at("SCRUTINY_HOUSEKEEPING_AT")),
}


def holder_is_dead(holder: str) -> bool:
    """Whether a lease holder ("host:pid:tag") was a process on this host that no longer exists.

    A holder on another host, or one whose pid is still running (even if the pid was reused),
    counts as alive: its lease then lapses only when it expires.
    """
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # a live process of another user
        return False
    return False


def acquire_lease(name: str, holder: str = HOLDER) -> bool:
    """Take (or renew) a job's lease unless another live scheduler holds it.

    A lease is free once it expires, or at once when its holder was a process on this host
    that has gone (killed, crashed), so a `kill -9` does not hold the jobs up for 15 minutes.
    """
    now = clocks.now()
    expires = now + timedelta(seconds=LEASE_SECONDS)
    try:
        free = or_(SchedulerLease.expires_at < now, SchedulerLease.holder == holder)
        current = db.session.scalar(
            select(SchedulerLease.holder).where(SchedulerLease.name == name)
        )
        if current is not None and holder_is_dead(current):
            free = or_(free, SchedulerLease.holder == current)
        taken = db.session.execute(
            update(SchedulerLease)
            .where(SchedulerLease.name == name, free)
            .values(holder=holder, expires_at=expires)
        ).rowcount
        if not taken:
            if current is not None:
                db.session.rollback()
                return False
            db.session.add(SchedulerLease(name=name, holder=holder, expires_at=expires))
        db.session.commit()
        return True
    except (IntegrityError, OperationalError):  # another scheduler got there first
        db.session.rollback()
        return False


def release_lease(name: str, holder: str = HOLDER) -> None:
    """Give a job's lease up when the job ends."""
    db.session.execute(
        delete(SchedulerLease).where(SchedulerLease.name == name, SchedulerLease.holder == holder)
    )
    db.session.commit()


def _record(job_id: str, now: datetime, started: datetime, status: str, **fields) -> None:
    db.session.add(
        JobRun(
            job=job_id,
            as_at=now,
            started_at=started,
            finished_at=clocks.now(),
            status=status,
            **fields,
        )
    )
    db.session.commit()


def _run(job_id: str, now: datetime, dry_run: bool) -> dict:
    """One job under its lease: commit and record, or roll back and record why.

    Each job has its own lease, so a long roll-over is not cut short by the every-minute mail
    job of the same process, and a second scheduler skips (and records skipping) only the job
    that is already running elsewhere.
    """
    function, _ = JOBS[job_id]
    started = clocks.now()
    if not dry_run and not acquire_lease(job_id):
        skipped = "another scheduler holds the lease"
        _record(job_id, now, started, "skipped", summary={"skipped": skipped})
        return {"skipped": skipped}
    try:
        with audit.acting_as(label=f"scheduler: {job_id}"):
            summary = function(db.session, now)
    except Exception as error:  # noqa: BLE001 - a failing job must not stop the others
        db.session.rollback()
        log.exception("scheduled job %s failed", job_id)
        if not dry_run:
            message = "".join(traceback.format_exception_only(error)).strip()[:2000]
            _record(job_id, now, started, "failed", error=message)
            release_lease(job_id)
        return {"error": str(error) or type(error).__name__}
    if dry_run:
        db.session.rollback()
        return summary
    db.session.add(
        JobRun(
            job=job_id,
            as_at=now,
            started_at=started,
            finished_at=clocks.now(),
            status="ok",
            summary=summary,
        )
    )
    db.session.commit()
    release_lease(job_id)
    return summary


def run_job(app: Flask, job_id: str, now: datetime | None = None) -> dict:
    """What APScheduler calls: one job, under its lease, with its own session."""
    with app.app_context():
        try:
            return _run(job_id, now or clocks.now(), dry_run=False)
        finally:
            db.session.remove()


def run_all_jobs(app: Flask, now: datetime, *, dry_run: bool = False) -> dict:
    """One pass of every job at `now`: what `flask scheduler tick` prints.

    A dry run computes everything and rolls it back (and delivers no mail).
    """
    with app.app_context():
        try:
            jobs = {
                job_id: _run(job_id, now, dry_run)
                for job_id in JOBS
                if not (dry_run and job_id == "mail-flush")
            }
        finally:
            db.session.remove()
    reminders = jobs.get("reminders", {})
    rollover = jobs.get("rollover", {})
    mail = jobs.get("mail-flush", {})
    return {
        "now": now.isoformat(),
        "dry_run": dry_run,
        "reminders_queued": reminders.get("reminders_queued", 0),
        "digests_queued": reminders.get("digests_queued", 0),
        "items_rolled_over": rollover.get("items_rolled_over", 0),
        "items_dropped": rollover.get("items_dropped", 0),
        "mails_delivered": mail.get("delivered", 0),
        "mails_failed": mail.get("failed", 0),
        "failed_jobs": sorted(job for job, summary in jobs.items() if "error" in summary),
        "skipped_jobs": sorted(job for job, summary in jobs.items() if "skipped" in summary),
        "jobs": jobs,
    }


def last_runs(session) -> dict[str, JobRun | None]:
    """The most recent run of each job (for the admins' scheduler page)."""
    result: dict[str, JobRun | None] = {}
    for job_id in JOBS:
        result[job_id] = session.scalar(
            select(JobRun)
            .where(JobRun.job == job_id)
            .order_by(JobRun.started_at.desc(), JobRun.id.desc())
            .limit(1)
        )
    return result


def build_scheduler(app: Flask, *, blocking: bool):
    """An APScheduler with every job on its cron trigger in the council's time zone."""
    zone = ZoneInfo(app.config["SCRUTINY_TIMEZONE"])
    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(
        timezone=zone,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
    )
    for job_id, (_, cron) in JOBS.items():
        scheduler.add_job(
            run_job,
            CronTrigger(timezone=zone, **cron(app)),
            args=[app, job_id],
            id=job_id,
            replace_existing=True,
        )
    return scheduler
