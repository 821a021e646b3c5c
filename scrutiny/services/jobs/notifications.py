"""Event notifications: agenda published, supplementary agenda, recommendations submitted,
response published, action assigned, topic proposed, minutes published (the executive
decision and call-in events are in `decision_notifications`, through `notify`).

Each event is recorded once per person (the reminders table's unique constraint), inside the
transaction that caused it. People who chose "as it happens" get an email through the outbox at
once (events of one kind in one minute share a message); the others find it in their one email
of the day. Whom each event goes to is decided by one `*_recipients` function per event, so a
rule about who is entitled (exempt-derived items, say) has one place to live. Someone who
cannot be emailed, or a post no one holds, is reported to the officers instead.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action
from scrutiny.models.committees import Membership
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import PostHolding, Role, User
from scrutiny.models.programme import ProgrammeItem
from scrutiny.models.recommendations import Recommendation, Submission
from scrutiny.models.scheduling import Reminder
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import format_day, format_local, to_local
from scrutiny.services.core.mail import queue_mail, render_mail
from scrutiny.services.jobs.digests import link, reachable, record
from scrutiny.services.people import accounts
from scrutiny.services.public import alerts

#: Event -> how several of them are named in one subject ("3 actions assigned to you").
PLURALS = {
    "agenda-published": "agendas published",
    "supplementary": "items added to published agendas",
    "submitted": "sets of recommendations submitted",
    "response-published": "executive responses published",
    "assigned": "actions assigned to you",
    "proposed": "work programme topics proposed",
    "minutes-published": "sets of minutes published",
    "decision-published": "executive decisions published",
    "call-in": "call-ins made",
    "call-in-ruled": "call-in rulings",
}


# --- Who is told: one function per event -------------------------------------------------------


def committee_members(session: Session, committee_id: int, day: date) -> list[User]:
    """The committee's members and substitutes on `day`, by name."""
    return list(
        session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.committee_id == committee_id, Membership.current_on_clause(day))
            .order_by(User.name, User.id)
            .distinct()
        )
    )


def officers(session: Session) -> list[User]:
    """The active officers."""
    return accounts.active_users_with_roles(session, Role.OFFICER)


def agenda_recipients(session: Session, meeting: Meeting) -> list[User]:
    """An agenda's dispatch (and any supplement): the committee's members and substitutes."""
    return committee_members(session, meeting.committee_id, to_local(meeting.starts_at).date())


def submission_recipients(session: Session, submission: Submission) -> list[User]:
    """Submitted recommendations: the executive member who responds, and the officers."""
    responders = {r.responder for r in submission.recommendations if r.responder is not None}
    return sorted(responders, key=lambda u: u.name) + officers(session)


def response_recipients(session: Session, rec: Recommendation, today: date) -> list[User]:
    """A published executive response: the members of the panel that recommended (for an
    exempt-derived recommendation, only those entitled to read it)."""
    members = committee_members(session, rec.committee_id, today)
    if not rec.restricted:
        return members
    return [
        user
        for user in members
        if exemption.may_see(
            session,
            exemption.audience_for(
                session, user, staff=bool(user.roles & {Role.ADMIN, Role.OFFICER}), today=today
            ),
            rec,
        )
    ]


def assignment_recipients(session: Session, action: Action, today: date) -> dict:
    """An assigned action: post -> the users holding it today (empty for a vacant post)."""
    holders = {post: [] for post in action.owner_posts}
    rows = session.execute(
        select(PostHolding.post_id, User)
        .join(User, User.id == PostHolding.user_id)
        .where(
            PostHolding.post_id.in_([p.id for p in action.owner_posts]),
            PostHolding.current_on_clause(today),
        )
    )
    by_id = {post.id: post for post in action.owner_posts}
    for post_id, user in rows:
        holders[by_id[post_id]].append(user)
    return holders


def proposal_recipients(session: Session, row: ProgrammeItem) -> list[User]:
    """A proposed work programme topic: the officers, who put it to the panel."""
    return officers(session)


