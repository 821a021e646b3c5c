"""Issue "done when": the morning after the demo is loaded, one tick sends a small set of
reminders and carries the one item that fell due on the as-of day; a second identical tick does
nothing new. No demo item is left where no one can be told about it but the few seed posts that
are vacant."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from scrutiny.demo import council as demo
from scrutiny.demo.timeline import timeline_for
from scrutiny.extensions import db
from scrutiny.models import AgendaItem, Carry, Meeting, OutboxMessage, Recommendation
from scrutiny.services.core.clocks import to_local


def test_the_next_mornings_tick_reminds_a_little_and_carries_one_item(app, clock):
    demo.load_demo(db.session, clock.now)
    db.session.commit()
    tl = timeline_for(to_local(clock.now).date())
    carried_before = db.session.query(Carry).count()
    # The as-of morning's run already carried what was overdue: a handful of items.
    assert 3 <= carried_before <= 8
    morning = f"{tl.as_of + timedelta(days=1)}T07:00"
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["scheduler", "tick", "--now", morning])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert 1 <= summary["reminders_queued"] <= 10
    assert 1 <= summary["digests_queued"] <= 6
    assert summary["items_rolled_over"] == 1
    assert summary["jobs"]["reminders"]["unreachable"] <= 2
    db.session.expire_all()
    pending = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
    assert "sally.varley@example.org" in {m.recipient for m in pending}
    assert len(pending) <= 6
    carries = db.session.scalars(select(Carry)).all()
    (meeting_id,) = {c.meeting_id for c in carries}
    meeting = db.session.get(Meeting, meeting_id)
    assert to_local(meeting.starts_at).date() == tl.next_meeting and meeting.status == "draft"
    item = db.session.scalar(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.kind == "overdue")
    )
    camhs = db.session.scalar(
        select(Recommendation).where(Recommendation.source.like("Overview of Findings%"))
    )
    assert f"Response to recommendation {camhs.reference}" in item.description
    assert "Action SP1/4.8: System improvement work" in item.description
    db.session.commit()  # end this test's transaction: on SQLite each one takes the write lock
    again = runner.invoke(args=["scheduler", "tick", "--now", morning])
    assert again.exit_code == 0, (again.output, again.exception)
    second = json.loads(again.stdout)
    assert second["reminders_queued"] == 0 and second["items_rolled_over"] == 0
