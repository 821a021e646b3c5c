"""Meetings, their agenda items, the committee's standard-item template and report documents."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned, utcnow
from scrutiny.models.committees import Committee
from scrutiny.models.people import User


class MeetingStatus(enum.StrEnum):
    """Where a meeting is in its life; `MEETING_MOVES` lists the allowed changes."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    HELD = "held"
    MINUTES_DRAFT = "minutes_draft"
    MINUTES_APPROVED = "minutes_approved"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


#: status -> statuses it may move to.
MEETING_MOVES: dict[MeetingStatus, set[MeetingStatus]] = {
    MeetingStatus.DRAFT: {MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED},
    MeetingStatus.SCHEDULED: {
        MeetingStatus.DRAFT,
        MeetingStatus.PUBLISHED,
        MeetingStatus.CANCELLED,
    },
    MeetingStatus.PUBLISHED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: {MeetingStatus.MINUTES_DRAFT},
    MeetingStatus.MINUTES_DRAFT: {MeetingStatus.MINUTES_APPROVED},
    MeetingStatus.MINUTES_APPROVED: set(),
    MeetingStatus.CANCELLED: set(),
}

#: Statuses in which the agenda is still being built: not yet published, items may be added
#: without a reason for urgency, and the roll-over may carry overdue work onto it.
OPEN_AGENDA_STATUSES = frozenset({MeetingStatus.DRAFT, MeetingStatus.SCHEDULED})

#: Statuses in which the agenda is open to the public.
PUBLIC_STATUSES = frozenset(
    {
        MeetingStatus.PUBLISHED,
        MeetingStatus.HELD,
        MeetingStatus.MINUTES_DRAFT,
        MeetingStatus.MINUTES_APPROVED,
    }
)


class ItemKind(enum.StrEnum):
    """Kinds of agenda item (docs/domain.md, "Meetings and agendas")."""

    PUBLIC_ADDRESSES = "public_addresses"
    APOLOGIES = "apologies"
    DECLARATIONS = "declarations"
    MINUTES = "minutes"
    MATTERS_REFERRED = "matters_referred"
    REPORT = "report"
    WORK_PROGRAMME = "work_programme"
    OVERDUE = "overdue"
    URGENT = "urgent"

    @property
    def label(self) -> str:
        return ITEM_KIND_LABELS[self]


ITEM_KIND_LABELS = {
    ItemKind.PUBLIC_ADDRESSES: "Public addresses",
    ItemKind.APOLOGIES: "Apologies and substitutes",
    ItemKind.DECLARATIONS: "Declarations of interest",
    ItemKind.MINUTES: "Minutes of the previous meeting",
    ItemKind.MATTERS_REFERRED: "Matters referred",
    ItemKind.REPORT: "Report",
    ItemKind.WORK_PROGRAMME: "Work programme",
    ItemKind.OVERDUE: "Overdue actions and responses",
    ItemKind.URGENT: "Urgent business",
}

#: Schedule 12A LGA 1972, Part 1 paragraphs (England); a setting may replace them.
EXEMPT_PARAGRAPHS = {
    1: "Information relating to any individual",
    2: "Information which is likely to reveal the identity of an individual",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information)",
    4: "Information relating to any consultations or negotiations, or contemplated "
    "consultations or negotiations, in connection with any labour relations matter",
    5: "Information in respect of which a claim to legal professional privilege could be "
    "maintained in legal proceedings",
    6: "Information which reveals that the authority proposes to give a notice, or to make an "
    "order or direction, under any enactment",
    7: "Information relating to any action taken or to be taken in connection with the "
    "prevention, investigation or prosecution of crime",
}


