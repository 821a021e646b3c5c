"""Keeping the search index in step: one `search_documents` row per searchable thing.

Every flush is watched (like the audit trail): the changed objects, and the things whose
visibility follows them (a meeting's items, documents and minutes; an item's documents and
minutes; a recommendation's response), are re-indexed in the same transaction, so the index is
never behind what was committed. `reindex` rebuilds everything (`flask search reindex`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import delete, event, insert, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import Action
from scrutiny.models.meetings import AgendaItem, Meeting, ReportDocument
from scrutiny.models.minutes import Minute, OutcomePart
from scrutiny.models.programme import ProgrammeItem
from scrutiny.models.recommendations import Recommendation, RecommendationResponse, RecStatus
from scrutiny.models.search import SearchDocument
from scrutiny.services.core.clocks import format_day, to_local

#: Characters marking highlighted words in snippets; never kept in indexed text.
MARK_START, MARK_END = "\ue000", "\ue001"
#: Longest body indexed (PostgreSQL's tsvector has a 1MB limit; snippets need no more).
MAX_BODY = 200_000

MODELS = {
    "meeting": Meeting,
    "item": AgendaItem,
    "document": ReportDocument,
    "minute": Minute,
    "recommendation": Recommendation,
    "response": RecommendationResponse,
    "action": Action,
    "programme": ProgrammeItem,
}
_KIND_OF = {model: kind for kind, model in MODELS.items()}
_WATCHED = (*MODELS.values(), OutcomePart)


def _text(*parts: str | None, limit: int = MAX_BODY) -> str:
    joined = "\n".join(p.strip() for p in parts if p and p.strip())
    return joined.replace(MARK_START, "").replace(MARK_END, "")[:limit]


def _title(text: str) -> str:
    return _text(text, limit=300) or "(untitled)"


def _meeting_day(meeting: Meeting):
    return to_local(meeting.starts_at).date()


def _meeting_row(m: Meeting) -> dict:
    return {
        "title": _title(f"{m.committee.name}: {format_day(_meeting_day(m))}"),
        "body": _text(m.committee.name, m.venue, m.cancelled_reason),
        "committee_id": m.committee_id,
        "meeting_id": m.id,
        "on_date": _meeting_day(m),
        "staff_only": m.status == "draft",
    }


def _item_flags(item: AgendaItem) -> dict:
    m = item.meeting
    return {
        "committee_id": m.committee_id,
        "meeting_id": m.id,
        "on_date": _meeting_day(m),
        "staff_only": not m.is_public,
        "exempt": item.exempt,
    }


def _item_row(item: AgendaItem) -> dict:
    body = _text(
        item.description, item.purpose, item.presenting_officer, item.recommendations, item.contact
    )
    return {"title": _title(item.title), "body": body} | _item_flags(item)


def _document_row(doc: ReportDocument) -> dict | None:
    if doc.replaced_by_id is not None:
        return None
    return {"title": _title(doc.title), "body": _text(doc.extracted_text)} | _item_flags(doc.item)


def _minute_row(minute: Minute) -> dict:
    m, item = minute.meeting, minute.item
    parts = [p.text for p in minute.parts]
    return {
        "title": _title(f"{m.committee.minute_prefix} {minute.number}: {item.title}"),
        "body": _text(minute.narrative, minute.discussion, minute.outcome_text, *parts),
        "committee_id": m.committee_id,
        "meeting_id": m.id,
        "on_date": _meeting_day(m),
        "staff_only": m.minutes_published_at is None,
        "exempt": item.exempt,
    }


def _recommendation_title(rec: Recommendation) -> str:
    label = f"Recommendation {rec.reference}" if rec.reference else "Recommendation"
    return f"{label}: {rec.text[:200]}"


def _recommendation_row(rec: Recommendation) -> dict:
    return {
        "title": _title(_recommendation_title(rec)),
        "body": _text(rec.text, rec.addressed_to, rec.source, rec.closing_note),
        "committee_id": rec.committee_id,
        "on_date": rec.agreed_on,
        "staff_only": rec.status == RecStatus.DRAFT,
        "restricted": rec.restricted,
        "recommendation_id": rec.id,
    }


def _response_row(response: RecommendationResponse) -> dict:
    rec = response.recommendation
    return {
        "title": _title(f"Response to {_recommendation_title(rec)}"),
        "body": _text(response.text, response.reasons),
        "committee_id": rec.committee_id,
        "on_date": response.responded_on,
        "staff_only": response.submitted_at is None or rec.status == RecStatus.DRAFT,
        "restricted": rec.restricted,
        "recommendation_id": rec.id,
    }


def _action_row(action: Action) -> dict:
    label = f"Action {action.reference}" if action.reference else "Action"
    return {
        "title": _title(f"{label}: {action.description[:200]}"),
        "body": _text(action.description, action.source_reference),
        "committee_id": action.committee_id,
        "on_date": action.due_on,
        "signed_in_only": True,
        "restricted": action.restricted,
        "action_id": action.id,
    }


def _programme_row(row: ProgrammeItem) -> dict:
    return {
        "title": _title(row.topic),
        "body": _text(row.reason, row.method, row.timeline, row.progress, row.contact),
        "committee_id": row.committee_id,
        "on_date": row.held_on or row.agreed_on,
    }


_BUILDERS = {
    "meeting": _meeting_row,
    "item": _item_row,
    "document": _document_row,
    "minute": _minute_row,
    "recommendation": _recommendation_row,
    "response": _response_row,
    "action": _action_row,
    "programme": _programme_row,
}
_DEFAULTS = {
    "committee_id": None,
    "meeting_id": None,
    "on_date": None,
    "staff_only": False,
    "signed_in_only": False,
    "exempt": False,
    "restricted": False,
    "recommendation_id": None,
    "action_id": None,
}


def row_for(kind: str, obj) -> dict | None:
    """The index row for one object, or None if it should not be found at all."""
    built = _BUILDERS[kind](obj)
    if built is None:
        return None
    return _DEFAULTS | built | {"kind": kind, "object_id": obj.id}


def _followers(session: Session, kind: str, ids: set[int]) -> dict[str, set[int]]:
    """Things whose visibility or text follows these objects'."""
    found: dict[str, set[int]] = defaultdict(set)
    if kind == "meeting":
        found["item"] |= set(
            session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id.in_(ids)))
        )
        found["minute"] |= set(session.scalars(select(Minute.id).where(Minute.meeting_id.in_(ids))))
    if kind in {"meeting", "item"}:
        item_ids = found["item"] | (ids if kind == "item" else set())
        found["document"] |= set(
            session.scalars(
                select(ReportDocument.id).where(
                    ReportDocument.item_id.in_(item_ids), ReportDocument.replaced_by_id.is_(None)
                )
            )
        )
        if kind == "item":
            found["minute"] |= set(
                session.scalars(select(Minute.id).where(Minute.agenda_item_id.in_(ids)))
            )
    if kind == "recommendation":
        found["response"] |= set(
            session.scalars(
                select(RecommendationResponse.id).where(
                    RecommendationResponse.recommendation_id.in_(ids)
                )
            )
        )
    return found


