"""Generated volume for measuring the action tracker: one service plan with 8 priorities and as
many actions as asked for, each owned by one or two of about 40 posts and carrying the same
number of progress updates, inserted in bulk.

Everything is drawn from `random.Random(seed)` and placed relative to `now`, so the same seed
and `now` on the same posts give the same plan. The demo owner's post ("Head of Service Front
Door") owns about 1.5% of the actions, so "my actions" for owner@example.org has a few hundred
rows. Rows go in with bulk INSERTs (no ORM objects, so no audit events); only the plan, its
priorities, new posts and (if there is nobody) an updater are created through the services.
"""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action, ActionUpdate, action_owner_posts
from scrutiny.models.people import Post, PostHolding, User
from scrutiny.models.plans import ServicePlan
from scrutiny.services.actions.dues import Recurrence, period_end
from scrutiny.services.core.clocks import to_local
from scrutiny.services.people import accounts, posts
from scrutiny.services.plans import plans

#: Rows per INSERT batch.
CHUNK = 5_000
#: Owner posts to spread the actions over (existing posts count towards it).
POST_COUNT = 40
#: The demo owner's post, given a realistic share of the actions.
OWNER_POST = "Head of Service Front Door"
OWNER_SHARE = 0.015
UPDATER_EMAIL = "generated.updater@example.org"
#: The dues span from this many years before the current year to this many after it.
YEARS_BEFORE, YEARS_AFTER = 3, 1


@dataclass(frozen=True)
class _Window:
    """Where a generated plan's dates fall, relative to the day it is generated."""

    first_due: date
    last_due: date
    #: The earliest an action is entered: the October before the first due year.
    earliest: datetime


def window_for(today: date) -> _Window:
    """The due and entry window around `today`: 1 January three years back to the end of
    next year, entries from the October before (so a 2026 run dues 2023-2027)."""
    first_due = date(today.year - YEARS_BEFORE, 1, 1)
    return _Window(
        first_due=first_due,
        last_due=date(today.year + YEARS_AFTER, 12, 31),
        earliest=datetime(first_due.year - 1, 10, 1, 9, tzinfo=UTC),
    )


PRIORITIES = [
    ("Seeing and Hearing", "Family Support and Safeguarding"),
    ("Understanding", "Family Support and Safeguarding"),
    ("Responding", "Family Support and Safeguarding"),
    ("Helping", "Early Help"),
    ("Corporate Parenting", "Children in Care"),
    ("Inclusion", "Education and SEND"),
    ("Workforce", "Recruitment and Retention"),
    ("Partnerships", "Safeguarding Partnership"),
]

AREAS = [
    "Adoption",
    "Care Leavers",
    "Child Protection",
    "Children with Disabilities",
    "Commissioning Contracts",
    "Early Help",
    "Early Years",
    "Education Welfare",
    "Education Psychology",
    "Family Hubs",
    "Fostering",
    "Inclusion",
    "Independent Reviewing",
    "Learning and Development",
    "Local Offer",
    "Missing Children",
    "Performance and Insight",
    "Placements",
    "Residential Care",
    "School Admissions",
    "School Improvement",
    "Short Breaks",
    "Social Work Academy",
    "Special Guardianship",
    "Virtual School",
    "Workforce Development",
    "Youth Justice",
    "Youth Service",
    "Access to Resources",
    "Child Health Partnerships",
    "Children's Centres",
    "Contact Centre",
    "Data Protection",
    "Domestic Abuse",
    "Edge of Care",
    "Family Group Conferencing",
    "Home to School Transport",
    "Participation",
    "Private Fostering",
    "Unaccompanied Children",
]

