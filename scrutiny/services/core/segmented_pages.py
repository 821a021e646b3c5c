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


def segment_rows(
    session: Session, segments: Sequence[Select], offset: int, limit: int, load: Sequence = ()
) -> list:
    """Rows offset..offset+limit of the segments read one after another; a segment is only
    counted when the page starts beyond it. With `load` (loader options), every segment is
    read (LIMIT 0 once the page is full) and the rows' relationships are loaded once for the
    page, so a first page costs the same number of queries whatever it holds."""
    rows: list = []
    for segment in segments:
        if limit <= 0 and not load:
            break
        found = list(session.scalars(segment.limit(max(limit, 0)).offset(offset)).unique())
        if found:
            rows.extend(found)
            limit -= len(found)
            offset = 0
        elif offset:
            offset = max(0, offset - _count(session, segment))
    if load and rows:
        entity = type(rows[0])
        ids = [row.id for row in rows]
        session.scalars(sa.select(entity).where(entity.id.in_(ids)).options(*load)).all()
    return rows


class SegmentedPagination(Pagination):
    """A Flask-SQLAlchemy page over `segments`, with the total the caller already counted."""

    def _query_items(self) -> list:
        args = self._query_args
        return segment_rows(
            args["session"], args["segments"], self._query_offset, self.per_page, args["load"]
        )

    def _query_count(self) -> int:
        return self._query_args["total"]


def paginate(
    session: Session,
    segments: Sequence[Select],
    total: int,
    *,
    page: int,
    per_page: int,
    load: Sequence = (),
) -> SegmentedPagination:
    """Page `page` of the segments, never a 404 for a page past the end (see `segment_rows`
    for `load`)."""
    return SegmentedPagination(
        page=page,
        per_page=per_page,
        error_out=False,
        session=session,
        segments=segments,
        total=total,
        load=load,
    )
