"""Minute numbering in meeting order whatever order the minutes are started in, late items,
and approved numbers that never move."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from scrutiny.models import Minute, Recommendation
from scrutiny.services.core.errors import DomainError
from scrutiny.services.meetings import agenda
from scrutiny.services.minutes import minute_numbering, minutes
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, UserFactory


def _held(committee, when, items=3):
    meeting = MeetingFactory(committee=committee, starts_at=when, status="held")
    for n in range(items):
        AgendaItemFactory(meeting=meeting, title=f"Item {n + 1}", position=(n + 1) * 10)
    return meeting


def _numbers(session, meeting):
    return [(m.number, m.item.title) for m in minutes.minutes_of(session, meeting)]


def test_starting_the_later_meeting_first_leaves_room_for_the_earlier_one(session):
    panel = CommitteeFactory(minute_prefix="CAY")
    june = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC), items=2)
    september = _held(panel, datetime(2026, 9, 10, 9, tzinfo=UTC), items=3)
    minute_numbering.start_minutes(session, september, expected_version=None)
    assert [n for n, _ in _numbers(session, september)] == [1, 2, 3]
    notes = minute_numbering.numbering_notes(session, september)
    assert "will move up" in notes[0].text

    minute_numbering.start_minutes(session, june, expected_version=None)

    assert _numbers(session, june) == [(1, "Item 1"), (2, "Item 2")]
    assert _numbers(session, september) == [(3, "Item 1"), (4, "Item 2"), (5, "Item 3")]
    assert minute_numbering.numbering_notes(session, september) == []


def test_renumbering_a_draft_carries_its_action_and_recommendation_references(session):
    panel = CommitteeFactory(minute_prefix="CAY")
    officer = UserFactory(roles=["officer"])
    june = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC), items=2)
    september = _held(panel, datetime(2026, 9, 10, 9, tzinfo=UTC), items=1)
    (minute,) = minute_numbering.start_minutes(session, september, expected_version=None)
    minutes.update_minute(
        session,
        minute,
        narrative="",
        discussion="",
        outcome_kind="resolved",
        outcome_text="that",
        parts=["the Executive fund the service"],
        user=officer,
        expected_version=None,
    )
    rec = minutes.create_recommendation(
        session, minute.parts[0], text="Fund it", addressed_to="The Executive", user=officer
    )
    assert rec.source == "CAY 1(1)"

    minute_numbering.start_minutes(session, june, expected_version=None)

    assert minute.number == 3
    assert rec.source == "CAY 3(1)"


def test_approved_minutes_never_change_number(session):
    panel = CommitteeFactory(minute_prefix="CAY")
    officer = UserFactory(roles=["officer"])
    june = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC), items=2)
    september = _held(panel, datetime(2026, 9, 10, 9, tzinfo=UTC), items=2)
    october = _held(panel, datetime(2026, 10, 10, 9, tzinfo=UTC), items=1)
    minute_numbering.start_minutes(session, september, expected_version=None)
    minutes.approve(
        session, september, at_meeting=october, user=officer, now=datetime(2026, 11, 1, tzinfo=UTC)
    )
    assert "never change number" in minute_numbering.numbering_notes(session, june)[0].text

    minute_numbering.start_minutes(session, june, expected_version=None)
    minute_numbering.start_minutes(session, october, expected_version=None)

    assert [n for n, _ in _numbers(session, september)] == [1, 2]
    assert [n for n, _ in _numbers(session, june)] == [3, 4]
    assert [n for n, _ in _numbers(session, october)] == [5]


def test_an_urgent_item_added_after_the_minutes_were_started_gets_its_minute(session, clock):
    panel = CommitteeFactory(minute_prefix="CAY")
    june = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC), items=2)
    september = _held(panel, datetime(2026, 9, 10, 9, tzinfo=UTC), items=1)
    minute_numbering.start_minutes(session, june, expected_version=None)
    minute_numbering.start_minutes(session, september, expected_version=None)

    agenda.add_item(
        session,
        june,
        kind="urgent",
        title="Storm damage to the youth centre",
        urgency_reason="The repairs must be agreed before the next meeting",
        now=clock.now,
        expected_version=None,
    )

    assert _numbers(session, june) == [
        (1, "Item 1"),
        (2, "Item 2"),
        (3, "Storm damage to the youth centre"),
    ]
    assert [n for n, _ in _numbers(session, september)] == [4]
    assert minute_numbering.items_without_minutes(session, june) == []
    assert session.query(Minute).count() == 4


def test_the_database_refuses_a_second_recommendation_from_one_part(session):
    panel = CommitteeFactory(minute_prefix="CAY")
    officer = UserFactory(roles=["officer"])
    june = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC), items=1)
    (minute,) = minute_numbering.start_minutes(session, june, expected_version=None)
    minutes.update_minute(
        session,
        minute,
        narrative="",
        discussion="",
        outcome_kind="resolved",
        outcome_text="that",
        parts=["fund it"],
        user=officer,
        expected_version=None,
    )
    part = minute.parts[0]
    minutes.create_recommendation(
        session, part, text="Fund it", addressed_to="The Executive", user=officer
    )
    with pytest.raises(DomainError, match="already has recommendation"):
        minutes.create_recommendation(
            session, part, text="Fund it", addressed_to="The Executive", user=officer
        )
    session.add(
        Recommendation(text="x", addressed_to="y", committee=panel, outcome_part_id=part.id)
    )
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()
