"""Report front sheets (seed 004): saved from the item form, a Word template pre-filled from the
item, printed in the pack, and never printed for an exempt item in the public pack."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import AgendaItem
from scrutiny.services.meetings import packs
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory

WHEN = datetime(2026, 9, 14, 17, tzinfo=UTC)


def _item_form(item, meeting, **fields):
    return {
        "version": str(meeting.version),
        "title": item.title,
        "recommendations": "That the panel notes the progress.",
        "contact": "Ann Officer, 0118 000 0000",
        "for_consideration_by": "",
        "ward": "",
        "director": "Judith Ramsden, Director of Children's Services",
        "outcome": "Better support for families.",
        "summary": "Progress against the plan's priorities.",
        "financial": "N/A | N/A | N/A\n£20,000 | Yes | Revenue",
        "background_papers": "Children and Young People's Plan 2014 to 2016",
    } | fields


def test_front_sheet_is_saved_downloaded_and_printed(session, client_as):
    meeting = MeetingFactory(
        committee=CommitteeFactory(name="Health and Wellbeing Board"), starts_at=WHEN
    )
    item = AgendaItemFactory(meeting=meeting, title="Early Help update")
    secret = AgendaItemFactory(
        meeting=meeting, title="Contract award", exempt=True, exempt_paragraph=3,
        exempt_reason="Commercial", front_sheet={"summary": "Xylophone tender prices"},
    )  # fmt: skip
    plain = AgendaItemFactory(meeting=meeting, title="Old style report")
    db.session.commit()
    officer = client_as("officer")

    response = officer.post(
        f"/meetings/{meeting.id}/items/{item.id}/edit", data=_item_form(item, meeting)
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.front_sheet["director"].startswith("Judith Ramsden")
    assert item.front_sheet["financial"][1] == [
        "Next financial year (year 2)", "£20,000", "Yes", "Revenue",
    ]  # fmt: skip
    form_page = officer.get(f"/meetings/{meeting.id}/items/{item.id}/edit").get_data(as_text=True)
    assert "£20,000 | Yes | Revenue" in form_page

    raw = officer.get(f"/meetings/{meeting.id}/items/{item.id}/report-template.docx").data
    document = Document(io.BytesIO(raw))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Early Help update", "For consideration by", "Ward", "Director"]
    texts = [p.text for p in document.paragraphs]
    assert "Health and Wellbeing Board on 14 September 2026" in texts
    assert "None specific" in texts
    table = document.tables[0]
    assert table.rows[0].cells[0].text == "Year"
    assert [c.text for c in table.rows[2].cells][1:] == ["£20,000", "Yes", "Revenue"]

    pdf = packs.build_pack(session, meeting, include_exempt=False, now=WHEN)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Better support for families." in text and "Judith Ramsden" in text
    assert "Xylophone" not in text
    assert plain.front_sheet is None and secret.front_sheet is not None
    assert db.session.get(AgendaItem, plain.id).title == "Old style report"
