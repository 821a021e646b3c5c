"""The "due" of a service-plan action, as councils write it.

An action's due is one of five kinds (DOMAIN.md, "Service plans, programmes and actions"):

- a **date** ("31/03/2023", "31 March 2023", "2023-03-31");
- a **month** ("March 2023"), due on the month's last day;
- a **recurrence** ("monthly", "quarterly", "6 monthly", "annually") with a next due date that
  moves on each time a progress update is made for the current period;
- **ongoing**: reviewed each reporting period, never overdue;
- **not set** (blank, "-", "n/a", "TBC").

Service plans write the owner and the due in one cell ("Head of Commissioning (January 2023)",
"PSW (6 monthly)", "HOS ongoing"); `split_owner_and_due` separates them.

Recurrences run on periods that end on the financial calendar (the year ends on 31 March):

- monthly: calendar months;
- quarterly: quarters ending 30 June, 30 September, 31 December and 31 March (the financial
  quarters, which are also the calendar quarters);
- six monthly: halves ending 30 September and 31 March (the financial half-years);
- annually: financial years ending 31 March.

A newly entered recurrence is first due at the end of the period containing the day it is
entered ("6 monthly" entered on 15 January 2023 is first due on 31 March 2023), and every due a
recurrence rolls on to is a period end. Two-digit years are this century ("31/3/23" is 2023).

Everything here is pure: no Flask, no database, no clock (callers pass `today`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "ACCEPTED_FORMS",
    "NOT_SET",
    "ONGOING",
    "Due",
    "DueError",
    "DueKind",
    "Recurrence",
    "is_overdue",
    "parse_due",
    "period_end",
    "roll_forward",
    "split_owner_and_due",
]

#: What to tell someone whose due we could not read.
ACCEPTED_FORMS = (
    "write a date (31/03/2023), a month (March 2023), monthly, quarterly, 6 monthly, annually, "
    "ongoing, or leave it blank"
)

#: Years outside this range are almost certainly typing mistakes ("31/03/0223").
MIN_YEAR, MAX_YEAR = 1900, 2199

#: The financial year ends in March; recurring periods end in months aligned to it.
_YEAR_END_MONTH = 3

_MONTH_NAMES = (
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
)


class DueError(ValueError):
    """A due we cannot understand; the message says what to write instead."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _ImpossibleDueError(DueError):
    """Text shaped like a due whose values cannot be (31/02/2023, month 13, the year 0223)."""


class DueKind(StrEnum):
    """The five kinds of due."""

    DATE = "date"
    MONTH = "month"
    RECURRING = "recurring"
    ONGOING = "ongoing"
    NONE = "none"


class Recurrence(StrEnum):
    """How often a recurring action falls due."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    ANNUALLY = "annually"

    @property
    def months(self) -> int:
        """The length of one period in months: 1, 3, 6 or 12."""
        return _RECURRENCE_MONTHS[self]

    @property
    def label(self) -> str:
        """How councils write it: "Monthly", "Quarterly", "6 monthly", "Annually"."""
        return _RECURRENCE_LABELS[self]


_RECURRENCE_MONTHS = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.SIX_MONTHLY: 6,
    Recurrence.ANNUALLY: 12,
}
_RECURRENCE_LABELS = {
    Recurrence.MONTHLY: "Monthly",
    Recurrence.QUARTERLY: "Quarterly",
    Recurrence.SIX_MONTHLY: "6 monthly",
    Recurrence.ANNUALLY: "Annually",
}


@dataclass(frozen=True)
class Due:
    """When an action is due.

    `on` is the date for a date due, the month's last day for a month due (any day of the month
    may be given; it is moved to the last), and the next due date for a recurrence; it is None
    for ongoing and not-set dues. `recurrence` is set for recurring dues only. So for every kind
    with a date, `on` is the date the action falls due, and can be stored and queried as such.
    """

    kind: DueKind
    on: date | None = None
    recurrence: Recurrence | None = None

    def __post_init__(self) -> None:
        kind = DueKind(self.kind)
        object.__setattr__(self, "kind", kind)
        if self.recurrence is not None:
            object.__setattr__(self, "recurrence", Recurrence(self.recurrence))
        if kind is DueKind.RECURRING:
            if self.recurrence is None or self.on is None:
                raise ValueError("A recurring due needs a recurrence and a next due date.")
            return
        if self.recurrence is not None:
            raise ValueError(f"A {kind} due has no recurrence.")
        if kind in (DueKind.DATE, DueKind.MONTH):
            if self.on is None:
                raise ValueError(f"A {kind} due needs a date.")
            if kind is DueKind.MONTH:
                object.__setattr__(self, "on", _month_end(self.on.year, self.on.month))
        elif self.on is not None:
            raise ValueError(
                f"An {kind} due has no date."
                if kind is DueKind.ONGOING
                else "A due that is not set has no date."
            )

    @property
    def label(self) -> str:
        """How to show the due: "31 March 2023", "March 2023", "Monthly (next 31 January 2023)",
        "Ongoing" or "Not set". Each label reads back through `parse_due` to the same due."""
        match self.kind:
            case DueKind.DATE:
                return _format_date(self.on)
            case DueKind.MONTH:
                return f"{_MONTH_NAMES[self.on.month - 1]} {self.on.year}"
            case DueKind.RECURRING:
                return f"{self.recurrence.label} (next {_format_date(self.on)})"
            case DueKind.ONGOING:
                return "Ongoing"
        return "Not set"

    @property
    def due_date(self) -> date | None:
        """The date to sort by and to judge overdue against: the date, the month's last day, or
        a recurrence's next due; None for ongoing and not-set dues."""
        return self.on

    def __str__(self) -> str:
        return self.label


