"""The reminders job: before and on each due day, weekly while overdue, then the officers are
told once and the owners monthly; executive members before a response deadline and the day
after it is missed; officers before an agenda's publication deadline, and about emails that
could not be delivered. Each reminder is recorded once (unique constraint) and goes out in the
person's one email of the day (services/jobs/digests.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action, action_owner_posts
from scrutiny.models.meetings import Meeting
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import PostHolding, Role, User
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.models.scheduling import Reminder
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.working_days import working_days_before
from scrutiny.services.decisions.decision_reminders import remind_decisions
from scrutiny.services.jobs.digests import reachable, record, send_daily
from scrutiny.services.meetings.meetings import deadline_for
from scrutiny.services.people import accounts

#: How many examples a summary keeps of each kind of problem.
EXAMPLES = 5


@dataclass
class ReminderSummary:
    """What one reminders pass did."""

    reminders_queued: int = 0
    digests_queued: int = 0
    #: How many items' people could not be reached (reported to the officers instead).
    unreachable: int = 0
    #: The first few of them, so a large backlog prints a bounded summary.
    unreachable_examples: list[str] = field(default_factory=list)
    #: Emails that gave up, reported to the officers in this pass.
    failures_reported: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def note_unreachable(self, line: str) -> None:
        """Count an item no one could be told about, keeping the first EXAMPLES as examples."""
        self.unreachable += 1
        if len(self.unreachable_examples) < EXAMPLES:
            self.unreachable_examples.append(line)


def _setting(name: str):
    return current_app.config[name]


def _days_before() -> list[int]:
    raw = str(_setting("SCRUTINY_REMINDER_DAYS_BEFORE"))
    return sorted({int(p) for p in raw.replace(" ", "").split(",") if p.isdigit() and int(p) > 0})


def action_occasion(due_on: date, today: date, days_before: list[int], chasers: int) -> str | None:
    """Which reminder an action due on `due_on` is owed today, if any.

    Before the due day: the nearest of `days_before` not yet passed ("before-14", "before-3");
    from the due day for a week: "due"; then "overdue-1".."overdue-N" weekly; after N chasers,
    "escalated" (the officers are told once) while the owners get "monthly-1", "monthly-2" ...
    every four weeks (see `owner_occasion`). A missed day is caught up on the next pass.
    """
    days_left = (due_on - today).days
    if days_left > 0:
        fitting = [d for d in days_before if days_left <= d]
        return f"before-{min(fitting)}" if fitting else None
    weeks = -days_left // 7
    if weeks == 0:
        return "due"
    return f"overdue-{weeks}" if weeks <= chasers else "escalated"


def owner_occasion(due_on: date, today: date, chasers: int, told_before: bool) -> str | None:
    """After the weekly chasers: the owners' monthly reminder ("monthly-N", every four weeks
    after the last chaser); an owner never told about the action is told at once."""
    months = ((today - due_on).days // 7 - chasers) // 4
    if months >= 1:
        return f"monthly-{months}"
    return None if told_before else "monthly-0"


class _Pass:
    """One pass: knows today, the existing reminders it must not repeat, and what it did."""

    def __init__(self, session: Session, now: datetime):
        self.session = session
        self.now = now
        self.today = to_local(now).date()
        self.summary = ReminderSummary()
        self._officers: list[User] | None = None

    def officers(self) -> list[User]:
        """The active officers who can be emailed."""
        if self._officers is None:
            officers = accounts.active_users_with_roles(self.session, Role.OFFICER)
            self._officers = [o for o in officers if reachable(o)]
        return self._officers

    def existing(self, item_type: str, ids: list[int]) -> set[tuple[int, str, int]]:
        if not ids:
            return set()
        rows = self.session.execute(
            select(Reminder.item_id, Reminder.occasion, Reminder.recipient_id).where(
                Reminder.item_type == item_type, Reminder.item_id.in_(ids)
            )
        )
        return {tuple(row) for row in rows}

    def record(self, seen: set, *, item_id: int, occasion: str, user: User, **fields) -> None:
        """Record one reminder for the day's email unless it went before."""
        if (item_id, occasion, user.id) in seen:
            return
        seen.add((item_id, occasion, user.id))
        made = record(
            self.session, self.now, item_id=item_id, occasion=occasion, user=user, **fields
        )
        self.summary.reminders_queued += made is not None

    def reachable(self, users: list[User]) -> list[User]:
        return [u for u in users if reachable(u)]


