"""The clocks of executive decisions, as pure functions of dates and settings.

Forward plan notices (SI 2012/2089 reg 9), general exception notices (reg 10) and private
meeting notices (reg 5) count clear calendar days: neither the day of publication nor the day of
the decision counts, weekends and bank holidays do. The call-in window and the time within which
the scrutiny committee must meet count working days (weekends and the region's bank holidays
left out), starting the day after publication.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scrutiny.services.core.working_days import working_days_after

#: Reg 9: a key decision is noticed at least 28 clear days before it is taken.
FORWARD_PLAN_CLEAR_DAYS = 28
#: Reg 10 (general exception) and reg 5(2) (further notice of a private meeting).
SHORT_NOTICE_CLEAR_DAYS = 5
#: Reg 5(1): notice of intention to hold a meeting in private.
PRIVATE_NOTICE_CLEAR_DAYS = 28


def clear_days_between(published_on: date, decision_on: date) -> int:
    """Whole days strictly between publication and decision (negative if published after)."""
    return (decision_on - published_on).days - 1


def latest_notice_day(decision_on: date, clear_days: int) -> date:
    """The last day a notice may be published and still give `clear_days` clear days."""
    return decision_on - timedelta(days=clear_days + 1)


def forward_plan_deadline(decision_on: date) -> date:
    """The last day a key decision may appear on the forward plan (28 clear days)."""
    return latest_notice_day(decision_on, FORWARD_PLAN_CLEAR_DAYS)


def noticed_in_time(published_on: date | None, decision_on: date, clear_days: int) -> bool:
    """True if a notice published on `published_on` gave `clear_days` clear days."""
    return published_on is not None and published_on <= latest_notice_day(decision_on, clear_days)


def call_in_closes(
    published_on: date,
    *,
    working_days: int,
    closes_at: time,
    zone: ZoneInfo,
    region: str = "England and Wales",
) -> datetime:
    """When the call-in window closes: `closes_at` local time on the `working_days`th working
    day after the day of publication (as an aware datetime in `zone`)."""
    last = working_days_after(published_on, working_days, region=region)
    return datetime.combine(last, closes_at, tzinfo=zone)


def consider_by(ruled_on: date, *, working_days: int, region: str = "England and Wales") -> date:
    """The latest day the scrutiny committee may meet on a call-in ruled valid on `ruled_on`."""
    return working_days_after(ruled_on, working_days, region=region)
