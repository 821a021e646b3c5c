"""Demo data: a highlight report (seed 001's words and KPIs) and an executive summary (seed 000's)
on the demo service plan for the last full quarter, issued a few working days after it ended.
The KPIs' previous values were measured the day before the quarter, their current ones on its
last day."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.demo import plan as demo_plan
from scrutiny.demo.timeline import Timeline
from scrutiny.models.people import User
from scrutiny.models.plans import PlanReport, ServicePlan
from scrutiny.services.plans import indicators, plan_reports

#: name, unit, higher is better, target, previous value, current value: seed 001's KPI table.
KPIS = [
    ("Children on second or subsequent Child Protection Plans within two years", "%", False,
     "20.7", "13.9", "12.9"),
    ("Child Protection statutory visits that took place on time", "%", True, "95", "92.4", "92.3"),
    ("Children looked after 2.5 years+ in the same placement for the past 2 years", "%", True,
     "70", "56.5", "54.5"),
    ("Children looked after for 4 months+ with a recorded permanence plan", "%", True, "95",
     "95.7", "95.14"),
    ("Care leavers in suitable accommodation", "%", True, "84.8", "95.2", "95.3"),
]  # fmt: skip

#: The officer's words in the highlight report, from seed 001.
HIGHLIGHT = {
    "risks": "Permanent staff recruitment remains fragile. If we are unable to recruit to a "
    "significant number of the posts to be filled, consistent progress towards improved "
    "quality of practice may falter.\nPlacement stability for children looked after has "
    "deteriorated. Placement breakdown can adversely affect children's emotional health.",
    "variances": "The police continue to have challenges in managing front line safeguarding "
    "duties in line with Working Together. Child protection strategy meetings and information "
    "about risk to children are not always timely.",
    "decisions_required": "That the Panel continues to ensure that agencies prioritise the "
    "needs of Children Looked After.",
}

#: The officer's words in the executive summary, from seed 000.
SUMMARY = {
    "emerging_work": "The Local Offer sustainability plan has been developed and costed and is "
    "now with the senior management team awaiting approval.\nConsultation on the next "
    "Children and Young People's Plan at the voluntary and community sector forum.",
    "decisions_required": "None this quarter.",
}


def _indicators(session: Session, plan: ServicePlan, tl: Timeline) -> None:
    for name, unit, higher, target, previous, current in KPIS:
        indicator = indicators.add_indicator(
            session,
            plan,
            name=name,
            unit=unit,
            higher_is_better=higher,
            target=Decimal(target),
            current_value=Decimal(previous),
            measured_on=tl.quarter.start - timedelta(days=1),
        )
        indicators.record_value(
            indicator, Decimal(current), measured_on=tl.quarter.end, expected_version=None
        )


def load_reports(session: Session, officer: User, tl: Timeline) -> int:
    """Add the KPIs and issue the two reports on the last full quarter; returns how many reports
    were made."""
    plan = session.scalar(select(ServicePlan).where(ServicePlan.title == demo_plan.title_for(tl)))
    if plan is None or session.scalar(select(PlanReport.id).where(PlanReport.plan_id == plan.id)):
        return 0
    _indicators(session, plan, tl)
    start, end = tl.quarter.start, tl.quarter.end
    issued_on = tl.reports_issued_on
    issued_at = tl.at(issued_on, time(8, 30) if issued_on == tl.as_of else time(15))
    highlight = plan_reports.create_highlight(session, plan, start, end, officer, issued_at)
    plan_reports.update_narrative(highlight, HIGHLIGHT, expected_version=None)
    plan_reports.issue(session, highlight, officer, issued_at)
    summary = plan_reports.create_summary(session, [plan], start, end, officer, issued_at)
    plan_reports.update_narrative(summary, SUMMARY, expected_version=None)
    plan_reports.issue(session, summary, officer, issued_at)
    return 2
