"""Exporting actions as CSV or XLSX that read back through `plan_import.preview`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, object_session

from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.services.core import clocks
from scrutiny.services.core.clocks import to_local
from scrutiny.services.files import spreadsheets

EXPORT_HEADINGS = (
    "Reference",
    "Plan",
    "Priority",
    "Action",
    "Owners",
    "Due",
    "Status",
    "Latest RAG",
    "Overdue",
    "Last update",
    "Source",
)
_WIDTHS = (12, 30, 30, 60, 30, 24, 14, 12, 10, 14, 30)


class _Titles:
    """Plan and priority titles by id, read as the rows that name them arrive (kept across
    batches, so each title is read once)."""

    def __init__(self, session: Session | None):
        self.session = session
        self.known: dict[type, dict[int, str]] = {ServicePlan: {}, PlanPriority: {}}

    def of(self, model, ids: set) -> dict[int, str]:
        known = self.known[model]
        wanted = {i for i in ids if i and i not in known}
        if wanted:
            query = select(model.id, model.title).where(model.id.in_(wanted))
            known.update(self.session.execute(query).all())
        return known


def _export_rows(actions, today: date | None, session: Session | None, titles=None) -> list[list]:
    actions = list(actions)
    today = today or clocks.today()
    session = session or (object_session(actions[0]) if actions else None)
    titles = titles or _Titles(session)
    plan_titles = titles.of(ServicePlan, {a.plan_id for a in actions})
    priority_titles = titles.of(PlanPriority, {a.priority_id for a in actions})
    return [
        [
            a.reference or "",
            plan_titles.get(a.plan_id, ""),
            priority_titles.get(a.priority_id, ""),
            a.description,
            "; ".join(p.name for p in a.owner_posts),
            a.due.label,
            a.status_label,
            a.latest_rag.capitalize() if a.latest_rag else "",
            "Yes" if a.is_overdue(today) else "No",
            to_local(a.last_update_at).date() if a.last_update_at else None,
            a.source_reference or "",
        ]
        for a in actions
    ]


def rows_read_in_batches(
    session: Session, queries: Sequence[Select], today: date, batch: int = 500
) -> Iterator[list]:
    """The export rows of the actions `queries` select, one after another, read `batch`
    actions at a time: memory stays bounded however many actions match."""
    titles = _Titles(session)
    for query in queries:
        found = session.scalars(query.execution_options(yield_per=batch))
        for actions in found.partitions():
            yield from _export_rows(actions, today, session, titles)


def stream_actions_csv(session: Session, queries: Sequence[Select], today: date) -> Iterator[bytes]:
    """`export_actions_csv` of the actions `queries` select, streamed: the first bytes leave
    before the last actions are read."""
    return spreadsheets.csv_chunks(EXPORT_HEADINGS, rows_read_in_batches(session, queries, today))


def export_actions_csv(
    actions, *, today: date | None = None, session: Session | None = None
) -> bytes:
    """Actions as CSV (UTF-8 with a byte-order mark for Excel) through the shared writer, so
    cells a spreadsheet would run as formulas are prefixed with '. Reads back through `preview`."""
    return spreadsheets.csv_bytes(EXPORT_HEADINGS, _export_rows(actions, today, session))


def export_actions_xlsx(
    actions, *, today: date | None = None, session: Session | None = None
) -> bytes:
    """Actions as a spreadsheet through the shared writer: a bold frozen header, text stored as
    text (never a formula), the last update as a real date. Reads back through `preview`."""
    return export_rows_xlsx(_export_rows(actions, today, session))


def export_rows_xlsx(rows: Iterable[list]) -> bytes:
    """Export rows (`rows_read_in_batches`) as `export_actions_xlsx`'s spreadsheet."""
    sheet = spreadsheets.Sheet("Actions", EXPORT_HEADINGS, rows, _WIDTHS)
    return spreadsheets.xlsx_bytes([sheet], title="Actions")
