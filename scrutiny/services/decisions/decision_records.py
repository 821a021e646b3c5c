"""Records of executive decisions (SI 2012/2089 regs 12 and 13): drafting, publishing with the
call-in window, implementation once the window has closed, the public list and its feeds."""

from __future__ import annotations

from datetime import datetime, time
from xml.sax.saxutils import escape

from flask import current_app
from icalendar import Calendar, Event
from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee
from scrutiny.models.executive_decisions import DecisionRecord, ForwardPlanEntry, MakerKind
from scrutiny.models.meetings import EXEMPT_PARAGRAPHS
from scrutiny.services.core.clocks import format_day, format_local, local_zone, to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.core.text_safety import calendar_text
from scrutiny.services.decisions import call_in, forward_plan
from scrutiny.services.decisions.clear_days import call_in_closes
from scrutiny.services.jobs import decision_notifications

#: The fields an officer edits on a record.
FIELDS = (
    "title",
    "maker_kind",
    "maker",
    "key",
    "decided_on",
    "decision",
    "reasons",
    "alternatives",
    "conflicts",
    "dispensations",
    "exempt",
    "exempt_paragraph",
    "public_summary",
    "urgent",
    "urgent_reason",
)


def _check(fields: dict) -> None:
    if not (fields.get("title") or "").strip():
        raise DomainError("Enter the title", "title")
    if fields.get("maker_kind") not in {k.value for k in MakerKind}:
        raise DomainError("Choose who took the decision", "maker_kind")
    if not (fields.get("maker") or "").strip():
        raise DomainError("Name the decision maker", "maker")
    if fields.get("decided_on") is None:
        raise DomainError("Enter the date of the decision", "decided_on")
    if not (fields.get("decision") or "").strip():
        raise DomainError("Enter the decision", "decision")
    if fields.get("exempt"):
        if str(fields.get("exempt_paragraph") or "") not in {str(p) for p in EXEMPT_PARAGRAPHS}:
            raise DomainError("Choose the paragraph of Schedule 12A", "exempt_paragraph")
        if not (fields.get("public_summary") or "").strip():
            raise DomainError("Give a summary the public may read", "public_summary")
    else:
        fields["exempt_paragraph"] = None
    if fields.get("urgent") and not (fields.get("urgent_reason") or "").strip():
        raise DomainError("Say why the decision was urgent (call-in does not apply)", "urgent")


def _clean(fields: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in FIELDS}


def draft_from_entry(entry: ForwardPlanEntry) -> dict:
    """The fields of a new record, filled in from its forward plan entry."""
    return {
        "title": entry.matter,
        "maker_kind": entry.maker_kind,
        "maker": entry.maker,
        "key": entry.key,
        "decided_on": entry.decision_on,
        "exempt": entry.private,
        "exempt_paragraph": entry.exempt_paragraph,
    }


def create_record(
    session: Session, committee: Committee, *, entry: ForwardPlanEntry | None = None, **fields
) -> DecisionRecord:
    """Draft the record of a decision (from its forward plan entry, if it has one: a key
    decision must have one)."""
    fields = _clean(fields)
    _check(fields)
    if entry is None and fields.get("key"):
        raise DomainError(
            "A key decision is recorded from its forward plan entry: add it to the forward "
            "plan first (with the general exception or special urgency if notice is short)",
            "key",
        )
    record = DecisionRecord(committee=committee, committee_id=committee.id, entry=entry, **fields)
    session.add(record)
    session.flush()
    return record


def update_record(record: DecisionRecord, *, expected_version: int | None, **fields) -> None:
    """Change a draft record; a published record is superseded, never edited."""
    check_version(record, expected_version, "this decision record")
    if record.published_at is not None:
        raise DomainError("A published decision cannot be changed")
    fields = _clean(fields)
    _check(fields)
    for key, value in fields.items():
        setattr(record, key, value)


def supersede(session: Session, old: DecisionRecord, **fields) -> DecisionRecord:
    """Draft a record that replaces a published one (for example after reconsideration); the
    old one is kept and counts as superseded once the new one is published."""
    if old.published_at is None:
        raise DomainError("A draft record is edited, not superseded")
    if old.superseded_by_id is not None:
        raise DomainError("A later record already replaces this one")
    new = create_record(session, old.committee, entry=old.entry, **fields)
    old.superseded_by = new
    session.flush()
    return new


def draft_from_record(record: DecisionRecord) -> dict:
    """The fields of a replacement record, starting from the one it replaces."""
    return {name: getattr(record, name) for name in FIELDS}


def window_closes(published_at: datetime, config) -> datetime:
    """When the call-in window of a decision published at `published_at` closes."""
    hours, minutes = (int(p) for p in str(config["SCRUTINY_CALL_IN_CLOSES_AT"]).split(":"))
    return call_in_closes(
        to_local(published_at).date(),
        working_days=int(config["SCRUTINY_CALL_IN_WORKING_DAYS"]),
        closes_at=time(hours, minutes),
        zone=local_zone(),
        region=config["SCRUTINY_BANK_HOLIDAYS"],
    )


