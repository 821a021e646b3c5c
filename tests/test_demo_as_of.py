"""The demo built around three as-of days: every role has work on its home page, and the
statutory state is consistent (no missed publication deadline, no clock before its submission)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from scrutiny.demo import council as demo
from scrutiny.extensions import db
from scrutiny.models import Meeting, MeetingStatus, Recommendation, TaskGroup
from scrutiny.services.core import clocks
from scrutiny.services.meetings import meetings

DAYS = [date(2026, 12, 2), date(2027, 8, 12), date(2026, 12, 23)]


def _load(day: date):
    moment = datetime.combine(day, time(9), tzinfo=clocks.local_zone()).astimezone(UTC)
    clocks.set_clock(lambda: moment)
    demo.load_demo(db.session, moment)
    db.session.commit()
    return moment


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_demo_is_mid_cycle_and_statutorily_consistent(app, day):
    try:
        now = _load(day)
        panel_meetings = db.session.scalars(select(Meeting).order_by(Meeting.starts_at)).all()
        last, upcoming = panel_meetings[0], panel_meetings[1]
        assert last.status == MeetingStatus.MINUTES_DRAFT
        assert 30 <= (day - clocks.to_local(last.starts_at).date()).days <= 45
        assert upcoming.status == MeetingStatus.DRAFT and upcoming.published_at is None
        # No trap: no meeting is held without minutes (it could only be minuted out of order).
        assert MeetingStatus.HELD not in {m.status for m in panel_meetings}
        assert 10 <= (clocks.to_local(upcoming.starts_at).date() - day).days <= 24
        for meeting in panel_meetings[1:]:
            assert meeting.starts_at > now and meetings.deadline_for(meeting) > day
        recs = db.session.scalars(select(Recommendation).order_by(Recommendation.id)).all()
        for rec in recs:
            assert rec.submission.submitted_on <= day
            assert rec.submission.received_on >= rec.submission.submitted_on
            assert rec.response_due_on > rec.submission.received_on
        assert recs[0].status == "in_progress" and recs[1].response is None
        assert recs[1].response_due_on > day > recs[2].response_due_on  # one overdue
        assert {g.status for g in db.session.scalars(select(TaskGroup))} == {
            "active",
            "reporting",
        }
        assert all(d <= day for d in [recs[0].response.responded_on])
    finally:
        clocks.set_clock(None)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_role_has_something_to_do_on_first_sign_in(app, client, day):
    try:
        _load(day)
        for email, _name, roles in demo.DEMO_LOGINS:
            client.post("/sign-out")
            client.post("/sign-in", data={"email": email, "password": demo.DEMO_PASSWORD})
            page = client.get("/dashboard").get_data(as_text=True)
            assert EXPECTED[roles[0]] in page, (email, day)
    finally:
        clocks.set_clock(None)


def test_loading_on_a_later_day_leaves_the_demo_alone(app):
    try:
        _load(DAYS[0])
        count = db.session.query(Meeting).count()
        later = _load(DAYS[0] + timedelta(days=30))
        assert set(demo.load_demo(db.session, later).values()) == {0}
        assert db.session.query(Meeting).count() == count
    finally:
        clocks.set_clock(None)


EXPECTED = {
    "admin": "Sindy Dube",
    "officer": "Children and Young People",
    "councillor": "Children and Young People",
    "owner": "SP1/",
    "executive": "CAY/",
}


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_reports_were_issued_on_the_last_full_quarter(app, day):
    from scrutiny.models import PlanReport
    from scrutiny.services.plans.plan_report_data import last_full_quarter

    try:
        _load(day)
        quarter = last_full_quarter(day)
        reports = {r.kind: r for r in db.session.scalars(select(PlanReport))}
        assert set(reports) == {"highlight", "summary"}
        for report in reports.values():
            assert (report.period_start, report.period_end) == (quarter.start, quarter.end)
            assert report.state == "issued"
            assert quarter.end < clocks.to_local(report.issued_at).date() < day
            assert report.snapshot["period"]["start"] == quarter.start.isoformat()
            assert report.snapshot["trend"] in {"improving", "stable", "declining"}
        data = reports["highlight"].snapshot
        assert data["achievements"] and data["slippage"] and data["milestones"]
        assert all(
            quarter.contains(date.fromisoformat(a["completed_on"])) for a in data["achievements"]
        )
        assert any(r["reason"] for r in data["due_revisions"])
        assert all(
            quarter.next().contains(date.fromisoformat(m["due_on"])) for m in data["milestones"]
        )
        assert data["indicators"] and all(k["direction"] for k in data["indicators"])
        (row,) = reports["summary"].snapshot["plans"]
        assert row["achievements"] and row["slippage"] and row["milestones"] and row["trend"]
    finally:
        clocks.set_clock(None)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_a_handful_of_actions_are_overdue_by_days_or_weeks_and_some_due_soon(app, day):
    from scrutiny.models import Action

    try:
        _load(day)
        plan_actions = db.session.scalars(select(Action).where(Action.plan_id.is_not(None))).all()
        overdue = [a for a in plan_actions if a.is_overdue(day)]
        assert 2 <= len(overdue) <= 6
        assert all((day - a.due_on).days <= 42 for a in overdue)
        open_dated = [a for a in plan_actions if a.is_open and a.due_on is not None]
        assert any(day < a.due_on <= day + timedelta(days=14) for a in open_dated)
        # Recurring ones have an update due: this month's or next month's return.
        monthly = [a for a in open_dated if a.recurrence == "monthly"]
        assert monthly and all(a.due_on <= day + timedelta(days=62) for a in monthly)
    finally:
        clocks.set_clock(None)
