"""Meetings: creating them (singly or as a series), rescheduling, cancelling, status moves,
the statutory publication deadline and publishing the agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from scrutiny.models.committees import Committee
from scrutiny.models.meetings import MEETING_MOVES, Meeting, MeetingStatus
from scrutiny.services.core.clocks import local_zone, to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.core.working_days import (
    STATUTORY_CLEAR_DAYS,
    publication_deadline,
    working_days_between,
)
from scrutiny.services.jobs import notifications
from scrutiny.services.meetings import agenda


def local_datetime(day: date, at: time) -> datetime:
    """A local (Europe/London) date and time as an aware UTC datetime."""
    from datetime import UTC

    return datetime.combine(day, at, tzinfo=local_zone()).astimezone(UTC)


def municipal_year_start(day: date) -> date:
    """The 1 May that starts the municipal year containing `day` (years run May to May)."""
    return date(day.year if day.month >= 5 else day.year - 1, 5, 1)


def municipal_year_label(day: date) -> str:
    """'2022/23' for any day in the municipal year starting May 2022."""
    start = municipal_year_start(day).year
    return f"{start}/{str(start + 1)[-2:]}"


def deadline_for(meeting: Meeting) -> date:
    """The last day the meeting's agenda may be published (five clear working days)."""
    config = current_app.config
    return publication_deadline(
        to_local(meeting.starts_at).date(),
        region=config["SCRUTINY_BANK_HOLIDAYS"],
        working_days_only=config["SCRUTINY_CLEAR_DAYS_ARE_WORKING_DAYS"],
    )


@dataclass(frozen=True)
class DeadlineState:
    """How an unpublished agenda stands against its publication deadline on a given day."""

    deadline: date
    #: Working days from today to the deadline (0 on the day itself, or once it has passed).
    working_days_left: int
    late: bool

    @property
    def label(self) -> str:
        """ "late", "due today", "due in 1 working day" or "due in 3 working days"."""
        if self.late:
            return "late"
        if self.working_days_left == 0:
            return "due today"
        plural = "s" if self.working_days_left != 1 else ""
        return f"due in {self.working_days_left} working day{plural}"

    @property
    def soon(self) -> bool:
        """True when the deadline is close enough to warn about (or has passed)."""
        return self.late or self.working_days_left <= STATUTORY_CLEAR_DAYS


def deadline_state(meeting: Meeting, today: date) -> DeadlineState:
    """The meeting's publication deadline and how `today` stands against it."""
    deadline = deadline_for(meeting)
    region = current_app.config["SCRUTINY_BANK_HOLIDAYS"]
    return DeadlineState(
        deadline,
        working_days_between(today, deadline, region=region),
        today > deadline,
    )


def meeting_number(session: Session, meeting: Meeting) -> int:
    """The meeting's number in its committee's municipal year ("Panel Meeting 2")."""
    local_day = to_local(meeting.starts_at).date()
    year_start = local_datetime(municipal_year_start(local_day), time(0, 0))
    return session.scalar(
        select(func.count(Meeting.id)).where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.status != MeetingStatus.CANCELLED,
            Meeting.starts_at >= year_start,
            Meeting.starts_at <= meeting.starts_at,
        )
    )


def upcoming(
    session: Session, committee: Committee, now: datetime, *, include_drafts: bool, limit: int = 5
) -> list[Meeting]:
    """The committee's next meetings from `now` (drafts only for those who may see them)."""
    query = select(Meeting).where(Meeting.committee_id == committee.id, Meeting.starts_at >= now)
    if not include_drafts:
        query = query.where(Meeting.status != MeetingStatus.DRAFT)
    return list(session.scalars(query.order_by(Meeting.starts_at).limit(limit)))


def agenda_open_after(now: datetime):
    """SQL: a meeting after `now` whose agenda is still open (not yet published)."""
    return and_(Meeting.starts_at > now, Meeting.agenda_open)