NOT_SET = Due(DueKind.NONE)
ONGOING = Due(DueKind.ONGOING)


# --- Dates and periods -------------------------------------------------------------------------


def _format_date(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_end(recurrence: Recurrence, day: date) -> date:
    """The last day of the `recurrence` period containing `day`.

    Periods end on the financial calendar: every month for monthly; June, September, December and
    March for quarterly; September and March for six monthly; March for annually.
    """
    step = Recurrence(recurrence).months
    months_to_end = (_YEAR_END_MONTH - day.month) % step
    index = day.year * 12 + day.month - 1 + months_to_end
    return _month_end(index // 12, index % 12 + 1)


def roll_forward(due: Due, *, completed_for: date) -> Due:
    """The due after a progress update for the period containing `completed_for`.

    A recurring due moves to the end of the period after the one `completed_for` falls in (monthly
    from January 2023 to 28 February 2023, from January 2024 to 29 February 2024); it never moves
    earlier, so an update for a period already passed leaves it as it is. Any other due is
    returned unchanged.
    """
    if due.kind is not DueKind.RECURRING:
        return due
    following = period_end(due.recurrence, period_end(due.recurrence, completed_for) + timedelta(1))
    if due.on is not None and due.on >= following:
        return due
    return Due(DueKind.RECURRING, following, due.recurrence)


def is_overdue(due: Due, today: date) -> bool:
    """True once `today` is after the due date: a month due is overdue only after its last day;
    ongoing and not-set dues are never overdue."""
    return due.due_date is not None and today > due.due_date


# --- Reading what councils write ---------------------------------------------------------------

_NONE_WORDS = frozenset(
    {"", "-", "--", "n/a", "na", "tbc", "tba", "tbd", "none", "not set", "not applicable"}
)
_ONGOING_WORDS = frozenset(
    {"ongoing", "on-going", "on going", "continuous", "continuing", "continual"}
)
_RECURRENCE_WORDS = {
    Recurrence.MONTHLY: ("monthly", "every month"),
    Recurrence.QUARTERLY: (
        "quarterly",
        "3 monthly",
        "three monthly",
        "every quarter",
        "every 3 months",
        "every three months",
    ),
    Recurrence.SIX_MONTHLY: (
        "6 monthly",
        "six monthly",
        "half yearly",
        "bi-annually",
        "biannually",
        "bi-annual",
        "biannual",
        "twice yearly",
        "twice a year",
        "every 6 months",
        "every six months",
    ),
    Recurrence.ANNUALLY: (
        "annually",
        "annual",
        "yearly",
        "12 monthly",
        "twelve monthly",
        "every year",
        "every 12 months",
        "every twelve months",
    ),
}
#: Keyed with hyphens read as spaces, so "6-monthly" and "half-yearly" match; "bi-annually"
#: keeps its spelling with the hyphen as well.
_RECURRENCES = {
    _key: recurrence
    for recurrence, words in _RECURRENCE_WORDS.items()
    for word in words
    for _key in {word, word.replace("-", " ")}
}

_MONTHS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS |= {name[:3].lower(): number for name, number in list(_MONTHS.items())}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"

_LEAD_IN = re.compile(r"^(?:by\s+)?(?:(?:the\s+)?end(?:\s+of)?\s+)?(?P<rest>.+)$")
_NEXT = re.compile(r"^(?P<recurrence>.+?)\s*[(,;:]?\s*next(?:\s+due)?:?\s+(?P<on>[^()]+)\)?$")
_DMY = re.compile(
    r"^(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})$"
)
_YMD = re.compile(r"^(?P<year>\d{4})(?P<sep>[/-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})$")
_MY = re.compile(r"^(?P<month>\d{1,2})[/.-](?P<year>\d{4})$")
_YM = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(
    rf"^(?P<day>\d{{1,2}}){_ORDINAL}(?:\s+of)?[\s-]+{_MONTH}[\s,-]+'?(?P<year>\d{{4}}|\d{{2}})$"
)
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH}\s+(?P<day>\d{{1,2}}){_ORDINAL},?\s+(?P<year>\d{{4}})$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}[\s,-]*'?(?P<year>\d{{4}}|\d{{2}})$")
_QUARTER = re.compile(
    r"^q(?P<quarter>[1-4])\s*(?P<first>\d{4}|\d{2})\s*[/-]\s*(?P<second>\d{4}|\d{2})$"
)
_WITHOUT_YEAR = re.compile(rf"^(?:(?P<day>\d{{1,2}}){_ORDINAL}(?:\s+of)?\s+)?{_MONTH}$")
_DAY_MONTH_ONLY = re.compile(r"^\d{1,2}[/.-]\d{1,2}$")
_CALENDAR_QUARTER = re.compile(r"^q[1-4]\s*\d{2,4}$")

