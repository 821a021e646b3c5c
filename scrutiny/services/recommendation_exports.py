"""Exporting the recommendations tracker's rows as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from scrutiny.services.recommendation_tracker import TrackerRow

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIMETYPE = "text/csv; charset=utf-8"
EXPORT_FILENAME = "recommendations"

Cell = str | date | None


@dataclass(frozen=True)
class ExportColumn:
    heading: str
    value: Callable[[TrackerRow], Cell]
    #: Spreadsheet width, in characters.
    width: int = 16


def _response_attr(name: str) -> Callable[[TrackerRow], Cell]:
    return lambda row: getattr(row.response, name) if row.response else None


EXPORT_COLUMNS: tuple[ExportColumn, ...] = (
    ExportColumn("Reference", lambda r: r.rec.reference or "", 16),
    ExportColumn("Committee", lambda r: r.rec.committee.name, 28),
    ExportColumn("Recommendation", lambda r: r.rec.text, 60),
    ExportColumn("Addressed to", lambda r: r.rec.addressed_to, 24),
    ExportColumn("Status", lambda r: r.status_label, 22),
    ExportColumn("Agreed", lambda r: r.rec.agreed_on),
    ExportColumn("Submitted", lambda r: r.submitted_on),
    ExportColumn("Response due (statutory)", lambda r: r.rec.response_due_on),
    ExportColumn("Deadline", lambda r: r.flag_label, 12),
    ExportColumn("First panel meeting after submission", lambda r: r.first_meeting_on, 18),
    ExportColumn("Executive member", lambda r: r.rec.responder.name if r.rec.responder else "", 24),
    ExportColumn("Response", lambda r: r.response.kind_label if r.response else "", 22),
    ExportColumn("Response date", _response_attr("responded_on")),
    ExportColumn("Response text", lambda r: r.response.text if r.response else "", 60),
    ExportColumn("Implementation (RAG)", lambda r: r.rag_label, 18),
    ExportColumn("Closed", lambda r: r.rec.closed_on),
)

#: Characters that make a spreadsheet treat a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if value.startswith(_FORMULA_START):
        return "'" + value  # so a spreadsheet shows it instead of running it
    return value


def export_csv(rows: Sequence[TrackerRow]) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark for Excel, dates as YYYY-MM-DD)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([c.heading for c in EXPORT_COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(c.value(row)) for c in EXPORT_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(rows: Sequence[TrackerRow], title: str = "Recommendations tracker") -> bytes:
    """The rows as a spreadsheet: a bold frozen header row, dates as real dates."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Recommendations"
    workbook.properties.title = title
    sheet.append([c.heading for c in EXPORT_COLUMNS])
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = wrap
    for row_number, row in enumerate(rows, start=2):
        for column_number, column in enumerate(EXPORT_COLUMNS, start=1):
            value = column.value(row)
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = value if value != "" else None
            if isinstance(value, str):
                cell.data_type = "s"  # text starting with "=" stays text, not a formula
            elif isinstance(value, date):
                cell.number_format = "d mmmm yyyy"
            cell.alignment = wrap
    for index, column in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
