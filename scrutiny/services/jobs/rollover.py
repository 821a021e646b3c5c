"""The roll-over job: each overdue action and each response past its deadline is carried to
the next meeting of its committee whose agenda is not yet published, into one "Overdue actions
and responses" item; resolved items drop off before publication; running again changes
nothing (a unique constraint per meeting and item). An action whose due was moved out of the
overdue window is listed there once as "revised", so slippage stays visible.

Lines made from exempt items (see services/core/exemption.py) never go in the public item: they
are carried into a second, Part 2 item, and move to the public one only once released."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action, ActionDueRevision
from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.models.scheduling import Carry
from scrutiny.services.actions.carried_lines import line_text, lines_for, overdue_items
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.meetings import agenda, meetings

ITEM_TITLE = "Overdue actions and responses"
EXEMPT_ITEM_TITLE = f"{ITEM_TITLE} (exempt)"


def _overdue_item(
    session: Session, meeting: Meeting, now: datetime, paragraph: int | None
) -> AgendaItem:
    """The item to carry into: Part 2 (under `paragraph`) for restricted lines."""
    exempt = paragraph is not None
    for item in overdue_items(session, meeting):
        if item.exempt == exempt:
            return item
    return agenda.add_item(
        session,
        meeting,
        kind=ItemKind.OVERDUE,
        title=EXEMPT_ITEM_TITLE if exempt else ITEM_TITLE,
        purpose="To note the actions and executive responses that are overdue, and decide "
        "what to do about each.",
        now=now,
        expected_version=None,
        exempt=exempt,
        exempt_paragraph=paragraph,
        exempt_reason=agenda.DERIVED_EXEMPT_REASON if exempt else None,
    )


@dataclass
class _Due:
    item_type: str
    item_id: int
    committee_id: int
    due_on: date
    #: The Schedule 12A paragraph while restricted (a Part 2 line), else None.
    paragraph: int | None


def _part2_paragraph(restricted: bool, paragraph: int | None) -> int | None:
    return (paragraph or 1) if restricted else None


def _due_items(session: Session, today: date) -> list[_Due]:
    """Overdue unfinished actions and unanswered recommendations past their deadline."""
    actions = session.execute(
        select(
            Action.id,
            Action.committee_id,
            Action.due_on,
            Action.restricted,
            Action.exempt_paragraph,
        ).where(
            Action.is_overdue(today),
            Action.committee_id.is_not(None),
        )
    )
    recs = session.execute(
        select(
            Recommendation.id,
            Recommendation.committee_id,
            Recommendation.response_due_on,
            Recommendation.restricted,
            Recommendation.exempt_paragraph,
        ).where(
            Recommendation.status == RecStatus.SUBMITTED,
            Recommendation.response_due_on < today,
        )
    )
    return [
        _Due(kind, item_id, committee_id, due_on, _part2_paragraph(restricted, paragraph))
        for kind, rows in (("action", actions), ("recommendation", recs))
        for item_id, committee_id, due_on, restricted, paragraph in rows
    ]


def _unlisted_revisions(session: Session) -> list[tuple[ActionDueRevision, int, int | None]]:
    """Revisions that moved an overdue action's due out of the overdue window and that no
    overdue item has listed yet, with the action's committee and Part 2 paragraph (each is
    listed once)."""
    return list(
        session.execute(
            select(
                ActionDueRevision,
                Action.committee_id,
                case((Action.restricted, func.coalesce(Action.exempt_paragraph, 1)), else_=None),
            )
            .join(Action, Action.id == ActionDueRevision.action_id)
            .where(
                ActionDueRevision.left_overdue.is_(True),
                ActionDueRevision.listed_meeting_id.is_(None),
                Action.committee_id.is_not(None),
            )
            .order_by(ActionDueRevision.id)
        ).all()
    )


def _resolved(session: Session, carries: list[Carry], today: date) -> list[Carry]:
    """Carries whose action is finished (or no longer overdue) or whose response came."""
    ids = defaultdict(list)
    for carry in carries:
        ids[carry.item_type].append(carry.item_id)
    still_due: set[tuple[str, int]] = set()
    if ids["action"]:
        rows = session.scalars(
            select(Action.id).where(
                Action.id.in_(ids["action"]),
                Action.is_overdue(today),
            )
        )
        still_due |= {("action", i) for i in rows}
    if ids["recommendation"]:
        rows = session.scalars(
            select(Recommendation.id).where(
                Recommendation.id.in_(ids["recommendation"]),
                Recommendation.status == RecStatus.SUBMITTED,
            )
        )
        still_due |= {("recommendation", i) for i in rows}
    return [c for c in carries if (c.item_type, c.item_id) not in still_due]


def _carry_due(session: Session, due: list, targets: dict, now: datetime) -> tuple[int, set]:
    """Carry each overdue entry to its committee's next open agenda, once; returns how many
    were carried and the meetings changed."""
    today = to_local(now).date()
    existing = set(
        session.execute(
            select(Carry.meeting_id, Carry.item_type, Carry.item_id).where(
                Carry.meeting_id.in_([m.id for m in targets.values()])
            )
        ).all()
    )
    carried = 0
    touched: set[int] = set()
    for entry in due:
        meeting = targets.get(entry.committee_id)
        if meeting is None or (meeting.id, entry.item_type, entry.item_id) in existing:
            continue
        item = _overdue_item(session, meeting, now, entry.paragraph)
        try:
            with session.begin_nested():
                session.add(
                    Carry(
                        meeting_id=meeting.id,
                        agenda_item_id=item.id,
                        item_type=entry.item_type,
                        item_id=entry.item_id,
                        carried_at=now,
                        due_on=entry.due_on,
                        reason=f"Due {format_day(entry.due_on)}; "
                        f"{(today - entry.due_on).days} days overdue on {format_day(today)}",
                    )
                )
        except IntegrityError:  # a concurrent pass carried it first
            continue
        carried += 1
        touched.add(meeting.id)
    return carried, touched


def _drop_resolved(session: Session, now: datetime) -> tuple[int, set]:
    """Drop the open agendas' carries that were resolved and move released lines to the public
    item; returns how many were dropped and the meetings changed."""
    open_carries = list(
        session.scalars(
            select(Carry)
            .join(Meeting, Meeting.id == Carry.meeting_id)
            .where(Meeting.agenda_open, Meeting.starts_at > now)
        )
    )
    resolved = _resolved(session, open_carries, to_local(now).date())
    touched = set()
    for carry in resolved:
        touched.add(carry.meeting_id)
        session.delete(carry)
    touched |= _move_released(session, [c for c in open_carries if c not in resolved], now)
    return len(resolved), touched


def roll_over(session: Session, now: datetime) -> dict:
    """Carry what is overdue to each committee's next open agenda; drop what was resolved."""
    today = to_local(now).date()
    due = _due_items(session, today)
    revised = _unlisted_revisions(session)
    committee_ids = {d.committee_id for d in due} | {c for _, c, _ in revised}
    targets = meetings.next_open_meetings(session, committee_ids, now, lock=True)
    carried, touched = _carry_due(session, due, targets, now)
    for revision, committee_id, paragraph in revised:
        meeting = targets.get(committee_id)
        if meeting is not None:
            _overdue_item(session, meeting, now, paragraph)
            revision.listed_meeting_id = meeting.id
            touched.add(meeting.id)
    dropped, changed = _drop_resolved(session, now)
    session.flush()
    for meeting_id in touched | changed:
        _describe(session, session.get(Meeting, meeting_id), today, now)
    return {"items_rolled_over": carried, "items_dropped": dropped}