def publish(session: Session, record: DecisionRecord, now: datetime) -> None:
    """Publish the record; a key decision must have been noticed in time (or urgency used);
    a decision not taken as urgent gets its call-in deadline."""
    if record.published_at is not None:
        raise DomainError("This decision is already published")
    if record.key:
        if record.entry is None:
            raise DomainError(
                "A key decision must be on the forward plan: record it from its entry"
            )
        forward_plan.check_key_decision(record.entry, record.decided_on)
    record.published_at = now
    if not record.urgent:
        record.call_in_closes_at = window_closes(now, current_app.config)
    session.flush()
    decision_notifications.decision_published(session, record, now)


def window_open(record: DecisionRecord, now: datetime) -> bool:
    """True while the decision may be called in."""
    return (
        record.call_in_closes_at is not None
        and now < record.call_in_closes_at
        and not record.superseded
    )


def implement(record: DecisionRecord, now: datetime) -> None:
    """Mark the decision implemented: only once published, the call-in window has closed and
    any call-in has run its course (an urgent decision may be implemented at once)."""
    if record.published_at is None:
        raise DomainError("Publish the decision first")
    if record.implemented_at is not None:
        raise DomainError("This decision is already marked implemented")
    if record.superseded:
        raise DomainError("This decision has been superseded by a later record")
    if window_open(record, now):
        raise DomainError(
            "The decision cannot be implemented before the call-in window closes on "
            f"{format_local(record.call_in_closes_at)}"
        )
    if any(call_in.blocks(c) for c in record.call_ins):
        raise DomainError("The decision has been called in: wait for the outcome")
    record.implemented_at = now


def status(record: DecisionRecord, now: datetime) -> tuple[str, str]:
    """The record's state in words and a GOV.UK tag colour."""
    if record.published_at is None:
        return "Draft", "grey"
    if record.superseded:
        return "Superseded by a later decision", "grey"
    if record.implemented_at is not None:
        return "Implemented", "green"
    current = [c for c in record.call_ins if c.lodged_at is not None]
    if current and call_in.blocks(current[-1]):
        return f"Called in: {call_in.stage(current[-1])}", "red"
    if record.urgent:
        return "Urgent: not subject to call-in", "purple"
    if window_open(record, now):
        return f"Open to call-in until {format_local(record.call_in_closes_at)}", "orange"
    return "Call-in period ended: may be implemented", "blue"


def call_in_close_times(session: Session) -> list[datetime]:
    """Every call-in period's close: decision pages change their status words only when one
    of these passes (the public page cache keys on the latest passed)."""
    query = select(DecisionRecord.call_in_closes_at).where(
        DecisionRecord.call_in_closes_at.is_not(None)
    )
    return list(session.connection().execute(query).scalars())  # Core: no ORM work


def public_query(*, include_drafts: bool = False) -> Select:
    """Decision records, newest first; drafts only for staff."""
    query = (
        select(DecisionRecord)
        .options(
            selectinload(DecisionRecord.call_ins),
            selectinload(DecisionRecord.committee),
            selectinload(DecisionRecord.superseded_by),
        )
        .order_by(DecisionRecord.decided_on.desc(), DecisionRecord.id.desc())
    )
    if not include_drafts:
        query = query.where(DecisionRecord.published_at.is_not(None))
    return query


def _public_text(record: DecisionRecord) -> str:
    return record.public_summary if record.exempt else record.decision


def decisions_calendar(records, *, base_url: str, host: str, now: datetime) -> bytes:
    """An iCalendar with each published decision on its day and its call-in deadline."""
    calendar = Calendar()
    calendar.add("prodid", "-//Scrutiny//Executive decisions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Executive decisions")
    for record in records:
        url = f"{base_url.rstrip('/')}/executive-decisions/{record.id}"
        event = Event()
        event.add("uid", f"decision-{record.id}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", record.decided_on)
        event.add("summary", calendar_text(f"Decision: {record.title}"))
        closes = (
            f" Call-in deadline: {format_local(record.call_in_closes_at)}."
            if record.call_in_closes_at
            else ""
        )
        event.add("description", calendar_text(f"{_public_text(record)}{closes}"))
        event.add("url", url)
        event.add("sequence", record.version)
        calendar.add_component(event)
    return calendar.to_ical()


def decisions_feed(records, *, base_url: str, now: datetime) -> str:
    """An Atom feed of published decisions (exempt parts withheld)."""
    base = base_url.rstrip("/")
    entries = "".join(
        f"<entry><id>{base}/executive-decisions/{r.id}</id>"
        f"<title>{escape(r.title)}</title>"
        f'<link href="{base}/executive-decisions/{r.id}"/>'
        f"<updated>{r.published_at.isoformat()}</updated>"
        f"<summary>{escape(format_day(r.decided_on))}: {escape(_public_text(r))}</summary>"
        "</entry>"
        for r in records
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>{base}/executive-decisions.atom</id><title>Executive decisions</title>"
        f"<updated>{now.isoformat()}</updated>{entries}</feed>"
    )
