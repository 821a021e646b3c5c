"""Finding meetings: upcoming or past, by municipal year, and as a month calendar.

Municipal years come from `meetings.municipal_year_start` (May to May); times are stored in UTC
and a meeting belongs to the local (Europe/London) day it starts on.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.services.core.clocks import to_local
from scrutiny.services.meetings.meetings import (
    local_datetime,
    municipal_year_label,
    municipal_year_start,
)

#: The views of the meetings list.
UPCOMING, PAST = "upcoming", "past"


def year_bounds(start_year: int) -> tuple[datetime, datetime]:
    """The UTC instants at which the municipal year starting in May `start_year` begins and ends."""
    first = municipal_year_start(date(start_year, 6, 1))
    return local_datetime(first, time(0, 0)), local_datetime(
        first.replace(year=first.year + 1), time(0, 0)
    )


def municipal_years(session: Session, query: Select) -> list[tuple[int, str]]:
    """(start year, '2025/26') for every municipal year from the first meeting in `query` to the
    last, newest first; `query` selects the Meeting rows the reader may see."""
    meetings = query.subquery()
    first, last = session.execute(
        select(func.min(meetings.c.starts_at), func.max(meetings.c.starts_at))
    ).one()
    if first is None:
        return []
    low = municipal_year_start(to_local(first).date()).year
    high = municipal_year_start(to_local(last).date()).year
    return [(y, municipal_year_label(date(y, 5, 1))) for y in range(high, low - 1, -1)]


def in_view(query: Select, view: str, year: int | None, now: datetime) -> Select:
    """Narrow a meetings query to a municipal year (in date order), or else to those still to
    come (soonest first) or already past (latest first)."""
    if year is not None:
        start, end = year_bounds(year)
        return query.where(Meeting.starts_at >= start, Meeting.starts_at < end).order_by(
            Meeting.starts_at
        )
    if view == PAST:
        return query.where(Meeting.starts_at < now).order_by(Meeting.starts_at.desc())
    return query.where(Meeting.starts_at >= now).order_by(Meeting.starts_at)


def recent(
    session: Session, committee: Committee, now: datetime, *, include_drafts: bool, limit: int = 5
) -> list[Meeting]:
    """The committee's latest past meetings, latest first (the mirror of `meetings.upcoming`)."""
    query = select(Meeting).where(Meeting.committee_id == committee.id, Meeting.starts_at < now)
    if not include_drafts:
        query = query.where(Meeting.status != MeetingStatus.DRAFT)
    return list(session.scalars(query.order_by(Meeting.starts_at.desc()).limit(limit)))


def time_label(meeting: Meeting) -> str:
    """The meeting's local start time, '10:00am' or '5:30pm'."""
    local = to_local(meeting.starts_at)
    return f"{local:%I}".lstrip("0") + f":{local:%M}" + f"{local:%p}".lower()


@dataclass
class Day:
    """One square of the month grid: its date, whether it is in the month, and its meetings."""

    day: date
    in_month: bool
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class Month:
    """A month as weeks of seven days (Monday first), with the months either side."""

    first: date
    weeks: list[list[Day]]

    @property
    def label(self) -> str:
        return self.first.strftime("%B %Y")

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def following(self) -> date:
        return next_month(self.first)

    @property
    def meeting_count(self) -> int:
        return sum(len(d.meetings) for week in self.weeks for d in week if d.in_month)


def next_month(first: date) -> date:
    """The first day of the month after the one `first` is in."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_bounds(first: date) -> tuple[datetime, datetime]:
    """The UTC instants at which the local calendar month starting on `first` begins and ends."""
    return local_datetime(first, time(0, 0)), local_datetime(next_month(first), time(0, 0))


def month_grid(first: date, meetings: list[Meeting]) -> Month:
    """The month starting on `first` laid out Monday to Sunday, each meeting on its local day."""
    by_day: dict[date, list[Meeting]] = {}
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        by_day.setdefault(to_local(meeting.starts_at).date(), []).append(meeting)
    weeks = [
        [Day(d, d.month == first.month, by_day.get(d, []) if d.month == first.month else [])
         for d in week]
        for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
            first.year, first.month
        )
    ]  # fmt: skip
    return Month(first=first, weeks=weeks)
