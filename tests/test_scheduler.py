"""The scheduler end to end, always at an explicit `now` (no sleeps): every pass twice changes
nothing, two scheduler processes on one database, a pass that fails or is killed halfway and is
run again, the clock changes, `flask scheduler tick`, delivery to a real SMTP server, and a
reminders or roll-over pass costing the same number of queries with 4x the actions."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, func, insert, select

from scrutiny import REPOSITORY_ROOT
from scrutiny.extensions import db
from scrutiny.models import (
    Action,
    AgendaItem,
    Carry,
    JobRun,
    Meeting,
    OutboxMessage,
    Recommendation,
    Reminder,
    SchedulerLease,
)
from scrutiny.models.actions import action_owner_posts
from scrutiny.scheduler import (
    HOLDER,
    JOBS,
    acquire_lease,
    build_scheduler,
    release_lease,
    run_all_jobs,
    run_job,
)
from scrutiny.services.core.mail import backoff
from scrutiny.services.jobs import reminders, rollover
from tests.factories import (
    CommitteeFactory,
    MeetingFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
#: 07:00 in London (BST) on Monday 15 June 2026: when the reminders job runs.
SEVEN_AM = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)
TODAY = date(2026, 6, 15)


# --- A council with something owed on every kind of occasion ------------------------------------


@dataclass
class Council:
    officer: object
    hana: object  # holds the music post; one email per reminder
    dev: object  # holds the libraries post; a daily digest
    member: object  # the executive member who must respond
    target: Meeting  # the panel's next meeting whose agenda is not yet published
    later: Meeting
    actions: dict[str, Action]
    recs: dict[str, Recommendation]


#: What the council is owed at SEVEN_AM (worked out by hand from the rules in reminders.py).
EXPECTED_REMINDERS = {
    ("action", "A1", "before-3", "hana"),
    ("action", "A2", "overdue-2", "dev"),
    ("action", "A3", "due", "hana"),
    ("action", "A3", "due", "dev"),
    ("action", "A4", "unowned-overdue-1", "officer"),
    ("action", "A5", "escalated", "officer"),
    ("action", "A5", "monthly-4", "hana"),  # long overdue when first seen: still told once
    ("action", "A8", "unowned-before-14", "officer"),
    ("recommendation", "R1", "missed", "member"),
    ("recommendation", "R1", "missed", "officer"),
    ("recommendation", "R2", "before-14", "member"),
}
#: Overdue unfinished actions and responses past their deadline, carried to the target meeting.
EXPECTED_CARRIES = {("action", "A2"), ("action", "A3"), ("action", "A4"), ("action", "A5")} | {
    ("recommendation", "R1")
}
#: One email of the day for each person reminded: Hana, Dev, the officer and the member.
EXPECTED_MAILS = 4


def _action(session, committee, reference, due_on, posts, status="in_progress") -> Action:
    action = Action(
        description=f"Do the thing {reference} asks",
        reference=reference,
        due_on=due_on,
        status=status,
        committee=committee,
    )
    action.owner_posts = posts
    session.add(action)
    return action


@pytest.fixture
def council(session) -> Council:
    officer = UserFactory(roles=["officer"], name="Olive Officer")
    music = PostFactory(name="Head of Music Service")
    libraries = PostFactory(name="Head of Libraries")
    parks = PostFactory(name="Head of Parks")  # held only by someone who has left
    roads = PostFactory(name="Head of Roads")  # held only by someone with no email address
    hana = PostHoldingFactory(post=music, user=UserFactory(name="Hana Holder")).user
    dev = PostHoldingFactory(
        post=libraries, user=UserFactory(name="Dev Digest", reminder_mode="digest")
    ).user
    PostHoldingFactory(post=parks, user=UserFactory(name="Lee Left", active=False))
    PostHoldingFactory(post=roads, user=UserFactory(name="Nell No-Email", email=""))
    member = UserFactory(roles=["executive"], name="Catherine Gibbons")
    panel = CommitteeFactory(name="CYPS Panel")
    MeetingFactory(committee=panel, starts_at=datetime(2026, 6, 1, 17, tzinfo=UTC), status="held")
    MeetingFactory(
        committee=panel, starts_at=datetime(2026, 7, 1, 17, tzinfo=UTC), status="published"
    )
    target = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    later = MeetingFactory(committee=panel, starts_at=datetime(2026, 11, 3, 18, tzinfo=UTC))
    actions = {
        "A1": _action(session, panel, "CYPS/2026/01-A1", date(2026, 6, 18), [music]),
        "A2": _action(session, panel, "CYPS/2026/02-A1", date(2026, 6, 1), [libraries]),
        "A3": _action(session, panel, "CYPS/2026/03-A1", date(2026, 6, 10), [music, libraries]),
        "A4": _action(session, panel, "CYPS/2026/04-A1", date(2026, 6, 5), [parks]),
        "A5": _action(session, panel, "CYPS/2026/05-A1", date(2026, 1, 5), [music]),
        "A6": _action(
            session, panel, "CYPS/2026/06-A1", date(2026, 6, 1), [music], status="complete"
        ),
        "A7": _action(session, panel, "CYPS/2026/07-A1", date(2026, 12, 1), [music]),
        "A8": _action(session, panel, "CYPS/2026/08-A1", date(2026, 6, 25), [roads]),
    }
    recs = {
        "R1": Recommendation(
            committee=panel,
            text="Fund the music hubs",
            addressed_to="The Executive",
            reference="CYPS/2026/01",
            status="submitted",
            response_due_on=date(2026, 6, 1),
            responder=member,
        ),
        "R2": Recommendation(
            committee=panel,
            text="Publish the library fees",
            addressed_to="The Executive",
            reference="CYPS/2026/02",
            status="submitted",
            response_due_on=date(2026, 6, 25),
            responder=member,
        ),
    }
    session.add_all(recs.values())
    session.commit()  # other sessions (and other processes) must see it
    return Council(officer, hana, dev, member, target, later, actions, recs)


def _names(council: Council) -> tuple[dict, dict]:
    """(item_type, item_id) -> key, user id -> name in EXPECTED_REMINDERS."""
    items = {("action", a.id): key for key, a in council.actions.items()}
    items |= {("recommendation", r.id): key for key, r in council.recs.items()}
    people = {
        council.officer.id: "officer",
        council.hana.id: "hana",
        council.dev.id: "dev",
        council.member.id: "member",
    }
    return items, people


def _reminders(council: Council) -> list[tuple]:
    items, people = _names(council)
    rows = db.session.execute(
        select(Reminder.item_type, Reminder.item_id, Reminder.occasion, Reminder.recipient_id)
    ).all()
    return [(t, items[(t, i)], occasion, people[r]) for t, i, occasion, r in rows]


def _carries(council: Council) -> list[tuple]:
    items, _ = _names(council)
    rows = db.session.execute(select(Carry.meeting_id, Carry.item_type, Carry.item_id)).all()
    assert {meeting for meeting, _, _ in rows} <= {council.target.id}
    return [(t, items[(t, i)]) for _, t, i in rows]


def _counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Reminder, Carry, OutboxMessage, AgendaItem)
    }


def _tick(app, now: datetime, **kwargs) -> dict:
    """One pass, as `flask scheduler tick` runs it, in its own app context and session.

    The test's session ends its transaction first (on SQLite every transaction takes the write
    lock) and forgets what it read, so afterwards it sees what the pass committed.
    """
    db.session.commit()
    summary = run_all_jobs(app, now, **kwargs)
    db.session.expire_all()
    return summary


# --- 1. Every pass twice: nothing new the second time --------------------------------------------


def test_a_full_pass_run_again_adds_nothing(app, council, smtp):
    first = _tick(app, SEVEN_AM)
    assert first["failed_jobs"] == []
    assert first["reminders_queued"] == len(EXPECTED_REMINDERS)
    assert first["digests_queued"] == EXPECTED_MAILS
    assert first["items_rolled_over"] == len(EXPECTED_CARRIES)
    assert first["mails_delivered"] == EXPECTED_MAILS and first["mails_failed"] == 0
    assert first["jobs"]["reminders"]["unreachable"] == 2
    assert first["jobs"]["reminders"]["unreachable_examples"] == [
        "CYPS/2026/04-A1: no current post holder with an email address",
        "CYPS/2026/08-A1: no current post holder with an email address",
    ]
    assert sorted(_reminders(council)) == sorted(EXPECTED_REMINDERS)
    assert sorted(_carries(council)) == sorted(EXPECTED_CARRIES)
    # Rolled into the next unpublished meeting, as one item, and nowhere else.
    (item,) = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == council.target.id)
    )
    assert item.title == "Overdue actions and responses"
    assert (
        db.session.scalars(
            select(AgendaItem).where(AgendaItem.meeting_id == council.later.id)
        ).all()
        == []
    )
    counts, description = _counts(), item.description
    version = db.session.get(Meeting, council.target.id).version

    for now in (SEVEN_AM, SEVEN_AM + timedelta(hours=1), SEVEN_AM + timedelta(hours=16)):
        again = _tick(app, now)
        assert again["failed_jobs"] == []
        assert again["reminders_queued"] == 0 and again["digests_queued"] == 0
        assert again["items_rolled_over"] == 0 and again["items_dropped"] == 0
        assert again["mails_delivered"] == 0 and again["mails_failed"] == 0
        assert _counts() == counts
    assert db.session.get(AgendaItem, item.id).description == description
    assert db.session.get(Meeting, council.target.id).version == version  # no spurious edits
    assert len(smtp.messages) == EXPECTED_MAILS
    # Every job recorded each of its four runs.
    runs = db.session.execute(select(JobRun.job, JobRun.status)).all()
    assert sorted(runs) == sorted((job, "ok") for job in JOBS for _ in range(4))


def test_the_digest_is_one_mail_with_each_reminder_and_its_link(app, council, smtp):
    _tick(app, SEVEN_AM)
    (digest,) = [m for m in smtp.messages if m["To"] == council.dev.email]
    assert digest["Subject"] == "2 actions overdue"
    body = digest.get_body(("plain",)).get_content()
    a2, a3 = council.actions["A2"], council.actions["A3"]
    assert "CYPS/2026/02-A1, due 1 June 2026: Do the thing CYPS/2026/02-A1 asks" in body
    assert "CYPS/2026/03-A1, due 10 June 2026: Do the thing CYPS/2026/03-A1 asks" in body
    assert f"https://scrutiny.council.example/actions/{a2.id}" in body
    assert f"https://scrutiny.council.example/actions/{a3.id}" in body
    # The next day's pass has nothing new for Dev: no second digest.
    assert _tick(app, SEVEN_AM + timedelta(days=1))["digests_queued"] == 0


# --- 2. Two schedulers at once -------------------------------------------------------------------

#: Run in a separate Python process: build the app on the same database, say "ready", wait for
#: "go" on stdin so both processes start together, run one pass and print its summary as JSON.
CHILD = textwrap.dedent(
    """
    import json, sys
    from datetime import datetime

    from sqlalchemy import text

    from scrutiny import create_app
    from scrutiny.extensions import db
    from scrutiny.scheduler import JOBS, _run, run_all_jobs

    config, now, mode = json.loads(sys.argv[1]), datetime.fromisoformat(sys.argv[2]), sys.argv[3]
    app = create_app(config)
    with app.app_context():  # connect now, so both processes start their pass together
        db.session.execute(text("SELECT 1"))
        db.session.remove()
    if mode == "stall":  # do the reminders, then hang before committing them
        import scrutiny.services.jobs.reminders as service

        remind_actions = service._remind_actions

        def stalled(run):
            remind_actions(run)
            run.session.flush()
            print("halfway", flush=True)
            sys.stdin.readline()  # the parent kills this process here

        service._remind_actions = stalled
    print("ready", flush=True)
    sys.stdin.readline()
    if mode == "no-lease":  # every job in one process's session, ignoring the lease
        with app.app_context():
            jobs = {job: _run(job, now, dry_run=False) for job in JOBS}
            db.session.remove()
        summary = {
            "reminders_queued": jobs["reminders"].get("reminders_queued", 0),
            "items_rolled_over": jobs["rollover"].get("items_rolled_over", 0),
            "failed_jobs": sorted(job for job, result in jobs.items() if "error" in result),
            "jobs": jobs,
        }
    else:
        summary = run_all_jobs(app, now)
    print(json.dumps(summary), flush=True)
    """
)

#: The settings a scheduler process needs to work on the test app's database and SMTP server.
SHARED_SETTINGS = (
    "INSTANCE_PATH",
    "DATABASE_URL",
    "TESTING",
    "SECRET_KEY",
    "SCRUTINY_BASE_URL",
    "SCRUTINY_MAIL_TRANSPORT",
    "SCRUTINY_MAIL_DIR",
    "MAIL_SUPPRESS_SEND",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_DEFAULT_SENDER",
)


def _scheduler_process(app, now: datetime, mode: str) -> subprocess.Popen:
    config = {name: app.config[name] for name in SHARED_SETTINGS}
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(config), now.isoformat(), mode],
        cwd=REPOSITORY_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline()
    if line != "ready\n":
        _, err = process.communicate(timeout=60)
        raise AssertionError(f"scheduler process did not start: {line!r}\n{err}")
    return process


def _go(process: subprocess.Popen) -> None:
    process.stdin.write("go\n")
    process.stdin.flush()


def _finish(process: subprocess.Popen) -> tuple[int, dict, str]:
    out, err = process.communicate(timeout=120)
    summary = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    return process.returncode, summary, err


@pytest.mark.parametrize("mode", ["tick", "no-lease"])
def test_two_schedulers_at_once_do_everything_exactly_once(app, council, smtp, mode):
    """`tick`: two `run_all_jobs` racing for the lease. `no-lease`: both run every job anyway
    (as if a pass outlived its lease), so only the unique constraints stand between them."""
    db.session.commit()
    processes = [_scheduler_process(app, SEVEN_AM, mode) for _ in range(2)]
    for process in processes:
        _go(process)
    results = [_finish(process) for process in processes]
    failures, errors = [], []
    for code, summary, err in results:
        assert code == 0, err
        failures += [(job, summary["jobs"][job]["error"]) for job in summary.get("failed_jobs", [])]
        errors.append(err)
    summaries = [summary for _, summary, _ in results]
    if mode == "tick":  # a job the other scheduler holds is skipped, not failed
        assert all(s["failed_jobs"] == [] for s in summaries)
    assert sum(s["reminders_queued"] for s in summaries) == len(EXPECTED_REMINDERS)
    assert sum(s["items_rolled_over"] for s in summaries) == len(EXPECTED_CARRIES)

    db.session.expire_all()
    assert sorted(_reminders(council)) == sorted(EXPECTED_REMINDERS)  # one per (item, ...)
    assert sorted(_carries(council)) == sorted(EXPECTED_CARRIES)  # one per (meeting, item)
    keys = db.session.scalars(select(OutboxMessage.dedupe_key)).all()
    assert len(keys) == len(set(keys)) == EXPECTED_MAILS
    # One overdue item on the agenda, however many passes carried things to it.
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == council.target.id)
    ).all()
    assert [i.title for i in items] == ["Overdue actions and responses"]
    # Each message was delivered by exactly one of the two processes.
    assert len(smtp.messages) == EXPECTED_MAILS
    assert db.session.scalar(select(SchedulerLease)) is None  # both let the lease go
    assert failures == [], errors


def test_a_job_finishing_keeps_the_lease_another_job_of_this_process_is_running_under(app):
    assert acquire_lease("rollover")  # this process's 06:00 roll-over is under way ...
    assert "skipped" not in run_job(app, "mail-flush", SEVEN_AM)  # ... its mail-flush runs ...
    other = "another-host:1:00000000"
    try:
        assert not acquire_lease("rollover", other)  # ... and another scheduler stays idle
    finally:
        release_lease("rollover", other)
        release_lease("rollover")


def test_a_live_scheduler_on_this_host_keeps_its_lease_and_a_dead_one_loses_it_at_once(app):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    holder = f"{socket.gethostname()}:{sleeper.pid}:0000aaaa"
    try:
        assert acquire_lease("rollover", holder)
        assert not acquire_lease("rollover")  # its process is alive: stay idle
        sleeper.kill()
        sleeper.wait(timeout=60)
        assert acquire_lease("rollover")  # its process is gone: take over before expiry
        assert db.session.scalar(select(SchedulerLease.holder)) == HOLDER
    finally:
        sleeper.kill()
        release_lease("rollover")


# --- 3. A pass that fails, or is killed, halfway ----------------------------------------------


def test_a_job_failing_halfway_commits_nothing_and_the_rerun_does_it_once(
    app, council, smtp, monkeypatch, caplog
):
    def half_done(run):
        raise RuntimeError("database went away")

    # The reminders job queues the action reminders, then fails on the recommendations.
    monkeypatch.setattr(reminders, "_remind_responses", half_done)
    with caplog.at_level(logging.ERROR, logger="scrutiny.scheduler"):
        failed = _tick(app, SEVEN_AM)
    assert failed["failed_jobs"] == ["reminders"]
    assert failed["jobs"]["reminders"] == {"error": "database went away"}
    assert "scheduled job reminders failed" in caplog.text
    # The other jobs carried on.
    assert failed["items_rolled_over"] == len(EXPECTED_CARRIES)
    assert failed["jobs"]["mail-flush"] == {"delivered": 0, "failed": 0, "gave_up": 0}
    run = db.session.scalar(select(JobRun).where(JobRun.job == "reminders"))
    assert run.status == "failed" and run.as_at == SEVEN_AM
    assert "RuntimeError: database went away" in run.error
    statuses = db.session.execute(select(JobRun.job, JobRun.status)).all()
    assert sorted(statuses) == [
        ("housekeeping", "ok"),
        ("mail-flush", "ok"),
        ("reminders", "failed"),
        ("rollover", "ok"),
    ]
    # Nothing of the failed job was kept: no reminders, no mail.
    assert _counts()[Reminder.__tablename__] == 0
    assert _counts()[OutboxMessage.__tablename__] == 0
    assert db.session.scalar(select(SchedulerLease)) is None

    monkeypatch.undo()
    rerun = _tick(app, SEVEN_AM + timedelta(minutes=5))
    assert rerun["failed_jobs"] == []
    assert rerun["reminders_queued"] == len(EXPECTED_REMINDERS)
    assert rerun["items_rolled_over"] == 0
    assert rerun["mails_delivered"] == EXPECTED_MAILS
    assert sorted(_reminders(council)) == sorted(EXPECTED_REMINDERS)
    assert sorted(_carries(council)) == sorted(EXPECTED_CARRIES)
    assert _tick(app, SEVEN_AM + timedelta(minutes=10))["reminders_queued"] == 0
    assert len(smtp.messages) == EXPECTED_MAILS


def test_the_cli_reports_a_failed_job_and_exits_non_zero(app, council, smtp, monkeypatch):
    def broken(session, now):
        raise ValueError("no such agenda")

    monkeypatch.setitem(JOBS, "rollover", (broken, JOBS["rollover"][1]))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["scheduler", "tick", "--now", "2026-06-15T07:00"])
    assert result.exit_code == 1
    summary = json.loads(result.output)
    assert summary["failed_jobs"] == ["rollover"]
    assert summary["reminders_queued"] == len(EXPECTED_REMINDERS)  # the others carried on
    assert summary["mails_delivered"] == EXPECTED_MAILS


def test_a_scheduler_killed_mid_pass_leaves_no_half_work_and_the_next_pass_takes_over(
    app, council, smtp, clock
):
    db.session.commit()
    process = _scheduler_process(app, SEVEN_AM, "stall")
    _go(process)
    assert process.stdout.readline() == "halfway\n"  # reminders written, not committed
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL

    db.session.expire_all()
    # The roll-over committed before the reminders began; the reminders died with the process.
    assert sorted(_carries(council)) == sorted(EXPECTED_CARRIES)
    assert _counts()[Reminder.__tablename__] == 0
    assert _counts()[OutboxMessage.__tablename__] == 0
    runs = db.session.execute(select(JobRun.job, JobRun.status)).all()
    assert runs == [("rollover", "ok")]
    # The dead scheduler's lease is still on record, unexpired ...
    lease = db.session.scalar(select(SchedulerLease))
    assert lease is not None and lease.holder.split(":")[1] == str(process.pid)
    assert lease.expires_at > clock.now
    # ... but its process is gone, so the very next pass takes over and finishes the work, once.
    rerun = _tick(app, SEVEN_AM + timedelta(minutes=1))
    assert rerun["failed_jobs"] == [] and rerun["skipped_jobs"] == []
    assert rerun["reminders_queued"] == len(EXPECTED_REMINDERS)
    assert rerun["items_rolled_over"] == 0
    assert sorted(_reminders(council)) == sorted(EXPECTED_REMINDERS)
    assert sorted(_carries(council)) == sorted(EXPECTED_CARRIES)
    assert len(smtp.messages) == EXPECTED_MAILS


# --- 4. The clocks change ------------------------------------------------------------------------


def _fire_times(trigger, start: datetime, end: datetime) -> list[datetime]:
    times, moment = [], start
    while (fire := trigger.get_next_fire_time(None, moment)) is not None and fire < end:
        times.append(fire)
        moment = fire + timedelta(seconds=1)
    return times


@pytest.mark.parametrize(
    ("first", "sunday", "hours_ahead_of_utc"),
    [
        # The clocks go forward at 01:00 GMT on Sunday 29 March 2026 ...
        (date(2026, 3, 27), date(2026, 3, 29), [0, 0, 1, 1, 1]),
        # ... and back at 02:00 BST on Sunday 25 October 2026.
        (date(2026, 10, 23), date(2026, 10, 25), [1, 1, 0, 0, 0]),
    ],
)
def test_each_daily_job_runs_once_a_day_at_its_london_time_across_a_clock_change(
    app, first, sunday, hours_ahead_of_utc
):
    assert sunday.weekday() == 6 and (sunday + timedelta(days=7)).month != sunday.month
    scheduler = build_scheduler(app, blocking=False)  # not started: only its triggers are read
    start = datetime.combine(first, datetime.min.time(), LONDON)
    days = [first + timedelta(days=n) for n in range(5)]
    for job_id, local_hour in (("rollover", 6), ("reminders", 7)):
        times = _fire_times(scheduler.get_job(job_id).trigger, start, start + timedelta(days=5))
        assert [t.astimezone(LONDON).date() for t in times] == days  # once a day, no more
        assert {t.astimezone(LONDON).strftime("%H:%M") for t in times} == {f"{local_hour:02}:00"}
        # 07:00 London is 06:00 UTC in summer time and 07:00 UTC in winter.
        assert [t.astimezone(UTC).hour for t in times] == [
            local_hour - ahead for ahead in hours_ahead_of_utc
        ]


def test_the_reminders_fired_across_the_spring_change_are_owed_on_the_right_london_day(
    app, session, smtp
):
    post = PostFactory()
    holder = PostHoldingFactory(post=post, user=UserFactory()).user
    action = _action(session, CommitteeFactory(), "CYPS/2026/09-A1", date(2026, 3, 29), [post])
    session.commit()
    trigger = build_scheduler(app, blocking=False).get_job("reminders").trigger
    start = datetime(2026, 3, 27, tzinfo=LONDON)
    for fire in _fire_times(trigger, start, start + timedelta(days=5)):
        assert _tick(app, fire.astimezone(UTC))["failed_jobs"] == []
    rows = session.execute(
        select(Reminder.occasion, Reminder.created_at, Reminder.recipient_id).where(
            Reminder.item_id == action.id
        )
    ).all()
    assert sorted((o, c.astimezone(LONDON).isoformat(), r) for o, c, r in rows) == [
        ("before-3", "2026-03-27T07:00:00+00:00", holder.id),
        ("due", "2026-03-29T07:00:00+01:00", holder.id),
    ]


# --- 5. flask scheduler tick -----------------------------------------------------------------


def test_a_dry_run_prints_what_a_real_tick_would_do_and_changes_nothing(app, council, smtp):
    runner = app.test_cli_runner()
    db.session.commit()
    dry = runner.invoke(args=["scheduler", "tick", "--dry-run", "--now", "2026-06-15T07:00"])
    assert dry.exit_code == 0, dry.output
    dry_summary = json.loads(dry.output)
    assert dry_summary["dry_run"] is True
    assert dry_summary["now"] == SEVEN_AM.isoformat()  # 07:00 London is 06:00 UTC in June
    assert "mail-flush" not in dry_summary["jobs"] and smtp.messages == []
    db.session.expire_all()
    counts = {**_counts(), "job_runs": db.session.scalar(select(func.count(JobRun.id)))}
    assert counts == {"reminders": 0, "carries": 0, "outbox_messages": 0, "agenda_items": 0} | {
        "job_runs": 0
    }
    assert db.session.scalar(select(SchedulerLease)) is None
    db.session.commit()

    real = runner.invoke(args=["scheduler", "tick", "--now", "2026-06-15T07:00"])
    assert real.exit_code == 0, real.output
    real_summary = json.loads(real.output)
    assert real_summary["dry_run"] is False
    counted = ("reminders_queued", "digests_queued", "items_rolled_over", "items_dropped")
    assert {k: dry_summary[k] for k in counted} == {k: real_summary[k] for k in counted}
    assert real_summary["reminders_queued"] == len(EXPECTED_REMINDERS)
    assert real_summary["items_rolled_over"] == len(EXPECTED_CARRIES)
    assert dry_summary["jobs"]["reminders"] == real_summary["jobs"]["reminders"]
    assert dry_summary["jobs"]["rollover"] == real_summary["jobs"]["rollover"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--now"], "Option '--now' requires an argument"),
        (["--dry-run", "--now"], "Option '--now' requires an argument"),
        (["--now", "2026-02-30T07:00"], "is not an ISO date and time"),
        (["--now", "07:00"], "is not an ISO date and time"),
    ],
)
def test_tick_refuses_a_missing_or_invalid_now(app, args, message):
    result = app.test_cli_runner().invoke(args=["scheduler", "tick", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert db.session.scalar(select(func.count(JobRun.id))) == 0


# --- 6. Delivery to a real SMTP server -----------------------------------------------------------


@pytest.fixture
def owned(session):
    post = PostFactory(name="Head of Music Service")
    holder = PostHoldingFactory(post=post, user=UserFactory(name="Hana Holder")).user
    action = _action(session, CommitteeFactory(), "CYPS/2026/01-A1", date(2026, 6, 18), [post])
    session.commit()
    return action, holder


def test_a_tick_queues_the_reminder_and_delivers_it_in_the_same_pass(app, owned, smtp):
    action, holder = owned
    summary = _tick(app, SEVEN_AM)
    assert summary["reminders_queued"] == 1 and summary["mails_delivered"] == 1
    (message,) = smtp.messages
    assert message["To"] == holder.email
    assert message["Subject"] == "1 action due this week"
    body = message.get_body(("plain",)).get_content()
    assert "CYPS/2026/01-A1, due 18 June 2026: Do the thing" in body
    assert f"https://scrutiny.council.example/actions/{action.id}" in body
    reminder = db.session.scalar(select(Reminder))
    assert db.session.get(OutboxMessage, reminder.outbox_id).status == "sent"


def test_with_smtp_down_the_outbox_keeps_the_reminder_until_a_later_tick_delivers_it(
    app, owned, smtp_down
):
    action, holder = owned
    first = _tick(app, SEVEN_AM)
    assert first["reminders_queued"] == 1
    assert first["mails_delivered"] == 0 and first["mails_failed"] == 1
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    assert message.next_attempt_at == SEVEN_AM + backoff(1)

    smtp_down.start()
    early = _tick(app, SEVEN_AM + backoff(1) - timedelta(seconds=1))  # still backing off
    assert early["mails_delivered"] == 0 and early["mails_failed"] == 0
    assert smtp_down.messages == []
    later = _tick(app, SEVEN_AM + backoff(1))
    assert later["reminders_queued"] == 0  # the reminder is not queued again ...
    assert later["mails_delivered"] == 1  # ... the kept message goes out
    (received,) = smtp_down.messages
    assert received["To"] == holder.email
    assert f"/actions/{action.id}" in received.get_body(("plain",)).get_content()
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "sent" and message.attempts == 2 and message.last_error is None


# --- Cost grows with the items due, not with all the actions -------------------------------------


def _bulk_actions(session, committee_id: int, post_ids: list[int], count: int, due: int) -> None:
    """`count` actions, the first `due` of them due or overdue at TODAY, the rest due far ahead
    or complete; each owned by one of `post_ids`."""
    rows = []
    for n in range(count):
        if n < due:  # from 40 days overdue to 14 days ahead
            due_on, status = TODAY + timedelta(days=n % 55 - 40), "in_progress"
        elif n % 2:
            due_on, status = TODAY + timedelta(days=60 + n % 500), "not_started"
        else:
            due_on, status = TODAY - timedelta(days=1 + n % 700), "complete"
        rows.append(
            {
                "description": f"Bulk action {n}",
                "reference": f"BULK/{n}",
                "due_on": due_on,
                "status": status,
                "committee_id": committee_id,
                "version": 1,
                "created_at": SEVEN_AM,
                "updated_at": SEVEN_AM,
            }
        )
    ids = session.scalars(insert(Action).returning(Action.id, sort_by_parameter_order=True), rows)
    session.execute(
        insert(action_owner_posts),
        [{"action_id": i, "post_id": post_ids[i % len(post_ids)]} for i in ids],
    )
    session.commit()


def _statements(work) -> tuple[int, dict]:
    """How many SQL statements `work(session, SEVEN_AM)` sends; its changes are rolled back."""
    sent = 0

    def count(*args):
        nonlocal sent
        sent += 1

    db.session.commit()  # so each measurement starts its own transaction
    engine = db.session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = work(db.session, SEVEN_AM)
    finally:
        event.remove(engine, "before_cursor_execute", count)
        db.session.rollback()
    return sent, result


def test_a_pass_costs_the_same_queries_with_four_times_the_actions(session):
    officer = UserFactory(roles=["officer"])
    posts = [PostHoldingFactory(user=UserFactory()).post for _ in range(5)]
    panel = CommitteeFactory()
    MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    assert officer.id
    post_ids = [p.id for p in posts]

    _bulk_actions(session, panel.id, post_ids, 5_000, due=100)
    small = _statements(reminders.send_reminders), _statements(rollover.roll_over)
    _bulk_actions(session, panel.id, post_ids, 15_000, due=0)  # 20,000 in all, 100 still due
    assert session.scalar(select(func.count(Action.id))) == 20_000
    large = _statements(reminders.send_reminders), _statements(rollover.roll_over)

    (small_reminders, reminded), (small_rollover, rolled) = small
    # 88 reminders to owners; the 12 actions past the weekly chasers give the officer a row
    # each and tell their owners once, as no one has told them before.
    assert reminded["reminders_queued"] == 112 and rolled["items_rolled_over"] == 80
    assert large[0] == (small_reminders, reminded)
    assert large[1] == (small_rollover, rolled)