def minutes_recipients(session: Session, meeting: Meeting) -> list[User]:
    """Published minutes: the committee's members at the meeting."""
    return committee_members(session, meeting.committee_id, to_local(meeting.starts_at).date())


# --- Telling them -------------------------------------------------------------------------------


def notify(
    session: Session,
    now: datetime,
    people: list[User],
    *,
    event: str,
    subject: str,
    item_type: str,
    item_id: int,
    occasion: str | None = None,
    **fields,
) -> None:
    """Record the event for each person once; email at once those who want it so."""
    for user in {u.id: u for u in people}.values():
        if not reachable(user):
            if user.active:
                _report_unreachable(
                    session,
                    now,
                    f"{user.name} has no email address, so was not told",
                    item_type=item_type,
                    item_id=item_id,
                    occasion=f"{occasion or event}-unreachable-{user.id}",
                    **fields,
                )
            continue
        notice = record(
            session,
            now,
            item_type=item_type,
            item_id=item_id,
            occasion=occasion or event,
            user=user,
            kind="notice",
            **fields,
        )
        if notice is not None and user.reminder_mode != "digest":
            _send_now(session, now, notice, event, subject)


def _report_unreachable(session: Session, now: datetime, why: str, **fields) -> None:
    text = fields.pop("text")
    for officer in officers(session):
        if reachable(officer):
            record(session, now, user=officer, kind="unreachable", text=f"{why}: {text}", **fields)


def _send_now(session: Session, now: datetime, notice: Reminder, event: str, subject: str) -> None:
    """Email one notice now; a still-pending message of the same event to the same person in
    the same minute takes it in instead, so a bulk change is one email, not a flood."""
    user = notice.recipient
    key = f"notice:{user.id}:{event}:{now:%Y-%m-%dT%H:%M}"
    message = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))
    if message is not None and message.status != OutboxStatus.PENDING:
        key, message = f"{key}:{notice.id}", None
    notices = [notice]
    if message is not None:
        notices = list(session.scalars(select(Reminder).where(Reminder.outbox_id == message.id)))
        notices.append(notice)
        subject = f"{len(notices)} {PLURALS[event]}"
        message.subject = subject
        message.body_text, message.body_html = render_mail(
            "notice", subject=subject, user=user, notices=notices
        )
    else:
        message = queue_mail(
            session,
            dedupe_key=key,
            recipient=user.email,
            subject=subject,
            template="notice",
            now=now,
            user=user,
            notices=notices,
        )
    notice.digested_at = now
    notice.outbox_id = message.id


# --- The events ---------------------------------------------------------------------------------


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.committee.name}, {format_day(to_local(meeting.starts_at).date())}"


def agenda_published(session: Session, meeting: Meeting, now: datetime) -> None:
    """Dispatch a published agenda to the committee's members and substitutes."""
    where = f" at {meeting.venue}" if meeting.venue else ""
    notify(
        session,
        now,
        agenda_recipients(session, meeting),
        event="agenda-published",
        subject=f"Agenda published: {_meeting_label(meeting)}",
        item_type="meeting",
        item_id=meeting.id,
        reference=meeting.committee.name,
        due_on=to_local(meeting.starts_at).date(),
        text=f"The agenda for the meeting on {format_local(meeting.starts_at)}{where} is "
        "published. The link opens the members' agenda pack; the meeting's page is "
        + link(f"/meetings/{meeting.id}"),
        path=f"/meetings/{meeting.id}/members-pack.pdf",
    )
    alerts.agenda_published(session, meeting, now)


