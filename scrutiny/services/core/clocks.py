"""The application's one clock, and conversions between stored UTC and displayed local time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_clock: Callable[[], datetime] | None = None

DEFAULT_TIMEZONE = "Europe/London"


def now() -> datetime:
    """Return the current time as an aware UTC datetime (tests may fix it with `set_clock`)."""
    if _clock is not None:
        return _clock()
    return datetime.now(UTC)


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Replace the clock (a function returning an aware datetime); None restores real time."""
    global _clock
    _clock = clock


@contextmanager
def fixed_at(moment: datetime) -> Iterator[None]:
    """Within the block, the clock reads `moment` (then it goes back to what it was)."""
    global _clock
    previous, _clock = _clock, lambda: moment
    try:
        yield
    finally:
        _clock = previous


def local_zone() -> ZoneInfo:
    """The zone times are shown in: the app's SCRUTINY_TIMEZONE, Europe/London by default."""
    try:
        from flask import current_app

        return ZoneInfo(current_app.config["SCRUTINY_TIMEZONE"])
    except RuntimeError:
        return ZoneInfo(DEFAULT_TIMEZONE)


def to_local(moment: datetime) -> datetime:
    """Convert a stored UTC datetime to local time for display."""
    return moment.astimezone(local_zone())


def today() -> date:
    """Today's date where the council is (Europe/London), from the one clock."""
    return to_local(now()).date()


def format_day(day: date | None) -> str:
    """A date as a UK reader expects: '3 May 2026' ('' for no date)."""
    return f"{day.day} {day:%B %Y}" if day else ""


def format_local(moment: datetime | None) -> str:
    """Format a stored UTC datetime as a UK reader expects: '24 February 2023, 10:00am'."""
    if moment is None:
        return ""
    local = to_local(moment)
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{local.day} {local:%B %Y}, {hour}:{local:%M}{local.strftime('%p').lower()}"
