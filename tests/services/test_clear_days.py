"""The executive decision clocks: 28 and 5 clear calendar days, the call-in window in working
days closing at 17:00, and the committee's latest meeting day, across weekends and holidays."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from scrutiny.services.decisions.clear_days import (
    call_in_closes,
    clear_days_between,
    consider_by,
    forward_plan_deadline,
    latest_notice_day,
    noticed_in_time,
)

LONDON = ZoneInfo("Europe/London")


def closes(published: date, **kwargs):
    return call_in_closes(
        published, working_days=kwargs.pop("days", 5), closes_at=time(17), zone=LONDON, **kwargs
    )


def test_28_clear_days_leave_out_the_day_of_publication_and_of_decision():
    decision = date(2026, 7, 30)
    assert forward_plan_deadline(decision) == date(2026, 7, 1)
    assert clear_days_between(date(2026, 7, 1), decision) == 28
    assert noticed_in_time(date(2026, 7, 1), decision, 28)
    assert not noticed_in_time(date(2026, 7, 2), decision, 28)
    assert not noticed_in_time(None, decision, 28)


def test_clear_days_are_calendar_days_through_christmas_and_easter():
    # Weekends and bank holidays count: 28 clear days back from 22 January 2027.
    assert forward_plan_deadline(date(2027, 1, 22)) == date(2026, 12, 24)
    # 5 clear days before Easter Tuesday 2027 (30 March) spans Good Friday and Easter Monday.
    assert latest_notice_day(date(2027, 3, 30), 5) == date(2027, 3, 24)


def test_call_in_window_is_five_working_days_from_the_day_after_publication():
    # Published Monday 15 June 2026: Tue..Mon is five working days, closing 5pm Monday 22 June.
    when = closes(date(2026, 6, 15))
    assert when.date() == date(2026, 6, 22)
    assert when.hour == 17 and when.tzinfo == LONDON


def test_call_in_window_skips_the_weekend_when_published_on_a_friday():
    assert closes(date(2026, 6, 19)).date() == date(2026, 6, 26)
    # Published on a Saturday counts from Monday.
    assert closes(date(2026, 6, 20)).date() == date(2026, 6, 26)


def test_call_in_window_skips_bank_holidays():
    # Late summer bank holiday, Monday 31 August 2026.
    assert closes(date(2026, 8, 28)).date() == date(2026, 9, 7)


def test_call_in_window_over_christmas_skips_substitute_boxing_day():
    # 2026: Christmas Friday 25th, Boxing Day Saturday so Monday 28th is the substitute day.
    assert closes(date(2026, 12, 23)).date() == date(2027, 1, 4)


def test_call_in_window_over_easter():
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    assert closes(date(2027, 3, 24)).date() == date(2027, 4, 2)


def test_call_in_window_follows_the_configured_region():
    # 2 January is a bank holiday in Scotland only.
    assert closes(date(2026, 12, 31)).date() == date(2027, 1, 8)
    assert closes(date(2026, 12, 31), region="Scotland").date() == date(2027, 1, 11)


def test_call_in_window_closes_at_17_00_in_winter_time_too():
    when = closes(date(2026, 11, 2))
    assert when.utcoffset().total_seconds() == 0 and when.hour == 17


def test_committee_must_meet_within_ten_working_days():
    assert consider_by(date(2026, 6, 22), working_days=10) == date(2026, 7, 6)
    # Over Easter 2027 the two holidays push it back two days.
    assert consider_by(date(2027, 3, 22), working_days=10) == date(2027, 4, 7)
