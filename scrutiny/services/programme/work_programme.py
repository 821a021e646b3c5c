"""The work programme: proposing, agreeing, prioritising and moving rows between sections,
planning reports for meetings and pulling them into agendas."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.models.task_groups import TaskGroup
from scrutiny.services.core import clocks, exemption
from scrutiny.services.core.clocks import to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.jobs import notifications
from scrutiny.services.meetings import agenda
from scrutiny.services.meetings.meetings import municipal_year_start
from scrutiny.services.recommendations.response_deadlines import first_meetings_after

#: The panel should ideally run no more than this many active projects at once.
ACTIVE_LIMIT = 2

#: section -> sections a row may move to.
MOVES = {
    Section.PROPOSED: {Section.SCHEDULED, Section.ACTIVE},
    Section.SCHEDULED: {Section.ACTIVE, Section.PROPOSED},
    Section.ACTIVE: {Section.SCHEDULED},
    Section.BRIEFING: {Section.PROPOSED, Section.AGENDA_REPORT},
    Section.AGENDA_REPORT: set(),
}


@dataclass
class Programme:
    """A committee's programme for a municipal year, section by section."""

    committee: Committee
    year_start: date
    sections: dict[Section, list[ProgrammeItem]] = field(default_factory=dict)
    awaiting_response: list[Recommendation] = field(default_factory=list)
    implementation: list[Recommendation] = field(default_factory=list)
    #: recommendation id -> the panel's first meeting after its submission.
    first_meetings: dict[int, Meeting] = field(default_factory=dict)
    #: London's date when the programme was read, for overdue flags.
    today: date = field(default_factory=lambda: clocks.today())

    @property
    def too_many_active(self) -> bool:
        return len(self.sections.get(Section.ACTIVE, [])) > ACTIVE_LIMIT


def programme_for(
    session: Session, committee: Committee, year_start: date, *, audience: exemption.Audience
) -> Programme:
    """The programme's rows by section, and sections 5 and 6 from the recommendations the
    audience may read (printed copies are made for the public)."""
    rows = session.scalars(
        select(ProgrammeItem)
        .where(ProgrammeItem.committee_id == committee.id, ProgrammeItem.year_start == year_start)
        .options(
            selectinload(ProgrammeItem.planned_meeting),
            selectinload(ProgrammeItem.proposed_by),
            selectinload(ProgrammeItem.task_group).selectinload(TaskGroup.committee),
        )
        .order_by(ProgrammeItem.position, ProgrammeItem.id)
    ).all()
    programme = Programme(committee, year_start, {s: [] for s in Section})
    for row in rows:
        programme.sections[Section(row.section)].append(row)
    recommendations = session.scalars(
        select(Recommendation)
        .where(
            Recommendation.committee_id == committee.id,
            Recommendation.status != "draft",
            exemption.recommendation_clause(audience),
        )
        .options(selectinload(Recommendation.submission), selectinload(Recommendation.response))
        .order_by(Recommendation.agreed_on, Recommendation.id)
    ).all()
    for rec in recommendations:
        target = (
            programme.awaiting_response
            if rec.status in {RecStatus.AGREED, RecStatus.SUBMITTED}
            else programme.implementation
        )
        target.append(rec)
    pairs = {(r.committee_id, r.submission.submitted_on) for r in recommendations if r.submission}
    found = first_meetings_after(session, pairs)
    programme.first_meetings = {
        r.id: found[(r.committee_id, r.submission.submitted_on)]
        for r in recommendations
        if r.submission and (r.committee_id, r.submission.submitted_on) in found
    }
    return programme


def next_position(session: Session, committee_id: int, year_start: date, section: str) -> int:
    """The position after the last row of a section of a committee's programme for a year."""
    last = session.scalar(
        select(func.max(ProgrammeItem.position)).where(
            ProgrammeItem.committee_id == committee_id,
            ProgrammeItem.year_start == year_start,
            ProgrammeItem.section == section,
        )
    )
    return (last or 0) + 1


def _check_meeting(session: Session, committee: Committee, meeting_id: int | None, now) -> None:
    if meeting_id is None:
        return
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.committee_id != committee.id:
        raise DomainError("Plan the report for a meeting of this committee", "planned_meeting_id")
    if meeting.starts_at <= now or meeting.status in {
        MeetingStatus.CANCELLED,
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFT,
        MeetingStatus.MINUTES_APPROVED,
    }:
        raise DomainError("Plan the report for a future meeting", "planned_meeting_id")


def add_row(
    session: Session,
    committee: Committee,
    *,
    section: str,
    topic: str,
    now: datetime,
    proposed_by_id: int | None = None,
    **fields,
) -> ProgrammeItem:
    """Add a row at the end of a section of this municipal year's programme."""
    if section not in {s.value for s in Section}:
        raise DomainError("Choose the section", "section")
    if not (topic or "").strip():
        raise DomainError("Enter the topic", "topic")
    _check_meeting(session, committee, fields.get("planned_meeting_id"), now)
    year_start = municipal_year_start(to_local(now).date())
    row = ProgrammeItem(
        committee_id=committee.id,
        year_start=year_start,
        section=section,
        position=next_position(session, committee.id, year_start, section),
        topic=topic.strip(),
        proposed_by_id=proposed_by_id,
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
    )
    session.add(row)
    session.flush()
    return row


