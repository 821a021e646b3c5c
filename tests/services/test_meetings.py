"""Meetings: creation, series, status moves, rescheduling and publishing against the deadline."""

from datetime import UTC, date, datetime, time

import pytest

from scrutiny.models import MeetingStatus
from scrutiny.services.core import audit
from scrutiny.services.core.errors import ConcurrentEditError, DomainError
from scrutiny.services.meetings import agenda, meetings
from tests.factories import CommitteeFactory, MeetingFactory


def _new(session, clock, day=date(2026, 9, 14), at=time(10, 0), **kwargs):
    committee = kwargs.pop("committee", None) or CommitteeFactory()
    return meetings.create_meeting(
        session,
        committee,
        starts_at=meetings.local_datetime(day, at),
        venue="Town Hall",
        now=clock.now,
        **kwargs,
    )


def test_a_new_meeting_is_a_draft_stored_in_utc_with_the_standard_items(session, clock):
    meeting = _new(session, clock)
    session.commit()
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.starts_at == datetime(2026, 9, 14, 9, 0, tzinfo=UTC), "10:00 BST is 09:00 UTC"
    titles = [i.title for i in agenda.agenda_items(session, meeting)]
    assert titles[0] == "Addresses by Members of the Public (Standing Order SSO9)"
    assert titles[-1] == "Panel's Work Plan"
    assert len(titles) == 6


def test_meetings_cannot_be_created_in_the_past(session, clock):
    with pytest.raises(DomainError, match="must be in the future"):
        _new(session, clock, day=date(2026, 6, 1))


def test_a_series_is_created_all_or_nothing_with_every_bad_line_named(session, clock):
    committee = CommitteeFactory()
    with pytest.raises(DomainError) as raised:
        meetings.create_series(
            session,
            committee,
            dates_text="10/09/2026\n31/02/2027\n01/01/2020\n10/09/2026\n",
            at=time(18, 30),
            venue="Town Hall",
            formal=True,
            contact_id=None,
            now=clock.now,
        )
    message = raised.value.message
    assert "line 2 (31/02/2027) is not a date" in message
    assert "line 3 (01/01/2020) is in the past" in message
    assert "line 4 (10/09/2026) appears twice" in message
    session.rollback()
    created = meetings.create_series(
        session,
        committee,
        dates_text="12 November 2026\n10/09/2026\n2027-01-14",
        at=time(18, 30),
        venue="Town Hall",
        formal=True,
        contact_id=None,
        now=clock.now,
    )
    assert [m.starts_at for m in created] == [
        meetings.local_datetime(date(2026, 9, 10), time(18, 30)),
        meetings.local_datetime(date(2026, 11, 12), time(18, 30)),
        meetings.local_datetime(date(2027, 1, 14), time(18, 30)),
    ]


def test_only_valid_status_moves_are_allowed(session, clock):
    meeting = _new(session, clock)
    with pytest.raises(DomainError, match="cannot go from draft to held"):
        meetings.move_status(meeting, MeetingStatus.HELD, now=clock.now, expected_version=None)
    meetings.move_status(meeting, MeetingStatus.SCHEDULED, now=clock.now, expected_version=None)
    with pytest.raises(DomainError, match="Use Publish agenda"):
        meetings.move_status(meeting, MeetingStatus.PUBLISHED, now=clock.now, expected_version=None)


def test_cancelling_needs_a_reason_and_is_final(session, clock):
    meeting = _new(session, clock)
    with pytest.raises(DomainError, match="reason for cancelling"):
        meetings.move_status(meeting, MeetingStatus.CANCELLED, now=clock.now, expected_version=None)
    meetings.move_status(
        meeting, MeetingStatus.CANCELLED, now=clock.now, expected_version=None, reason="Inquorate"
    )
    assert meeting.cancelled_reason == "Inquorate"
    with pytest.raises(DomainError, match="cannot go from cancelled"):
        meetings.move_status(meeting, MeetingStatus.DRAFT, now=clock.now, expected_version=None)


