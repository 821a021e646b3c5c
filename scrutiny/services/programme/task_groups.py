"""Task-and-finish groups: setting one up from a panel (or an active project), its members,
sessions, status, final report and the recommendations its parent panel agrees."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee, CommitteeKind, Membership, MembershipRole
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.people import Role, User
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import Recommendation
from scrutiny.models.task_groups import GroupSession, GroupStatus, SessionKind, TaskGroup
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.core.mail import queue_mail
from scrutiny.services.files import documents
from scrutiny.services.meetings import agenda
from scrutiny.services.people import accounts
from scrutiny.services.people import committees as committee_service
from scrutiny.services.recommendations import recommendations

#: status -> statuses a group may move to.
STATUS_MOVES = {
    GroupStatus.PROPOSED: {GroupStatus.ACTIVE},
    GroupStatus.ACTIVE: {GroupStatus.REPORTING},
    GroupStatus.REPORTING: {GroupStatus.ACTIVE, GroupStatus.COMPLETE},
    GroupStatus.COMPLETE: set(),
}

#: Roles a person may hold in a group.
GROUP_ROLES = (MembershipRole.CHAIRMAN, MembershipRole.MEMBER)

UPDATE_ITEM_TITLE = "Task-and-finish groups update"


def defaults_from_row(row: ProgrammeItem) -> dict[str, str]:
    """What a group created from a work programme row starts with."""
    return {
        "name": f"{row.topic} task-and-finish group"[:200],
        "topic": row.topic,
        "reason": row.reason,
        "method": row.method,
        "timeline": row.timeline,
    }


def _unique_slug(session: Session, name: str) -> str:
    base = committee_service.slugify(name)[:70] or "task-and-finish-group"
    slug, n = base, 1
    while session.scalar(select(Committee.id).where(Committee.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _minute_prefix(panel: Committee) -> str:
    return re.sub(r"[^A-Za-z0-9&/ ]", "", f"{panel.minute_prefix} TFG")[:12]


def _check_details(
    session: Session, *, topic: str, starts_on: date | None, ends_on: date | None, lead_officer_id
) -> None:
    if not (topic or "").strip():
        raise DomainError("Enter the group's topic", field="topic")
    if starts_on is None:
        raise DomainError("Enter the date the group starts", field="starts_on")
    if ends_on is None:
        raise DomainError("Enter the date by which the group will report", field="ends_on")
    if ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    if lead_officer_id is not None:
        officer = session.get(User, lead_officer_id)
        if officer is None or not officer.active or not officer.roles & {Role.OFFICER, Role.ADMIN}:
            raise DomainError("Choose the lead officer from the list", field="lead_officer_id")


def create_group(
    session: Session,
    panel: Committee,
    *,
    name: str,
    topic: str,
    starts_on: date | None,
    ends_on: date | None,
    reason: str = "",
    scope: str = "",
    method: str = "",
    timeline: str = "",
    lead_officer_id: int | None = None,
    programme_item_id: int | None = None,
) -> TaskGroup:
    """Set up a group under a panel, optionally from one of its active projects."""
    if panel.kind != CommitteeKind.SCRUTINY_PANEL or not panel.active:
        raise DomainError("Task-and-finish groups are set up by an active scrutiny panel")
    if not (name or "").strip():
        raise DomainError("Enter the group's name", field="name")
    _check_details(
        session, topic=topic, starts_on=starts_on, ends_on=ends_on, lead_officer_id=lead_officer_id
    )
    row = None
    if programme_item_id is not None:
        row = session.get(ProgrammeItem, programme_item_id)
        if row is None or row.committee_id != panel.id:
            raise DomainError("That work programme row is not this panel's")
        if row.section not in {Section.ACTIVE, Section.SCHEDULED}:
            raise DomainError("A group can only be created from an active or scheduled project")
        if row.task_group is not None:
            raise DomainError("That project already has a task-and-finish group")
    committee = committee_service.create_committee(
        session,
        name=name,
        kind=CommitteeKind.TASK_AND_FINISH,
        minute_prefix=_minute_prefix(panel),
        slug=_unique_slug(session, name),
        parent_id=panel.id,
        remit=scope,
    )
    group = TaskGroup(
        committee=committee,
        programme_item=row,
        topic=topic.strip(),
        reason=reason or "",
        scope=scope or "",
        method=method or "",
        timeline=timeline or "",
        starts_on=starts_on,
        ends_on=ends_on,
        status=GroupStatus.PROPOSED,
        lead_officer_id=lead_officer_id,
    )
    session.add(group)
    session.flush()
    return group


def update_group(
    session: Session,
    group: TaskGroup,
    *,
    topic: str,
    starts_on: date | None,
    ends_on: date | None,
    reason: str,
    scope: str,
    method: str,
    timeline: str,
    lead_officer_id: int | None,
    expected_version: int | None,
) -> None:
    """Change a group's terms of reference, dates or lead officer, refusing a stale edit."""
    check_version(group, expected_version, "this group")
    _check_details(
        session, topic=topic, starts_on=starts_on, ends_on=ends_on, lead_officer_id=lead_officer_id
    )
    group.topic = topic.strip()
    group.starts_on, group.ends_on = starts_on, ends_on
    group.reason, group.scope = reason or "", scope or ""
    group.method, group.timeline = method or "", timeline or ""
    group.lead_officer_id = lead_officer_id
    group.committee.remit = group.scope or None
    session.flush()


