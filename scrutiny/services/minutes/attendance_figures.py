"""A member's attendance figures per municipal year and committee, from recorded attendance.

Only meetings that took place count (cancelled meetings are left out); apologies are counted
apart from absence without apologies, and attending as a substitute apart from both. For the
public, only meetings whose minutes are published count (attendance is published with them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.minutes import Attendance, AttendanceKind
from scrutiny.models.people import User
from scrutiny.services.core.clocks import to_local
from scrutiny.services.meetings.meetings import municipal_year_label, municipal_year_start


@dataclass
class YearFigures:
    """One municipal year on one committee: how often the member was there or sent apologies."""

    year_label: str
    committee: Committee
    present: int = 0
    apologies: int = 0
    absent: int = 0
    substitute: int = 0

    @property
    def expected(self) -> int:
        """Meetings the member was expected at (as a member, not as a substitute)."""
        return self.present + self.apologies + self.absent

    @property
    def percent(self) -> int | None:
        """Present as a share of expected meetings, rounded; None if none were expected."""
        return round(100 * self.present / self.expected) if self.expected else None


_FIELD = {
    AttendanceKind.PRESENT: "present",
    AttendanceKind.APOLOGIES: "apologies",
    AttendanceKind.ABSENT: "absent",
    AttendanceKind.SUBSTITUTE: "substitute",
}


def figures_for(
    session: Session,
    person: User,
    *,
    public_only: bool,
    may_see: Callable[[Committee], bool],
) -> list[YearFigures]:
    """The member's figures, newest municipal year first, then by committee name; only for
    committees `may_see` allows."""
    query = (
        select(Attendance.kind, Meeting)
        .join(Meeting, Attendance.meeting_id == Meeting.id)
        .where(
            Attendance.user_id == person.id,
            Attendance.kind.in_([k.value for k in _FIELD]),
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .options(selectinload(Meeting.committee))
    )
    if public_only:
        query = query.where(Meeting.minutes_published_at.is_not(None))
    rows: dict[tuple, YearFigures] = {}
    for kind, meeting in session.execute(query):
        if not may_see(meeting.committee):
            continue
        start = municipal_year_start(to_local(meeting.starts_at).date())
        key = (start, meeting.committee.name, meeting.committee_id)
        figures = rows.setdefault(
            key, YearFigures(year_label=municipal_year_label(start), committee=meeting.committee)
        )
        name = _FIELD[AttendanceKind(kind)]
        setattr(figures, name, getattr(figures, name) + 1)
    ordered = sorted(rows, key=lambda k: (-k[0].toordinal(), k[1], k[2]))
    return [rows[k] for k in ordered]
