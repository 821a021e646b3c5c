"""Minutes: attendance, declarations, numbered minutes, outcomes, approval and locking."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session, selectinload

from scrutiny.models.actions import Action
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.minutes import (
    Minute,
    MinutesApproval,
    OutcomeKind,
    OutcomePart,
)
from scrutiny.models.people import Role, User
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.actions.actions import owner_posts
from scrutiny.services.core import clocks, exemption
from scrutiny.services.core.clocks import to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.jobs import notifications
from scrutiny.services.recommendations import recommendations

#: Statuses in which a meeting has taken place and can have attendance and minutes.
AFTER_MEETING = {
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_DRAFT,
    MeetingStatus.MINUTES_APPROVED,
}


def check_held(meeting: Meeting) -> None:
    """DomainError unless the meeting has taken place."""
    if meeting.status not in AFTER_MEETING:
        raise DomainError("Record the meeting as held first")


def is_locked(session: Session, meeting: Meeting) -> bool:
    """True once the minutes have been approved (or noted) at a later meeting."""
    return approval_of(session, meeting) is not None


def approval_of(session: Session, meeting: Meeting) -> MinutesApproval | None:
    """The approval of this meeting's minutes, if recorded."""
    return session.scalar(select(MinutesApproval).where(MinutesApproval.meeting_id == meeting.id))


# Minutes ----------------------------------------------------------------------------------


def minutes_of(session: Session, meeting: Meeting) -> list[Minute]:
    """The meeting's minutes in agenda order, with items and outcome parts."""
    return list(
        session.scalars(
            select(Minute)
            .where(Minute.meeting_id == meeting.id)
            .options(selectinload(Minute.item), selectinload(Minute.parts))
            .order_by(Minute.number)
        )
    )


def minute_reference(meeting: Meeting, minute: Minute) -> str:
    """The printed number: '<prefix> <n>' ("CAY 6")."""
    return f"{meeting.committee.minute_prefix} {minute.number}"


def _check_can_edit(session: Session, minute: Minute, user: User, reason: str | None) -> None:
    if is_locked(session, minute.meeting):
        if not user.has_role(Role.ADMIN):
            raise DomainError("These minutes have been approved and are locked")
        if not (reason or "").strip():
            raise DomainError("Give the reason for changing approved minutes", "change_reason")


def update_minute(
    session: Session,
    minute: Minute,
    *,
    narrative: str,
    discussion: str,
    outcome_kind: str,
    outcome_text: str,
    parts: list[str],
    user: User,
    expected_version: int | None,
    reason: str | None = None,
) -> None:
    """Save a minute's text and outcome parts; parts that carry actions cannot be dropped."""
    check_version(minute, expected_version, "this minute")
    _check_can_edit(session, minute, user, reason)
    if outcome_kind not in {k.value for k in OutcomeKind}:
        raise DomainError("Choose how the item ended", "outcome_kind")
    texts = [p.strip() for p in parts if p.strip()]
    existing = list(minute.parts)
    for part in existing[len(texts) :]:
        if _part_has_links(session, part):
            raise DomainError(
                f"Part {part.position} has an action or recommendation, so it cannot be removed",
                "parts",
            )
        minute.parts.remove(part)
        session.delete(part)
    for position, text in enumerate(texts, start=1):
        if position <= len(existing):
            existing[position - 1].text = text
        else:
            minute.parts.append(
                OutcomePart(meeting_id=minute.meeting_id, position=position, text=text)
            )
    minute.narrative = (narrative or "").strip()
    minute.discussion = (discussion or "").strip()
    minute.outcome_kind = outcome_kind
    minute.outcome_text = (outcome_text or "").strip()
    if is_locked(session, minute.meeting):
        minute.change_reason = reason.strip()
    session.flush()


def _part_has_links(session: Session, part: OutcomePart) -> bool:
    actions = session.scalar(select(func.count(Action.id)).where(Action.outcome_part_id == part.id))
    recs = session.scalar(
        select(func.count(Recommendation.id)).where(Recommendation.outcome_part_id == part.id)
    )
    return bool(actions or recs)


def create_action(
    session: Session,
    part: OutcomePart,
    *,
    description: str,
    post_ids: list[int],
    due_on: date | None,
    user: User,
) -> Action:
    """An action arising from an outcome part, owned by one or more posts."""
    _check_can_edit(session, part.minute, user, "action added")
    if not (description or "").strip():
        raise DomainError("Describe the action", "description")
    posts = owner_posts(session, post_ids)
    meeting = part.minute.meeting
    action = Action(
        description=description.strip(),
        due_on=due_on,
        committee_id=meeting.committee_id,
        outcome_part_id=part.id,
        reference=f"{minute_reference(meeting, part.minute)}({part.position})",
        status="not_started",
    )
    action.owner_posts = posts
    exemption.inherit_from_item(action, part.minute.item)
    session.add(action)
    session.flush()
    notifications.action_assigned(session, action, clocks.now())
    return action


