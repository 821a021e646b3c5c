"""Who was at a meeting and what they declared: attendance (members grouped by their place on
the committee, substitutes, officers, times) and declarations of interest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Membership, MembershipRole
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.minutes import Attendance, AttendanceKind, Declaration, InterestKind
from scrutiny.models.people import User
from scrutiny.services.core.clocks import to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.meetings.meetings import local_datetime
from scrutiny.services.minutes.minutes import check_held, is_locked
from scrutiny.services.people import committees

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


#: Headings members are listed under, in the form, the minutes page and the PDF: co-opted
#: (added) members and those with a right to speak are not councillors of the panel.
MEMBER_GROUPS: list[tuple[str, set[str]]] = [
    (
        "Councillors",
        {MembershipRole.CHAIRMAN, MembershipRole.VICE_CHAIRMAN, MembershipRole.MEMBER},
    ),
    ("Co-opted members", {MembershipRole.ADDED_MEMBER}),
    ("Members with a right to speak", {MembershipRole.RIGHT_TO_SPEAK}),
]


def group_by_role(rows: list, role_of) -> list[tuple[str, list]]:
    """Rows under the MEMBER_GROUPS headings by their membership role (`role_of(row)`),
    leaving out empty groups; a role outside every group counts as a councillor."""
    groups = [
        (heading, [r for r in rows if role_of(r) in roles]) for heading, roles in MEMBER_GROUPS
    ]
    known = set().union(*(roles for _, roles in MEMBER_GROUPS))
    groups[0][1].extend(r for r in rows if role_of(r) not in known)
    return [(heading, members) for heading, members in groups if members]


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
    check_held(meeting)
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
    check_held(meeting)
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
