"""Exporting actions as CSV or XLSX that read back through `plan_import.preview`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.services.actions.actions import is_overdue
from scrutiny.services.core import clocks
from scrutiny.services.core.clocks import to_local
from scrutiny.services.files import spreadsheets
from scrutiny.services.plans import plans

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
    sheet = spreadsheets.Sheet(
        "Actions", EXPORT_HEADINGS, _export_rows(actions, today, session), _WIDTHS
    )
    return spreadsheets.xlsx_bytes([sheet], title="Actions")
