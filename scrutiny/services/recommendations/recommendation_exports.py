"""Exporting the recommendations tracker's rows as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from scrutiny.services.files import spreadsheets
from scrutiny.services.recommendations.recommendation_tracker import TrackerRow

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


def export_csv(rows: Sequence[TrackerRow]) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark for Excel, dates as YYYY-MM-DD)."""
    return spreadsheets.csv_bytes(
        [c.heading for c in EXPORT_COLUMNS],
        ([c.value(row) for c in EXPORT_COLUMNS] for row in rows),
    )


def export_xlsx(rows: Sequence[TrackerRow], title: str = "Recommendations tracker") -> bytes:
    """The rows as a spreadsheet: a bold frozen header row, dates as real dates."""
    sheet = spreadsheets.Sheet(
        "Recommendations",
        [c.heading for c in EXPORT_COLUMNS],
        ([c.value(row) for c in EXPORT_COLUMNS] for row in rows),
        [c.width for c in EXPORT_COLUMNS],
    )
    return spreadsheets.xlsx_bytes([sheet], title=title)
