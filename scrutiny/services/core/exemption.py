"""Exempt-derived content: a recommendation or action made from a Part 2 item's minute (and
the actions implementing such a recommendation) is exempt too, until an officer releases it
with a recorded reason.

Who may see it while it is restricted (an `Audience`): staff; councillors who sit on the
committee that made it; the holders of an action's owner posts; and the executive member
asked to respond (for a recommendation and the actions implementing it). Everyone else,
the public included, never sees it: lists filter in SQL through the clauses here, single
pages through `may_see`, and public documents are built for `PUBLIC`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select, true
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action, action_owner_posts
from scrutiny.models.committees import Membership
from scrutiny.models.meetings import AgendaItem
from scrutiny.models.people import PostHolding, Role, User
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.core.errors import DomainError, check_version

#: Words shown wherever an entitled reader sees restricted content.
NOTICE = "Exempt: made from a Part 2 item, not open to the public until an officer releases it"


@dataclass(frozen=True)
class Audience:
    """Who is reading, as far as exempt-derived content is concerned."""

    #: Staff see everything.
    everything: bool = False
    user_id: int | None = None
    #: Committees on which the reader sits today as a councillor.
    committee_ids: frozenset[int] = frozenset()
    #: Posts the reader holds today.
    post_ids: frozenset[int] = frozenset()


def audience_key(audience: Audience) -> tuple:
    """The audience as a stable cache key (its sets sorted)."""
    return (
        audience.everything,
        audience.user_id,
        tuple(sorted(audience.committee_ids)),
        tuple(sorted(audience.post_ids)),
    )


#: The public, and every public document (packs, exports, the work programme as printed).
PUBLIC = Audience()
#: Officers and administrators.
EVERYONE = Audience(everything=True)


def audience_for(session: Session, user: User, *, staff: bool, today: date) -> Audience:
    """The audience a signed-in user belongs to today (two small queries unless staff)."""
    if staff:
        return EVERYONE
    committee_ids: frozenset[int] = frozenset()
    if Role.COUNCILLOR in user.roles:
        committee_ids = frozenset(
            session.scalars(
                select(Membership.committee_id).where(
                    Membership.user_id == user.id, Membership.current_on_clause(today)
                )
            )
        )
    post_ids = frozenset(
        session.scalars(
            select(PostHolding.post_id).where(
                PostHolding.user_id == user.id, PostHolding.current_on_clause(today)
            )
        )
    )
    return Audience(user_id=user.id, committee_ids=committee_ids, post_ids=post_ids)


def recommendation_clause(audience: Audience):
    """SQL: the recommendations this audience may read."""
    if audience.everything:
        return true()
    allowed = [Recommendation.restricted.is_(False)]
    if audience.committee_ids:
        allowed.append(Recommendation.committee_id.in_(audience.committee_ids))
    if audience.user_id is not None:
        allowed.append(Recommendation.responder_id == audience.user_id)
    return or_(*allowed)


def action_clause(audience: Audience):
    """SQL: the actions this audience may read."""
    if audience.everything:
        return true()
    allowed = [Action.restricted.is_(False)]
    if audience.committee_ids:
        allowed.append(Action.committee_id.in_(audience.committee_ids))
    if audience.post_ids:
        allowed.append(
            Action.id.in_(
                select(action_owner_posts.c.action_id).where(
                    action_owner_posts.c.post_id.in_(audience.post_ids)
                )
            )
        )
    if audience.user_id is not None:
        allowed.append(
            Action.recommendation_id.in_(
                select(Recommendation.id).where(Recommendation.responder_id == audience.user_id)
            )
        )
    return or_(*allowed)


def may_see(session: Session, audience: Audience, obj: Recommendation | Action) -> bool:
    """True if the audience may read this one recommendation or action."""
    if not obj.restricted or audience.everything:
        return True
    if obj.committee_id is not None and obj.committee_id in audience.committee_ids:
        return True
    if isinstance(obj, Recommendation):
        return audience.user_id is not None and obj.responder_id == audience.user_id
    if any(post.id in audience.post_ids for post in obj.owner_posts):
        return True
    if obj.recommendation_id is not None and audience.user_id is not None:
        rec = session.get(Recommendation, obj.recommendation_id)
        return rec is not None and rec.responder_id == audience.user_id
    return False


def inherit_from_item(obj: Recommendation | Action, item: AgendaItem | None) -> None:
    """Content made from a Part 2 item's minute is exempt under the same paragraph."""
    if item is not None and item.exempt:
        obj.exempt_paragraph = item.exempt_paragraph
        obj.restricted = True


def inherit_from(obj: Action, source: Recommendation) -> None:
    """An action implementing a restricted recommendation is restricted too."""
    if source.restricted:
        obj.exempt_paragraph = source.exempt_paragraph
        obj.restricted = True


def release(
    session: Session,
    obj: Recommendation | Action,
    *,
    reason: str,
    user: User,
    now: datetime,
    expected_version: int | None = None,
) -> list[Action]:
    """An officer opens restricted content to the public, with a reason kept on record.

    Releasing a recommendation also releases the actions implementing it (they were made
    from it); returns those actions.
    """
    check_version(obj, expected_version, "this item")
    if not obj.restricted:
        raise DomainError("This is already open to the public")
    if not (reason or "").strip():
        raise DomainError(
            "Give the reason it may now be made public (for example, the information is no "
            "longer confidential)",
            field="reason",
        )
    also: list[Action] = []
    if isinstance(obj, Recommendation):
        also = list(
            session.scalars(
                select(Action).where(
                    Action.recommendation_id == obj.id, Action.restricted.is_(True)
                )
            )
        )
    for each in (obj, *also):
        each.restricted = False
        each.released_at = now
        each.released_by_id = user.id
        each.release_reason = reason.strip()
    session.flush()
    return also
