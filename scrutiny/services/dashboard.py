"""What each role's dashboard shows: the user's committees, posts and pointers to their work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee, Membership
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import PostHolding, Role, User
from scrutiny.services.clocks import to_local


@dataclass
class Panel:
    """One block on the dashboard: a heading, a line of text and links."""

    role: Role
    heading: str
    text: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, url endpoint + args)


def _committees_of(session: Session, user: User, today) -> list[Membership]:
    return list(
        session.scalars(
            select(Membership)
            .where(Membership.user_id == user.id, Membership.current_on_clause(today))
            .options(selectinload(Membership.committee))
        )
    )


def _posts_of(session: Session, user: User, today) -> list[PostHolding]:
    return list(
        session.scalars(
            select(PostHolding)
            .where(PostHolding.user_id == user.id, PostHolding.current_on_clause(today))
            .options(selectinload(PostHolding.post))
        )
    )


def panels_for(session: Session, user: User, now: datetime) -> list[Panel]:
    """The dashboard panels for each role the user holds, in a fixed order."""
    today = to_local(now).date()
    panels: list[Panel] = []
    roles = user.roles
    if Role.ADMIN in roles:
        failed = session.scalar(
            select(func.count(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.FAILED)
        )
        panels.append(
            Panel(
                Role.ADMIN,
                "Administration",
                f"Manage users, posts and committees. {failed} email(s) could not be delivered.",
            )
        )
    if Role.OFFICER in roles:
        active = session.scalar(select(func.count(Committee.id)).where(Committee.active.is_(True)))
        panels.append(
            Panel(
                Role.OFFICER,
                "Democratic services",
                f"{active} active committees. Meetings, agendas and minutes will appear here.",
            )
        )
    if Role.COUNCILLOR in roles:
        memberships = _committees_of(session, user, today)
        panels.append(
            Panel(
                Role.COUNCILLOR,
                "Your committees",
                "You sit on these committees."
                if memberships
                else "You sit on no committees today.",
                [(f"{m.committee.name} ({m.role_label})", m.committee.slug) for m in memberships],
            )
        )
    if Role.OWNER in roles:
        holdings = _posts_of(session, user, today)
        panels.append(
            Panel(
                Role.OWNER,
                "Your posts and actions",
                "Actions owned by these posts will be listed here."
                if holdings
                else "You hold no posts today.",
                [(h.post.name, "") for h in holdings],
            )
        )
    if Role.EXECUTIVE in roles:
        panels.append(
            Panel(
                Role.EXECUTIVE,
                "Responses to scrutiny",
                "Recommendations awaiting your response will be listed here.",
            )
        )
    return panels
