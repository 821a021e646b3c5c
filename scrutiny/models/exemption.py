"""Columns for content made from an exempt (Part 2) item: it stays exempt until an officer
releases it with a recorded reason (recommendations and actions carry these)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, Text, false
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from scrutiny.models.base import UTCDateTime


class ExemptDerived:
    """Mixin: where the content came from a Part 2 item, and whether it is still restricted."""

    #: Schedule 12A paragraph of the Part 2 item this was made from (None if not exempt).
    exempt_paragraph: Mapped[int | None] = mapped_column(Integer)
    #: True while made from a Part 2 item and not released: only entitled people see it.
    #: Kept as one indexed column so every list filters on it in SQL.
    restricted: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=false(), index=True
    )
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    release_reason: Mapped[str | None] = mapped_column(Text)

    @declared_attr
    def released_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @property
    def exempt_derived(self) -> bool:
        """Made from a Part 2 item (whether or not it has since been released)."""
        return self.exempt_paragraph is not None
