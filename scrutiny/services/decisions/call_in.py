"""Call-in (Local Government Act 2000 s9F): councillors sign a call-in with reasons inside the
window; the monitoring officer rules on validity; the scrutiny committee considers a valid
call-in within a set number of working days; the outcome, and any reconsideration."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.committees import Membership
from scrutiny.models.executive_decisions import (
    CallIn,
    CallInOutcome,
    CallInSignature,
    DecisionRecord,
)
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.people import Role, User
from scrutiny.services.core.clocks import format_day, format_local, to_local
from scrutiny.services.core.errors import DomainError
from scrutiny.services.decisions.clear_days import consider_by
from scrutiny.services.jobs import decision_notifications


def required_signatures() -> int:
    """How many councillors must sign for a call-in to be made (a setting)."""
    return int(current_app.config["SCRUTINY_CALL_IN_MEMBERS"])


def may_sign(session: Session, record: DecisionRecord, user: User, day: date) -> bool:
    """True if `user` is a councillor who may call in the decision (by default a current
    member of the scrutiny committee concerned)."""
    if Role.COUNCILLOR not in user.roles:
        return False
    if not current_app.config["SCRUTINY_CALL_IN_COMMITTEE_MEMBERS_ONLY"]:
        return True
    return (
        session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.committee_id == record.committee_id,
                Membership.current_on_clause(day),
            )
        )
        is not None
    )


def gathering(record: DecisionRecord) -> CallIn | None:
    """The call-in still collecting signatures, if there is one."""
    return next((c for c in record.call_ins if c.lodged_at is None), None)


def _check_window(session: Session, record: DecisionRecord, user: User, now: datetime) -> None:
    if record.published_at is None or record.urgent or record.call_in_closes_at is None:
        raise DomainError("This decision cannot be called in")
    if record.superseded:
        raise DomainError("This decision has been superseded by a later record")
    if now >= record.call_in_closes_at:
        raise DomainError(f"The call-in period ended on {format_local(record.call_in_closes_at)}")
    if not may_sign(session, record, user, to_local(now).date()):
        raise DomainError(
            "Only councillors who sit on the scrutiny committee may call in this decision"
        )
    if any(c.lodged_at is not None and blocks(c) for c in record.call_ins):
        raise DomainError("This decision has already been called in")


def _sign(session: Session, call_in: CallIn, user: User, now: datetime) -> None:
    session.add(CallInSignature(call_in=call_in, user_id=user.id, user=user, signed_at=now))
    session.flush()
    if len(call_in.signatures) >= required_signatures():
        call_in.lodged_at = now
        decision_notifications.call_in_lodged(session, call_in, now)


def start(
    session: Session, record: DecisionRecord, user: User, *, reasons: str, now: datetime
) -> CallIn:
    """A councillor starts a call-in with the reasons; others add their names to it."""
    _check_window(session, record, user, now)
    if gathering(record) is not None:
        raise DomainError("A call-in is already open for signatures: add your name to it")
    if not reasons.strip():
        raise DomainError("Give the reasons for the call-in", "reasons")
    call_in = CallIn(
        decision=record, reasons=reasons.strip(), started_by_id=user.id, started_by=user
    )
    session.add(call_in)
    _sign(session, call_in, user, now)
    return call_in


def sign(session: Session, call_in: CallIn, user: User, now: datetime) -> None:
    """A councillor adds their name; with enough names, inside the window, it is made."""
    _check_window(session, call_in.decision, user, now)
    if call_in.lodged_at is not None:
        raise DomainError("This call-in has already been made")
    if any(s.user_id == user.id for s in call_in.signatures):
        raise DomainError("You have already signed this call-in")
    _sign(session, call_in, user, now)


def rule(
    session: Session, call_in: CallIn, *, valid: bool, reason: str, user: User, now: datetime
) -> None:
    """The monitoring officer's ruling on validity; a valid call-in gets its latest day for
    the committee to consider it."""
    if call_in.lodged_at is None:
        raise DomainError("The call-in has not been made yet")
    if call_in.valid is not None:
        raise DomainError("The validity of this call-in is already recorded")
    if not valid and not reason.strip():
        raise DomainError("Say why the call-in is not valid", "reason")
    today = to_local(now).date()
    call_in.valid = valid
    call_in.validity_reason = reason.strip()
    call_in.ruled_by_id = user.id
    call_in.ruled_on = today
    if valid:
        call_in.consider_by = consider_by(
            today,
            working_days=int(current_app.config["SCRUTINY_CALL_IN_MEETING_WORKING_DAYS"]),
            region=current_app.config["SCRUTINY_BANK_HOLIDAYS"],
        )
    decision_notifications.call_in_ruled(session, call_in, now)


def meeting_choices(session: Session, call_in: CallIn, now: datetime) -> list[Meeting]:
    """The committee's meetings on which the call-in may be put (before its latest day)."""
    return list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id == call_in.decision.committee_id,
                Meeting.starts_at > now,
                Meeting.status != MeetingStatus.CANCELLED,
            )
            .order_by(Meeting.starts_at)
        )
    )


