"""Each role's home page: a panel per role the user holds, made of work queues (see
work_queue*.py), in a fixed order."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Membership
from scrutiny.models.people import PostHolding, Role, User
from scrutiny.services.core.clocks import to_local
from scrutiny.services.home.work_queue import Panel, plural
from scrutiny.services.home.work_queue_admin import job_health, outbox_failures
from scrutiny.services.home.work_queue_member import member_queues
from scrutiny.services.home.work_queue_officer import officer_queues, problems
from scrutiny.services.home.work_queue_owner import action_counts, executive_queue, owner_queues


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


def _admin(session: Session, user: User, now: datetime) -> Panel:
    queues = [job_health(session, now), outbox_failures(session)]
    if Role.OFFICER not in user.roles:  # officers see these in their own panel
        trouble = problems(session, now, may_manage_users=True, include_mail=False)
        queues += [trouble] if trouble.items else []
    return Panel(
        Role.ADMIN,
        "Administration",
        "Scheduled jobs, undelivered email, and users, posts and committees.",
        queues,
        [
            ("Manage users", "admin.users", {}),
            ("Manage posts", "admin.posts", {}),
            ("Email outbox", "admin.outbox", {}),
            ("Scheduled jobs", "admin.scheduler", {}),
        ],
    )


def _officer(session: Session, user: User, now: datetime) -> Panel:
    return Panel(
        Role.OFFICER,
        "Democratic services",
        "Agendas to publish, minutes to write, responses and actions to chase.",
        officer_queues(session, now, may_manage_users=Role.ADMIN in user.roles),
        [
            ("Manage committees and members", "admin.committees", {}),
            ("Posts and their holders", "admin.posts", {}),
        ],
    )


def _councillor(session: Session, user: User, now: datetime) -> Panel:
    memberships = _committees_of(session, user, to_local(now).date())
    return Panel(
        Role.COUNCILLOR,
        "Your committees",
        f"You sit on {plural(len(memberships), 'committee')} (listed below)."
        if memberships
        else "You sit on no committees today.",
        member_queues(session, user, now) if memberships else [],
        [
            (f"{m.committee.name} ({m.role_label})", "committees.show", {"slug": m.committee.slug})
            for m in memberships
        ],
    )


def _owner(session: Session, user: User, now: datetime) -> Panel:
    holdings = _posts_of(session, user, to_local(now).date())
    if not holdings:
        return Panel(Role.OWNER, "Your posts and actions", "You hold no posts today.")
    open_count, overdue = action_counts(session, user, now)
    return Panel(
        Role.OWNER,
        "Your posts and actions",
        f"You hold {', '.join(h.post.name for h in holdings)}. "
        f"{plural(open_count, 'open action')}, {overdue} overdue.",
        owner_queues(session, user, now),
        [("All my actions", "plans.my_actions", {})],
    )


def _executive(session: Session, user: User, now: datetime) -> Panel:
    return Panel(
        Role.EXECUTIVE,
        "Responses to scrutiny",
        "Recommendations from scrutiny panels that you are to answer, soonest deadline first.",
        [executive_queue(session, user, now)],
    )


#: Panels in the order they appear, for users holding several roles.
PANELS = (
    (Role.ADMIN, _admin),
    (Role.OFFICER, _officer),
    (Role.COUNCILLOR, _councillor),
    (Role.OWNER, _owner),
    (Role.EXECUTIVE, _executive),
)


def panels_for(session: Session, user: User, now: datetime) -> list[Panel]:
    """The home-page panels for each role the user holds, in a fixed order."""
    roles = user.roles
    return [build(session, user, now) for role, build in PANELS if role in roles]
