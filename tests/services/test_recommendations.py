"""Recommendations: references, submission sets, responses with actions, follow-ups, closing."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from scrutiny.models import AgendaItem, Minute, ProgrammeItem, Recommendation
from scrutiny.services.actions import actions
from scrutiny.services.core.errors import DomainError
from scrutiny.services.recommendations import recommendations, submissions
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    PostFactory,
    UserFactory,
)


@pytest.fixture
def world(session):
    panel = CommitteeFactory(name="CYPS Panel", minute_prefix="CYPS")
    recs = []
    for text in ("Fund the music hubs", "Publish the tuition fees"):
        rec = Recommendation(committee=panel, text=text, addressed_to="The Executive")
        session.add(rec)
        recommendations.agree(session, rec, date(2026, 6, 11))
        recs.append(rec)
    session.flush()
    return {
        "panel": panel,
        "recs": recs,
        "officer": UserFactory(roles=["officer"]),
        "member": UserFactory(roles=["executive"], name="Catherine Gibbons"),
        "councillor": UserFactory(roles=["councillor"]),
        "post": PostFactory(name="Head of Music Service"),
    }


def _submit(session, world, **overrides):
    values = {
        "title": "Music Service update",
        "submitted_on": date(2026, 6, 12),
        "received_on": None,
        "responder_id": world["member"].id,
        "user": world["officer"],
        "today": date(2026, 6, 15),
    } | overrides
    return submissions.submit(session, world["panel"], [r.id for r in world["recs"]], **values)


def test_references_number_each_municipal_year(world):
    assert [r.reference for r in world["recs"]] == ["CYPS/2026/01", "CYPS/2026/02"]


def test_a_set_is_submitted_together_and_starts_the_statutory_clock(session, world):
    submission = _submit(session, world)
    assert submission.response_due_on == date(2026, 8, 11)
    assert {r.status for r in world["recs"]} == {"submitted"}
    assert all(r.response_due_on == date(2026, 8, 11) for r in world["recs"])
    with pytest.raises(DomainError, match="already been submitted"):
        _submit(session, world)


def test_a_submission_received_later_or_in_the_future_is_checked(session, world):
    with pytest.raises(DomainError, match="cannot be in the future"):
        _submit(session, world, submitted_on=date(2026, 6, 16))
    with pytest.raises(DomainError, match="received before they were sent"):
        _submit(session, world, received_on=date(2026, 6, 1))
    assert world["recs"][0].status == "agreed"
    submission = _submit(session, world, received_on=date(2026, 6, 14))
    assert submission.response_due_on == date(2026, 8, 13)


def test_only_an_executive_member_or_an_officer_for_one_responds(session, world):
    _submit(session, world)
    rec = world["recs"][0]
    with pytest.raises(DomainError, match="Only an executive member"):
        recommendations.save_response(
            session, rec, kind="noted", text="Noted", reasons="", responder_id=None,
            user=world["councillor"],
        )  # fmt: skip
    with pytest.raises(DomainError, match="Choose the executive member"):
        recommendations.save_response(
            session, rec, kind="noted", text="Noted", reasons="", responder_id=None,
            user=world["officer"],
        )  # fmt: skip
    response = recommendations.save_response(
        session, rec, kind="noted", text="Noted", reasons="", responder_id=world["member"].id,
        user=world["officer"],
    )  # fmt: skip
    assert response.on_behalf and response.responder == world["member"]


def test_rejection_needs_reasons(session, world):
    _submit(session, world)
    with pytest.raises(DomainError, match="reasons for rejecting") as error:
        recommendations.save_response(
            session, world["recs"][1], kind="rejected", text="No", reasons=" ",
            responder_id=None, user=world["member"],
        )  # fmt: skip
    assert error.value.field == "reasons"


def test_acceptance_needs_an_owned_action_with_a_due_before_it_is_submitted(session, world, clock):
    meeting = MeetingFactory(
        committee=world["panel"], starts_at=datetime(2026, 9, 14, 17, tzinfo=UTC)
    )
    _submit(session, world)
    rec = world["recs"][0]
    recommendations.save_response(
        session, rec, kind="accepted", text="We will fund them", reasons="", responder_id=None,
        user=world["member"],
    )  # fmt: skip
    with pytest.raises(DomainError, match="needs at least one implementation action"):
        recommendations.submit_response(session, rec, user=world["member"], now=clock.now)
    with pytest.raises(DomainError, match="due"):
        recommendations.add_implementation_action(
            session, rec, description="Fund hubs", post_ids=[world["post"].id], due_on=None,
            user=world["member"],
        )  # fmt: skip
    action = recommendations.add_implementation_action(
        session, rec, description="Fund hubs", post_ids=[world["post"].id],
        due_on=date(2026, 12, 31), user=world["member"],
    )  # fmt: skip
    assert action.reference == "CYPS/2026/01-A1"
    response = recommendations.submit_response(session, rec, user=world["member"], now=clock.now)
    assert response.responded_on == date(2026, 6, 15) and rec.status == "in_progress"
    with pytest.raises(DomainError, match="already been responded to"):
        recommendations.submit_response(session, rec, user=world["member"], now=clock.now)
    with pytest.raises(DomainError, match="already been responded to"):
        recommendations.save_response(
            session, rec, kind="rejected", text="Changed mind", reasons="x", responder_id=None,
            user=world["member"],
        )  # fmt: skip
    item = session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    assert item.title == "Executive responses to scrutiny recommendations"
    assert "CYPS/2026/01: Accepted by Catherine Gibbons on 15 June 2026" in item.description


def test_follow_up_reviews_are_planned_for_the_first_meetings_after_6_and_12_months(
    session, world, clock
):
    december = MeetingFactory(
        committee=world["panel"], starts_at=datetime(2026, 12, 16, 18, tzinfo=UTC)
    )
    _submit(session, world)
    rec = world["recs"][0]
    recommendations.save_response(
        session, rec, kind="accepted_in_principle", text="Yes", reasons="", responder_id=None,
        user=world["member"],
    )  # fmt: skip
    recommendations.add_implementation_action(
        session, rec, description="Plan", post_ids=[world["post"].id],
        due_on=date(2026, 9, 30), user=world["member"],
    )  # fmt: skip
    recommendations.submit_response(session, rec, user=world["member"], now=clock.now)
    rows = session.scalars(
        select(ProgrammeItem).where(ProgrammeItem.recommendation_id == rec.id)
    ).all()
    assert [(r.topic, r.planned_meeting) for r in rows] == [
        ("Follow-up review (6 months): CYPS/2026/01", december),
        ("Follow-up review (12 months): CYPS/2026/01", None),
    ]
    assert rows[1].year_start == date(2027, 5, 1)
    assert recommendations.schedule_follow_ups(session, rec, date(2026, 6, 15), clock.now) == 0


def test_only_the_panel_closes_it_under_a_minute_of_a_meeting_it_has_held(session, world, clock):
    _submit(session, world)
    rec = world["recs"][1]
    recommendations.save_response(
        session, rec, kind="rejected", text="No", reasons="Cost", responder_id=None,
        user=world["member"],
    )  # fmt: skip
    recommendations.submit_response(session, rec, user=world["member"], now=clock.now)
    assert rec.status == "responded"
    with pytest.raises(DomainError, match="only by the panel, at a meeting"):
        recommendations.close(
            session, rec, outcome="closed", minute_id=None, note="", now=clock.now,
            expected_version=None,
        )  # fmt: skip
    future = MeetingFactory(
        committee=world["panel"], starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC)
    )
    held = MeetingFactory(committee=world["panel"], starts_at=datetime(2026, 6, 14, 17, tzinfo=UTC))
    minutes = []
    for number, meeting in enumerate((future, held), start=1):
        minute = Minute(
            meeting=meeting, item=AgendaItemFactory(meeting=meeting),
            committee_id=world["panel"].id, year_start=date(2026, 5, 1), number=number,
        )  # fmt: skip
        session.add(minute)
        minutes.append(minute)
    session.flush()
    with pytest.raises(DomainError, match="meeting it has held"):
        recommendations.close(
            session, rec, outcome="closed", minute_id=minutes[0].id, note="", now=clock.now,
            expected_version=None,
        )  # fmt: skip
    recommendations.close(
        session, rec, outcome="not_implemented", minute_id=minutes[1].id, note="Accepted",
        now=clock.now, expected_version=None,
    )  # fmt: skip
    assert rec.status == "not_implemented" and rec.closed_on == date(2026, 6, 14)
    with pytest.raises(DomainError, match="already been closed"):
        recommendations.close(
            session, rec, outcome="closed", minute_id=minutes[1].id, note="", now=clock.now,
            expected_version=None,
        )  # fmt: skip


def test_owners_updates_set_status_and_the_overall_rag(session, world, clock):
    _submit(session, world)
    rec = world["recs"][0]
    recommendations.save_response(
        session, rec, kind="accepted", text="Yes", reasons="", responder_id=None,
        user=world["member"],
    )  # fmt: skip
    first, second = (
        recommendations.add_implementation_action(
            session,
            rec,
            description=d,
            post_ids=[world["post"].id],
            due_on=date(2026, 6, 30),
            user=world["member"],
        )  # fmt: skip
        for d in ("One", "Two")
    )
    today = date(2026, 6, 15)
    latest = actions.latest_updates(session, [first.id, second.id])
    assert actions.overall_rag([first, second], latest, today) is None  # neither started
    actions.record_update(
        session, first, rag="amber", narrative="Slipping", next_steps="", due_on=None,
        user=world["officer"], now=clock.now, expected_version=None,
    )  # fmt: skip
    latest = actions.latest_updates(session, [first.id, second.id])
    assert actions.overall_rag([first, second], latest, today) == "amber"
    assert actions.overall_rag([first, second], latest, date(2026, 7, 1)) == "red"
    for action in (first, second):
        actions.record_update(
            session, action, rag="blue", narrative="Done", next_steps="", due_on=None,
            user=world["officer"], now=clock.now, expected_version=None,
        )  # fmt: skip
    latest = actions.latest_updates(session, [first.id, second.id])
    assert first.status == "complete"
    assert actions.overall_rag([first, second], latest, date(2026, 7, 1)) == "blue"
    with pytest.raises(DomainError, match="needs no updates"):
        actions.record_update(
            session, first, rag="green", narrative="Again", next_steps="", due_on=None,
            user=world["officer"], now=clock.now, expected_version=None,
        )  # fmt: skip


def test_a_meeting_before_the_submission_cannot_close_it(session, world, clock):
    _submit(session, world)
    rec = world["recs"][0]
    earlier = MeetingFactory(
        committee=world["panel"], starts_at=datetime(2026, 6, 11, 17, tzinfo=UTC)
    )
    minute = Minute(
        meeting=earlier, item=AgendaItemFactory(meeting=earlier), committee_id=world["panel"].id,
        year_start=date(2026, 5, 1), number=1,
    )  # fmt: skip
    session.add(minute)
    session.flush()
    with pytest.raises(DomainError, match="before the recommendation was submitted"):
        recommendations.close(
            session, rec, outcome="superseded", minute_id=minute.id, note="", now=clock.now,
            expected_version=None,
        )  # fmt: skip
    assert rec.status == "submitted"


def test_submitting_tells_the_executive_member_and_the_officers(session, world):
    from scrutiny.models import OutboxMessage

    _submit(session, world)
    mails = {m.recipient: m for m in session.scalars(select(OutboxMessage))}
    assert set(mails) == {world["member"].email, world["officer"].email}
    mail = mails[world["member"].email]
    assert mail.subject == "Recommendations submitted: Music Service update"
    assert "2 recommendations from CYPS Panel ('Music Service update')" in mail.body_text
    assert "The executive must respond by 11 August 2026" in mail.body_text
    assert "CYPS/2026/01, CYPS/2026/02, due 11 August 2026" in mail.body_text
