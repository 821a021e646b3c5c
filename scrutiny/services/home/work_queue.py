"""Home-page work queues: the shapes every role's queues share, the wording of days left, and
the one query per kind (recommendations, actions) whose text a home page shows.

Every queue counts in SQL and lists at most LIMIT rows, so a home page costs the same number of
queries however much work is waiting. Text of recommendations and actions reaches a home page
only through `recommendations` and `actions` below: a visibility rule (exempt-derived content)
belongs there, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from scrutiny.models.actions import Action
from scrutiny.models.people import Role
from scrutiny.models.recommendations import Recommendation

#: Rows listed per queue; the "see all" link leads to the rest.
LIMIT = 10


@dataclass
class QueueItem:
    """One piece of work: what it is, where it is done, and how urgent it is."""

    text: str
    #: Endpoint and arguments of the page where the work is done; "" for plain text.
    endpoint: str = ""
    args: dict = field(default_factory=dict)
    #: A URL to use instead of an endpoint (a reminder's stored link).
    href: str = ""
    #: A short state shown beside the link ("late", "due in 3 working days").
    note: str = ""
    #: The note's GOV.UK tag colour: "red" (late), "orange" (soon) or "grey".
    tone: str = "grey"


@dataclass
class Queue:
    """A list of work of one kind, with its counts in words and a link to the full list."""

    key: str
    heading: str
    #: The counts, from SQL aggregates, in words ("2 late, 3 due in 14 days").
    summary: str
    items: list[QueueItem] = field(default_factory=list)
    #: (text, endpoint, url arguments) of the full, filtered list, if there is one.
    see_all: tuple[str, str, dict] | None = None

    @property
    def empty(self) -> bool:
        return not self.items


@dataclass
class Panel:
    """One role's part of the home page: a line of context, its queues, and its links."""

    role: Role
    heading: str
    text: str
    queues: list[Queue] = field(default_factory=list)
    #: (text, endpoint, url arguments).
    links: list[tuple[str, str, dict]] = field(default_factory=list)


def plural(number: int, word: str) -> str:
    """ "1 meeting", "3 meetings"."""
    return f"{number} {word}{'' if number == 1 else 's'}"


def days_phrase(due_on: date, today: date) -> str:
    """ "overdue by 3 days", "due today" or "12 days left"."""
    days = (due_on - today).days
    if days < 0:
        return f"overdue by {plural(-days, 'day')}"
    if days == 0:
        return "due today"
    return f"{plural(days, 'day')} left"


def tone_for(due_on: date, today: date, soon_days: int) -> str:
    """Red once overdue, orange within `soon_days`, otherwise grey."""
    days = (due_on - today).days
    if days < 0:
        return "red"
    return "orange" if days <= soon_days else "grey"


def snippet(text: str, length: int = 90) -> str:
    """The start of a long text, cut at a word, for a one-line list."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


def count(session: Session, column, *where) -> int:
    """How many rows match, as one SQL aggregate."""
    return session.scalar(select(func.count(column)).where(*where)) or 0


def recommendations(
    session: Session, *where, order_by, limit: int = LIMIT
) -> tuple[int, list[Recommendation]]:
    """Recommendations shown on a home page: how many match, and the first `limit` with their
    committee and responder loaded (2 queries). Every queue selects only what its reader may
    read, exempt-derived ones included (their committee's members, their responder, staff)."""
    total = count(session, Recommendation.id, *where)
    rows = session.scalars(
        select(Recommendation)
        .where(*where)
        .options(joinedload(Recommendation.committee), joinedload(Recommendation.responder))
        .order_by(*order_by, Recommendation.id)
        .limit(limit)
    )
    return total, list(rows)


def actions(session: Session, *where, order_by, limit: int = LIMIT) -> tuple[int, list[Action]]:
    """Actions shown on a home page: how many match, and the first `limit` with their owner
    posts loaded (at most 3 queries)."""
    total = count(session, Action.id, *where)
    rows = session.scalars(
        select(Action)
        .where(*where)
        .options(selectinload(Action.owner_posts))
        .order_by(*order_by, Action.id)
        .limit(limit)
    )
    return total, list(rows)


def action_label(action: Action) -> str:
    """ "SP1/2.1: Go live with …", as an action appears in a queue."""
    return f"{action.reference or f'Action {action.id}'}: {snippet(action.description)}"


def recommendation_label(rec: Recommendation) -> str:
    """ "CAY/2022/02: Publish the …", as a recommendation appears in a queue."""
    return f"{rec.reference or f'Recommendation {rec.id}'}: {snippet(rec.text)}"
