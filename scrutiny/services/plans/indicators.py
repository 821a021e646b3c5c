"""Key performance indicators of a plan: adding them, recording each period's value (the old
one becomes the previous value), and the direction of travel."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scrutiny.models.plans import PlanIndicator, ServicePlan
from scrutiny.services.core.errors import DomainError, check_version


def add_indicator(
    session: Session,
    plan: ServicePlan,
    *,
    name: str,
    unit: str = "",
    higher_is_better: bool = True,
    target: Decimal | None = None,
    current_value: Decimal | None = None,
    measured_on: date | None = None,
) -> PlanIndicator:
    """Add an indicator at the end of the plan's table."""
    if not (name or "").strip():
        raise DomainError("Enter the indicator's name", field="name")
    if current_value is not None and measured_on is None:
        raise DomainError("Enter the date the value was measured", field="measured_on")
    last = session.scalar(
        select(func.max(PlanIndicator.position)).where(PlanIndicator.plan_id == plan.id)
    )
    indicator = PlanIndicator(
        plan_id=plan.id,
        position=(last or 0) + 1,
        name=name.strip(),
        unit=(unit or "").strip(),
        higher_is_better=higher_is_better,
        target=target,
        current_value=current_value,
        measured_on=measured_on if current_value is not None else None,
    )
    session.add(indicator)
    session.flush()
    return indicator


def record_value(
    indicator: PlanIndicator,
    value: Decimal | None,
    *,
    measured_on: date | None,
    expected_version: int | None,
) -> None:
    """A new period's value: the current one becomes the previous one."""
    check_version(indicator, expected_version, "this indicator")
    if value is None:
        raise DomainError("Enter the value", field="value")
    if measured_on is None:
        raise DomainError("Enter the date the value was measured", field="measured_on")
    if indicator.measured_on is not None and measured_on < indicator.measured_on:
        raise DomainError(
            "That is before the current value was measured: record the newest value",
            field="measured_on",
        )
    indicator.previous_value = indicator.current_value
    indicator.current_value = value
    indicator.measured_on = measured_on


def direction(indicator: PlanIndicator) -> str | None:
    """'improving', 'worsening' or 'no change' from the previous value; None if unknown."""
    if indicator.current_value is None or indicator.previous_value is None:
        return None
    if indicator.current_value == indicator.previous_value:
        return "no change"
    better = indicator.current_value > indicator.previous_value
    return "improving" if better == indicator.higher_is_better else "worsening"


def meets_target(indicator: PlanIndicator) -> bool | None:
    """Whether the current value meets the target; None if either is missing."""
    if indicator.current_value is None or indicator.target is None:
        return None
    if indicator.higher_is_better:
        return indicator.current_value >= indicator.target
    return indicator.current_value <= indicator.target


def indicators_of(session: Session, plan: ServicePlan) -> list[PlanIndicator]:
    """The plan's indicators in order."""
    return list(
        session.scalars(
            select(PlanIndicator)
            .where(PlanIndicator.plan_id == plan.id)
            .order_by(PlanIndicator.position, PlanIndicator.id)
        )
    )


def show_value(value: Decimal | None, unit: str) -> str:
    """'85%', '12 days', '1,204' — a value as the table shows it."""
    if value is None:
        return ""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}" if unit.startswith(("%", " ")) or not unit else f"{text} {unit}"
