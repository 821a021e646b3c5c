"""Recommendations to the executive: references, the response with its
implementation actions, follow-up reviews and closing by the panel at a meeting."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.minutes import Minute
from scrutiny.models.people import Role, User
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import (
    CLOSING_STATUSES,
    Recommendation,
    RecommendationResponse,
    RecStatus,
    ResponseKind,
)
from scrutiny.services.actions.actions import owner_posts
from scrutiny.services.core import clocks, exemption
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.jobs import notifications
from scrutiny.services.meetings import agenda
from scrutiny.services.meetings.meetings import municipal_year_start
from scrutiny.services.people import accounts
from scrutiny.services.programme import work_programme
from scrutiny.services.recommendations.response_deadlines import add_months, first_meeting_after

RESPONSES_ITEM_TITLE = "Executive responses to scrutiny recommendations"

#: Statuses in which the executive has not answered yet.
UNANSWERED = (RecStatus.AGREED, RecStatus.SUBMITTED)


def next_reference(session: Session, committee: Committee, agreed_on: date) -> str:
    """The next "PREFIX/2022/07" reference in the committee's municipal year."""
    year = municipal_year_start(agreed_on).year
    stem = f"{committee.minute_prefix.replace(' ', '')}/{year}/"
    used = session.scalars(
        select(Recommendation.reference).where(
            Recommendation.committee_id == committee.id, Recommendation.reference.like(f"{stem}%")
        )
    ).all()
    numbers = [int(r.rsplit("/", 1)[1]) for r in used if r.rsplit("/", 1)[1].isdigit()]
    return f"{stem}{max(numbers, default=0) + 1:02d}"


def agree(session: Session, recommendation: Recommendation, agreed_on: date) -> None:
    """Mark a recommendation as agreed by its panel on a date and give it its reference."""
    recommendation.status = RecStatus.AGREED
    recommendation.agreed_on = agreed_on
    if not recommendation.reference or "/" not in recommendation.reference:
        recommendation.reference = next_reference(session, recommendation.committee, agreed_on)


def executive_members(session: Session) -> list[User]:
    """Active users who hold the executive member role, by name."""
    return accounts.active_users_with_roles(session, Role.EXECUTIVE)


def executive_member(session: Session, user_id: int | None, field: str) -> User:
    user = session.get(User, user_id) if user_id else None
    if user is None or not user.active or Role.EXECUTIVE not in user.roles:
        raise DomainError("Choose the executive member from the list", field=field)
    return user


def _check_responder(session: Session, user: User, responder_id: int | None) -> User:
    """The executive member answering: the user, or the member an officer acts for."""
    if Role.EXECUTIVE in user.roles and (responder_id in (None, user.id)):
        return user
    if user.roles & {Role.OFFICER, Role.ADMIN}:
        return executive_member(session, responder_id, "responder_id")
    raise DomainError("Only an executive member, or an officer acting for one, can respond")


def save_response(
    session: Session,
    rec: Recommendation,
    *,
    kind: str,
    text: str,
    reasons: str,
    responder_id: int | None,
    user: User,
    expected_version: int | None = None,
) -> RecommendationResponse:
    """Write (or rewrite) the draft response to a submitted recommendation."""
    if rec.response is not None and rec.response.submitted_at is not None:
        raise DomainError("This recommendation has already been responded to")
    if rec.status != RecStatus.SUBMITTED:
        raise DomainError("Only a submitted recommendation can be responded to")
    responder = _check_responder(session, user, responder_id)
    try:
        kind = ResponseKind(kind)
    except ValueError:
        raise DomainError("Choose the response", field="kind") from None
    if not (text or "").strip():
        raise DomainError("Enter the response", field="text")
    if kind == ResponseKind.REJECTED and not (reasons or "").strip():
        raise DomainError("Give the reasons for rejecting the recommendation", field="reasons")
    response = rec.response
    if response is None:
        response = RecommendationResponse(recommendation=rec)
        session.add(response)
    else:
        check_version(response, expected_version, "this response")
    response.kind = kind
    response.text = text.strip()
    response.reasons = (reasons or "").strip()
    response.responder_id = responder.id
    response.entered_by_id = user.id
    session.flush()
    return response


def implementation_actions(session: Session, rec: Recommendation) -> list[Action]:
    """The actions implementing a recommendation, in the order added."""
    return list(
        session.scalars(
            select(Action).where(Action.recommendation_id == rec.id).order_by(Action.id)
        )
    )


