"""Importing a plan's actions from a spreadsheet as councils keep them.

A council's plan is a table: the priority ("Fundamental 1 – Seeing and Hearing"), the action,
and who leads it and by when, either in one cell ("1. Head of QA (March 2023)") or in separate
owner and due columns; optionally the priority's focus and impact statement, the source and a
reference. `preview` reads every row and says how it will be imported or what is wrong with it;
`load` imports all rows or none. Headings are recognised by their words, in any case, in the
first rows of the first sheet that has them, so a title row above the table does no harm.

Owners are matched to posts by name, ignoring case; an abbreviation in capitals ("PSW") matches
the one post whose initials it is (Principal Social Worker). Several owners in one cell are split
at "and", "&", "/", "," and ";", except where the joined words name an existing post ("Head of
Strategic Planning & Governance") or a part does not look like a post at all ("Heads of Family
Support and Safeguarding"). Names matching no post are listed, to be created in the same step.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from flask import current_app
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action
from scrutiny.models.people import Post
from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.services.actions.dues import Due, DueError, parse_due, split_owner_and_due
from scrutiny.services.core.errors import DomainError
from scrutiny.services.core.text_safety import clean_text
from scrutiny.services.files import upload_limits
from scrutiny.services.people import posts
from scrutiny.services.plans import plans

#: Data rows accepted in one file, and columns read from each row.
MAX_ROWS = 5000
MAX_COLUMNS = 50
#: Headings are looked for in this many rows at the top of a sheet.
HEADER_ROWS = 20
#: Bad rows named in the message when a load is refused.
ERRORS_SHOWN = 10

NOT_A_SPREADSHEET = "The file must be a spreadsheet saved as Excel (.xlsx) or CSV"
HEADINGS_HELP = (
    "We could not find the column headings. The table needs a heading row naming at least the "
    'action ("Action") and who leads it: "Lead and by when", or "Owner" with "Due"'
)


# --- Reading the file ----------------------------------------------------------------------------


def _check_size(data: bytes, max_mb: int | None) -> None:
    limit = max_mb if max_mb is not None else current_app.config["SCRUTINY_MAX_UPLOAD_MB"]
    if not data:
        raise DomainError("The selected file is empty", field="file")
    if len(data) > limit * 1024 * 1024:
        raise DomainError(f"The file must be smaller than {limit}MB", field="file")


def detect_type(data: bytes) -> str:
    """'xlsx' or 'csv' from the bytes themselves (never the name); DomainError otherwise,
    also for an XLSX that unpacks too far (checked before openpyxl reads it)."""
    if data.startswith(b"PK"):
        if "xl/workbook.xml" not in (upload_limits.zip_names(data) or set()):
            raise DomainError(NOT_A_SPREADSHEET, field="file")
        upload_limits.check_zip(data, "spreadsheet")
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError(
            "The file is an older Excel (.xls) workbook: save it as Excel Workbook (.xlsx) or "
            "CSV and upload that",
            field="file",
        )
    if data.startswith(b"%PDF-") or b"\x00" in data:
        raise DomainError(NOT_A_SPREADSHEET, field="file")
    return "csv"


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(
        'The CSV file\'s characters cannot be read: save it as "CSV UTF-8" and upload it again',
        field="file",
    )


def _text(value) -> str:
    """A cell as text: dates day first, whole numbers without ".0", a CSV export's ' dropped,
    and no character XML cannot hold (`clean_text`)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = (
        clean_text(str(value))
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u00a0", " ")
        .strip()
    )
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _too_many() -> DomainError:
    return DomainError(f"The file has more than {MAX_ROWS:,} rows: split it", field="file")


