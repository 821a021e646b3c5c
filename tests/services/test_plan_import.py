"""Importing a plan's actions from XLSX or CSV as councils keep them, all or nothing; exports."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from scrutiny.models import Action, PlanPriority, Post
from scrutiny.services.actions import actions
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import upload_stash
from scrutiny.services.plans import plan_export, plan_import, plans
from tests.factories import PostFactory, UserFactory

TODAY = date(2023, 1, 15)
LEAD = "Who is leading on these actions, and by when?"


@pytest.fixture
def plan(session):
    return plans.create_plan(
        session,
        title="Children's Support and Safeguarding Service Plan",
        starts_on=date(2023, 1, 1),
        ends_on=date(2023, 12, 31),
        service="Children's Support and Safeguarding",
    )


@pytest.fixture
def known_posts(session):
    names = [
        "Head of QA",
        "All of CSLT",
        "Principal Social Worker",
        "Head of Service Quality Assurance",
        "Head of Commissioning",
        "Head of Strategic Planning & Governance",
        "Head of SEND",
    ]
    return {name: PostFactory(name=name) for name in names}


def _csv(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


SEED_ROWS = [
    ["Children's Support and Safeguarding Service Plan – Jan 2023 to December 2023"],
    [],
    ["Fundamental", "Focus", "Actions needed to address this priority", LEAD],
    [
        "Fundamental 1 – Seeing and Hearing",
        "Family Support and Safeguarding",
        "Introduce a guidance document clarifying the routes feedback is sought",
        "1. Head of QA (March 2023)",
    ],
    ["", "", "2. Ensure that feedback informs our practice", "2. All of CSLT"],
    [
        "Fundamental 4 – Outcomes",
        "",
        "3. Respond consistently to QA practice themes",
        "3. PSW and Head of Service Quality Assurance (monthly)",
    ],
    ["", "", "5.Continue to seek feedback via the staff survey", "5. PSW (6 monthly)"],
    ["", "", "4. Be compassionate in how we record", "4. HOS ongoing"],
    ["", "", "7. Roll out language that cares", "7. Head of Commissioning August 2023"],
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_combined_cells_are_read_as_the_seed_writes_them(session, plan, known_posts, kind):
    data = _csv(SEED_ROWS) if kind == "csv" else _xlsx(SEED_ROWS)
    result = plan_import.preview(session, plan, data, f"plan.{kind}", TODAY)
    assert result.file_type == kind
    assert result.columns["combined"] == LEAD
    seen = [
        (r.number, r.priority, r.description, [o.name for o in r.owners], r.due_label)
        for r in result.rows
    ]
    assert seen == [
        (
            4,
            "Fundamental 1 – Seeing and Hearing",
            "Introduce a guidance document clarifying the routes feedback is sought",
            ["Head of QA"],
            "March 2023",
        ),
        (
            5,
            "Fundamental 1 – Seeing and Hearing",
            "Ensure that feedback informs our practice",
            ["All of CSLT"],
            "Not set",
        ),
        (
            6,
            "Fundamental 4 – Outcomes",
            "Respond consistently to QA practice themes",
            ["Principal Social Worker", "Head of Service Quality Assurance"],
            "Monthly (next 31 January 2023)",
        ),
        (
            7,
            "Fundamental 4 – Outcomes",
            "Continue to seek feedback via the staff survey",
            ["Principal Social Worker"],
            "6 monthly (next 31 March 2023)",
        ),
        (8, "Fundamental 4 – Outcomes", "Be compassionate in how we record", ["HOS"], "Ongoing"),
        (
            9,
            "Fundamental 4 – Outcomes",
            "Roll out language that cares",
            ["Head of Commissioning"],
            "August 2023",
        ),
    ]
    assert result.ok
    assert result.unknown_posts == ["HOS"]  # not "Head of SEND", whose initials are HOS
    assert result.new_priorities == [
        "Fundamental 1 – Seeing and Hearing",
        "Fundamental 4 – Outcomes",
    ]
    assert _count(session, Action) == 0  # a preview changes nothing


def test_load_creates_priorities_posts_and_actions_in_one_step(session, plan, known_posts):
    loaded = plan_import.load(session, plan, _csv(SEED_ROWS), "plan.csv", TODAY, create_posts=True)
    assert [p.name for p in loaded.posts] == ["HOS"]
    assert [(p.title, p.focus) for p in plan.priorities] == [
        ("Fundamental 1 – Seeing and Hearing", "Family Support and Safeguarding"),
        ("Fundamental 4 – Outcomes", ""),
    ]
    made = loaded.actions
    assert len(made) == 6
    assert [plans.due_of(a).label for a in made] == [
        "March 2023",
        "Not set",
        "Monthly (next 31 January 2023)",
        "6 monthly (next 31 March 2023)",
        "Ongoing",
        "August 2023",
    ]
    assert [(a.priority_id, a.position) for a in made[:3]] == [
        (plan.priorities[0].id, 1),
        (plan.priorities[0].id, 2),
        (plan.priorities[1].id, 1),
    ]
    assert {p.name for p in made[2].owner_posts} == {
        "Principal Social Worker",
        "Head of Service Quality Assurance",
    }
    assert made[4].owner_posts[0].service == "Children's Support and Safeguarding"


def test_unknown_posts_are_listed_and_not_created_unless_asked(session, plan, known_posts):
    with pytest.raises(DomainError) as refused:
        plan_import.load(session, plan, _csv(SEED_ROWS), "plan.csv", TODAY, create_posts=False)
    assert refused.value.field == "create_posts"
    assert "HOS" in refused.value.message
    assert _count(session, Action) == 0
    assert _count(session, PlanPriority) == 0
    assert session.scalar(select(Post).where(Post.name == "HOS")) is None


def test_separate_owner_and_due_columns_with_real_dates(session, plan, known_posts):
    rows = [
        ["Priority", "Action", "Owner", "Due", "Source", "Impact"],
        [
            "Commissioning",
            "Publish the plan",
            "head of commissioning",
            date(2023, 3, 31),
            "",
            "Fewer",
        ],
        ["", "Review it", "Head of QA & All of CSLT", "quarterly", "ILACS March 2020", ""],
        ["", "Report on it", "Head of Strategic Planning & Governance", "", "", ""],
        ["", "Tell the panel", "Head of QA (June 2023)", "", "", ""],
    ]
    loaded = plan_import.load(session, plan, _xlsx(rows), "plan.xlsx", TODAY, create_posts=False)
    first, second, third, fourth = loaded.actions
    assert (first.due_kind, first.due_on) == ("date", date(2023, 3, 31))
    assert [p.name for p in first.owner_posts] == ["Head of Commissioning"]
    assert plans.due_of(second).label == "Quarterly (next 31 March 2023)"
    assert {p.name for p in second.owner_posts} == {"Head of QA", "All of CSLT"}
    assert second.source_reference == "ILACS March 2020"
    assert [p.name for p in third.owner_posts] == ["Head of Strategic Planning & Governance"]
    assert third.due_kind == "none"
    assert ([p.name for p in fourth.owner_posts], fourth.due_kind) == (["Head of QA"], "month")
    assert plan.priorities[0].impact_statement == "Fewer"


def test_owner_cells_split_only_between_posts(session, plan, known_posts):
    known = plan_import._Posts(session)

    def names(text):
        return [o.name for o in plan_import.owners_of(text, known)]

    assert names("3.Service Improvement Lead and PSW") == [
        "Service Improvement Lead",
        "Principal Social Worker",
    ]
    assert names("Assistant Director, Young Director and Head of Corporate Parenting") == [
        "Assistant Director",
        "Young Director",
        "Head of Corporate Parenting",
    ]
    assert names("Heads of Family Support and Safeguarding and Corporate Parenting") == [
        "Heads of Family Support and Safeguarding and Corporate Parenting"
    ]
    assert names("Senior/Principal Accountant") == ["Senior/Principal Accountant"]
    assert names("PSW/HR; head of qa") == ["Principal Social Worker", "HR", "Head of QA"]


def test_bad_rows_are_named_and_a_load_changes_nothing(session, plan, known_posts):
    rows = [["Priority", "Action", "Lead and by when"]]
    rows += [[f"Priority {n // 100}", f"Action {n}", "Head of QA (March 2023)"] for n in range(300)]
    rows[157][2] = "Head of QA (Febuary 2023)"
    data = _csv(rows)
    result = plan_import.preview(session, plan, data, "plan.csv", TODAY)
    assert not result.ok
    assert [r.number for r in result.bad_rows] == [158]
    assert "Febuary 2023" in result.bad_rows[0].error
    assert [o.name for o in result.bad_rows[0].owners] == ["Head of QA"]
    assert result.unknown_posts == []
    with pytest.raises(DomainError) as refused:
        plan_import.load(session, plan, data, "plan.csv", TODAY, create_posts=True)
    assert refused.value.message.startswith("Nothing was imported: 1 row has a problem")
    assert "row 158:" in refused.value.message
    assert _count(session, Action) == 0
    assert _count(session, PlanPriority) == 0


def test_row_problems_each_get_a_message(session, plan, known_posts):
    rows = [
        ["Action", "Owner", "Due"],
        ["", "Head of QA", "March 2023"],
        ["Do something", "", "March 2023"],
        ["Do another thing", "Head of QA", "31/02/2023"],
    ]
    retired = PostFactory(name="Head of Early Help", active=False)
    rows.append(["And another", retired.name, ""])
    result = plan_import.preview(session, plan, _csv(rows), "plan.csv", TODAY)
    errors = {r.number: r.error for r in result.rows}
    assert errors[2] == "The action is blank."
    assert errors[3].startswith("No one is named as leading this action")
    assert "not a real date" in errors[4]
    assert "no longer in use" in errors[5]
    assert result.rows[0].priority == ""


def test_a_cp1252_csv_with_semicolons_is_read(session, plan, known_posts):
    data = "Action;Lead;By when\r\nCafé review – phase 1;Head of QA;Mar-23\r\n".encode("cp1252")
    result = plan_import.preview(session, plan, data, "plan.csv", TODAY)
    assert result.rows[0].description == "Café review – phase 1"
    assert result.rows[0].due_label == "March 2023"


def test_a_utf8_csv_with_a_byte_order_mark_is_read(session, plan, known_posts):
    data = b"\xef\xbb\xbf" + _csv([["Action", "Lead and by when"], ["Café", "Head of QA"]])
    result = plan_import.preview(session, plan, data, "plan.csv", TODAY)
    assert result.columns == {"action": "Action", "combined": "Lead and by when"}
    assert result.rows[0].description == "Café"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The selected file is empty"),
        (b"%PDF-1.7\n...", "must be a spreadsheet saved as Excel (.xlsx) or CSV"),
        (b"PK\x03\x04 not really a zip", "must be a spreadsheet saved as Excel (.xlsx) or CSV"),
        (_docx(), "must be a spreadsheet saved as Excel (.xlsx) or CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "older Excel (.xls)"),
        (b"\x81\x8d\x8f\x90", "cannot be read"),
        (b"Name,Email\nA,B\n", "could not find the column headings"),
        (b"Action,Lead\n,\n", "no actions under them"),
    ],
)
def test_files_that_cannot_be_imported_are_refused(session, plan, data, message):
    with pytest.raises(DomainError) as refused:
        plan_import.preview(session, plan, data, "plan.xlsx", TODAY)
    assert message in refused.value.message
    assert refused.value.field == "file"


def test_a_file_over_the_size_limit_is_refused(session, plan, app):
    big = b"Action,Lead\n" + b"x" * (1024 * 1024)
    with pytest.raises(DomainError, match="smaller than 1MB"):
        plan_import.preview(session, plan, big, "plan.csv", TODAY, max_mb=1)
    limit = app.config["SCRUTINY_MAX_UPLOAD_MB"]
    with pytest.raises(DomainError, match=f"smaller than {limit}MB"):
        plan_import.preview(session, plan, b"x" * (limit * 1024 * 1024 + 1), "a.csv", TODAY)


def test_exports_read_back_through_the_import(session, plan, known_posts):
    loaded = plan_import.load(session, plan, _csv(SEED_ROWS), "plan.csv", TODAY, create_posts=True)
    first = loaded.actions[0]
    first.description = '=HYPERLINK("http://evil.example")'
    first.source_reference = "@risk"
    actions.record_update(
        session,
        loaded.actions[1],
        rag="amber",
        narrative="Started",
        next_steps="",
        due_on=None,
        user=UserFactory(),
        now=datetime(2023, 2, 10, 10, tzinfo=UTC),
        expected_version=None,
    )
    made = loaded.actions

    rows = list(csv.reader(io.StringIO(plan_export.export_actions_csv(made).decode("utf-8-sig"))))
    assert rows[0] == list(plan_export.EXPORT_HEADINGS)
    assert rows[1][3] == '\'=HYPERLINK("http://evil.example")'
    assert rows[1][10] == "'@risk"
    assert rows[1][8] == "Yes"  # March 2023 is long past on the test clock
    assert rows[2][7:10] == ["Amber", "No", "2023-02-10"]
    assert rows[3][4] == "Principal Social Worker; Head of Service Quality Assurance"

    book = load_workbook(io.BytesIO(plan_export.export_actions_xlsx(made)))
    cell = book.active["D2"]
    assert cell.value == '\'=HYPERLINK("http://evil.example")'
    assert cell.data_type == "s"
    assert book.active["J3"].value == datetime(2023, 2, 10)

    other = plans.create_plan(
        session, title="Copy", starts_on=date(2023, 1, 1), ends_on=date(2023, 12, 31)
    )
    for data in (plan_export.export_actions_csv(made), plan_export.export_actions_xlsx(made)):
        result = plan_import.preview(session, other, data, "export", TODAY)
        assert result.ok and not result.unknown_posts
        assert [r.description for r in result.rows] == [a.description for a in made]
        assert [r.due_label for r in result.rows] == [plans.due_of(a).label for a in made]
        assert [[o.name for o in r.owners] for r in result.rows] == [
            [p.name for p in a.owner_posts] for a in made
        ]
        assert [r.priority for r in result.rows][2] == "Fundamental 4 – Outcomes"


def test_uploads_are_kept_between_preview_and_load(app):
    digest = upload_stash.stash(b"Action,Lead\nX,Y\n")
    assert upload_stash.unstash(digest) == b"Action,Lead\nX,Y\n"
    assert upload_stash.unstash("../secret_key") is None
    upload_stash.discard(digest)
    assert upload_stash.unstash(digest) is None


def test_characters_xml_cannot_hold_are_dropped_from_every_cell(session, plan, known_posts):
    rows = [
        ["Action", "Lead", "Source"],
        ["Review\x0b the\x0c rota", "Head of QA\x1f", "ILACS\x08"],
    ]
    result = plan_import.preview(session, plan, _csv(rows), "plan.csv", TODAY)
    row = result.rows[0]
    assert row.description == "Review the rota"
    assert [o.name for o in row.owners] == ["Head of QA"]
    assert row.source == "ILACS"
