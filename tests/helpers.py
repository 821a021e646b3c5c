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
