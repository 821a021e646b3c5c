"""The forward plan of key decisions (SI 2012/2089 reg 9): entries, publication, the 28 clear
days' rule and its two ways out (general exception, reg 10; special urgency, reg 11), notices of
private meetings (reg 5), the annual urgency report (reg 19), and picking an entry for
pre-decision scrutiny."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee
from scrutiny.models.executive_decisions import ForwardPlanEntry, MakerKind, Urgency
from scrutiny.models.meetings import EXEMPT_PARAGRAPHS
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.decisions.clear_days import (
    FORWARD_PLAN_CLEAR_DAYS,
    PRIVATE_NOTICE_CLEAR_DAYS,
    SHORT_NOTICE_CLEAR_DAYS,
    forward_plan_deadline,
    latest_notice_day,
    noticed_in_time,
)
from scrutiny.services.programme import work_programme

#: The fields an officer edits on an entry.
FIELDS = (
    "matter",
    "description",
    "maker_kind",
    "maker",
    "decision_on",
    "period_ends_on",
    "key",
    "documents",
    "other_documents",
    "wards",
    "contact",
    "private",
    "exempt_paragraph",
    "private_reason",
)


def _check(fields: dict) -> None:
    if not (fields.get("matter") or "").strip():
        raise DomainError("Enter the matter to be decided", "matter")
    if fields.get("maker_kind") not in {k.value for k in MakerKind}:
        raise DomainError("Choose who takes the decision", "maker_kind")
    if not (fields.get("maker") or "").strip():
        raise DomainError("Name the decision maker", "maker")
    if fields.get("decision_on") is None:
        raise DomainError("Enter the date of the decision", "decision_on")
    ends = fields.get("period_ends_on")
    if ends is not None and ends < fields["decision_on"]:
        raise DomainError("The period must end on or after it starts", "period_ends_on")
    if fields.get("private"):
        if str(fields.get("exempt_paragraph") or "") not in {str(p) for p in EXEMPT_PARAGRAPHS}:
            raise DomainError("Choose the paragraph of Schedule 12A", "exempt_paragraph")
        if not (fields.get("private_reason") or "").strip():
            raise DomainError("Say why the decision is to be taken in private", "private_reason")
    else:
        fields["exempt_paragraph"] = None


def _clean(fields: dict) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in FIELDS}


def create_entry(session: Session, committee: Committee, **fields) -> ForwardPlanEntry:
    """Add a draft entry to the forward plan, for the scrutiny committee whose remit covers it."""
    fields = _clean(fields)
    _check(fields)
    entry = ForwardPlanEntry(committee_id=committee.id, committee=committee, **fields)
    session.add(entry)
    session.flush()
    return entry


def update_entry(entry: ForwardPlanEntry, *, expected_version: int | None, **fields) -> None:
    """Change an entry's details, refusing a stale edit."""
    check_version(entry, expected_version, "this forward plan entry")
    fields = _clean(fields)
    _check(fields)
    for key, value in fields.items():
        setattr(entry, key, value)


def publish(entry: ForwardPlanEntry, now: datetime) -> None:
    """Publish an entry on the forward plan (from now it counts as notice)."""
    if entry.published_at is not None:
        raise DomainError("This entry is already published")
    entry.published_at = now


def published_on(entry: ForwardPlanEntry) -> date | None:
    """The local day the entry was published, if it was."""
    return to_local(entry.published_at).date() if entry.published_at else None


def first_noticed_on(entry: ForwardPlanEntry) -> date | None:
    """The day notice of the decision was first published: a replacement entry keeps the
    notice its predecessors gave."""
    days = []
    seen: set[int] = set()
    while entry is not None and entry.id not in seen:
        seen.add(entry.id)
        if entry.published_at is not None:
            days.append(published_on(entry))
        entry = entry.replaces
    return min(days) if days else None


_CARRIED = (
    "urgency",
    "urgency_reason",
    "chair_notified_on",
    "exception_published_on",
    "chair_agreed_by",
    "chair_agreed_on",
    "further_notice_on",
    "representations",
    "representations_response",
    "private_urgency_agreed_on",
    "programme_item_id",
)


