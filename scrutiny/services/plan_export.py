"""Exporting actions as CSV or XLSX that read back through `plan_import.preview`."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.services import clocks, plans
from scrutiny.services.actions import is_overdue
from scrutiny.services.clocks import to_local

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
#: Characters that make a spreadsheet treat a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _titles(session: Session | None, model, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(model.id, model.title).where(model.id.in_(ids))).all())


def _export_rows(actions, today: date | None, session: Session | None) -> list[list]:
    actions = list(actions)
    today = today or clocks.today()
    session = session or (object_session(actions[0]) if actions else None)
    plan_ids = {a.plan_id for a in actions if a.plan_id}
    priority_ids = {a.priority_id for a in actions if a.priority_id}
    plan_titles = _titles(session, ServicePlan, plan_ids)
    priority_titles = _titles(session, PlanPriority, priority_ids)
    return [
        [
            a.reference or "",
            plan_titles.get(a.plan_id, ""),
            priority_titles.get(a.priority_id, ""),
            a.description,
            "; ".join(p.name for p in a.owner_posts),
            plans.due_of(a).label,
            a.status_label,
            a.latest_rag.capitalize() if a.latest_rag else "",
            "Yes" if is_overdue(a, today) else "No",
            to_local(a.last_update_at).date() if a.last_update_at else None,
            a.source_reference or "",
        ]
        for a in actions
    ]


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_actions_csv(
    actions, *, today: date | None = None, session: Session | None = None
) -> bytes:
    """Actions as CSV (UTF-8 with a byte-order mark for Excel); cells a spreadsheet would run as
    formulas are prefixed with '. Reads back through `preview`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADINGS)
    for row in _export_rows(actions, today, session):
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_actions_xlsx(
    actions, *, today: date | None = None, session: Session | None = None
) -> bytes:
    """Actions as a spreadsheet: a bold frozen header, every text cell stored as text (never a
    formula), the last update as a real date. Reads back through `preview`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Actions"
    sheet.append(EXPORT_HEADINGS)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    for row_number, row in enumerate(_export_rows(actions, today, session), start=2):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = value if value != "" else None
            if isinstance(value, str) and value:
                cell.data_type = "s"  # text starting with "=" stays text, not a formula
            elif isinstance(value, date):
                cell.number_format = "d mmmm yyyy"
            cell.alignment = wrap
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
