"""Actions and recommendations in their minimal form, created from minute outcomes.

The service-plans issue extends Action (plans, priorities, progress updates, RAG); the
recommendations issue extends Recommendation (responses, deadlines, follow-up).
"""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.people import Post

action_owner_posts = Table(
    "action_owner_posts",
    Base.metadata,
    Column("action_id", ForeignKey("actions.id"), primary_key=True),
    Column("post_id", ForeignKey("posts.id"), primary_key=True, index=True),
)


class ActionStatus(enum.StrEnum):
    """Where an action is."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    CANCELLED = "cancelled"
    SUPERSEDED = "superseded"


class Action(Audited, Versioned, Timestamped, Base):
    """Something a post must do, by a due date, with its source."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, nullable=False)
    #: The date the action falls due, if it has one.
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="not_started")
    #: The committee that set it (and that monitors it).
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    #: The minute outcome part it came from.
    outcome_part_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_parts.id"), index=True)

    owner_posts: Mapped[list[Post]] = relationship(secondary=action_owner_posts)
    committee: Mapped[Committee | None] = relationship()

    @property
    def audit_label(self) -> str:
        return f"Action: {self.description[:80]}"


class Recommendation(Audited, Versioned, Timestamped, Base):
    """A recommendation from a panel to the executive (or another body)."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text, nullable=False)
    #: "The Executive", an executive member, or a partner body.
    addressed_to: Mapped[str] = mapped_column(String(200), nullable=False)
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id"), nullable=False, index=True
    )
    outcome_part_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_parts.id"), index=True)
    agreed_on: Mapped[date | None] = mapped_column(Date)
    #: The task-and-finish group that drafted it (its parent panel agrees it).
    task_group_id: Mapped[int | None] = mapped_column(ForeignKey("task_groups.id"), index=True)
    #: The parent panel's meeting that agreed a group's draft.
    agreed_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    status: Mapped[str] = mapped_column(String(30), nullable=False, default="awaiting_response")
    #: Free text until the recommendations issue adds structure.
    notes: Mapped[str | None] = mapped_column(Text)

    committee: Mapped[Committee] = relationship()

    @property
    def audit_label(self) -> str:
        return f"Recommendation: {self.text[:80]}"
