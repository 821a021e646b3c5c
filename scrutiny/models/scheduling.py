"""What the scheduler has done: reminders sent, items carried to agendas, job runs, the lease."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Base, UTCDateTime
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.people import User


class Reminder(Base):
    """One reminder about one item on one occasion to one person; the unique constraint makes
    every reminder happen once, however often (or concurrently) the job runs."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("item_type", "item_id", "occasion", "recipient_id"),
        Index("ix_reminders_recipient_digest", "recipient_id", "digested_at"),
        Index("ix_reminders_item", "item_type", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "action", "recommendation", "meeting", "agenda_item", "submission", "programme_item" or
    #: "outbox" (a failed email reported to the officers).
    item_type: Mapped[str] = mapped_column(String(20), nullable=False)
    item_id: Mapped[int] = mapped_column(Integer, nullable=False)
    #: "before-14", "before-3", "due", "overdue-1".."overdue-N", "monthly-N", "escalated",
    #: "missed", or an event ("agenda-published", "assigned-<post id>", ...).
    occasion: Mapped[str] = mapped_column(String(30), nullable=False)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    #: "reminder", "escalation" (officers' daily table), "unreachable" (no one could be told),
    #: "failure" (an email that could not be delivered) or "notice" (an event, such as an
    #: agenda published).
    kind: Mapped[str] = mapped_column(
        String(20), nullable=False, default="reminder", server_default="reminder"
    )
    #: The item's reference ("CYPS/2026/01-A1") and due date, as shown in the daily email.
    reference: Mapped[str | None] = mapped_column(String(100))
    due_on: Mapped[date | None] = mapped_column(Date)
    #: The line this reminder contributes to a mail or a digest.
    text: Mapped[str] = mapped_column(Text, nullable=False)
    link: Mapped[str] = mapped_column(String(300), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: Set when it went out as its own mail or in a digest; None while waiting for the digest.
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))

    recipient: Mapped[User] = relationship()


class Carry(Base):
    """An overdue action or unanswered recommendation carried to a meeting's agenda."""

    __tablename__ = "carries"
    __table_args__ = (
        UniqueConstraint("meeting_id", "item_type", "item_id"),
        Index("ix_carries_item", "item_type", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), nullable=False)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), nullable=False)
    #: "action" or "recommendation".
    item_type: Mapped[str] = mapped_column(String(20), nullable=False)
    item_id: Mapped[int] = mapped_column(Integer, nullable=False)
    carried_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    #: Why it was carried ("Due 31 March 2023, 12 days overdue").
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    due_on: Mapped[date | None] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem] = relationship()


class JobRun(Base):
    """One run of a scheduled job, with what it did or why it failed."""

    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_job_started", "job", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(40), nullable=False)
    #: The instant the job ran "as at" (the scheduler's now, or --now).
    as_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: "ok", "failed" or "skipped" (another scheduler held the lease).
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    summary: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)


class SchedulerLease(Base):
    """A named lease: whoever holds an unexpired one runs the jobs; others stay idle."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
