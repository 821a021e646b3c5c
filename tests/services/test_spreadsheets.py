"""The one spreadsheet and CSV writer: no formulas, no characters XML cannot hold."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from scrutiny.services.files import spreadsheets
from scrutiny.services.files.spreadsheets import Sheet, cell

HOSTILE = [
    "a\x00b",
    "a\x0bb",
    "a\x1fb",
    "a\ud800b",
    '=HYPERLINK("http://evil","x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tTabbed",
    "\rReturned",
]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Plain text", "Plain text"),
        ("a\x00b\x0bc\x1fd\ud800e\ufffe", "abcde"),
        ("line one\nline two\tcolumn", "line one\nline two\tcolumn"),
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturned", "'\rReturned"),
        ("\x00=1+2", "'=1+2"),  # cleaned first, so a hidden NUL cannot shield a formula
        ("Cost = 2 + 2", "Cost = 2 + 2"),
        (date(2026, 1, 2), date(2026, 1, 2)),
        (3, 3),
        (None, None),
    ],
)
def test_cells_are_cleaned_and_formulas_neutralised(value, written):
    assert cell(value) == written


def test_csv_quotes_formulas_and_drops_control_characters():
    data = spreadsheets.csv_bytes(["Text", "Day"], [[v, date(2026, 1, 2)] for v in HOSTILE])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Text", "Day"]
    texts = [r[0] for r in rows[1:]]
    assert texts[:4] == ["ab"] * 4
    assert texts[4:] == ["'" + v for v in HOSTILE[4:]]
    assert {r[1] for r in rows[1:]} == {"2026-01-02"}


def test_xlsx_holds_text_never_formulas():
    sheet = Sheet("Hostile", ["=Heading"], [[v] for v in HOSTILE] + [[date(2026, 1, 2)]], [30])
    data = spreadsheets.xlsx_bytes([sheet], title="A & B\x0b", description="\x00")
    book = load_workbook(io.BytesIO(data))
    cells = [row[0] for row in book["Hostile"].iter_rows()]
    assert not any(c.data_type == "f" for c in cells)
    assert [c.value for c in cells[1:5]] == ["ab"] * 4
    assert cells[0].value == "'=Heading" and cells[0].font.bold
    # a lone carriage return is a cell's line break, a newline
    assert [c.value for c in cells[5:11]] == ["'" + v.replace("\r", "\n") for v in HOSTILE[4:]]
    assert cells[11].is_date and cells[11].number_format == "d mmmm yyyy"
    assert book.properties.title == "A & B"


def test_csv_chunks_stream_the_same_file_a_few_rows_at_a_time():
    """A streamed CSV is the same file: the byte-order mark once, at the start."""
    rows = [[f"=row {n}", date(2026, 1, n + 1)] for n in range(5)]
    chunks = list(spreadsheets.csv_chunks(["Text", "Day"], rows, rows_per_chunk=2))
    assert len(chunks) == 3
    assert b"".join(chunks) == spreadsheets.csv_bytes(["Text", "Day"], rows)
    assert chunks[0].startswith(b"\xef\xbb\xbfText,Day\r\n'=row 0,2026-01-01")
    assert not any(chunk.startswith(b"\xef\xbb\xbf") for chunk in chunks[1:])
