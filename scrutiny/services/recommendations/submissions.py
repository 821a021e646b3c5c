"""Submitting a panel's recommendations to the executive as a set, and correcting a
submission's dates or recipient: the statutory clock (LGA 2000 s9FE) starts on the day the
executive receives them, never before the panel agreed them nor after today."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.committees import Committee
from scrutiny.models.people import User
from scrutiny.models.recommendations import Recommendation, RecStatus, Submission
from scrutiny.services.core import clocks
from scrutiny.services.core.clocks import format_day
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.jobs import notifications
from scrutiny.services.recommendations.recommendations import executive_member
from scrutiny.services.recommendations.response_deadlines import response_deadline


def _check_dates(
    recs: list[Recommendation], submitted_on: date, received_on: date, today: date
) -> None:
    """Submitted and received on or after the latest agreement, and not after today."""
    if submitted_on > today:
        raise DomainError("The submission date cannot be in the future", field="submitted_on")
    if received_on > today:
        raise DomainError("The date received cannot be in the future", field="received_on")
    if received_on < submitted_on:
        raise DomainError("They cannot be received before they were sent", field="received_on")
    agreed = [r.agreed_on for r in recs if r.agreed_on]
    if agreed and submitted_on < max(agreed):
        latest = max(agreed)
        raise DomainError(
            f"The panel agreed {'them' if len(recs) > 1 else 'it'} on {format_day(latest)}: "
            "the submission date cannot be earlier",
            field="submitted_on",
        )


def submit(
    session: Session,
    committee: Committee,
    recommendation_ids: list[int],
    *,
    title: str,
    submitted_on: date | None,
    received_on: date | None,
    responder_id: int | None,
    user: User,
    today: date,
) -> Submission:
    """Send agreed recommendations to the executive together, starting the statutory clock."""
    if not recommendation_ids:
        raise DomainError("Choose the recommendations to submit", field="recommendation_ids")
    if not (title or "").strip():
        raise DomainError("Enter the title of the report they come from", field="title")
    if submitted_on is None:
        raise DomainError("Enter the date they were submitted", field="submitted_on")
    received_on = received_on or submitted_on
    responder = executive_member(session, responder_id, "responder_id") if responder_id else None
    chosen = list(
        session.scalars(select(Recommendation).where(Recommendation.id.in_(recommendation_ids)))
    )
    if len(chosen) != len(set(recommendation_ids)) or any(
        r.committee_id != committee.id for r in chosen
    ):
        raise DomainError("Choose recommendations of this panel", field="recommendation_ids")
    for rec in chosen:
        if rec.status != RecStatus.AGREED:
            raise DomainError(
                f"{rec.reference} has already been submitted or is still a draft",
                field="recommendation_ids",
            )
    _check_dates(chosen, submitted_on, received_on, today)
    submission = Submission(
        committee_id=committee.id,
        title=title.strip(),
        submitted_on=submitted_on,
        received_on=received_on,
        response_due_on=response_deadline(received_on),
        submitted_by_id=user.id,
    )
    session.add(submission)
    for rec in chosen:
        rec.submission = submission
        rec.status = RecStatus.SUBMITTED
        rec.response_due_on = submission.response_due_on
        rec.responder_id = responder.id if responder else rec.responder_id
    session.flush()
    notifications.recommendations_submitted(session, submission, clocks.now())
    return submission


def correct_submission(
    session: Session,
    submission: Submission,
    *,
    submitted_on: date | None,
    received_on: date | None,
    responder_id: int | None,
    reason: str,
    today: date,
    expected_version: int | None,
) -> None:
    """Correct a submission's dates or executive member with a reason (kept in the audit
    trail); the statutory deadline of its unanswered recommendations follows."""
    check_version(submission, expected_version, "this submission")
    if not (reason or "").strip():
        raise DomainError("Give the reason for the correction", field="reason")
    if submitted_on is None:
        raise DomainError("Enter the date they were submitted", field="submitted_on")
    received_on = received_on or submitted_on
    recs = list(submission.recommendations)
    _check_dates(recs, submitted_on, received_on, today)
    responder = executive_member(session, responder_id, "responder_id") if responder_id else None
    submission.submitted_on = submitted_on
    submission.received_on = received_on
    submission.response_due_on = response_deadline(received_on)
    submission.correction_reason = reason.strip()
    for rec in recs:
        rec.response_due_on = submission.response_due_on
        if responder is not None and rec.status == RecStatus.SUBMITTED:
            rec.responder_id = responder.id
    session.flush()
