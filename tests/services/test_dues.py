"""Action dues as councils write them: dates, months, recurrences, ongoing and not set."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.services.actions.dues import (
    NOT_SET,
    ONGOING,
    Due,
    DueError,
    DueKind,
    Recurrence,
    is_overdue,
    parse_due,
    period_end,
    roll_forward,
    split_owner_and_due,
)

#: Seed 003's service plan runs January to December 2023; it was written in January.
TODAY = date(2023, 1, 15)

MONTHLY = Recurrence.MONTHLY
QUARTERLY = Recurrence.QUARTERLY
SIX_MONTHLY = Recurrence.SIX_MONTHLY
ANNUALLY = Recurrence.ANNUALLY


def on(year: int, month: int, day: int) -> Due:
    return Due(DueKind.DATE, date(year, month, day))


def month(year: int, number: int) -> Due:
    return Due(DueKind.MONTH, date(year, number, 1))


def every(recurrence: Recurrence, year: int, number: int, day: int) -> Due:
    return Due(DueKind.RECURRING, date(year, number, day), recurrence)


# --- The enums and the value ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "months", "label"),
    [
        (MONTHLY, 1, "Monthly"),
        (QUARTERLY, 3, "Quarterly"),
        (SIX_MONTHLY, 6, "6 monthly"),
        (ANNUALLY, 12, "Annually"),
    ],
)
def test_recurrences_know_their_length_and_label(recurrence, months, label):
    assert recurrence.months == months
    assert recurrence.label == label


def test_kinds_and_recurrences_are_strings_for_storage():
    assert [str(kind) for kind in DueKind] == ["date", "month", "recurring", "ongoing", "none"]
    assert [str(r) for r in Recurrence] == ["monthly", "quarterly", "six_monthly", "annually"]
    assert Due("recurring", date(2023, 1, 31), "six_monthly").recurrence is SIX_MONTHLY


@pytest.mark.parametrize(
    ("due", "label", "due_date"),
    [
        (on(2023, 3, 31), "31 March 2023", date(2023, 3, 31)),
        (on(2023, 3, 1), "1 March 2023", date(2023, 3, 1)),
        (month(2023, 3), "March 2023", date(2023, 3, 31)),
        (month(2023, 2), "February 2023", date(2023, 2, 28)),
        (month(2024, 2), "February 2024", date(2024, 2, 29)),
        (every(MONTHLY, 2023, 1, 31), "Monthly (next 31 January 2023)", date(2023, 1, 31)),
        (every(SIX_MONTHLY, 2023, 9, 30), "6 monthly (next 30 September 2023)", date(2023, 9, 30)),
        (ONGOING, "Ongoing", None),
        (NOT_SET, "Not set", None),
    ],
)
def test_labels_and_due_dates(due, label, due_date):
    assert due.label == label
    assert str(due) == label
    assert due.due_date == due_date


def test_a_month_due_is_kept_as_the_months_last_day():
    assert Due(DueKind.MONTH, date(2023, 4, 12)).on == date(2023, 4, 30)
    assert Due(DueKind.MONTH, date(2023, 4, 12)) == month(2023, 4)


@pytest.mark.parametrize(
    "due",
    [
        on(2023, 3, 31),
        month(2023, 3),
        every(MONTHLY, 2023, 1, 31),
        every(QUARTERLY, 2023, 3, 31),
        ONGOING,
        NOT_SET,
    ],
)
def test_every_label_reads_back_as_the_same_due(due):
    # An edit form shows the label; saving it unchanged must not change the due.
    assert parse_due(due.label, today=date(2030, 6, 1)) == due


@pytest.mark.parametrize(
    ("kind", "when", "recurrence"),
    [
        (DueKind.DATE, None, None),
        (DueKind.MONTH, None, None),
        (DueKind.RECURRING, date(2023, 1, 31), None),
        (DueKind.RECURRING, None, MONTHLY),
        (DueKind.DATE, date(2023, 1, 31), MONTHLY),
        (DueKind.ONGOING, date(2023, 1, 31), None),
        (DueKind.NONE, date(2023, 1, 31), None),
        (DueKind.NONE, None, MONTHLY),
    ],
)
def test_inconsistent_dues_cannot_be_made(kind, when, recurrence):
    with pytest.raises(ValueError):
        Due(kind, when, recurrence)


# --- Reading a due -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "   ", "-", " – ", "n/a", "N/A.", "NA", "TBC", "tbc.", "TBA", "none", "Not set"]
)
def test_blank_and_placeholders_are_not_set(text):
    assert parse_due(text, today=TODAY) == NOT_SET


@pytest.mark.parametrize(
    "text", ["ongoing", "Ongoing.", "ONGOING", "on-going", "On going", "continuous", " ongoing  "]
)
def test_ongoing(text):
    assert parse_due(text, today=TODAY) == ONGOING


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("monthly", MONTHLY),
        ("Monthly.", MONTHLY),
        ("every month", MONTHLY),
        ("quarterly", QUARTERLY),
        ("QUARTERLY", QUARTERLY),
        ("3 monthly", QUARTERLY),
        ("6 monthly", SIX_MONTHLY),
        ("six monthly", SIX_MONTHLY),
        ("Six-Monthly", SIX_MONTHLY),
        ("6-monthly", SIX_MONTHLY),
        ("6  monthly", SIX_MONTHLY),
        ("bi-annually", SIX_MONTHLY),
        ("biannually", SIX_MONTHLY),
        ("half-yearly", SIX_MONTHLY),
        ("annually", ANNUALLY),
        ("yearly", ANNUALLY),
        ("Annual", ANNUALLY),
    ],
)
def test_recurrence_words(text, recurrence):
    due = parse_due(text, today=TODAY)
    assert due.kind is DueKind.RECURRING
    assert due.recurrence is recurrence


@pytest.mark.parametrize(
    ("recurrence", "today", "first_due"),
    [
        # Monthly: the last day of this month.
        (MONTHLY, date(2023, 1, 15), date(2023, 1, 31)),
        (MONTHLY, date(2023, 1, 31), date(2023, 1, 31)),
        (MONTHLY, date(2023, 2, 1), date(2023, 2, 28)),
        (MONTHLY, date(2024, 2, 10), date(2024, 2, 29)),
        (MONTHLY, date(2100, 2, 10), date(2100, 2, 28)),
        (MONTHLY, date(2023, 4, 30), date(2023, 4, 30)),
        # Quarterly: the end of this quarter (March, June, September, December).
        (QUARTERLY, date(2023, 1, 1), date(2023, 3, 31)),
        (QUARTERLY, date(2023, 3, 31), date(2023, 3, 31)),
        (QUARTERLY, date(2023, 4, 1), date(2023, 6, 30)),
        (QUARTERLY, date(2023, 8, 15), date(2023, 9, 30)),
        (QUARTERLY, date(2023, 11, 5), date(2023, 12, 31)),
        # Six monthly: 30 September or 31 March, whichever comes first on or after today.
        (SIX_MONTHLY, date(2023, 1, 15), date(2023, 3, 31)),
        (SIX_MONTHLY, date(2023, 3, 31), date(2023, 3, 31)),
        (SIX_MONTHLY, date(2023, 4, 1), date(2023, 9, 30)),
        (SIX_MONTHLY, date(2023, 9, 30), date(2023, 9, 30)),
        (SIX_MONTHLY, date(2023, 10, 1), date(2024, 3, 31)),
        (SIX_MONTHLY, date(2023, 12, 31), date(2024, 3, 31)),
        # Annually: the end of the financial year, 31 March.
        (ANNUALLY, date(2023, 1, 15), date(2023, 3, 31)),
        (ANNUALLY, date(2023, 3, 31), date(2023, 3, 31)),
        (ANNUALLY, date(2023, 4, 1), date(2024, 3, 31)),
        (ANNUALLY, date(2023, 12, 31), date(2024, 3, 31)),
    ],
)
def test_a_new_recurrence_is_first_due_at_the_end_of_the_current_period(
    recurrence, today, first_due
):
    assert parse_due(recurrence.label, today=today) == Due(DueKind.RECURRING, first_due, recurrence)
    assert period_end(recurrence, today) == first_due


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monthly (next 31 January 2023)", every(MONTHLY, 2023, 1, 31)),
        ("quarterly, next 30/06/2023", every(QUARTERLY, 2023, 6, 30)),
        ("6 monthly next due 30 Sept 2023", every(SIX_MONTHLY, 2023, 9, 30)),
    ],
)
def test_a_recurrence_can_say_when_it_is_next_due(text, expected):
    assert parse_due(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2023", on(2023, 3, 31)),
        ("31/3/23", on(2023, 3, 31)),
        ("1/4/2023", on(2023, 4, 1)),
        ("01/04/2023", on(2023, 4, 1)),  # day first: 1 April, not 4 January
        ("31-03-2023", on(2023, 3, 31)),
        ("31.03.2023.", on(2023, 3, 31)),
        ("31 March 2023", on(2023, 3, 31)),
        ("31 march 2023", on(2023, 3, 31)),
        ("31st March 2023", on(2023, 3, 31)),
        ("1st April 2023", on(2023, 4, 1)),
        ("31 Mar 2023", on(2023, 3, 31)),
        ("31 Mar. 2023", on(2023, 3, 31)),
        ("31-Mar-23", on(2023, 3, 31)),
        ("30 Sept 2023", on(2023, 9, 30)),
        ("March 31, 2023", on(2023, 3, 31)),
        ("2023-03-31", on(2023, 3, 31)),
        ("2023/03/31", on(2023, 3, 31)),
        ("  31 / 03 / 2023 ".replace(" / ", "/"), on(2023, 3, 31)),
        ("by 31/03/2023", on(2023, 3, 31)),
        ("29/02/2024", on(2024, 2, 29)),
        ("29 February 2000", on(2000, 2, 29)),
        ("28/02/2100", on(2100, 2, 28)),
    ],
)
def test_dates(text, expected):
    assert parse_due(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 2023", month(2023, 3)),
        ("march 2023", month(2023, 3)),
        ("MARCH 2023.", month(2023, 3)),
        ("Mar 2023", month(2023, 3)),
        ("March 23", month(2023, 3)),
        ("Mar-23", month(2023, 3)),
        ("March '23", month(2023, 3)),
        ("03/2023", month(2023, 3)),
        ("3/2023", month(2023, 3)),
        ("2023-03", month(2023, 3)),
        ("Sept 2023", month(2023, 9)),
        ("(January 2023)", month(2023, 1)),
        ("end of March 2023", month(2023, 3)),
        ("End March 2023", month(2023, 3)),
        ("by March 2023", month(2023, 3)),
        ("by the end of March 2023", month(2023, 3)),
        ("February 2024", month(2024, 2)),
        ("February 2100", month(2100, 2)),
    ],
)
def test_months(text, expected):
    assert parse_due(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "last_day"),
    [
        ("January 2023", date(2023, 1, 31)),
        ("February 2023", date(2023, 2, 28)),
        ("February 2024", date(2024, 2, 29)),  # leap year
        ("February 2000", date(2000, 2, 29)),  # divisible by 400: leap
        ("February 2100", date(2100, 2, 28)),  # divisible by 100 only: not leap
        ("April 2023", date(2023, 4, 30)),
        ("June 2023", date(2023, 6, 30)),
        ("December 2023", date(2023, 12, 31)),
    ],
)
def test_a_month_is_due_on_its_last_day(text, last_day):
    assert parse_due(text, today=TODAY).due_date == last_day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q1 2023/24", on(2023, 6, 30)),
        ("Q2 2023/24", on(2023, 9, 30)),
        ("Q3 2023/24", on(2023, 12, 31)),
        ("Q4 2022/23", on(2023, 3, 31)),
        ("q4 2022-23", on(2023, 3, 31)),
        ("Q4 2022/2023", on(2023, 3, 31)),
        ("by the end of Q4 2023/24", on(2024, 3, 31)),
    ],
)
def test_financial_quarters_are_due_on_their_last_day(text, expected):
    assert parse_due(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2023", "“31/02/2023” is not a real date: February 2023 has 28 days."),
        ("30 February 2024", "“30 February 2024” is not a real date: February 2024 has 29 days."),
        ("29/02/2023", "February 2023 has 28 days"),
        ("29/02/2100", "February 2100 has 28 days"),
        ("31/04/2023", "April 2023 has 30 days"),
        ("0/04/2023", "April 2023 has 30 days"),
        ("03/31/2023", "there is no month 31 (write dates day first, like 31/03/2023)"),
        ("13/2023", "there is no month 13"),
        ("31/03/0223", "the year 0223, which looks like a typing mistake"),
        ("March", "“March” needs a year"),
        ("31 March", "“31 March” needs a year"),
        ("31/03", "“31/03” needs a year"),
        ("Q4 2023", "write quarters with their financial year, like Q4 2022/23"),
        ("Q4 2022/24", "is not a financial year"),
        ("monthly, next week", "write the next due as a date"),
    ],
)
def test_impossible_or_incomplete_dues_say_what_is_wrong(text, message):
    with pytest.raises(DueError) as raised:
        parse_due(text, today=TODAY)
    assert message in raised.value.message


@pytest.mark.parametrize(
    "text", ["soonish", "asap", "next year", "fortnightly", "bi-monthly", "2023", "Marhc 2023"]
)
def test_anything_else_is_refused_listing_what_we_accept(text):
    with pytest.raises(DueError) as raised:
        parse_due(text, today=TODAY)
    assert str(raised.value) == (
        f"“{text}” is not a due we understand: write a date (31/03/2023), a month (March 2023), "
        "monthly, quarterly, 6 monthly, annually, ongoing, or leave it blank."
    )
    assert isinstance(raised.value, ValueError)


# --- Owner and due in one cell -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "owner", "due"),
    [
        # Seed 003, Children's Support and Safeguarding Service Plan 2023, as written.
        ("1. Head of QA (March 2023)", "Head of QA", month(2023, 3)),
        ("2. All of CSLT (March 2023)", "All of CSLT", month(2023, 3)),
        (
            "3.Service Improvement Lead and PSW (February 2023)",
            "Service Improvement Lead and PSW",
            month(2023, 2),
        ),
        ("4.All of CSLT (December 2023)", "All of CSLT", month(2023, 12)),
        (
            "5. Assistant Director, Young Director and Head of Corporate Parenting (June 2023)",
            "Assistant Director, Young Director and Head of Corporate Parenting",
            month(2023, 6),
        ),
        ("6. Head of Commissioning (January 2023)", "Head of Commissioning", month(2023, 1)),
        (
            "Head of Service Front Door and Head of Service Improvement Lead (January 2023)",
            "Head of Service Front Door and Head of Service Improvement Lead",
            month(2023, 1),
        ),
        (
            "3. PSW with the Exploitation Working Group (February 2023)",
            "PSW with the Exploitation Working Group",
            month(2023, 2),
        ),
        (
            "3. PSW and Head of Service Quality Assurance (monthly)",
            "PSW and Head of Service Quality Assurance",
            every(MONTHLY, 2023, 1, 31),
        ),
        ("4. All of CSLT (monthly)", "All of CSLT", every(MONTHLY, 2023, 1, 31)),
        ("5. PSW (6 monthly)", "PSW", every(SIX_MONTHLY, 2023, 3, 31)),
        ("1. PSW (monthly)", "PSW", every(MONTHLY, 2023, 1, 31)),
        ("5. All of CSLT", "All of CSLT", NOT_SET),
        ("6. Head of Service Improvement Lead", "Head of Service Improvement Lead", NOT_SET),
        (
            "7. Heads of Service Commissioning and Corporate Parenting",
            "Heads of Service Commissioning and Corporate Parenting",
            NOT_SET,
        ),
        ("3. Young Director", "Young Director", NOT_SET),
        ("4. HOS ongoing", "HOS", ONGOING),
        ("7. Head of Commissioning August 2023", "Head of Commissioning", month(2023, 8)),
        # The brief's examples, and other ways of writing the same thing.
        ("Head of Commissioning (January 2023)", "Head of Commissioning", month(2023, 1)),
        (
            "Principal Social Worker - monthly",
            "Principal Social Worker",
            every(MONTHLY, 2023, 1, 31),
        ),
        (
            "Principal Social Worker – 6 monthly",
            "Principal Social Worker",
            every(SIX_MONTHLY, 2023, 3, 31),
        ),
        ("Head of Service Front Door", "Head of Service Front Door", NOT_SET),
        ("Head of QA, 31/03/2023", "Head of QA", on(2023, 3, 31)),
        ("Head of QA: by 31 March 2023.", "Head of QA", on(2023, 3, 31)),
        ("PSW (by the end of March 2023)", "PSW", month(2023, 3)),
        ("PSW [Q4 2022/23]", "PSW", on(2023, 3, 31)),
        ("HOS/PSW (quarterly)", "HOS/PSW", every(QUARTERLY, 2023, 3, 31)),
        ("PSW and HR (ongoing)", "PSW and HR", ONGOING),
        ("PSW (TBC)", "PSW", NOT_SET),
        ("Head of Service (Front Door)", "Head of Service (Front Door)", NOT_SET),
        ("PSW monthly (next 28 February 2023)", "PSW", every(MONTHLY, 2023, 2, 28)),
        ("  Head  of\u00a0QA   (March 2023) ", "Head of QA", month(2023, 3)),
        ("(March 2023)", "", month(2023, 3)),
        ("ongoing", "", ONGOING),
        ("", "", NOT_SET),
    ],
)
def test_split_owner_and_due(cell, owner, due):
    assert split_owner_and_due(cell, today=TODAY) == (owner, due)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("PSW (31/02/2023)", "“31/02/2023” is not a real date: February 2023 has 28 days."),
        ("Head of QA 31/13/2023", "there is no month 13"),
        ("PSW (Febuary 2023)", "We could not find the due at the end of “PSW (Febuary 2023)”"),
        ("Head of QA 2023", "We could not find the due at the end of “Head of QA 2023”"),
    ],
)
def test_a_due_shaped_ending_that_cannot_be_read_is_an_error(cell, message):
    with pytest.raises(DueError) as raised:
        split_owner_and_due(cell, today=TODAY)
    assert message in str(raised.value)


# --- Rolling a recurrence forward ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "completed_for", "next_due"),
    [
        (MONTHLY, date(2023, 1, 31), date(2023, 2, 28)),
        (MONTHLY, date(2023, 1, 10), date(2023, 2, 28)),
        (MONTHLY, date(2024, 1, 31), date(2024, 2, 29)),
        (MONTHLY, date(2100, 1, 31), date(2100, 2, 28)),
        (MONTHLY, date(2000, 1, 31), date(2000, 2, 29)),
        (MONTHLY, date(2023, 3, 31), date(2023, 4, 30)),
        (MONTHLY, date(2023, 12, 31), date(2024, 1, 31)),
        (QUARTERLY, date(2023, 3, 31), date(2023, 6, 30)),
        (QUARTERLY, date(2023, 2, 1), date(2023, 6, 30)),
        (QUARTERLY, date(2023, 12, 1), date(2024, 3, 31)),
        (SIX_MONTHLY, date(2023, 3, 31), date(2023, 9, 30)),
        (SIX_MONTHLY, date(2023, 9, 30), date(2024, 3, 31)),
        (SIX_MONTHLY, date(2023, 11, 1), date(2024, 9, 30)),
        (ANNUALLY, date(2023, 3, 31), date(2024, 3, 31)),
        (ANNUALLY, date(2023, 4, 1), date(2025, 3, 31)),
    ],
)
def test_roll_forward_goes_to_the_end_of_the_next_period(recurrence, completed_for, next_due):
    current = Due(DueKind.RECURRING, period_end(recurrence, completed_for), recurrence)
    assert roll_forward(current, completed_for=completed_for) == Due(
        DueKind.RECURRING, next_due, recurrence
    )


@pytest.mark.parametrize(
    ("recurrence", "start", "chain"),
    [
        (
            MONTHLY,
            date(2023, 11, 30),
            [
                date(2023, 12, 31),
                date(2024, 1, 31),
                date(2024, 2, 29),
                date(2024, 3, 31),
                date(2024, 4, 30),
            ],
        ),
        (
            MONTHLY,
            date(2099, 12, 31),
            [date(2100, 1, 31), date(2100, 2, 28), date(2100, 3, 31)],
        ),
        (
            QUARTERLY,
            date(2023, 3, 31),
            [date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31), date(2024, 3, 31)],
        ),
        (
            SIX_MONTHLY,
            date(2023, 3, 31),
            [date(2023, 9, 30), date(2024, 3, 31), date(2024, 9, 30), date(2025, 3, 31)],
        ),
        (
            ANNUALLY,
            date(2023, 3, 31),
            [date(2024, 3, 31), date(2025, 3, 31), date(2026, 3, 31)],
        ),
    ],
)
def test_roll_forward_chains_update_by_update(recurrence, start, chain):
    due = Due(DueKind.RECURRING, start, recurrence)
    seen = []
    for _ in chain:
        due = roll_forward(due, completed_for=due.on)
        seen.append(due.on)
    assert seen == chain
    assert all(period_end(recurrence, day) == day for day in seen)


def test_seed_003_monthly_action_rolls_from_january_through_a_year():
    owner, due = split_owner_and_due("4. All of CSLT (monthly)", today=TODAY)
    assert owner == "All of CSLT"
    labels = [due.label]
    for _ in range(2):
        due = roll_forward(due, completed_for=due.on)
        labels.append(due.label)
    assert labels == [
        "Monthly (next 31 January 2023)",
        "Monthly (next 28 February 2023)",
        "Monthly (next 31 March 2023)",
    ]


def test_an_update_for_a_later_period_skips_the_periods_between():
    due = every(MONTHLY, 2023, 1, 31)
    assert roll_forward(due, completed_for=date(2023, 3, 15)) == every(MONTHLY, 2023, 4, 30)


def test_an_update_for_a_past_period_never_moves_the_due_earlier():
    due = every(QUARTERLY, 2023, 9, 30)
    assert roll_forward(due, completed_for=date(2023, 2, 1)) == due
    assert roll_forward(due, completed_for=date(2023, 6, 30)) == due
    assert roll_forward(due, completed_for=date(2023, 9, 1)) == every(QUARTERLY, 2023, 12, 31)


def test_a_next_due_set_off_a_period_end_rolls_onto_period_ends():
    due = parse_due("monthly (next 15/02/2023)", today=TODAY)
    assert due.on == date(2023, 2, 15)
    assert roll_forward(due, completed_for=due.on).on == date(2023, 3, 31)


@pytest.mark.parametrize(
    "due", [on(2023, 3, 31), month(2023, 3), ONGOING, NOT_SET], ids=lambda due: due.label
)
def test_roll_forward_leaves_other_dues_alone(due):
    assert roll_forward(due, completed_for=date(2023, 3, 31)) is due


# --- Overdue -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "today", "overdue"),
    [
        (on(2023, 3, 31), date(2023, 3, 30), False),
        (on(2023, 3, 31), date(2023, 3, 31), False),
        (on(2023, 3, 31), date(2023, 4, 1), True),
        (month(2023, 3), date(2023, 3, 1), False),
        (month(2023, 3), date(2023, 3, 31), False),
        (month(2023, 3), date(2023, 4, 1), True),
        (month(2024, 2), date(2024, 2, 29), False),
        (month(2024, 2), date(2024, 3, 1), True),
        (month(2100, 2), date(2100, 3, 1), True),
        (every(MONTHLY, 2023, 1, 31), date(2023, 1, 31), False),
        (every(MONTHLY, 2023, 1, 31), date(2023, 2, 1), True),
        (every(SIX_MONTHLY, 2023, 3, 31), date(2023, 2, 1), False),
        (ONGOING, date(2099, 1, 1), False),
        (NOT_SET, date(2099, 1, 1), False),
    ],
)
def test_is_overdue(due, today, overdue):
    assert is_overdue(due, today) is overdue


def test_an_overdue_recurrence_is_cleared_by_rolling_it_forward():
    due = every(MONTHLY, 2023, 1, 31)
    assert is_overdue(due, date(2023, 2, 3))
    due = roll_forward(due, completed_for=date(2023, 1, 31))
    assert not is_overdue(due, date(2023, 2, 3))