def change_status(group: TaskGroup, status: str, *, expected_version: int | None) -> None:
    """Move a group along proposed → active → reporting → complete."""
    check_version(group, expected_version, "this group")
    try:
        target = GroupStatus(status)
    except ValueError:
        raise DomainError("Choose the group's status", field="status") from None
    if target not in STATUS_MOVES[GroupStatus(group.status)]:
        raise DomainError(
            f"A {group.status_label.lower()} group cannot become {target.label.lower()}",
            field="status",
        )
    if target == GroupStatus.COMPLETE and group.report_sha256 is None:
        raise DomainError("Attach the group's final report before marking it complete", "status")
    group.status = target


def panel_members(session: Session, group: TaskGroup, on: date) -> list[Membership]:
    """The parent panel's current members, who may join the group."""
    return committee_service.current_members(session, group.committee.parent, on)


def group_members(session: Session, group: TaskGroup, on: date) -> list[Membership]:
    """The group's current members, chairman first."""
    return committee_service.current_members(session, group.committee, on)


def add_member(
    session: Session, group: TaskGroup, *, user_id: int | None, role: str, now: datetime
) -> Membership:
    """Add a member of the parent panel to the group and tell them by email."""
    today = to_local(now).date()
    if group.status == GroupStatus.COMPLETE:
        raise DomainError("The group is complete: members can no longer be added")
    if role not in {r.value for r in GROUP_ROLES}:
        raise DomainError("Choose the member's role in the group", field="role")
    on_panel = {m.user_id for m in panel_members(session, group, today)}
    if user_id not in on_panel:
        raise DomainError(
            f"Only current members of {group.committee.parent.name} can join this group",
            field="user_id",
        )
    membership = committee_service.add_membership(
        session, group.committee, user_id=user_id, role=role, starts_on=today
    )
    user = membership.user
    if user.active and user.email:
        queue_mail(
            session,
            dedupe_key=f"task-group-added:{group.id}:{user.id}:{membership.id}",
            recipient=user.email,
            subject=f"You have joined the {group.committee.name}",
            template="task_group_added",
            now=now,
            user=user,
            group=group,
        )
    return membership