def schedule(call_in: CallIn, meeting: Meeting) -> None:
    """Put a valid call-in on a meeting of the committee held by its latest day."""
    if call_in.valid is not True:
        raise DomainError("Only a valid call-in goes to the committee")
    if meeting.committee_id != call_in.decision.committee_id:
        raise DomainError("Choose a meeting of the scrutiny committee", "meeting_id")
    held_on = to_local(meeting.starts_at).date()
    if call_in.consider_by is not None and held_on > call_in.consider_by:
        raise DomainError(
            f"The committee must consider it by {format_day(call_in.consider_by)}: "
            "arrange an earlier (special) meeting",
            "meeting_id",
        )
    call_in.meeting_id = meeting.id
    call_in.meeting = meeting


def record_outcome(call_in: CallIn, *, outcome: str, concerns: str, on: date) -> None:
    """The committee's decision: no further action, referred back, or referred to council."""
    if call_in.meeting_id is None:
        raise DomainError("Put the call-in on a meeting first")
    if call_in.outcome is not None:
        raise DomainError("The outcome is already recorded")
    if outcome not in {o.value for o in CallInOutcome}:
        raise DomainError("Choose the outcome", "outcome")
    if outcome != CallInOutcome.NO_FURTHER_ACTION and not concerns.strip():
        raise DomainError("Set out the committee's concerns", "concerns")
    call_in.outcome = outcome
    call_in.concerns = concerns.strip()
    call_in.outcome_on = on


def record_reconsideration(call_in: CallIn, *, text: str, on: date) -> None:
    """The decision maker's (or council's) reconsideration of a referred decision."""
    if call_in.outcome not in {CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL}:
        raise DomainError("Only a referred decision is reconsidered")
    if call_in.reconsidered_on is not None:
        raise DomainError("The reconsideration is already recorded")
    if not text.strip():
        raise DomainError("Record what the decision maker decided", "text")
    call_in.reconsideration = text.strip()
    call_in.reconsidered_on = on


def blocks(call_in: CallIn) -> bool:
    """True while a made call-in stops the decision being implemented."""
    if call_in.lodged_at is None or call_in.valid is False:
        return False
    if call_in.outcome == CallInOutcome.NO_FURTHER_ACTION:
        return False
    return call_in.reconsidered_on is None


def stage(call_in: CallIn) -> str:
    """Where the call-in is, in words."""
    if call_in.lodged_at is None:
        return f"collecting signatures ({len(call_in.signatures)} of {required_signatures()})"
    if call_in.valid is None:
        return "awaiting the monitoring officer's ruling on validity"
    if call_in.valid is False:
        return "ruled not valid"
    if call_in.outcome is None:
        when = format_day(to_local(call_in.meeting.starts_at).date()) if call_in.meeting else ""
        return (
            f"to be considered by the committee on {when}"
            if when
            else f"to be considered by the committee by {format_day(call_in.consider_by)}"
        )
    if call_in.reconsidered_on is None and call_in.outcome != CallInOutcome.NO_FURTHER_ACTION:
        return "referred: awaiting reconsideration"
    return CallInOutcome(call_in.outcome).label
