"""The benchmark's floors, served by gunicorn beside the app (see scripts/bench.py).

Floor A (`floor_a`) is a hello-world Flask app: the most any Flask page can do here. Floor B
(`floor_b`) is a minimal Flask app that replays, with raw sqlite3, the statements the app's page
runs (recorded by bench.py in BENCH_QUERIES, a JSON file {"0": [[sql, params], ...], ...}) and
returns a trivial page: the cost of the page's SQL without the ORM, templates or security.
"""

from __future__ import annotations

import json
import os
import sqlite3

from flask import Flask

floor_a = Flask("floor_a")


@floor_a.get("/")
def hello() -> str:
    """A trivial page."""
    return "Hello, world!"


floor_b = Flask("floor_b")
_connection: sqlite3.Connection | None = None
_queries: dict[str, list] = {}


def _db() -> sqlite3.Connection:
    """One connection per worker, opened on first use (after gunicorn forks)."""
    global _connection, _queries
    if _connection is None:
        _connection = sqlite3.connect(os.environ["BENCH_DB"], isolation_level=None)
        _connection.execute("PRAGMA busy_timeout = 30000")
        with open(os.environ["BENCH_QUERIES"], encoding="utf-8") as file:
            _queries = json.load(file)
    return _connection


@floor_b.get("/<name>")
def replay(name: str) -> str:
    """Run page `name`'s statements in one read transaction; say how many rows came back."""
    db = _db()
    rows = 0
    db.execute("BEGIN")
    try:
        for statement, parameters in _queries[name]:
            rows += len(db.execute(statement, parameters or ()).fetchall())
    finally:
        db.execute("COMMIT")
    return f"{rows} rows"
