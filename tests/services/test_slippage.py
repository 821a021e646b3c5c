"""Slippage: a due moves only with a reason, the original and every revision are kept, an
owner can be stopped from moving dues, and a move out of the overdue window is listed once."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from scrutiny.models import Action, ActionDueRevision, Carry
from scrutiny.services.actions import actions, carried_lines
from scrutiny.services.core.errors import DomainError
from scrutiny.services.jobs import rollover
from scrutiny.services.plans import plan_report_data, plans
from tests.factories import CommitteeFactory, MeetingFactory, PostFactory, UserFactory

SIX_AM = datetime(2026, 6, 15, 5, 0, tzinfo=UTC)


@pytest.fixture
def panel(session):
    return CommitteeFactory(name="CYPS Panel")


def _action(session, panel, due_on, **fields):
    action = Action(
        description=fields.pop("description", "Open three family hubs"),
        reference=fields.pop("reference", "CYPS/2026/01-A1"),
        due_on=due_on,
        status="in_progress",
        committee=panel,
        **fields,
    )
    action.owner_posts = [PostFactory()]
    session.add(action)
    session.flush()
    return action


def _update(session, action, user, now, **fields):
    return actions.record_update(
        session, action, rag=fields.pop("rag", "amber"), narrative="Progressing",
        next_steps="", user=user, now=now, expected_version=None,
        due_on=fields.pop("due_on", None), **fields,
    )  # fmt: skip


def test_a_new_due_needs_a_reason_and_the_original_and_revision_are_kept(session, panel, clock):
    action = _action(session, panel, date(2026, 6, 1))
    assert action.original_due_on == date(2026, 6, 1)
    owner = UserFactory(name="Ann Owner", roles=["owner"])
    with pytest.raises(DomainError) as error:
        _update(session, action, owner, clock.now, due_on=date(2027, 6, 1))
    assert error.value.field == "due_reason"
    session.rollback()

    _update(
        session, action, owner, clock.now, due_on=date(2027, 6, 1),
        due_reason="Building works delayed by the contractor",
    )  # fmt: skip
    _update(
        session, action, owner, clock.advance(days=30), due_on=date(2027, 9, 1),
        due_reason="Planning consent late",
    )  # fmt: skip
    session.expire_all()
    assert action.due_on == date(2027, 9, 1)
    assert action.original_due_on == date(2026, 6, 1)
    first, second = action.due_revisions
    assert (first.old_due_on, first.new_due_on) == (date(2026, 6, 1), date(2027, 6, 1))
    assert first.reason == "Building works delayed by the contractor"
    assert first.revised_by.name == "Ann Owner" and first.left_overdue
    assert (second.old_due_on, second.new_due_on) == (date(2027, 6, 1), date(2027, 9, 1))
    assert not second.left_overdue


def test_a_recurring_due_rolling_on_is_not_slippage(session, panel, clock):
    action = _action(
        session, panel, date(2026, 6, 30), due_kind="recurring", recurrence="quarterly"
    )
    _update(session, action, UserFactory(roles=["owner"]), clock.now)
    assert action.due_on == date(2026, 9, 30)
    assert action.original_due_on == date(2026, 6, 30)
    assert action.due_revisions == []


def test_a_first_due_for_an_action_without_one_is_not_a_revision(session, panel, clock):
    action = _action(session, panel, None)
    _update(session, action, UserFactory(roles=["owner"]), clock.now, due_on=date(2026, 12, 1))
    assert action.original_due_on == date(2026, 12, 1) and action.due_revisions == []


def test_the_setting_stops_owners_but_not_officers_moving_dues(session, panel, clock, app):
    action = _action(session, panel, date(2026, 7, 1))
    app.config["SCRUTINY_OWNERS_MAY_MOVE_DUES"] = False
    try:
        with pytest.raises(DomainError, match="Only an officer"):
            _update(
                session, action, UserFactory(roles=["owner"]), clock.now,
                due_on=date(2026, 12, 1), due_reason="Want more time",
            )  # fmt: skip
        session.rollback()
        _update(
            session, action, UserFactory(roles=["officer"]), clock.now,
            due_on=date(2026, 12, 1), due_reason="Agreed by the panel chair",
        )  # fmt: skip
    finally:
        app.config["SCRUTINY_OWNERS_MAY_MOVE_DUES"] = True
    assert action.due_on == date(2026, 12, 1)
    assert [r.reason for r in action.due_revisions] == ["Agreed by the panel chair"]


def test_moving_an_overdue_action_out_of_the_window_lists_it_once_as_revised(session, panel, clock):
    first = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    late = _action(session, panel, date(2026, 6, 1))
    rollover.roll_over(session, SIX_AM)
    assert [line.state for line in carried_lines.lines_for(session, first, date(2026, 6, 15))] == [
        "overdue"
    ]

    _update(
        session, late, UserFactory(name="Ann Owner", roles=["owner"]), clock.now,
        due_on=date(2027, 6, 1), due_reason="Building works delayed",
    )  # fmt: skip
    rollover.roll_over(session, SIX_AM + timedelta(days=1))
    assert session.scalars(select(Carry)).all() == []  # no longer overdue: the carry drops
    (line,) = carried_lines.lines_for(session, first, date(2026, 6, 16))
    assert line.state == "revised" and line.days_overdue is None
    assert (line.original_due, line.current_due) == (date(2026, 6, 1), date(2027, 6, 1))
    assert "1 June 2026 to 1 June 2027" in line.revisions[0]
    assert "Ann Owner: Building works delayed" in line.revisions[0]
    assert "Due date revised to 1 June 2027" in first.items[0].description

    # Once: the next meeting's item does not list it again.
    first.status = "published"
    second = MeetingFactory(committee=panel, starts_at=datetime(2026, 10, 1, 17, tzinfo=UTC))
    rollover.roll_over(session, SIX_AM + timedelta(days=2))
    assert carried_lines.lines_for(session, second, date(2026, 6, 17)) == []
    revision = session.scalar(select(ActionDueRevision))
    assert revision.listed_meeting_id == first.id


def test_lines_are_grouped_by_source_and_most_overdue_first(session, panel):
    MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    _action(session, panel, date(2026, 6, 10), reference="A-10")
    _action(session, panel, date(2026, 5, 1), reference="A-45")
    _action(session, panel, date(2026, 6, 1), reference="A-14")
    rollover.roll_over(session, SIX_AM)
    meeting = session.scalar(select(Carry)).meeting
    lines = carried_lines.lines_for(session, meeting, date(2026, 6, 15))
    assert [(line.reference, line.days_overdue) for line in lines] == [
        ("A-45", 45),
        ("A-14", 14),
        ("A-10", 5),
    ]
    assert {line.source for line in lines} == {"Actions from the panel's minutes"}


def test_an_officer_edit_moving_a_plan_due_needs_a_reason_and_shows_in_the_highlight_report(
    session,
):
    from tests.services.test_plan_reports import _add, _plan

    plan = _plan(session)
    action = _add(session, plan, "Recruit psychologists", "31/03/2026")
    officer = UserFactory(name="Olive Officer", roles=["officer"])
    when = datetime(2026, 4, 20, 10, tzinfo=UTC)

    def edit(due_text, reason=""):
        plans.update_action(
            session, action, description="Recruit psychologists",
            post_ids=[p.id for p in action.owner_posts], due_text=due_text,
            status="in_progress", source_reference="", user=officer, now=when,
            expected_version=None, due_reason=reason,
        )  # fmt: skip

    edit("31/03/2026")  # the same due: no reason asked, no revision
    with pytest.raises(DomainError) as error:
        edit("September 2026")
    assert error.value.field == "due_reason"
    session.rollback()
    edit("September 2026", "Poor response to the advertisement; re-advertising in May")
    assert action.due_on == date(2026, 9, 30) and action.original_due_on == date(2026, 3, 31)

    data = plan_report_data.gather_highlight(
        session, plan, date(2026, 4, 1), date(2026, 5, 31), date(2026, 6, 1)
    )
    (row,) = data["due_revisions"]
    assert row["description"] == "Recruit psychologists"
    assert (row["original_due"], row["from_due"], row["to_due"]) == (
        "31 March 2026",
        "31 March 2026",
        "30 September 2026",
    )
    assert row["revised_by"] == "Olive Officer" and row["revised_on"] == "20 April 2026"
    assert row["reason"] == "Poor response to the advertisement; re-advertising in May"
    later = plan_report_data.gather_highlight(
        session, plan, date(2026, 6, 1), date(2026, 7, 31), date(2026, 8, 1)
    )
    assert later["due_revisions"] == []
