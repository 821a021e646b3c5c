"""Demo data: the two Music Service recommendations of seed 003 (CAY 12), submitted to the
executive a few days after the last meeting; the first accepted, with an implementation action
under way, the second still awaiting its response with the statutory clock running. And the
CAMHS Working Group's recommendation (seed 003's work programme, agreed at the informal meeting),
submitted some ten weeks ago: its two-month response is overdue."""

from __future__ import annotations

from datetime import time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.committees import Committee
from scrutiny.models.people import Post, User
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.services.actions import actions
from scrutiny.services.recommendations import recommendations, submissions
from scrutiny.services.recommendations.response_deadlines import add_months

RESPONSE = (
    "Approvals to Executive Member noted. The Executive agrees that the Music Service form a "
    "tri-LA shared service with B&NES and South Gloucestershire."
)
#: description, owner post, weeks after the as-of day it is due
ACTION = (
    "Set up the tri-LA shared music service with B&NES and South Gloucestershire",
    "Assistant Director, Children's Support and Safeguarding",
    8,
)
UPDATE = "Business case agreed by the three councils; staff consultation under way."

#: The CAMHS Working Group's first recommendation, as the seed's work programme words it.
CAMHS = (
    "HOSP/CYPS calls on the council, CCG and system partners to work together to begin to close "
    "the estimated £700k funding gap and to specifically improve services for eating disorders, "
    "learning disabilities, and primary & infant mental health services."
)
CAMHS_SOURCE = "Overview of Findings from CAMHS Working Group"
#: Days before the as-of day its two-month response fell due.
CAMHS_OVERDUE_DAYS = 10


def _overdue_camhs(session: Session, panel: Committee, officer: User, member: User, tl) -> None:
    """Agree the CAMHS recommendation at the informal meeting and submit it so that its
    response fell due CAMHS_OVERDUE_DAYS ago, unanswered."""
    rec = Recommendation(
        committee=panel, text=CAMHS, addressed_to="The Executive", source=CAMHS_SOURCE
    )
    session.add(rec)
    recommendations.agree(session, rec, tl.last_meeting - timedelta(weeks=18))
    session.flush()
    submitted_on = add_months(tl.days(-CAMHS_OVERDUE_DAYS + 1), -2)
    submissions.submit(
        session,
        panel,
        [rec.id],
        title=CAMHS_SOURCE,
        submitted_on=submitted_on,
        received_on=None,
        responder_id=member.id,
        user=officer,
        today=tl.as_of,
    )


def load_recommendations(session: Session, panel: Committee, officer: User, tl: Timeline) -> int:
    """Submit the Music Service recommendations and answer the first; 0 if done before."""
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
    submissions.submit(
        session,
        panel,
        [r.id for r in recs],
        title="Future Governance of the Music Service",
        submitted_on=tl.submitted_on,
        received_on=None,
        responder_id=member.id,
        user=officer,
        today=tl.as_of,
    )
    first = recs[0]
    recommendations.save_response(
        session, first, kind="accepted", text=RESPONSE, reasons="", responder_id=None, user=member
    )
    description, post_name, weeks = ACTION
    post = session.scalar(select(Post).where(Post.name == post_name))
    action = recommendations.add_implementation_action(
        session,
        first,
        description=description,
        post_ids=[post.id],
        due_on=tl.as_of + timedelta(weeks=weeks),
        user=member,
    )
    recommendations.submit_response(session, first, user=member, now=tl.at(tl.response_on))
    actions.record_update(
        session,
        action,
        rag="amber",
        narrative=UPDATE,
        next_steps="Transfer staff to the new company.",
        due_on=None,
        user=officer,
        now=tl.at(tl.days(-6), time(11)),
        expected_version=None,
    )
    _overdue_camhs(session, panel, officer, member, tl)
    return 3
