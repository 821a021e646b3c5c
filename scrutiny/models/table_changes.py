"""When each table last changed: the stamps that page and count caches are keyed on."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.models.base import Base


class TableChange(Base):
    """One row per table that has ever been written: a fresh random token on every commit
    that wrote to it, and the moment of that commit (microseconds since 1970, UTC).

    Written only by `scrutiny.services.core.table_changes` with the driver's own cursor, just
    before the commit of the transaction that changed the table, so a token and the data it
    describes become visible together.
    """

    __tablename__ = "table_changes"

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    token: Mapped[str] = mapped_column(String(32), nullable=False)
    changed_us: Mapped[int] = mapped_column(BigInteger, nullable=False)
