"""The reminders job: before and on each due day, weekly while overdue, then the officer is
told; executive members before a response deadline and the day after it is missed; officers
before an agenda's publication deadline. Each reminder is recorded once (unique constraint) and
sent as its own mail or in the person's daily digest."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action, action_owner_posts
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.people import PostHolding, Role, User
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.models.scheduling import Reminder
from scrutiny.services import accounts
from scrutiny.services.actions import FINISHED
from scrutiny.services.clocks import format_day, to_local
from scrutiny.services.mail import queue_mail
from scrutiny.services.meetings import deadline_for
from scrutiny.services.working_days import working_days_before


@dataclass
class ReminderSummary:
    """What one reminders pass did."""

    reminders_queued: int = 0
    mails_queued: int = 0
    digests_queued: int = 0
    #: Items whose people could not be reached (reported to the officers instead).
    unreachable: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "reminders_queued": self.reminders_queued,
            "mails_queued": self.mails_queued,
            "digests_queued": self.digests_queued,
            "unreachable": self.unreachable,
        }


def _setting(name: str):
    return current_app.config[name]


def _days_before() -> list[int]:
    raw = str(_setting("SCRUTINY_REMINDER_DAYS_BEFORE"))
    return sorted({int(p) for p in raw.replace(" ", "").split(",") if p.isdigit() and int(p) > 0})


def action_occasion(due_on: date, today: date, days_before: list[int], chasers: int) -> str | None:
    """Which reminder an action due on `due_on` is owed today, if any.

    Before the due day: the nearest of `days_before` not yet passed ("before-14", "before-3");
    from the due day for a week: "due"; then "overdue-1".."overdue-N" weekly; after N chasers,
    "escalated" (the officer is told instead). A missed day is caught up on the next pass.
    """
    days_left = (due_on - today).days
    if days_left > 0:
        fitting = [d for d in days_before if days_left <= d]
        return f"before-{min(fitting)}" if fitting else None
    weeks = -days_left // 7
    if weeks == 0:
        return "due"
    return f"overdue-{weeks}" if weeks <= chasers else "escalated"


class _Pass:
    """One pass: knows today, the existing reminders it must not repeat, and what it did."""

    def __init__(self, session: Session, now: datetime, dry_run: bool = False):
        self.session = session
        self.now = now
        self.today = to_local(now).date()
        self.base_url = _setting("SCRUTINY_BASE_URL").rstrip("/")
        self.summary = ReminderSummary()
        self._officers: list[User] | None = None

    def officers(self) -> list[User]:
        if self._officers is None:
            self._officers = accounts.active_users_with_roles(self.session, Role.OFFICER)
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

    def record(
        self,
        seen: set,
        *,
        item_type: str,
        item_id: int,
        occasion: str,
        user: User,
        text: str,
        path: str,
    ) -> None:
        """Queue one reminder unless it went before (here or in a concurrent pass)."""
        if (item_id, occasion, user.id) in seen:
            return
        seen.add((item_id, occasion, user.id))
        reminder = Reminder(
            item_type=item_type,
            item_id=item_id,
            occasion=occasion,
            recipient_id=user.id,
            text=text,
            link=f"{self.base_url}{path}",
            created_at=self.now,
        )
        try:
            with self.session.begin_nested():
                self.session.add(reminder)
        except IntegrityError:  # another scheduler recorded it first
            return
        self.summary.reminders_queued += 1
        if user.reminder_mode != "digest":
            message = queue_mail(
                self.session,
                dedupe_key=f"reminder:{reminder.id}",
                recipient=user.email,
                subject=text.split(":")[0][:150],
                template="reminder",
                now=self.now,
                user=user,
                reminder=reminder,
            )
            reminder.digested_at = self.now
            reminder.outbox_id = message.id
            self.summary.mails_queued += 1

    def reachable(self, users: list[User]) -> list[User]:
        return [u for u in users if u.active and u.email]


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


def _remind_actions(run: _Pass) -> None:
    days_before = _days_before()
    chasers = int(_setting("SCRUTINY_MAX_CHASERS"))
    today = run.today
    horizon = today + timedelta(days=max(days_before, default=0))
    chasing_from = today - timedelta(days=7 * (chasers + 1) - 1)
    escalated = exists().where(
        Reminder.item_type == "action",
        Reminder.item_id == Action.id,
        Reminder.occasion == "escalated",
    )
    actions = list(
        run.session.scalars(
            select(Action)
            .where(
                Action.status.not_in(list(FINISHED)),
                Action.due_on.is_not(None),
                Action.due_on <= horizon,
                or_(Action.due_on >= chasing_from, ~escalated),
            )
            .options(selectinload(Action.owner_posts))
            .order_by(Action.due_on, Action.id)
        )
    )
    seen = run.existing("action", [a.id for a in actions])
    holders = _holders_by_action(run.session, [a.id for a in actions], today)
    for action in actions:
        occasion = action_occasion(action.due_on, today, days_before, chasers)
        if occasion is None:
            continue
        label = action.reference or f"Action {action.id}"
        path = f"/actions/{action.id}"
        owners = ", ".join(p.name for p in action.owner_posts)
        if occasion == "escalated":
            for officer in run.reachable(run.officers()):
                run.record(
                    seen,
                    item_type="action",
                    item_id=action.id,
                    occasion=occasion,
                    user=officer,
                    text=f"Overdue for more than {chasers} weeks, so the owners are no longer "
                    f"chased: {label} ({owners}), due {format_day(action.due_on)}. "
                    f"{action.description[:200]}",
                    path=path,
                )
            continue
        people = run.reachable(holders.get(action.id, []))
        if not people:
            run.summary.unreachable.append(f"{label}: no current post holder with an email address")
            for officer in run.reachable(run.officers()):
                run.record(
                    seen,
                    item_type="action",
                    item_id=action.id,
                    occasion=f"unowned-{occasion}",
                    user=officer,
                    text=f"No one could be reminded: {label} ({owners or 'no owner'}) is due "
                    f"{format_day(action.due_on)}, and no current holder of its owner posts has an "
                    "active account with an email address",
                    path=path,
                )
            continue
        when = (
            f"due on {format_day(action.due_on)}"
            if action.due_on >= today
            else f"overdue since {format_day(action.due_on)}"
        )
        for person in people:
            run.record(
                seen,
                item_type="action",
                item_id=action.id,
                occasion=occasion,
                user=person,
                text=f"{label} is {when}: {action.description[:200]}",
                path=path,
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
            .options(selectinload(Recommendation.responder))
            .order_by(Recommendation.response_due_on, Recommendation.id)
        )
    )
    seen = run.existing("recommendation", [r.id for r in recs])
    for rec in recs:
        missed = rec.response_due_on < today
        occasion = "missed" if missed else f"before-{days}"
        path = f"/recommendations/{rec.id}"
        if missed:
            text = (
                f"Response overdue: {rec.reference} was due by {format_day(rec.response_due_on)} "
                f"(two months from receipt). {rec.text[:200]}"
            )
        else:
            due = format_day(rec.response_due_on)
            text = f"Response due by {due}: {rec.reference}. {rec.text[:200]}"
        people = run.reachable([rec.responder] if rec.responder else [])
        if not people:
            run.summary.unreachable.append(f"{rec.reference}: no executive member to remind")
        copies = run.reachable(run.officers()) if missed or not people else []
        for person in people + [o for o in copies if o not in people]:
            run.record(
                seen,
                item_type="recommendation",
                item_id=rec.id,
                occasion=occasion,
                user=person,
                text=text,
                path=path,
            )


def _remind_agendas(run: _Pass) -> None:
    days = int(_setting("SCRUTINY_AGENDA_REMINDER_WORKING_DAYS"))
    region = _setting("SCRUTINY_BANK_HOLIDAYS")
    meetings = list(
        run.session.scalars(
            select(Meeting)
            .where(
                Meeting.status.in_([MeetingStatus.DRAFT, MeetingStatus.SCHEDULED]),
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
        for person in people or run.reachable(run.officers()):
            run.record(
                seen,
                item_type="meeting",
                item_id=meeting.id,
                occasion=f"publish-{days}",
                user=person,
                text=f"Agenda not yet published: {meeting.committee.name}, "
                f"{format_day(to_local(meeting.starts_at).date())}. It must be published by "
                f"{format_day(deadline)}",
                path=f"/meetings/{meeting.id}",
            )


def _send_digests(run: _Pass) -> None:
    waiting = list(
        run.session.scalars(
            select(Reminder)
            .join(User, User.id == Reminder.recipient_id)
            .where(Reminder.digested_at.is_(None), User.reminder_mode == "digest")
            .options(selectinload(Reminder.recipient))
            .order_by(Reminder.recipient_id, Reminder.id)
        )
    )
    by_person: dict[int, list[Reminder]] = defaultdict(list)
    for reminder in waiting:
        by_person[reminder.recipient_id].append(reminder)
    for reminders in by_person.values():
        person = reminders[0].recipient
        message = queue_mail(
            run.session,
            dedupe_key=f"digest:{person.id}:{run.today.isoformat()}:{reminders[0].id}",
            recipient=person.email,
            subject=f"Your reminders for {format_day(run.today)} ({len(reminders)})",
            template="reminder_digest",
            now=run.now,
            user=person,
            reminders=reminders,
        )
        for reminder in reminders:
            reminder.digested_at = run.now
            reminder.outbox_id = message.id
        run.summary.digests_queued += 1


def send_reminders(session: Session, now: datetime) -> dict:
    """The reminders job: everything owed at `now`, once each; returns a summary."""
    run = _Pass(session, now)
    _remind_actions(run)
    _remind_responses(run)
    _remind_agendas(run)
    _send_digests(run)
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
