"""The audit trail, written automatically from SQLAlchemy's flush for every `Audited` model.

A session-event design rather than SQLAlchemy-Continuum: one narrow table holds the
who/when/what of every change, with the changed fields' old and new values, and it is queried
directly for an object's history page. Continuum would add a shadow table per model and a
transaction table for the same purpose, and has lagged SQLAlchemy releases.
"""

from __future__ import annotations

import contextlib
import contextvars
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect, or_, select
from sqlalchemy.orm import Session

from scrutiny.models.audit import AuditEvent
from scrutiny.models.base import Audited
from scrutiny.services.core.clocks import now


@dataclass(frozen=True)
class Actor:
    """Who is making changes: a user id, or a label for the system."""

    user_id: int | None = None
    label: str | None = None


_NOBODY = Actor()
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar("audit_actor", default=_NOBODY)


def set_actor(user_id: int | None = None, label: str | None = None) -> None:
    """Record who is making the changes in this request or job."""
    _actor.set(Actor(user_id, label))


@contextlib.contextmanager
def acting_as(user_id: int | None = None, label: str | None = None) -> Iterator[None]:
    """Attribute the changes made inside the block to a user or a labelled system actor."""
    token = _actor.set(Actor(user_id, label))
    try:
        yield
    finally:
        _actor.reset(token)


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _label(obj: Any) -> str:
    label = getattr(obj, "audit_label", None)
    return str(label if label is not None else obj)[:300]


def _column_changes(obj: Any, creating: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    excluded = type(obj).__audit_exclude__
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in excluded:
            continue
        history = state.attrs[attr.key].history
        if creating:
            value = getattr(obj, attr.key)
            if value is not None and attr.key != "id":
                changes[attr.key] = [None, _plain(value)]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if _plain(old) != _plain(new):
                changes[attr.key] = [_plain(old), _plain(new)]
    for key, render in getattr(type(obj), "__audit_collections__", {}).items():
        history = state.attrs[key].history
        if history.added or history.deleted or creating:
            before = sorted(render(x) for x in (history.unchanged or []) + (history.deleted or []))
            after = sorted(render(x) for x in (history.unchanged or []) + (history.added or []))
            if before != after:
                changes[key] = [None if creating else before, after]
    return changes


def _record_flush(session: Session, flush_context) -> None:
    actor = _actor.get()
    rows = []
    for action, objects in (
        ("create", session.new),
        ("update", session.dirty),
        ("delete", session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, Audited):
                continue
            if action == "update" and not session.is_modified(obj):
                continue
            changes = _column_changes(obj, creating=action == "create")
            if action == "update" and not changes:
                continue
            parent_type, parent_id = None, None
            parent = getattr(type(obj), "__audit_parent__", None)
            if parent:
                parent_type, parent_id = parent[0], getattr(obj, parent[1])
            rows.append(
                {
                    "at": now(),
                    "actor_id": actor.user_id,
                    "actor_label": actor.label,
                    "action": action,
                    "object_type": type(obj).__tablename__,
                    "object_id": inspect(obj).identity[0] if inspect(obj).identity else obj.id,
                    "parent_type": parent_type,
                    "parent_id": parent_id,
                    "summary": _label(obj),
                    "changes": changes,
                }
            )
    if rows:
        session.connection().execute(insert(AuditEvent), rows)


def install() -> None:
    """Listen to every session's flush so audited changes are recorded without views asking."""
    if not event.contains(Session, "after_flush", _record_flush):
        event.listen(Session, "after_flush", _record_flush)


def history_query(object_type: str, object_id: int):
    """SELECT of the events for an object and its children (newest first)."""
    return (
        select(AuditEvent)
        .where(
            or_(
                (AuditEvent.object_type == object_type) & (AuditEvent.object_id == object_id),
                (AuditEvent.parent_type == object_type) & (AuditEvent.parent_id == object_id),
            )
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )


def history_for(session: Session, obj: Any, limit: int = 200) -> list[AuditEvent]:
    """The newest `limit` audit events about `obj` and the rows that belong to it."""
    query = history_query(type(obj).__tablename__, obj.id).limit(limit)
    return list(session.scalars(query))
