"""Executive decision events: a decision record published (scrutiny members may call it in), a
call-in lodged (the officers), and the ruling on it (signatories and officers).

Recorded and emailed the way every event is (`notifications.notify`); whom each goes to is one
`*_recipients` function per event.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from scrutiny.models.executive_decisions import CallIn, DecisionRecord
from scrutiny.models.people import User
from scrutiny.services.core.clocks import format_day, format_local, to_local
from scrutiny.services.jobs.notifications import committee_members, notify, officers


def decision_recipients(session: Session, record: DecisionRecord, today: date) -> list[User]:
    """A published executive decision: the scrutiny committee's members, who may call it in."""
    return committee_members(session, record.committee_id, today)


def call_in_recipients(session: Session, call_in: CallIn) -> list[User]:
    """A call-in made: the officers (the monitoring officer rules on its validity)."""
    return officers(session)


def ruling_recipients(session: Session, call_in: CallIn) -> list[User]:
    """A ruling on a call-in: the councillors who signed it, and the officers."""
    return [s.user for s in call_in.signatures] + officers(session)


def _tell(
    session: Session, now: datetime, people: list[User], about: DecisionRecord | CallIn, **fields
) -> None:
    """Notify `people` of an event about a decision record or a call-in, linking to its page."""
    if isinstance(about, DecisionRecord):
        item_type, path = "decision", f"/executive-decisions/{about.id}"
    else:
        item_type, path = "call_in", f"/call-ins/{about.id}"
    notify(session, now, people, item_type=item_type, item_id=about.id, path=path, **fields)


def decision_published(session: Session, record: DecisionRecord, now: datetime) -> None:
    """Tell the scrutiny committee's members that a decision is published, with its deadline."""
    closes = record.call_in_closes_at
    _tell(
        session,
        now,
        decision_recipients(session, record, to_local(now).date()),
        record,
        event="decision-published",
        subject=f"Decision published: {record.title}",
        reference=record.maker,
        due_on=to_local(closes).date() if closes else None,
        text=(f"Call-in deadline {format_local(closes)}" if closes else "Taken as urgent")
        + f": {record.title}",
    )


def call_in_lodged(session: Session, call_in: CallIn, now: datetime) -> None:
    """Tell the officers a call-in has enough signatures and awaits a ruling on validity."""
    _tell(
        session,
        now,
        call_in_recipients(session, call_in),
        call_in,
        event="call-in",
        subject=f"Decision called in: {call_in.decision.title}",
        reference=call_in.decision.title,
        text=f"Signed by {', '.join(s.user.name for s in call_in.signatures)}. "
        "The monitoring officer should rule on its validity",
    )


def call_in_ruled(session: Session, call_in: CallIn, now: datetime) -> None:
    """Tell the signatories and officers whether the call-in is valid."""
    _tell(
        session,
        now,
        ruling_recipients(session, call_in),
        call_in,
        event="call-in-ruled",
        subject=f"Call-in {'valid' if call_in.valid else 'not valid'}: {call_in.decision.title}",
        occasion="ruled",
        reference=call_in.decision.title,
        due_on=call_in.consider_by,
        text=(
            f"Valid: the committee must consider it by {format_day(call_in.consider_by)}"
            if call_in.valid
            else f"Not valid: {call_in.validity_reason}"
        ),
    )
