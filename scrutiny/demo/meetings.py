"""Demo meetings from seed 003: its 20 October 2022 meeting as the panel's last meeting and its
24 February 2023 agenda (placeholder reports of the real lengths) as the next one, in draft,
plus the meetings after it; dates come from the demo's timeline."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting, MeetingStatus
from scrutiny.models.people import User
from scrutiny.services.core.clocks import format_day
from scrutiny.services.files import documents
from scrutiny.services.files.simple_pdf import text_pdf
from scrutiny.services.meetings import agenda, meetings

VENUE = "New Council Chamber - Town Hall"

#: Seed 003's agenda of 24 February 2023 after the standard items (the demo's next meeting):
#: title, presenting officer, and the pages of its report in the real pack.
NEXT_REPORTS = [
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


def _meeting_at(session: Session, committee: Committee, starts_at) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(Meeting.committee_id == committee.id, Meeting.starts_at == starts_at)
    )


def _ensure_meeting(session, committee, day: date, at: time, contact: User, tl) -> tuple:
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
        now=tl.now,
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


def _next_meeting(session, panel, contact, tl: Timeline) -> int:
    """Seed 003's agenda of 24 February 2023, in draft for the next meeting."""
    meeting, created = _ensure_meeting(session, panel, tl.next_meeting, time(10), contact, tl)
    if not created:
        return 0
    now = tl.now
    items = {i.kind: i for i in agenda.agenda_items(session, meeting)}
    last = format_day(tl.last_meeting)
    items[
        ItemKind.MINUTES
    ].description = f"Minutes of the Panel meeting held on {last} – to approve as a correct record."
    _attach(session, items[ItemKind.MINUTES], f"Minutes of {last}", 4, now)
    for title, officer, pages in NEXT_REPORTS:
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
    return 1


def _last_meeting(session, panel, contact, tl: Timeline) -> int:
    """Seed 003's meeting of 20 October 2022: held, its agenda published on time."""
    meeting, created = _ensure_meeting(session, panel, tl.last_meeting, time(10), contact, tl)
    if not created:
        return 0
    meeting.status = MeetingStatus.HELD
    meeting.published_at = meetings.local_datetime(meetings.deadline_for(meeting), time(9))
    return 1


def _later_meetings(session, panel, contact, tl: Timeline) -> int:
    """The rest of this municipal year's and next year's meetings, scheduled."""
    created = 0
    for day in tl.later_meetings:
        meeting, new = _ensure_meeting(session, panel, day, time(10), contact, tl)
        if new:
            meeting.status = MeetingStatus.SCHEDULED
            created += 1
    return created


def load_meetings(session: Session, panel: Committee, contact: User, tl: Timeline) -> int:
    """Create the demo meetings that are missing; returns how many were created."""
    return (
        _last_meeting(session, panel, contact, tl)
        + _next_meeting(session, panel, contact, tl)
        + _later_meetings(session, panel, contact, tl)
    )