VERBS = [
    "Review",
    "Refresh",
    "Launch",
    "Embed",
    "Strengthen",
    "Audit",
    "Publish",
    "Co-produce",
    "Evaluate",
    "Implement",
]
SUBJECTS = [
    "the practice standards",
    "the commissioning plan",
    "the quality assurance framework",
    "the exploitation strategy",
    "the permanence strategy",
    "the offer to care experienced young people",
    "the Preparing for Adulthood pathway",
    "supervision arrangements",
    "the multi-agency front door",
    "the sufficiency strategy",
    "the short breaks offer",
    "the feedback from children and families",
]
PARTNERS = [
    "with partners",
    "across the partnership",
    "with the Parent Carer Forum",
    "with schools",
    "with health colleagues",
    "with the Children in Care Council",
    "within the service",
    "with the police",
]
NARRATIVES = {
    "red": "Progress has stalled: {reason}. A recovery plan goes to the next CSLT.",
    "amber": "Some progress, but {reason}; the lead expects to recover by the next period.",
    "green": "On track: drafting complete and {reason} is no longer a risk.",
    "blue": "Complete: signed off at CSLT and shared with the panel.",
}
REASONS = [
    "staffing vacancies",
    "a delay in partner sign-off",
    "waiting for the data from the case management system",
    "the consultation ran longer than planned",
    "competing inspection priorities",
    "budget approval",
]
RECURRENCES = [r.value for r in Recurrence]


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between `start` and `end`, to the second."""
    seconds = max(int((end - start).total_seconds()), 1)
    return start + timedelta(seconds=rng.randrange(seconds))


def _posts(session: Session) -> tuple[list[Post], Post | None, int]:
    """Every active post (topped up to POST_COUNT), the demo owner's post, and how many were new.

    The new posts are named after AREAS in order and reused on the next run, so a second run
    spreads its actions over the same posts."""
    existing = {p.name: p for p in session.scalars(select(Post).where(Post.active.is_(True)))}
    created = 0
    for area in AREAS:
        if len(existing) >= POST_COUNT:
            break
        name = f"Head of {area}"
        if name not in existing:
            existing[name] = posts.create_post(session, name=name, service="Children's Services")
            created += 1
    ordered = sorted(existing.values(), key=lambda p: p.name)
    return ordered, existing.get(OWNER_POST), created


def _updaters(session: Session, post_ids: list[int], today: date) -> tuple[dict[int, int], int]:
    """post id -> a user holding it today, and a fallback user for vacant posts."""
    holders: dict[int, int] = {}
    rows = session.execute(
        select(PostHolding.post_id, PostHolding.user_id)
        .where(PostHolding.post_id.in_(post_ids), PostHolding.current_on_clause(today))
        .order_by(PostHolding.post_id, PostHolding.user_id)
    )
    for post_id, user_id in rows:
        holders.setdefault(post_id, user_id)
    fallback = session.scalar(select(User.id).where(User.email == UPDATER_EMAIL))
    if fallback is None:
        fallback = accounts.create_user(
            session, email=UPDATER_EMAIL, name="Generated Updater", roles=[]
        ).id
    return holders, fallback


def _due(rng: random.Random, today: date) -> tuple[str, date | None, str | None]:
    """due_kind, due_on and recurrence: mostly dates across the window, some months,
    recurrences, ongoing and none. (Recurring dues are rolled on by the updates later.)"""
    window = window_for(today)
    span = (window.last_due - window.first_due).days + 1
    roll = rng.random()
    if roll < 0.70:
        return "date", window.first_due + timedelta(days=rng.randrange(span)), None
    if roll < 0.80:
        return "month", _month_end(window.first_due + timedelta(days=rng.randrange(span))), None
    if roll < 0.90:
        recurrence = rng.choice(RECURRENCES)
        return "recurring", period_end(Recurrence(recurrence), today), recurrence
    if roll < 0.95:
        return "ongoing", None, None
    return "none", None, None


def _rags(rng: random.Random, count: int, finished_chance: float) -> list[str]:
    """`count` RAGs, oldest first, drifting rather than jumping; only the last may be blue."""
    rags: list[str] = []
    current = rng.choice(("green", "green", "amber", "red"))
    for _ in range(count):
        step = rng.random()
        if step < 0.2:
            current = {"green": "amber", "amber": "red", "red": "red"}[current]
        elif step < 0.45:
            current = {"green": "green", "amber": "green", "red": "amber"}[current]
        rags.append(current)
    if rags and rng.random() < finished_chance:
        rags[-1] = "blue"
    return rags


def _insert(session: Session, statement, rows: list[dict]) -> None:
    """INSERT `rows` in batches of CHUNK. None is sent as NULL (render_nulls), so every row has
    the same columns and each batch is one executemany, not one INSERT per run of alike rows."""
    statement = statement.execution_options(render_nulls=True)
    for start in range(0, len(rows), CHUNK):
        session.execute(statement, rows[start : start + CHUNK])


@dataclass
class _Drawn:
    """One generated action: its row, its owner posts and its (rag, moment, status) updates."""

    row: dict
    owner_ids: list[int]
    updates: list[tuple[str, datetime, str]]


@dataclass
class _Cast:
    """Who owns and updates generated actions."""

    all_posts: list[Post]
    owner_post: Post | None
    others: list[Post]


def _new_plan(session: Session, today: date, owner_post: Post | None):
    """The next "Generated plan N" over the generation window, with its eight priorities."""
    number = (
        session.scalar(
            select(func.count(ServicePlan.id)).where(ServicePlan.title.like("Generated plan %"))
        )
        + 1
    )
    plan = plans.create_plan(
        session,
        title=f"Generated plan {number}",
        starts_on=window_for(today).first_due,
        ends_on=window_for(today).last_due,
        service="Children's Services",
        directorate="Children's Services",
        owner_post_id=owner_post.id if owner_post else None,
    )
    priorities = [
        plans.add_priority(
            session, plan, title=f"Fundamental {n} – {title}", focus=focus, impact_statement=""
        )
        for n, (title, focus) in enumerate(PRIORITIES, start=1)
    ]
    return plan, priorities


def _owners(rng: random.Random, cast: _Cast) -> list[Post]:
    if cast.owner_post is not None and rng.random() < OWNER_SHARE:
        owners = [cast.owner_post]
    else:
        owners = [rng.choice(cast.others)]
    if rng.random() < 0.15:
        second = rng.choice(cast.all_posts)
        if second not in owners:
            owners.append(second)
    return owners


def _draw_action(rng, cast: _Cast, plan, priority, position: int, now, updates_per_action):
    """One action at random: owners, due, updates and where its status ended up."""
    today = to_local(now).date()
    owners = _owners(rng, cast)
    due_kind, due_on, recurrence = _due(rng, today)
    entered = _between(
        rng, window_for(today).earliest, now - timedelta(days=max(updates_per_action, 1) * 7)
    )
    past_due = due_on is not None and due_on < today and due_kind != "recurring"
    rags = _rags(rng, updates_per_action, 0.55 if past_due else 0.08)
    times = sorted(_between(rng, entered, now) for _ in rags)
    status = "not_started"
    entries = []
    for rag, moment in zip(rags, times, strict=True):
        status = "complete" if rag == "blue" else "in_progress"
        entries.append((rag, moment, status))
    if status == "in_progress" and rng.random() < 0.06:
        status = rng.choice(("cancelled", "superseded"))
    if due_kind == "recurring" and times and rags[-1] != "blue":
        after = period_end(Recurrence(recurrence), times[-1].date()) + timedelta(days=1)
        due_on = period_end(Recurrence(recurrence), after)
    wording = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(PARTNERS)}"
    row = {
        "reference": f"G{plan.id}/{priority.position}.{position}",
        "description": f"{wording} ({owners[0].name.removeprefix('Head of ')})",
        "due_on": due_on,
        "due_kind": due_kind,
        "recurrence": recurrence,
        "status": status,
        "plan_id": plan.id,
        "priority_id": priority.id,
        "position": position,
        "committee_id": plan.committee_id,
        "latest_rag": rags[-1] if rags else None,
        "last_update_at": times[-1] if times else None,
        "version": 1,
        "created_at": entered,
        "updated_at": times[-1] if times else entered,
    }
    return _Drawn(row, [p.id for p in owners], entries)


def _insert_actions(session: Session, drawn: list[_Drawn]) -> list[int]:
    """INSERT the actions and their owner posts; their ids.

    Ids are given rather than returned (RETURNING with thousands of rows is far slower); the
    transaction holds SQLite's write lock from its first statement, and PostgreSQL's sequence
    is moved past them afterwards."""
    first_id = (session.scalar(select(func.max(Action.id))) or 0) + 1
    ids = list(range(first_id, first_id + len(drawn)))
    for action_id, one in zip(ids, drawn, strict=True):
        one.row["id"] = action_id
    _insert(session, insert(Action), [one.row for one in drawn])
    if ids and session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('actions', 'id'), :last)"),
            {"last": ids[-1]},
        )
    owner_rows = [
        {"action_id": action_id, "post_id": post_id}
        for action_id, one in zip(ids, drawn, strict=True)
        for post_id in one.owner_ids
    ]
    _insert(session, insert(action_owner_posts), owner_rows)
    return ids


def _insert_updates(session, rng, ids: list[int], drawn: list[_Drawn], holders, fallback) -> int:
    """INSERT every generated action's progress updates; how many."""
    update_rows = []
    for action_id, one in zip(ids, drawn, strict=True):
        author = holders.get(one.owner_ids[0], fallback)
        for rag, moment, status in one.updates:
            reason = rng.choice(REASONS)
            update_rows.append(
                {
                    "action_id": action_id,
                    "rag": rag,
                    "narrative": NARRATIVES[rag].format(reason=reason),
                    "next_steps": "" if rag == "blue" else "Report back at the next review.",
                    "status": status,
                    "created_by_id": author,
                    "created_at": moment,
                }
            )
    _insert(session, insert(ActionUpdate), update_rows)
    return len(update_rows)


