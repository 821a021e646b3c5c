"""Upload forms say why a decompression bomb was refused; officers see what a pack left out."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date

import pytest

from scrutiny.extensions import db
from scrutiny.models import ReportDocument
from scrutiny.services.files import documents
from scrutiny.services.plans import plans
from tests.crafted_files import pdf_bomb, zeros_zip
from tests.factories import AgendaItemFactory, MeetingFactory


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture
def low_limits(app, monkeypatch):
    monkeypatch.setitem(app.config, "SCRUTINY_MAX_UNPACKED_MB", 2)
    monkeypatch.setitem(app.config, "SCRUTINY_MAX_PDF_INFLATED_MB", 2)


@pytest.fixture
def item(clock):
    meeting = MeetingFactory(status="published", published_at=clock.now)
    made = AgendaItemFactory(meeting=meeting, title="Month 9 budget")
    db.session.commit()
    return made


def _upload(client, item, data: bytes, name: str):
    return client.post(
        f"/meetings/{item.meeting.id}/items/{item.id}/documents/new",
        data={
            "title": "Appendix",
            "version": item.meeting.version,
            "file": (io.BytesIO(data), name),
        },
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            lambda: pdf_bomb(5),
            "appendix.pdf",
            "The PDF is too large once uncompressed (more than 2MB)",
        ),
        (
            lambda: zeros_zip("docx", 5),
            "appendix.docx",
            "The Word document is too large once unpacked (more than 2MB)",
        ),
    ],
)
def test_a_bomb_is_refused_on_the_upload_form(client_as, item, low_limits, data, name, message):
    page = _text(_upload(client_as("officer"), item, data(), name))
    assert "There is a problem" in page
    assert message in page
    assert 'href="#file"' in page
    assert db.session.query(ReportDocument).count() == 0


def test_a_spreadsheet_bomb_is_refused_on_the_import_form(client_as, low_limits):
    plan = plans.create_plan(
        db.session, title="Service Plan", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    db.session.commit()
    response = client_as("officer").post(
        f"/plans/{plan.id}/import",
        data={"file": (io.BytesIO(zeros_zip("xlsx", 5)), "plan.xlsx"), "preview": "y"},
        content_type="multipart/form-data",
    )
    page = _text(response)
    assert "The spreadsheet is too large once unpacked (more than 2MB)" in page
    assert "How each row will be imported" not in page


def test_a_document_the_pack_leaves_out_is_flagged_to_officers_only(
    client, client_as, item, low_limits
):
    bomb = pdf_bomb(5)  # kept before uploads were checked
    digest = hashlib.sha256(bomb).hexdigest()
    documents.path_for(digest).parent.mkdir(parents=True, exist_ok=True)
    documents.path_for(digest).write_bytes(bomb)
    db.session.add(
        ReportDocument(
            item_id=item.id,
            title="Inflated appendix",
            filename="a.pdf",
            file_type="pdf",
            size=len(bomb),
            sha256=digest,
            pdf_sha256=digest,
            page_count=1,
        )
    )
    db.session.commit()
    meeting_id = item.meeting.id
    pack = client.get(f"/meetings/{meeting_id}/pack.pdf")
    assert pack.status_code == 200 and pack.data.startswith(b"%PDF-")
    officer_page = _text(client_as("officer").get(f"/meetings/{meeting_id}"))
    assert "Left out of the pack" in officer_page
    assert "The PDF is too large once uncompressed" in officer_page
    assert "Left out of the pack" not in _text(client.get(f"/meetings/{meeting_id}"))
