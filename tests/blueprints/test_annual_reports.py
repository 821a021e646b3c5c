"""Annual report pages: create, edit, issue, outputs (PDF text, Word), agenda in one step, and
a secret word in an exempt item never reaching any output."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import AgendaItem, AnnualReport
from tests.factories import MeetingFactory
from tests.services.test_annual_report import SECRET, _world


def _create(officer, world):
    response = officer.post(
        "/annual-reports/new",
        data={"committee": "cyps", "year": "2025", "cut_off": ["30", "4", "2026"]},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(db.select(AnnualReport))


def _form(report, **fields):
    data = {
        "version": str(report.version),
        "member": "Cllr Chair",
        "lead_officer": "Director of Children's Services",
        "authors": "",
        "contacts": "scrutiny@council.example",
        "cut_off-day": "30", "cut_off-month": "4", "cut_off-year": "2026",
        "foreword": "A year of challenge.",
        "priorities": "Waiting lists.",
    }  # fmt: skip
    return data | fields


def test_create_edit_issue_download_and_put_on_an_agenda(session, client_as, client):
    world = _world()
    officer = client_as("officer")
    report = _create(officer, world)
    page = officer.get(f"/annual-reports/{report.id}").get_data(as_text=True)
    assert "CYPS Panel: Annual Report 2025/26" in page
    assert "Meetings held" in page and SECRET not in page

    study = {"case_rec_0": str(world.recs[4].id), "case_text_0": "Fewer exclusions."}
    response = officer.post(f"/annual-reports/{report.id}", data=_form(report, **study))
    assert response.status_code == 302
    db.session.refresh(report)
    assert "Fewer exclusions." in officer.get(f"/annual-reports/{report.id}").get_data(as_text=True)
    study |= {"case_rec_1": "", "case_text_1": ""}
    response = officer.post(f"/annual-reports/{report.id}", data=_form(report, issue="y", **study))
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.state == "issued" and report.snapshot["cut_off"] == "2026-04-30"

    text = "\n".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(client.get(f"/annual-reports/{report.id}.pdf").data)).pages
    )
    assert "Chair's foreword" in text and "Fewer exclusions." in text
    assert "Meetings held 1" in text.replace("\n", " ")
    assert SECRET not in text
    document = Document(io.BytesIO(client.get(f"/annual-reports/{report.id}.docx").data))
    words = "\n".join(p.text for p in document.paragraphs)
    words += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Fewer exclusions." in words and SECRET not in words

    council = MeetingFactory(starts_at=datetime(2026, 7, 20, 18, tzinfo=UTC), status="scheduled")
    db.session.commit()
    response = officer.post(f"/annual-reports/{report.id}/agenda", data={"meeting": council.id})
    assert response.status_code == 302
    item = db.session.scalar(db.select(AgendaItem).where(AgendaItem.meeting_id == council.id))
    assert item.title == "CYPS Panel: Annual Report 2025/26"
    assert [d.file_type for d in item.documents] == ["pdf"]


def test_drafts_are_for_officers_and_issued_reports_do_not_change(session, client_as, client):
    world = _world()
    officer = client_as("officer")
    report = _create(officer, world)
    assert client.get(f"/annual-reports/{report.id}").status_code in (302, 403)
    officer.post(f"/annual-reports/{report.id}", data=_form(report, issue="y"))
    world.held.status = "cancelled"
    db.session.commit()
    page = client.get(f"/annual-reports/{report.id}").get_data(as_text=True)
    assert "Issued" in page
    officer_page = officer.get(f"/annual-reports/{report.id}").get_data(as_text=True)
    assert "records compared with this report" in officer_page
    assert "Meetings held" in officer_page.split("compared with this report")[1]
