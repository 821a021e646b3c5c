"""The lines of an "Overdue actions and responses" item: what each carried action or response
says when printed (packs, minutes) or shown (the agenda page), grouped by source and most
overdue first, with how many meetings each was carried to and any due-date revisions.

Each line belongs to one agenda item: the public item, or the Part 2 item for content made
from exempt items (see services/jobs/rollover.py, which carries them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, Subquery, func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action, ActionDueRevision
from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting
from scrutiny.models.plans import ServicePlan
from scrutiny.models.recommendations import Recommendation
from scrutiny.models.scheduling import Carry
from scrutiny.services.actions.actions import latest_updates
from scrutiny.services.actions.due_revisions import describe
from scrutiny.services.actions.dues import due_passed
from scrutiny.services.core.clocks import format_day

#: After being carried to this many meetings, an item is flagged for the panel.
FLAG_AFTER = 3


def overdue_items(session: Session, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's overdue items: the public one and the Part 2 one, where they exist."""
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.kind == ItemKind.OVERDUE)
            .order_by(AgendaItem.exempt, AgendaItem.id)
        )
    )


#: The order of the groups a roll-over table prints; service plans follow, by title.
SOURCE_ORDER = (
    "Executive responses awaited",
    "Actions from the panel's minutes",
    "Actions implementing accepted recommendations",
)


@dataclass
class CarriedLine:
    """One line of an "Overdue actions and responses" item, as officers and members read it:
    the columns of the printed roll-over table (packs and minutes) and of the agenda page."""

    item_type: str
    item_id: int
    label: str
    text: str
    owner: str
    reason: str
    latest: str
    times_carried: int
    #: The agenda item (public or Part 2) the line is printed under.
    agenda_item_id: int | None
    #: The group the line prints under ("Actions from the panel's minutes", "Service plan: ...").
    source: str = ""
    reference: str = ""
    original_due: date | None = None
    current_due: date | None = None
    #: None when it is not overdue (a "revised" line).
    days_overdue: int | None = None
    rag: str | None = None
    #: "overdue", or "revised" for an action whose due was moved out of the overdue window.
    state: str = "overdue"
    #: The due-date revisions, one line each (services.due_revisions.describe).
    revisions: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.times_carried >= FLAG_AFTER


def _source(action: Action, plans: dict[int, str]) -> str:
    if action.plan_id is not None:
        return f"Service plan: {plans.get(action.plan_id, '')}"
    if action.recommendation_id is not None:
        return SOURCE_ORDER[2]
    return SOURCE_ORDER[1]


def _action_line(
    action, update, times, today, plans, reason, item_id, state="overdue"
) -> CarriedLine:
    overdue = action.is_overdue(today)
    return CarriedLine(
        "action",
        action.id,
        f"Action {action.reference or action.id}",
        action.description,
        ", ".join(p.name for p in action.owner_posts),
        reason,
        f"{update.rag.capitalize()}: {update.narrative}" if update else "No update",
        times,
        item_id,
        source=_source(action, plans),
        reference=action.reference or str(action.id),
        original_due=action.original_due_on,
        current_due=action.due_on,
        days_overdue=(today - action.due_on).days if overdue else None,
        rag=action.latest_rag,
        state=state,
        revisions=[describe(r) for r in action.due_revisions],
    )


def _sorted(lines: list[CarriedLine]) -> list[CarriedLine]:
    """Grouped by source (responses, minutes, recommendations, then plans by title), most
    overdue first within each group, revised lines last."""

    def key(line: CarriedLine):
        group = (
            (SOURCE_ORDER.index(line.source), "")
            if line.source in SOURCE_ORDER
            else (len(SOURCE_ORDER), line.source)
        )
        return (*group, -(line.days_overdue or -1), line.reference)

    return sorted(lines, key=key)


def times_carried() -> Select:
    """SQL: (item_type, item_id, times) for each item, counting the meetings it was carried to."""
    return select(Carry.item_type, Carry.item_id, func.count(Carry.id).label("times")).group_by(
        Carry.item_type, Carry.item_id
    )


def often_carried() -> Subquery:
    """SQL: the items carried to FLAG_AFTER meetings or more, with how many times."""
    return times_carried().having(func.count(Carry.id) >= FLAG_AFTER).subquery()


def lines_by_item(session: Session, meeting: Meeting, today: date) -> dict[int, list]:
    """agenda item id -> the lines of that overdue item (public and Part 2 kept apart)."""
    grouped: dict[int, list[CarriedLine]] = defaultdict(list)
    for line in lines_for(session, meeting, today):
        grouped[line.agenda_item_id].append(line)
    return dict(grouped)


@dataclass
class _Loaded:
    """Everything the lines of one meeting need, read in a fixed number of queries."""

    carries: list[Carry]
    revised: list[ActionDueRevision]
    counts: dict[tuple[str, int], int]
    actions: dict[int, Action]
    plans: dict[int, str]
    recs: dict[int, Recommendation]
    latest: dict


