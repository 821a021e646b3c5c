"""Database wiring: SQLite pragmas, BEGIN IMMEDIATE for writers only, read-only page views,
migrations and the audit and search-index hooks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from scrutiny import REPOSITORY_ROOT
from scrutiny.extensions import db, migrate

#: Milliseconds a SQLite connection waits for another writer before failing.
SQLITE_BUSY_TIMEOUT_MS = 15000

#: Requests that only read: they never take the write lock, and may not write.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_WRITES = ("insert", "update", "delete", "replace", "create", "drop", "alter")


class WriteDuringReadError(RuntimeError):
    """A page view (GET or HEAD) tried to change the database."""


_recording: ContextVar[bool] = ContextVar("recording_from_a_page_view", default=False)


def in_read_request() -> bool:
    """True while serving a GET or HEAD: the transaction is deferred and read-only."""
    return has_request_context() and request.method in READ_METHODS and not _recording.get()


@contextmanager
def recording_from_a_page_view() -> Iterator[Session]:
    """For the rare page view that must record something: a session of its own, in a short
    BEGIN IMMEDIATE transaction, committed on leaving the block."""
    token = _recording.set(True)
    try:
        with Session(db.engine) as session, session.begin():
            yield session
    finally:
        _recording.reset(token)


def _refuse_writes_in_reads(engine) -> None:
    """Fail any INSERT/UPDATE/DELETE issued while serving a page view."""

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(conn, cursor, statement, parameters, context, executemany):
        if in_read_request() and statement.lstrip().lower().startswith(_WRITES):
            raise WriteDuringReadError(
                f"A {request.method} request may not write: {statement.split()[0]} ..."
            )


def _configure_sqlite(engine) -> None:
    """WAL, foreign keys and a busy timeout on every connection; writers serialise at BEGIN."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        # Page views read a snapshot (WAL) without the one write lock; everything else
        # (POSTs, scheduler jobs, CLI commands) takes it at BEGIN, so read-then-write work
        # cannot lose updates.
        connection.exec_driver_sql("BEGIN" if in_read_request() else "BEGIN IMMEDIATE")


def register_database(app: Flask) -> None:
    """Bind Flask-SQLAlchemy and Flask-Migrate, and install per-connection and audit hooks."""
    import scrutiny.models  # noqa: F401 - register every model on the metadata
    from scrutiny.services.core import audit, table_changes
    from scrutiny.services.public import search_index

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPOSITORY_ROOT / "migrations"))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine)
        _refuse_writes_in_reads(db.engine)
        table_changes.install(db.engine, db.metadata.tables)
    audit.install()
    search_index.install()
