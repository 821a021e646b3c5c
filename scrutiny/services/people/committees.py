"""Committees and memberships: creating and changing bodies and who sits on them."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee, CommitteeKind, Membership, MembershipRole
from scrutiny.models.people import User
from scrutiny.services.core.errors import DomainError, check_version

#: What a committee slug may be: lower-case letters and digits in words joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    """True if `text` could be a committee's slug (so anything else is never sent to the
    database: PostgreSQL refuses a NUL in a string outright)."""
    return len(text) <= 80 and SLUG.fullmatch(text) is not None


def slugify(text: str) -> str:
    """Lower-case, hyphenated form of a name for use in URLs."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


def _validate(
    session: Session,
    committee: Committee | None,
    *,
    name: str,
    slug: str,
    kind: str,
    minute_prefix: str,
    parent_id: int | None,
) -> None:
    if not name.strip():
        raise DomainError("Enter the committee's name", field="name")
    if not is_slug(slug):
        raise DomainError(
            "Slug must use only lower-case letters, numbers and single hyphens", field="slug"
        )
    clash = session.scalar(select(Committee).where(Committee.slug == slug))
    if clash is not None and clash is not committee:
        raise DomainError(f"Another committee already uses the slug '{slug}'", field="slug")
    if kind not in {k.value for k in CommitteeKind}:
        raise DomainError("Choose the kind of committee", field="kind")
    if not re.fullmatch(r"[A-Za-z0-9&/ ]{1,12}", minute_prefix.strip()):
        raise DomainError(
            "Minute prefix must be 1 to 12 letters or numbers, like CAY", field="minute_prefix"
        )
    if kind == CommitteeKind.TASK_AND_FINISH and parent_id is None:
        raise DomainError("A task-and-finish group needs a parent panel", field="parent_id")
    if parent_id is not None:
        parent = session.get(Committee, parent_id)
        if parent is None:
            raise DomainError("Choose a parent panel from the list", field="parent_id")
        ancestor = parent
        while ancestor is not None:
            if committee is not None and ancestor.id == committee.id:
                raise DomainError("A committee cannot be its own parent", field="parent_id")
            ancestor = ancestor.parent


def create_committee(
    session: Session,
    *,
    name: str,
    kind: str,
    minute_prefix: str,
    slug: str | None = None,
    parent_id: int | None = None,
    remit: str | None = None,
) -> Committee:
    """Create a committee; DomainError on a missing name, taken slug or orphan group."""
    slug = (slug or slugify(name)).strip()
    _validate(
        session,
        None,
        name=name,
        slug=slug,
        kind=kind,
        minute_prefix=minute_prefix,
        parent_id=parent_id,
    )
    committee = Committee(
        name=name.strip(),
        slug=slug,
        kind=kind,
        minute_prefix=minute_prefix.strip().upper(),
        parent_id=parent_id,
        remit=(remit or "").strip() or None,
        active=True,
    )
    session.add(committee)
    session.flush()
    return committee


def update_committee(
    session: Session,
    committee: Committee,
    *,
    name: str,
    slug: str,
    kind: str,
    minute_prefix: str,
    parent_id: int | None,
    remit: str | None,
    active: bool,
    expected_version: int | None,
) -> Committee:
    """Change a committee's details, refusing a stale edit."""
    check_version(committee, expected_version, "this committee")
    slug = slug.strip()
    _validate(
        session,
        committee,
        name=name,
        slug=slug,
        kind=kind,
        minute_prefix=minute_prefix,
        parent_id=parent_id,
    )
    committee.name = name.strip()
    committee.slug = slug
    committee.kind = kind
    committee.minute_prefix = minute_prefix.strip().upper()
    committee.parent_id = parent_id
    committee.remit = (remit or "").strip() or None
    committee.active = active
    session.flush()
    return committee


def add_membership(
    session: Session,
    committee: Committee,
    *,
    user_id: int,
    role: str,
    starts_on: date,
    ends_on: date | None = None,
    representing: str | None = None,
) -> Membership:
    """Put a person on a committee; DomainError on overlaps, bad dates or a second chairman."""
    user = session.get(User, user_id)
    if user is None:
        raise DomainError("Choose a person from the list", field="user_id")
    if role not in {r.value for r in MembershipRole}:
        raise DomainError("Choose the member's role", field="role")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    for existing in committee_memberships(session, committee):
        overlaps = existing.starts_on <= (ends_on or date.max) and starts_on <= (
            existing.ends_on or date.max
        )
        if not overlaps:
            continue
        if existing.user_id == user.id:
            raise DomainError(
                f"{user.name} is already on this committee as {existing.role_label.lower()} "
                "for some of those dates",
                field="user_id",
            )
        if role in {"chairman", "vice_chairman"} and existing.role == role:
            raise DomainError(
                f"{existing.user.name} is already {existing.role_label.lower()} for some of "
                "those dates: end that membership first",
                field="role",
            )
    membership = Membership(
        committee=committee,
        user=user,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        representing=(representing or "").strip() or None,
    )
    session.add(membership)
    session.flush()
    return membership


def end_membership(membership: Membership, ends_on: date, *, expected_version: int | None) -> None:
    """Record the last day of a membership, refusing a stale edit or a date before its start."""
    check_version(membership, expected_version, "this membership")
    if ends_on < membership.starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    membership.ends_on = ends_on


def current_member_counts(session: Session, committee_ids: list[int], on: date) -> dict[int, int]:
    """For each committee id, how many memberships are current on a date, in one query."""
    if not committee_ids:
        return {}
    rows = session.execute(
        select(Membership.committee_id, func.count(Membership.id))
        .where(Membership.committee_id.in_(committee_ids), Membership.current_on_clause(on))
        .group_by(Membership.committee_id)
    )
    return dict(rows.all())


def committee_memberships(session: Session, committee: Committee) -> list[Membership]:
    """All memberships of a committee with their people, in one query."""
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.committee_id == committee.id)
            .options(selectinload(Membership.user))
            .order_by(Membership.starts_on)
        )
    )


def memberships_of(session: Session, user_id: int, on: date) -> list[Membership]:
    """The committees a person sits on, on a day, with each committee loaded."""
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.user_id == user_id, Membership.current_on_clause(on))
            .options(selectinload(Membership.committee))
        )
    )


def current_members(session: Session, committee: Committee, on: date) -> list[Membership]:
    """Memberships current on a date, chairman first, then by role and surname."""
    rows = [m for m in committee_memberships(session, committee) if m.current_on(on)]
    return sorted(rows, key=lambda m: (MembershipRole(m.role).sort_key, *surname_key(m.user.name)))


def surname_key(name: str) -> tuple[str, str]:
    """Sort key for a person's name by surname, then the whole name ("Mark Aplin" -> aplin)."""
    return (name.split()[-1].lower() if name.split() else "", name.lower())
