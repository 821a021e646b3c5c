"""Task-and-finish groups: a panel's small, time-limited review, its sessions and final report."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.people import User
from scrutiny.models.programme import ProgrammeItem


class GroupStatus(enum.StrEnum):
    """Where a group is in its life."""

    PROPOSED = "proposed"
    ACTIVE = "active"
    REPORTING = "reporting"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class SessionKind(enum.StrEnum):
    """What kind of gathering a group's session was."""

    MEETING = "meeting"
    EVIDENCE = "evidence"
    VISIT = "visit"
    WITNESS = "witness"

    @property
    def label(self) -> str:
        return {
            "meeting": "Group meeting",
            "evidence": "Evidence session",
            "visit": "Visit",
            "witness": "Witness session",
        }[self.value]


class TaskGroup(Audited, Versioned, Timestamped, Base):
    """The review a task-and-finish group carries out; its committee row holds name and members."""

    __tablename__ = "task_groups"
    __audit_parent__ = ("committees", "committee_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The group's own committee (kind task_and_finish, parent = the panel).
    committee_id: Mapped[int] = mapped_column(
        ForeignKey("committees.id"), nullable=False, unique=True
    )
    #: The work programme row (an active project) the group was created from, if any.
    programme_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_items.id"), unique=True
    )
    topic: Mapped[str] = mapped_column(String(300), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    scope: Mapped[str] = mapped_column(Text, nullable=False, default="")
    method: Mapped[str] = mapped_column(Text, nullable=False, default="")
    timeline: Mapped[str] = mapped_column(Text, nullable=False, default="")
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: The date by which the group should report.
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="proposed", index=True)
    lead_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The final report as stored by the documents service (content-addressed).
    report_sha256: Mapped[str | None] = mapped_column(String(64))
    report_filename: Mapped[str | None] = mapped_column(String(255))
    report_type: Mapped[str | None] = mapped_column(String(10))
    report_uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    committee: Mapped[Committee] = relationship()
    programme_item: Mapped[ProgrammeItem | None] = relationship(
        backref=backref("task_group", uselist=False)
    )
    lead_officer: Mapped[User | None] = relationship()
    sessions: Mapped[list[GroupSession]] = relationship(
        back_populates="group", order_by="GroupSession.held_on"
    )

    @property
    def status_label(self) -> str:
        return GroupStatus(self.status).label

    @property
    def audit_label(self) -> str:
        return f"Task-and-finish group: {self.topic}"


class GroupSession(Audited, Versioned, Timestamped, Base):
    """One of a group's own meetings, evidence sessions or visits, with its notes."""

    __tablename__ = "task_group_sessions"
    __audit_parent__ = ("committees", "committee_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("task_groups.id"), nullable=False, index=True)
    #: Copied from the group so the history shows on the group's page.
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    held_on: Mapped[date] = mapped_column(Date, nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    #: Who gave evidence or was visited.
    witnesses: Mapped[str] = mapped_column(Text, nullable=False, default="")
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")

    group: Mapped[TaskGroup] = relationship(back_populates="sessions")

    @property
    def kind_label(self) -> str:
        return SessionKind(self.kind).label

    @property
    def audit_label(self) -> str:
        return f"Group session: {self.title}"
