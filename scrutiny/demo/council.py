"""The demonstration council, from seed 003: North Somerset's Children and Young People's
Services Policy and Scrutiny Panel, its members, task-and-finish groups, officers' posts and one
sign-in per role, with every date moved around the as-of day (see timeline.py). Once loaded it
is left alone: loading again, on the same or a later day, changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from scrutiny.demo import groups as demo_groups
from scrutiny.demo import meetings as demo_meetings
from scrutiny.demo import minutes as demo_minutes
from scrutiny.demo import morning as demo_morning
from scrutiny.demo import plan as demo_plan
from scrutiny.demo import programme as demo_programme
from scrutiny.demo import recommendations as demo_recommendations
from scrutiny.demo import reports as demo_reports
from scrutiny.demo.timeline import timeline_for
from scrutiny.models.committees import Committee, Membership
from scrutiny.models.meetings import Meeting
from scrutiny.models.outbox import OutboxMessage
from scrutiny.models.people import Post, PostHolding, User
from scrutiny.models.scheduling import Reminder
from scrutiny.services.core.clocks import to_local
from scrutiny.services.meetings.meetings import municipal_year_start
from scrutiny.services.people import accounts, committees, posts

DEMO_PASSWORD = "scrutiny-demo-2026"  # noqa: S105 - published demo sign-in, not a secret
DOMAIN = "example.org"

#: email, name, roles: the people who can sign in.
DEMO_LOGINS: list[tuple[str, str, list[str]]] = [
    (f"admin@{DOMAIN}", "Sindy Dube", ["admin"]),
    (f"officer@{DOMAIN}", "Brent Cross", ["officer"]),
    (f"councillor@{DOMAIN}", "Wendy Griggs", ["councillor"]),
    (f"owner@{DOMAIN}", "Becky Hopkins", ["owner"]),
    (f"executive@{DOMAIN}", "Catherine Gibbons", ["executive", "councillor"]),
]

PANEL = {
    "name": "Children and Young People's Services Policy and Scrutiny Panel",
    "slug": "cyps-panel",
    "kind": "scrutiny_panel",
    "minute_prefix": "CAY",
    "remit": "Scrutiny of children's social care, education, SEND, early help and the "
    "council's role as corporate parent.",
}

#: name, role on the panel, representing
PANEL_MEMBERS: list[tuple[str, str, str | None]] = [
    ("Wendy Griggs", "chairman", None),
    ("Donald Davies", "vice_chairman", None),
    ("Mark Aplin", "member", None),
    ("Caroline Cherry", "member", None),
    ("Ciaran Cronnelly", "member", None),
    ("Mark Crosby", "member", None),
    ("Hugh Gregor", "member", None),
    ("Ann Harley", "member", None),
    ("Nicola Holland", "member", None),
    ("Ruth Jacobs", "member", None),
    ("Huw James", "member", None),
    ("Lisa Pilgrim", "member", None),
    ("Timothy Snaden", "member", None),
    ("Richard Westwood", "member", None),
    ("Karin Haverson", "substitute", None),
    ("Ian Parker", "substitute", None),
    ("Richard Tucker", "substitute", None),
    ("Claire Hudson", "added_member", "Church of England Representative"),
    ("Fiona Waters", "right_to_speak", "Weston College"),
    ("Kenton Mee", "right_to_speak", "North Somerset Parent Carers Working Together"),
]

#: name, kind, prefix, members (name, role), remit
GROUPS = [
    (
        "CYPS Working Group – SEND Improvement Plan",
        "task_and_finish",
        "SEND",
        [("Wendy Griggs", "chairman"), ("Caroline Cherry", "member"), ("Ann Harley", "member")],
        "Identify and recommend further effective delivery of the council's SEND Improvement "
        "Plan in relation to the experiences of parents and carers.",
    ),
    (
        "CYPS Working Group – Front Door",
        "task_and_finish",
        "FD",
        [("Donald Davies", "chairman"), ("Hugh Gregor", "member"), ("Timothy Snaden", "member")],
        "Hear from partner agency representatives on the Front Door and the Multi-Agency "
        "Safeguarding Hub.",
    ),
]

#: post name, service, holder's name (None for vacant)
POSTS: list[tuple[str, str, str | None]] = [
    ("Director of Children's Services", "Children's Services", "Sheila Smith"),
    (
        "Assistant Director, Children's Support and Safeguarding",
        "Children's Services",
        "Simon Lock",
    ),
    ("Head of Commissioning", "Children's Services", "Katherine Webb"),
    ("Principal Social Worker", "Children's Services", "Sally Varley"),
    ("Head of Service Front Door", "Children's Services", "Becky Hopkins"),
    ("Head of Service Quality Assurance", "Children's Services", None),
    ("Head of Service Improvement Lead", "Children's Services", None),
    ("Head of Corporate Parenting", "Children's Services", "Bethany Swann"),
    ("Head of SEND", "Children's Services", "Pip Hesketh"),
    ("Head of Strategic Planning & Governance", "Children's Services", None),
    ("Senior/Principal Accountant (Children's)", "Corporate Services", None),
    ("Policy and Scrutiny Senior Officer", "Corporate Services", "Brent Cross"),
    # The seed lists "All of CSLT" as an owner: the leadership team, so its directors hold it.
    ("All of CSLT", "Children's Services", "Sheila Smith"),
    ("All of CSLT", "Children's Services", "Simon Lock"),
]


#: What `load_demo` counts.
COUNTS = (
    "logins",
    "people",
    "committees",
    "memberships",
    "posts",
    "meetings",
    "minutes",
    "programme",
    "task_groups",
    "recommendations",
    "plan",
    "reports",
)


def _email_for(name: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{DOMAIN}"


def _person(session: Session, name: str, created: dict) -> User:
    for email, login_name, _ in DEMO_LOGINS:
        if login_name == name:
            return session.scalar(select(User).where(User.email == email))
    email = _email_for(name)
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = accounts.create_user(session, email=email, name=name, roles=[])
        created["people"] += 1
    return user


def _committee(session: Session, created: dict, **fields) -> Committee:
    committee = session.scalar(select(Committee).where(Committee.slug == fields["slug"]))
    if committee is None:
        committee = committees.create_committee(session, **fields)
        created["committees"] += 1
    return committee


def _member(session, committee, user, role, representing, created, starts_on) -> None:
    exists = session.scalar(
        select(Membership).where(
            Membership.committee_id == committee.id,
            Membership.user_id == user.id,
            Membership.role == role,
        )
    )
    if exists is None:
        committees.add_membership(
            session,
            committee,
            user_id=user.id,
            role=role,
            starts_on=starts_on,
            representing=representing,
        )
        created["memberships"] += 1


def loaded_around(session: Session) -> date | None:
    """The day of the existing demo panel's first meeting, or None if there is no demo."""
    panel = session.scalar(select(Committee).where(Committee.slug == PANEL["slug"]))
    if panel is None:
        return None
    starts = session.scalar(
        select(func.min(Meeting.starts_at)).where(Meeting.committee_id == panel.id)
    )
    return to_local(starts).date() if starts else None


