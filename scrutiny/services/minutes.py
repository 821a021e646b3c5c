"""Minutes: attendance, declarations, numbered minutes, outcomes, approval and locking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action
from scrutiny.models.committees import Membership, MembershipRole
from scrutiny.models.meetings import AgendaItem, Meeting, MeetingStatus
from scrutiny.models.minutes import (
    Attendance,
    AttendanceKind,
    Declaration,
    InterestKind,
    Minute,
    MinutesApproval,
    OutcomeKind,
    OutcomePart,
)
from scrutiny.models.people import Role, User
from scrutiny.models.recommendations import Recommendation
from scrutiny.services import committees, recommendations
from scrutiny.services.actions import owner_posts
from scrutiny.services.clocks import to_local
from scrutiny.services.errors import DomainError, check_version
from scrutiny.services.meetings import local_datetime

#: Statuses in which a meeting has taken place and can have attendance and minutes.
AFTER_MEETING = {
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_DRAFT,
    MeetingStatus.MINUTES_APPROVED,
}


def _check_held(meeting: Meeting) -> None:
    if meeting.status not in AFTER_MEETING:
        raise DomainError("Record the meeting as held first")


def is_locked(session: Session, meeting: Meeting) -> bool:
    """True once the minutes have been approved (or noted) at a later meeting."""
    return approval_of(session, meeting) is not None


def approval_of(session: Session, meeting: Meeting) -> MinutesApproval | None:
    """The approval of this meeting's minutes, if recorded."""
    return session.scalar(select(MinutesApproval).where(MinutesApproval.meeting_id == meeting.id))


# Attendance -------------------------------------------------------------------------------


@dataclass
class ExpectedMember:
    """A committee member expected at the meeting, with what was recorded for them."""

    membership: Membership
    kind: str


def expected_members(session: Session, meeting: Meeting) -> list[ExpectedMember]:
    """Members on the meeting's date (not substitutes), with their recorded attendance."""
    day = to_local(meeting.starts_at).date()
    recorded = {a.user_id: a.kind for a in attendance(session, meeting) if a.user_id}
    return [
        ExpectedMember(m, recorded.get(m.user_id, ""))
        for m in committees.current_members(session, meeting.committee, day)
        if m.role != MembershipRole.SUBSTITUTE
    ]


def attendance(session: Session, meeting: Meeting) -> list[Attendance]:
    """Everything recorded for the meeting, with the people, in one query."""
    return list(
        session.scalars(
            select(Attendance)
            .where(Attendance.meeting_id == meeting.id)
            .options(selectinload(Attendance.user), selectinload(Attendance.substitute_for))
            .order_by(Attendance.id)
        )
    )


def parse_officers(text: str) -> list[tuple[str, str | None]]:
    """Lines like 'Sheila Smith (Children's Services)' as (name, service) pairs."""
    officers = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, _, rest = line.partition("(")
        officers.append((name.strip(), rest.rstrip(")").strip() or None))
    return officers


def _is_any_member(session: Session, user_id: int, day: date) -> bool:
    return (
        session.scalar(
            select(Membership.id).where(
                Membership.user_id == user_id, Membership.current_on_clause(day)
            )
        )
        is not None
    )


