"""The one writer of spreadsheets (XLSX) and CSV files that every export goes through.

Every value passes through `cell`: text loses the characters XML cannot hold (the shared
`clean_text`) and, when a spreadsheet would run it as a formula, gains a leading apostrophe
(OWASP's advice against CSV injection). In a workbook text is also stored as text, never as a
formula. Rows written before forms cleaned their input, or by code, therefore cannot break a
download nor run in the reader's spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from scrutiny.services.core.text_safety import clean_text

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A response given this mimetype is sent as "text/csv; charset=utf-8" (werkzeug adds the charset).
CSV_MIMETYPE = "text/csv"

#: Leading characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: A value in a row: text, a date (a real date in a workbook), a number, or nothing.
Value = str | date | int | float | None


def cell(value: Value) -> Value:
    """The value as it is safe to write: text cleaned and, if a spreadsheet would run it as a
    formula, prefixed with '; dates, numbers and None unchanged."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(value: Value) -> str:
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_bytes(headings: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    """The rows under their headings as CSV: UTF-8 with a byte-order mark (for Excel), dates as
    YYYY-MM-DD, every value through `cell`."""
    return b"".join(csv_chunks(headings, rows))


def csv_chunks(
    headings: Sequence[str], rows: Iterable[Sequence[Value]], rows_per_chunk: int = 500
) -> Iterator[bytes]:
    """`csv_bytes` a few hundred rows at a time, for a streamed download: the byte-order mark
    and headings first, then each chunk as soon as its rows arrive."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_value(h) for h in headings])
    encoding = "utf-8-sig"
    for number, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(value) for value in row])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode(encoding)
            buffer.seek(0)
            buffer.truncate()
            encoding = "utf-8"
    yield buffer.getvalue().encode(encoding)


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, its column headings and widths, and its rows."""

    #: Worksheet name (Excel allows at most 31 characters).
    name: str
    headings: Sequence[str]
    rows: Iterable[Sequence[Value]]
    #: Column widths, in characters, in the order of the headings.
    widths: Sequence[int] = ()
    #: Printed at the top of every page.
    page_header: str | None = None


def _write_sheet(sheet, spec: Sheet, bold: Font, wrap: Alignment) -> None:
    for row_number, values in enumerate([spec.headings, *spec.rows], start=1):
        for column_number, value in enumerate(values, start=1):
            target = sheet.cell(row=row_number, column=column_number)
            value = cell(value)
            target.value = value if value != "" else None
            if isinstance(value, str) and value:
                target.data_type = "s"  # stored as text, never as a formula
            elif isinstance(value, date):
                target.number_format = "d mmmm yyyy"
            target.alignment = wrap
            if row_number == 1:
                target.font = bold
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    if spec.page_header:
        # "&" starts a header code in Excel; "&&" prints one.
        sheet.oddHeader.center.text = clean_text(spec.page_header).replace("&", "&&")


def xlsx_bytes(sheets: Sequence[Sheet], *, title: str, description: str | None = None) -> bytes:
    """A workbook with one worksheet per `Sheet`: a bold frozen header row that repeats on
    printed pages, wrapped text, dates as real dates, every value through `cell`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = clean_text(title)
    workbook.properties.description = clean_text(description)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for spec in sheets:
        _write_sheet(workbook.create_sheet(spec.name), spec, bold, wrap)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