def supplementary_item(session: Session, item: AgendaItem, now: datetime) -> None:
    """Tell the members that an item was added to a published agenda (urgent business)."""
    meeting = item.meeting
    notify(
        session,
        now,
        agenda_recipients(session, meeting),
        event="supplementary",
        occasion=f"supplementary-{item.id}",
        subject=f"Supplementary agenda: {_meeting_label(meeting)}",
        item_type="meeting",
        item_id=meeting.id,
        reference=meeting.committee.name,
        due_on=to_local(meeting.starts_at).date(),
        text=f"Added as urgent business: {item.title}. Reason: {item.urgency_reason or ''}"
        if not item.exempt
        else "An exempt (Part 2) item was added as urgent business: see the members' pack.",
        path=f"/meetings/{meeting.id}#item-{item.id}",
    )


def recommendations_submitted(session: Session, submission: Submission, now: datetime) -> None:
    """Tell the responding executive member and the officers that recommendations arrived."""
    recs = submission.recommendations
    notify(
        session,
        now,
        submission_recipients(session, submission),
        event="submitted",
        subject=f"Recommendations submitted: {submission.title}",
        item_type="submission",
        item_id=submission.id,
        reference=", ".join(r.reference or "" for r in recs)[:100],
        due_on=submission.response_due_on,
        text=f"{len(recs)} recommendation{'s' if len(recs) != 1 else ''} from "
        f"{submission.committee.name} ('{submission.title}'). The executive must respond by "
        f"{format_day(submission.response_due_on)}",
        path=f"/recommendations/{recs[0].id}" if recs else "/recommendations",
    )


def response_published(session: Session, rec: Recommendation, now: datetime) -> None:
    """Tell the panel's members that the executive has responded to their recommendation."""
    response = rec.response
    notify(
        session,
        now,
        response_recipients(session, rec, to_local(now).date()),
        event="response-published",
        subject=f"Executive response published: {rec.reference}",
        item_type="recommendation",
        item_id=rec.id,
        reference=rec.reference,
        text=f"{response.kind_label}. The recommendation: {rec.text[:200]}",
        path=f"/recommendations/{rec.id}",
    )
    alerts.response_published(session, rec, now)


def action_assigned(session: Session, action: Action, now: datetime) -> None:
    """Tell the holders of an action's owner posts that it is theirs; vacant posts go to the
    officers."""
    label = action.reference or f"Action {action.id}"
    fields = {
        "item_type": "action",
        "item_id": action.id,
        "reference": label,
        "due_on": action.due_on,
        "path": f"/actions/{action.id}",
    }
    holders = assignment_recipients(session, action, to_local(now).date())
    for post, people in holders.items():
        if not any(reachable(u) for u in people):
            _report_unreachable(
                session,
                now,
                f"No current holder of {post.name} can be emailed about a new action",
                occasion=f"assigned-vacant-{post.id}",
                text=action.description[:200],
                **fields,
            )
    notify(
        session,
        now,
        [u for people in holders.values() for u in people],
        event="assigned",
        subject=f"Action assigned to you: {label}",
        text=action.description[:300],
        **fields,
    )


def topic_proposed(session: Session, row: ProgrammeItem, now: datetime) -> None:
    """Tell the officers that a topic was proposed for a committee's work programme."""
    notify(
        session,
        now,
        proposal_recipients(session, row),
        event="proposed",
        subject=f"Topic proposed: {row.topic}",
        item_type="programme_item",
        item_id=row.id,
        reference=row.committee.name,
        text=f"{row.topic}. Reason for scrutiny: {(row.reason or '')[:200]}",
        path=f"/committees/{row.committee.slug}/work-programme",
    )


def minutes_published(session: Session, meeting: Meeting, now: datetime) -> None:
    """Tell the committee's members that a meeting's minutes are published."""
    notify(
        session,
        now,
        minutes_recipients(session, meeting),
        event="minutes-published",
        subject=f"Minutes published: {_meeting_label(meeting)}",
        item_type="meeting",
        item_id=meeting.id,
        reference=meeting.committee.name,
        text=f"The minutes of the meeting on {format_day(to_local(meeting.starts_at).date())}",
        path=f"/meetings/{meeting.id}/minutes",
    )
    alerts.minutes_published(session, meeting, now)
