"""Submission dates: never before the panel agreed, never in the future; corrections with a
reason move the statutory deadline and are kept in the audit trail."""

from datetime import UTC, date, datetime

import pytest

from scrutiny.models import AuditEvent, Recommendation
from scrutiny.services.core.errors import DomainError
from scrutiny.services.recommendations import recommendations, submissions
from scrutiny.services.recommendations.response_deadlines import first_meeting_after
from tests.factories import CommitteeFactory, MeetingFactory, UserFactory


@pytest.fixture
def agreed(session):
    panel = CommitteeFactory(name="CYPS Panel", minute_prefix="CYPS")
    rec = Recommendation(committee=panel, text="Fund the music hubs", addressed_to="The Executive")
    session.add(rec)
    recommendations.agree(session, rec, date(2026, 11, 12))
    session.flush()
    return rec


def _submit(session, rec, on, today=date(2026, 11, 20)):
    return submissions.submit(
        session,
        rec.committee,
        [rec.id],
        title="Music Service update",
        submitted_on=on,
        received_on=None,
        responder_id=None,
        user=UserFactory(roles=["officer"]),
        today=today,
    )


def test_recommendations_cannot_be_submitted_before_the_panel_agreed_them(session, agreed):
    with pytest.raises(DomainError, match="agreed it on 12 November 2026") as error:
        _submit(session, agreed, date(2026, 11, 1))
    assert error.value.field == "submitted_on"
    with pytest.raises(DomainError, match="future"):
        _submit(session, agreed, date(2026, 11, 21))
    assert _submit(session, agreed, date(2026, 11, 12)).response_due_on == date(2027, 1, 11)


def test_a_correction_moves_the_deadline_and_the_first_meeting_and_is_audited(session, agreed):
    panel = agreed.committee
    MeetingFactory(committee=panel, starts_at=datetime(2026, 11, 12, 10, tzinfo=UTC))
    next_meeting = MeetingFactory(committee=panel, starts_at=datetime(2027, 1, 14, 10, tzinfo=UTC))
    executive = UserFactory(roles=["executive"], name="Catherine Gibbons")
    submission = _submit(session, agreed, date(2026, 11, 13))
    session.commit()

    with pytest.raises(DomainError, match="reason"):
        submissions.correct_submission(
            session,
            submission,
            submitted_on=date(2026, 11, 16),
            received_on=None,
            responder_id=None,
            reason=" ",
            today=date(2026, 11, 20),
            expected_version=None,
        )
    submissions.correct_submission(
        session,
        submission,
        submitted_on=date(2026, 11, 16),
        received_on=date(2026, 11, 17),
        responder_id=executive.id,
        reason="Sent on the 16th; the letter was dated wrongly",
        today=date(2026, 11, 20),
        expected_version=submission.version,
    )
    session.commit()

    assert agreed.response_due_on == submission.response_due_on == date(2027, 1, 16)
    assert agreed.responder == executive
    assert first_meeting_after(session, panel.id, submission.submitted_on) == next_meeting
    event = (
        session.query(AuditEvent)
        .filter_by(object_type="recommendation_submissions", action="update")
        .one()
    )
    assert event.changes["correction_reason"][1] == "Sent on the 16th; the letter was dated wrongly"
    assert event.changes["submitted_on"] == ["2026-11-13", "2026-11-16"]
