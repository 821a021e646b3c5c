"""Highlight report and executive summary pages: an officer creates, edits and issues; the PDF;
who may read and who may create."""

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import PlanReport
from scrutiny.services.actions import actions
from scrutiny.services.plans import plan_reports, plans
from tests.factories import CommitteeFactory, PostFactory, PostHoldingFactory, UserFactory
from tests.pdf_checks import assert_accessible

PERIOD = {"period_start": ["1", "4", "2026"], "period_end": ["31", "5", "2026"]}


def _plan(title):
    plan = plans.create_plan(
        db.session,
        title=title,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        service="Children's Services",
        committee_id=CommitteeFactory(name="Children and Young People Panel").id,
    )
    plans.add_priority(db.session, plan, title="Fundamental 1 – Seeing and Hearing")
    return plan


@pytest.fixture
def world():
    """A plan whose owner completed one action in April and reported another slipping."""
    post = PostFactory(name="Head of Safeguarding")
    owner = UserFactory(roles=["owner"])
    PostHoldingFactory(post=post, user=owner, starts_on=date(2026, 1, 1))
    plan = _plan("Children's Support and Safeguarding Service Plan")

    def add(description, due):
        return plans.add_action(
            db.session, plan, plan.priorities[0], description=description,
            post_ids=[post.id], due_text=due, today=date(2026, 1, 5),
        )  # fmt: skip

    done = add("Family group conferencing fully staffed", "30/04/2026")
    late = add("Recruit clinical psychologists", "31/05/2026")
    add("Teenage strategy drafted", "15/07/2026")
    updates = (
        (done, "blue", datetime(2026, 4, 20, 10, tzinfo=UTC), "Conferences now run county-wide"),
        (late, "amber", datetime(2026, 5, 10, 10, tzinfo=UTC), "Poor response to the advert"),
    )
    for action, rag, when, narrative in updates:
        actions.record_update(
            db.session, action, rag=rag, narrative=narrative,
            next_steps="Re-advertise in June" if action is late else "",
            due_on=None, user=owner, now=when, expected_version=None,
        )  # fmt: skip
    db.session.commit()
    return {"plan": plan, "owner": owner}


def _pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    return re.sub(r"\s+", " ", text.replace("’", "'"))


def _report() -> PlanReport:
    return db.session.scalars(db.select(PlanReport)).one()


def test_an_officer_creates_edits_and_issues_a_highlight_report(world, client_as):
    officer = client_as("officer")
    plan = world["plan"]

    form = officer.get(f"/plans/{plan.id}/reports/new").get_data(as_text=True)
    values = dict(re.findall(r'id="(period_\w+-\w+)" name="\w+" type="text" value="(\d+)"', form))
    assert values == {  # the last full quarter
        "period_start-day": "01", "period_start-month": "01", "period_start-year": "2026",
        "period_end-day": "31", "period_end-month": "03", "period_end-year": "2026",
    }  # fmt: skip

    response = officer.post(f"/plans/{plan.id}/reports/new", data=PERIOD)
    assert response.status_code == 302
    report = _report()
    assert response.location.endswith(f"/reports/{report.id}")
    page = officer.get(f"/reports/{report.id}").get_data(as_text=True)
    for text in (
        "1. Overall status",
        "Family group conferencing fully staffed",
        "Conferences now run county-wide",
        "Poor response to the advert",
        "Re-advertise in June",
        "Teenage strategy drafted",
        "15 July 2026",
        "Issue report",
    ):
        assert text in page, text
    assert "Of 3 actions" in page  # the reason drafted from the counts

    response = officer.post(
        f"/reports/{report.id}",
        data={
            "version": report.version,
            "reason": "Recruitment of psychologists has slipped.",
            "risks": "Placement stability",
            "decisions_required": "Prioritise children looked after",
            "save_draft": "Save draft",
        },
    )
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.narrative["risks"] == "Placement stability" and report.state == "draft"

    stale = officer.post(
        f"/reports/{report.id}",
        data={"version": report.version - 1, "risks": "Overwritten", "save_draft": "Save draft"},
    )
    assert stale.status_code == 200
    assert "Someone else changed this report" in stale.get_data(as_text=True)
    db.session.refresh(report)
    assert report.narrative["risks"] == "Placement stability"

    response = officer.post(
        f"/reports/{report.id}",
        data={**report.narrative, "version": report.version, "issue": "Issue report"},
    )
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.state == "issued" and report.snapshot["slippage"]
    page = officer.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Issued" in page and "<textarea" not in page and "Placement stability" in page

    refused = officer.post(
        f"/reports/{report.id}",
        data={"version": report.version, "risks": "Changed", "save_draft": "Save draft"},
        follow_redirects=True,
    )
    assert "Issued reports cannot be changed" in refused.get_data(as_text=True)
    db.session.refresh(report)
    assert report.narrative["risks"] == "Placement stability"

    listing = officer.get(f"/plans/{plan.id}/reports").get_data(as_text=True)
    assert "1 April 2026 to 31 May 2026" in listing


