"""Nightly housekeeping: used once-only form tokens are forgotten after a month, and only the
old ones are read to do it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from scrutiny.extensions import db
from scrutiny.models.idempotency import FormSubmission
from scrutiny.scheduler import JOBS, run_all_jobs
from scrutiny.services.jobs.housekeeping import prune_form_tokens

NIGHT = datetime(2026, 12, 3, 3, 30, tzinfo=UTC)


def _sent(token: str, days_ago: float) -> None:
    db.session.add(
        FormSubmission(token=token, url="/plans/1", created_at=NIGHT - timedelta(days=days_ago))
    )


def test_tokens_sent_more_than_a_month_ago_are_forgotten_and_newer_ones_kept(app):
    _sent("a" * 32, 31)
    _sent("b" * 32, 30.01)
    _sent("c" * 32, 29.9)
    _sent("d" * 32, 0)
    db.session.commit()
    summary = run_all_jobs(app, NIGHT)
    assert summary["jobs"]["housekeeping"] == {"form_tokens_pruned": 2, "older_than_days": 30}
    db.session.expire_all()
    assert sorted(db.session.scalars(select(FormSubmission.token))) == ["c" * 32, "d" * 32]


def test_the_month_is_a_setting(app):
    _sent("a" * 32, 8)
    _sent("b" * 32, 6)
    db.session.commit()
    app.config["SCRUTINY_FORM_TOKEN_DAYS"] = 7
    try:
        assert prune_form_tokens(db.session, NIGHT)["form_tokens_pruned"] == 1
    finally:
        app.config["SCRUTINY_FORM_TOKEN_DAYS"] = 30
    assert list(db.session.scalars(select(FormSubmission.token))) == ["b" * 32]


def test_it_runs_nightly_at_its_setting(app):
    _, cron = JOBS["housekeeping"]
    assert cron(app) == {"hour": 3, "minute": 30}


def test_only_old_tokens_are_read_through_the_index(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the plan is read with SQLite's EXPLAIN QUERY PLAN")
    plan = db.session.execute(
        text("EXPLAIN QUERY PLAN DELETE FROM form_submissions WHERE created_at < :cutoff"),
        {"cutoff": "2026-11-03 03:30:00"},
    ).all()
    assert any("USING INDEX ix_form_submissions_created_at" in row[-1] for row in plan), plan
