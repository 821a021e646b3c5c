"""The minutes as a document: what the page and the PDF show, in the layout of seed 003."""

from __future__ import annotations

from collections import defaultdict

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action
from scrutiny.models.meetings import ItemKind, Meeting
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.actions import carried_lines
from scrutiny.services.core.clocks import to_local
from scrutiny.services.files import pdfs
from scrutiny.services.minutes import minutes, minutes_attendance

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def roman(number: int) -> str:
    """Lower-case roman numeral for outcome parts (1 -> 'i')."""
    return ROMAN[number - 1] if 0 < number <= len(ROMAN) else str(number)


def context(session: Session, meeting: Meeting, *, include_exempt: bool) -> dict:
    """Everything the minutes page and PDF print, in two handfuls of queries."""
    rows = minutes_attendance.attendance(session, meeting)
    present = [a for a in rows if a.kind == "present"]
    order = {"chairman": 0, "vice_chairman": 1}
    present.sort(key=lambda a: (order.get(a.role or "", 2), a.display_name.split()[-1]))
    officers_by_service: dict[str, list[str]] = defaultdict(list)
    for a in rows:
        if a.kind == "officer":
            officers_by_service[a.service or ""].append(a.display_name)
    entries = [
        m for m in minutes.minutes_of(session, meeting) if include_exempt or not m.item.exempt
    ]
    part_ids = [p.id for m in entries for p in m.parts]
    actions = defaultdict(list)
    recommendations = defaultdict(list)
    if part_ids:
        for action in session.scalars(
            select(Action)
            .where(Action.outcome_part_id.in_(part_ids))
            .options(selectinload(Action.owner_posts))
        ):
            actions[action.outcome_part_id].append(action)
        for rec in session.scalars(
            select(Recommendation).where(Recommendation.outcome_part_id.in_(part_ids))
        ):
            recommendations[rec.outcome_part_id].append(rec)
    return {
        "attendance": rows,
        "present": present,
        "present_groups": minutes_attendance.group_by_role(present, lambda a: a.role),
        "substitutes": [a for a in rows if a.kind == "substitute"],
        "apologies": [a for a in rows if a.kind == "apologies"],
        "absent": [a for a in rows if a.kind == "absent"],
        "officers_by_service": dict(officers_by_service),
        "declarations": [
            d
            for d in minutes_attendance.declarations(session, meeting)
            if include_exempt or d.item is None or not d.item.exempt
        ],
        "entries": entries,
        "hidden_exempt": any(m.item.exempt for m in minutes.minutes_of(session, meeting))
        and not include_exempt,
        "actions": actions,
        "recommendations": recommendations,
        "approval": minutes.approval_of(session, meeting),
        "locked": minutes.is_locked(session, meeting),
        "starts": to_local(meeting.starts_at),
        "commenced": to_local(meeting.commenced_at) if meeting.commenced_at else None,
        "concluded": to_local(meeting.concluded_at) if meeting.concluded_at else None,
        "roman": roman,
        "carried": carried_lines.lines_by_item(session, meeting, to_local(meeting.starts_at).date())
        if any(m.item.kind == ItemKind.OVERDUE for m in entries)
        else {},
    }


def pdf(session: Session, meeting: Meeting, *, include_exempt: bool) -> bytes:
    """The minutes rendered as a PDF with the chairman's signature line."""
    html = render_template(
        "minutes/document.html",
        meeting=meeting,
        **context(session, meeting, include_exempt=include_exempt),
    )
    return pdfs.html_to_pdf(html)