#: What makes the end of an owner cell look like a due we failed to read.
_DATELIKE_TAIL = re.compile(r"(?:\b\d{4}|\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?)\W*$")


def _clean(text: str) -> str:
    """Collapse spaces, unify dashes, drop trailing full stops and one pair of outer brackets."""
    text = text.replace("\u00a0", " ").replace("\u2013", "-").replace("\u2014", "-")
    text = " ".join(text.split())
    while True:
        before = text
        text = text.rstrip(". ").strip()
        if len(text) >= 2 and (text[0], text[-1]) in {("(", ")"), ("[", "]")}:
            text = text[1:-1].strip()
        if text == before:
            return text


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def _not_understood(original: str) -> DueError:
    shown = " ".join(original.split())
    return DueError(f"{_quote(shown)} is not a due we understand: {ACCEPTED_FORMS}.")


def _year(digits: str, original: str) -> int:
    year = int(digits) + (2000 if len(digits) == 2 else 0)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _ImpossibleDueError(
            f"{_quote(original)} has the year {digits}, which looks like a typing mistake: "
            f"{ACCEPTED_FORMS}."
        )
    return year


def _real_date(year: int, month: int, day: int, original: str) -> date:
    if not 1 <= month <= 12:
        raise _ImpossibleDueError(
            f"{_quote(original)} is not a real date: there is no month {month} "
            "(write dates day first, like 31/03/2023)."
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise _ImpossibleDueError(
            f"{_quote(original)} is not a real date: {_MONTH_NAMES[month - 1]} {year} has "
            f"{days} days."
        )
    return date(year, month, day)


def _month_due(year: int, month: int, original: str) -> Due:
    if not 1 <= month <= 12:
        raise _ImpossibleDueError(
            f"{_quote(original)} is not a real month: there is no month {month}. "
            "Write the month as a name or number with its year, like March 2023 or 03/2023."
        )
    return Due(DueKind.MONTH, _month_end(year, month))


def _parse_dated(text: str, original: str) -> Due | None:
    """A date, month or financial quarter in `text` (cleaned, lower case), or None."""
    if not (lead_in := _LEAD_IN.match(text)):
        return None
    rest = lead_in["rest"]
    if m := _DMY.match(rest) or _YMD.match(rest):
        year = _year(m["year"], original)
        return Due(DueKind.DATE, _real_date(year, int(m["month"]), int(m["day"]), original))
    if m := _DAY_MONTH_YEAR.match(rest) or _MONTH_DAY_YEAR.match(rest):
        year = _year(m["year"], original)
        return Due(DueKind.DATE, _real_date(year, _MONTHS[m["month"]], int(m["day"]), original))
    if m := _MY.match(rest) or _YM.match(rest):
        return _month_due(_year(m["year"], original), int(m["month"]), original)
    if m := _MONTH_YEAR.match(rest):
        return _month_due(_year(m["year"], original), _MONTHS[m["month"]], original)
    if m := _QUARTER.match(rest):
        first = _year(m["first"], original)
        second = _year(m["second"], original) if len(m["second"]) == 4 else None
        if second is None:
            second = first // 100 * 100 + int(m["second"])
        if second != first + 1:
            raise _ImpossibleDueError(
                f"{_quote(original)} is not a financial year: write it like Q4 2022/23."
            )
        quarter = int(m["quarter"])
        year, month = (second, 3) if quarter == 4 else (first, 3 + 3 * quarter)
        return Due(DueKind.DATE, _month_end(year, month))
    return None


def _explain(text: str, original: str) -> DueError:
    """The most helpful error for `text` (cleaned, lower case) that nothing could read."""
    rest = m["rest"] if (m := _LEAD_IN.match(text)) else text
    if _WITHOUT_YEAR.match(rest) or _DAY_MONTH_ONLY.match(rest):
        return DueError(
            f"{_quote(original)} needs a year, like 31/03/2023 or March 2023: {ACCEPTED_FORMS}."
        )
    if _CALENDAR_QUARTER.match(rest):
        return DueError(
            f"{_quote(original)}: write quarters with their financial year, like Q4 2022/23, "
            f"or {ACCEPTED_FORMS}."
        )
    return _not_understood(original)


def parse_due(text: str, *, today: date) -> Due:
    """Read a due as councils write it; raise DueError, saying what we accept, if we cannot.

    Case, extra spaces, trailing full stops and outer brackets do not matter. Accepted:

    - blank, "-", "n/a", "TBC", "TBA", "none", "Not set": not set;
    - "ongoing", "on-going", "continuous": ongoing;
    - "monthly"; "quarterly", "3 monthly"; "6 monthly", "six monthly", "6-monthly", "half yearly",
      "bi-annually"; "annually", "yearly": recurring, first due at the end of the period
      containing `today` (see `period_end`); "Monthly (next 31 January 2023)" gives the next due;
    - "31/03/2023", "31/3/23", "31-03-2023", "31.03.2023", "31 March 2023", "31st Mar 2023",
      "2023-03-31": that date (day first; impossible dates such as 31/02/2023 are refused);
    - "March 2023", "Mar 2023", "Sept 2023", "March 23", "Mar-23", "03/2023", "2023-03": that
      month, due on its last day;
    - "Q4 2022/23": the last day of that financial quarter (31 March 2023);
    - any of the dated forms after "by", "end of" or "by the end of".
    """
    cleaned = _clean(text)
    lowered = cleaned.lower()
    if lowered in _NONE_WORDS:
        return NOT_SET
    if lowered in _ONGOING_WORDS:
        return ONGOING
    words = lowered.replace("-", " ")
    if lowered in _RECURRENCES or words in _RECURRENCES:
        recurrence = _RECURRENCES.get(lowered) or _RECURRENCES[words]
        return Due(DueKind.RECURRING, period_end(recurrence, today), recurrence)
    if (m := _NEXT.match(lowered)) and (
        recurrence := _RECURRENCES.get(m["recurrence"])
        or _RECURRENCES.get(m["recurrence"].replace("-", " "))
    ):
        next_due = _parse_dated(_clean(m["on"]), cleaned)
        if next_due is None or next_due.kind is not DueKind.DATE:
            raise _ImpossibleDueError(
                f"{_quote(cleaned)}: write the next due as a date, like "
                f"{recurrence.label} (next 31/03/2023)."
            )
        return Due(DueKind.RECURRING, next_due.on, recurrence)
    if (due := _parse_dated(lowered, cleaned)) is not None:
        return due
    raise _explain(lowered, cleaned)


# --- Owner and due in one cell -----------------------------------------------------------------

_LIST_NUMBER = re.compile(r"^\d{1,2}\s*[.)]\s*(?=\D)")
_OWNER_TRIM = " -\u2013\u2014,;:/"
#: Long enough for "(by the end of March 2023)" and "monthly (next 31 January 2023)".
_MAX_DUE_WORDS = 8


def split_owner_and_due(cell: str, *, today: date) -> tuple[str, Due]:
    """Split a service plan's "Who is leading on this action, and by when?" cell.

    "Head of Commissioning (January 2023)" gives ("Head of Commissioning", January 2023);
    "Principal Social Worker - monthly" gives ("Principal Social Worker", monthly); "HOS ongoing"
    gives ("HOS", ongoing); "Head of Service Front Door" gives it back with no due. The due is the
    longest run of words at the end of the cell that `parse_due` reads, in brackets or not, after
    a dash, comma or colon or not. Several owners ("PSW and HR", "HOS/PSW") stay together in the
    owner text, and a list number the plan put first ("6. ") is dropped.

    Raises DueError when the end of the cell looks like a due but cannot be one: an impossible
    date ("PSW (31/02/2023)") or unreadable words ending in a year ("PSW (Febuary 2023)").
    A cell that is only a due gives an empty owner.
    """
    text = _LIST_NUMBER.sub("", " ".join(cell.replace("\u00a0", " ").split()))
    words = text.split(" ") if text else []
    for count in range(min(len(words), _MAX_DUE_WORDS), 0, -1):
        owner = " ".join(words[:-count]).rstrip(_OWNER_TRIM)
        try:
            due = parse_due(" ".join(words[-count:]), today=today)
        except _ImpossibleDueError:
            raise  # shaped like a due, so not part of the owner: "PSW (31/02/2023)"
        except DueError:
            continue
        if owner or count == len(words):
            return owner, due
    if _DATELIKE_TAIL.search(text):
        raise DueError(
            f"We could not find the due at the end of {_quote(text)}: after the owner, "
            f"{ACCEPTED_FORMS}."
        )
    return text.rstrip(_OWNER_TRIM), NOT_SET