class Meeting(Audited, Versioned, Timestamped, Base):
    """One meeting of a committee: when and where, its status and its agenda."""

    __tablename__ = "meetings"
    __audit_exclude__ = frozenset({"version", "updated_at", "created_at", "agenda_updated_at"})
    __table_args__ = (Index("ix_meetings_committee_starts", "committee_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    venue: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    #: False for informal meetings, whose notes are "noted" rather than approved.
    formal: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft", index=True)
    #: The democratic services officer named on the front sheet.
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: When the agenda was published (the date of dispatch on the pack).
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the agenda was published after the statutory deadline (s100B(4) urgency).
    late_publication_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_reason: Mapped[str | None] = mapped_column(Text)
    #: When the meeting actually started and finished (for the minutes).
    commenced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When draft minutes were made public (approved minutes are public too).
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Changed whenever the agenda's items change, so the meeting's version moves on too.
    agenda_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    committee: Mapped[Committee] = relationship()
    contact: Mapped[User | None] = relationship()
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position"
    )

    @property
    def status_label(self) -> str:
        return MeetingStatus(self.status).label

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @hybrid_property
    def agenda_open(self) -> bool:
        """True while the agenda is still being built (OPEN_AGENDA_STATUSES); usable in SQL."""
        return self.status in OPEN_AGENDA_STATUSES

    @agenda_open.inplace.expression
    @classmethod
    def _agenda_open_expression(cls):
        return cls.status.in_(sorted(OPEN_AGENDA_STATUSES))

    @property
    def audit_label(self) -> str:
        return f"Meeting: {self.committee.name if self.committee else ''}"


class AgendaItem(Audited, Versioned, Timestamped, Base):
    """An item on a meeting's agenda; numbers follow `position`, Part 2 (exempt) items last."""

    __tablename__ = "agenda_items"
    __audit_parent__ = ("meetings", "meeting_id")
    __table_args__ = (Index("ix_agenda_items_meeting_position", "meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    #: Standing text printed under the title (e.g. the declarations wording).
    description: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    #: "Report of the Director, Children's Services".
    presenting_officer: Mapped[str | None] = mapped_column(String(300))
    recommendations: Mapped[str | None] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(300))
    exempt: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Schedule 12A paragraph (1-7) making the item exempt.
    exempt_paragraph: Mapped[int | None] = mapped_column(Integer)
    exempt_reason: Mapped[str | None] = mapped_column(Text)
    #: Set when the item was added after publication: the chair's reason for urgency.
    urgency_reason: Mapped[str | None] = mapped_column(Text)
    #: The forward-plan (work programme) row this item was pulled from, if any.
    planned_report_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: A report's front sheet (seed 004): for consideration by, ward, director, outcome,
    #: summary, financial implications (rows), background papers; None until filled in.
    front_sheet: Mapped[dict | None] = mapped_column(JSON)

    meeting: Mapped[Meeting] = relationship(back_populates="items")
    documents: Mapped[list[ReportDocument]] = relationship(
        back_populates="item",
        order_by="ReportDocument.position",
        primaryjoin="and_(ReportDocument.item_id == AgendaItem.id, "
        "ReportDocument.replaced_by_id.is_(None))",
        viewonly=True,
    )

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label

    @property
    def audit_label(self) -> str:
        return f"Agenda item: {self.title}"


class StandardItem(Audited, Timestamped, Base):
    """One entry in a committee's template of items every new agenda starts with."""

    __tablename__ = "standard_items"
    __audit_parent__ = ("committees", "committee_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)

    @property
    def audit_label(self) -> str:
        return f"Standard agenda item: {self.title}"


class ReportDocument(Audited, Timestamped, Base):
    """A PDF (or DOCX) attached to an agenda item; replaced versions are kept, never deleted."""

    __tablename__ = "report_documents"
    __audit_parent__ = ("agenda_items", "item_id")
    __audit_exclude__ = frozenset({"version", "updated_at", "created_at", "extracted_text"})

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    #: "pdf" or "docx", decided from the file's content.
    file_type: Mapped[str] = mapped_column(String(10), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    #: SHA-256 of the uploaded bytes; the file is stored under instance/documents/<sha256>.
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    #: SHA-256 of the PDF used in packs (the upload itself, or its conversion); None if none.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    page_count: Mapped[int | None] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Why the last agenda pack built without this document (None once it goes in again).
    pack_problem: Mapped[str | None] = mapped_column(String(300))
    #: Whether the PDF is tagged (a structure tree screen readers follow); None if no PDF yet.
    tagged: Mapped[bool | None] = mapped_column(Boolean)
    #: The newer version that replaced this one (None for the current version).
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("report_documents.id"))
    #: The document's text, extracted on upload for search (None if none could be read).
    extracted_text: Mapped[str | None] = mapped_column(Text, deferred=True)

    item: Mapped[AgendaItem] = relationship(foreign_keys=[item_id])
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def audit_label(self) -> str:
        return f"Document: {self.title}"
