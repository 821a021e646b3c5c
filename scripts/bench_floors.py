"""The benchmark's floors, served by gunicorn beside the app (see scripts/bench.py).

Floor A (`floor_a`) is a hello-world Flask app: the most any Flask page can do here. Floor B
(`floor_b`) is a minimal Flask app that replays, with raw sqlite3 or psycopg (BENCH_DATABASE_URL),
the statements the app's page runs (recorded by bench.py in BENCH_QUERIES, a JSON file
{"0": [[sql, params], ...], ...}) and returns a trivial page: the cost of the page's SQL without
the ORM, templates or security.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, datetime

from flask import Flask

floor_a = Flask("floor_a")


@floor_a.get("/")
def hello() -> str:
    """A trivial page."""
    return "Hello, world!"


floor_b = Flask("floor_b")
_connection = None
_queries: dict[str, list] = {}
_NO_PARAMETERS: tuple | None = ()


def _value(value):
    """A parameter back from JSON (bench.py tags dates and times)."""
    if isinstance(value, dict) and len(value) == 1 and "datetime" in value:
        return datetime.fromisoformat(value["datetime"])
    if isinstance(value, dict) and len(value) == 1 and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _db():
    """One connection per worker, opened on first use (after gunicorn forks)."""
    global _connection, _queries
    if _connection is None:
        url = os.environ["BENCH_DATABASE_URL"]
        if url.startswith("sqlite:///"):
            _connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            _connection.execute("PRAGMA busy_timeout = 30000")
        else:
            import psycopg

            url = url.replace("postgresql+psycopg", "postgresql")
            _connection = psycopg.connect(url, autocommit=True)
            global _NO_PARAMETERS
            _NO_PARAMETERS = None  # psycopg would read "%" in a statement as a placeholder
        with open(os.environ["BENCH_QUERIES"], encoding="utf-8") as file:
            _queries = {k: [(sql, _value(p)) for sql, p in v] for k, v in json.load(file).items()}
    return _connection


@floor_b.get("/<name>")
def replay(name: str) -> str:
    """Run page `name`'s statements in one read transaction; say how many rows came back."""
    db = _db()
    rows = 0
    db.execute("BEGIN")
    try:
        for statement, parameters in _queries[name]:
            rows += len(db.execute(statement, parameters or _NO_PARAMETERS).fetchall())
    finally:
        db.execute("COMMIT")
    return f"{rows} rows"