def supersede(
    session: Session, old: ForwardPlanEntry, committee: Committee, now: datetime, **fields
) -> ForwardPlanEntry:
    """Replace a published entry by a later one, published at once; both are kept, the old
    one leaves the plan and links to the new, and the notice already given still counts."""
    if old.published_at is None:
        raise DomainError("A draft entry is edited, not superseded")
    if old.superseded_by_id is not None:
        raise DomainError("This entry has already been superseded")
    if old.withdrawn:
        raise DomainError("A withdrawn entry cannot be superseded")
    new = create_entry(session, committee, **fields)
    for name in _CARRIED:
        setattr(new, name, getattr(old, name))
    new.published_at = now
    old.superseded_by = new
    session.flush()
    return new


def deadline(entry: ForwardPlanEntry) -> date:
    """The last day the entry may be published to give 28 clear days' notice."""
    return forward_plan_deadline(entry.decision_on)


@dataclass
class NoticeState:
    """Where an entry stands against its 28 clear days' deadline, in words for its page."""

    deadline: date
    label: str
    #: "green" (noticed in time), "orange" (due soon), "red" (late), "grey" (not yet due).
    tone: str


def notice_state(entry: ForwardPlanEntry, today: date, warn_days: int = 7) -> NoticeState:
    """Whether the entry was (or can still be) published with 28 clear days' notice."""
    last = deadline(entry)
    published = first_noticed_on(entry)
    if published is not None:
        if noticed_in_time(published, entry.decision_on, FORWARD_PLAN_CLEAR_DAYS):
            return NoticeState(last, f"noticed in time on {format_day(published)}", "green")
        return NoticeState(last, f"published late on {format_day(published)}", "red")
    days = (last - today).days
    if days < 0:
        return NoticeState(last, f"not published: deadline {format_day(last)} passed", "red")
    tone = "orange" if days <= warn_days else "grey"
    return NoticeState(last, f"publish by {format_day(last)}", tone)


def use_general_exception(
    entry: ForwardPlanEntry, *, chair_notified_on: date, published_on: date, reason: str
) -> None:
    """Reg 10: the scrutiny chair was given notice and it was published 5 clear days before."""
    last = latest_notice_day(entry.decision_on, SHORT_NOTICE_CLEAR_DAYS)
    if chair_notified_on > last or published_on > last:
        raise DomainError(
            "The general exception needs notice to the scrutiny chair, published, at least 5 "
            f"clear days before the decision: by {format_day(last)} at the latest. "
            "Use special urgency instead",
            "published_on",
        )
    if not reason.strip():
        raise DomainError("Say why the decision could not wait 28 clear days", "reason")
    entry.urgency = Urgency.GENERAL_EXCEPTION
    entry.chair_notified_on = chair_notified_on
    entry.exception_published_on = published_on
    entry.urgency_reason = reason.strip()


def use_special_urgency(
    entry: ForwardPlanEntry, *, chair_agreed_by: str, chair_agreed_on: date, reason: str
) -> None:
    """Reg 11: the scrutiny chair agreed the decision is urgent and cannot reasonably be
    deferred."""
    if not chair_agreed_by.strip():
        raise DomainError("Name the chair who agreed", "chair_agreed_by")
    if chair_agreed_on > entry.decision_on:
        raise DomainError("The chair must agree before the decision is taken", "chair_agreed_on")
    if not reason.strip():
        raise DomainError("Say why the decision is urgent", "reason")
    entry.urgency = Urgency.SPECIAL_URGENCY
    entry.chair_agreed_by = chair_agreed_by.strip()
    entry.chair_agreed_on = chair_agreed_on
    entry.urgency_reason = reason.strip()


def record_urgency(
    entry: ForwardPlanEntry,
    route: str,
    *,
    chair_notified_on: date | None,
    published_on: date | None,
    chair_agreed_by: str | None,
    chair_agreed_on: date | None,
    reason: str,
) -> None:
    """The urgency form's choice: "general_exception" (both days needed) or special urgency."""
    if route == "general_exception":
        if not (chair_notified_on and published_on):
            raise DomainError(
                "Enter when the chair was told and the notice published", "published_on"
            )
        use_general_exception(
            entry, chair_notified_on=chair_notified_on, published_on=published_on, reason=reason
        )
    else:
        use_special_urgency(
            entry,
            chair_agreed_by=chair_agreed_by or "",
            chair_agreed_on=chair_agreed_on or date.max,
            reason=reason,
        )


