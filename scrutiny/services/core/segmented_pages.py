"""Pages over a list read as consecutive index-ordered segments (e.g. overdue, then the rest),
so no page sorts the whole table: each segment is one index range scan, cut by LIMIT/OFFSET."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlalchemy.orm as sa_orm
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select
from sqlalchemy.orm import Session


def _count(session: Session, query: Select) -> int:
    sub = query.options(sa_orm.lazyload("*")).order_by(None).limit(None).subquery()
    return session.execute(sa.select(sa.func.count()).select_from(sub)).scalar_one()


def segment_rows(session: Session, segments: Sequence[Select], offset: int, limit: int) -> list:
    """Rows offset..offset+limit of the segments read one after another; a segment is only
    counted when the page starts beyond it."""
    rows: list = []
    for segment in segments:
        if limit <= 0:
            break
        found = list(session.scalars(segment.limit(limit).offset(offset)).unique())
        if found:
            rows.extend(found)
            limit -= len(found)
            offset = 0
        elif offset:
            offset = max(0, offset - _count(session, segment))
    return rows


class SegmentedPagination(Pagination):
    """A Flask-SQLAlchemy page over `segments`, with the total the caller already counted."""

    def _query_items(self) -> list:
        args = self._query_args
        return segment_rows(args["session"], args["segments"], self._query_offset, self.per_page)

    def _query_count(self) -> int:
        return self._query_args["total"]


def paginate(
    session: Session, segments: Sequence[Select], total: int, *, page: int, per_page: int
) -> SegmentedPagination:
    """Page `page` of the segments, never a 404 for a page past the end."""
    return SegmentedPagination(
        page=page,
        per_page=per_page,
        error_out=False,
        session=session,
        segments=segments,
        total=total,
    )