def generate(
    session: Session,
    *,
    actions: int,
    updates_per_action: int = 4,
    now: datetime,
    seed: int = 1,
) -> dict[str, Any]:
    """Create "Generated plan N" with 8 priorities and `actions` actions of `updates_per_action`
    updates each (the caller commits); returns counts of what was created."""
    if actions < 0 or updates_per_action < 0:
        raise ValueError("actions and updates per action cannot be negative")
    rng = random.Random(seed)
    today = to_local(now).date()
    all_posts, owner_post, posts_created = _posts(session)
    others = [p for p in all_posts if p is not owner_post] or all_posts
    cast = _Cast(all_posts, owner_post, others)
    holders, fallback = _updaters(session, [p.id for p in all_posts], today)
    plan, priorities = _new_plan(session, today, owner_post)
    drawn: list[_Drawn] = []
    positions = [0] * len(priorities)
    for _ in range(actions):
        slot = rng.randrange(len(priorities))
        positions[slot] += 1
        drawn.append(
            _draw_action(
                rng, cast, plan, priorities[slot], positions[slot], now, updates_per_action
            )
        )
    ids = _insert_actions(session, drawn)
    updates = _insert_updates(session, rng, ids, drawn, holders, fallback)
    owned = sum(owner_post is not None and owner_post.id in one.owner_ids for one in drawn)
    return {
        "plan_id": plan.id,
        "plan": plan.title,
        "priorities": len(priorities),
        "posts": len(all_posts),
        "posts_created": posts_created,
        "actions": len(ids),
        "owners": sum(len(one.owner_ids) for one in drawn),
        "updates": updates,
        "owner_post_actions": owned,
    }
