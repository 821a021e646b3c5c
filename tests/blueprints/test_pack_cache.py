"""A cached agenda pack is rebuilt whenever anything it prints changes, carried lines included."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import Action
from scrutiny.services.actions import actions
from scrutiny.services.jobs import rollover
from tests.factories import CommitteeFactory, MeetingFactory, PostFactory, UserFactory


def _pack_text(response) -> str:
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.data)).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


@pytest.fixture
def carried(clock):
    """A published agenda carrying one overdue action that has had no update yet."""
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    meeting = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    action = Action(
        description="Open the family hubs",
        reference="CYPS/2026/01-A1",
        due_on=date(2026, 6, 1),
        status="in_progress",
        committee=panel,
    )
    action.owner_posts = [PostFactory(name="Head of Early Help")]
    db.session.add(action)
    db.session.flush()
    assert rollover.roll_over(db.session, clock.now)["items_rolled_over"] == 1
    meeting.status, meeting.published_at = "published", clock.now
    db.session.commit()
    return meeting, action


def test_the_public_pack_shows_a_carried_actions_update_made_after_it_was_cached(
    carried, client, clock
):
    meeting, action = carried
    url = f"/meetings/{meeting.id}/pack.pdf"
    before = _pack_text(client.get(url))
    assert "CYPS/2026/01-A1 Open the family hubs Head of Early Help" in before
    assert "14 1 No update Not rated" in before

    clock.advance(days=2)
    actions.record_update(
        db.session,
        action,
        rag="amber",
        narrative="Two hubs open; the third waits for its lease.",
        next_steps="",
        due_on=None,
        user=UserFactory(),
        now=clock.now,
        expected_version=None,
    )
    db.session.commit()

    after = _pack_text(client.get(url))
    assert "Amber: Two hubs open; the third waits for its lease." in after
    assert "No update" not in after