def check_key_decision(entry: ForwardPlanEntry, decided_on: date) -> None:
    """Refuse to record `entry` as a key decision taken on `decided_on` unless it was noticed
    28 clear days before, or under the general exception or special urgency."""
    if noticed_in_time(first_noticed_on(entry), decided_on, FORWARD_PLAN_CLEAR_DAYS):
        return
    if entry.urgency == Urgency.GENERAL_EXCEPTION and noticed_in_time(
        entry.exception_published_on, decided_on, SHORT_NOTICE_CLEAR_DAYS
    ):
        return
    agreed = entry.chair_agreed_on
    if entry.urgency == Urgency.SPECIAL_URGENCY and agreed is not None and agreed <= decided_on:
        return
    raise DomainError(
        "This key decision was not on the forward plan 28 clear days before "
        f"{format_day(decided_on)} (the latest day was "
        f"{format_day(forward_plan_deadline(decided_on))}). Record the general exception or "
        "special urgency first",
        "decided_on",
    )


def record_further_notice(
    entry: ForwardPlanEntry,
    *,
    published_on: date,
    representations: str,
    response: str,
) -> None:
    """Reg 5(2): the further notice of a private meeting, at least 5 clear days before, with
    any representations received and the response to them."""
    if not entry.private:
        raise DomainError("This decision is not to be taken in private")
    last = latest_notice_day(entry.decision_on, SHORT_NOTICE_CLEAR_DAYS)
    if published_on > last:
        raise DomainError(
            f"The further notice must be published by {format_day(last)} (5 clear days)",
            "published_on",
        )
    if representations.strip() and not response.strip():
        raise DomainError("Give the response to the representations", "response")
    entry.further_notice_on = published_on
    entry.representations = representations.strip()
    entry.representations_response = response.strip()


def record_private_urgency(entry: ForwardPlanEntry, *, agreed_on: date) -> None:
    """Reg 5(6): the chair agreed an urgent private meeting cannot reasonably be deferred."""
    if not entry.private:
        raise DomainError("This decision is not to be taken in private")
    entry.private_urgency_agreed_on = agreed_on


def private_notice_problems(entry: ForwardPlanEntry) -> list[str]:
    """What is missing from a private decision's notices under reg 5 (empty when in order)."""
    if not entry.private:
        return []
    problems = []
    urgent = entry.private_urgency_agreed_on is not None
    if not urgent and not noticed_in_time(
        first_noticed_on(entry), entry.decision_on, PRIVATE_NOTICE_CLEAR_DAYS
    ):
        problems.append(
            "Notice of intention to meet in private was not given 28 clear days before "
            "(record the chair's agreement if urgent)"
        )
    if not urgent and entry.further_notice_on is None:
        problems.append("The further notice (5 clear days before) is not recorded yet")
    return problems


def plan_query(*, include_drafts: bool) -> Select:
    """The forward plan in decision order, superseded entries left out; drafts only for
    staff."""
    query = (
        select(ForwardPlanEntry)
        .where(ForwardPlanEntry.withdrawn.is_(False), ForwardPlanEntry.superseded_by_id.is_(None))
        .options(selectinload(ForwardPlanEntry.committee))
        .order_by(ForwardPlanEntry.decision_on, ForwardPlanEntry.id)
    )
    if not include_drafts:
        query = query.where(ForwardPlanEntry.published_at.is_not(None))
    return query


def urgency_report(session: Session, start: date, end: date) -> list[ForwardPlanEntry]:
    """Reg 19: decisions taken under special urgency (and, for completeness, the general
    exception and urgent private meetings) with decision dates in the period."""
    return list(
        session.scalars(
            select(ForwardPlanEntry)
            .where(
                or_(
                    ForwardPlanEntry.urgency != Urgency.NONE,
                    ForwardPlanEntry.private_urgency_agreed_on.is_not(None),
                ),
                ForwardPlanEntry.decision_on >= start,
                ForwardPlanEntry.decision_on <= end,
            )
            .order_by(ForwardPlanEntry.decision_on, ForwardPlanEntry.id)
        )
    )


def pick_for_scrutiny(session: Session, entry: ForwardPlanEntry, now: datetime):
    """Put the entry on its committee's work programme for pre-decision scrutiny (once)."""
    if entry.programme_item_id is not None:
        raise DomainError("This decision is already on the panel's work programme")
    row = work_programme.add_pre_decision_scrutiny(session, entry, now=now)
    entry.programme_item_id = row.id
    return row
