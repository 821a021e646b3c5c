"""Demo data: the two Music Service recommendations of 20 October 2022 (seed 003, CAY 12),
submitted to the executive; the first accepted with an action, the second still unanswered and
so past its statutory deadline."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.committees import Committee
from scrutiny.models.people import Post, User
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.services import actions, recommendations

SUBMITTED_ON = date(2022, 10, 25)
RESPONDED_AT = datetime(2022, 11, 16, 10, 0, tzinfo=UTC)
RESPONSE = (
    "Approvals to Executive Member noted. The Executive agrees that the Music Service form a "
    "tri-LA shared service with B&NES and South Gloucestershire."
)
ACTION = (
    "Set up the tri-LA shared music service with B&NES and South Gloucestershire",
    "Assistant Director, Children's Support and Safeguarding",
    date(2023, 9, 1),
)
UPDATE = "Business case agreed by the three councils; staff consultation under way."


def load_recommendations(session: Session, panel: Committee, officer: User) -> int:
    """Submit the Music Service recommendations and respond to the first; 0 if done before."""
    recs = list(
        session.scalars(
            select(Recommendation)
            .where(
                Recommendation.committee_id == panel.id,
                Recommendation.source.like("CAY 12(%"),
            )
            .order_by(Recommendation.id)
        )
    )
    if len(recs) != 2 or recs[0].status != RecStatus.AGREED:
        return 0
    member = session.scalar(select(User).where(User.name == "Catherine Gibbons"))
    recommendations.submit(
        session,
        panel,
        [r.id for r in recs],
        title="Future Governance of the Music Service",
        submitted_on=SUBMITTED_ON,
        received_on=None,
        responder_id=member.id,
        user=officer,
        today=SUBMITTED_ON,
    )
    first = recs[0]
    response = recommendations.save_response(
        session, first, kind="accepted", text=RESPONSE, reasons="", responder_id=None, user=member
    )
    description, post_name, due_on = ACTION
    post = session.scalar(select(Post).where(Post.name == post_name))
    action = recommendations.add_implementation_action(
        session, first, description=description, post_ids=[post.id], due_on=due_on, user=member
    )
    # Published in November 2022; recorded directly so the demo's 2026 meetings get no
    # follow-up rows or agenda items for a response that old.
    response.submitted_at = RESPONDED_AT
    response.responded_on = RESPONDED_AT.date()
    first.status = RecStatus.IN_PROGRESS
    actions.record_update(
        session,
        action,
        rag="amber",
        narrative=UPDATE,
        next_steps="Transfer staff to the new company.",
        due_on=None,
        user=officer,
        now=datetime(2023, 2, 1, 9, tzinfo=UTC),
        expected_version=None,
    )
    return 2
