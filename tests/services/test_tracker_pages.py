"""The action tracker's pages read overdue, the rest and the undated as index range scans: the
same rows in the same order as one full sort, and no page query sorts or scans the table."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from scrutiny.demo import council as demo
from scrutiny.demo import generate as demo_generate
from scrutiny.extensions import db
from scrutiny.models.actions import Action
from scrutiny.models.people import Post
from scrutiny.services.actions import action_tracker
from scrutiny.services.actions.action_tracker import ActionFilters
from scrutiny.services.core import segmented_pages
from tests.conftest import START

TODAY = START.date()


@pytest.fixture
def generated(session):
    demo.load_demo(session, START)
    summary = demo_generate.generate(session, actions=300, updates_per_action=2, now=START)
    session.commit()
    return summary


def _filters(summary) -> list[ActionFilters]:
    plan = summary["plan_id"]
    post = db.session.scalar(select(Post.id).where(Post.name == demo_generate.OWNER_POST))
    priority = db.session.scalar(select(Action.priority_id).where(Action.plan_id == plan))
    return [
        ActionFilters(),
        ActionFilters(overdue=True),
        ActionFilters(rag="red"),
        ActionFilters(rag="none"),
        ActionFilters(status="in_progress"),
        ActionFilters(status="complete"),
        ActionFilters(plan_id=plan),
        ActionFilters(plan_id=plan, status="not_started"),
        ActionFilters(priority_id=priority, rag="amber"),
        ActionFilters(post_id=post),
        ActionFilters(due_from=TODAY, due_to=TODAY.replace(year=TODAY.year + 1)),
    ]


def test_every_page_shows_the_rows_of_the_full_sort_in_its_order(session, generated):
    for filters in _filters(generated):
        expected = [a.id for a in session.scalars(action_tracker.tracker_query(filters, TODAY))]
        segments = action_tracker.tracker_segments(filters, TODAY)
        for offset in (0, 7, 25, 120, 290, len(expected) - 3, len(expected) + 10):
            page = segmented_pages.segment_rows(session, segments, max(offset, 0), 25)
            assert [a.id for a in page] == expected[max(offset, 0) : max(offset, 0) + 25], filters
        assert action_tracker.rag_counts(session, filters, TODAY)["total"] == len(expected)
    overdue = session.scalars(action_tracker.tracker_query(ActionFilters(), TODAY)).first()
    assert overdue.due_on < TODAY and overdue.status in action_tracker.OPEN_STATUSES


def test_the_officers_tracker_pages_follow_on(generated, client):
    client.post("/sign-in", data={"email": "officer@example.org", "password": demo.DEMO_PASSWORD})
    expected = db.session.scalars(action_tracker.tracker_query(ActionFilters(), TODAY)).all()
    body = client.get("/actions?page=2").get_data(as_text=True)
    assert f"Showing 26 to 50 of {len(expected)}" in body
    assert expected[25].reference in body and expected[24].reference not in body


def test_no_page_query_scans_the_table_or_sorts(session, generated):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL is checked by the benchmark")
    session.execute(text("ANALYZE"))
    for filters in _filters(generated):
        for segment in action_tracker.tracker_segments(filters, TODAY):
            statement = (
                segment.limit(25)
                .offset(25)
                .compile(db.engine, compile_kwargs={"literal_binds": True})
            )
            plan = session.execute(text(f"EXPLAIN QUERY PLAN {statement}")).all()
            details = [row[-1] for row in plan]
            assert not any(d.startswith("SCAN actions") and "INDEX" not in d for d in details), (
                filters,
                details,
            )
            assert not any("TEMP B-TREE" in d for d in details), (filters, details)