def add_pre_decision_scrutiny(session: Session, entry, *, now: datetime) -> ProgrammeItem:
    """A forward plan entry picked for pre-decision scrutiny: a scheduled project on the
    committee's programme, with the decision's date as its timeline."""
    return add_row(
        session,
        entry.committee,
        section=Section.SCHEDULED,
        topic=f"Pre-decision scrutiny: {entry.matter}"[:300],
        reason=f"Key decision by {entry.maker}, due on or after "
        f"{clocks.format_day(entry.decision_on)} (forward plan)",
        method="Report to the panel before the decision is taken",
        timeline=f"Before {clocks.format_day(entry.decision_on)}",
        contact=entry.contact,
        now=now,
    )


def propose(
    session: Session,
    committee: Committee,
    *,
    topic: str,
    reason: str,
    method: str,
    user_id: int,
    now: datetime,
) -> ProgrammeItem:
    """A councillor's proposed topic, added at the bottom of section 2."""
    if not (reason or "").strip():
        raise DomainError("Say why the topic needs scrutiny", "reason")
    row = add_row(
        session,
        committee,
        section=Section.PROPOSED,
        topic=topic,
        reason=reason or "",
        method=method or "",
        proposed_by_id=user_id,
        now=now,
    )
    notifications.topic_proposed(session, row, now)
    return row


def update_row(
    row: ProgrammeItem, *, expected_version: int | None, now: datetime, session, **fields
) -> None:
    """Change a row's wording, dates or planned meeting, refusing a stale edit."""
    check_version(row, expected_version, "this work programme row")
    if not (fields.get("topic") or "").strip():
        raise DomainError("Enter the topic", "topic")
    if fields.get("planned_meeting_id") != row.planned_meeting_id:
        if row.agenda_item_id is not None:
            raise DomainError("This report is already on an agenda", "planned_meeting_id")
        _check_meeting(session, row.committee, fields.get("planned_meeting_id"), now)
    for key, value in fields.items():
        setattr(row, key, value.strip() if isinstance(value, str) else value)


def move_to(
    session: Session, row: ProgrammeItem, section: str, *, expected_version: int | None
) -> str | None:
    """Move a row to another section; returns a warning when too many projects become active."""
    check_version(row, expected_version, "this work programme row")
    current = Section(row.section)
    target = Section(section) if section in {s.value for s in Section} else None
    if target is None or target not in MOVES[current]:
        raise DomainError(f"A row cannot move from {current.label} to that section")
    if current == Section.PROPOSED and target != Section.PROPOSED and row.agreed_on is None:
        raise DomainError("Record when the panel agreed this topic before scheduling it")
    row.section = target
    row.position = next_position(session, row.committee_id, row.year_start, target)
    if target == Section.ACTIVE:
        active = session.scalar(
            select(func.count(ProgrammeItem.id)).where(
                ProgrammeItem.committee_id == row.committee_id,
                ProgrammeItem.year_start == row.year_start,
                ProgrammeItem.section == Section.ACTIVE,
            )
        )
        if active > ACTIVE_LIMIT:
            return (
                f"The panel now has {active} active projects: ideally no more than "
                f"{ACTIVE_LIMIT} run at once"
            )
    return None


def reorder(session: Session, row: ProgrammeItem, direction: str) -> None:
    """Move a row up or down its section (for proposals: its priority)."""
    rows = session.scalars(
        select(ProgrammeItem)
        .where(
            ProgrammeItem.committee_id == row.committee_id,
            ProgrammeItem.year_start == row.year_start,
            ProgrammeItem.section == row.section,
        )
        .order_by(ProgrammeItem.position, ProgrammeItem.id)
    ).all()
    index = rows.index(row)
    other = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= other < len(rows):
        raise DomainError("That row cannot move further")
    for position, each in enumerate(rows, start=1):
        each.position = position
    rows[index].position, rows[other].position = rows[other].position, rows[index].position


def planned_reports(session: Session, meeting: Meeting) -> list[ProgrammeItem]:
    """Reports planned for this meeting that are not on its agenda yet."""
    return list(
        session.scalars(
            select(ProgrammeItem)
            .where(
                ProgrammeItem.planned_meeting_id == meeting.id,
                ProgrammeItem.section == Section.AGENDA_REPORT,
                ProgrammeItem.agenda_item_id.is_(None),
            )
            .order_by(ProgrammeItem.position)
        )
    )


def pull_into_agenda(
    session: Session, meeting: Meeting, *, now: datetime, expected_version: int | None
) -> int:
    """Add every report planned for the meeting to its agenda, once; returns how many."""
    check_version(meeting, expected_version, "this agenda")
    rows = planned_reports(session, meeting)
    for row in rows:
        item = agenda.add_planned_report(
            session,
            meeting,
            planned_report_id=row.id,
            title=row.topic,
            purpose=row.reason or None,
            contact=row.contact or None,
            now=now,
        )
        row.agenda_item_id = item.id
    return len(rows)
