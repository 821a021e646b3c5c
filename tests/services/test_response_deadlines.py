"""The statutory response clock: "two months beginning with" the day of receipt (s9FE)."""

from datetime import UTC, date, datetime

import pytest

from scrutiny.services.recommendations.response_deadlines import (
    add_months,
    deadline_flag,
    first_meeting_after,
    response_deadline,
)
from tests.factories import CommitteeFactory, MeetingFactory


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2023, 1, 15), date(2023, 3, 14)),  # the day before the same day-number
        (date(2022, 12, 31), date(2023, 2, 28)),  # no 31 February: the month's last day
        (date(2023, 12, 31), date(2024, 2, 29)),  # ... or the 29th in a leap year
        (date(2023, 12, 29), date(2024, 2, 28)),  # 29 February exists in 2024: the day before
        (date(2022, 12, 29), date(2023, 2, 28)),  # but not in 2023: the last day
        (date(2022, 12, 30), date(2023, 2, 28)),
        (date(2023, 12, 1), date(2024, 1, 31)),  # over the year end
        (date(2023, 11, 1), date(2023, 12, 31)),
        (date(2023, 7, 31), date(2023, 9, 30)),  # no 31 September
        (date(2023, 8, 31), date(2023, 10, 30)),
        (date(2026, 10, 26), date(2026, 12, 25)),  # Christmas Day: bank holidays do not move it
        (date(2026, 2, 26), date(2026, 4, 25)),
    ],
)
def test_two_months_beginning_with_the_day_of_receipt(received, due):
    assert response_deadline(received) == due


def test_follow_ups_land_on_the_same_day_number_or_the_months_end():
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2023, 3, 15), 12) == date(2024, 3, 15)


def test_flags_for_responses_due_within_14_days_and_overdue():
    due = date(2026, 7, 1)
    assert deadline_flag(due, date(2026, 6, 16), answered=False) is None
    assert deadline_flag(due, date(2026, 6, 17), answered=False) == "due_soon"
    assert deadline_flag(due, date(2026, 7, 1), answered=False) == "due_soon"
    assert deadline_flag(due, date(2026, 7, 2), answered=False) == "overdue"
    assert deadline_flag(due, date(2026, 7, 2), answered=True) is None


def test_the_first_panel_meeting_after_submission_skips_that_day_and_cancelled_meetings(session):
    panel = CommitteeFactory()
    MeetingFactory(committee=panel, starts_at=datetime(2026, 7, 1, 17, tzinfo=UTC))
    MeetingFactory(
        committee=panel, starts_at=datetime(2026, 7, 8, 17, tzinfo=UTC), status="cancelled"
    )
    later = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 9, 17, tzinfo=UTC))
    assert first_meeting_after(session, panel.id, date(2026, 7, 1)) == later
