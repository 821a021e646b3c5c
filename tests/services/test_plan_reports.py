"""Highlight reports and executive summaries: what the data puts in each section, drafts edited,
issued reports frozen."""

from datetime import UTC, date, datetime

import pytest

from scrutiny.services.actions import actions
from scrutiny.services.core.errors import ConcurrentEditError, DomainError
from scrutiny.services.plans import plan_report_data, plan_reports, plans
from tests.factories import CommitteeFactory, PostFactory, UserFactory

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 9, tzinfo=UTC)
#: April and May 2026; the previous period is 30 January to 31 March, the next June and July.
START, END = date(2026, 4, 1), date(2026, 5, 31)


def _plan(session, title="Children's Support and Safeguarding Service Plan"):
    plan = plans.create_plan(
        session,
        title=title,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        service="Children's Support and Safeguarding",
        committee_id=CommitteeFactory().id,
    )
    plans.add_priority(session, plan, title="Fundamental 1 – Seeing and Hearing")
    return plan


def _add(session, plan, description, due_text):
    return plans.add_action(
        session,
        plan,
        plan.priorities[0],
        description=description,
        post_ids=[PostFactory().id],
        due_text=due_text,
        today=date(2026, 1, 5),
    )


def _update(session, action, rag, when, narrative="Progress", next_steps=""):
    return actions.record_update(
        session, action, rag=rag, narrative=narrative, next_steps=next_steps, due_on=None,
        user=UserFactory(), now=when, expected_version=None,
    )  # fmt: skip


@pytest.fixture
def plan(session):
    return _plan(session)


@pytest.fixture
def story(session, plan):
    """Five actions whose updates fall before, in and after the period."""
    done = _add(session, plan, "Family group conferencing fully staffed", "30/04/2026")
    done_before = _add(session, plan, "Strategic manager appointed", "31/03/2026")
    late = _add(session, plan, "Recruit psychologists", "31/05/2026")
    soon = _add(session, plan, "Teenage strategy drafted", "15/07/2026")
    later = _add(session, plan, "Recruitment fair", "December 2026")
    _update(session, late, "red", datetime(2026, 3, 10, 10, tzinfo=UTC), "No applicants")
    _update(session, done_before, "blue", datetime(2026, 3, 15, 10, tzinfo=UTC), "Appointed")
    # 00:30 on 1 April in London (British Summer Time): inside the period.
    _update(session, done, "blue", datetime(2026, 3, 31, 23, 30, tzinfo=UTC), "Conferences run")
    _update(
        session, late, "amber", datetime(2026, 5, 10, 10, tzinfo=UTC),
        "Poor response to the advertisement", next_steps="Re-advertise with a market supplement",
    )  # fmt: skip
    return {"done": done, "done_before": done_before, "late": late, "soon": soon, "later": later}


def test_sections_are_picked_by_dates(session, plan, story):
    data = plan_report_data.gather_highlight(session, plan, START, END, TODAY)

    assert [a["description"] for a in data["achievements"]] == [
        "Family group conferencing fully staffed"
    ]
    assert data["achievements"][0]["narrative"] == "Conferences run"
    assert data["achievements"][0]["completed_label"] == "1 April 2026"

    assert [a["description"] for a in data["slippage"]] == ["Recruit psychologists"]
    slip = data["slippage"][0]
    assert slip["narrative"] == "Poor response to the advertisement"
    assert slip["remedial"] == "Re-advertise with a market supplement"
    assert slip["days_overdue"] == 15

    assert [(m["description"], m["planned_completion"]) for m in data["milestones"]] == [
        ("Teenage strategy drafted", "15 July 2026")
    ]
    assert [a["next_steps"] for a in data["next_actions"]] == [
        "Re-advertise with a market supplement"
    ]
    assert data["overall_rag"] == "red"  # an open action is overdue
    assert data["trend"] == "improving"  # (red, blue) before; (blue, amber) now
    assert data["next_period"]["label"] == "1 June 2026 to 31 July 2026"
    [priority] = data["by_priority"]
    assert priority["counts"] == {
        "red": 0, "amber": 1, "green": 0, "blue": 2, "none": 2, "overdue": 1, "total": 5,
    }  # fmt: skip
    assert data["reason"] == (
        "Of 5 actions: 2 complete, 1 at risk (amber) and 2 not yet updated. "
        "1 is overdue (Fundamental 1 – Seeing and Hearing)."
    )


