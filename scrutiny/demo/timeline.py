"""The demo's calendar: seed 003's dates moved so the council is mid-cycle on the as-of day.

The seed's 20 October 2022 meeting becomes the last meeting (about five weeks before the
as-of day, its minutes still a draft) and its agenda of 24 February 2023 becomes the next
meeting's (about two weeks ahead, in draft, with its publication deadline a few working days
away). The service plan's months move so it starts a quarter before the last full quarter
(`last_full_quarter`, the product's default report period): the seed's January to March fall in
the quarter before, April to June in the last full quarter, on which the highlight report and
executive summary are issued a few working days after it ended, and the as-of day falls in the
seed's July to September.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app

from scrutiny.services.core import working_days
from scrutiny.services.core.clocks import local_zone
from scrutiny.services.plans.plan_report_data import Period, last_full_quarter
from scrutiny.services.recommendations.response_deadlines import add_months

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
THURSDAY = 3
#: The seed plan's first month; every "Month 2022/2023" in its due column moves with it.
SEED_PLAN_START = date(2023, 1, 1)
#: Working days after the quarter's end that the quarter's reports are issued.
REPORTS_AFTER = 3
_MONTH_YEAR = re.compile(r"\b(" + "|".join(MONTHS) + r") (2022|2023)\b")


def _thursday_on_or_after(day: date) -> date:
    return day + timedelta(days=(THURSDAY - day.weekday()) % 7)


def _region() -> str:
    return current_app.config["SCRUTINY_BANK_HOLIDAYS"]


def _working_thursday(day: date, step: int) -> date:
    """The Thursday on or after `day` that is a working day, moving `step` weeks if not."""
    day = _thursday_on_or_after(day)
    while not working_days.is_working_day(day, _region()):
        day += timedelta(weeks=step)
    return day


def _deadline(meeting_day: date) -> date:
    return working_days.publication_deadline(
        meeting_day,
        region=_region(),
        working_days_only=current_app.config["SCRUTINY_CLEAR_DAYS_ARE_WORKING_DAYS"],
    )


def _working_day_after(day: date, count: int) -> date:
    while count:
        day += timedelta(days=1)
        if working_days.is_working_day(day, _region()):
            count -= 1
    return day


@dataclass(frozen=True)
class Timeline:
    """Every date the demo needs, worked out from the as-of day."""

    as_of: date
    last_meeting: date
    next_meeting: date
    later_meetings: tuple[date, ...]
    submitted_on: date
    minutes_published_on: date
    response_on: date
    plan_start: date
    #: The last full quarter before the as-of day: the period the demo's reports cover.
    quarter: Period
    reports_issued_on: date

    @property
    def now(self) -> datetime:
        """09:00 on the as-of day, London time."""
        return self.at(self.as_of, time(9))

    def at(self, day: date, at: time = time(10)) -> datetime:
        """A local time on a day, as an aware datetime."""
        return datetime.combine(day, at, tzinfo=local_zone())

    def days(self, count: int) -> date:
        """The as-of day moved by `count` days (negative for the past)."""
        return self.as_of + timedelta(days=count)

    def plan_month(self, seed_month: date) -> date:
        """Where a month of the seed's 2023 plan falls in the demo."""
        shift = (seed_month.year - SEED_PLAN_START.year) * 12 + seed_month.month - 1
        return add_months(self.plan_start, shift)

    def plan_day(self, seed_month: int, day: int) -> date:
        """Day `day` of the demo month standing for month `seed_month` of the seed's 2023."""
        return self.plan_month(date(SEED_PLAN_START.year, seed_month, 1)) + timedelta(days=day - 1)

    def move_months(self, text: str) -> str:
        """The seed's "March 2023"-style months in `text`, moved like the plan."""

        def moved(match: re.Match) -> str:
            day = self.plan_month(date(int(match[2]), MONTHS.index(match[1]) + 1, 1))
            return f"{MONTHS[day.month - 1]} {day.year}"

        return _MONTH_YEAR.sub(moved, text)


def timeline_for(as_of: date) -> Timeline:
    """The demo's dates around `as_of`: needs an app context for the bank-holiday settings."""
    next_meeting = _working_thursday(as_of + timedelta(days=12), 1)
    while _deadline(next_meeting) < _working_day_after(as_of, 2):
        next_meeting = _working_thursday(next_meeting + timedelta(weeks=1), 1)
    last_meeting = _working_thursday(as_of - timedelta(days=40), -1)
    later, day = [], next_meeting
    for _ in range(6):
        day = _working_thursday(day + timedelta(weeks=9), 1)
        later.append(day)
    submitted_on = _working_day_after(last_meeting, 2)
    quarter = last_full_quarter(as_of)
    return Timeline(
        as_of=as_of,
        last_meeting=last_meeting,
        next_meeting=next_meeting,
        later_meetings=tuple(later),
        submitted_on=submitted_on,
        minutes_published_on=_working_day_after(last_meeting, 5),
        response_on=_working_day_after(submitted_on, 10),
        plan_start=add_months(quarter.start, -3),
        quarter=quarter,
        reports_issued_on=_reports_day(quarter, as_of),
    )


def _reports_day(quarter: Period, as_of: date) -> date:
    """A few working days after the quarter ended, and before the as-of day when there is a day
    between them (else the as-of day itself, before the demo's 09:00)."""
    day = _working_day_after(quarter.end, REPORTS_AFTER)
    return max(min(day, as_of - timedelta(days=1)), min(quarter.end + timedelta(days=1), as_of))