def test_the_pdf_has_the_sections_of_the_highlight_report(world, client_as):
    officer = client_as("officer")
    report = plan_reports.create_highlight(
        db.session, world["plan"], date(2026, 4, 1), date(2026, 5, 31), officer.user,
        datetime(2026, 6, 15, 9, tzinfo=UTC),
    )  # fmt: skip
    plan_reports.update_narrative(report, {"risks": "Placement stability"}, None)
    db.session.commit()

    draft = _pdf_text(officer.get(f"/reports/{report.id}.pdf"))
    assert "DRAFT" in draft
    plan_reports.issue(db.session, report, officer.user, datetime(2026, 6, 15, 9, tzinfo=UTC))
    db.session.commit()
    text = _pdf_text(officer.get(f"/reports/{report.id}.pdf"))
    for section in (
        "Highlight Report",
        "1. Overall Status",
        "Reason for current status",
        "2. Progress this period",
        "Achievements",
        "Family group conferencing fully staffed",
        "Slippage (reasons and remedial actions)",
        "Re-advertise in June",
        "3. Key Milestones and Deliverables",
        "Planned Completion Date",
        "4. Actions and outputs for the next period",
        "5. Most significant current risks",
        "Placement stability",
        "6. Variances",
        "Nil return",
        "7. Decisions required",
    ):
        assert section in text, section
    assert "DRAFT" not in text


def test_a_period_ending_before_it_starts_is_refused(world, client_as):
    officer = client_as("officer")
    response = officer.post(
        f"/plans/{world['plan'].id}/reports/new",
        data={"period_start": ["31", "5", "2026"], "period_end": ["1", "4", "2026"]},
    )
    assert response.status_code == 200
    assert "The end of the period must be on or after its start" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(PlanReport)).all() == []


@pytest.mark.parametrize("role", ["councillor", "owner", "executive"])
def test_others_signed_in_read_issued_reports_but_cannot_create_or_see_drafts(
    role, world, client_as, sign_in_as
):
    officer = UserFactory(roles=["officer"])
    now = datetime(2026, 6, 15, 9, tzinfo=UTC)
    plan = world["plan"]
    issued = plan_reports.create_highlight(
        db.session, plan, date(2026, 1, 1), date(2026, 3, 31), officer, now
    )
    plan_reports.issue(db.session, issued, officer, now)
    draft = plan_reports.create_highlight(
        db.session, plan, date(2026, 4, 1), date(2026, 5, 31), officer, now
    )
    db.session.commit()
    # the owner of the plan's actions is a user of the world; the others are new
    reader = sign_in_as(world["owner"]) if role == "owner" else client_as(role)

    assert reader.get(f"/reports/{issued.id}").status_code == 200
    assert "Highlight Report" in _pdf_text(reader.get(f"/reports/{issued.id}.pdf"))
    listing = reader.get(f"/plans/{plan.id}/reports").get_data(as_text=True)
    assert "1 January 2026 to 31 March 2026" in listing
    assert "1 April 2026 to 31 May 2026" not in listing  # the draft
    assert reader.get(f"/reports/{draft.id}").status_code == 403
    assert reader.get(f"/plans/{plan.id}/reports/new").status_code == 403
    assert reader.post(f"/plans/{plan.id}/reports/new", data=PERIOD).status_code == 403
    assert reader.get("/plans/summary/new").status_code == 403
    assert reader.post(f"/reports/{draft.id}", data={"risks": "x"}).status_code == 403
    assert db.session.scalars(db.select(PlanReport)).all() == [issued, draft]


def test_the_public_must_sign_in(world, client):
    assert client.get(f"/plans/{world['plan'].id}/reports").status_code == 302


def test_an_executive_summary_across_two_plans(world, client_as):
    officer = client_as("officer")
    other = _plan("Adult Social Care Improvement Programme")
    db.session.commit()
    page = officer.get("/plans/summary/new").get_data(as_text=True)
    assert "Adult Social Care Improvement Programme" in page

    response = officer.post(
        "/plans/summary/new", data={**PERIOD, "plan_ids": [world["plan"].id, other.id]}
    )
    assert response.status_code == 302
    report = _report()
    assert report.kind == "summary"
    page = officer.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Executive summary" in page and "Adult Social Care Improvement Programme" in page
    assert f'name="reason_{other.id}"' in page

    response = officer.post(
        f"/reports/{report.id}",
        data={
            "version": report.version,
            "overview": "Two plans reported this quarter.",
            f"reason_{other.id}": "No actions have been added yet.",
            f"reason_{world['plan'].id}": "Recruitment has slipped.",
            "emerging_work": "Consultation on the next plan",
            "decisions_required": "",
            "issue": "Issue report",
        },
    )
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.state == "issued"
    assert report.narrative["reasons"][str(other.id)] == "No actions have been added yet."
    text = _pdf_text(officer.get(f"/reports/{report.id}.pdf"))
    for part in (
        "Executive Summary",
        "Overall",
        "Two plans reported this quarter.",
        "Emerging work for next period",
        "Consultation on the next plan",
        "Decisions Required",
        "Adult Social Care Improvement Programme",
        "No actions have been added yet.",
        "Recruitment has slipped.",
    ):
        assert part in text, part
    assert "1 April 2026 to 31 May 2026" in officer.get("/plans/summaries").get_data(as_text=True)

    none_chosen = officer.post("/plans/summary/new", data=PERIOD)
    assert "Choose at least one plan" in none_chosen.get_data(as_text=True)


def test_highlight_report_and_summary_pdfs_are_tagged_with_table_headers(world, client_as):
    officer = client_as("officer")
    when = datetime(2026, 6, 15, 9, tzinfo=UTC)
    highlight = plan_reports.create_highlight(
        db.session, world["plan"], date(2026, 4, 1), date(2026, 5, 31), officer.user, when
    )
    db.session.commit()
    data = officer.get(f"/reports/{highlight.id}.pdf").data
    assert_accessible(data, title="Highlight report: ", tables=True)
    officer.post("/plans/summary/new", data={**PERIOD, "plan_ids": [world["plan"].id]})
    summary = db.session.scalars(db.select(PlanReport).filter_by(kind="summary")).one()
    assert_accessible(officer.get(f"/reports/{summary.id}.pdf").data, title="Executive summary")