def test_overall_status_is_blue_when_everything_is_done_and_green_without_problems(session, plan):
    first = _add(session, plan, "One", "December 2026")
    second = _add(session, plan, "Two", "December 2026")
    _update(session, first, "green", datetime(2026, 4, 2, tzinfo=UTC))
    _update(session, second, "green", datetime(2026, 4, 3, tzinfo=UTC))
    data = plan_report_data.gather_highlight(session, plan, START, END, TODAY)
    assert (data["overall_rag"], data["trend"]) == ("green", None)  # nothing before to compare
    _update(session, first, "blue", datetime(2026, 5, 2, tzinfo=UTC))
    _update(session, second, "blue", datetime(2026, 5, 3, tzinfo=UTC))
    data = plan_report_data.gather_highlight(session, plan, START, END, TODAY)
    assert data["overall_rag"] == "blue"


def test_a_draft_is_prefilled_and_its_narrative_can_be_edited(session, plan, story):
    officer = UserFactory(roles=["officer"])
    report = plan_reports.create_highlight(session, plan, START, END, officer, NOW)
    assert report.state == "draft" and report.overall_rag == "red"
    assert report.narrative["reason"].startswith("Of 5 actions")
    assert report.narrative["risks"] == report.narrative["decisions_required"] == ""
    plan_reports.update_narrative(
        report,
        {"risks": "  Recruitment remains fragile ", "decisions_required": "Prioritise CLA"},
        report.version,
    )
    session.flush()
    assert report.narrative["risks"] == "Recruitment remains fragile"
    assert report.narrative["decisions_required"] == "Prioritise CLA"
    assert report.narrative["reason"].startswith("Of 5 actions")  # untouched


def test_a_stale_edit_is_refused(session, plan, story):
    report = plan_reports.create_highlight(session, plan, START, END, UserFactory(), NOW)
    seen = report.version
    plan_reports.update_narrative(report, {"risks": "First officer's words"}, seen)
    session.flush()
    with pytest.raises(ConcurrentEditError, match="Someone else changed this report"):
        plan_reports.update_narrative(report, {"risks": "Second officer's words"}, seen)
    assert report.narrative["risks"] == "First officer's words"
    with pytest.raises(ConcurrentEditError):
        plan_reports.issue(session, report, UserFactory(), NOW, expected_version=seen)
    assert report.state == "draft"


def test_the_period_must_end_on_or_after_it_starts(session, plan):
    with pytest.raises(DomainError, match="on or after its start") as error:
        plan_reports.create_highlight(session, plan, END, START, UserFactory(), NOW)
    assert error.value.field == "period_end"


def test_an_issued_report_is_frozen_even_when_the_actions_change(session, plan, story):
    officer = UserFactory()
    report = plan_reports.create_highlight(session, plan, START, END, officer, NOW)
    plan_reports.update_narrative(report, {"risks": "Placement stability"}, report.version)
    plan_reports.issue(session, report, officer, NOW, expected_version=report.version)
    assert (report.state, report.issued_at, report.issued_by_id) == ("issued", NOW, officer.id)
    assert report.snapshot["period"] == {
        "start": "2026-04-01", "end": "2026-05-31", "label": "1 April 2026 to 31 May 2026",
    }  # fmt: skip
    issued = plan_reports.report_data(session, report, TODAY)

    # Afterwards the late action is completed, one is renamed and a new one added.
    _update(session, story["late"], "blue", datetime(2026, 5, 20, tzinfo=UTC), "Recruited")
    story["soon"].description = "Teenage strategy (renamed)"
    _add(session, plan, "A new action", "1/6/2026")
    session.flush()
    session.expire_all()

    live = plan_report_data.gather_highlight(session, plan, START, END, date(2026, 7, 1))
    assert live["slippage"][0]["description"] == "A new action"
    again = plan_reports.report_data(session, report, date(2026, 7, 1))
    assert again == issued
    assert [s["description"] for s in again["slippage"]] == ["Recruit psychologists"]
    assert again["milestones"][0]["description"] == "Teenage strategy drafted"
    assert report.overall_rag == "red"

    with pytest.raises(DomainError, match="Issued reports cannot be changed"):
        plan_reports.update_narrative(report, {"risks": "Rewritten"}, report.version)
    with pytest.raises(DomainError, match="already been issued"):
        plan_reports.issue(session, report, officer, NOW)
    assert report.narrative["risks"] == "Placement stability"


