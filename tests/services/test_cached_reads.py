"""Counts remembered between page views: found again while nothing they read has changed,
recounted at once when something has, and never remembered outside a read-only request."""

from __future__ import annotations

from datetime import date

import pytest
from flask import current_app
from sqlalchemy import event, select

from scrutiny.extensions import db
from scrutiny.models import Action
from scrutiny.services.actions import action_tracker
from scrutiny.services.actions.action_tracker import ActionFilters
from scrutiny.services.core import table_changes
from scrutiny.services.core.exemption import EVERYONE
from scrutiny.services.plans import plans
from tests.factories import PostFactory

TODAY = date(2026, 6, 15)


@pytest.fixture
def plan():
    made = plans.create_plan(
        db.session, title="Safeguarding", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    priority = plans.add_priority(db.session, made, title="Seeing and Hearing")
    post = PostFactory(name="Head of QA")
    db.session.flush()
    for n in range(6):
        plans.add_action(
            db.session,
            made,
            priority,
            description=f"Action {n}",
            post_ids=[post.id],
            due_text="1/6/2026" if n % 2 else "December 2026",
            today=TODAY,
        )
    db.session.commit()
    return made


def _counted(app):
    """rag_counts in a fresh GET request, and the statements it ran."""
    seen: list[str] = []

    def keep(conn, cursor, statement, *args):
        seen.append(statement)

    with app.test_request_context("/actions"):
        event.listen(db.engine, "before_cursor_execute", keep)
        try:
            counts = action_tracker.rag_counts(db.session, ActionFilters(audience=EVERYONE), TODAY)
        finally:
            event.remove(db.engine, "before_cursor_execute", keep)
            db.session.remove()
    return counts, [s for s in seen if "count(" in s.lower()]


def test_counts_are_found_again_until_an_action_changes(app, plan):
    first, counting = _counted(app)
    assert first["total"] == 6 and first["overdue"] == 3 and counting
    again, counting = _counted(app)
    assert again == first and counting == []  # no count query: remembered

    overdue = db.session.scalars(select(Action).where(Action.is_overdue(TODAY))).first()
    overdue.status = "complete"  # an overdue action is finished
    db.session.commit()
    after, counting = _counted(app)
    assert after["overdue"] == 2 and counting


def test_nothing_is_remembered_outside_a_read_request(app, plan):
    with app.test_request_context("/actions", method="POST"):
        filters = ActionFilters(audience=EVERYONE)
        assert action_tracker.rag_counts(db.session, filters, TODAY)["total"] == 6
    _, counting = _counted(app)
    assert counting  # the POST's count was not kept


def test_a_page_built_from_a_remembered_count_still_depends_on_its_tables(app, plan):
    _counted(app)  # remembered
    with app.test_request_context("/actions"), table_changes.reading() as read:
        action_tracker.rag_counts(db.session, ActionFilters(audience=EVERYONE), TODAY)
        db.session.remove()
    assert "actions" in read


def test_the_switch_turns_remembering_off(app, plan):
    current_app.config["SCRUTINY_PAGE_CACHE"] = False
    try:
        _counted(app)
        _, counting = _counted(app)
        assert counting
    finally:
        current_app.config["SCRUTINY_PAGE_CACHE"] = True
