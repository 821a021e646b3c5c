"""The decision list: resolutions, conclusions and recommendations across committees."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from scrutiny.models.committees import Committee
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.minutes import Minute, OutcomePart
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.meetings.meetings import local_datetime

KINDS = {"resolved": "Resolutions", "concluded": "Conclusions", "recommendation": "Recommendations"}


def search(
    *,
    text: str = "",
    committee_slug: str = "",
    start: date | None = None,
    end: date | None = None,
    kind: str = "",
    public_only: bool,
) -> Select:
    """A SELECT of minutes with an outcome, newest first, filtered; public ones only if asked."""
    has_recommendation = exists().where(
        Recommendation.outcome_part_id == OutcomePart.id, OutcomePart.minute_id == Minute.id
    )
    query = (
        select(Minute)
        .join(Meeting, Minute.meeting_id == Meeting.id)
        .join(AgendaItem, Minute.agenda_item_id == AgendaItem.id)
        .join(Committee, Meeting.committee_id == Committee.id)
        .where(Minute.outcome_kind != "none")
        .options(
            selectinload(Minute.parts),
            selectinload(Minute.item),
            selectinload(Minute.meeting).selectinload(Meeting.committee),
        )
        .order_by(Meeting.starts_at.desc(), Minute.number)
    )
    if public_only:
        query = query.where(Meeting.minutes_published_at.is_not(None), AgendaItem.exempt.is_(False))
    if committee_slug:
        query = query.where(Committee.slug == committee_slug)
    if start:
        query = query.where(Meeting.starts_at >= local_datetime(start, time(0, 0)))
    if end:
        query = query.where(Meeting.starts_at <= local_datetime(end, time(23, 59, 59)))
    if kind in {"resolved", "concluded"}:
        query = query.where(Minute.outcome_kind == kind)
    elif kind == "recommendation":
        query = query.where(has_recommendation)
    if text.strip():
        like = f"%{text.strip().lower()}%"
        in_parts = exists().where(
            OutcomePart.minute_id == Minute.id, func.lower(OutcomePart.text).like(like)
        )
        query = query.where(
            or_(
                func.lower(Minute.outcome_text).like(like),
                func.lower(AgendaItem.title).like(like),
                in_parts,
            )
        )
    return query