def open_agenda_meetings(session: Session, now: datetime, *, limit: int) -> list[Meeting]:
    """Meetings of any committee after `now` whose agenda is still open, soonest first (for
    putting a report on an agenda)."""
    query = select(Meeting).where(agenda_open_after(now)).order_by(Meeting.starts_at, Meeting.id)
    return list(session.scalars(query.limit(limit)))


def start_times(session: Session) -> list[datetime]:
    """Every meeting's start: a page that splits upcoming meetings from past ones changes
    only when one of these passes (the public page cache keys on the latest passed)."""
    query = select(Meeting.starts_at)
    return list(session.connection().execute(query).scalars())  # Core: no ORM work


def next_open_meetings(
    session: Session, committee_ids: set[int], now: datetime, *, lock: bool = False
) -> dict[int, Meeting]:
    """committee id -> its next meeting after `now` whose agenda is still open, in one query.

    With `lock`, the meetings are locked (FOR UPDATE), so a concurrent roll-over waits and then
    finds the carries already made.
    """
    if not committee_ids:
        return {}
    first = (
        select(Meeting.committee_id, func.min(Meeting.starts_at).label("starts_at"))
        .where(Meeting.committee_id.in_(committee_ids), agenda_open_after(now))
        .group_by(Meeting.committee_id)
        .subquery()
    )
    query = select(Meeting).join(
        first,
        (Meeting.committee_id == first.c.committee_id) & (Meeting.starts_at == first.c.starts_at),
    )
    if lock:
        query = query.with_for_update(of=Meeting)
    return {m.committee_id: m for m in session.scalars(query)}


def next_open_meeting(session: Session, committee_id: int, now: datetime) -> Meeting | None:
    """The committee's next meeting after `now` whose agenda is still open, if any."""
    return next_open_meetings(session, {committee_id}, now).get(committee_id)


def _check_future(starts_at: datetime, now: datetime, allow_past: bool, field: str) -> None:
    if not allow_past and starts_at <= now:
        raise DomainError("The meeting must be in the future", field=field)


def create_meeting(
    session: Session,
    committee: Committee,
    *,
    starts_at: datetime,
    venue: str,
    formal: bool = True,
    contact_id: int | None = None,
    now: datetime,
    allow_past: bool = False,
) -> Meeting:
    """Create a draft meeting whose agenda starts with the committee's standard items."""
    _check_future(starts_at, now, allow_past, "meeting_date")
    if not committee.active:
        raise DomainError("Meetings cannot be added to an inactive committee")
    meeting = Meeting(
        committee=committee,
        starts_at=starts_at,
        venue=(venue or "").strip(),
        formal=formal,
        status=MeetingStatus.DRAFT,
        contact_id=contact_id,
    )
    session.add(meeting)
    session.flush()
    agenda.add_standard_items(session, meeting)
    return meeting


@dataclass
class SeriesError:
    """A line of a series that could not be used, and why."""

    line: int
    text: str
    message: str


def parse_series_dates(text: str, now: datetime) -> tuple[list[date], list[SeriesError]]:
    """Read one date per line ('24/02/2023', '24 February 2023' or '2023-02-24')."""
    dates, errors = [], []
    today = to_local(now).date()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parsed = None
        for pattern in ("%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"):
            try:
                parsed = datetime.strptime(line, pattern).date()
                break
            except ValueError:
                continue
        if parsed is None:
            errors.append(SeriesError(number, line, "is not a date like 24/02/2027"))
        elif parsed < today:
            errors.append(SeriesError(number, line, "is in the past"))
        elif parsed in dates:
            errors.append(SeriesError(number, line, "appears twice"))
        else:
            dates.append(parsed)
    return dates, errors