def add_implementation_action(
    session: Session,
    rec: Recommendation,
    *,
    description: str,
    post_ids: list[int],
    due_on: date | None,
    user: User,
) -> Action:
    """An action the executive commits to in accepting a recommendation."""
    response = rec.response
    if response is None:
        raise DomainError("Save the response before adding its actions")
    _check_responder(session, user, response.responder_id)
    if not ResponseKind(response.kind).needs_actions:
        raise DomainError("Only an accepted recommendation has implementation actions")
    if not (description or "").strip():
        raise DomainError("Describe the action", field="description")
    posts = owner_posts(session, post_ids)
    if due_on is None:
        raise DomainError("Enter the date the action is due", field="due_on")
    count = session.scalar(select(func.count(Action.id)).where(Action.recommendation_id == rec.id))
    action = Action(
        description=description.strip(),
        due_on=due_on,
        committee_id=rec.committee_id,
        recommendation_id=rec.id,
        reference=f"{rec.reference}-A{count + 1}",
        status="not_started",
    )
    action.owner_posts = posts
    exemption.inherit_from(action, rec)
    session.add(action)
    session.flush()
    notifications.action_assigned(session, action, clocks.now())
    return action


def submit_response(
    session: Session, rec: Recommendation, *, user: User, now: datetime
) -> RecommendationResponse:
    """Publish the response; accepted kinds need an action with an owner and a due first."""
    response = rec.response
    if response is None:
        raise DomainError("Write the response first")
    if response.submitted_at is not None:
        raise DomainError("This recommendation has already been responded to")
    _check_responder(session, user, response.responder_id)
    kind = ResponseKind(response.kind)
    if kind.needs_actions:
        actions = implementation_actions(session, rec)
        if not any(a.owner_posts and a.due_on for a in actions):
            raise DomainError(
                f"A response of '{kind.label.lower()}' needs at least one implementation action "
                "with an owner and a due date"
            )
    response.submitted_at = now
    response.responded_on = to_local(now).date()
    rec.responder_id = response.responder_id
    rec.status = RecStatus.IN_PROGRESS if kind.needs_actions else RecStatus.RESPONDED
    if kind.needs_actions:
        schedule_follow_ups(session, rec, response.responded_on, now)
    add_to_next_agenda(session, rec.committee, now=now)
    session.flush()
    notifications.response_published(session, rec, now)
    return response


def follow_up_months() -> list[int]:
    """The months after a response at which the panel reviews implementation (a setting)."""
    raw = str(current_app.config.get("SCRUTINY_FOLLOW_UP_MONTHS", "6,12"))
    return sorted({int(part) for part in raw.replace(" ", "").split(",") if part.isdigit()})


def schedule_follow_ups(session: Session, rec: Recommendation, responded_on: date, now) -> int:
    """Plan a review in the work programme at the first meeting after each follow-up date."""
    made = 0
    for months in follow_up_months():
        topic = f"Follow-up review ({months} months): {rec.reference}"
        exists = session.scalar(
            select(ProgrammeItem.id).where(
                ProgrammeItem.recommendation_id == rec.id, ProgrammeItem.topic == topic
            )
        )
        if exists:
            continue
        review_on = add_months(responded_on, months)
        meeting = first_meeting_after(session, rec.committee_id, review_on)
        year_start = municipal_year_start(
            to_local(meeting.starts_at).date() if meeting else review_on
        )
        session.add(
            ProgrammeItem(
                committee_id=rec.committee_id,
                year_start=year_start,
                section=Section.AGENDA_REPORT,
                position=work_programme.next_position(
                    session, rec.committee_id, year_start, Section.AGENDA_REPORT
                ),
                topic=topic,
                reason=(
                    f"To review progress on implementing recommendation {rec.reference}, "
                    "made from an exempt item (see the members' papers)"
                    if rec.restricted
                    else f"To review progress on implementing: {rec.text}"[:2000]
                ),
                timeline=f"Due for review from {format_day(review_on)}",
                contact=rec.responder.name if rec.responder else "",
                planned_meeting_id=meeting.id if meeting else None,
                recommendation_id=rec.id,
            )
        )
        made += 1
    session.flush()
    return made


