"""The list pages that grow with a county's actions (the action tracker, my actions, the
recommendations tracker, the plans list and a plan's dashboard) run no query that reads a big
table without an index or sorts rows for ORDER BY: every statement a page runs is explained
(`EXPLAIN QUERY PLAN` on SQLite; `EXPLAIN` with sequential scans and sorts disabled on
PostgreSQL, so any that remain are ones no index can avoid; an incremental sort of ties after
an index-ordered column is allowed there)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, select, text

from scrutiny.demo import council as demo
from scrutiny.demo import generate as demo_generate
from scrutiny.extensions import db
from scrutiny.models.actions import Action
from scrutiny.models.people import Post, User
from scrutiny.services.actions import action_tracker
from scrutiny.services.core import segmented_pages
from tests.conftest import START

TODAY = START.date()

#: The tables that grow with a county's actions.
BIG = ("actions", "action_updates", "action_owner_posts")


@pytest.fixture
def county(session):
    demo.load_demo(session, START)
    summary = demo_generate.generate(session, actions=600, updates_per_action=2, now=START)
    session.commit()
    if db.engine.dialect.name == "sqlite":
        session.execute(text("ANALYZE"))
        session.commit()
    return summary


def _statements(client, url: str) -> list[tuple[str, object]]:
    """Every SELECT the page at `url` runs, with its parameters; the page must show."""
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, url
    return seen


#: A relationship loaded for a page's rows (`selectinload`): a bound list of keys, whose few
#: rows may be sorted.
_PAGE_OF_KEYS = re.compile(r" IN \((\?|%\(\w+\)s)(, (\?|%\(\w+\)s))*\)( ORDER BY [\w., ]+)?$")


def _reads_big(statement: str) -> bool:
    return re.search(rf"\b(FROM|JOIN) ({'|'.join(BIG)})\b", statement) is not None


def _sqlite_problems(conn, statement: str, parameters) -> list[str]:
    plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    details = [row[-1] for row in plan]
    problems = [
        d for d in details if re.match(rf"SCAN ({'|'.join(BIG)})\b", d) and "INDEX" not in d
    ]
    if _reads_big(statement) and not _PAGE_OF_KEYS.search(statement):
        problems += [d for d in details if "TEMP B-TREE FOR ORDER BY" in d]
    return problems


def _postgres_problems(conn, statement: str, parameters) -> list[str]:
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_sort = off")
    lines = [row[0] for row in conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)]
    problems = [line for line in lines if re.search(rf"Seq Scan on ({'|'.join(BIG)})\b", line)]
    if _reads_big(statement) and not _PAGE_OF_KEYS.search(statement):
        # An Incremental Sort only orders ties (same due_on, by id) in rows an index already
        # delivers in order: PostgreSQL has no rowid to end the index with. A full Sort fails.
        problems += [line for line in lines if re.search(r"(->|^)\s*Sort  \(", line)]
    return problems


def _problems(statements) -> list[tuple[str, list[str]]]:
    check = _postgres_problems if db.engine.dialect.name == "postgresql" else _sqlite_problems
    found = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            with conn.begin():
                if problems := check(conn, statement, parameters):
                    found.append((statement[-300:], problems))
    return found


def _assert_none(found: dict[str, list]) -> None:
    bad = {url: problems for url, problems in found.items() if problems}
    if bad:
        pytest.fail(
            "\n\n".join(
                f"{url}:\n{statement}\n{plan}"
                for url, rows in bad.items()
                for statement, plan in rows
            )
        )


def _sign_in(client, who: str) -> None:
    client.post("/sign-in", data={"email": f"{who}@example.org", "password": demo.DEMO_PASSWORD})


def test_the_officers_list_pages_are_served_from_indexes(county, client):
    _sign_in(client, "officer")
    plan = county["plan_id"]
    post = db.session.scalar(select(Post.id).where(Post.name == demo_generate.OWNER_POST))
    priority = db.session.scalar(select(Action.priority_id).where(Action.plan_id == plan))
    urls = [
        "/actions",
        "/actions?page=3",
        "/actions?overdue=1",
        "/actions?rag=red&page=2",
        f"/actions?plan={plan}&status=in_progress",
        f"/actions?priority={priority}&rag=amber",
        f"/actions?post={post}",
        "/recommendations",
        "/recommendations?status=submitted",
        "/plans",
        f"/plans/{plan}",
    ]
    found = {url: _problems(_statements(client, url)) for url in urls}
    _assert_none(found)


def test_my_actions_pages_follow_the_full_sort_and_are_served_from_indexes(county, client):
    owner = db.session.scalar(select(User).where(User.email == "owner@example.org"))
    expected = db.session.scalars(action_tracker.my_actions_query(owner, TODAY)).all()
    segments = action_tracker.my_actions_segments(owner, TODAY)
    assert action_tracker.my_actions_count(db.session, owner, TODAY) == len(expected) > 3
    assert expected[0].is_overdue(TODAY) and not expected[-1].is_overdue(TODAY)
    for offset in (0, 2, len(expected) - 2, len(expected) + 5):
        rows = segmented_pages.segment_rows(db.session, segments, offset, 3)
        assert [a.id for a in rows] == [a.id for a in expected[offset : offset + 3]]
    _sign_in(client, "owner")
    first = client.get("/my-actions").get_data(as_text=True)
    assert f"of {len(expected)}" in first and expected[0].reference in first
    urls = ("/my-actions", "/my-actions?page=2")
    _assert_none({url: _problems(_statements(client, url)) for url in urls})
