"""The agenda builder: standard items, report items, ordering, numbering and Part 2."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from scrutiny.models.meetings import (
    EXEMPT_PARAGRAPHS,
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    ReportDocument,
    StandardItem,
)
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.jobs import notifications

#: The standard items of seed 003's agenda, used when a committee has no template of its own.
DEFAULT_STANDARD_ITEMS: list[tuple[str, str, str | None]] = [
    (
        ItemKind.PUBLIC_ADDRESSES,
        "Addresses by Members of the Public (Standing Order SSO9)",
        "To receive and hear any person who wishes to address the Panel on matters which affect "
        "the District and fall within the remit of the Panel. Requests to speak must be "
        "submitted in writing by noon on the day before the meeting and must detail the "
        "subject matter of the address.",
    ),
    (ItemKind.APOLOGIES, "Apologies for Absence and Notifications for Substitutes", None),
    (
        ItemKind.DECLARATIONS,
        "Declaration of disclosable pecuniary interest (Standing Order 37)",
        "A Member must declare any disclosable pecuniary interest where it relates to any "
        "matter being considered at the meeting, indicating the interest and the agenda item "
        "to which it relates.",
    ),
    (
        ItemKind.MINUTES,
        "Minutes",
        "Minutes of the previous meeting – to approve as a correct record.",
    ),
    (
        ItemKind.MATTERS_REFERRED,
        "Matters referred by Council, the Executive, other Committees and Panels (if any)",
        None,
    ),
    (ItemKind.WORK_PROGRAMME, "Panel's Work Plan", None),
]

#: Kinds that stay at the end of the public part when report items are added.
_TRAILING_KINDS = {ItemKind.WORK_PROGRAMME}


def template_for(session: Session, committee_id: int) -> list[tuple[str, str, str | None]]:
    """The committee's standard items (kind, title, text), or the defaults if it has none."""
    rows = session.scalars(
        select(StandardItem)
        .where(StandardItem.committee_id == committee_id)
        .order_by(StandardItem.position)
    ).all()
    if rows:
        return [(r.kind, r.title, r.description) for r in rows]
    return list(DEFAULT_STANDARD_ITEMS)


def add_standard_items(session: Session, meeting: Meeting) -> None:
    """Start a new agenda with the committee's template of standard items."""
    for position, (kind, title, description) in enumerate(
        template_for(session, meeting.committee_id), start=1
    ):
        session.add(
            AgendaItem(
                meeting=meeting,
                position=position * 10,
                kind=kind,
                title=title,
                description=description,
            )
        )
    session.flush()


@dataclass
class NumberedItem:
    """An agenda item with the number it is printed under."""

    number: int
    item: AgendaItem


@dataclass
class NumberedAgenda:
    """The agenda as printed: the public part, then Part 2 (exempt) items."""

    public: list[NumberedItem]
    exempt: list[NumberedItem]

    @property
    def all(self) -> list[NumberedItem]:
        return self.public + self.exempt


def number_items(items: list[AgendaItem]) -> NumberedAgenda:
    """Number items in order, public ones first, then Part 2 after the exempt resolution."""
    ordered = sorted(items, key=lambda i: (i.position, i.id or 0))
    public = [i for i in ordered if not i.exempt]
    exempt = [i for i in ordered if i.exempt]
    numbered = [NumberedItem(n, i) for n, i in enumerate(public + exempt, start=1)]
    return NumberedAgenda(numbered[: len(public)], numbered[len(public) :])


