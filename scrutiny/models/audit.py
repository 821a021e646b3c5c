"""The audit trail: one row per create, change or deactivation of a domain object."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Base, UTCDateTime, utcnow
from scrutiny.models.people import User


class AuditEvent(Base):
    """Who changed which object when, with each changed field's old and new value."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_object", "object_type", "object_id", "at"),
        Index("ix_audit_events_parent", "parent_type", "parent_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: None when the change was made by the system (a scheduled job, a command without a user).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Describes a non-user actor: "flask demo load", "scheduler".
    actor_label: Mapped[str | None] = mapped_column(String(100))
    #: "create", "update" or "delete".
    action: Mapped[str] = mapped_column(String(10), nullable=False)
    #: The table name of the changed object.
    object_type: Mapped[str] = mapped_column(String(60), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    #: The object whose page should also show this change (a committee for a membership).
    parent_type: Mapped[str | None] = mapped_column(String(60))
    parent_id: Mapped[int | None] = mapped_column(Integer)
    #: Short text naming the object at the time ("Membership: Wendy Griggs (Chairman)").
    summary: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    #: {field: [old, new]} with values rendered as JSON-safe text.
    changes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    actor: Mapped[User | None] = relationship(lazy="joined")
