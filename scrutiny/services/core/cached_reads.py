"""Aggregates that page views repeat (counts over thousands of rows), kept in the shared cache
until one of the tables they were read from changes (`table_changes`): never stale, and only
ever stored by read-only requests, so nothing uncommitted is remembered."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, has_app_context
from sqlalchemy.orm import Session

from scrutiny.database import in_read_request
from scrutiny.extensions import cache
from scrutiny.services.core import table_changes

T = TypeVar("T")


def remembered(session: Session, name: str, parts: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it returned before for the same `name` and `parts` if no table it
    read has changed since. `parts` must hold everything else the value depends on (filters,
    the reader's audience, today's date)."""
    if not (has_app_context() and current_app.config["SCRUTINY_PAGE_CACHE"] and in_read_request()):
        return compute()
    address = f"{name}:{parts!r}"
    stamps = table_changes.read_once(session)
    tables = cache.get("read-tables:" + address)
    if tables is not None:
        found = cache.get(_key(address, stamps.key(tables)))
        if found is not None:
            table_changes.note(tables)
            return found[0]
    with table_changes.reading() as read:
        value = compute()
    cache.set("read-tables:" + address, sorted(read))
    cache.set(_key(address, stamps.key(read)), (value,))
    return value


def _key(address: str, stamps_key: str) -> str:
    return "read:" + hashlib.sha256(f"{address}|{stamps_key}".encode()).hexdigest()