def _holders_by_action(session: Session, action_ids: list[int], today: date) -> dict:
    """action id -> users holding one of its owner posts today, in one query."""
    if not action_ids:
        return {}
    rows = session.execute(
        select(action_owner_posts.c.action_id, User)
        .join(PostHolding, PostHolding.post_id == action_owner_posts.c.post_id)
        .join(User, User.id == PostHolding.user_id)
        .where(action_owner_posts.c.action_id.in_(action_ids), PostHolding.current_on_clause(today))
    )
    holders: dict[int, list[User]] = defaultdict(list)
    for action_id, user in rows:
        if user not in holders[action_id]:
            holders[action_id].append(user)
    return holders


def _actions_due_by(run: _Pass, horizon: date) -> list[Action]:
    return list(
        run.session.scalars(
            select(Action)
            .where(
                Action.is_open,
                Action.due_on.is_not(None),
                Action.due_on <= horizon,
            )
            .options(selectinload(Action.owner_posts))
            .order_by(Action.due_on, Action.id)
        )
    )


def _escalate_action(run: _Pass, seen, told, action, people, owners, chasers, item) -> None:
    """Tell the officers once, and keep reminding the owners monthly."""
    nobody = "" if people else " (no current holder can be emailed)"
    for officer in run.officers():
        run.record(
            seen,
            occasion="escalated",
            user=officer,
            kind="escalation",
            text=f"{owners}{nobody}: {action.description[:200]}",
            **item,
        )
    for person in people:
        monthly = owner_occasion(action.due_on, run.today, chasers, (action.id, person.id) in told)
        if monthly:
            run.record(seen, occasion=monthly, user=person, text=action.description[:300], **item)


def _report_unowned(run: _Pass, seen, action, occasion, label, owners, item) -> None:
    """No owner can be emailed: note it and tell the officers instead."""
    run.summary.note_unreachable(f"{label}: no current post holder with an email address")
    for officer in run.officers():
        run.record(
            seen,
            occasion=f"unowned-{occasion}",
            user=officer,
            kind="unreachable",
            text=f"No current holder of {owners} has an active account with an email "
            f"address to be reminded: {action.description[:200]}",
            **item,
        )


def _remind_actions(run: _Pass) -> None:
    days_before = _days_before()
    chasers = int(_setting("SCRUTINY_MAX_CHASERS"))
    today = run.today
    actions = _actions_due_by(run, today + timedelta(days=max(days_before, default=0)))
    seen = run.existing("action", [a.id for a in actions])
    told = {(item_id, user_id) for item_id, _, user_id in seen}
    holders = _holders_by_action(run.session, [a.id for a in actions], today)
    for action in actions:
        occasion = action_occasion(action.due_on, today, days_before, chasers)
        if occasion is None:
            continue
        label = action.reference or f"Action {action.id}"
        owners = ", ".join(p.name for p in action.owner_posts) or "no owner"
        item = {
            "item_type": "action",
            "item_id": action.id,
            "path": f"/actions/{action.id}",
            "reference": label,
            "due_on": action.due_on,
        }
        people = run.reachable(holders.get(action.id, []))
        if occasion == "escalated":
            _escalate_action(run, seen, told, action, people, owners, chasers, item)
        elif not people:
            _report_unowned(run, seen, action, occasion, label, owners, item)
        else:
            for person in people:
                run.record(
                    seen, occasion=occasion, user=person, text=action.description[:300], **item
                )