def refresh(session: Session, keys: dict[str, set[int]]) -> None:
    """Re-index these objects (kind -> ids) and those following them; gone ones are dropped."""
    keys = defaultdict(set, {k: set(v) for k, v in keys.items()})
    for kind in ("meeting", "item", "recommendation"):
        if keys[kind]:
            for follower, ids in _followers(session, kind, keys[kind]).items():
                keys[follower] |= ids
    connection = session.connection()
    rows = []
    for kind, ids in keys.items():
        if not ids:
            continue
        connection.execute(
            delete(SearchDocument).where(
                SearchDocument.kind == kind, SearchDocument.object_id.in_(sorted(ids))
            )
        )
        for obj_id in ids:
            obj = session.get(MODELS[kind], obj_id)
            if obj is not None and obj not in session.deleted:
                row = row_for(kind, obj)
                if row is not None:
                    rows.append(row)
    if rows:
        connection.execute(insert(SearchDocument), rows)


def _changed(session: Session) -> dict[str, set[int]]:
    keys: dict[str, set[int]] = defaultdict(set)
    for objects in (session.new, session.dirty, session.deleted):
        for obj in objects:
            if not isinstance(obj, _WATCHED):
                continue
            if objects is session.dirty and not session.is_modified(obj):
                continue
            if isinstance(obj, OutcomePart):
                keys["minute"].add(obj.minute_id)
            else:
                keys[_KIND_OF[type(obj)]].add(obj.id)
    return keys


def _on_flush(session: Session, flush_context) -> None:
    """Note what this flush changes; it is indexed once the flush has finished.

    Loading rows inside `after_flush` would meet objects not yet in the identity map (their
    parts, say) and replace them, so the work waits for `after_flush_postexec`.
    """
    session.info["search_pending"] = _changed(session)


def _after_flush(session: Session, flush_context) -> None:
    keys = session.info.pop("search_pending", None)
    if keys:
        with session.no_autoflush:
            refresh(session, keys)


def install() -> None:
    """Listen to every session's flush so the index follows every change."""
    if not event.contains(Session, "after_flush", _on_flush):
        event.listen(Session, "after_flush", _on_flush)
        event.listen(Session, "after_flush_postexec", _after_flush)


_LOADS = {
    "meeting": [selectinload(Meeting.committee)],
    "item": [selectinload(AgendaItem.meeting).selectinload(Meeting.committee)],
    "document": [selectinload(ReportDocument.item).selectinload(AgendaItem.meeting)],
    "minute": [
        selectinload(Minute.meeting).selectinload(Meeting.committee),
        selectinload(Minute.item),
        selectinload(Minute.parts),
    ],
    "response": [selectinload(RecommendationResponse.recommendation)],
}


def _all_rows(session: Session, kind: str, batch: int) -> Iterator[list[dict]]:
    model = MODELS[kind]
    query = select(model).options(*_LOADS.get(kind, [])).order_by(model.id)
    if kind == "document":
        query = query.where(ReportDocument.replaced_by_id.is_(None))
    last = 0
    while True:
        chunk = list(session.scalars(query.where(model.id > last).limit(batch)))
        if not chunk:
            return
        last = chunk[-1].id
        yield [row for obj in chunk if (row := row_for(kind, obj)) is not None]


def reindex(session: Session, *, batch: int = 500) -> dict[str, int]:
    """Rebuild the whole index from the records; returns rows written per kind."""
    session.flush()
    connection = session.connection()
    connection.execute(delete(SearchDocument))
    counts = {}
    for kind in MODELS:
        counts[kind] = 0
        for rows in _all_rows(session, kind, batch):
            if rows:
                connection.execute(insert(SearchDocument), rows)
            counts[kind] += len(rows)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
    return counts
