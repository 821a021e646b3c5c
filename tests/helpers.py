"""Helpers shared by tests that are not fixtures: counting the SQL a page or service sends."""

from __future__ import annotations

from sqlalchemy import event

from scrutiny.extensions import db


class QueryCounter:
    """Counts SQL statements sent by the engine while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, *args):
        self.count += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self)


class Statements:
    """The SQL statements the engine runs while active (a page answered in front of the
    application reads its stamps on a connection of its own, below the engine's events)."""

    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, conn, cursor, statement, *args):
        self.seen.append(statement)

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self)
