"""Work programme pages: councillors propose, officers and the chairman manage, all can read."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import AgendaItem, ProgrammeItem
from scrutiny.services.programme import work_programme
from tests.factories import CommitteeFactory, MeetingFactory, MembershipFactory
from tests.helpers import QueryCounter
from tests.pdf_checks import assert_accessible

ROLES = ["anonymous", "admin", "officer", "councillor", "owner", "executive"]


def _text(response) -> str:
    return response.get_data(as_text=True)


def _client(role, client, client_as):
    return client if role == "anonymous" else client_as(role)


@pytest.fixture
def panel(clock):
    committee = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    work_programme.add_row(
        db.session,
        committee,
        section="active",
        topic="SEND improvement",
        reason="Improvement notice",
        now=clock.now,
    )
    db.session.commit()
    return committee


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_the_programme_and_councillors_propose(role, panel, client, client_as):
    visitor = _client(role, client, client_as)
    page = _text(visitor.get("/committees/cyps-panel/work-programme"))
    assert "1(A) Active projects" in page and "SEND improvement" in page
    before = db.session.query(ProgrammeItem).count()
    response = visitor.post(
        "/committees/cyps-panel/work-programme/propose",
        data={"topic": "Home to school transport", "reason": "Complaints", "method": ""},
    )
    may_propose = role in {"admin", "officer", "councillor"}
    assert db.session.query(ProgrammeItem).count() == before + (1 if may_propose else 0)
    if not may_propose:
        assert response.status_code in {302, 403}


@pytest.mark.parametrize("role", ROLES)
def test_only_officers_and_the_chairman_change_sections(role, panel, client, client_as):
    visitor = _client(role, client, client_as)
    row = db.session.query(ProgrammeItem).one()
    response = visitor.post(
        f"/work-programme/{row.id}/move", data={"section": "scheduled", "version": row.version}
    )
    db.session.refresh(row)
    if role in {"admin", "officer"}:
        assert row.section == "scheduled"
    else:
        assert response.status_code in {302, 403}
        assert row.section == "active"


def test_the_chairman_may_manage_their_panels_programme(panel, client_as):
    chairman = client_as("councillor")
    MembershipFactory(committee=panel, user=chairman.user, role="chairman")
    row = db.session.query(ProgrammeItem).one()
    chairman.post(
        f"/work-programme/{row.id}/move", data={"section": "scheduled", "version": row.version}
    )
    db.session.refresh(row)
    assert row.section == "scheduled"


def test_planning_a_report_for_a_past_meeting_is_refused_with_a_message(panel, client_as):
    officer = client_as("officer")
    page = _text(
        officer.post(
            "/committees/cyps-panel/work-programme/new",
            data={"section": "agenda_report", "topic": "Budget", "planned_meeting_id": "999"},
        )
    )
    assert "Not a valid choice" in page or "future meeting" in page
    assert db.session.query(ProgrammeItem).count() == 1


def test_officer_pulls_planned_reports_into_the_agenda_once(panel, client_as, clock):
    officer = client_as("officer")
    meeting = MeetingFactory(committee=panel, status="scheduled")
    work_programme.add_row(
        db.session,
        panel,
        section="agenda_report",
        topic="SEND action plan",
        planned_meeting_id=meeting.id,
        now=clock.now,
    )
    db.session.commit()
    page = _text(officer.get(f"/meetings/{meeting.id}"))
    assert "Add the 1 report planned in the work programme" in page
    response = officer.post(
        f"/meetings/{meeting.id}/pull-planned-reports",
        data={"version": meeting.version},
        follow_redirects=True,
    )
    assert "1 planned report added to the agenda" in _text(response)
    officer.post(f"/meetings/{meeting.id}/pull-planned-reports", data={"version": meeting.version})
    assert db.session.query(AgendaItem).filter_by(title="SEND action plan").count() == 1
    assert "On the agenda" in _text(officer.get("/committees/cyps-panel/work-programme"))


def test_the_programme_pdf_has_every_section(panel, client):
    response = client.get("/committees/cyps-panel/work-programme.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    for heading in (
        "1(A) Active projects",
        "1(B) Scheduled projects",
        "2 Proposed projects",
        "3 Briefings and workshops",
        "4 Agenda reports",
        "5 Recommendations awaiting",
        "6 Progress on implementing",
    ):
        assert heading in text
    assert "to be updated following each Panel meeting" in text


def test_programme_page_queries_stay_flat(panel, client_as, clock):
    officer = client_as("officer")

    def grow(count):
        for n in range(count):
            work_programme.propose(
                db.session,
                panel,
                topic=f"Topic {n}",
                reason="r",
                method="",
                user_id=officer.user.id,
                now=clock.now,
            )
        db.session.commit()

    grow(3)
    with QueryCounter() as few:
        officer.get("/committees/cyps-panel/work-programme")
    grow(20)
    with QueryCounter() as many:
        officer.get("/committees/cyps-panel/work-programme")
    assert many.count == few.count


def test_editing_a_row_saves_the_agreement_date(panel, client_as):
    officer = client_as("officer")
    row = db.session.query(ProgrammeItem).one()
    response = officer.post(
        f"/work-programme/{row.id}/edit",
        data={
            "topic": "SEND improvement",
            "agreed_on": ["11", "6", "2026"],
            "version": row.version,
        },
    )
    assert response.status_code == 302
    db.session.refresh(row)
    assert row.agreed_on.isoformat() == "2026-06-11"


def test_the_programme_pdf_is_tagged_with_table_headers(panel, client):
    data = client.get("/committees/cyps-panel/work-programme.pdf").data
    assert_accessible(data, title="Work Programme – CYPS Panel", tables=True)
