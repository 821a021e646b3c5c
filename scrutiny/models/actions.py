"""Actions: something a post must do by a due date, from a minute, a recommendation's
implementation or (later) a service plan, with the progress updates its owners record.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.exemption import ExemptDerived
from scrutiny.models.people import Post, User

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


class Action(ExemptDerived, Audited, Versioned, Timestamped, Base):
    """Something a post must do, by a due date, with its source."""

    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_plan_status_due", "plan_id", "status", "due_on"),
        Index("ix_actions_status_due", "status", "due_on"),
        # The tracker's pages: each filter's rows in due order (action_tracker.tracker_segments).
        Index("ix_actions_plan_due", "plan_id", "due_on"),
        Index("ix_actions_priority_due", "priority_id", "due_on"),
        Index("ix_actions_rag_due", "latest_rag", "due_on"),
        # The tracker's RAG filter (with or without a plan) and its counts by RAG.
        Index("ix_actions_rag_plan_status_due", "latest_rag", "plan_id", "status", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, nullable=False)
    #: The date the action falls due, if it has one.
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: The first due date it was given; revisions never change it (see ActionDueRevision).
    original_due_on: Mapped[date | None] = mapped_column(
        Date, default=lambda context: context.get_current_parameters().get("due_on")
    )
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="not_started")
    #: The committee that set it (and that monitors it).
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    #: The minute outcome part it came from.
    outcome_part_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_parts.id"), index=True)
    #: The recommendation whose accepted response it implements.
    recommendation_id: Mapped[int | None] = mapped_column(
        ForeignKey("recommendations.id"), index=True
    )
    #: Service plans: the plan and priority it serves, and its order within the priority.
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("service_plans.id"))
    priority_id: Mapped[int | None] = mapped_column(ForeignKey("plan_priorities.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    #: Where the action comes from, in words ("ILACS March 2020 recommendation 3").
    source_reference: Mapped[str | None] = mapped_column(String(300))
    #: How the due was given: date, month, recurring, ongoing or none (services/actions/dues.py).
    due_kind: Mapped[str] = mapped_column(
        String(12), nullable=False, default="date", server_default="date"
    )
    #: For recurring dues: monthly, quarterly, six_monthly or annually.
    recurrence: Mapped[str | None] = mapped_column(String(12))
    #: The latest update's RAG and time, kept here so lists filter and sort on them in SQL.
    latest_rag: Mapped[str | None] = mapped_column(String(10))
    last_update_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    owner_posts: Mapped[list[Post]] = relationship(secondary=action_owner_posts)
    committee: Mapped[Committee | None] = relationship()

    updates: Mapped[list[ActionUpdate]] = relationship(
        back_populates="action", order_by="ActionUpdate.created_at.desc()"
    )
    due_revisions: Mapped[list[ActionDueRevision]] = relationship(
        back_populates="action", order_by="ActionDueRevision.id"
    )

    @property
    def status_label(self) -> str:
        return ACTION_STATUS_LABELS[self.status]

    @property
    def audit_label(self) -> str:
        return f"Action: {self.description[:80]}"


ACTION_STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "cancelled": "Cancelled",
    "superseded": "Superseded",
}


class Rag(enum.StrEnum):
    """Red, amber, green; blue when complete."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    BLUE = "blue"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ActionUpdate(Base):
    """A progress update an owner records: RAG, narrative and what comes next."""

    __tablename__ = "action_updates"
    __table_args__ = (Index("ix_action_updates_action_created", "action_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), nullable=False)
    rag: Mapped[str] = mapped_column(String(10), nullable=False)
    narrative: Mapped[str] = mapped_column(Text, nullable=False)
    #: "Further actions for next period".
    next_steps: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: The action's status after this update.
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)

    action: Mapped[Action] = relationship(back_populates="updates")
    created_by: Mapped[User] = relationship()


class ActionDueRevision(Base):
    """A change to an action's due date: who moved it, when, why, from and to (slippage)."""

    __tablename__ = "action_due_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), nullable=False, index=True)
    #: None when the action had, or is given, no due date (ongoing or not set).
    old_due_on: Mapped[date | None] = mapped_column(Date)
    new_due_on: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    revised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    revised_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: True when the action was overdue before the revision and is not after it.
    left_overdue: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: The meeting whose overdue item listed it as revised (once), set by the roll-over.
    listed_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)

    action: Mapped[Action] = relationship(back_populates="due_revisions")
    revised_by: Mapped[User] = relationship()