def load_demo(session: Session, now: datetime) -> dict[str, int]:
    """Build the demo council around `now`'s date; returns counts of what was created (all
    zero if a demo council is already there, which is then left alone)."""
    tl = timeline_for(to_local(now).date())
    if session.scalar(select(Committee.id).where(Committee.slug == PANEL["slug"])) is not None:
        return dict.fromkeys(COUNTS, 0)
    since = municipal_year_start(tl.as_of - timedelta(days=366))
    first_notice = session.scalar(select(func.max(OutboxMessage.id))) or 0
    first_reminder = session.scalar(select(func.max(Reminder.id))) or 0
    created = dict.fromkeys(COUNTS, 0)
    _logins(session, created)
    panel = _committees(session, created, since)
    _posts(session, created, since)
    officer = session.scalar(select(User).where(User.email == f"officer@{DOMAIN}"))
    created["meetings"] = demo_meetings.load_meetings(session, panel, officer, tl)
    created["minutes"] = demo_minutes.load_minutes(session, panel, officer, tl)
    created["programme"] = demo_programme.load_programme(session, panel, tl)
    created["task_groups"] = demo_groups.load_groups(session, panel, officer, tl)
    created["recommendations"] = demo_recommendations.load_recommendations(
        session, panel, officer, tl
    )
    created["plan"] = demo_plan.load_plan(session, panel, officer, tl)
    created["reports"] = demo_reports.load_reports(session, officer, tl)
    if created["plan"]:
        demo_plan.load_recent(session, officer, tl)
    _forget_backdated_notices(session, first_notice, first_reminder)
    demo_morning.run_this_morning(session, tl)
    return created