def _remind_responses(run: _Pass) -> None:
    days = int(_setting("SCRUTINY_RESPONSE_REMINDER_DAYS"))
    today = run.today
    recs = list(
        run.session.scalars(
            select(Recommendation)
            .where(
                Recommendation.status == RecStatus.SUBMITTED,
                Recommendation.response_due_on <= today + timedelta(days=days),
            )
            .options(selectinload(Recommendation.responder), selectinload(Recommendation.committee))
            .order_by(Recommendation.response_due_on, Recommendation.id)
        )
    )
    seen = run.existing("recommendation", [r.id for r in recs])
    for rec in recs:
        missed = rec.response_due_on < today
        occasion = "missed" if missed else f"before-{days}"
        people = run.reachable([rec.responder] if rec.responder else [])
        if not people:
            run.summary.note_unreachable(f"{rec.reference}: no executive member to remind")
        copies = run.officers() if missed or not people else []
        for person in people + [o for o in copies if o not in people]:
            run.record(
                seen,
                item_type="recommendation",
                item_id=rec.id,
                occasion=occasion,
                user=person,
                text=f"{rec.committee.name}: {rec.text[:200]}"
                + ("" if people else " (no executive member to remind)"),
                path=f"/recommendations/{rec.id}",
                reference=rec.reference,
                due_on=rec.response_due_on,
            )


def _remind_agendas(run: _Pass) -> None:
    days = int(_setting("SCRUTINY_AGENDA_REMINDER_WORKING_DAYS"))
    region = _setting("SCRUTINY_BANK_HOLIDAYS")
    meetings = list(
        run.session.scalars(
            select(Meeting)
            .where(
                Meeting.agenda_open,
                Meeting.starts_at > run.now,
                Meeting.starts_at <= run.now + timedelta(days=31),
            )
            .options(selectinload(Meeting.committee), selectinload(Meeting.contact))
        )
    )
    seen = run.existing("meeting", [m.id for m in meetings])
    for meeting in meetings:
        deadline = deadline_for(meeting)
        if not working_days_before(deadline, days, region=region) <= run.today <= deadline:
            continue
        contact = meeting.contact
        people = run.reachable([contact] if contact and contact.has_role(Role.OFFICER) else [])
        for person in people or run.officers():
            run.record(
                seen,
                item_type="meeting",
                item_id=meeting.id,
                occasion=f"publish-{days}",
                user=person,
                text="Agenda not yet published for the meeting on "
                f"{format_day(to_local(meeting.starts_at).date())}: it must be published by "
                "the due date",
                path=f"/meetings/{meeting.id}",
                reference=meeting.committee.name,
                due_on=deadline,
            )


def _report_failures(run: _Pass) -> None:
    """Tell the officers, once, about every email the outbox gave up on."""
    reported = exists().where(Reminder.item_type == "outbox", Reminder.item_id == OutboxMessage.id)
    failed = run.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED, ~reported)
        .order_by(OutboxMessage.id)
    ).all()
    for message in failed:
        run.summary.failures_reported += 1
        for officer in run.officers():
            record(
                run.session,
                run.now,
                item_type="outbox",
                item_id=message.id,
                occasion="failed",
                user=officer,
                kind="failure",
                text=f"To {message.recipient}, '{message.subject}': {message.last_error or ''}"[
                    :500
                ],
                path="/",
                reference=f"Email {message.id}",
            )


def send_reminders(session: Session, now: datetime) -> dict:
    """The reminders job: everything owed at `now`, once each, in each person's one email of
    the day; returns a summary."""
    run = _Pass(session, now)
    _remind_actions(run)
    _remind_responses(run)
    _remind_agendas(run)
    run.summary.reminders_queued += remind_decisions(session, now)
    _report_failures(run)
    run.summary.digests_queued = send_daily(session, now)
    session.flush()
    return run.summary.as_dict()


def reminders_about(session: Session, item_type: str, item_id: int) -> list[Reminder]:
    """The reminders sent about one item, newest first (for its page)."""
    return list(
        session.scalars(
            select(Reminder)
            .where(and_(Reminder.item_type == item_type, Reminder.item_id == item_id))
            .options(selectinload(Reminder.recipient))
            .order_by(Reminder.created_at.desc(), Reminder.id.desc())
        )
    )
