"""Email alerts for the public: an address subscribed (double opt-in) to a committee's agendas
and minutes, or to decisions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Base, UTCDateTime, utcnow
from scrutiny.models.committees import Committee


class AlertSubscription(Base):
    """One address's subscription to one scope; it receives nothing until confirmed."""

    __tablename__ = "alert_subscriptions"
    __table_args__ = (UniqueConstraint("email", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Lower-cased; never shown on any page.
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    #: "committee:<id>" (its agendas and minutes) or "decisions" (decisions and responses).
    scope: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    #: When the confirmation email was last queued (one per address and scope per hour).
    confirmation_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    committee: Mapped[Committee | None] = relationship()