def create_recommendation(
    session: Session, part: OutcomePart, *, text: str, addressed_to: str, user: User
) -> Recommendation:
    """A recommendation to the executive arising from an outcome part."""
    _check_can_edit(session, part.minute, user, "recommendation added")
    if not (text or "").strip():
        raise DomainError("Enter the recommendation", "text")
    if not (addressed_to or "").strip():
        raise DomainError("Say whom the recommendation is addressed to", "addressed_to")
    existing = recommendation_from(session, part)
    if existing is not None:
        raise DomainError(f"This part already has recommendation {existing.reference}")
    meeting = part.minute.meeting
    recommendation = Recommendation(
        text=text.strip(),
        addressed_to=addressed_to.strip(),
        committee=meeting.committee,
        outcome_part_id=part.id,
        source=f"{minute_reference(meeting, part.minute)}({part.position})",
    )
    exemption.inherit_from_item(recommendation, part.minute.item)
    session.add(recommendation)
    recommendations.agree(session, recommendation, to_local(meeting.starts_at).date())
    try:
        session.flush()
    except IntegrityError as error:  # a second click that raced the first
        raise DomainError("This part already has a recommendation: reload the minutes") from error
    return recommendation


def recommendation_from(session: Session, part: OutcomePart) -> Recommendation | None:
    """The one recommendation made from an outcome part, if any."""
    return session.scalar(select(Recommendation).where(Recommendation.outcome_part_id == part.id))


#: A list joiner left at the end of a part ("; and that", "; or", ",") or "that" at its start.
_TRAILING_JOINER = re.compile(r"(?:[\s;,:]+(?:and|or)?(?:\s+that)?)+$|\s+(?:and|or)(?:\s+that)?$")
_LEADING_THAT = re.compile(r"^(?:that\s+)", re.IGNORECASE)


def recommendation_text(part_text: str) -> str:
    """An outcome part as a recommendation on its own: list joiners removed, capitalised and
    ending with a full stop ("the Panel recommend X; and that" -> "The Panel recommend X.")."""
    text = (part_text or "").strip()
    previous = None
    while text != previous:
        previous = text
        text = _LEADING_THAT.sub("", _TRAILING_JOINER.sub("", text)).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def publish_draft(meeting: Meeting, *, now: datetime, expected_version: int | None) -> None:
    """Make the draft minutes public (exempt items' minutes stay private)."""
    check_version(meeting, expected_version, "this meeting")
    if meeting.status != MeetingStatus.MINUTES_DRAFT:
        raise DomainError("Start the minutes first")
    if meeting.minutes_published_at is None:
        meeting.minutes_published_at = now
        notifications.minutes_published(object_session(meeting), meeting, now)


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The committee's last meeting before this one that has minutes awaiting approval."""
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.committee_id == meeting.committee_id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.status == MeetingStatus.MINUTES_DRAFT,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )


def approve(
    session: Session, minutes_meeting: Meeting, *, at_meeting: Meeting, user: User, now: datetime
) -> MinutesApproval:
    """Record at `at_meeting` that the earlier meeting's minutes are a correct record (or noted)."""
    if approval_of(session, minutes_meeting) is not None:
        raise DomainError("These minutes have already been approved")
    if minutes_meeting.status != MeetingStatus.MINUTES_DRAFT:
        raise DomainError("There are no draft minutes to approve")
    if (
        at_meeting.committee_id != minutes_meeting.committee_id
        or at_meeting.starts_at <= minutes_meeting.starts_at
    ):
        raise DomainError("Minutes are approved at a later meeting of the same committee")
    if at_meeting.starts_at > now:
        raise DomainError("Approval is recorded at or after the meeting that approves them")
    approval = MinutesApproval(
        meeting_id=minutes_meeting.id,
        at_meeting_id=at_meeting.id,
        approved=minutes_meeting.formal,
        recorded_at=now,
        recorded_by_id=user.id,
    )
    session.add(approval)
    minutes_meeting.status = MeetingStatus.MINUTES_APPROVED
    if minutes_meeting.minutes_published_at is None:
        minutes_meeting.minutes_published_at = now
        notifications.minutes_published(session, minutes_meeting, now)
    try:
        session.flush()
    except IntegrityError as error:
        raise DomainError("These minutes have already been approved") from error
    return approval


def minutes_public(meeting: Meeting) -> bool:
    """True once draft minutes are published or the minutes are approved."""
    return meeting.minutes_published_at is not None