def _next_open_meeting(session: Session, committee_id: int, now: datetime) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.committee_id == committee_id,
            Meeting.starts_at > now,
            Meeting.status.in_([MeetingStatus.DRAFT, MeetingStatus.SCHEDULED]),
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def add_to_next_agenda(session: Session, committee: Committee, *, now: datetime):
    """Put (or refresh) the "Executive responses" item on the panel's next unpublished agenda,
    listing every response published since the panel last met; None if no meeting is open."""
    meeting = _next_open_meeting(session, committee.id, now)
    if meeting is None:
        return None
    previous = session.scalar(
        select(func.max(Meeting.starts_at)).where(
            Meeting.committee_id == committee.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.starts_at <= now,
            Meeting.status != MeetingStatus.CANCELLED,
        )
    )
    query = (
        select(RecommendationResponse)
        .join(Recommendation)
        .where(
            Recommendation.committee_id == committee.id,
            RecommendationResponse.submitted_at.is_not(None),
        )
        .order_by(Recommendation.reference)
    )
    if previous is not None:
        query = query.where(RecommendationResponse.submitted_at > previous)
    responses = list(session.scalars(query))
    public = [r for r in responses if not r.recommendation.restricted]
    exempt = [r for r in responses if r.recommendation.restricted]
    items = []
    if public or not exempt:
        items.append(_put_responses_item(session, meeting, RESPONSES_ITEM_TITLE, public, None, now))
    if exempt:  # content made from Part 2 items goes to Part 2 of the agenda
        paragraph = exempt[0].recommendation.exempt_paragraph or 1
        title = f"{RESPONSES_ITEM_TITLE} (exempt)"
        items.append(_put_responses_item(session, meeting, title, exempt, paragraph, now))
    return items[0]


def _put_responses_item(session, meeting, title, responses, exempt_paragraph, now):
    """One system-written list of responses (public, or Part 2 for exempt ones)."""
    lines = [
        f"{r.recommendation.reference}: {r.kind_label} by {r.responder.name} "
        f"on {format_day(r.responded_on)}"
        for r in responses
    ]
    summary = "The executive's responses to the panel's recommendations:\n" + "\n".join(lines)
    return agenda.put_generated_item(
        session,
        meeting,
        title=title,
        description=summary,
        purpose="To consider the executive's responses to the panel's recommendations.",
        now=now,
        exempt_paragraph=exempt_paragraph,
    )


def closing_meetings(session: Session, rec: Recommendation, now: datetime) -> list[Meeting]:
    """The panel's held meetings, most recent first, at which it could have closed `rec`."""
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id == rec.committee_id,
                Meeting.starts_at <= now,
                Meeting.status != MeetingStatus.CANCELLED,
            )
            .order_by(Meeting.starts_at.desc())
            .limit(6)
        )
    )


def close(
    session: Session,
    rec: Recommendation,
    *,
    outcome: str,
    minute_id: int | None,
    note: str,
    now: datetime,
    expected_version: int | None,
) -> None:
    """The panel closes a recommendation at a meeting it has held, under a minute of it."""
    check_version(rec, expected_version, "this recommendation")
    if rec.status in {s.value for s in CLOSING_STATUSES}:
        raise DomainError("This recommendation has already been closed")
    if rec.status in {RecStatus.DRAFT, RecStatus.AGREED}:
        raise DomainError("Only a recommendation sent to the executive can be closed")
    if outcome not in {s.value for s in CLOSING_STATUSES}:
        raise DomainError("Choose how the recommendation ends", field="outcome")
    minute = session.get(Minute, minute_id) if minute_id else None
    if minute is None:
        raise DomainError(
            "Choose the minute of the panel meeting that closed it: a recommendation is closed "
            "only by the panel, at a meeting",
            field="minute_id",
        )
    meeting = minute.meeting
    if meeting.committee_id != rec.committee_id:
        raise DomainError("Choose a minute of this panel's meeting", field="minute_id")
    if meeting.starts_at > now or meeting.status == MeetingStatus.CANCELLED:
        raise DomainError("The panel can only close it at a meeting it has held", "minute_id")
    held_on = to_local(meeting.starts_at).date()
    if rec.submission is not None and held_on < rec.submission.submitted_on:
        raise DomainError(
            "That meeting was before the recommendation was submitted: choose a minute of a "
            "later meeting",
            field="minute_id",
        )
    rec.status = outcome
    rec.closed_on = to_local(meeting.starts_at).date()
    rec.closed_at_meeting_id = meeting.id
    rec.closing_minute_id = minute.id
    rec.closing_note = (note or "").strip() or None


def closing_minutes(session: Session, rec: Recommendation, now: datetime) -> list[Minute]:
    """Minutes of the panel's recent held meetings, to record a closing under."""
    meetings = closing_meetings(session, rec, now)
    if not meetings:
        return []
    return list(
        session.scalars(
            select(Minute)
            .where(Minute.meeting_id.in_([m.id for m in meetings]))
            .options(selectinload(Minute.meeting), selectinload(Minute.item))
            .order_by(Minute.year_start.desc(), Minute.number.desc())
        )
    )


def visible_to_public(rec: Recommendation) -> bool:
    """Drafts are the group's working papers; everything the panel agreed is public."""
    return rec.status != RecStatus.DRAFT
