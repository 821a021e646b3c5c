"""Recommendations to the executive: what a panel agreed, when it was submitted, the response
and how implementation ends (LGA 2000 s9FE)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.exemption import ExemptDerived
from scrutiny.models.people import User


class RecStatus(enum.StrEnum):
    """Where a recommendation is. "Response overdue" is derived from the deadline, not stored."""

    DRAFT = "draft"
    AGREED = "agreed"
    SUBMITTED = "submitted"
    RESPONDED = "responded"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_IMPLEMENTED = "not_implemented"
    SUPERSEDED = "superseded"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return REC_STATUS_LABELS[self]


REC_STATUS_LABELS = {
    RecStatus.DRAFT: "Draft (task-and-finish group)",
    RecStatus.AGREED: "Agreed, not yet submitted",
    RecStatus.SUBMITTED: "Awaiting response",
    RecStatus.RESPONDED: "Responded",
    RecStatus.IN_PROGRESS: "In progress",
    RecStatus.IMPLEMENTED: "Implemented",
    RecStatus.NOT_IMPLEMENTED: "Not implemented",
    RecStatus.SUPERSEDED: "Superseded",
    RecStatus.CLOSED: "Closed",
}

#: Statuses only the panel sets, at a meeting.
CLOSING_STATUSES = (
    RecStatus.IMPLEMENTED,
    RecStatus.NOT_IMPLEMENTED,
    RecStatus.SUPERSEDED,
    RecStatus.CLOSED,
)


class ResponseKind(enum.StrEnum):
    """The executive's answer to one recommendation."""

    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    ACCEPTED_IN_PRINCIPLE = "accepted_in_principle"
    REJECTED = "rejected"
    NOTED = "noted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def needs_actions(self) -> bool:
        return self in {
            ResponseKind.ACCEPTED,
            ResponseKind.PARTIALLY_ACCEPTED,
            ResponseKind.ACCEPTED_IN_PRINCIPLE,
        }


class Submission(Audited, Versioned, Timestamped, Base):
    """A set of recommendations from one report, sent to the executive together."""

    __tablename__ = "recommendation_submissions"
    __audit_parent__ = ("committees", "committee_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id"), nullable=False, index=True
    )
    #: The report or minute the set comes from ("Music Service update").
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    submitted_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: The day the executive received it: the statutory clock starts here.
    received_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: Two months beginning with `received_on` (s9FE).
    response_due_on: Mapped[date] = mapped_column(Date, nullable=False)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Why an officer last corrected the date or recipient (the audit trail keeps each one).
    correction_reason: Mapped[str | None] = mapped_column(Text)

    committee: Mapped[Committee] = relationship()
    submitted_by: Mapped[User | None] = relationship()
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="submission", order_by="Recommendation.id"
    )

    @property
    def audit_label(self) -> str:
        return f"Submission: {self.title}"


class Recommendation(ExemptDerived, Audited, Versioned, Timestamped, Base):
    """A recommendation from a panel to the executive (or another body)."""

    __tablename__ = "recommendations"
    __table_args__ = (
        Index("ix_recommendations_committee_status", "committee_id", "status"),
        Index("ix_recommendations_status_due", "status", "response_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "CYPS/2022/07": committee prefix, municipal year, number in that year.
    reference: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    #: "The Executive", an executive member, or a partner body.
    addressed_to: Mapped[str] = mapped_column(String(200), nullable=False)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    #: The minute's outcome part it comes from: one recommendation per part, the database refuses
    #: a second.
    outcome_part_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcome_parts.id"), index=True, unique=True
    )
    #: Where it came from, in words ("CAY 12(1)", or the group's report).
    source: Mapped[str | None] = mapped_column(String(200))
    agreed_on: Mapped[date | None] = mapped_column(Date)
    #: The task-and-finish group that drafted it (its parent panel agrees it).
    task_group_id: Mapped[int | None] = mapped_column(ForeignKey("task_groups.id"), index=True)
    #: The parent panel's meeting that agreed a group's draft.
    agreed_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="agreed")
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendation_submissions.id"), index=True
    )
    #: Copied from the submission so lists can filter and sort on it in SQL.
    response_due_on: Mapped[date | None] = mapped_column(Date)
    #: The executive member expected to respond (and who did).
    responder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: How it ended: the panel meeting and minute that closed it.
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    closing_minute_id: Mapped[int | None] = mapped_column(ForeignKey("minutes.id"))
    closing_note: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)

    committee: Mapped[Committee] = relationship()
    submission: Mapped[Submission | None] = relationship(back_populates="recommendations")
    responder: Mapped[User | None] = relationship(foreign_keys="Recommendation.responder_id")
    response: Mapped[RecommendationResponse | None] = relationship(
        back_populates="recommendation", uselist=False
    )

    @property
    def status_label(self) -> str:
        return RecStatus(self.status).label

    @property
    def audit_label(self) -> str:
        return f"Recommendation {self.reference or ''}: {self.text[:80]}"


class RecommendationResponse(Audited, Versioned, Timestamped, Base):
    """The executive's response to one recommendation; a draft until submitted."""

    __tablename__ = "recommendation_responses"
    __audit_parent__ = ("recommendations", "recommendation_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One response per recommendation: the database refuses a second.
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id"), nullable=False, unique=True
    )
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    #: Required when rejected.
    reasons: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: The executive member whose response it is.
    responder_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    #: Who typed it in: the member, or an officer on their behalf.
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The response's date (London), once submitted.
    responded_on: Mapped[date | None] = mapped_column(Date)

    recommendation: Mapped[Recommendation] = relationship(back_populates="response")
    responder: Mapped[User] = relationship(foreign_keys=[responder_id])
    entered_by: Mapped[User] = relationship(foreign_keys=[entered_by_id])

    @property
    def kind_label(self) -> str:
        return ResponseKind(self.kind).label

    @property
    def on_behalf(self) -> bool:
        return self.entered_by_id != self.responder_id

    @property
    def audit_label(self) -> str:
        return f"Response: {self.kind_label}"
