"""The APScheduler set-up: a table of jobs, each a service function of (session, now).

Never started by create_app. `flask scheduler run` is the one scheduler process in production;
`flask serve` (used by `make run`) starts it inside the development server once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from scrutiny.extensions import db
from scrutiny.services import audit, clocks
from scrutiny.services.mail import flush_outbox


def _mail_flush(session, now: datetime) -> dict:
    return flush_outbox(session, now).as_dict()


#: job id -> (function of (session, now) returning a summary, cron fields).
JOBS: dict[str, tuple[Callable[..., dict], dict]] = {
    "mail-flush": (_mail_flush, {"minute": "*"}),
}


def run_job(app: Flask, job_id: str, now: datetime | None = None) -> dict:
    """Run one job inside an app context with its own session; returns its summary."""
    function, _ = JOBS[job_id]
    with app.app_context(), audit.acting_as(label=f"scheduler: {job_id}"):
        try:
            summary = function(db.session, now or clocks.now())
            db.session.commit()
            return summary
        finally:
            db.session.remove()


def run_all_jobs(app: Flask, now: datetime) -> dict:
    """One pass of every job at `now`: what `flask scheduler tick` prints."""
    return {job_id: run_job(app, job_id, now) for job_id in JOBS}


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
            CronTrigger(timezone=zone, **cron),
            args=[app, job_id],
            id=job_id,
            replace_existing=True,
        )
    return scheduler