def _move_released(session: Session, carries: list[Carry], now: datetime) -> set[int]:
    """Lines released since they were carried move from the Part 2 item to the public one;
    returns the meetings changed."""
    part2 = [c for c in carries if c.agenda_item.exempt]
    if not part2:
        return set()
    still = set()
    for model, kind in ((Action, "action"), (Recommendation, "recommendation")):
        ids = [c.item_id for c in part2 if c.item_type == kind]
        if ids:
            rows = session.scalars(select(model.id).where(model.id.in_(ids), model.restricted))
            still |= {(kind, i) for i in rows}
    moved = set()
    for carry in part2:
        if (carry.item_type, carry.item_id) not in still:
            carry.agenda_item = _overdue_item(session, carry.meeting, now, None)
            moved.add(carry.meeting_id)
    return moved


def carried_to(session: Session, item_type: str, item_id: int) -> list[Carry]:
    """The meetings an item has been carried to, oldest first (for its page)."""
    return list(
        session.scalars(
            select(Carry)
            .where(Carry.item_type == item_type, Carry.item_id == item_id)
            .options(selectinload(Carry.meeting).selectinload(Meeting.committee))
            .order_by(Carry.carried_at, Carry.id)
        )
    )


def _describe(session: Session, meeting: Meeting, today: date, now: datetime) -> None:
    """Rewrite each overdue item's text from its carried lines (the page shows links too)."""
    for item in overdue_items(session, meeting):
        _describe_item(session, meeting, item, today)
    agenda.touch(meeting, now)


def _describe_item(session: Session, meeting: Meeting, item: AgendaItem, today: date) -> None:
    text = [line_text(line) for line in lines_for(session, meeting, today, item)]
    item.description = "\n".join(text) or "Nothing is overdue at present."