def agenda_items(session: Session, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items with their current documents, in two queries."""
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting.id)
            .options(selectinload(AgendaItem.documents))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def touch(meeting: Meeting, now: datetime) -> None:
    """Mark the agenda changed, so the meeting's version moves on for concurrent editors."""
    meeting.agenda_updated_at = now
    flag_modified(meeting, "agenda_updated_at")  # even when `now` has not moved on


def _check_editable(meeting: Meeting, expected_version: int | None) -> None:
    check_version(meeting, expected_version, "this agenda")
    if meeting.status in {MeetingStatus.CANCELLED, MeetingStatus.MINUTES_APPROVED}:
        raise DomainError(f"The agenda of a {meeting.status_label.lower()} meeting is closed")


def _check_exemption(exempt: bool, paragraph: int | None, reason: str | None) -> None:
    if not exempt:
        return
    if paragraph not in EXEMPT_PARAGRAPHS:
        raise DomainError(
            "Choose the paragraph of Schedule 12A that makes the item exempt",
            field="exempt_paragraph",
        )
    if not (reason or "").strip():
        raise DomainError(
            "Explain why the public interest in keeping it confidential outweighs disclosure",
            field="exempt_reason",
        )


def _next_position(session: Session, meeting: Meeting, kind: str) -> int:
    """After the last item, but before a trailing work-programme item."""
    items = agenda_items(session, meeting)
    trailing = [i for i in items if i.kind in _TRAILING_KINDS and not i.exempt]
    if kind not in _TRAILING_KINDS and trailing:
        anchor = trailing[0]
        before = [i.position for i in items if i.position < anchor.position]
        low = max(before, default=0)
        if anchor.position - low > 1:
            return (low + anchor.position) // 2
        _renumber_positions(items)
        return anchor.position - 5
    return max((i.position for i in items), default=0) + 10


def _renumber_positions(items: list[AgendaItem]) -> None:
    for index, item in enumerate(sorted(items, key=lambda i: (i.position, i.id)), start=1):
        item.position = index * 10


def _blank_as_none(text: str | None) -> str | None:
    return (text or "").strip() or None


@dataclass(frozen=True)
class ItemWording:
    """An item's wording and exemption, as `add_item` and `update_item` take them (keywords)."""

    description: str | None = None
    purpose: str | None = None
    presenting_officer: str | None = None
    recommendations: str | None = None
    contact: str | None = None
    exempt: bool = False
    exempt_paragraph: int | None = None
    exempt_reason: str | None = None

    def check(self) -> None:
        """Refuse an exempt item without a paragraph and a reason."""
        _check_exemption(self.exempt, self.exempt_paragraph, self.exempt_reason)

    def stored(self) -> dict:
        """As stored: blank text as None, and the exemption's paragraph and reason kept only on
        an exempt item."""
        return {
            "description": _blank_as_none(self.description),
            "purpose": _blank_as_none(self.purpose),
            "presenting_officer": _blank_as_none(self.presenting_officer),
            "recommendations": _blank_as_none(self.recommendations),
            "contact": _blank_as_none(self.contact),
            "exempt": self.exempt,
            "exempt_paragraph": self.exempt_paragraph if self.exempt else None,
            "exempt_reason": _blank_as_none(self.exempt_reason) if self.exempt else None,
        }


def _check_addable(
    meeting: Meeting, kind: str, title: str, words: ItemWording, urgency_reason: str | None
) -> None:
    if kind not in {k.value for k in ItemKind}:
        raise DomainError("Choose the kind of item", field="kind")
    if not (title or "").strip():
        raise DomainError("Enter the item's title", field="title")
    words.check()
    if not meeting.agenda_open and not (urgency_reason or "").strip():
        raise DomainError(
            "The agenda has been published: record the chairman's reason for considering this "
            "item as urgent business (s100B(4))",
            field="urgency_reason",
        )


def add_item(
    session: Session,
    meeting: Meeting,
    *,
    kind: str,
    title: str,
    now: datetime,
    expected_version: int | None,
    urgency_reason: str | None = None,
    planned_report_id: int | None = None,
    **wording: str | int | bool | None,
) -> AgendaItem:
    """Add an item (`wording`: the fields of `ItemWording`); after publication the chair's
    reason for urgency is required, and once the minutes are started the item gets its minute."""
    _check_editable(meeting, expected_version)
    words = ItemWording(**wording)
    _check_addable(meeting, kind, title, words, urgency_reason)
    published = not meeting.agenda_open
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(session, meeting, kind),
        kind=kind,
        title=title.strip(),
        **words.stored(),
        urgency_reason=_blank_as_none(urgency_reason) if published else None,
        planned_report_id=planned_report_id,
    )
    session.add(item)
    touch(meeting, now)
    session.flush()
    if published:
        notifications.supplementary_item(session, item, now)
    if meeting.status == MeetingStatus.MINUTES_DRAFT:
        from scrutiny.services.minutes.minute_numbering import add_missing_minutes

        add_missing_minutes(session, meeting)  # a late item gets its minute, in agenda order
    return item


def update_item(
    item: AgendaItem,
    *,
    title: str,
    now: datetime,
    expected_version: int | None,
    front_sheet: dict | None = None,
    **wording: str | int | bool | None,
) -> None:
    """Change an item's wording or its exemption (`wording`: the fields of `ItemWording`),
    refusing a stale edit of the agenda; a `front_sheet` (report_templates.from_form) replaces
    the report's, {} clearing it."""
    _check_editable(item.meeting, expected_version)
    words = ItemWording(**wording)
    if not (title or "").strip():
        raise DomainError("Enter the item's title", field="title")
    words.check()
    if item.meeting.is_public and item.exempt and not words.exempt:
        raise DomainError(
            "This item was published as exempt. To release it, publish a public summary as a "
            "new item instead.",
            field="exempt",
        )
    item.title = title.strip()
    for name, value in words.stored().items():
        setattr(item, name, value)
    if front_sheet is not None:
        item.front_sheet = front_sheet or None
    touch(item.meeting, now)


def move_item(
    session: Session,
    item: AgendaItem,
    direction: str,
    *,
    now: datetime,
    expected_version: int | None,
) -> None:
    """Swap an item with its neighbour above or below within its part of the agenda."""
    meeting = item.meeting
    _check_editable(meeting, expected_version)
    if meeting.is_public:
        raise DomainError("A published agenda cannot be reordered")
    same_part = [i for i in agenda_items(session, meeting) if i.exempt == item.exempt]
    index = next(n for n, i in enumerate(same_part) if i.id == item.id)
    other = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= other < len(same_part):
        raise DomainError("That item cannot move further")
    neighbour = same_part[other]
    item.position, neighbour.position = neighbour.position, item.position
    if item.position == neighbour.position:
        _renumber_positions(agenda_items(session, meeting))
    touch(meeting, now)


