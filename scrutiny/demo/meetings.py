"""Demo meetings from seed 003: the 20 October 2022 and 24 February 2023 panel meetings (with
the real agenda and placeholder reports of the real lengths), plus the panel's meetings for the
current and next municipal year relative to today, so deadlines have live work to show."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.committees import Committee
from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting, MeetingStatus
from scrutiny.models.people import User
from scrutiny.services import agenda, documents, meetings
from scrutiny.services.clocks import to_local
from scrutiny.services.simple_pdf import text_pdf

VENUE = "New Council Chamber - Town Hall"

#: Seed 003's agenda of 24 February 2023 after the standard items: title, presenting officer,
#: and the pages of its report in the real pack.
FEBRUARY_2023_REPORTS = [
    (
        "Month 9 Report to CYPS Scrutiny February 2023",
        "Report of the Senior/Principal Accountant (Childrens)",
        14,
    ),
    (
        "Improvement in Children's Services 2020 – to date",
        "Report of the Director, Children's Services",
        50,
    ),
    (
        "Family Hubs and Children's Centres",
        "Report of the Family Wellbeing Locality Team Manager and the Head of Front Door and "
        "Family Wellbeing (Early Help)",
        22,
    ),
    ("Corporate Parenting", "Report of the Director, Children's Services", 6),
]


def _meeting_at(session: Session, committee: Committee, starts_at: datetime) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(Meeting.committee_id == committee.id, Meeting.starts_at == starts_at)
    )


def _ensure_meeting(session, committee, day: date, at: time, contact: User, now) -> tuple:
    starts_at = meetings.local_datetime(day, at)
    meeting = _meeting_at(session, committee, starts_at)
    if meeting is not None:
        return meeting, False
    meeting = meetings.create_meeting(
        session,
        committee,
        starts_at=starts_at,
        venue=VENUE,
        contact_id=contact.id,
        now=now,
        allow_past=True,
    )
    return meeting, True


def _attach(session, item: AgendaItem, title: str, pages: int, now, lines=None) -> None:
    documents.add_document(
        session,
        item,
        text_pdf(title, pages, lines),
        filename=f"{title[:40]}.pdf",
        title="Report",
        now=now,
        user_id=None,
    )


def _february_2023(session, panel, contact, now) -> int:
    meeting, created = _ensure_meeting(session, panel, date(2023, 2, 24), time(10, 0), contact, now)
    if not created:
        return 0
    items = {i.kind: i for i in agenda.agenda_items(session, meeting)}
    items[
        ItemKind.MINUTES
    ].description = (
        "Minutes of the Panel meeting held on 20 October 2022 – to approve as a correct record."
    )
    _attach(session, items[ItemKind.MINUTES], "Minutes of 20 October 2022", 4, now)
    for title, officer, pages in FEBRUARY_2023_REPORTS:
        item = agenda.add_item(
            session,
            meeting,
            kind=ItemKind.REPORT,
            title=title,
            presenting_officer=officer,
            now=now,
            expected_version=None,
        )
        _attach(session, item, title, pages, now)
    work_plan = items[ItemKind.WORK_PROGRAMME]
    work_plan.presenting_officer = "Report of the Policy and Scrutiny Senior Officer"
    _attach(session, work_plan, "Panel's Work Plan", 8, now)
    meeting.status = MeetingStatus.HELD
    meeting.published_at = meetings.local_datetime(date(2023, 2, 16), time(9, 0))
    return 1


def _october_2022(session, panel, contact, now) -> int:
    meeting, created = _ensure_meeting(
        session, panel, date(2022, 10, 20), time(10, 0), contact, now
    )
    if not created:
        return 0
    meeting.status = MeetingStatus.HELD
    meeting.published_at = meetings.local_datetime(date(2022, 10, 12), time(9, 0))
    return 1


def _second_thursday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 7)


def _live_year(session, panel, contact, now) -> int:
    today = to_local(now).date()
    start = meetings.municipal_year_start(today).year
    created = 0
    upcoming_done = False
    for year_start in (start, start + 1):
        for year, month in (
            (year_start, 6),
            (year_start, 9),
            (year_start, 11),
            (year_start + 1, 1),
            (year_start + 1, 3),
        ):
            day = _second_thursday(year, month)
            meeting, new = _ensure_meeting(session, panel, day, time(10, 0), contact, now)
            if not new:
                continue
            created += 1
            if meeting.starts_at < now:
                meeting.status = MeetingStatus.HELD
                meeting.published_at = meetings.local_datetime(
                    meetings.deadline_for(meeting), time(9, 0)
                )
            else:
                meeting.status = MeetingStatus.SCHEDULED
                if not upcoming_done:
                    upcoming_done = True
                    item = agenda.add_item(
                        session,
                        meeting,
                        kind=ItemKind.REPORT,
                        title="SEND Improvement Plan: progress update",
                        presenting_officer="Report of the Head of SEND",
                        now=now,
                        expected_version=None,
                    )
                    _attach(session, item, "SEND Improvement Plan: progress update", 12, now)
    return created


def load_meetings(session: Session, panel: Committee, contact: User, now: datetime) -> int:
    """Create the demo meetings that are missing; returns how many were created."""
    return (
        _october_2022(session, panel, contact, now)
        + _february_2023(session, panel, contact, now)
        + _live_year(session, panel, contact, now)
    )