def test_an_executive_summary_has_a_row_per_plan(session, plan, story):
    other = _plan(session, title="Adult Social Care Improvement Programme")
    on_track = _add(session, other, "Front door review", "December 2026")
    _update(session, on_track, "amber", datetime(2026, 3, 1, tzinfo=UTC))
    _update(session, on_track, "green", datetime(2026, 5, 1, tzinfo=UTC))
    officer = UserFactory()

    report = plan_reports.create_summary(session, [plan, other], START, END, officer, NOW)
    assert report.kind == "summary" and report.plan_id is None
    data = plan_reports.report_data(session, report, TODAY)
    assert [(row["title"], row["rag"], row["trend"]) for row in data["plans"]] == [
        ("Adult Social Care Improvement Programme", "green", "improving"),
        ("Children's Support and Safeguarding Service Plan", "red", "improving"),
    ]
    assert data["overall_rag"] == "red"
    assert report.narrative["overview"] == "Of 2 plans: 1 red and 1 green."
    assert report.narrative["reasons"][str(other.id)] == "Of 1 action: 1 on track (green)."

    plan_reports.update_narrative(
        report,
        {
            "emerging_work": "Consultation on the next plan",
            "reasons": {other.id: "On track after the front door review", 999: "ignored"},
        },
        report.version,
    )
    assert report.narrative["reasons"][str(other.id)] == "On track after the front door review"
    assert "999" not in report.narrative["reasons"]
    plan_reports.issue(session, report, officer, NOW)
    assert [row["plan_id"] for row in report.snapshot["plans"]] == [other.id, plan.id]

    with pytest.raises(DomainError, match="at least one plan"):
        plan_reports.create_summary(session, [], START, END, officer, NOW)


def test_the_default_period_is_the_last_full_quarter():
    assert plan_report_data.last_full_quarter(date(2026, 6, 15)) == plan_report_data.Period(
        date(2026, 1, 1), date(2026, 3, 31)
    )
    assert plan_report_data.last_full_quarter(date(2026, 1, 1)) == plan_report_data.Period(
        date(2025, 10, 1), date(2025, 12, 31)
    )
    period = plan_report_data.Period(START, END)
    assert period.previous() == plan_report_data.Period(date(2026, 2, 1), date(2026, 3, 31))


def test_quarters_are_followed_and_preceded_by_whole_quarters():
    from datetime import date

    from scrutiny.services.plans.plan_report_data import Period

    quarter = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert quarter.next() == Period(date(2026, 4, 1), date(2026, 6, 30))
    assert quarter.previous() == Period(date(2025, 10, 1), date(2025, 12, 31))
    odd = Period(date(2026, 1, 5), date(2026, 1, 11))
    assert odd.next() == Period(date(2026, 1, 12), date(2026, 1, 18))


def test_the_highlight_report_carries_the_kpi_table_frozen_when_issued(session, plan, story):
    from decimal import Decimal

    from scrutiny.services.plans import indicators

    visits = indicators.add_indicator(
        session, plan, name="Child Protection statutory visits on time", unit="%",
        target=Decimal("95"), current_value=Decimal("92.4"), measured_on=date(2026, 3, 31),
    )  # fmt: skip
    indicators.record_value(
        visits, Decimal("92.3"), measured_on=date(2026, 5, 31), expected_version=None
    )
    user = UserFactory()
    report = plan_reports.create_highlight(session, plan, START, END, user, NOW)
    plan_reports.issue(session, report, user, NOW)
    indicators.record_value(
        visits, Decimal("96"), measured_on=date(2026, 6, 30), expected_version=None
    )

    (row,) = plan_reports.report_data(session, report, TODAY)["indicators"]
    assert (row["name"], row["target"], row["current"], row["previous"]) == (
        "Child Protection statutory visits on time", "95%", "92.3%", "92.4%",
    )  # fmt: skip
    assert (row["direction"], row["on_target"], row["measured_label"]) == (
        "worsening", False, "31 May 2026",
    )  # fmt: skip
