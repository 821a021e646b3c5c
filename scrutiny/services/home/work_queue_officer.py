"""The democratic services officer's home page: agendas to publish, minutes to write and to
approve, responses to chase, items carried again and again, proposals to agree, and what the
system could not do on its own (people it cannot email, posts with no holder, failed email)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, false, func, or_, select, true
from sqlalchemy.orm import Session, joinedload

from scrutiny.models.actions import Action, action_owner_posts
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import Post, PostHolding, User
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.models.scheduling import Carry, Reminder
from scrutiny.services.actions import action_tracker, carried_lines
from scrutiny.services.actions.carried_lines import FLAG_AFTER
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.home.work_queue import (
    LIMIT,
    Queue,
    QueueItem,
    action_label,
    actions,
    count,
    days_phrase,
    plural,
    recommendation_label,
    recommendations,
    snippet,
    tone_for,
)
from scrutiny.services.home.work_queue_decisions import decisions_queue
from scrutiny.services.meetings.meetings import deadline_state
from scrutiny.services.recommendations import recommendation_tracker
from scrutiny.services.recommendations.response_deadlines import DUE_SOON_DAYS

#: Agendas that are not yet published (the statutory deadline still applies).
UNPUBLISHED = (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED)


def _meeting_text(meeting: Meeting) -> str:
    return f"{meeting.committee.name}, {format_day(to_local(meeting.starts_at).date())}"


def next_meetings(session: Session, now: datetime) -> Queue:
    """The next meetings with their status and, until published, the publication deadline."""
    today = to_local(now).date()
    upcoming = and_(Meeting.starts_at >= now, Meeting.status != MeetingStatus.CANCELLED)
    to_publish = count(session, Meeting.id, upcoming, Meeting.status.in_(UNPUBLISHED))
    rows = session.scalars(
        select(Meeting)
        .where(upcoming)
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(LIMIT)
    )
    items = []
    for meeting in rows:
        status = MeetingStatus(meeting.status)
        text = f"{_meeting_text(meeting)}: {status.label.lower()}"
        if status in UNPUBLISHED:
            state = deadline_state(meeting, today)
            note = f"publish by {format_day(state.deadline)}: {state.label}"
            tone = "red" if state.late else "orange" if state.soon else "grey"
        else:
            note, tone = "agenda published", "green"
        items.append(QueueItem(text, "meetings.show", {"meeting_id": meeting.id}, "", note, tone))
    return Queue(
        "meetings",
        "Next meetings",
        f"{plural(to_publish, 'agenda')} still to publish.",
        items,
        ("All meetings", "meetings.index", {}),
    )


def meetings_without_minutes(session: Session, now: datetime) -> Queue:
    """Meetings that have taken place and whose minutes are not started, oldest first."""
    held = and_(
        Meeting.starts_at < now,
        Meeting.status.in_([MeetingStatus.PUBLISHED, MeetingStatus.HELD]),
    )
    total = count(session, Meeting.id, held)
    rows = session.scalars(
        select(Meeting)
        .where(held)
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(LIMIT)
    )
    items = [
        QueueItem(
            _meeting_text(m),
            "minutes.show" if m.status == MeetingStatus.HELD else "meetings.show",
            {"meeting_id": m.id},
            note="no minutes yet" if m.status == MeetingStatus.HELD else "mark as held",
            tone="orange",
        )
        for m in rows
    ]
    return Queue(
        "no-minutes", "Held meetings with no minutes", f"{plural(total, 'meeting')}.", items
    )


def draft_minutes(session: Session) -> Queue:
    """Minutes drafted and waiting to be approved at the next meeting."""
    where = Meeting.status == MeetingStatus.MINUTES_DRAFT
    total = count(session, Meeting.id, where)
    rows = session.scalars(
        select(Meeting)
        .where(where)
        .options(joinedload(Meeting.committee))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(LIMIT)
    )
    items = [
        QueueItem(_meeting_text(m), "minutes.show", {"meeting_id": m.id}, note="draft")
        for m in rows
    ]
    return Queue(
        "draft-minutes",
        "Draft minutes awaiting approval",
        f"{plural(total, 'meeting')} with draft minutes.",
        items,
    )


def responses_to_chase(session: Session, now: datetime) -> Queue:
    """Responses overdue or due within DUE_SOON_DAYS days, most overdue first."""
    today = to_local(now).date()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    awaiting = and_(
        Recommendation.status == RecStatus.SUBMITTED, Recommendation.response_due_on <= soon
    )
    overdue = recommendation_tracker.overdue_clause(today)
    late = session.scalar(select(func.count(Recommendation.id)).where(awaiting, overdue))
    total, rows = recommendations(session, awaiting, order_by=[Recommendation.response_due_on])
    items = []
    for rec in rows:
        note = days_phrase(rec.response_due_on, today)
        if rec.responder_id is None:
            note += "; no executive member named to remind"
        items.append(
            QueueItem(
                f"{recommendation_label(rec)} ({rec.committee.name})",
                "recommendations.show",
                {"rec_id": rec.id},
                note=note,
                tone=tone_for(rec.response_due_on, today, DUE_SOON_DAYS),
            )
        )
    return Queue(
        "responses",
        "Executive responses to chase",
        f"{late} overdue, {total - late} due in the next {DUE_SOON_DAYS} days.",
        items,
        (
            "All overdue responses",
            "recommendations.tracker",
            {"status": recommendation_tracker.RESPONSE_OVERDUE},
        ),
    )


def often_carried(session: Session, now: datetime) -> Queue:
    """Overdue actions and responses carried to FLAG_AFTER agendas or more, still unresolved."""
    today = to_local(now).date()
    carried = carried_lines.often_carried()
    action_ids = select(carried.c.item_id).where(carried.c.item_type == "action")
    rec_ids = select(carried.c.item_id).where(carried.c.item_type == "recommendation")
    n_actions, action_rows = actions(
        session,
        Action.id.in_(action_ids),
        action_tracker.overdue_clause(today),
        order_by=[Action.due_on],
    )
    n_recs, rec_rows = recommendations(
        session,
        Recommendation.id.in_(rec_ids),
        Recommendation.status == RecStatus.SUBMITTED,
        order_by=[Recommendation.response_due_on],
    )
    times = {
        (kind, item_id): n
        for kind, item_id, n in session.execute(
            carried_lines.times_carried().where(
                or_(
                    and_(
                        Carry.item_type == "action",
                        Carry.item_id.in_([a.id for a in action_rows]),
                    ),
                    and_(
                        Carry.item_type == "recommendation",
                        Carry.item_id.in_([r.id for r in rec_rows]),
                    ),
                )
            )
        )
    }
    items = [
        QueueItem(
            action_label(a),
            "recommendations.action",
            {"action_id": a.id},
            note=f"carried to {times.get(('action', a.id), FLAG_AFTER)} meetings",
            tone="red",
        )
        for a in action_rows
    ] + [
        QueueItem(
            f"Response to {recommendation_label(r)}",
            "recommendations.show",
            {"rec_id": r.id},
            note=f"carried to {times.get(('recommendation', r.id), FLAG_AFTER)} meetings",
            tone="red",
        )
        for r in rec_rows
    ]
    return Queue(
        "carried",
        f"Carried to {FLAG_AFTER} or more agendas",
        f"{plural(n_actions, 'action')} and {plural(n_recs, 'response')}: consider inviting "
        "the responsible officer or executive member.",
        items[:LIMIT],
    )


def proposals(session: Session) -> Queue:
    """Proposed work-programme topics not yet agreed by their panel."""
    where = and_(ProgrammeItem.section == Section.PROPOSED, ProgrammeItem.agreed_on.is_(None))
    total = count(session, ProgrammeItem.id, where)
    rows = session.scalars(
        select(ProgrammeItem)
        .where(where)
        .options(joinedload(ProgrammeItem.committee), joinedload(ProgrammeItem.proposed_by))
        .order_by(ProgrammeItem.committee_id, ProgrammeItem.position, ProgrammeItem.id)
        .limit(LIMIT)
    )
    items = [
        QueueItem(
            f"{snippet(row.topic)} ({row.committee.name})",
            "programme.show",
            {"slug": row.committee.slug},
            note=f"proposed by {row.proposed_by.name}" if row.proposed_by else "",
        )
        for row in rows
    ]
    return Queue(
        "proposals",
        "Proposals awaiting agreement",
        f"{plural(total, 'proposal')} to put to a panel meeting.",
        items,
    )


def _without_email():
    return and_(User.active.is_(True), or_(User.email.is_(None), User.email == ""))


def _unheld_posts(today):
    """Active posts that own an open action and have no holder today."""
    held = select(PostHolding.post_id).where(PostHolding.current_on_clause(today))
    owning = (
        select(action_owner_posts.c.post_id)
        .join(Action, Action.id == action_owner_posts.c.action_id)
        .where(Action.status.in_(action_tracker.OPEN_STATUSES))
    )
    return and_(Post.active.is_(True), Post.id.in_(owning), Post.id.not_in(held))


def problems(
    session: Session, now: datetime, *, may_manage_users: bool, include_mail: bool = True
) -> Queue:
    """What the reminders and the outbox could not do: people with no email address, posts
    with no holder, and (unless `include_mail` is False) email that failed; each linking to
    where it can be put right."""
    today = to_local(now).date()
    items: list[QueueItem] = []
    users = session.scalars(select(User).where(_without_email()).order_by(User.name).limit(LIMIT))
    for user in users:
        items.append(
            QueueItem(
                f"{user.name} has no email address",
                "admin.user" if may_manage_users else "",
                {"user_id": user.id} if may_manage_users else {},
                note="cannot be reminded" if may_manage_users else "ask an administrator",
                tone="red",
            )
        )
    open_actions = (
        select(func.count(Action.id))
        .join(action_owner_posts, action_owner_posts.c.action_id == Action.id)
        .where(
            action_owner_posts.c.post_id == Post.id,
            Action.status.in_(action_tracker.OPEN_STATUSES),
        )
        .scalar_subquery()
    )
    posts = session.execute(
        select(Post, open_actions).where(_unheld_posts(today)).order_by(Post.name).limit(LIMIT)
    )
    for post, n in posts:
        items.append(
            QueueItem(
                f"{post.name} has no holder: {plural(n, 'open action')} with no one to chase",
                "admin.post",
                {"post_id": post.id},
                note="no holder",
                tone="red",
            )
        )
    link = (
        select(Reminder.link)
        .where(Reminder.outbox_id == OutboxMessage.id)
        .order_by(Reminder.id)
        .limit(1)
        .scalar_subquery()
    )
    failed = session.execute(
        select(OutboxMessage, link)
        .where(OutboxMessage.status == OutboxStatus.FAILED, true() if include_mail else false())
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(LIMIT)
    )
    for message, href in failed:
        items.append(
            QueueItem(
                f"Email to {message.recipient or 'no address'} not delivered: "
                f"{snippet(message.subject, 60)}",
                href=href or "",
                note=f"failed after {plural(message.attempts, 'attempt')}",
                tone="red",
            )
        )
    counts = session.execute(
        select(
            select(func.count(User.id)).where(_without_email()).scalar_subquery(),
            select(func.count(Post.id)).where(_unheld_posts(today)).scalar_subquery(),
            select(func.count(OutboxMessage.id))
            .where(OutboxMessage.status == OutboxStatus.FAILED, true() if include_mail else false())
            .scalar_subquery(),
        )
    ).one()
    return Queue(
        "problems",
        "Could not be done automatically",
        f"{counts[0]} {'person' if counts[0] == 1 else 'people'} with no email address, "
        f"{plural(counts[1], 'post')} with open actions and no holder"
        + (f", {plural(counts[2], 'email')} not delivered." if include_mail else "."),
        items,
        ("Email outbox", "admin.outbox", {"status": "failed"}) if may_manage_users else None,
    )


def officer_queues(session: Session, now: datetime, *, may_manage_users: bool) -> list[Queue]:
    """Every officer queue, in the order the work usually comes."""
    trouble = problems(session, now, may_manage_users=may_manage_users)
    return [
        *([trouble] if trouble.items else []),
        next_meetings(session, now),
        decisions_queue(session, now),
        meetings_without_minutes(session, now),
        draft_minutes(session),
        responses_to_chase(session, now),
        often_carried(session, now),
        proposals(session),
    ]
