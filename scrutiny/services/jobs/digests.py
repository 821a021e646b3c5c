"""The daily email: everything waiting for a person (reminders, escalations, notices, problems)
in one message a day, grouped with each item's reference and due date, under a subject that
names what is inside; and the one rule that records each reminder or notice once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.outbox import OutboxMessage
from scrutiny.models.people import User
from scrutiny.models.scheduling import Reminder
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.mail import queue_mail


def reachable(user: User | None) -> bool:
    """True if email can reach `user`: an active account with an email address."""
    return bool(user is not None and user.active and user.email and "@" in user.email)


def link(path: str) -> str:
    """An absolute link to `path` under the configured base URL."""
    return f"{current_app.config['SCRUTINY_BASE_URL'].rstrip('/')}{path}"


def record(
    session: Session,
    now: datetime,
    *,
    item_type: str,
    item_id: int,
    occasion: str,
    user: User,
    text: str,
    path: str,
    kind: str = "reminder",
    reference: str | None = None,
    due_on: date | None = None,
) -> Reminder | None:
    """Record one reminder or notice for `user`, or None if it was recorded before (here or
    by a concurrent scheduler): the unique constraint makes each happen once."""
    reminder = Reminder(
        item_type=item_type,
        item_id=item_id,
        occasion=occasion,
        recipient_id=user.id,
        recipient=user,
        kind=kind,
        reference=(reference or "")[:100] or None,
        due_on=due_on,
        text=text,
        link=link(path)[:300],
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(reminder)
    except IntegrityError:
        return None
    return reminder


@dataclass
class Section:
    """One group of items in a daily email, with its heading and subject phrase."""

    key: str
    heading: str
    items: list[Reminder] = field(default_factory=list)


#: Section key -> heading, in the order they appear in the email.
HEADINGS = {
    "actions-overdue": "Actions overdue",
    "actions-week": "Actions due this week",
    "actions-later": "Actions due soon",
    "responses-overdue": "Responses to scrutiny overdue",
    "responses-due": "Responses to scrutiny due",
    "agendas": "Agendas to publish",
    "decisions": "Key decisions and call-ins",
    "escalated": "Actions overdue beyond the weekly chasers",
    "unreachable": "No one could be told",
    "failure": "Emails that could not be delivered",
    "notice": "News",
}


def section_of(reminder: Reminder, today: date) -> str:
    """Which section of the daily email a reminder belongs in."""
    if reminder.kind != "reminder":
        return reminder.kind if reminder.kind != "escalation" else "escalated"
    overdue = reminder.due_on is not None and reminder.due_on < today
    if reminder.item_type == "action":
        if overdue:
            return "actions-overdue"
        week = reminder.due_on is not None and reminder.due_on <= today + timedelta(days=6)
        return "actions-week" if week else "actions-later"
    if reminder.item_type == "recommendation":
        return "responses-overdue" if overdue else "responses-due"
    if reminder.item_type in {"forward_plan", "call_in", "decision"}:
        return "decisions"
    return "agendas"


def sections(reminders: list[Reminder], today: date) -> list[Section]:
    """The reminders grouped into sections, in the email's order, oldest due first."""
    grouped: dict[str, list[Reminder]] = defaultdict(list)
    for reminder in reminders:
        grouped[section_of(reminder, today)].append(reminder)
    return [
        Section(key, heading, sorted(grouped[key], key=_by_due))
        for key, heading in HEADINGS.items()
        if grouped[key]
    ]


def _by_due(reminder: Reminder) -> tuple:
    return (reminder.due_on or date.max, reminder.reference or "", reminder.id or 0)


#: Section prefix, noun, and (state, words) in the order a subject names them.
SUBJECT_STATES = (
    (
        "actions",
        "action",
        (
            ("overdue", "overdue"),
            ("week", "due this week"),
            ("later", "due soon"),
        ),
    ),
    ("responses", "response", (("overdue", "overdue"), ("due", "due"))),
)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def subject(parts: list[Section]) -> str:
    """A subject naming what is inside: "3 actions overdue, 1 due this week"."""
    n = {s.key: len(s.items) for s in parts}
    phrases: list[str] = []
    for prefix, noun, states in SUBJECT_STATES:
        first = True
        for state, words in states:
            count = n.get(f"{prefix}-{state}", 0)
            if count:
                phrases.append(f"{_count(count, noun) if first else count} {words}")
                first = False
    if n.get("agendas"):
        phrases.append(f"{_count(n['agendas'], 'agenda')} to publish")
    if n.get("decisions"):
        phrases.append(f"{_count(n['decisions'], 'key decision or call-in')} to see to")
    if n.get("escalated"):
        phrases.append(f"{_count(n['escalated'], 'long-overdue action')} to follow up")
    if n.get("unreachable"):
        phrases.append(f"{_count(n['unreachable'], 'item')} no one could be told about")
    if n.get("failure"):
        phrases.append(f"{_count(n['failure'], 'email')} not delivered")
    if n.get("notice"):
        phrases.append(_count(n["notice"], "update"))
    text = ", ".join(phrases)
    return text[:1].upper() + text[1:]


def _daily_key(user: User, day: date) -> str:
    return f"daily:{user.id}:{day.isoformat()}"


def send_daily(session: Session, now: datetime) -> int:
    """Queue each person's one email of the day with everything waiting for them; returns how
    many. A person already sent today's email keeps new items waiting until tomorrow."""
    today = to_local(now).date()
    waiting = list(
        session.scalars(
            select(Reminder)
            .where(Reminder.digested_at.is_(None))
            .options(selectinload(Reminder.recipient))
            .order_by(Reminder.recipient_id, Reminder.id)
        )
    )
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in waiting:
        by_person[reminder.recipient_id].append(reminder)
    sent_today = set(
        session.scalars(
            select(OutboxMessage.dedupe_key).where(
                OutboxMessage.dedupe_key.in_(
                    [_daily_key(r[0].recipient, today) for r in by_person.values()]
                )
            )
        )
    )
    queued = 0
    for reminders in by_person.values():
        person = reminders[0].recipient
        key = _daily_key(person, today)
        if key in sent_today or not reachable(person):
            continue
        parts = sections(reminders, today)
        message = queue_mail(
            session,
            dedupe_key=key,
            recipient=person.email,
            subject=subject(parts),
            template="daily",
            now=now,
            user=person,
            sections=parts,
            day=format_day(today),
        )
        for reminder in reminders:
            reminder.digested_at = now
            reminder.outbox_id = message.id
        queued += 1
    return queued
