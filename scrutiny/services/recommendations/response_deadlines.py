"""The executive's response clock: two months beginning with receipt (LGA 2000 s9FE), the
panel's first meeting after submission, and which responses should stand out."""

from __future__ import annotations

import calendar
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.services.core.clocks import to_local
from scrutiny.services.meetings.meetings import local_datetime

#: Responses due within this many days are highlighted.
DUE_SOON_DAYS = 14


def response_deadline(received_on: date) -> date:
    """The last day of "two months beginning with" the day of receipt.

    The period ends the day before the same day-number two months later (received 15 January:
    due 14 March); where that month has no such day it ends on the month's last day (received
    31 December: due 28 February, or 29 February in a leap year). Bank holidays do not move it.
    """
    year, month = received_on.year, received_on.month + 2
    if month > 12:
        year, month = year + 1, month - 12
    last_day = calendar.monthrange(year, month)[1]
    if received_on.day > last_day:
        return date(year, month, last_day)
    return date(year, month, received_on.day) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day-number `months` later, or that month's last day if it is shorter."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_meeting_after(session: Session, committee_id: int, day: date) -> Meeting | None:
    """The committee's first meeting (not cancelled) on a later day than `day`."""
    after = local_datetime(day + timedelta(days=1), time(0, 0))
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.committee_id == committee_id,
            Meeting.starts_at >= after,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def first_meetings_after(
    session: Session, pairs: set[tuple[int, date]]
) -> dict[tuple[int, date], Meeting]:
    """`first_meeting_after` for many (committee, day) pairs in one query."""
    if not pairs:
        return {}
    committee_ids = {c for c, _ in pairs}
    earliest = local_datetime(min(d for _, d in pairs) + timedelta(days=1), time(0, 0))
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id.in_(committee_ids),
            Meeting.starts_at >= earliest,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Meeting.starts_at)
    ).all()
    found: dict[tuple[int, date], Meeting] = {}
    for committee_id, day in pairs:
        for meeting in meetings:
            if meeting.committee_id == committee_id and to_local(meeting.starts_at).date() > day:
                found[(committee_id, day)] = meeting
                break
    return found


def deadline_flag(due_on: date | None, today: date, answered: bool) -> str | None:
    """'overdue' or 'due_soon' for an unanswered recommendation, else None."""
    if due_on is None or answered:
        return None
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return None
