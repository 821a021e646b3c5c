"""What each role's dashboard shows: the user's committees, posts and pointers to their work."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action, action_owner_posts
from scrutiny.models.committees import Committee, Membership
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import PostHolding, Role, User
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.services.actions import FINISHED, is_overdue
from scrutiny.services.clocks import format_day, to_local


@dataclass
class Panel:
    """One block on the dashboard: a heading, a line of text and links."""

    role: Role
    heading: str
    text: str
    #: (text, endpoint, url arguments); an empty endpoint means plain text.
    items: list[tuple[str, str, dict]] = field(default_factory=list)


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


def _owned_actions(session: Session, post_ids: list[int]) -> list[Action]:
    """Open actions owned by any of these posts, soonest due first (undated last)."""
    if not post_ids:
        return []
    return list(
        session.scalars(
            select(Action)
            .where(
                Action.id.in_(
                    select(action_owner_posts.c.action_id).where(
                        action_owner_posts.c.post_id.in_(post_ids)
                    )
                ),
                Action.status.not_in(list(FINISHED)),
            )
            .order_by(Action.due_on.is_(None), Action.due_on, Action.id)
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
                f"{active} active committees.",
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
                [
                    (
                        f"{m.committee.name} ({m.role_label})",
                        "committees.show",
                        {"slug": m.committee.slug},
                    )
                    for m in memberships
                ],
            )
        )
    if Role.OWNER in roles:
        holdings = _posts_of(session, user, today)
        owned = _owned_actions(session, [h.post_id for h in holdings])
        late = sum(1 for a in owned if is_overdue(a, today))
        panels.append(
            Panel(
                Role.OWNER,
                "Your posts and actions",
                (
                    f"You hold {', '.join(h.post.name for h in holdings)}. "
                    f"{len(owned)} open action(s), {late} overdue."
                )
                if holdings
                else "You hold no posts today.",
                [
                    (
                        f"{a.reference or 'Action'}: {a.description[:80]}"
                        + (f" (due {format_day(a.due_on)})" if a.due_on else "")
                        + (" – overdue" if is_overdue(a, today) else ""),
                        "recommendations.action",
                        {"action_id": a.id},
                    )
                    for a in owned[:10]
                ],
            )
        )
    if Role.EXECUTIVE in roles:
        awaiting = list(
            session.scalars(
                select(Recommendation)
                .where(
                    Recommendation.responder_id == user.id,
                    Recommendation.status == RecStatus.SUBMITTED,
                )
                .order_by(Recommendation.response_due_on)
            )
        )
        panels.append(
            Panel(
                Role.EXECUTIVE,
                "Responses to scrutiny",
                f"{len(awaiting)} recommendation(s) awaiting your response."
                if awaiting
                else "No recommendations are awaiting your response.",
                [
                    (
                        f"{r.reference}: respond by {format_day(r.response_due_on)}"
                        + (" – overdue" if r.response_due_on < today else ""),
                        "recommendations.show",
                        {"rec_id": r.id},
                    )
                    for r in awaiting
                ],
            )
        )
    return panels
