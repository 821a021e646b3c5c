"""Service plans and the action tracker: dues as written, updates, trend, filters, my actions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from scrutiny.models import Action
from scrutiny.services.actions import action_tracker, actions
from scrutiny.services.actions.action_tracker import ActionFilters
from scrutiny.services.core.errors import DomainError
from scrutiny.services.plans import plans
from tests.factories import CommitteeFactory, PostFactory, PostHoldingFactory, UserFactory

TODAY = date(2026, 6, 15)


@pytest.fixture
def plan(session):
    plan = plans.create_plan(
        session,
        title="Children's Support and Safeguarding Service Plan",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        service="Children's Support and Safeguarding",
        committee_id=CommitteeFactory().id,
    )
    plans.add_priority(session, plan, title="Fundamental 1 – Seeing and Hearing")
    return plan


def _add(session, plan, due_text, post=None, **kw):
    post = post or PostFactory()
    return plans.add_action(
        session,
        plan,
        plan.priorities[0],
        description=kw.pop("description", f"Action due {due_text!r}"),
        post_ids=[post.id],
        due_text=due_text,
        today=TODAY,
        **kw,
    )


def test_dues_are_stored_as_written(session, plan):
    month = _add(session, plan, "March 2027")
    monthly = _add(session, plan, "monthly")
    ongoing = _add(session, plan, "ongoing")
    blank = _add(session, plan, "")
    assert (month.due_kind, month.due_on) == ("month", date(2027, 3, 31))
    assert (monthly.due_kind, monthly.recurrence, monthly.due_on) == (
        "recurring",
        "monthly",
        date(2026, 6, 30),
    )
    assert (ongoing.due_kind, ongoing.due_on) == ("ongoing", None)
    assert (blank.due_kind, blank.due_on) == ("none", None)
    assert plans.due_of(monthly).label == "Monthly (next 30 June 2026)"
    assert month.committee_id == plan.committee_id


def test_an_unreadable_due_or_a_missing_owner_is_refused(session, plan):
    with pytest.raises(DomainError, match="is not a due we understand") as error:
        _add(session, plan, "soonish")
    assert error.value.field == "due"
    with pytest.raises(DomainError, match="owner post"):
        plans.add_action(
            session, plan, None, description="x", post_ids=[], due_text="", today=TODAY
        )
    assert session.scalars(select(Action)).all() == []


def test_an_update_on_a_recurring_action_moves_its_next_due_and_sets_the_trend(session, plan):
    action = _add(session, plan, "monthly")
    user = UserFactory()
    now = datetime(2026, 6, 20, 9, tzinfo=UTC)
    actions.record_update(
        session, action, rag="amber", narrative="Started", next_steps="", due_on=None,
        user=user, now=now, expected_version=None,
    )  # fmt: skip
    assert action.due_on == date(2026, 7, 31) and action.latest_rag == "amber"
    actions.record_update(
        session, action, rag="green", narrative="Better", next_steps="", due_on=None,
        user=user, now=now + timedelta(days=30), expected_version=None,
    )  # fmt: skip
    session.refresh(action)
    assert action.due_on == date(2026, 8, 31)
    assert actions.trend(action.updates) == "improving"


def test_the_tracker_filters_and_counts_in_sql(session, plan):
    mine = PostFactory(name="Head of QA")
    late = _add(session, plan, "31/05/2026", post=mine)
    _add(session, plan, "December 2026")
    _add(session, plan, "ongoing")
    actions.record_update(
        session, late, rag="red", narrative="Stuck", next_steps="", due_on=None,
        user=UserFactory(), now=datetime(2026, 6, 1, tzinfo=UTC), expected_version=None,
    )  # fmt: skip
    overdue = session.scalars(
        action_tracker.tracker_query(ActionFilters(overdue=True), TODAY)
    ).all()
    assert overdue == [late]
    by_post = session.scalars(
        action_tracker.tracker_query(ActionFilters(post_id=mine.id), TODAY)
    ).all()
    assert by_post == [late]
    counts = action_tracker.rag_counts(session, ActionFilters(plan_id=plan.id), TODAY)
    assert counts["red"] == 1 and counts["none"] == 2 and counts["overdue"] == 1


def test_my_actions_are_those_of_posts_held_today_overdue_first(session, plan):
    post = PostFactory()
    holder = PostHoldingFactory(post=post, starts_on=date(2026, 1, 1)).user
    later = _add(session, plan, "December 2026", post=post)
    late = _add(session, plan, "1/6/2026", post=post)
    _add(session, plan, "1/6/2026")  # someone else's
    assert session.scalars(action_tracker.my_actions_query(holder, TODAY)).all() == [
        late,
        later,
    ]
