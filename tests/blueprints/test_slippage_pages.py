"""Slippage on the pages: an owner's update moving a due needs a reason; the action page lists
every revision; the tracker shows original and current due and the number of revisions; the
setting hides the due from owners and refuses a move."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.extensions import db
from scrutiny.models import Action
from tests.factories import PostFactory, PostHoldingFactory


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def owned(client_as):
    owner = client_as("owner", name="Ann Owner")
    post = PostFactory(name="Head of Early Help")
    PostHoldingFactory(post=post, user=owner.user, starts_on=date(2026, 1, 1))
    action = Action(
        description="Open three family hubs", reference="EH-1", due_on=date(2026, 6, 1),
        status="in_progress",
    )  # fmt: skip
    action.owner_posts = [post]
    db.session.add(action)
    db.session.commit()
    return owner, action


def _update(client, action, **fields):
    data = {"rag": "amber", "narrative": "Builders delayed", "version": str(action.version)}
    return client.post(f"/actions/{action.id}", data=data | fields)


NEW_DUE = {"due_on": ["1", "3", "2027"]}


def test_an_owner_moves_a_due_with_a_reason_and_it_shows_everywhere(owned, client_as):
    owner, action = owned
    page = _text(_update(owner, action, **NEW_DUE))
    assert "Give the reason for changing the due date" in page
    response = _update(owner, action, **NEW_DUE, due_reason="Contractor went into administration")
    assert response.status_code == 302
    db.session.expire_all()

    page = _text(owner.get(f"/actions/{action.id}"))
    assert "Original due" in page and "1 June 2026 (revised 1 time)" in page
    assert "Changes to the due date" in page and "Contractor went into administration" in page
    assert "Ann Owner" in page

    tracker = _text(client_as("officer").get("/actions"))
    assert "Current due" in tracker and "Original due" in tracker and "Due revised" in tracker
    row = tracker[tracker.index('id="action-') :]
    row = row[: row.index("</tr>")]
    assert "1 March 2027" in row and "1 June 2026" in row
    assert 'govuk-table__cell--numeric">1<span class="govuk-visually-hidden"> time</span>' in row


def test_when_owners_may_not_move_dues_the_field_is_gone_and_a_move_is_refused(owned, app):
    owner, action = owned
    app.config["SCRUTINY_OWNERS_MAY_MOVE_DUES"] = False
    try:
        page = _text(owner.get(f"/actions/{action.id}"))
        assert "Only officers can change this action" in page
        assert 'name="due_on' not in page
        page = _text(_update(owner, action, **NEW_DUE, due_reason="Please"))
        assert "Only an officer can change this action&#39;s due date" in page
    finally:
        app.config["SCRUTINY_OWNERS_MAY_MOVE_DUES"] = True
    db.session.expire_all()
    assert db.session.get(Action, action.id).due_on == date(2026, 6, 1)
