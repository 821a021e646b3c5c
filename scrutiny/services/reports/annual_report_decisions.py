"""The annual report's figures on executive decisions: call-ins made in the year and their
outcomes, and forward plan decisions the committee picked for pre-decision scrutiny.

Only published records are counted; a decision's title and the forward plan's matter are public
even when the record's detail is exempt, so nothing exempt is named. Each figure and row links to
the public decision or forward plan page.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.committees import Committee
from scrutiny.models.executive_decisions import (
    CallIn,
    CallInOutcome,
    DecisionRecord,
    ForwardPlanEntry,
)
from scrutiny.models.programme import ProgrammeItem
from scrutiny.services.core.clocks import format_day
from scrutiny.services.reports.annual_report_data import figure, link


def _call_ins(session: Session, committee: Committee, start: datetime, end: datetime):
    return list(
        session.scalars(
            select(CallIn)
            .join(DecisionRecord, CallIn.decision_id == DecisionRecord.id)
            .where(
                DecisionRecord.committee_id == committee.id,
                DecisionRecord.published_at.is_not(None),
                CallIn.lodged_at >= start,
                CallIn.lodged_at < end,
            )
            .order_by(CallIn.lodged_at, CallIn.id)
        )
    )


def _state(call_in: CallIn, cut_off: date) -> str:
    """The call-in's outcome as it stood at the cut-off, in words."""
    if call_in.ruled_on is None or call_in.ruled_on > cut_off:
        return "awaiting a ruling on validity"
    if not call_in.valid:
        return "ruled not valid"
    if call_in.outcome is None or call_in.outcome_on is None or call_in.outcome_on > cut_off:
        return "awaiting the committee"
    return CallInOutcome(call_in.outcome).label


def _picked(session: Session, committee: Committee, year_start: date) -> list[ForwardPlanEntry]:
    return list(
        session.scalars(
            select(ForwardPlanEntry)
            .join(ProgrammeItem, ForwardPlanEntry.programme_item_id == ProgrammeItem.id)
            .where(
                ForwardPlanEntry.committee_id == committee.id,
                ForwardPlanEntry.published_at.is_not(None),
                ProgrammeItem.year_start == year_start,
            )
            .order_by(ForwardPlanEntry.decision_on, ForwardPlanEntry.id)
        )
    )


def gather_decisions(
    session: Session,
    committee: Committee,
    year_start: date,
    cut_off: date,
    bounds: tuple[datetime, datetime],
) -> dict:
    """Call-ins lodged in [bounds) with their outcome at the cut-off, and pre-decision
    scrutiny picked onto the year's work programme, as plain JSON."""
    call_ins = _call_ins(session, committee, *bounds)
    rows = [
        {
            "title": c.decision.title,
            "state": _state(c, cut_off),
            "link": link("forward_plan.decision", record_id=c.decision_id),
        }
        for c in call_ins
    ]
    picked = [
        {
            "title": e.matter,
            "decision_on": format_day(e.decision_on),
            "link": link("forward_plan.show", entry_id=e.id),
        }
        for e in _picked(session, committee, year_start)
    ]
    decisions = link("forward_plan.decisions")
    plan = link("forward_plan.index")

    def counted(words: str) -> int:
        return sum(1 for r in rows if r["state"] == words)

    return {
        "call_ins": rows,
        "pre_decision": picked,
        "figures": [
            figure("call_ins_made", "Call-ins made", len(rows), decisions),
            figure("call_ins_invalid", "Ruled not valid", counted("ruled not valid"), decisions),
            *(
                figure(f"call_ins_{o.value}", o.label, counted(o.label), decisions)
                for o in CallInOutcome
            ),
            figure("pre_decision", "Forward plan decisions scrutinised before", len(picked), plan),
        ],
    }
