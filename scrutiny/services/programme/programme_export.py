"""The work programme as files: a Word document, a spreadsheet and the PDF for agendas.

All three follow the Work Programme printed at the end of seed 003: the "to be updated
following each Panel meeting" front text, then one table per section. The sections, their
column headings and where each cell's value comes from are defined once, in `SECTIONS` and
`programme_tables`, and both the DOCX and the XLSX are built from those tables. The PDF is the
HTML layout of `templates/programme/document.html` printed by WeasyPrint.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from flask import render_template

from scrutiny.models.committees import Committee
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.text_safety import clean_text
from scrutiny.services.files import pdfs, spreadsheets

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIMETYPE = "application/pdf"

#: The front text under the title, as in the printed programme.
UPDATED_NOTE = "Work Programme, to be updated following each Panel meeting."
LIVE_DOCUMENT_NOTE = (
    "The Panel will consider issues of significant public concern, areas of poor performance "
    "and areas where Members think the Council could provide better value for money. This is "
    'a "live" document and is subject to change as priorities or circumstances change.'
)
#: Every export's file name starts with this (so an attached copy can be recognised).
FILENAME_PREFIX = "work-programme-"
#: What an empty section says.
NONE_AT_PRESENT = "None at present."

#: A cell: text, a date (a real date in the spreadsheet), or nothing.
Cell = str | date | None


@dataclass(frozen=True)
class Column:
    """One column of a section's table: its heading, its value and its spreadsheet width."""

    heading: str
    value: Callable[[object], Cell]
    #: Width in the spreadsheet, in characters.
    width: int = 30


@dataclass(frozen=True)
class SectionTable:
    """One section of the programme as a table, ready to write into any format."""

    heading: str
    #: Worksheet name (Excel allows at most 31 characters).
    sheet: str
    columns: tuple[Column, ...]
    rows: list[list[Cell]]


def _text(name: str) -> Callable[[object], Cell]:
    return lambda row: getattr(row, name) or ""


def _topic(row: ProgrammeItem) -> str:
    if row.proposed_by is not None:
        return f"{row.topic}\nProposed by {row.proposed_by.name}"
    return row.topic


def _meeting_day(row: ProgrammeItem) -> date | None:
    meeting = row.planned_meeting
    return to_local(meeting.starts_at).date() if meeting is not None else None


TOPIC = Column("Topic", _topic, 40)
REASON = Column("Reason for scrutiny", _text("reason"), 50)
METHOD = Column("Method of scrutiny and reporting process", _text("method"), 45)
TIMELINE = Column("Timeline", _text("timeline"), 22)
CONTACT = Column("Contact", _text("contact"), 28)

#: The editable sections, in the order and with the column headings of the printed programme.
SECTIONS: dict[Section, tuple[str, tuple[Column, ...]]] = {
    Section.ACTIVE: (
        "1(A) Active",
        (
            TOPIC,
            REASON,
            METHOD,
            TIMELINE,
            Column("Progress since last Panel meeting", _text("progress"), 50),
            CONTACT,
        ),
    ),
    Section.SCHEDULED: ("1(B) Scheduled", (TOPIC, REASON, METHOD, TIMELINE, CONTACT)),
    Section.PROPOSED: (
        "2 Proposed",
        (
            TOPIC,
            REASON,
            Column("Proposed method of scrutiny and reporting process", _text("method"), 45),
            TIMELINE,
            Column("Agreed by the Panel", lambda row: row.agreed_on, 16),
            CONTACT,
        ),
    ),
    Section.BRIEFING: (
        "3 Briefings and workshops",
        (
            TOPIC,
            REASON,
            Column("Date", lambda row: row.held_on, 14),
            Column("Outcome and progress", _text("progress"), 50),
            CONTACT,
        ),
    ),
    Section.AGENDA_REPORT: (
        "4 Agenda reports",
        (
            Column("Panel meeting", _meeting_day, 16),
            Column("Report title", _topic, 40),
            Column("Purpose of report", _text("reason"), 50),
            Column("Outcomes (actions) and progress", _text("progress"), 50),
            CONTACT,
        ),
    ),
}


def _published(rec):
    response = rec.response
    return response if response is not None and response.submitted_at is not None else None


def _response_text(rec) -> str:
    response = _published(rec)
    return f"{response.kind_label}: {response.text}" if response else ""


def _response_date(rec):
    response = _published(rec)
    return response.responded_on if response else None


