"""The search index: one row per searchable thing, with the columns that decide who may find it.

The full-text machinery lives outside the SQLAlchemy metadata (it is built by the migration):
on SQLite an FTS5 table `search_fts` kept in step by triggers, on PostgreSQL a generated
`search_vector` tsvector column with a GIN index. `include_object` keeps them out of the
models-versus-migrations comparison.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scrutiny.models.base import Base

#: Names of the full-text objects the migration builds beside `search_documents`.
FTS_TABLE = "search_fts"
VECTOR_COLUMN = "search_vector"


class SearchDocument(Base):
    """The searchable text of one meeting, item, document, minute, recommendation, response,
    action or work-programme row."""

    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_documents_committee_date", "committee_id", "on_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: meeting, item, document, minute, recommendation, response, action or programme.
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    committee_id: Mapped[int | None] = mapped_column(Integer)
    #: The meeting the thing belongs to (for links to it), if any.
    meeting_id: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    on_date: Mapped[date | None] = mapped_column(Date, index=True)
    #: Drafts and unpublished agendas or minutes: staff only.
    staff_only: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Actions: never public, whoever owns them.
    signed_in_only: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Part 2 content: staff and councillors sitting on `committee_id`.
    exempt: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: Exempt-derived content: whoever `recommendation_id` / `action_id` lets see it.
    restricted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: The recommendation whose exemption rule governs a restricted row (or a response's).
    recommendation_id: Mapped[int | None] = mapped_column(Integer)
    #: The action whose exemption rule governs a restricted action row.
    action_id: Mapped[int | None] = mapped_column(Integer)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic filter: leave the full-text objects built by hand out of comparisons."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == VECTOR_COLUMN:
        return False
    return not (type_ == "index" and name and VECTOR_COLUMN in name)