def record_attendance(
    session: Session,
    meeting: Meeting,
    *,
    member_kinds: dict[int, str],
    substitutes: list[tuple[int, int]],
    officers: list[tuple[str, str | None]],
    commenced: time | None,
    concluded: time | None,
    expected_version: int | None,
) -> None:
    """Replace the meeting's attendance record; DomainError names the first problem."""
    check_version(meeting, expected_version, "this meeting")
    _check_held(meeting)
    if is_locked(session, meeting):
        raise DomainError("The minutes have been approved: attendance can no longer change")
    day = to_local(meeting.starts_at).date()
    members = {e.membership.user_id: e.membership for e in expected_members(session, meeting)}
    allowed = {AttendanceKind.PRESENT, AttendanceKind.APOLOGIES, AttendanceKind.ABSENT}
    for user_id, kind in member_kinds.items():
        if user_id not in members:
            raise DomainError("Someone in the list is not a member on the meeting's date")
        if kind not in allowed:
            raise DomainError(
                f"Choose present, apologies or absent for {members[user_id].user.name}"
            )
    missing = [m.user.name for uid, m in members.items() if uid not in member_kinds]
    if missing:
        raise DomainError(f"Record whether {missing[0]} was present, sent apologies or was absent")
    seen = set()
    for user_id, for_id in substitutes:
        person = session.get(User, user_id)
        if person is None or not _is_any_member(session, user_id, day):
            name = person.name if person else "That person"
            raise DomainError(
                f"{name} cannot substitute: they are not a member of any committee", "substitutes"
            )
        if for_id not in members or member_kinds.get(for_id) == AttendanceKind.PRESENT:
            raise DomainError(
                "A substitute must replace a member of this committee who was not present",
                "substitutes",
            )
        if user_id in members or user_id in seen or for_id in seen:
            raise DomainError(f"{person.name} is listed twice", "substitutes")
        seen.update({user_id, for_id})
    if commenced and concluded and concluded <= commenced:
        raise DomainError("The meeting must conclude after it commenced", "concluded")

    for row in attendance(session, meeting):
        session.delete(row)
    session.flush()
    for user_id, kind in member_kinds.items():
        session.add(
            Attendance(
                meeting_id=meeting.id, user_id=user_id, kind=kind, role=members[user_id].role
            )
        )
    for user_id, for_id in substitutes:
        session.add(
            Attendance(
                meeting_id=meeting.id,
                user_id=user_id,
                kind=AttendanceKind.SUBSTITUTE,
                substitute_for_id=for_id,
            )
        )
    for name, service in officers:
        session.add(
            Attendance(
                meeting_id=meeting.id, name=name, service=service, kind=AttendanceKind.OFFICER
            )
        )
    meeting.commenced_at = local_datetime(day, commenced) if commenced else None
    meeting.concluded_at = local_datetime(day, concluded) if concluded else None
    session.flush()


# Declarations -----------------------------------------------------------------------------


def add_declaration(
    session: Session,
    meeting: Meeting,
    *,
    user_id: int,
    item_id: int | None,
    kind: str,
    text: str,
) -> Declaration:
    """Record a member's declaration of interest, for the meeting or one of its items."""
    _check_held(meeting)
    if is_locked(session, meeting):
        raise DomainError("The minutes have been approved: declarations can no longer change")
    present = {
        a.user_id
        for a in attendance(session, meeting)
        if a.kind in {AttendanceKind.PRESENT, AttendanceKind.SUBSTITUTE}
    }
    if user_id not in present:
        raise DomainError("Only members recorded as present can declare an interest", "user_id")
    if kind not in {k.value for k in InterestKind}:
        raise DomainError("Choose the kind of interest", "kind")
    if item_id is not None:
        item = session.get(AgendaItem, item_id)
        if item is None or item.meeting_id != meeting.id:
            raise DomainError("Choose an item from this meeting's agenda", "item_id")
    if not (text or "").strip():
        raise DomainError("Describe the interest", "text")
    declaration = Declaration(
        meeting_id=meeting.id, user_id=user_id, agenda_item_id=item_id, kind=kind, text=text.strip()
    )
    session.add(declaration)
    session.flush()
    return declaration


def declarations(session: Session, meeting: Meeting) -> list[Declaration]:
    """The meeting's declarations with their members and items."""
    return list(
        session.scalars(
            select(Declaration)
            .where(Declaration.meeting_id == meeting.id)
            .options(selectinload(Declaration.user), selectinload(Declaration.item))
            .order_by(Declaration.id)
        )
    )


def declarations_of(session: Session, user: User, *, public_only: bool) -> list[Declaration]:
    """A member's declarations across meetings, newest first (for their profile)."""
    query = (
        select(Declaration)
        .join(Meeting, Declaration.meeting_id == Meeting.id)
        .where(Declaration.user_id == user.id)
        .options(selectinload(Declaration.meeting).selectinload(Meeting.committee))
        .options(selectinload(Declaration.item))
        .order_by(Meeting.starts_at.desc())
    )
    if public_only:
        query = query.outerjoin(AgendaItem, Declaration.agenda_item_id == AgendaItem.id).where(
            Meeting.minutes_published_at.is_not(None),
            or_(AgendaItem.id.is_(None), AgendaItem.exempt.is_(False)),
        )
    return list(session.scalars(query))


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
    session.add(action)
    session.flush()
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
    try:
        session.flush()
    except IntegrityError as error:
        raise DomainError("These minutes have already been approved") from error
    return approval


def minutes_public(meeting: Meeting) -> bool:
    """True once draft minutes are published or the minutes are approved."""
    return meeting.minutes_published_at is not None