def invite_panel(session: Session, group: TaskGroup, *, now: datetime) -> int:
    """Invite every current member of the parent panel to join; each is invited only once."""
    today = to_local(now).date()
    joined = {m.user_id for m in group_members(session, group, today)}
    count = 0
    for membership in panel_members(session, group, today):
        user = membership.user
        if user.id in joined or not user.active or not user.email:
            continue
        queue_mail(
            session,
            dedupe_key=f"task-group-invite:{group.id}:{user.id}",
            recipient=user.email,
            subject=f"Invitation: {group.committee.name}",
            template="task_group_invitation",
            now=now,
            user=user,
            group=group,
        )
        count += 1
    return count


def _check_session(group: TaskGroup, kind: str, held_on: date | None, title: str) -> None:
    if kind not in {k.value for k in SessionKind}:
        raise DomainError("Choose what kind of session it was", field="kind")
    if held_on is None:
        raise DomainError("Enter the date of the session", field="held_on")
    if held_on < group.starts_on:
        raise DomainError("The session cannot be before the group started", field="held_on")
    if not (title or "").strip():
        raise DomainError("Enter a title for the session", field="title")


def add_session(
    session: Session,
    group: TaskGroup,
    *,
    kind: str,
    held_on: date | None,
    title: str,
    witnesses: str = "",
    notes: str = "",
) -> GroupSession:
    """Record one of the group's meetings, evidence sessions or visits."""
    _check_session(group, kind, held_on, title)
    record = GroupSession(
        group=group,
        committee_id=group.committee_id,
        kind=kind,
        held_on=held_on,
        title=title.strip(),
        witnesses=witnesses or "",
        notes=notes or "",
    )
    session.add(record)
    session.flush()
    return record


def update_session(
    record: GroupSession,
    *,
    kind: str,
    held_on: date | None,
    title: str,
    witnesses: str,
    notes: str,
    expected_version: int | None,
) -> None:
    """Change a session's details or notes, refusing a stale edit."""
    check_version(record, expected_version, "this session")
    _check_session(record.group, kind, held_on, title)
    record.kind, record.held_on, record.title = kind, held_on, title.strip()
    record.witnesses, record.notes = witnesses or "", notes or ""


def attach_report(group: TaskGroup, data: bytes, *, filename: str, now: datetime) -> None:
    """Keep the group's final report (PDF or Word), replacing any earlier one."""
    if group.status not in {GroupStatus.ACTIVE, GroupStatus.REPORTING}:
        raise DomainError("A final report can be attached while the group is active or reporting")
    sha, file_type = documents.store_upload(data)
    group.report_sha256 = sha
    group.report_type = file_type
    group.report_filename = (filename or f"final-report.{file_type}").rsplit("/", 1)[-1][:255]
    group.report_uploaded_at = now


def draft_recommendation(
    session: Session, group: TaskGroup, *, text: str, addressed_to: str
) -> Recommendation:
    """Record a recommendation the group has drafted for its parent panel to agree."""
    if group.status == GroupStatus.COMPLETE:
        raise DomainError("The group is complete: its recommendations are settled")
    if not (text or "").strip():
        raise DomainError("Enter the recommendation", field="text")
    if not (addressed_to or "").strip():
        raise DomainError("Say to whom the recommendation is addressed", field="addressed_to")
    recommendation = Recommendation(
        committee=group.committee.parent,
        text=text.strip(),
        addressed_to=addressed_to.strip(),
        task_group_id=group.id,
        status="draft",
    )
    session.add(recommendation)
    session.flush()
    return recommendation


def recommendations_of(session: Session, group: TaskGroup) -> list[Recommendation]:
    """The group's recommendations, drafts and agreed, in the order drafted."""
    return list(
        session.scalars(
            select(Recommendation)
            .where(Recommendation.task_group_id == group.id)
            .order_by(Recommendation.id)
        )
    )


def agreeing_meetings(session: Session, group: TaskGroup, now: datetime) -> list[Meeting]:
    """The parent panel's meetings already held, most recent first, that can agree drafts."""
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id == group.committee.parent_id,
                Meeting.starts_at <= now,
                Meeting.status != MeetingStatus.CANCELLED,
            )
            .order_by(Meeting.starts_at.desc())
            .limit(12)
        )
    )


