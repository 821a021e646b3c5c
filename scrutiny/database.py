"""Database wiring: SQLite pragmas and BEGIN IMMEDIATE, migrations and the audit hook."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from scrutiny import REPOSITORY_ROOT
from scrutiny.extensions import db, migrate

#: Milliseconds a SQLite connection waits for another writer before failing.
SQLITE_BUSY_TIMEOUT_MS = 15000


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
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def register_database(app: Flask) -> None:
    """Bind Flask-SQLAlchemy and Flask-Migrate, and install per-connection and audit hooks."""
    import scrutiny.models  # noqa: F401 - register every model on the metadata
    from scrutiny.services import audit

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPOSITORY_ROOT / "migrations"))
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _configure_sqlite(db.engine)
    audit.install()
