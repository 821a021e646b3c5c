"""The work programme: a committee's rows per municipal year, in the sections of seed 003."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting
from scrutiny.models.people import User


class Section(enum.StrEnum):
    """The editable sections (5 and 6 are views over the recommendations)."""

    ACTIVE = "active"
    SCHEDULED = "scheduled"
    PROPOSED = "proposed"
    BRIEFING = "briefing"
    AGENDA_REPORT = "agenda_report"

    @property
    def label(self) -> str:
        return SECTION_LABELS[self]


SECTION_LABELS = {
    Section.ACTIVE: "1(A) Active projects",
    Section.SCHEDULED: "1(B) Scheduled projects",
    Section.PROPOSED: "2 Proposed projects",
    Section.BRIEFING: "3 Briefings and workshops",
    Section.AGENDA_REPORT: "4 Agenda reports",
}


class ProgrammeItem(Audited, Versioned, Timestamped, Base):
    """One row of a committee's work programme."""

    __tablename__ = "programme_items"
    __audit_parent__ = ("committees", "committee_id")
    __table_args__ = (
        Index("ix_programme_items_committee_year_section", "committee_id", "year_start", "section"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    #: 1 May starting the municipal year of the programme.
    year_start: Mapped[date] = mapped_column(Date, nullable=False)
    section: Mapped[str] = mapped_column(String(20), nullable=False)
    #: Order within the section; for proposed projects, the priority (1 is highest).
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    topic: Mapped[str] = mapped_column(String(300), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: Method and reporting process.
    method: Mapped[str] = mapped_column(Text, nullable=False, default="")
    timeline: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: Progress since the last meeting (or, for agenda reports, the outcome).
    progress: Mapped[str] = mapped_column(Text, nullable=False, default="")
    contact: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    #: Briefings and workshops: when held.
    held_on: Mapped[date | None] = mapped_column(Date)
    #: When the panel agreed a proposed topic.
    agreed_on: Mapped[date | None] = mapped_column(Date)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Agenda reports: the meeting the report is planned for.
    planned_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    #: Agenda reports: the agenda item the report became, once pulled in.
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"))
    #: Follow-up reviews: the recommendation under review.
    recommendation_id: Mapped[int | None] = mapped_column(
        # use_alter breaks the programme -> recommendation -> group -> programme cycle
        ForeignKey("recommendations.id", use_alter=True),
        index=True,
    )

    committee: Mapped[Committee] = relationship()
    proposed_by: Mapped[User | None] = relationship()
    planned_meeting: Mapped[Meeting | None] = relationship()

    @property
    def audit_label(self) -> str:
        return f"Work programme: {self.topic}"