AWAITING_HEADING = "5 Recommendations awaiting the executive's response"
IMPLEMENTATION_HEADING = "6 Progress on implementing recommendations"
REFERENCE = Column("Reference", _text("reference"), 14)
RECOMMENDATION_COLUMNS = {
    AWAITING_HEADING: (
        "5 Awaiting response",
        (
            REFERENCE,
            Column("Area for investigation / recommendations", _text("text"), 60),
            Column("Addressed to", _text("addressed_to"), 28),
            Column(
                "When were the recommendations to the Executive agreed?",
                lambda rec: rec.agreed_on,
                20,
            ),
            Column(
                "Submitted", lambda rec: rec.submission.submitted_on if rec.submission else None, 14
            ),
            Column("Expected answer by", lambda rec: rec.response_due_on, 16),
        ),
    ),
    IMPLEMENTATION_HEADING: (
        "6 Implementation",
        (
            REFERENCE,
            Column("Panel recommendation", _text("text"), 60),
            Column("Executive response", _response_text, 50),
            Column("Date of response", _response_date, 16),
            Column("Status", lambda rec: rec.status_label, 20),
        ),
    ),
}


def programme_tables(programme) -> list[SectionTable]:
    """The programme's sections 1(A) to 6 as tables of cells, in the printed order."""

    def table(heading: str, sheet: str, columns, rows) -> SectionTable:
        return SectionTable(
            heading, sheet, columns, [[c.value(row) for c in columns] for row in rows]
        )

    tables = [
        table(section.label, sheet, columns, programme.sections.get(section, []))
        for section, (sheet, columns) in SECTIONS.items()
    ]
    recommendations: dict[str, list[Recommendation]] = {
        AWAITING_HEADING: programme.awaiting_response,
        IMPLEMENTATION_HEADING: programme.implementation,
    }
    for heading, (sheet, columns) in RECOMMENDATION_COLUMNS.items():
        tables.append(table(heading, sheet, columns, recommendations[heading]))
    return tables


def document_title(committee: Committee, year_label: str) -> str:
    """'<committee>: Work Programme 2026/27', the title of every export."""
    return f"{committee.name}: Work Programme {year_label}"


def export_filename(committee: Committee, year_label: str, extension: str) -> str:
    """'work-programme-<slug>-2026-27.<extension>', the name every export is saved under."""
    return f"{FILENAME_PREFIX}{committee.slug}-{year_label.replace('/', '-')}.{extension}"


def repeat_header(row) -> None:
    """Mark a Word table row as a heading row, repeated at the top of each page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def programme_docx(programme, year_label: str) -> bytes:
    """The programme as a Word document: front text, then a heading and a table per section."""
    document = Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9.5)
    title = clean_text(document_title(programme.committee, year_label))
    document.core_properties.title = title
    document.add_heading(title, level=1)
    document.add_paragraph(UPDATED_NOTE)
    document.add_paragraph(LIVE_DOCUMENT_NOTE)
    for section in programme_tables(programme):
        document.add_heading(section.heading, level=2)
        if not section.rows:
            document.add_paragraph(NONE_AT_PRESENT)
            continue
        table = document.add_table(rows=1, cols=len(section.columns))
        table.style = "Table Grid"
        repeat_header(table.rows[0])
        for cell, column in zip(table.rows[0].cells, section.columns, strict=True):
            cell.paragraphs[0].add_run(column.heading).bold = True
        for values in section.rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = (
                    format_day(value) if isinstance(value, date) else clean_text(value or "")
                )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def programme_xlsx(programme, year_label: str) -> bytes:
    """The programme as a spreadsheet through the shared writer: one worksheet per section, a
    frozen bold header row, widths to suit each column, dates as real Excel dates."""
    title = document_title(programme.committee, year_label)
    sheets = [
        spreadsheets.Sheet(
            section.sheet,
            [column.heading for column in section.columns],
            section.rows or [[NONE_AT_PRESENT]],
            [column.width for column in section.columns],
            page_header=f"{title}: {section.heading}",
        )
        for section in programme_tables(programme)
    ]
    return spreadsheets.xlsx_bytes(
        sheets, title=title, description=f"{UPDATED_NOTE} {LIVE_DOCUMENT_NOTE}"
    )


def programme_pdf(programme, year_label: str) -> bytes:
    """The programme as the PDF attached to the "Panel's Work Plan" agenda item.

    Renders templates/programme/document.html, so it needs an app context.
    """
    html = render_template(
        "programme/document.html",
        committee=programme.committee,
        programme=programme,
        year=year_label,
    )
    return pdfs.html_to_pdf(html)
