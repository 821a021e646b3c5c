"""Highlight reports and executive summaries, gathered from plans' actions and their updates.

A **highlight report** (seed 001) covers one plan for a period: overall status and trend, the
reason for the status, achievements (actions completed in the period), slippage (overdue actions
with their latest narrative and next steps as the remedial action), milestones (open actions due
in the next period of the same length), actions for the next period, risks, variances and
decisions required. An **executive summary** (seed 000) has one row per plan (status, trend,
reason) with an overview, decisions required and emerging work for the next period.

The figures come from the data, gathered by `plan_report_data`; the officer's words live in
`PlanReport.narrative` and may be edited while the report is a draft. Issuing stores the
gathered data in `PlanReport.snapshot` (dates as ISO strings, with their labels): an issued
report is always shown from its snapshot, so it stays as issued whatever happens to the actions
afterwards.

Gathered data is plain JSON (strings, numbers, lists, dicts), the same shape for a draft's live
data and an issued report's snapshot, so one template shows both.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.people import User
from scrutiny.models.plans import PlanReport, ServicePlan
from scrutiny.services.core.clocks import to_local
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.plans.plan_report_data import (
    HIGHLIGHT,
    SUMMARY,
    gather_highlight,
    gather_summary,
    overview_from_rows,
)

DRAFT, ISSUED = "draft", "issued"

#: The officer's words in a highlight report, in the order of seed 001, with their headings.
HIGHLIGHT_FIELDS = {
    "reason": "Reason for current status",
    "risks": "Most significant current risks",
    "variances": "Variances",
    "decisions_required": "Decisions required",
}
#: The officer's words in an executive summary (plus a reason per plan, under "reasons").
SUMMARY_FIELDS = {
    "overview": "Overall",
    "emerging_work": "Emerging work for next period",
    "decisions_required": "Decisions required",
}
#: Longest text accepted in one narrative field.
MAX_NARRATIVE = 20_000


def create_highlight(
    session: Session, plan: ServicePlan, start: date, end: date, user: User, now: datetime
) -> PlanReport:
    """A draft highlight report for the plan and period, its reason drafted from the data."""
    data = gather_highlight(session, plan, start, end, to_local(now).date())
    report = PlanReport(
        kind=HIGHLIGHT,
        plan_id=plan.id,
        period_start=start,
        period_end=end,
        state=DRAFT,
        overall_rag=data["overall_rag"],
        trend=data["trend"],
        narrative={name: "" for name in HIGHLIGHT_FIELDS} | {"reason": data["reason"]},
        created_by_id=user.id,
    )
    session.add(report)
    session.flush()
    return report


def create_summary(
    session: Session,
    plans: list[ServicePlan],
    start: date,
    end: date,
    user: User,
    now: datetime,
) -> PlanReport:
    """A draft executive summary across the plans, each plan's reason drafted from its data."""
    if not plans:
        raise DomainError("Choose at least one plan", field="plan_ids")
    data = gather_summary(session, plans, start, end, to_local(now).date())
    report = PlanReport(
        kind=SUMMARY,
        plan_id=None,
        period_start=start,
        period_end=end,
        state=DRAFT,
        overall_rag=data["overall_rag"],
        trend=data["trend"],
        narrative={
            "overview": overview_from_rows(data["plans"]),
            "emerging_work": "",
            "decisions_required": "",
            "reasons": {str(row["plan_id"]): row["reason"] for row in data["plans"]},
        },
        created_by_id=user.id,
    )
    session.add(report)
    session.flush()
    return report


def summary_plans(session: Session, report: PlanReport) -> list[ServicePlan]:
    """The plans a summary covers (those it has a reason for)."""
    ids = [int(key) for key in (report.narrative or {}).get("reasons", {})]
    if not ids:
        return []
    return list(session.scalars(select(ServicePlan).where(ServicePlan.id.in_(ids))))


def fields_of(report: PlanReport) -> dict[str, str]:
    """The narrative fields of the report's kind, with their headings."""
    return HIGHLIGHT_FIELDS if report.kind == HIGHLIGHT else SUMMARY_FIELDS


def _text(value, name: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_NARRATIVE:
        raise DomainError(f"Shorten this text to {MAX_NARRATIVE:,} characters or fewer", field=name)
    return text


def update_narrative(report: PlanReport, fields: dict, expected_version: int | None) -> None:
    """Change the officer's words in a draft. `fields` holds some of the kind's narrative
    fields and, for a summary, "reasons": {plan id: text} for plans the summary covers."""
    if report.state == ISSUED:
        raise DomainError("Issued reports cannot be changed")
    check_version(report, expected_version, "this report")
    narrative = dict(report.narrative or {})
    for name in fields_of(report):
        if name in fields:
            narrative[name] = _text(fields[name], name)
    if report.kind == SUMMARY and "reasons" in fields:
        reasons = dict(narrative.get("reasons", {}))
        for key, value in (fields["reasons"] or {}).items():
            if str(key) in reasons:
                reasons[str(key)] = _text(value, f"reason_{key}")
        narrative["reasons"] = reasons
    report.narrative = narrative  # a new dict, so the JSON column sees the change


def report_data(session: Session, report: PlanReport, today: date) -> dict:
    """What the report shows: its snapshot once issued, the live data while a draft."""
    if report.state == ISSUED and report.snapshot is not None:
        return report.snapshot
    if report.kind == HIGHLIGHT:
        plan = session.get(ServicePlan, report.plan_id)
        return gather_highlight(session, plan, report.period_start, report.period_end, today)
    return gather_summary(
        session, summary_plans(session, report), report.period_start, report.period_end, today
    )


def issue(
    session: Session,
    report: PlanReport,
    user: User,
    now: datetime,
    expected_version: int | None = None,
) -> None:
    """Freeze the report: store what the data says now in its snapshot and mark it issued."""
    if report.state == ISSUED:
        raise DomainError("This report has already been issued")
    check_version(report, expected_version, "this report")
    data = report_data(session, report, to_local(now).date())
    report.snapshot = data
    report.overall_rag = data["overall_rag"]
    report.trend = data["trend"]
    report.state = ISSUED
    report.issued_at = now
    report.issued_by_id = user.id
    session.flush()
