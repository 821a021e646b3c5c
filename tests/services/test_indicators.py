"""Key performance indicators: values move to previous, direction of travel, targets."""

from datetime import date
from decimal import Decimal

import pytest

from scrutiny.services.core.errors import DomainError
from scrutiny.services.plans import indicators, plans


@pytest.fixture
def plan(session):
    return plans.create_plan(
        session, title="Plan", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )


def test_a_new_value_moves_the_old_one_to_previous_and_gives_the_direction(session, plan):
    visits = indicators.add_indicator(
        session, plan, name="Visits on time", unit="%", target=Decimal("90"),
        current_value=Decimal("82"), measured_on=date(2026, 3, 31),
    )  # fmt: skip
    assert indicators.direction(visits) is None and indicators.meets_target(visits) is False
    indicators.record_value(
        visits, Decimal("91.5"), measured_on=date(2026, 6, 30), expected_version=None
    )
    assert (visits.previous_value, visits.current_value) == (Decimal("82"), Decimal("91.5"))
    assert indicators.direction(visits) == "improving" and indicators.meets_target(visits)
    assert indicators.show_value(visits.current_value, visits.unit) == "91.5%"


def test_lower_is_better_indicators_and_out_of_order_values(session, plan):
    waits = indicators.add_indicator(
        session, plan, name="Days to assessment", unit="days", higher_is_better=False,
        target=Decimal("45"), current_value=Decimal("40"), measured_on=date(2026, 3, 31),
    )  # fmt: skip
    indicators.record_value(
        waits, Decimal("52"), measured_on=date(2026, 6, 30), expected_version=None
    )
    assert indicators.direction(waits) == "worsening"
    assert indicators.meets_target(waits) is False
    assert indicators.show_value(waits.current_value, waits.unit) == "52 days"
    with pytest.raises(DomainError, match="before the current value was measured"):
        indicators.record_value(
            waits, Decimal("30"), measured_on=date(2026, 5, 1), expected_version=None
        )
    assert waits.current_value == Decimal("52")
