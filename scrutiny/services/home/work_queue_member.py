"""A councillor's (or chairman's) home page: their next meetings with the agenda, their
committees' recommendations awaiting a response, work-programme items coming due, and their
task-and-finish groups."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, joinedload

from scrutiny.models.committees import Membership
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.people import User
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.models.task_groups import GroupStatus, TaskGroup
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.home.work_queue import (
    LIMIT,
    Queue,
    QueueItem,
    count,
    days_phrase,
    plural,
    recommendation_label,
    recommendations,
    snippet,
    tone_for,
)
from scrutiny.services.recommendations.response_deadlines import DUE_SOON_DAYS


def my_committee_ids(user: User, today):
    """SQL: the committees (and task-and-finish groups) the user sits on today."""
    return select(Membership.committee_id).where(
        Membership.user_id == user.id, Membership.current_on_clause(today)
    )


def my_meetings(session: Session, user: User, now: datetime) -> Queue:
    """The user's next meetings (not drafts, not cancelled), each linking to its agenda."""
    today = to_local(now).date()
    where = and_(
        Meeting.committee_id.in_(my_committee_ids(user, today)),
        Meeting.starts_at >= now,
        Meeting.status.not_in([MeetingStatus.DRAFT, MeetingStatus.CANCELLED]),
    )
    total = count(session, Meeting.id, where)
    rows = session.scalars(
        select(Meeting)
        .where(where)
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(LIMIT)
    )
    items = [
        QueueItem(
            f"{m.committee.name}, {format_day(to_local(m.starts_at).date())}",
            "meetings.show",
            {"meeting_id": m.id},
            note="agenda published" if m.is_public else "agenda not yet published",
            tone="green" if m.is_public else "grey",
        )
        for m in rows
    ]
    return Queue(
        "my-meetings",
        "Your next meetings",
        f"{plural(total, 'meeting')} coming up.",
        items,
        ("All meetings", "meetings.index", {}),
    )


def my_responses(session: Session, user: User, now: datetime) -> Queue:
    """Recommendations from the user's committees still awaiting the executive's response."""
    today = to_local(now).date()
    where = and_(
        Recommendation.committee_id.in_(my_committee_ids(user, today)),
        Recommendation.status == RecStatus.SUBMITTED,
    )
    total, rows = recommendations(session, where, order_by=[Recommendation.response_due_on])
    late = count(session, Recommendation.id, where, Recommendation.response_due_on < today)
    items = [
        QueueItem(
            f"{recommendation_label(r)} ({r.committee.name})",
            "recommendations.show",
            {"rec_id": r.id},
            note=days_phrase(r.response_due_on, today) if r.response_due_on else "",
            tone=tone_for(r.response_due_on, today, DUE_SOON_DAYS) if r.response_due_on else "",
        )
        for r in rows
    ]
    return Queue(
        "my-responses",
        "Recommendations awaiting a response",
        f"{plural(total, 'recommendation')} awaiting the executive's response, {late} overdue.",
        items,
        ("Recommendations tracker", "recommendations.tracker", {}),
    )


def programme_due(session: Session, user: User, now: datetime) -> Queue:
    """Agenda reports planned for the user's committees' next meetings (not yet on the agenda)
    and briefings or workshops still to come."""
    today = to_local(now).date()
    mine = ProgrammeItem.committee_id.in_(my_committee_ids(user, today))
    reports = and_(
        mine,
        ProgrammeItem.section == Section.AGENDA_REPORT,
        ProgrammeItem.agenda_item_id.is_(None),
        ProgrammeItem.planned_meeting_id.in_(
            select(Meeting.id).where(
                Meeting.starts_at >= now, Meeting.status != MeetingStatus.CANCELLED
            )
        ),
    )
    briefings = and_(
        mine, ProgrammeItem.section == Section.BRIEFING, ProgrammeItem.held_on >= today
    )
    total = count(session, ProgrammeItem.id, reports) + count(session, ProgrammeItem.id, briefings)
    dated = []
    for row in session.scalars(
        select(ProgrammeItem)
        .join(Meeting, Meeting.id == ProgrammeItem.planned_meeting_id)
        .where(reports)
        .options(joinedload(ProgrammeItem.committee), joinedload(ProgrammeItem.planned_meeting))
        .order_by(Meeting.starts_at, ProgrammeItem.id)
        .limit(LIMIT)
    ):
        day = to_local(row.planned_meeting.starts_at).date()
        dated.append((day, row, f"report due at the meeting on {format_day(day)}"))
    for row in session.scalars(
        select(ProgrammeItem)
        .where(briefings)
        .options(joinedload(ProgrammeItem.committee))
        .order_by(ProgrammeItem.held_on, ProgrammeItem.id)
        .limit(LIMIT)
    ):
        dated.append((row.held_on, row, f"briefing on {format_day(row.held_on)}"))
    dated.sort(key=lambda entry: (entry[0], entry[1].id))
    items = [
        QueueItem(
            f"{snippet(row.topic)} ({row.committee.name})",
            "programme.show",
            {"slug": row.committee.slug},
            note=note,
        )
        for _, row, note in dated[:LIMIT]
    ]
    return Queue(
        "programme", "Work programme items due", f"{plural(total, 'item')} coming up.", items
    )


def my_groups(session: Session, user: User, now: datetime) -> Queue:
    """The task-and-finish groups the user sits on that have not finished."""
    today = to_local(now).date()
    where = and_(
        TaskGroup.committee_id.in_(my_committee_ids(user, today)),
        TaskGroup.status != GroupStatus.COMPLETE,
    )
    total = count(session, TaskGroup.id, where)
    rows = session.scalars(
        select(TaskGroup).where(where).order_by(TaskGroup.ends_on, TaskGroup.id).limit(LIMIT)
    )
    items = [
        QueueItem(
            snippet(g.topic),
            "groups.show",
            {"group_id": g.id},
            note=f"{g.status_label.lower()}, reports by {format_day(g.ends_on)}",
            tone="red" if g.ends_on < today else "grey",
        )
        for g in rows
    ]
    return Queue(
        "groups", "Your task-and-finish groups", f"{plural(total, 'group')} under way.", items
    )


def member_queues(session: Session, user: User, now: datetime) -> list[Queue]:
    """Every councillor queue, soonest work first."""
    return [
        my_meetings(session, user, now),
        my_responses(session, user, now),
        programme_due(session, user, now),
        my_groups(session, user, now),
    ]
