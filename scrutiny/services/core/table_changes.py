"""Which tables changed, and when: the keys of caches that are never stale.

Every transaction that writes stamps each table it wrote with a fresh random token and the
moment, in the same transaction, just before it commits. A cache entry keyed on the tokens of
every table it was built from is then found only while none of those tables has changed since.
`reading()` records which tables the statements inside it read, so callers need not list them.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from scrutiny.models.table_changes import TableChange
from scrutiny.services.core import clocks

TABLE = TableChange.__tablename__
_WRITE = re.compile(
    r"\s*(?:insert\s+(?:or\s+\w+\s+)?into|update(?:\s+or\s+\w+)?|delete\s+from|replace\s+into)"
    r"\s+\"?(\w+)",
    re.IGNORECASE,
)
_WRITE_HEADS = ("insert", "update", "delete", "replace")
_DDL_HEADS = ("create", "drop", "alter")
#: Keys in a DBAPI connection's `info`: tables written in the open transaction, and whether
#: the stamp table is known to exist on that connection.
_CHANGED, _READY = "scrutiny.changed_tables", "scrutiny.table_changes_ready"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
#: Where a request keeps the stamps it read (its environ lives exactly as long as it does).
_REQUEST_STAMPS = "scrutiny.table_stamps"

_reads: ContextVar[set[str] | None] = ContextVar("tables_read", default=None)


@dataclass(frozen=True)
class Stamps:
    """Every table's token and last change, as read at one moment."""

    tokens: dict[str, str]
    changed_us: dict[str, int]

    def key(self, tables: Iterable[str]) -> str:
        """The tokens of `tables`, in a stable order ("-" for a table never written)."""
        return ",".join(f"{name}={self.tokens.get(name, '-')}" for name in sorted(tables))

    def last_changed(self, tables: Iterable[str]) -> datetime | None:
        """When the latest of `tables` last changed (None if none ever has)."""
        latest = max((self.changed_us.get(name, 0) for name in tables), default=0)
        return _EPOCH + timedelta(microseconds=latest) if latest else None


_READ = f"SELECT name, token, changed_us FROM {TABLE}"  # noqa: S608 - a constant name


def _stamps(rows) -> Stamps:
    tokens, changed = {}, {}
    for name, token, changed_us in rows:
        tokens[name], changed[name] = token, changed_us
    return Stamps(tokens, changed)


def read(session: Session) -> Stamps:
    """All stamps, in one small query (one row per table ever written)."""
    return _stamps(session.connection().exec_driver_sql(_READ))


def read_directly(engine: Engine) -> Stamps:
    """All stamps, read on a pooled connection of its own in one autocommitted statement (for
    answering a request before the application's own transaction begins)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(_READ)
        return _stamps(cursor.fetchall())
    finally:
        connection.close()


def read_once(session: Session) -> Stamps:
    """The stamps, read once per request (in a read request, before what they describe)."""
    if not has_request_context():
        return read(session)
    if _REQUEST_STAMPS not in request.environ:
        request.environ[_REQUEST_STAMPS] = read(session)
    return request.environ[_REQUEST_STAMPS]


@contextmanager
def reading() -> Iterator[set[str]]:
    """Within the block, collect the names of the tables every statement mentions; an
    enclosing block collects them too."""
    tables: set[str] = set()
    token = _reads.set(tables)
    try:
        yield tables
    finally:
        _reads.reset(token)
        note(tables)


def note(tables: Iterable[str]) -> None:
    """Count `tables` as read by the enclosing `reading()` block, if any (a value taken from a
    cache still depends on the tables it was first read from)."""
    outer = _reads.get()
    if outer is not None:
        outer.update(tables)


def install(engine: Engine, table_names: Iterable[str]) -> None:
    """Listen on `engine`: note reads and writes, and stamp written tables at commit."""
    mentioned = re.compile(r"\b(" + "|".join(sorted(table_names, key=len, reverse=True)) + r")\b")

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        head = statement.lstrip()[:7].lower()
        if head.startswith(_WRITE_HEADS):
            match = _WRITE.match(statement)
            if match:
                conn.info.setdefault(_CHANGED, set()).add(match[1].lower())
        elif head.startswith(_DDL_HEADS):
            conn.info.pop(_READY, None)
        tables = _reads.get()
        if tables is not None:
            tables.update(mentioned.findall(statement))

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    event.listen(engine, "begin", _forget)
    event.listen(engine, "rollback", _forget)
    event.listen(engine, "commit", _stamp)


def _forget(conn: Connection) -> None:
    conn.info.pop(_CHANGED, None)


def _stamp(conn: Connection) -> None:
    """Just before COMMIT: a new token for every table the transaction wrote."""
    changed = conn.info.pop(_CHANGED, None)
    if not changed:
        return
    changed.discard(TABLE)
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        if not changed or not _ready(conn, cursor):
            return
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        moment = int((clocks.now() - _EPOCH) / timedelta(microseconds=1))
        cursor.executemany(
            f"INSERT INTO {TABLE} (name, token, changed_us) VALUES ({mark}, {mark}, {mark}) "  # noqa: S608 - constant names
            "ON CONFLICT (name) DO UPDATE SET token = excluded.token, "
            "changed_us = excluded.changed_us",
            [(name, secrets.token_hex(16), moment) for name in sorted(changed)],
        )
    finally:
        cursor.close()


def _ready(conn: Connection, cursor) -> bool:
    """Whether the stamp table exists yet (not during the migrations that come before it)."""
    if _READY not in conn.info:
        if conn.dialect.name == "sqlite":
            cursor.execute(f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'")  # noqa: S608
            conn.info[_READY] = cursor.fetchone() is not None
        else:
            cursor.execute(f"SELECT to_regclass('{TABLE}') IS NOT NULL")
            conn.info[_READY] = bool(cursor.fetchone()[0])
    return conn.info[_READY]
