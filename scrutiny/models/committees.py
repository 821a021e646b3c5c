"""Committees (panels, the executive, boards, task-and-finish groups) and their memberships."""

from __future__ import annotations

import enum

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, DatedPeriod, Timestamped, Versioned
from scrutiny.models.people import User


class CommitteeKind(enum.StrEnum):
    """The kinds of body the product runs."""

    SCRUTINY_PANEL = "scrutiny_panel"
    EXECUTIVE = "executive"
    BOARD = "board"
    TASK_AND_FINISH = "task_and_finish"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "scrutiny_panel": "Policy and scrutiny panel",
            "executive": "Executive",
            "board": "Board",
            "task_and_finish": "Task-and-finish group",
            "other": "Other committee",
        }[self.value]


class MembershipRole(enum.StrEnum):
    """A person's place on a committee."""

    CHAIRMAN = "chairman"
    VICE_CHAIRMAN = "vice_chairman"
    MEMBER = "member"
    SUBSTITUTE = "substitute"
    ADDED_MEMBER = "added_member"
    RIGHT_TO_SPEAK = "right_to_speak"

    @property
    def label(self) -> str:
        return {
            "chairman": "Chairman",
            "vice_chairman": "Vice-chairman",
            "member": "Member",
            "substitute": "Substitute",
            "added_member": "Added member",
            "right_to_speak": "Right to speak",
        }[self.value]

    @property
    def sort_key(self) -> int:
        return list(MembershipRole).index(self)


class Committee(Audited, Versioned, Timestamped, Base):
    """A body that meets: a scrutiny panel, the executive, a board or a task-and-finish group."""

    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    #: Short prefix used to number minutes ("CAY" gives "CAY 6").
    minute_prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    #: The parent panel of a task-and-finish group.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    remit: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    parent: Mapped[Committee | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Committee]] = relationship(back_populates="parent")
    memberships: Mapped[list[Membership]] = relationship(back_populates="committee")

    @property
    def kind_label(self) -> str:
        return CommitteeKind(self.kind).label

    @property
    def audit_label(self) -> str:
        return f"Committee: {self.name}"

    def __repr__(self) -> str:
        return f"<Committee {self.slug}>"


class Membership(Audited, Versioned, DatedPeriod, Timestamped, Base):
    """A person on a committee in a role, from a date until an end date (None while current)."""

    __tablename__ = "memberships"
    __audit_parent__ = ("committees", "committee_id")
    __table_args__ = (
        Index("ix_memberships_committee_dates", "committee_id", "starts_on", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False)
    #: Whom an added or right-to-speak member represents ("Church of England Representative").
    representing: Mapped[str | None] = mapped_column(String(200))

    committee: Mapped[Committee] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()

    @property
    def role_label(self) -> str:
        return MembershipRole(self.role).label

    @property
    def audit_label(self) -> str:
        return f"Membership: {self.user.name} ({self.role_label})"
