"""Numbers and dates from the outside world, parsed strictly in one place.

A number is ASCII digits only (so "²" and "٣", which str.isdigit() lets through, are refused)
and within a range the database can hold; a date is ISO "YYYY-MM-DD" within the years people
plan for. Query parameters that break these rules answer 400; path ids beyond 64 bits are 404
(see `BoundedIntConverter`); form fields use `strict_int`/`optional_int` as their coerce, so a
bad value is a form error. Nothing here ever turns hostile input into a 500.
"""

from __future__ import annotations

import re
from datetime import date

from flask import abort, request
from werkzeug.routing import IntegerConverter

#: The largest id or counter a signed 64-bit column holds (PostgreSQL BIGINT, SQLite INTEGER).
MAX_INT = 2**63 - 1
#: The largest id: primary keys are INTEGER columns (32 bits on PostgreSQL), so a larger id can
#: match no row and must not reach the database (PostgreSQL refuses it as out of range).
MAX_ID = 2**31 - 1
#: Dates outside these are typing mistakes or attacks, and break date arithmetic near the ends.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

_INTEGER = re.compile(r"-?[0-9]{1,19}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_int(text: object, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """`text` as an int if it is ASCII digits (with an optional minus) within range, else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and _INTEGER.fullmatch(text.strip()):
        value = int(text.strip())
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_date(text: object) -> date | None:
    """`text` as a date if it is ISO YYYY-MM-DD, real, and within EARLIEST..LATEST; else None."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text.strip()):
        return None
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return value if EARLIEST <= value <= LATEST else None


def int_arg(name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """Query parameter `name` as an int; None if absent or blank; 400 if malformed."""
    text = request.args.get(name, "")
    if not text.strip():
        return None
    value = parse_int(text, minimum=minimum, maximum=maximum)
    if value is None:
        abort(400)
    return value


def int_args(name: str, *, minimum: int = 1, maximum: int = MAX_ID) -> list[int]:
    """Every value of a repeated query parameter as ints; 400 if any is malformed."""
    values = [parse_int(t, minimum=minimum, maximum=maximum) for t in request.args.getlist(name)]
    if any(v is None for v in values):
        abort(400)
    return values


def date_arg(name: str) -> date | None:
    """Query parameter `name` as an ISO date; None if absent or blank; 400 if malformed."""
    text = request.args.get(name, "")
    if not text.strip():
        return None
    value = parse_date(text)
    if value is None:
        abort(400)
    return value


def page_arg() -> int:
    """The list page asked for (?page=), 1 if none; 400 if it is not a sensible page number."""
    return int_arg("page", minimum=1, maximum=1_000_000) or 1


def strict_int(value: object) -> int:
    """A form coerce: an int from ASCII digits within 64 bits, else ValueError (a form error)."""
    number = parse_int(value, minimum=-MAX_INT)
    if number is None:
        raise ValueError("Not a whole number")
    return number


def optional_int(value: object) -> int | None:
    """A form coerce for selects with a blank choice: None for blank, else `strict_int`."""
    if value in (None, "", "None"):
        return None
    return strict_int(value)


class BoundedIntConverter(IntegerConverter):
    """The `<int:...>` URL converter, limited to ids an INTEGER column can hold (else 404)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's parameter name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def link_args() -> dict[str, str]:
    """The current query string as url_for keywords, without keys url_for reserves.

    Templates rebuild filter and page links from request.args; a hostile `?_scheme=` or
    `?endpoint=` must not reach url_for as an option (a 500, or a link to another scheme).
    """
    return {
        key: value
        for key, value in request.args.to_dict().items()
        if not key.startswith("_") and key != "endpoint"
    }
