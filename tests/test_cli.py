"""Operator commands: creating users, loading the demo council, delivering mail."""

import json

import pytest
from werkzeug.security import check_password_hash

from scrutiny.demo import council as demo
from scrutiny.extensions import db
from scrutiny.models import Committee, Membership, Post, User
from tests.factories import UserFactory


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def test_users_create_reads_the_password_from_stdin(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Brent.Cross@council.example",
            "--name",
            "Brent Cross",
            "--role",
            "officer",
            "--role",
            "councillor",
            "--password-stdin",
        ],
        input="a very long password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created brent.cross@council.example (councillor, officer)" in result.output
    user = db.session.query(User).one()
    assert check_password_hash(user.password_hash, "a very long password")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not-an-email", "--name", "X", "--role", "officer"], "Enter a valid email address"),
        (["x@council.example", "--name", "X", "--role", "mayor"], "Unknown role 'mayor'"),
        (["taken@council.example", "--name", "X", "--role", "officer"], "already exists"),
    ],
)
def test_users_create_fails_clearly_on_bad_input(runner, args, message):
    UserFactory(email="taken@council.example")
    before = db.session.query(User).count()
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.query(User).count() == before


def test_demo_load_builds_the_cyps_panel_and_is_idempotent(runner):
    first = runner.invoke(args=["demo", "load", "--as-of", "2026-12-02"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["logins"] == 5
    panel = db.session.query(Committee).filter_by(slug="cyps-panel").one()
    assert panel.minute_prefix == "CAY"
    roles = {(m.user.name, m.role, m.representing) for m in panel.memberships}
    assert ("Wendy Griggs", "chairman", None) in roles
    assert ("Donald Davies", "vice_chairman", None) in roles
    assert ("Claire Hudson", "added_member", "Church of England Representative") in roles
    assert ("Fiona Waters", "right_to_speak", "Weston College") in roles
    assert db.session.query(Post).filter_by(name="Principal Social Worker").count() == 1
    counts = (db.session.query(User).count(), db.session.query(Membership).count())

    second = runner.invoke(args=["demo", "load", "--as-of", "2027-01-20"])
    assert second.exit_code == 0
    assert set(json.loads(second.stdout).values()) == {0}
    assert "already loaded (its last panel meeting was on 29 October 2026)" in second.stderr
    assert "nothing changed" in second.stderr
    assert (db.session.query(User).count(), db.session.query(Membership).count()) == counts


def test_demo_logins_lists_one_sign_in_per_role(runner):
    output = runner.invoke(args=["demo", "logins"]).output
    assert demo.DEMO_PASSWORD in output
    for role in ("admin", "officer", "councillor", "owner", "executive"):
        assert f"{role}@example.org" in output


def test_demo_users_can_sign_in(runner, client):
    runner.invoke(args=["demo", "load"])
    response = client.post(
        "/sign-in",
        data={"email": "officer@example.org", "password": demo.DEMO_PASSWORD},
        follow_redirects=True,
    )
    assert "Democratic services" in response.get_data(as_text=True)


def test_scheduler_tick_delivers_due_mail_and_prints_a_summary(runner, smtp, session, clock):
    from scrutiny.services.core.mail import queue_mail

    queue_mail(
        session,
        dedupe_key="t:1",
        recipient="a@council.example",
        subject="Hello",
        template="password_reset",
        now=clock.now,
        user=UserFactory(),
        link="https://x.example/r",
        hours=1,
    )
    session.commit()
    result = runner.invoke(args=["scheduler", "tick", "--now", "2026-06-15T10:30"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["mails_delivered"] == 1 and summary["mails_failed"] == 0
    assert summary["jobs"]["mail-flush"] == {"delivered": 1, "failed": 0, "gave_up": 0}
    assert summary["reminders_queued"] == 0 and summary["items_rolled_over"] == 0
    assert len(smtp.messages) == 1


def test_scheduler_tick_refuses_a_now_it_cannot_read(runner):
    result = runner.invoke(args=["scheduler", "tick", "--now", "next tuesday"])
    assert result.exit_code == 2
    assert "is not an ISO date and time, like 2023-03-01T09:00" in result.output


def test_mail_flush_command_reports_failures_when_smtp_is_down(runner, session, clock, smtp_down):
    from scrutiny.services.core.mail import queue_mail

    queue_mail(
        session,
        dedupe_key="t:2",
        recipient="a@council.example",
        subject="Hello",
        template="password_reset",
        now=clock.now,
        user=UserFactory(),
        link="https://x.example/r",
        hours=1,
    )
    session.commit()
    result = runner.invoke(args=["mail", "flush"])
    assert json.loads(result.output) == {"delivered": 0, "failed": 1, "gave_up": 0}


@pytest.fixture
def served(app, monkeypatch):
    """Run `flask serve` without serving: record how the server and scheduler were started."""
    import werkzeug.serving

    import scrutiny.scheduler

    calls = {}

    class Scheduler:
        def start(self):
            calls["scheduler"] = True

    monkeypatch.setattr(werkzeug.serving, "run_simple", lambda *a, **kw: calls.update(kw))
    monkeypatch.setattr(scrutiny.scheduler, "build_scheduler", lambda *a, **kw: Scheduler())
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    yield calls
    app.debug = False


def test_serve_never_runs_the_debugger_unless_asked(runner, served, app):
    result = runner.invoke(args=["serve"])
    assert result.exit_code == 0, result.output
    assert served["use_debugger"] is False
    assert served["use_reloader"] is False
    assert served["scheduler"] is True
    assert app.debug is False


def test_serve_runs_the_debugger_when_asked_by_flag_or_environment(runner, served, monkeypatch):
    assert runner.invoke(args=["serve", "--debug"]).exit_code == 0
    assert served["use_debugger"] is True and served["use_reloader"] is True
    assert "scheduler" not in served  # started in the reloader's child, not its watcher
    served.clear()
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert runner.invoke(args=["serve"]).exit_code == 0
    assert served["use_debugger"] is True


def test_serve_refuses_the_debugger_on_a_network_address(runner, served):
    result = runner.invoke(args=["serve", "--debug", "--host", "192.0.2.10"])
    assert result.exit_code != 0
    assert "The debugger is for this computer only" in result.output
    assert "use_debugger" not in served