def test_a_meeting_is_not_held_before_its_day(session, clock):
    meeting = MeetingFactory(status="published")
    with pytest.raises(DomainError, match="before the day it takes place"):
        meetings.move_status(meeting, MeetingStatus.HELD, now=clock.now, expected_version=None)
    clock.now = datetime(2026, 9, 14, 12, 0, tzinfo=UTC)
    meetings.move_status(meeting, MeetingStatus.HELD, now=clock.now, expected_version=None)


def test_rescheduling_keeps_the_old_date_in_the_history(session, clock):
    meeting = _new(session, clock)
    session.commit()
    meetings.reschedule(
        meeting,
        starts_at=meetings.local_datetime(date(2026, 9, 21), time(10, 0)),
        venue="Weston Library",
        formal=True,
        contact_id=None,
        now=clock.now,
        expected_version=meeting.version,
    )
    session.commit()
    changed = audit.history_for(session, meeting)[0]
    assert changed.changes["starts_at"][0].startswith("2026-09-14T09:00")
    assert changed.changes["venue"] == ["Town Hall", "Weston Library"]


def test_a_stale_reschedule_is_refused(session, clock):
    meeting = _new(session, clock)
    session.commit()
    old_version = meeting.version
    meeting.venue = "Changed elsewhere"
    session.commit()
    with pytest.raises(ConcurrentEditError):
        meetings.reschedule(
            meeting,
            starts_at=meeting.starts_at,
            venue="Mine",
            formal=True,
            contact_id=None,
            now=clock.now,
            expected_version=old_version,
        )


def test_publishing_on_time_records_when(session, clock):
    meeting = _new(session, clock)
    meetings.move_status(meeting, MeetingStatus.SCHEDULED, now=clock.now, expected_version=None)
    meetings.publish(session, meeting, now=clock.now, late_reason=None, expected_version=None)
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meeting.published_at == clock.now
    assert meeting.late_publication_reason is None


def test_publishing_after_the_deadline_needs_the_reason_for_urgency(session, clock):
    meeting = _new(session, clock, day=date(2026, 6, 19))  # deadline Thursday 11 June 2026
    meetings.move_status(meeting, MeetingStatus.SCHEDULED, now=clock.now, expected_version=None)
    assert meetings.deadline_for(meeting) == date(2026, 6, 11)
    with pytest.raises(DomainError, match="deadline has passed"):
        meetings.publish(session, meeting, now=clock.now, late_reason=" ", expected_version=None)
    meetings.publish(
        session,
        meeting,
        now=clock.now,
        late_reason="Budget figures released late by the Treasury",
        expected_version=None,
    )
    assert meeting.late_publication_reason == "Budget figures released late by the Treasury"


def test_a_draft_cannot_be_published(session, clock):
    meeting = _new(session, clock)
    with pytest.raises(DomainError, match="schedule it first"):
        meetings.publish(session, meeting, now=clock.now, late_reason=None, expected_version=None)


def test_meetings_are_numbered_within_the_municipal_year(session, clock):
    committee = CommitteeFactory()
    may = MeetingFactory(committee=committee, starts_at=datetime(2026, 5, 20, 9, tzinfo=UTC))
    MeetingFactory(committee=committee, starts_at=datetime(2026, 4, 20, 9, tzinfo=UTC))
    MeetingFactory(
        committee=committee, starts_at=datetime(2026, 6, 20, 9, tzinfo=UTC), status="cancelled"
    )
    october = MeetingFactory(committee=committee, starts_at=datetime(2026, 10, 20, 9, tzinfo=UTC))
    assert meetings.meeting_number(session, may) == 1
    assert meetings.meeting_number(session, october) == 2
    assert meetings.municipal_year_label(date(2027, 4, 30)) == "2026/27"