def _logins(session: Session, created: dict[str, int]) -> None:
    """The demo sign-ins (one per role), all with DEMO_PASSWORD."""
    password_hash = None
    for email, name, roles in DEMO_LOGINS:
        if session.scalar(select(User).where(User.email == email)) is None:
            password_hash = password_hash or generate_password_hash(DEMO_PASSWORD)
            user = accounts.create_user(session, email=email, name=name, roles=roles)
            user.password_hash = password_hash
            created["logins"] += 1


def _committees(session: Session, created: dict[str, int], since) -> Committee:
    """The panel with its members, the Executive and the panel's groups; the panel."""
    panel = _committee(session, created, **PANEL)
    for name, role, representing in PANEL_MEMBERS:
        _member(session, panel, _person(session, name, created), role, representing, created, since)
    executive = _committee(
        session,
        created,
        name="Executive",
        slug="executive",
        kind="executive",
        minute_prefix="EXE",
        remit="The council's executive: responds to recommendations from scrutiny.",
    )
    _member(
        session,
        executive,
        _person(session, "Catherine Gibbons", created),
        "member",
        "Executive Member for Children, Young People, Lifelong Learning and Skills",
        created,
        since,
    )
    for name, kind, prefix, members, remit in GROUPS:
        group = _committee(
            session,
            created,
            name=name,
            slug=committees.slugify(name.replace("–", "")),
            kind=kind,
            minute_prefix=prefix,
            parent_id=panel.id,
            remit=remit,
        )
        for member_name, role in members:
            _member(
                session, group, _person(session, member_name, created), role, None, created, since
            )
    return panel


def _posts(session: Session, created: dict[str, int], since) -> None:
    """The officers' posts and who holds them."""
    for post_name, service, holder in POSTS:
        post = session.scalar(select(Post).where(Post.name == post_name))
        if post is None:
            post = posts.create_post(session, name=post_name, service=service)
            created["posts"] += 1
        if holder is None:
            continue
        user = _person(session, holder, created)
        held = session.scalar(
            select(PostHolding).where(
                PostHolding.post_id == post.id, PostHolding.user_id == user.id
            )
        )
        if held is None:
            posts.add_holder(session, post, user_id=user.id, starts_on=since)


def _forget_backdated_notices(session: Session, after_id: int, after_reminder: int) -> None:
    """Drop the event notices the back-dated history queued ("minutes published" five weeks
    ago, "a new action" for each imported row, and the officers' "no one could be told" about
    them): nobody should be emailed about that history on the demo's first morning."""
    backdated = select(OutboxMessage.id).where(
        OutboxMessage.id > after_id, OutboxMessage.dedupe_key.startswith("notice:")
    )
    session.execute(
        update(Reminder).where(Reminder.outbox_id.in_(backdated)).values(outbox_id=None)
    )
    session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(backdated)))
    session.execute(
        delete(Reminder).where(
            Reminder.id > after_reminder,
            Reminder.kind.in_(["notice", "unreachable"]),
            Reminder.outbox_id.is_(None),
        )
    )
