"""Reading slippage: revisions of actions' due dates, as lines and for a period.

Dues move only through services.actions.revise_due, which keeps the original and a revision.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.actions import ActionDueRevision
from scrutiny.services.core.clocks import format_day, to_local


def describe(revision: ActionDueRevision) -> str:
    """One line for a revision: "1 June 2026 to 1 March 2027 on 15 June 2026 by Ann: why"."""
    return (
        f"{_day(revision.old_due_on)} to {_day(revision.new_due_on)} on "
        f"{format_day(to_local(revision.revised_at).date())} by {revision.revised_by.name}: "
        f"{revision.reason}"
    )


def _day(day: date | None) -> str:
    return format_day(day) if day else "no date"


def revisions_between(
    session: Session, action_ids: list[int], start: datetime, end: datetime
) -> list[ActionDueRevision]:
    """Revisions of these actions made in [start, end), oldest first, with who made them."""
    if not action_ids:
        return []
    return list(
        session.scalars(
            select(ActionDueRevision)
            .where(
                ActionDueRevision.action_id.in_(action_ids),
                ActionDueRevision.revised_at >= start,
                ActionDueRevision.revised_at < end,
            )
            .options(selectinload(ActionDueRevision.revised_by))
            .order_by(ActionDueRevision.revised_at, ActionDueRevision.id)
        )
    )