def create_series(
    session: Session,
    committee: Committee,
    *,
    dates_text: str,
    at: time,
    venue: str,
    formal: bool,
    contact_id: int | None,
    now: datetime,
) -> list[Meeting]:
    """Create one meeting per listed date, all or none; DomainError lists every bad line."""
    dates, errors = parse_series_dates(dates_text, now)
    if errors:
        detail = "; ".join(f"line {e.line} ({e.text}) {e.message}" for e in errors)
        raise DomainError(f"No meetings were created: {detail}", field="dates")
    if not dates:
        raise DomainError("Enter at least one date, one per line", field="dates")
    meetings = []
    for day in sorted(dates):
        meetings.append(
            create_meeting(
                session,
                committee,
                starts_at=local_datetime(day, at),
                venue=venue,
                formal=formal,
                contact_id=contact_id,
                now=now,
            )
        )
    return meetings


def reschedule(
    meeting: Meeting,
    *,
    starts_at: datetime,
    venue: str,
    formal: bool,
    contact_id: int | None,
    now: datetime,
    expected_version: int | None,
) -> None:
    """Change a meeting's time, venue or formality; the history keeps the old values."""
    check_version(meeting, expected_version, "this meeting")
    if meeting.status not in {
        MeetingStatus.DRAFT,
        MeetingStatus.SCHEDULED,
        MeetingStatus.PUBLISHED,
    }:
        raise DomainError(f"A meeting that is {meeting.status_label.lower()} cannot be moved")
    if starts_at != meeting.starts_at:
        _check_future(starts_at, now, False, "meeting_date")
    meeting.starts_at = starts_at
    meeting.venue = (venue or "").strip()
    meeting.formal = formal
    meeting.contact_id = contact_id


def move_status(
    meeting: Meeting,
    to: MeetingStatus,
    *,
    now: datetime,
    expected_version: int | None,
    reason: str | None = None,
) -> None:
    """Move a meeting to another status if the move is allowed (publishing has its own path)."""
    check_version(meeting, expected_version, "this meeting")
    current = MeetingStatus(meeting.status)
    if to not in MEETING_MOVES[current]:
        raise DomainError(f"A meeting cannot go from {current.label.lower()} to {to.label.lower()}")
    if to == MeetingStatus.PUBLISHED:
        raise DomainError("Use Publish agenda to publish")
    if to == MeetingStatus.CANCELLED:
        if not (reason or "").strip():
            raise DomainError("Give the reason for cancelling", field="reason")
        meeting.cancelled_reason = reason.strip()
    if to == MeetingStatus.HELD and to_local(meeting.starts_at).date() > to_local(now).date():
        raise DomainError("A meeting cannot be marked as held before the day it takes place")
    meeting.status = to


@dataclass
class PublicationCheck:
    """What publishing now would mean: the deadline and whether it has passed."""

    deadline: date
    late: bool
    items: int


def check_publication(session: Session, meeting: Meeting, now: datetime) -> PublicationCheck:
    """The deadline, whether publishing at `now` is late, and how many items there are."""
    deadline = deadline_for(meeting)
    return PublicationCheck(deadline, to_local(now).date() > deadline, len(meeting.items))


def publish(
    session: Session,
    meeting: Meeting,
    *,
    now: datetime,
    late_reason: str | None,
    expected_version: int | None,
) -> None:
    """Publish the agenda: record when; after the deadline a reason for urgency is required."""
    check_version(meeting, expected_version, "this meeting")
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(
            "Only a scheduled meeting can be published"
            + (": schedule it first" if meeting.status == MeetingStatus.DRAFT else "")
        )
    check = check_publication(session, meeting, now)
    if check.items == 0:
        raise DomainError("The agenda has no items")
    if check.late and not (late_reason or "").strip():
        raise DomainError(
            "The publication deadline has passed: give the reason the agenda is late "
            "(s100B(4) urgency)",
            field="late_reason",
        )
    meeting.status = MeetingStatus.PUBLISHED
    meeting.published_at = now
    meeting.late_publication_reason = (late_reason or "").strip() or None if check.late else None
    notifications.agenda_published(session, meeting, now)
