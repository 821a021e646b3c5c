"""Reminders about executive decisions, run in the daily reminders job: officers are warned
before a key decision's forward plan deadline, and told of call-ins awaiting a ruling, a
meeting, or the decision maker's reconsideration. Each is recorded once per occasion."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.executive_decisions import CallIn, CallInOutcome, ForwardPlanEntry
from scrutiny.models.people import Role
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.decisions.clear_days import forward_plan_deadline
from scrutiny.services.jobs.digests import reachable, record
from scrutiny.services.people import accounts


def _entries_to_publish(session: Session, now: datetime) -> list[ForwardPlanEntry]:
    today = to_local(now).date()
    warn = int(current_app.config["SCRUTINY_FORWARD_PLAN_REMINDER_DAYS"])
    # The deadline is decision_on - 29 days: warn from `warn` days before it until the day.
    return list(
        session.scalars(
            select(ForwardPlanEntry).where(
                ForwardPlanEntry.published_at.is_(None),
                ForwardPlanEntry.withdrawn.is_(False),
                ForwardPlanEntry.key.is_(True),
                ForwardPlanEntry.decision_on >= today,
                ForwardPlanEntry.decision_on <= today + timedelta(days=29 + warn),
            )
        )
    )


def call_ins_waiting(session: Session) -> list[CallIn]:
    """Made call-ins waiting for a ruling, a meeting or a reconsideration."""
    referred = CallIn.outcome.in_([CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL])
    return list(
        session.scalars(
            select(CallIn)
            .where(
                CallIn.lodged_at.is_not(None),
                or_(
                    CallIn.valid.is_(None),
                    and_(CallIn.valid.is_(True), CallIn.meeting_id.is_(None)),
                    and_(referred, CallIn.reconsidered_on.is_(None)),
                ),
            )
            .options(selectinload(CallIn.decision))
        )
    )


def call_in_occasion(call_in: CallIn) -> tuple[str, str]:
    """(occasion, text) of what a made call-in is waiting for."""
    if call_in.valid is None:
        return "rule", "Call-in awaiting the monitoring officer's ruling on validity"
    if call_in.meeting_id is None:
        return "meeting", (
            "Valid call-in to be put on a meeting of the committee by "
            f"{format_day(call_in.consider_by)}"
        )
    return "reconsider", "Referred decision awaiting the decision maker's reconsideration"


def remind_decisions(session: Session, now: datetime) -> int:
    """Record today's reminders to officers about decisions; returns how many were new."""
    officers = [o for o in accounts.active_users_with_roles(session, Role.OFFICER) if reachable(o)]
    made = 0
    for entry in _entries_to_publish(session, now):
        last = forward_plan_deadline(entry.decision_on)
        late = to_local(now).date() > last
        for officer in officers:
            made += (
                record(
                    session,
                    now,
                    item_type="forward_plan",
                    item_id=entry.id,
                    occasion="late" if late else "publish",
                    user=officer,
                    text=f"Key decision not yet on the forward plan: {entry.matter}"
                    + (" (too late for 28 clear days: use urgency)" if late else ""),
                    path=f"/forward-plan/{entry.id}",
                    reference=entry.maker,
                    due_on=last,
                )
                is not None
            )
    for call_in in call_ins_waiting(session):
        occasion, text = call_in_occasion(call_in)
        for officer in officers:
            made += (
                record(
                    session,
                    now,
                    item_type="call_in",
                    item_id=call_in.id,
                    occasion=occasion,
                    user=officer,
                    text=f"{text}: {call_in.decision.title}",
                    path=f"/call-ins/{call_in.id}",
                    reference=call_in.decision.title,
                    due_on=call_in.consider_by,
                )
                is not None
            )
    return made