def remove_item(
    session: Session, item: AgendaItem, *, now: datetime, expected_version: int | None
) -> None:
    """Remove an item from an unpublished agenda (a published agenda is never altered)."""
    meeting = item.meeting
    _check_editable(meeting, expected_version)
    if meeting.is_public:
        raise DomainError("Items cannot be removed from a published agenda")
    has_documents = session.scalar(
        select(func.count(ReportDocument.id)).where(ReportDocument.item_id == item.id)
    )
    if has_documents:
        raise DomainError("Remove the item's documents first")
    session.delete(item)
    touch(meeting, now)


def add_planned_report(
    session: Session,
    meeting: Meeting,
    *,
    planned_report_id: int,
    title: str,
    now: datetime,
    purpose: str | None = None,
    presenting_officer: str | None = None,
    contact: str | None = None,
) -> AgendaItem:
    """Pull a report planned in the forward plan (work programme section 4) into the agenda.

    Idempotent: a planned report already on this agenda is returned, not added again. The item
    keeps `planned_report_id`, so the work programme can show which meeting took it.
    """
    existing = session.scalar(
        select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.planned_report_id == planned_report_id
        )
    )
    if existing is not None:
        return existing
    return add_item(
        session,
        meeting,
        kind=ItemKind.REPORT,
        title=title,
        purpose=purpose,
        presenting_officer=presenting_officer,
        contact=contact,
        planned_report_id=planned_report_id,
        now=now,
        expected_version=None,
    )


def standard_items(session: Session, committee_id: int) -> list[StandardItem]:
    """The committee's own template rows, in order (empty if it uses the defaults)."""
    return list(
        session.scalars(
            select(StandardItem)
            .where(StandardItem.committee_id == committee_id)
            .order_by(StandardItem.position, StandardItem.id)
        )
    )


def _own_template(session: Session, committee_id: int) -> list[StandardItem]:
    """The committee's template rows, copying the defaults first if it has none yet."""
    rows = standard_items(session, committee_id)
    if rows:
        return rows
    for position, (kind, title, description) in enumerate(DEFAULT_STANDARD_ITEMS, start=1):
        session.add(
            StandardItem(
                committee_id=committee_id,
                position=position,
                kind=kind,
                title=title,
                description=description,
            )
        )
    session.flush()
    return standard_items(session, committee_id)


def add_standard_item(
    session: Session, committee_id: int, *, kind: str, title: str, description: str | None
) -> StandardItem:
    """Add an item to the end of the committee's template for new agendas."""
    if kind not in {k.value for k in ItemKind}:
        raise DomainError("Choose the kind of item", field="kind")
    if not (title or "").strip():
        raise DomainError("Enter the item's title", field="title")
    rows = _own_template(session, committee_id)
    row = StandardItem(
        committee_id=committee_id,
        position=max((r.position for r in rows), default=0) + 1,
        kind=kind,
        title=title.strip(),
        description=(description or "").strip() or None,
    )
    session.add(row)
    session.flush()
    return row


def change_standard_item(session: Session, committee_id: int, index: int, action: str) -> None:
    """Move the template's item at `index` up or down, or remove it ('up', 'down', 'remove')."""
    rows = _own_template(session, committee_id)
    if not 0 <= index < len(rows):
        raise DomainError("That item is no longer in the template: reload the page")
    if action == "remove":
        session.delete(rows[index])
        return
    other = index - 1 if action == "up" else index + 1
    if action not in {"up", "down"} or not 0 <= other < len(rows):
        raise DomainError("That item cannot move further")
    for position, row in enumerate(rows, start=1):
        row.position = position
    rows[index].position, rows[other].position = rows[other].position, rows[index].position


#: Why a system-written Part 2 item is exempt: it lists content made from exempt items.
DERIVED_EXEMPT_REASON = (
    "It lists recommendations or actions made from exempt items, which stay exempt until an "
    "officer releases them."
)


def put_generated_item(
    session: Session,
    meeting: Meeting,
    *,
    title: str,
    description: str,
    purpose: str,
    now: datetime,
    kind: str = ItemKind.REPORT,
    exempt_paragraph: int | None = None,
) -> AgendaItem:
    """Add an item the system writes (an update, a list of responses), or refresh its text if
    the agenda already has it; a published agenda's item is never rewritten. With an
    `exempt_paragraph` the item goes in Part 2 (its lines come from exempt items)."""
    existing = session.scalar(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.title == title)
    )
    if existing is None:
        return add_item(
            session,
            meeting,
            kind=kind,
            title=title,
            description=description,
            purpose=purpose,
            now=now,
            expected_version=None,
            exempt=exempt_paragraph is not None,
            exempt_paragraph=exempt_paragraph,
            exempt_reason=DERIVED_EXEMPT_REASON if exempt_paragraph is not None else None,
        )
    if meeting.is_public:
        raise DomainError(f"The agenda has been published: '{title}' cannot change")
    existing.description = description
    touch(meeting, now)
    return existing
