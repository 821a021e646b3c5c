"""Minutes: attendance, declarations of interest, numbered minutes and their outcomes."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.people import User


class AttendanceKind(enum.StrEnum):
    """How someone appears in the attendance record."""

    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    SUBSTITUTE = "substitute"
    OFFICER = "officer"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Attendance(Audited, Timestamped, Base):
    """One person's attendance at a meeting (members, substitutes, officers)."""

    __tablename__ = "attendances"
    __audit_parent__ = ("meetings", "meeting_id")
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False, index=True)
    #: The member or substitute (None for an officer recorded by name only).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: An officer's name as printed, when they have no account.
    name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    #: The membership role on the day ("chairman", "vice_chairman", "added_member", ...).
    role: Mapped[str | None] = mapped_column(String(20))
    #: For a substitute: the member they replace.
    substitute_for_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: For an officer: their service, printed in brackets ("Children's Services").
    service: Mapped[str | None] = mapped_column(String(200))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    substitute_for: Mapped[User | None] = relationship(foreign_keys=[substitute_for_id])

    @property
    def display_name(self) -> str:
        return self.user.name if self.user else (self.name or "")

    @property
    def audit_label(self) -> str:
        return f"Attendance: {self.display_name} ({self.kind})"


class InterestKind(enum.StrEnum):
    """Kinds of interest a member declares."""

    DISCLOSABLE_PECUNIARY = "disclosable_pecuniary"
    OTHER_REGISTRABLE = "other_registrable"
    NON_REGISTRABLE = "non_registrable"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Declaration(Audited, Timestamped, Base):
    """A member's declaration of interest at a meeting, optionally for one item."""

    __tablename__ = "declarations"
    __audit_parent__ = ("meetings", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False, index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    meeting: Mapped[Meeting] = relationship()
    item: Mapped[AgendaItem | None] = relationship()
    user: Mapped[User] = relationship()

    @property
    def audit_label(self) -> str:
        return f"Declaration: {self.user.name}"


class OutcomeKind(enum.StrEnum):
    """How a minute ends."""

    RESOLVED = "resolved"
    CONCLUDED = "concluded"
    NONE = "none"


class Minute(Audited, Versioned, Timestamped, Base):
    """The minute of one agenda item, numbered "<prefix> <n>" in the municipal year."""

    __tablename__ = "minutes"
    __audit_parent__ = ("meetings", "meeting_id")
    __table_args__ = (
        UniqueConstraint("committee_id", "year_start", "number"),
        UniqueConstraint("agenda_item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False, index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), nullable=False)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    #: 1 May starting the municipal year the number runs in.
    year_start: Mapped[date] = mapped_column(Date, nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    narrative: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: "In discussion, the following points were raised": one point per line.
    discussion: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome_kind: Mapped[str] = mapped_column(String(10), nullable=False, default="none")
    #: Text before the numbered parts ("that the report be received").
    outcome_text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: Why an administrator changed approved minutes (kept in the history).
    change_reason: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship()
    item: Mapped[AgendaItem] = relationship()
    parts: Mapped[list[OutcomePart]] = relationship(
        back_populates="minute", order_by="OutcomePart.position"
    )

    @property
    def audit_label(self) -> str:
        return f"Minute {self.number}: {self.item.title if self.item else ''}"


class OutcomePart(Audited, Timestamped, Base):
    """A numbered part of a minute's outcome ("i) the Panel recommend approval ...")."""

    __tablename__ = "outcome_parts"
    __audit_parent__ = ("meetings", "meeting_id")
    __table_args__ = (Index("ix_outcome_parts_minute", "minute_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minute_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), nullable=False)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)

    minute: Mapped[Minute] = relationship(back_populates="parts")

    @property
    def audit_label(self) -> str:
        return f"Outcome part {self.position}"


class MinutesApproval(Audited, Timestamped, Base):
    """A meeting's minutes approved as a correct record (or noted) at a later meeting."""

    __tablename__ = "minutes_approvals"
    __audit_parent__ = ("meetings", "meeting_id")
    __table_args__ = (UniqueConstraint("meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The meeting whose minutes were approved.
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False)
    #: The meeting at which they were approved.
    at_meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False)
    #: False when informal notes were noted rather than approved.
    approved: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    at_meeting: Mapped[Meeting] = relationship(foreign_keys=[at_meeting_id])
    recorded_by: Mapped[User | None] = relationship()

    @property
    def audit_label(self) -> str:
        return "Minutes approved" if self.approved else "Notes noted"
