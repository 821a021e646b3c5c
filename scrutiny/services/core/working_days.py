"""Working days and the statutory publication deadline (LGA 1972 s100B(3)).

An agenda must be open to inspection at least five clear days before the meeting. Clear days
exclude the day of publication and the day of the meeting; following R v Swansea CC ex p
Elitestone, councils also exclude weekends and bank holidays, which is the default here and a
setting (SCRUTINY_CLEAR_DAYS_ARE_WORKING_DAYS).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

from scrutiny.config import BANK_HOLIDAY_REGIONS

#: Clear days required between publication and the meeting (s100B(3)).
STATUTORY_CLEAR_DAYS = 5


@cache
def _bank_holidays(region: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(
        "GB", subdiv=BANK_HOLIDAY_REGIONS[region], years=year, categories=("public",)
    )


def is_bank_holiday(day: date, region: str = "England and Wales") -> bool:
    """True if `day` is a bank holiday in the region (England and Wales by default)."""
    return day in _bank_holidays(region, day.year)


def is_working_day(day: date, region: str = "England and Wales") -> bool:
    """True for Monday to Friday that is not a bank holiday in the region."""
    return day.weekday() < 5 and not is_bank_holiday(day, region)


def publication_deadline(
    meeting_day: date,
    *,
    region: str = "England and Wales",
    clear_days: int = STATUTORY_CLEAR_DAYS,
    working_days_only: bool = True,
) -> date:
    """The last day the agenda can be published with `clear_days` clear days before the meeting.

    Counts back from the day before the meeting, skipping non-working days when
    `working_days_only`; publication must fall before the last clear day counted, and, when
    counting working days, on a working day (the offices are open to inspection then).
    """
    day = meeting_day - timedelta(days=1)
    counted = 0
    while counted < clear_days:
        if not working_days_only or is_working_day(day, region):
            counted += 1
        day -= timedelta(days=1)
    while working_days_only and not is_working_day(day, region):
        day -= timedelta(days=1)
    return day


def working_days_before(day: date, count: int, *, region: str = "England and Wales") -> date:
    """The date `count` working days before `day` (for reminders ahead of a deadline)."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day, region):
            count -= 1
    return day


def working_days_between(start: date, end: date, *, region: str = "England and Wales") -> int:
    """How many working days fall after `start` up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, region):
            count += 1
    return count


def working_days_after(day: date, count: int, *, region: str = "England and Wales") -> date:
    """The `count`th working day after `day` (counting starts the day after; 0 gives `day`)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, region):
            count -= 1
    return day
