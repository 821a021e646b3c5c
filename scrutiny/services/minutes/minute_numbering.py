"""Minute numbering: one run of numbers per committee and municipal year, in meeting order and
agenda order, whatever order officers start the minutes in.

Draft minutes are renumbered whenever a meeting's minutes are started or an item is added, so
an earlier meeting can always be minuted after a later one. Approved minutes never change
number: a draft that can no longer fit before them is numbered after the highest number used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.minutes import Minute, OutcomePart
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.meetings.meetings import municipal_year_start


def year_of(meeting: Meeting) -> date:
    """The 1 May starting the municipal year the meeting's minutes are numbered in."""
    return municipal_year_start(to_local(meeting.starts_at).date())


def start_minutes(
    session: Session, meeting: Meeting, *, expected_version: int | None
) -> list[Minute]:
    """Create one minute per agenda item and number the year's draft minutes in meeting order."""
    check_version(meeting, expected_version, "this meeting")
    if meeting.status != MeetingStatus.HELD:
        raise DomainError("Minutes can be started once the meeting has been held")
    created = _create_missing(session, meeting)
    meeting.status = MeetingStatus.MINUTES_DRAFT
    renumber_year(session, meeting.committee_id, year_of(meeting))
    return sorted(created, key=lambda m: m.number)


def add_missing_minutes(session: Session, meeting: Meeting) -> list[Minute]:
    """Give each agenda item added after the minutes were started (a late or urgent item) its
    minute in agenda order, renumbering the year's drafts; [] if nothing was missing."""
    if meeting.status != MeetingStatus.MINUTES_DRAFT:
        return []
    created = _create_missing(session, meeting)
    if created:
        renumber_year(session, meeting.committee_id, year_of(meeting))
    return created


def items_without_minutes(session: Session, meeting: Meeting) -> list:
    """Agenda items of a meeting whose minutes were started that have no minute yet."""
    if meeting.status not in {MeetingStatus.MINUTES_DRAFT, MeetingStatus.MINUTES_APPROVED}:
        return []
    return _unminuted(session, meeting)


def _unminuted(session: Session, meeting: Meeting) -> list:
    from scrutiny.services.meetings.agenda import agenda_items

    minuted = set(
        session.scalars(select(Minute.agenda_item_id).where(Minute.meeting_id == meeting.id))
    )
    return [item for item in agenda_items(session, meeting) if item.id not in minuted]


def _create_missing(session: Session, meeting: Meeting) -> list[Minute]:
    year_start = year_of(meeting)
    created = [_new_minute(session, meeting, i, year_start) for i in _unminuted(session, meeting)]
    session.flush()
    return created


def _new_minute(session: Session, meeting: Meeting, item, year_start: date) -> Minute:
    # A placeholder number below zero, unique in the year, until renumber_year runs.
    minute = Minute(
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        committee_id=meeting.committee_id,
        year_start=year_start,
        number=-item.id,
    )
    session.add(minute)
    return minute


def _agenda_order(minutes: list[Minute]) -> list[Minute]:
    from scrutiny.services.meetings.agenda import number_items

    by_item = {m.agenda_item_id: m for m in minutes}
    return [by_item[n.item.id] for n in number_items([m.item for m in minutes]).all]


def renumber_year(session: Session, committee_id: int, year_start: date) -> dict[int, int]:
    """Number the committee's draft minutes of the year in meeting then agenda order, around
    the fixed numbers of approved minutes; returns {minute id: old number} for those moved."""
    rows = list(
        session.scalars(
            select(Minute)
            .join(Meeting, Minute.meeting_id == Meeting.id)
            .where(Minute.committee_id == committee_id, Minute.year_start == year_start)
            .options(selectinload(Minute.item), selectinload(Minute.meeting))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )
    meetings: dict[int, list[Minute]] = {}
    for minute in rows:
        meetings.setdefault(minute.meeting_id, []).append(minute)
    fixed = {
        m.number
        for m in rows
        if m.meeting.status == MeetingStatus.MINUTES_APPROVED and m.number > 0
    }
    wanted: dict[int, int] = {}
    running = 1
    for group in meetings.values():
        if group[0].meeting.status == MeetingStatus.MINUTES_APPROVED:
            running = max(running, max(m.number for m in group) + 1)
            continue
        for minute in _agenda_order(group):
            while running in fixed:
                running += 1
            wanted[minute.id] = running
            running += 1
    moved = {m.id: m.number for m in rows if m.id in wanted and wanted[m.id] != m.number}
    if not moved:
        return {}
    changing = [m for m in rows if m.id in moved]
    lowest = min(0, *(m.number for m in rows))
    for offset, minute in enumerate(changing, start=1):
        minute.number = lowest - offset  # out of the way first, so numbers never clash mid-way
    session.flush()
    for minute in changing:
        minute.number = wanted[minute.id]
    _follow_references(session, changing, moved)
    session.flush()
    return moved


def _follow_references(session: Session, changing: list[Minute], old: dict[int, int]) -> None:
    """Actions and recommendations made from a renumbered draft minute cite its new number."""
    parts = list(
        session.scalars(
            select(OutcomePart).where(OutcomePart.minute_id.in_([m.id for m in changing]))
        )
    )
    if not parts:
        return
    minutes_by_id = {m.id: m for m in changing}
    cites = {}
    for part in parts:
        minute = minutes_by_id[part.minute_id]
        prefix = minute.meeting.committee.minute_prefix
        cites[part.id] = (
            f"{prefix} {old[minute.id]}({part.position})",
            f"{prefix} {minute.number}({part.position})",
        )
    for action in session.scalars(select(Action).where(Action.outcome_part_id.in_(cites))):
        before, after = cites[action.outcome_part_id]
        if action.reference == before:
            action.reference = after
    for rec in session.scalars(
        select(Recommendation).where(Recommendation.outcome_part_id.in_(cites))
    ):
        before, after = cites[rec.outcome_part_id]
        if rec.source == before:
            rec.source = after


@dataclass
class NumberingNote:
    """Why a meeting's minute numbers may still move, or why they run out of date order."""

    text: str


def numbering_notes(session: Session, meeting: Meeting) -> list[NumberingNote]:
    """Explanations for an officer starting minutes out of meeting order (never a refusal)."""
    if meeting.status not in {MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT}:
        return []
    year_start = year_of(meeting)
    others = [
        other
        for other in session.scalars(
            select(Meeting)
            .where(Meeting.committee_id == meeting.committee_id, Meeting.id != meeting.id)
            .order_by(Meeting.starts_at)
        )
        if year_of(other) == year_start
    ]
    notes = []
    earlier_unminuted = [
        m for m in others if m.starts_at < meeting.starts_at and m.status == MeetingStatus.HELD
    ]
    if earlier_unminuted:
        days = ", ".join(format_day(to_local(m.starts_at).date()) for m in earlier_unminuted)
        notes.append(
            NumberingNote(
                f"The minutes of the earlier meeting of {days} have not been started. Minutes "
                "are numbered in meeting order, so when they are started, these draft numbers "
                "will move up to follow them."
            )
        )
    later_approved = [
        m
        for m in others
        if m.starts_at > meeting.starts_at and m.status == MeetingStatus.MINUTES_APPROVED
    ]
    if later_approved:
        notes.append(
            NumberingNote(
                "The minutes of a later meeting in this municipal year have already been "
                "approved, and approved minutes never change number: these minutes are numbered "
                "after them."
            )
        )
    return notes
