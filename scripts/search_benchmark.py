"""Search at county scale: 10,000 report documents and 50,000 actions, timed (not a test).

Usage (SQLite in a temporary folder, or PostgreSQL through scripts/with-postgres.sh):
    PYTHONPATH=$PWD python scripts/search_benchmark.py
    bash scripts/with-postgres.sh env PYTHONPATH=$PWD python scripts/search_benchmark.py
Rows go straight into the index table (the text is synthetic: a Zipf-like mix of common and
rare words); queries run through `search.search` as the public, a councillor and an officer.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from flask_migrate import upgrade
from sqlalchemy import insert, text

from scrutiny import create_app
from scrutiny.extensions import db
from scrutiny.models import SearchDocument
from scrutiny.services.core import exemption
from scrutiny.services.public import search

DOCUMENTS, ACTIONS, WORDS_PER_DOCUMENT, COMMITTEES = 10_000, 50_000, 1_500, 12
COMMON = [
    *("council", "service", "children", "budget", "report", "panel", "review", "school"),
    *("care", "housing", "plan", "performance", "funding", "staff", "health", "road"),
    *("library", "transport", "contract", "scrutiny", "member"),
]


def _vocabulary(rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return COMMON + ["".join(rng.choices(letters, k=rng.randint(5, 10))) for _ in range(20_000)]


def _text(rng: random.Random, vocabulary: list[str], words: int) -> str:
    picks = [vocabulary[min(int(rng.paretovariate(1.1)) - 1, len(vocabulary) - 1)]
             for _ in range(words)]  # fmt: skip
    return " ".join(picks)


def _load(rng: random.Random) -> None:
    vocabulary = _vocabulary(rng)
    start = date(2020, 5, 1)
    for kind, count, words in (
        ("document", DOCUMENTS, WORDS_PER_DOCUMENT),
        ("action", ACTIONS, 40),
    ):
        for first in range(0, count, 1000):
            rows = [
                {
                    "kind": kind,
                    "object_id": n,
                    "committee_id": rng.randint(1, COMMITTEES),
                    "meeting_id": None,
                    "title": _text(rng, vocabulary, 8),
                    "body": _text(rng, vocabulary, words),
                    "on_date": start + timedelta(days=rng.randint(0, 2000)),
                    "staff_only": rng.random() < 0.05,
                    "signed_in_only": kind == "action",
                    "exempt": rng.random() < 0.05,
                    "restricted": rng.random() < 0.03,
                    "recommendation_id": None,
                    "action_id": n if kind == "action" else None,
                }  # fmt: skip
                for n in range(first + 1, min(first + 1000, count) + 1)
            ]
            db.session.execute(insert(SearchDocument), rows)
        db.session.commit()


def _time(filters: search.Filters, audience: exemption.Audience) -> tuple[float, int]:
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        _, total = search.search(db.session, filters, audience)
        runs.append(time.perf_counter() - began)
        db.session.rollback()
    return statistics.median(runs) * 1000, total


def main() -> None:
    """Build the index, then print the median time of each query."""
    folder = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": folder, "TESTING": True})
    with app.app_context():
        upgrade()
        began = time.perf_counter()
        _load(random.Random(2026))
        print(f"{db.engine.dialect.name}: loaded {DOCUMENTS} documents and {ACTIONS} actions "
              f"in {time.perf_counter() - began:.0f} s")  # fmt: skip
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE search_documents"))
            db.session.commit()
        audiences = {
            "public": exemption.PUBLIC,
            "councillor": exemption.Audience(user_id=1, committee_ids=frozenset({1, 2})),
            "officer": exemption.EVERYONE,
        }
        queries = {
            "common word": search.Filters(text="council"),
            "two common words": search.Filters(text="children budget"),
            "three words": search.Filters(text="scrutiny contract member"),
            "rare word": search.Filters(text=_vocabulary(random.Random(2026))[len(COMMON) + 300]),
            "common word, one committee, a year": search.Filters(
                text="council", committee_id=3, start=date(2023, 1, 1), end=date(2023, 12, 31)
            ),
        }
        for label, filters in queries.items():
            for who, audience in audiences.items():
                ms, total = _time(filters, audience)
                print(f"{label:38} {who:10} {ms:8.1f} ms  {total:6} results")


if __name__ == "__main__":
    main()
