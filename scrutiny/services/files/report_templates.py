"""Report front sheets (seed 004): the fields a report item carries, and a Word report template
pre-filled from the item for the author to complete.

The front sheet lives in `AgendaItem.front_sheet` (JSON). Every field is optional, so items
without one keep working. Financial implications are a table: one row per financial year with
the cost (or saving), whether funding is sufficient, and revenue or capital.
"""

from __future__ import annotations

import io

from docx import Document

from scrutiny.models.meetings import AgendaItem
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.text_safety import clean_text
from scrutiny.services.programme.programme_export import repeat_header

#: The front sheet's text fields, in seed 004's order, with their headings.
FIELDS = {
    "for_consideration_by": "For consideration by",
    "ward": "Ward",
    "director": "Director",
    "outcome": "Outcome / benefits to the community",
    "summary": "Summary of report",
    "background_papers": "List of background papers",
}
#: Seed 004's financial implications table.
FINANCIAL_HEADERS = (
    "Year",
    "How much will it cost / (save)",
    "Is there sufficient funding – if not, quantify the shortfall",
    "Revenue or capital?",
)
FINANCIAL_YEARS = (
    "Current financial year (year 1)",
    "Next financial year (year 2)",
    "Following financial year (year 3)",
)
#: What the ward reads when none is given.
NO_WARD = "None specific"


def parse_financial(text: str) -> list[list[str]]:
    """Lines "cost | funding | revenue or capital", one per financial year, as table rows."""
    rows = []
    lines = [line for line in (text or "").splitlines() if line.strip()]
    for year, line in zip(FINANCIAL_YEARS, lines, strict=False):
        cells = [cell.strip() for cell in line.split("|")][:3]
        rows.append([year, *cells, *[""] * (3 - len(cells))])
    return rows


def financial_text(rows: list[list[str]]) -> str:
    """The table back as the lines the form edits."""
    return "\n".join(" | ".join(row[1:]) for row in rows or [])


def from_form(values: dict[str, str], financial: str) -> dict:
    """The front sheet from the form's fields; {} when every field is blank."""
    sheet = {name: (values.get(name) or "").strip() for name in FIELDS}
    sheet = {name: text for name, text in sheet.items() if text}
    rows = parse_financial(financial)
    if rows:
        sheet["financial"] = rows
    return sheet


def lines(item: AgendaItem) -> list[tuple[str, str]]:
    """(heading, words) for the item's front sheet, as printed in the pack and the template."""
    sheet = item.front_sheet or {}
    meeting = item.meeting
    considered = sheet.get("for_consideration_by") or (
        f"{meeting.committee.name} on {format_day(to_local(meeting.starts_at).date())}"
    )
    return [
        ("Title", item.title),
        ("For consideration by", considered),
        ("Ward", sheet.get("ward") or NO_WARD),
        ("Director", sheet.get("director", "")),
        ("Outcome / benefits to the community", sheet.get("outcome", "")),
        ("Recommendation", item.recommendations or ""),
        ("Summary of report", sheet.get("summary", "")),
    ]


def template_docx(item: AgendaItem) -> bytes:
    """A Word report template pre-filled from the item, with headings for the author."""
    document = Document()
    sheet = item.front_sheet or {}
    document.core_properties.title = clean_text(item.title)
    document.add_heading(clean_text(item.title), level=1)
    for heading, words in lines(item)[1:]:
        document.add_heading(heading, level=2)
        document.add_paragraph(clean_text(words) or "[To complete]")
    document.add_heading("Financial implications of the recommendation", level=2)
    table = document.add_table(rows=1, cols=len(FINANCIAL_HEADERS))
    table.style = "Table Grid"
    repeat_header(table.rows[0])
    for cell, heading in zip(table.rows[0].cells, FINANCIAL_HEADERS, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    rows = sheet.get("financial") or [[year, "", "", ""] for year in FINANCIAL_YEARS]
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = clean_text(value)
    document.add_heading("List of background papers", level=2)
    document.add_paragraph(clean_text(sheet.get("background_papers", "")) or "[To complete]")
    document.add_heading("Contact", level=2)
    document.add_paragraph(clean_text(item.contact or "") or "[To complete]")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
