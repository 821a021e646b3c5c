"""Publication deadlines: five clear working days, around weekends and bank holidays."""

from datetime import date

import pytest

from scrutiny.services.core.working_days import (
    is_bank_holiday,
    publication_deadline,
    working_days_before,
)


def test_seed_003_panel_of_24_february_2023_was_due_out_by_16_february():
    # The agenda pack for Friday 24 February 2023 was dispatched on 16 February 2023.
    assert publication_deadline(date(2023, 2, 24)) == date(2023, 2, 16)


def test_a_monday_meeting_counts_back_over_the_weekend():
    # Clear days: Fri 13, Thu 12, Wed 11, Tue 10, Mon 9; publish on a working day before them,
    # so by Friday 6 March 2026.
    assert publication_deadline(date(2026, 3, 16)) == date(2026, 3, 6)


@pytest.mark.parametrize(
    ("meeting", "deadline", "why"),
    [
        # Christmas 2025: clear days 5 and 2 January, 31, 30 and 29 December; the day before
        # is a Sunday, then 26 and 25 December are bank holidays, so publish by the 24th.
        (date(2026, 1, 6), date(2025, 12, 24), "Christmas, Boxing Day and New Year skipped"),
        # Easter 2026: Good Friday 3 April, Easter Monday 6 April.
        (date(2026, 4, 10), date(2026, 3, 31), "Good Friday and Easter Monday skipped"),
        # Early May bank holiday: Monday 4 May 2026. Clear: 7, 6, 5 May, 1 May, 30 April.
        (date(2026, 5, 8), date(2026, 4, 29), "early May bank holiday skipped"),
        # Spring bank holiday: Monday 25 May 2026. Clear: 28, 27, 26, 22, 21 May.
        (date(2026, 5, 29), date(2026, 5, 20), "spring bank holiday skipped"),
    ],
)
def test_bank_holidays_are_not_clear_days(meeting, deadline, why):
    assert publication_deadline(meeting) == deadline, why


def test_scotland_has_its_own_bank_holidays():
    # 2 January is a bank holiday in Scotland only.
    assert is_bank_holiday(date(2026, 1, 2), "Scotland")
    assert not is_bank_holiday(date(2026, 1, 2), "England and Wales")
    # Scotland: clear 8, 7, 6, 5 January and 31 December -> 30 December.
    assert publication_deadline(date(2026, 1, 9), region="Scotland") == date(2025, 12, 30)
    # England: clear 8, 7, 6, 5 and 2 January; 1 January is a holiday -> 31 December.
    assert publication_deadline(date(2026, 1, 9)) == date(2025, 12, 31)


def test_a_council_counting_calendar_days_gets_a_later_deadline():
    # Five clear calendar days before Monday 16 March 2026: 15, 14, 13, 12, 11 -> 10 March.
    assert publication_deadline(date(2026, 3, 16), working_days_only=False) == date(2026, 3, 10)


def test_working_days_before_skips_weekends_and_holidays():
    assert working_days_before(date(2026, 4, 7), 3) == date(2026, 3, 31)