def _carries_and_revisions(session: Session, meeting: Meeting, item: AgendaItem | None):
    query = select(Carry).where(Carry.meeting_id == meeting.id)
    if item is not None:
        query = query.where(Carry.agenda_item_id == item.id)
    carries = list(session.scalars(query.order_by(Carry.due_on, Carry.id)))
    revised = list(
        session.scalars(
            select(ActionDueRevision)
            .where(ActionDueRevision.listed_meeting_id == meeting.id)
            .order_by(ActionDueRevision.id)
        )
    )
    return carries, revised


def _load(session: Session, carries: list[Carry], revised: list[ActionDueRevision]) -> _Loaded:
    keys = [(c.item_type, c.item_id) for c in carries]
    counted = session.execute(
        times_carried().where(
            Carry.item_id.in_({k[1] for k in keys} | {r.action_id for r in revised})
        )
    )
    action_ids = [i for t, i in keys if t == "action"] + [r.action_id for r in revised]
    rec_ids = [i for t, i in keys if t == "recommendation"]
    actions = {
        a.id: a
        for a in session.scalars(
            select(Action)
            .where(Action.id.in_(action_ids))
            .options(
                selectinload(Action.owner_posts),
                selectinload(Action.due_revisions).selectinload(ActionDueRevision.revised_by),
            )
        )
    }
    plan_ids = {a.plan_id for a in actions.values() if a.plan_id is not None}
    plans = dict(
        session.execute(
            select(ServicePlan.id, ServicePlan.title).where(ServicePlan.id.in_(plan_ids))
        ).all()
    )
    recs = {
        r.id: r
        for r in session.scalars(
            select(Recommendation)
            .where(Recommendation.id.in_(rec_ids))
            .options(selectinload(Recommendation.responder))
        )
    }
    counts = {(t, i): n for t, i, n in counted}
    latest = latest_updates(session, action_ids)
    return _Loaded(carries, revised, counts, actions, plans, recs, latest)


def _response_line(rec: Recommendation, carry: Carry, times: int, today: date) -> CarriedLine:
    due = rec.response_due_on
    return CarriedLine(
        "recommendation",
        rec.id,
        f"Response to recommendation {rec.reference}",
        rec.text,
        rec.responder.name if rec.responder else rec.addressed_to,
        carry.reason,
        "No response",
        times,
        carry.agenda_item_id,
        source=SOURCE_ORDER[0],
        reference=rec.reference or str(rec.id),
        original_due=due,
        current_due=due,
        days_overdue=(today - due).days if due_passed(due, today) else None,
    )


def _carried_lines(data: _Loaded, today: date) -> list[CarriedLine]:
    lines = []
    for carry in data.carries:
        times = data.counts.get((carry.item_type, carry.item_id), 1)
        if carry.item_type == "action" and carry.item_id in data.actions:
            action = data.actions[carry.item_id]
            update = data.latest.get(action.id)
            lines.append(
                _action_line(
                    action, update, times, today, data.plans, carry.reason, carry.agenda_item_id
                )
            )
        elif carry.item_id in data.recs:
            lines.append(_response_line(data.recs[carry.item_id], carry, times, today))
    return lines


def _revised_lines(
    data: _Loaded, today: date, items: dict[bool, int], item: AgendaItem | None
) -> list[CarriedLine]:
    carried_actions = {c.item_id for c in data.carries if c.item_type == "action"}
    lines = []
    for action_id in dict.fromkeys(r.action_id for r in data.revised):
        if action_id in carried_actions or action_id not in data.actions:
            continue
        action = data.actions[action_id]
        item_id = items.get(bool(action.restricted))
        if item is not None and item_id != item.id:
            continue
        last = action.due_revisions[-1] if action.due_revisions else None
        reason = "Due date revised" + (f" to {format_day(last.new_due_on)}" if last else "")
        times = data.counts.get(("action", action_id), 0)
        update = data.latest.get(action_id)
        lines.append(
            _action_line(action, update, times, today, data.plans, reason, item_id, "revised")
        )
    return lines


def lines_for(
    session: Session, meeting: Meeting, today: date, item: AgendaItem | None = None
) -> list[CarriedLine]:
    """What a meeting's overdue items list (only `item`'s, if given), each with owner, original
    and current due, days overdue, latest update and how many meetings it has been carried to,
    plus the actions whose due was moved out of the overdue window since (listed once, as
    "revised"); grouped by source and most overdue first; a fixed number of queries. Lines of
    restricted content belong to the Part 2 item, the others to the public one."""
    items = {i.exempt: i.id for i in overdue_items(session, meeting)}
    carries, revised = _carries_and_revisions(session, meeting, item)
    if not carries and not revised:
        return []
    data = _load(session, carries, revised)
    return _sorted(_carried_lines(data, today) + _revised_lines(data, today, items, item))


def line_text(line: CarriedLine) -> str:
    """A carried line as one paragraph of print: what, owner, why, and the latest update."""
    return (
        f"{line.label}: {line.text} Owner: {line.owner}. {line.reason}. "
        f"Latest: {line.latest}."
        + (
            f" Carried to {line.times_carried} meetings: consider inviting the responsible "
            "officer or executive member."
            if line.flagged
            else ""
        )
    )
