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
from itertools import chain

import xlsxwriter

from scrutiny.services.core.text_safety import clean_text, newlines_only

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


#: XlsxWriter settings: rows go to a temporary file as they are written (memory stays flat
#: however long the sheet), and text is only ever text (never read as a formula, number or link).
_WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def _write_sheet(workbook, spec: Sheet) -> None:
    """Write `spec` as one worksheet, row after row, every value through `cell`."""
    sheet = workbook.add_worksheet(spec.name)
    body = {"text_wrap": True, "valign": "top"}
    formats = {
        "heading": workbook.add_format({**body, "bold": True}),
        "body": workbook.add_format(body),
        "date": workbook.add_format({**body, "num_format": "d mmmm yyyy"}),
    }
    for index, width in enumerate(spec.widths):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    if spec.page_header:
        # "&" starts a header code in Excel; "&&" prints one.
        sheet.set_header("&C" + clean_text(spec.page_header).replace("&", "&&"))
    last_row, widest = 0, len(spec.headings)
    for last_row, values in enumerate(chain([spec.headings], spec.rows)):
        style = formats["heading"] if last_row == 0 else formats["body"]
        for column, value in enumerate(values):
            _write_cell(sheet, last_row, column, cell(value), style, formats["date"])
        widest = max(widest, len(values))
    sheet.autofilter(0, 0, last_row, max(widest, 1) - 1)


def _write_cell(sheet, row: int, column: int, value: Value, style, date_style) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None, style)
    elif isinstance(value, str):
        # stored as text, never as a formula; a cell's line break is a newline
        sheet.write_string(row, column, newlines_only(value), style)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, date_style)
    else:
        sheet.write_number(row, column, value, style)


def xlsx_bytes(sheets: Sequence[Sheet], *, title: str, description: str | None = None) -> bytes:
    """A workbook with one worksheet per `Sheet`: a bold frozen header row that repeats on
    printed pages, wrapped text, dates as real dates, every value through `cell`. Written with
    XlsxWriter a row at a time (a county's 50,000 actions in seconds, in flat memory)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _WORKBOOK_OPTIONS)
    workbook.set_properties(
        {"title": clean_text(title) or "", "comments": clean_text(description) or ""}
    )
    for spec in sheets:
        _write_sheet(workbook, spec)
    workbook.close()
    return buffer.getvalue()
