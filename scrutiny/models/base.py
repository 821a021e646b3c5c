"""Declarative base, naming convention and shared column types and mixins for every model."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Date, DateTime, Integer, MetaData, TypeDecorator, and_, or_
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; its metadata names constraints the same on SQLite and PostgreSQL."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as UTC and always returned timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    """Column default: the current time from the application's one clock."""
    from scrutiny.services.core.clocks import now

    return now()


class Audited:
    """Mixin: create, change and deactivation of these rows are recorded in the audit trail."""

    #: Attributes never written to the audit trail (secrets, counters).
    __audit_exclude__: frozenset[str] = frozenset({"version", "updated_at", "created_at"})


class Versioned:
    """Mixin: a version counter so concurrent edits fail instead of overwriting each other."""

    #: Incremented by SQLAlchemy on every UPDATE; a stale value makes the UPDATE fail.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}


class DatedPeriod:
    """Mixin: a period from a start date to an optional end date (None while it continues)."""

    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date | None] = mapped_column(Date)

    def current_on(self, day: date) -> bool:
        """True if the period covers `day`."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @classmethod
    def current_on_clause(cls, day: date):
        """SQL condition: the period covers `day`."""
        return and_(cls.starts_on <= day, or_(cls.ends_on.is_(None), cls.ends_on >= day))


class Timestamped:
    """Mixin: created and updated timestamps in UTC."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )
