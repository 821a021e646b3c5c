"""Roll-over: overdue items carried once to the next open agenda; resolved ones drop off."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from scrutiny.models import Action, AgendaItem, Carry, Recommendation
from scrutiny.services.actions import actions, carried_lines
from scrutiny.services.jobs import rollover
from tests.factories import (
    CommitteeFactory,
    MeetingFactory,
    PostFactory,
    UserFactory,
)

SIX_AM = datetime(2026, 6, 15, 5, 0, tzinfo=UTC)  # 06:00 in London (BST)


@pytest.fixture
def panel(session):
    return CommitteeFactory(name="CYPS Panel")


def _action(session, panel, due_on, **fields):
    action = Action(
        description=fields.pop("description", "Fund the hubs"),
        reference=fields.pop("reference", "CYPS/2026/01-A1"),
        due_on=due_on,
        status=fields.pop("status", "in_progress"),
        committee=panel,
    )
    action.owner_posts = [PostFactory()]
    session.add(action)
    session.flush()
    return action


def test_overdue_items_go_to_the_next_unpublished_meeting_once(session, panel):
    MeetingFactory(committee=panel, starts_at=datetime(2026, 6, 1, 17, tzinfo=UTC), status="held")
    MeetingFactory(
        committee=panel, starts_at=datetime(2026, 7, 1, 17, tzinfo=UTC), status="published"
    )
    target = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    late = _action(session, panel, date(2026, 6, 1))
    _action(session, panel, date(2026, 6, 20), reference="not-yet")
    rec = Recommendation(
        committee=panel,
        text="Fund it",
        addressed_to="The Executive",
        reference="CYPS/2026/02",
        status="submitted",
        response_due_on=date(2026, 6, 10),
        responder=UserFactory(name="Catherine Gibbons"),
    )
    session.add(rec)
    session.flush()
    assert rollover.roll_over(session, SIX_AM) == {"items_rolled_over": 2, "items_dropped": 0}
    assert rollover.roll_over(session, SIX_AM + timedelta(hours=1))["items_rolled_over"] == 0
    (item,) = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == target.id))
    assert item.title == "Overdue actions and responses" and item.kind == "overdue"
    assert "Action CYPS/2026/01-A1: Fund the hubs" in item.description
    assert "Due 1 June 2026; 14 days overdue on 15 June 2026" in item.description
    assert "Response to recommendation CYPS/2026/02" in item.description
    assert "Owner: Catherine Gibbons" in item.description
    assert [c.meeting_id for c in rollover.carried_to(session, "action", late.id)] == [target.id]


def test_an_item_resolved_before_publication_drops_off(session, panel, clock):
    MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    late = _action(session, panel, date(2026, 6, 1))
    rollover.roll_over(session, SIX_AM)
    actions.record_update(
        session, late, rag="blue", narrative="Done", next_steps="", due_on=None,
        user=UserFactory(), now=clock.now, expected_version=None,
    )  # fmt: skip
    summary = rollover.roll_over(session, SIX_AM + timedelta(days=1))
    assert summary == {"items_rolled_over": 0, "items_dropped": 1}
    assert session.scalars(select(Carry)).all() == []
    item = session.scalar(select(AgendaItem))
    assert item.description == "Nothing is overdue at present."


def test_after_three_meetings_an_item_is_flagged(session, panel):
    late = _action(session, panel, date(2026, 1, 5))
    moment = SIX_AM
    for month in (7, 8, 9):
        meeting = MeetingFactory(
            committee=panel, starts_at=datetime(2026, month, 20, 17, tzinfo=UTC)
        )
        rollover.roll_over(session, moment)
        meeting.status = "published"
        moment += timedelta(days=31)
    assert len(rollover.carried_to(session, "action", late.id)) == 3
    lines = carried_lines.lines_for(session, meeting, date(2026, 9, 1))
    assert lines[0].times_carried == 3 and lines[0].flagged
    item = session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    assert "Carried to 3 meetings: consider inviting the responsible officer" in item.description


def test_no_open_meeting_means_nothing_is_carried(session, panel):
    _action(session, panel, date(2026, 6, 1))
    assert rollover.roll_over(session, SIX_AM)["items_rolled_over"] == 0
