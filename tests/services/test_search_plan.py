"""Search query plans on SQLite: the FTS5 table must drive every query, whatever the filters,
or a common word with a committee, kind or date filter takes seconds at county scale (each row
found through a filter's index reopens FTS5, and `bm25` rereads the word's whole doclist)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from scrutiny.services.core import exemption
from scrutiny.services.public import search

FILTERS = {
    "committee and dates": search.Filters(
        text="council", committee_id=3, start=date(2023, 1, 1), end=date(2023, 12, 31)
    ),
    "kind and dates": search.Filters(text="council budget", kind="document", end=date(2024, 1, 1)),
    "committee and kind": search.Filters(text="council", committee_id=2, kind="action"),
}
AUDIENCES = {
    "public": exemption.PUBLIC,
    "councillor": exemption.Audience(user_id=1, committee_ids=frozenset({1, 2})),
    "officer": exemption.EVERYONE,
}


def _full_text_statements(session, filters, audience) -> list[tuple[str, tuple]]:
    """The statements a search runs against FTS5 (count, ranked page, snippets), with their
    parameters."""
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if " MATCH " in statement:
            seen.append((statement, parameters))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        search.search(session, filters, audience)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def _outer_loop(session, statement: str, parameters) -> str:
    """The table the plan's outermost loop reads (its first SCAN or SEARCH line)."""
    cursor = session.connection().connection.driver_connection.cursor()
    rows = cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
    steps = [detail for *_, detail in rows if detail.startswith(("SCAN", "SEARCH"))]
    return steps[0].split()[1]


@pytest.mark.parametrize("who", AUDIENCES)
@pytest.mark.parametrize("label", FILTERS)
def test_the_full_text_table_drives_every_query(session, label, who):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's planner only; PostgreSQL's is costed from statistics")
    statements = _full_text_statements(session, FILTERS[label], AUDIENCES[who])
    assert len(statements) == 2, "a search with no match runs a count and a ranked page"
    for statement, parameters in statements:
        assert _outer_loop(session, statement, parameters) == "search_fts", statement
