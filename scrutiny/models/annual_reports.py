"""A scrutiny committee's annual report to full council (seed 002): drafted from the records,
frozen when issued."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.people import User


class AnnualReport(Audited, Versioned, Timestamped, Base):
    """The annual report of one committee, or of all scrutiny committees together, for a
    municipal year: editable while a draft, read from its snapshot once issued."""

    __tablename__ = "annual_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The committee reported on; None for all scrutiny committees together.
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    #: 1 May starting the municipal year reported on.
    year_start: Mapped[date] = mapped_column(Date, nullable=False)
    #: Records are counted as they stand on this day (overdue, RAG, meetings held by then).
    cut_off: Mapped[date] = mapped_column(Date, nullable=False)
    #: "draft" or "issued".
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="draft")
    #: The officers' and chair's words: front block, foreword, case studies, priorities.
    narrative: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    #: The figures as they stood at the cut-off when the report was issued.
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    committee: Mapped[Committee | None] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])

    @property
    def audit_label(self) -> str:
        return f"Annual report: {self.year_start.year}"