def agree_recommendations(
    session: Session, group: TaskGroup, meeting: Meeting | None, *, now: datetime
) -> int:
    """The parent panel agrees the group's drafts at a meeting it has held; they become
    recommendations to the executive, awaiting its response."""
    if meeting is None or meeting.committee_id != group.committee.parent_id:
        raise DomainError("Choose a meeting of the parent panel", field="meeting_id")
    if meeting.status == MeetingStatus.CANCELLED or meeting.starts_at > now:
        raise DomainError("The panel can only agree recommendations at a meeting it has held")
    drafts = [r for r in recommendations_of(session, group) if r.status == "draft"]
    if not drafts:
        raise DomainError("There are no draft recommendations to agree")
    for recommendation in drafts:
        recommendations.agree(session, recommendation, to_local(meeting.starts_at).date())
        recommendation.agreed_at_meeting_id = meeting.id
        recommendation.source = f"Report of the {group.committee.name}"[:200]
    session.flush()
    return len(drafts)


def groups_of(session: Session, panel: Committee) -> list[TaskGroup]:
    """A panel's groups, current ones first, each with its committee loaded."""
    order = {s.value: n for n, s in enumerate(GroupStatus)}
    rows = session.scalars(
        select(TaskGroup)
        .join(Committee, TaskGroup.committee_id == Committee.id)
        .where(Committee.parent_id == panel.id)
        .options(selectinload(TaskGroup.committee), selectinload(TaskGroup.lead_officer))
        .order_by(TaskGroup.starts_on.desc(), TaskGroup.id)
    ).all()
    return sorted(rows, key=lambda g: order[g.status] == order["complete"])


def session_counts(session: Session, groups: list[TaskGroup]) -> dict[int, int]:
    """How many sessions each group has held, in one query."""
    if not groups:
        return {}
    rows = session.execute(
        select(GroupSession.group_id, func.count(GroupSession.id))
        .where(GroupSession.group_id.in_([g.id for g in groups]))
        .group_by(GroupSession.group_id)
    )
    return dict(rows.all())


def update_summary(session: Session, panel: Committee, on: date) -> str:
    """The text of an "update on task-and-finish groups" item: each group not long finished."""
    groups = [
        g
        for g in groups_of(session, panel)
        if g.status != GroupStatus.COMPLETE or g.ends_on >= date(on.year - 1, on.month, 1)
    ]
    counts = session_counts(session, groups)
    if not groups:
        return "The panel has no task-and-finish groups at present."
    lines = []
    for group in groups:
        held = counts.get(group.id, 0)
        lead = f"; lead officer {group.lead_officer.name}" if group.lead_officer else ""
        lines.append(
            f"{group.committee.name}: {group.status_label.lower()}, "
            f"{format_day(group.starts_on)} to {format_day(group.ends_on)}; "
            f"{held} session{'s' if held != 1 else ''} held{lead}."
        )
    return "\n".join(lines)


def add_update_item(session: Session, meeting: Meeting, *, now: datetime):
    """Add (or refresh) the "Task-and-finish groups update" item on a panel's agenda."""
    panel = meeting.committee
    if panel.kind != CommitteeKind.SCRUTINY_PANEL:
        raise DomainError("Only a scrutiny panel's agenda has a task-and-finish groups update")
    summary = update_summary(session, panel, to_local(meeting.starts_at).date())
    return agenda.put_generated_item(
        session,
        meeting,
        title=UPDATE_ITEM_TITLE,
        description=summary,
        purpose="To receive an update on the panel's task-and-finish groups.",
        now=now,
    )


def officers(session: Session) -> list[User]:
    """Active officers who can lead a group, by name."""
    return accounts.active_users_with_roles(session, Role.OFFICER, Role.ADMIN)
