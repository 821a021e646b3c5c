"""Issue "done when": with the demo data, one tick reminds and carries what is overdue; a
second identical tick does nothing new."""

from __future__ import annotations

import json

from sqlalchemy import select

from scrutiny.demo import council as demo
from scrutiny.extensions import db
from scrutiny.models import AgendaItem, Carry, Meeting


def test_a_demo_tick_reminds_and_carries_once(app, clock):
    demo.load_demo(db.session, clock.now)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["scheduler", "tick", "--now", "2023-03-01T09:00"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert summary["reminders_queued"] > 0
    assert summary["items_rolled_over"] > 0
    db.session.expire_all()
    carries = db.session.scalars(select(Carry)).all()
    (meeting_id,) = {c.meeting_id for c in carries}
    meeting = db.session.get(Meeting, meeting_id)
    assert meeting.committee.slug == "cyps-panel" and meeting.status in {"draft", "scheduled"}
    item = db.session.scalar(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.kind == "overdue")
    )
    assert "Response to recommendation CAY/2022/02" in item.description
    db.session.commit()  # end this test's transaction: on SQLite each one takes the write lock
    again = runner.invoke(args=["scheduler", "tick", "--now", "2023-03-01T09:00"])
    assert again.exit_code == 0, (again.output, again.exception)
    second = json.loads(again.output)
    assert second["reminders_queued"] == 0 and second["items_rolled_over"] == 0
