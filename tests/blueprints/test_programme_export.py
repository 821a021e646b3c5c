"""Work programme downloads (DOCX, XLSX) and attaching the programme to an agenda in one click."""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import ReportDocument
from scrutiny.services.files import documents
from scrutiny.services.programme import work_programme
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def panel(clock):
    committee = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    work_programme.add_row(
        db.session,
        committee,
        section="active",
        topic="SEND improvement",
        reason="Improvement notice",
        contact="Becky Hopkins",
        now=clock.now,
    )
    db.session.commit()
    return committee


@pytest.fixture
def meeting(panel):
    """A scheduled meeting whose agenda ends with the Panel's Work Plan."""
    meeting = MeetingFactory(committee=panel, status="scheduled")
    AgendaItemFactory(meeting=meeting, title="Minutes", kind="minutes")
    AgendaItemFactory(meeting=meeting, title="Panel's Work Plan", kind="work_programme")
    return meeting


def _work_plan_item(meeting):
    return next(i for i in meeting.items if i.kind == "work_programme")


def _documents():
    return db.session.query(ReportDocument).order_by(ReportDocument.id).all()


def _pdf_text(document: ReportDocument) -> str:
    data = documents.path_for(document.sha256).read_bytes()
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_word_download_is_an_attachment_with_the_rows(panel, client):
    response = client.get("/committees/cyps-panel/work-programme.docx")
    assert response.status_code == 200
    assert response.mimetype == DOCX
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="work-programme-cyps-panel-2026-27.docx"'
    )
    document = Document(io.BytesIO(response.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "SEND improvement" in cells and "Becky Hopkins" in cells


def test_the_spreadsheet_download_is_an_attachment_with_the_rows(panel, client):
    response = client.get("/committees/cyps-panel/work-programme.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="work-programme-cyps-panel-2026-27.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.data))["1(A) Active"]
    assert sheet["A2"].value == "SEND improvement"
    assert sheet["F2"].value == "Becky Hopkins"


def test_the_programme_page_links_to_every_download(panel, client):
    page = _text(client.get("/committees/cyps-panel/work-programme"))
    assert 'href="/committees/cyps-panel/work-programme.pdf?year=2026"' in page
    base = 'href="/committees/cyps-panel/work-programme'
    assert f'{base}.docx?year=2026">Download as Word (DOCX)' in page
    assert f'{base}.xlsx?year=2026">Download as spreadsheet (XLSX)' in page


def test_downloads_of_an_inactive_committee_are_hidden_from_the_public(client):
    CommitteeFactory(slug="old-panel", active=False)
    for extension in ("docx", "xlsx"):
        assert client.get(f"/committees/old-panel/work-programme.{extension}").status_code == 404


def test_officer_attaches_the_programme_to_the_work_plan_item(meeting, client_as):
    officer = client_as("officer")
    page = _text(officer.get(f"/meetings/{meeting.id}"))
    assert page.count("Attach current work programme") == 1
    response = officer.post(f"/meetings/{meeting.id}/attach-work-programme", follow_redirects=True)
    assert "The current work programme is attached to &#39;Panel&#39;s Work Plan&#39;" in _text(
        response
    )
    (document,) = _documents()
    assert document.item_id == _work_plan_item(meeting).id
    assert document.file_type == "pdf"
    assert document.filename == "work-programme-cyps-panel-2026-27.pdf"
    assert document.uploaded_by_id == officer.user.id
    text = _pdf_text(document)
    assert "SEND improvement" in text and "to be updated following each Panel meeting" in text


def test_attaching_again_makes_a_new_version(meeting, client_as, clock):
    officer = client_as("officer")
    officer.post(f"/meetings/{meeting.id}/attach-work-programme")
    work_programme.add_row(
        db.session, meeting.committee, section="briefing", topic="Family hubs", now=clock.now
    )
    db.session.commit()
    clock.advance(days=1)
    officer.post(f"/meetings/{meeting.id}/attach-work-programme")
    first, second = _documents()
    assert first.replaced_by_id == second.id
    assert second.replaced_by_id is None
    assert [d.id for d in _work_plan_item(meeting).documents] == [second.id]
    assert "Family hubs" in _pdf_text(second) and "Family hubs" not in _pdf_text(first)


def test_the_chairman_may_attach_the_programme(meeting, client_as):
    chairman = client_as("councillor")
    MembershipFactory(committee=meeting.committee, user=chairman.user, role="chairman")
    meeting.status = "published"
    db.session.commit()
    assert "Attach current work programme" in _text(chairman.get(f"/meetings/{meeting.id}"))
    chairman.post(f"/meetings/{meeting.id}/attach-work-programme")
    assert len(_documents()) == 1


@pytest.mark.parametrize("role", ["councillor", "owner", "executive"])
def test_others_cannot_attach_and_nothing_changes(meeting, client_as, role):
    visitor = client_as(role)
    meeting.status = "published"
    db.session.commit()
    assert "Attach current work programme" not in _text(visitor.get(f"/meetings/{meeting.id}"))
    response = visitor.post(f"/meetings/{meeting.id}/attach-work-programme")
    assert response.status_code in {403, 404}
    assert _documents() == []


def test_anonymous_visitors_are_sent_to_sign_in(meeting, client):
    response = client.post(f"/meetings/{meeting.id}/attach-work-programme")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert _documents() == []


def test_an_unknown_meeting_is_not_found(client_as):
    assert client_as("officer").post("/meetings/999/attach-work-programme").status_code == 404


def test_an_agenda_without_a_work_plan_item_gives_a_message(panel, client_as):
    officer = client_as("officer")
    meeting = MeetingFactory(committee=panel, status="scheduled")
    AgendaItemFactory(meeting=meeting, title="Budget monitor", kind="report")
    page = _text(officer.get(f"/meetings/{meeting.id}"))
    assert "Attach current work programme" not in page
    response = officer.post(f"/meetings/{meeting.id}/attach-work-programme", follow_redirects=True)
    assert "This agenda has no work programme item; add one first" in _text(response)
    assert _documents() == []


def test_a_cancelled_meeting_is_refused(meeting, client_as):
    officer = client_as("officer")
    meeting.status = "cancelled"
    db.session.commit()
    assert "Attach current work programme" not in _text(officer.get(f"/meetings/{meeting.id}"))
    response = officer.post(f"/meetings/{meeting.id}/attach-work-programme", follow_redirects=True)
    assert "The agenda of a cancelled meeting is closed" in _text(response)
    assert _documents() == []


def test_an_earlier_municipal_years_programme_is_shown_and_downloaded(client, clock):
    from datetime import date

    from scrutiny.extensions import db
    from scrutiny.models import ProgrammeItem
    from tests.factories import CommitteeFactory

    panel = CommitteeFactory(name="Old Panel", slug="old-year-panel")
    db.session.add(
        ProgrammeItem(
            committee=panel,
            year_start=date(2022, 5, 1),
            section="briefing",
            position=10,
            topic="Recommissioning of Pizey",
        )
    )
    db.session.commit()
    this_year = client.get("/committees/old-year-panel/work-programme").get_data(as_text=True)
    assert "Recommissioning of Pizey" not in this_year
    page = client.get("/committees/old-year-panel/work-programme?year=2022").get_data(as_text=True)
    assert "2022/23" in page and "Recommissioning of Pizey" in page
    xlsx = client.get("/committees/old-year-panel/work-programme.xlsx?year=2022")
    assert "2022-23" in xlsx.headers["Content-Disposition"]
