"""Time one reminders pass and one roll-over pass on SQLite with many actions, few of them due.

    .venv/bin/python scripts/measure_scheduler.py                  # 50,000 and 200,000 actions
    .venv/bin/python scripts/measure_scheduler.py 50000:500 50000:1000

Each size gets a throw-away SQLite database in a temporary folder, built by the migrations.
TOTAL actions are bulk-inserted, DUE of them (500 unless given) due or overdue on the day of the
pass (from 40 days overdue to 14 days ahead), the rest due months ahead or complete. Each pass
runs as the scheduler runs it, at 07:00 London on 15 June 2026, and is rolled back, so every
repetition (and the other pass) starts from the same data. The table shows the first (cold)
run, the median of the repetitions, and the SQL statements each pass sent: both should follow
the due items, not the total.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, func, insert, select  # noqa: E402

from scrutiny import create_app  # noqa: E402
from scrutiny.extensions import db  # noqa: E402
from scrutiny.models import (  # noqa: E402
    Action,
    Committee,
    Meeting,
    Post,
    PostHolding,
    User,
    UserRole,
)
from scrutiny.models.actions import action_owner_posts  # noqa: E402
from scrutiny.services.core import audit, clocks  # noqa: E402
from scrutiny.services.jobs.reminders import send_reminders  # noqa: E402
from scrutiny.services.jobs.rollover import roll_over  # noqa: E402

NOW = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)  # 07:00 in London
TODAY = date(2026, 6, 15)
COMMITTEES = 5
POSTS = 20
CHUNK = 10_000


def build(total: int, due: int) -> None:
    """A council with `total` actions, `due` of them owed a reminder today."""
    session = db.session
    officer = User(email="officer@council.example", name="Olive Officer", session_version=1)
    officer.role_rows = [UserRole(role="officer")]
    session.add(officer)
    posts = []
    for n in range(POSTS):
        post = Post(name=f"Head of Service {n}", service="Services")
        holder = User(
            email=f"holder{n}@council.example",
            name=f"Holder {n}",
            session_version=1,
            reminder_mode="digest" if n % 5 == 0 else "each",
        )
        session.add(PostHolding(post=post, user=holder, starts_on=date(2026, 1, 1)))
        posts.append(post)
    committees = []
    for n in range(COMMITTEES):
        committee = Committee(
            name=f"Panel {n}", slug=f"panel-{n}", kind="scrutiny_panel", minute_prefix=f"P{n}"
        )
        session.add(
            Meeting(committee=committee, starts_at=datetime(2026, 9, 1 + n, 17, tzinfo=UTC))
        )
        committees.append(committee)
    session.flush()
    post_ids = [p.id for p in posts]
    committee_ids = [c.id for c in committees]

    for start in range(0, total, CHUNK):
        rows = []
        for n in range(start, min(start + CHUNK, total)):
            if n < due:  # spread from 40 days overdue to 14 days ahead
                due_on, status = TODAY + timedelta(days=n % 55 - 40), "in_progress"
            elif n % 2:
                due_on, status = TODAY + timedelta(days=60 + n % 700), "not_started"
            else:
                due_on, status = TODAY - timedelta(days=1 + n % 1000), "complete"
            rows.append(
                {
                    "description": f"Action {n}: do what the panel asked",
                    "reference": f"P/{n}",
                    "due_on": due_on,
                    "status": status,
                    "committee_id": committee_ids[n % COMMITTEES],
                    "version": 1,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
        ids = session.scalars(
            insert(Action).returning(Action.id, sort_by_parameter_order=True), rows
        ).all()
        session.execute(
            insert(action_owner_posts),
            [{"action_id": i, "post_id": post_ids[i % POSTS]} for i in ids],
        )
    session.commit()


def timed(label: str, function, repeats: int) -> tuple[float, float, int, dict]:
    """(first run, median, statements, summary) of `function(session, NOW)`, rolled back."""
    statements = 0

    def count(*args):
        nonlocal statements
        statements += 1

    engine = db.engine
    times, summary = [], {}
    for _ in range(repeats):
        db.session.commit()
        statements = 0
        event.listen(engine, "before_cursor_execute", count)
        started = time.perf_counter()
        try:
            with audit.acting_as(label=f"scheduler: {label}"):
                summary = function(db.session, NOW)
            db.session.flush()
        finally:
            times.append(time.perf_counter() - started)
            event.remove(engine, "before_cursor_execute", count)
            db.session.rollback()
    return times[0], statistics.median(times), statements, summary


def measure(total: int, due: int, repeats: int) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="scrutiny-measure-") as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'measure.db'}",
                "INSTANCE_PATH": folder,
                "TESTING": True,
                "SECRET_KEY": "measure",
                "SCRUTINY_MAIL_TRANSPORT": "file",
            }
        )
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            build(total, due)
            built = time.perf_counter() - started
            assert db.session.scalar(select(func.count(Action.id))) == total
            rows = []
            for label, function, key in (
                ("reminders", send_reminders, "reminders_queued"),
                ("rollover", roll_over, "items_rolled_over"),
            ):
                first, median, statements, summary = timed(label, function, repeats)
                rows.append(
                    f"| {total:,} | {due} | {label} | {summary[key]} | {first:.2f} s "
                    f"| {median:.2f} s | {statements} |"
                )
            print(f"  built {total:,} actions in {built:.1f} s", file=sys.stderr)
            db.session.remove()
            db.engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sizes", nargs="*", default=["50000", "200000"], help="TOTAL or TOTAL:DUE (DUE is 500)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs of each pass (default 3)")
    args = parser.parse_args()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    clocks.set_clock(lambda: NOW)
    print("| Actions | Due | Pass | Queued or carried | First run | Median | SQL statements |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for size in args.sizes:
        total, _, due = size.partition(":")
        for row in measure(int(total), int(due or 500), args.repeats):
            print(row, flush=True)


if __name__ == "__main__":
    main()