def _xlsx_sheets(data: bytes) -> list[list[list[str]]]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it ignores anyway
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheets = []
                for sheet in book.worksheets:
                    rows = []
                    for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                        rows.append([_text(v) for v in values])
                        if len(rows) > MAX_ROWS + HEADER_ROWS:
                            raise _too_many()
                    sheets.append(rows)
            finally:
                book.close()
    except DomainError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged workbook fails in many ways
        raise DomainError("The spreadsheet is damaged and cannot be read", field="file") from error
    return sheets


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    sample = [line for line in text.splitlines()[:HEADER_ROWS] if line.strip()]
    delimiter = max(",;\t", key=lambda d: sum(line.count(d) for line in sample))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([_text(cell) for cell in row[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS + HEADER_ROWS:
                raise _too_many()
    except csv.Error as error:
        raise DomainError(f"The CSV file is damaged and cannot be read ({error})", "file") from None
    return rows


# --- Headings ------------------------------------------------------------------------------------

_OWNER_WORDS = {"owner", "owners", "lead", "leads", "leading", "responsible", "who", "officer"}
_WHEN_WORDS = {"when", "due", "date", "deadline", "timescale", "timescales"}
_DUE_HEADINGS = {
    "due",
    "due date",
    "date due",
    "due by",
    "by when",
    "when",
    "deadline",
    "target date",
    "timescale",
    "timescales",
    "completion date",
}
_ACTION_FIRST = {"action", "actions", "description", "task", "tasks", "activity", "activities"}
_PRIORITY_WORDS = {"priority", "priorities", "fundamental", "fundamentals", "objective", "theme"}


def _role(heading: str) -> str | None:
    """What a column holds, from its heading: see the module's docstring."""
    normal = " ".join(re.sub(r"[^a-z0-9]+", " ", heading.lower()).split())
    words = set(normal.split())
    if not words:
        return None
    first = normal.split()[0]
    if "impact" in words or normal.startswith("how will we know"):
        return "impact"
    if first == "focus":
        return "focus"
    if words & _OWNER_WORDS and words & _WHEN_WORDS:
        return "combined"
    if "source" in words:
        return "source"
    if words & {"reference", "ref"}:
        return "reference"
    if words & _OWNER_WORDS:
        return "owner"
    if normal in _DUE_HEADINGS or first == "due":
        return "due"
    if first in _ACTION_FIRST or "description" in words:
        return "action"
    if words & _PRIORITY_WORDS:
        return "priority"
    return None


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for column, heading in enumerate(row):
            role = _role(heading)
            if role and role not in columns:
                columns[role] = column
        if "action" in columns and ("combined" in columns or "owner" in columns):
            return index, columns
    return None


# --- Owners --------------------------------------------------------------------------------------

_SEPARATOR = re.compile(r"(\s+and\s+|\s*&\s*|\s*/\s*|\s*[,;]\s*)", re.IGNORECASE)
_LIST_NUMBER = re.compile(r"^\d{1,2}\s*[.)]\s*(?=\D)")
_TRIM = " -\u2013\u2014,;:/&."
#: Words that make part of an owner cell look like a post in its own right.
_POST_WORDS_TEXT = (
    "head heads director directors lead leads leader manager managers officer officers worker "
    "workers team teams board group panel accountant coordinator co-ordinator commissioner "
    "adviser advisor chair chairman executive member members partnership clerk consultant "
    "specialist analyst practitioner administrator secretary"
)
_POST_WORDS = frozenset(_POST_WORDS_TEXT.split())


def _key(text: str) -> str:
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split()).casefold()


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Za-z]+", name)).upper()


def _looks_like_post(text: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
    return any(w.lower() in _POST_WORDS or (len(w) >= 2 and w.isupper()) for w in words)


class _Posts:
    """Every post by name (any case) and active posts by their initials."""

    def __init__(self, session: Session):
        self.by_name: dict[str, Post] = {}
        by_initials: dict[str, list[Post]] = {}
        for post in session.scalars(select(Post)):
            self.by_name[_key(post.name)] = post
            # "Head of SEND" has no initials of its own: its "HOS" would steal "HOS".
            if post.active and not re.search(r"\b[A-Z]{2,}\b", post.name):
                by_initials.setdefault(_initials(post.name), []).append(post)
        self.by_initials = {k: v[0] for k, v in by_initials.items() if len(v) == 1}

    def find(self, written: str) -> Post | None:
        post = self.by_name.get(_key(written))
        if post is None and re.fullmatch(r"[A-Z]{2,6}", written):
            post = self.by_initials.get(written)
        return post


@dataclass
class Owner:
    """One owner as written, and the existing post it names (None: a post to create)."""

    written: str
    post: Post | None = None

    @property
    def name(self) -> str:
        return self.post.name if self.post else self.written


def owners_of(text: str, known: _Posts) -> list[Owner]:
    """The owners named in an owner cell (its due already removed)."""
    parts = _SEPARATOR.split(_LIST_NUMBER.sub("", text.strip()))
    pieces, separators = parts[0::2], ["", *parts[1::2]]
    units: list[list] = []  # [text, post or None, separator before it]
    start = 0
    while start < len(pieces):
        for end in range(len(pieces) - 1, start - 1, -1):
            joined = pieces[start] + "".join(
                separators[i] + pieces[i] for i in range(start + 1, end + 1)
            )
            post = known.by_name.get(_key(joined))
            if post is not None or end == start:
                units.append([joined, post, separators[start]])
                start = end + 1
                break
    merged: list[list] = []
    for text_, post, separator in units:
        if not text_.strip(_TRIM):
            continue
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous[1] is None
            and post is None
            and not (_looks_like_post(previous[0]) and _looks_like_post(text_))
        ):
            previous[0] += separator + text_
        else:
            merged.append([text_, post, separator])
    owners: list[Owner] = []
    for text_, post, _ in merged:
        written = " ".join(text_.split()).strip(_TRIM)
        owner = Owner(written, post or known.find(written))
        if all(_key(o.name) != _key(owner.name) for o in owners):
            owners.append(owner)
    return owners


# --- Preview -------------------------------------------------------------------------------------


@dataclass
class RowResult:
    """How one row of the file will be imported, or what is wrong with it."""

    number: int
    priority: str
    description: str
    owners: list[Owner]
    due: Due | None
    due_written: str = ""
    source: str = ""
    reference: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error(self) -> str:
        return " ".join(self.errors)

    @property
    def due_label(self) -> str:
        return self.due.label if self.due else ""

    @property
    def new_owners(self) -> list[str]:
        return [o.written for o in self.owners if o.post is None]


@dataclass
class Preview:
    """Every row's interpretation, the posts to create and the priorities to add."""

    filename: str
    file_type: str
    #: Column role ("priority", "action", "combined", "owner", "due", ...) -> heading as written.
    columns: dict[str, str]
    rows: list[RowResult]
    unknown_posts: list[str]
    #: Priority key -> (title, focus, impact statement, existing priority or None), file order.
    priorities: dict[str, tuple[str, str, str, PlanPriority | None]]

    @property
    def ok(self) -> bool:
        """True if no row has an error (posts still to create are not errors)."""
        return bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def bad_rows(self) -> list[RowResult]:
        return [row for row in self.rows if not row.ok]

    @property
    def new_priorities(self) -> list[str]:
        return [title for title, _, _, existing in self.priorities.values() if existing is None]

    def problem_summary(self) -> str:
        """One message naming the bad rows, for a refused load."""
        bad = self.bad_rows
        shown = "; ".join(f"row {row.number}: {row.error}" for row in bad[:ERRORS_SHOWN])
        more = f"; and {len(bad) - ERRORS_SHOWN} more rows" if len(bad) > ERRORS_SHOWN else ""
        rows = "row has" if len(bad) == 1 else "rows have"
        return f"Nothing was imported: {len(bad)} {rows} a problem. Correct the file: {shown}{more}"


def _cell(row: list[str], columns: dict[str, int], role: str) -> str:
    column = columns.get(role)
    return row[column] if column is not None and column < len(row) else ""


_TRAILING_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\W*$")


def _line(text: str) -> str:
    return " ".join(text.split())


def _read_row(
    number: int, row: list[str], columns: dict[str, int], priority: str, known: _Posts, today
) -> RowResult:
    description = _LIST_NUMBER.sub("", _cell(row, columns, "action").strip()).strip()
    result = RowResult(
        number=number,
        priority=priority,
        description=description,
        owners=[],
        due=None,
        source=_line(_cell(row, columns, "source")),
        reference=_line(_cell(row, columns, "reference")),
    )
    if not description:
        result.errors.append("The action is blank.")
    owner_text = _line(_cell(row, columns, "combined") or _cell(row, columns, "owner"))
    due_text = _line(_cell(row, columns, "due"))
    # Without a due of its own, the owner cell may carry one: "Head of QA (March 2023)".
    combined = "combined" in columns or not due_text
    try:
        if combined:
            owner_text, result.due = split_owner_and_due(owner_text, today=today)
            result.due_written = result.due.label
        else:
            result.due_written = due_text
            result.due = parse_due(due_text, today=today)
    except DueError as error:
        result.errors.append(error.message)
        if combined:  # the unread due is still in the owner cell
            bracketed = _TRAILING_BRACKETS.sub("", owner_text)
            owner_text = bracketed if bracketed != owner_text else ""
    result.owners = owners_of(owner_text, known)
    if not result.owners and result.ok:
        result.errors.append("No one is named as leading this action: add the post that leads it.")
    for owner in result.owners:
        if owner.post is not None and not owner.post.active:
            result.errors.append(f'"{owner.post.name}" is a post no longer in use.')
        elif owner.post is None and len(owner.written) > 200:
            result.errors.append("A post's name must be 200 characters or fewer.")
    for value, limit, what in (
        (priority, 300, "The priority"),
        (result.source, 300, "The source"),
        (result.reference, 60, "The reference"),
    ):
        if len(value) > limit:
            result.errors.append(f"{what} must be {limit} characters or fewer.")
    return result


def _table(data: bytes) -> tuple[str, list[list[str]], int, dict[str, int]]:
    file_type = detect_type(data)
    sheets = _xlsx_sheets(data) if file_type == "xlsx" else [_csv_rows(data)]
    for rows in sheets:
        if found := _find_header(rows):
            return file_type, rows, *found
    raise DomainError(HEADINGS_HELP, field="file")


def preview(
    session: Session,
    plan: ServicePlan,
    data: bytes,
    filename: str,
    today: date,
    *,
    max_mb: int | None = None,
) -> Preview:
    """Read an uploaded XLSX or CSV and say how each row would be imported into `plan`.

    A problem with the file itself (empty, too big, not a spreadsheet, no headings, no rows)
    raises DomainError on the field "file"; a problem with a row is that row's error.
    """
    _check_size(data, max_mb)
    file_type, rows, header_index, columns = _table(data)
    header = rows[header_index]
    known = _Posts(session)
    existing = {_key(p.title): p for p in plan.priorities}
    result = Preview(
        filename=Path(filename or "").name,
        file_type=file_type,
        columns={role: _line(header[column]) for role, column in columns.items()},
        rows=[],
        unknown_posts=[],
        priorities={},
    )
    unknown: dict[str, str] = {}
    priority = ""
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(row) or row == header:
            continue
        priority = _line(_cell(row, columns, "priority")) or priority
        read = _read_row(offset, row, columns, priority, known, today)
        result.rows.append(read)
        for name in read.new_owners:
            unknown.setdefault(_key(name), name)
        if priority:
            title, focus, impact, old = result.priorities.get(
                _key(priority), (priority, "", "", existing.get(_key(priority)))
            )
            result.priorities[_key(priority)] = (
                title,
                focus or _line(_cell(row, columns, "focus")),
                impact or _cell(row, columns, "impact"),
                old,
            )
    if not result.rows:
        raise DomainError("The file has column headings but no actions under them", field="file")
    if len(result.rows) > MAX_ROWS:
        raise _too_many()
    result.unknown_posts = list(unknown.values())
    return result


# --- Loading -------------------------------------------------------------------------------------


@dataclass
class Loaded:
    """What a load created."""

    actions: list[Action]
    posts: list[Post]
    priorities: list[PlanPriority]


def load(
    session: Session,
    plan: ServicePlan,
    data: bytes,
    filename: str,
    today: date,
    create_posts: bool,
    *,
    max_mb: int | None = None,
) -> Loaded:
    """Import every row of the file into `plan`, or nothing: DomainError if any row is wrong or
    posts are missing and `create_posts` is False. Runs in the caller's transaction."""
    result = preview(session, plan, data, filename, today, max_mb=max_mb)
    if not result.ok:
        raise DomainError(result.problem_summary(), field="file")
    if result.unknown_posts and not create_posts:
        raise DomainError(
            "Nothing was imported: these posts do not exist yet: "
            + ", ".join(result.unknown_posts)
            + '. Tick "Create the posts that do not exist yet", or correct their names.',
            field="create_posts",
        )
    made_posts = {
        _key(name): posts.create_post(session, name=name, service=plan.service or None)
        for name in result.unknown_posts
    }
    priorities: dict[str, PlanPriority] = {}
    made_priorities = []
    for key, (title, focus, impact, existing) in result.priorities.items():
        if existing is None:
            existing = plans.add_priority(
                session, plan, title=title, focus=focus, impact_statement=impact
            )
            made_priorities.append(existing)
        priorities[key] = existing
    made_actions = []
    for row in result.rows:
        post_ids = [(o.post or made_posts[_key(o.written)]).id for o in row.owners]
        made_actions.append(
            plans.add_action(
                session,
                plan,
                priorities.get(_key(row.priority)) if row.priority else None,
                description=row.description,
                post_ids=post_ids,
                due_text=row.due.label,
                today=today,
                source_reference=row.source,
                reference=row.reference or None,
            )
        )
    return Loaded(made_actions, list(made_posts.values()), made_priorities)
