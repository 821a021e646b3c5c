"""A service plan in Chromium: an officer imports actions, an owner updates two of theirs, and the
officer issues the quarter's highlight report.

A plan of its own (made with the services, beside the demo council) for 2026 has two priorities
and three actions owned by one post: one overdue (31 May 2026), one monthly and one due in
December 2026. The officer imports two more from a CSV file, one led by a post that does not
exist yet. The post's holder finds the three on "My actions", overdue first, and records an
amber update (first forgetting the RAG) on the overdue one and a green one on the monthly one,
which moves its due to the next month's end. The officer filters the tracker to the overdue
action, sees the RAG counts on the plan's dashboard, and drafts and issues the highlight report
for 1 April to 30 June 2026, with its PDF.

Every page reached is checked with axe-core against WCAG 2.2 A and AA, including the forms'
error states.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from scrutiny.extensions import db
from scrutiny.services.core import clocks
from scrutiny.services.plans import plans
from tests import factories
from tests.browser.pages import (
    error_summary,
    fill_date,
    heading,
    sign_out,
    success_banner,
)

pytestmark = pytest.mark.browser

PLAN_TITLE = "Sensory Support Service Plan 2026"
SERVICE = "Sensory Support"
PRIORITIES = ("Early identification of hearing and vision needs", "Support for families")
OFFICER = ("Priya Planner", "priya.planner@council.example")
OWNER = ("Imran Okafor", "imran.okafor@council.example")
OWNER_POST = "Head of Sensory Support"

#: The owner's three actions: (description, due as written, priority index, due as shown).
OVERDUE = ("Publish the newborn hearing screening referral pathway", "31/05/2026", 0)
MONTHLY = ("Report waiting times for specialist assessments to leadership", "monthly", 0)
LATER = ("Train every early years setting to spot vision needs", "December 2026", 1)

#: The rows of the imported CSV: priority, action, "Lead and by when".
NEW_POST = "Lead Teacher of the Deaf"
IMPORTED = [
    (
        PRIORITIES[0],
        "Run a deaf awareness week in every secondary school",
        f"{NEW_POST} (September 2026)",
    ),
    (
        PRIORITIES[1],
        "Commission a family sign language course",
        "Head of Commissioning (31/10/2026)",
    ),
]

OVERDUE_PROGRESS = "The draft pathway is with the audiology service for comment."
OVERDUE_NEXT = "Agree the pathway with audiology and publish it by the end of July."
MONTHLY_PROGRESS = "Waiting times for May were reported to the leadership team."
DECISIONS = "The Panel is asked to note the revised date for the referral pathway."


@pytest.fixture
def sensory_plan(demo_data) -> dict:
    """The plan, its priorities, its owner's three actions and an officer, committed; the plan's
    id and the owner's actions' references, by name.

    Made with the factories and the plans service after the demo data; then the test thread's
    session is ended (as demo_data does) so the server thread can write.
    """
    session = db.session
    today = clocks.to_local(clocks.now()).date()
    factories.UserFactory(name=OFFICER[0], email=OFFICER[1], roles=["officer"])
    owner = factories.UserFactory(name=OWNER[0], email=OWNER[1], roles=["owner"])
    post = factories.PostFactory(name=OWNER_POST, service=SERVICE)
    factories.PostHoldingFactory(post=post, user=owner)
    plan = plans.create_plan(
        session,
        title=PLAN_TITLE,
        service=SERVICE,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        owner_post_id=post.id,
    )
    priorities = [plans.add_priority(session, plan, title=title) for title in PRIORITIES]
    references = {}
    for name, (description, due, priority) in {
        "overdue": OVERDUE,
        "monthly": MONTHLY,
        "later": LATER,
    }.items():
        action = plans.add_action(
            session,
            plan,
            priorities[priority],
            description=description,
            post_ids=[post.id],
            due_text=due,
            today=today,
        )
        references[name] = action.reference
    made = {"plan_id": plan.id, **references}
    session.commit()
    db.session.remove()
    return made


def summary_value(page: Page, key: str) -> Locator:
    """The value beside `key` in the page's first summary list that has it."""
    return page.locator("dt", has_text=key).first.locator("xpath=following-sibling::dd[1]")


def body_rows(table: Locator) -> Locator:
    """The rows of a table's body."""
    return table.locator("tbody tr")


def write_csv(folder: Path) -> Path:
    """The officer's spreadsheet of two more actions, saved as CSV."""
    path = folder / "sensory-actions.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Priority", "Action", "Lead and by when"])
        writer.writerows(IMPORTED)
    return path


def test_an_owner_updates_two_actions_and_an_officer_issues_a_highlight_report(
    page: Page, assert_accessible, sign_in, sensory_plan: dict, tmp_path: Path
):
    plan_id = sensory_plan["plan_id"]
    overdue_ref, monthly_ref, later_ref = (
        sensory_plan["overdue"],
        sensory_plan["monthly"],
        sensory_plan["later"],
    )

    # 1. The officer finds the plan and imports two more actions from a CSV file.
    page.goto("/sign-in")
    sign_in(OFFICER[1], factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()
    page.goto("/plans")
    expect(heading(page, "Service plans")).to_be_visible()
    plan_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=PLAN_TITLE))
    # Plan, period, actions, overdue.
    expect(plan_row.get_by_role("cell")).to_have_text(
        [re.compile(rf"^{PLAN_TITLE}"), "January 2026 to December 2026", "3", "1"]
    )
    assert_accessible(page)
    plan_row.get_by_role("link", name=PLAN_TITLE).click()
    expect(heading(page, PLAN_TITLE)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/plans/{plan_id}$"))
    plan_url = page.url
    assert_accessible(page)

    page.get_by_role("link", name="Import actions").click()
    expect(heading(page, "Import actions")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Spreadsheet").set_input_files(write_csv(tmp_path))
    page.get_by_role("button", name="Preview the import").click()
    expect(
        page.get_by_text("2 actions read from sensory-actions.csv, under 2 priorities.")
    ).to_be_visible()
    preview = page.get_by_role("table", name="How each row will be imported")
    # Row, priority, action, led by, due, status: the file's rows 2 and 3.
    expect(body_rows(preview).nth(0).get_by_role("cell")).to_have_text(
        ["2", PRIORITIES[0], IMPORTED[0][1], f"{NEW_POST} New post", "September 2026", "Ready"]
    )
    expect(body_rows(preview).nth(1).get_by_role("cell")).to_have_text(
        ["3", PRIORITIES[1], IMPORTED[1][1], "Head of Commissioning", "31 October 2026", "Ready"]
    )
    unknown = page.locator(".govuk-inset-text").filter(has_text="These posts do not exist yet")
    expect(unknown.get_by_role("listitem")).to_have_text([NEW_POST])
    create_posts = page.get_by_role("checkbox", name="Create the posts that do not exist yet")
    expect(create_posts).not_to_be_checked()
    assert_accessible(page)
    create_posts.check()
    page.get_by_role("button", name="Load 2 actions").click()
    expect(success_banner(page)).to_contain_text("2 actions imported")
    expect(page).to_have_url(plan_url)
    first = page.get_by_role("table", name=f"Actions for {PRIORITIES[0]}")
    second = page.get_by_role("table", name=f"Actions for {PRIORITIES[1]}")
    expect(body_rows(first)).to_have_count(3)
    expect(body_rows(first).nth(2).get_by_role("cell")).to_have_text(
        [
            re.compile(re.escape(IMPORTED[0][1])),
            NEW_POST,
            "September 2026",
            "30 September 2026",
            "0 times",
            "Not started No update",
        ]
    )
    expect(body_rows(second)).to_have_count(2)
    expect(body_rows(second).nth(1).get_by_role("cell")).to_have_text(
        [
            re.compile(re.escape(IMPORTED[1][1])),
            "Head of Commissioning",
            "31 October 2026",
            "31 October 2026",
            "0 times",
            "Not started No update",
        ]
    )
    assert_accessible(page)
    sign_out(page)

    # 2. The owner finds their three actions, the overdue one first.
    page.goto("/sign-in")
    sign_in(OWNER[1], factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()
    expect(page.get_by_text(f"You hold {OWNER_POST}. 3 open actions, 1 overdue.")).to_be_visible()
    page.get_by_role("link", name="All my actions").click()
    expect(heading(page, "My actions")).to_be_visible()
    mine = page.get_by_role("table", name="Your open actions")
    # Action, owner, due (with overdue), status.
    expect(body_rows(mine).locator("td:first-child")).to_have_text(
        [f"{overdue_ref}: {OVERDUE[0]}", f"{monthly_ref}: {MONTHLY[0]}", f"{later_ref}: {LATER[0]}"]
    )
    expect(body_rows(mine).locator("td:nth-child(3)")).to_have_text(
        ["31 May 2026 Overdue", "Monthly (next 30 June 2026)", "December 2026"]
    )
    assert_accessible(page)
    my_actions_url = page.url

    # 3. The overdue one: an update without a RAG first, then amber.
    mine.get_by_role("link", name=overdue_ref, exact=True).click()
    expect(heading(page, f"Action {overdue_ref}")).to_be_visible()
    expect(summary_value(page, "Due")).to_have_text("31 May 2026")
    expect(page.locator("main h1 ~ p .govuk-tag")).to_have_text(["Not started", "Overdue"])
    expect(page.get_by_text("No updates yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Progress", exact=True).fill(OVERDUE_PROGRESS)
    page.get_by_label("Further actions for next period").fill(OVERDUE_NEXT)
    page.get_by_role("button", name="Save update").click()
    expect(page).to_have_title(re.compile(rf"^Error: Action {re.escape(overdue_ref)}"))
    expect(error_summary(page).get_by_role("listitem")).to_have_text(["Choose the RAG status"])
    # What was typed is kept.
    expect(page.get_by_label("Progress", exact=True)).to_have_value(OVERDUE_PROGRESS)
    expect(page.get_by_label("Further actions for next period")).to_have_value(OVERDUE_NEXT)
    expect(page.get_by_text("No updates yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Amber: at risk").check()
    page.get_by_role("button", name="Save update").click()
    expect(success_banner(page)).to_contain_text("Update saved")
    update = page.locator(".app-session")
    expect(update).to_have_count(1)
    expect(update.get_by_role("heading", level=3)).to_contain_text(f"by {OWNER[0]}")
    expect(update.get_by_role("heading", level=3)).to_contain_text("Amber")
    expect(update).to_contain_text(OVERDUE_PROGRESS)
    expect(update).to_contain_text(f"Next period: {OVERDUE_NEXT}")
    # A progress update does not move a fixed date: still overdue.
    expect(summary_value(page, "Due")).to_have_text("31 May 2026")
    expect(page.locator("main h1 ~ p .govuk-tag")).to_have_text(["In progress", "Overdue"])
    assert_accessible(page)

    # 4. The monthly one: green, and its due moves to the end of next month.
    page.goto(my_actions_url)
    page.get_by_role("table", name="Your open actions").get_by_role(
        "link", name=monthly_ref, exact=True
    ).click()
    expect(heading(page, f"Action {monthly_ref}")).to_be_visible()
    expect(summary_value(page, "Due")).to_have_text("Monthly (next 30 June 2026)")
    page.get_by_role("radio", name="Green: on track").check()
    page.get_by_label("Progress", exact=True).fill(MONTHLY_PROGRESS)
    page.get_by_role("button", name="Save update").click()
    expect(success_banner(page)).to_contain_text("Update saved")
    expect(page.locator(".app-session")).to_contain_text(MONTHLY_PROGRESS)
    expect(page.locator(".app-session").get_by_role("heading", level=3)).to_contain_text("Green")
    expect(summary_value(page, "Due")).to_have_text("Monthly (next 31 July 2026)")
    assert_accessible(page)
    sign_out(page)

    # 5. The officer: the tracker filtered to overdue, and the plan's dashboard.
    page.goto("/sign-in")
    sign_in(OFFICER[1], factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()
    page.goto(plan_url)
    page.get_by_role("link", name="Filter and export this plan's actions").click()
    expect(heading(page, "Actions")).to_be_visible()
    expect(page.get_by_label("Plan", exact=True).locator("option:checked")).to_have_text(PLAN_TITLE)
    expect(body_rows(page.get_by_role("table", name="Actions matching the filters"))).to_have_count(
        5
    )
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]overdue=1(&|$)"))
    expect(page.get_by_label("Overdue only")).to_be_checked()
    matching = page.get_by_role("table", name="Actions matching the filters")
    expect(body_rows(matching)).to_have_count(1)
    expect(body_rows(matching).get_by_role("cell")).to_have_text(
        [
            f"{overdue_ref}: {OVERDUE[0]}",
            OWNER_POST,
            "31 May 2026 Overdue",
            "31 May 2026",
            "0 times",
            "In progress Amber",
        ]
    )
    expect(
        page.get_by_text("1 action: 0 red, 1 amber, 0 green, 0 blue, 0 with no update; 1 overdue.")
    ).to_be_visible()
    assert_accessible(page)
    # The export carries the filters.
    export = page.request.get(page.get_by_role("link", name="Export CSV").get_attribute("href"))
    assert export.ok
    assert export.headers["content-type"].startswith("text/csv")
    exported = list(csv.reader(export.text().lstrip("\ufeff").splitlines()))
    assert [row[0] for row in exported] == ["Reference", overdue_ref]

    page.goto(plan_url)
    board = page.get_by_role("table", name="Latest RAG of each action, by priority")
    totals = board.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="All priorities")
    )
    # Red, amber, green, blue, no update.
    expect(totals.get_by_role("cell")).to_have_text(["0", "1", "1", "0", "3"])
    expect(page.get_by_role("heading", name="Overdue (1)")).to_be_visible()
    assert_accessible(page)

    # 6. The highlight report for April to June 2026.
    page.get_by_role("link", name="Highlight reports").click()
    expect(heading(page, "Highlight reports")).to_be_visible()
    expect(page.get_by_text("No highlight reports yet.")).to_be_visible()
    assert_accessible(page)
    reports_url = page.url
    page.get_by_role("button", name="Create a highlight report").click()
    expect(heading(page, "Create a highlight report")).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Start of the period", date(2026, 4, 1))
    fill_date(page, "End of the period", date(2026, 6, 30))
    page.get_by_role("button", name="Create draft report").click()
    expect(success_banner(page)).to_contain_text("Draft highlight report created")
    expect(heading(page, "Highlight report: 1 April 2026 to 30 June 2026")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/reports/\d+$"))
    report_url = page.url
    expect(page.locator("main .govuk-tag").first).to_have_text("Draft")
    expect(summary_value(page, "Reporting period")).to_have_text("1 April 2026 to 30 June 2026")
    expect(summary_value(page, "Current status")).to_have_text("Red")
    expect(page.get_by_role("heading", name="Achievements")).to_be_visible()
    expect(page.get_by_text("Nil return: no actions were completed in the period.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Slippage, with reasons and remedial actions")
    ).to_be_visible()
    slippage = page.get_by_role("table", name=re.compile(r"^Slippage"))
    expect(body_rows(slippage)).to_have_count(1)
    expect(body_rows(slippage).get_by_role("cell")).to_have_text(
        [
            f"{overdue_ref} {OVERDUE[0]}{PRIORITIES[0]}",
            "31 May 202615 days overdue",
            "Amber",
            OVERDUE_PROGRESS,
            OVERDUE_NEXT,
        ]
    )
    expect(page.get_by_role("heading", name="3. Key milestones and deliverables")).to_be_visible()
    milestones = page.get_by_role("table", name=re.compile(r"^Open actions due in the next period"))
    expect(milestones.get_by_role("row").filter(has_text=monthly_ref)).to_contain_text(
        ["Monthly (next 31 July 2026)"]
    )
    expect(milestones.get_by_role("row").filter(has_text=monthly_ref)).to_contain_text(
        MONTHLY_PROGRESS
    )
    assert_accessible(page)

    decisions = page.get_by_label("Decisions required")
    expect(decisions).to_have_value("")
    decisions.fill(DECISIONS)
    page.get_by_role("button", name="Issue report").click()
    expect(success_banner(page)).to_contain_text("Report issued")
    expect(page).to_have_url(report_url)
    expect(page.locator("main .govuk-tag").first).to_have_text("Issued")
    expect(
        page.get_by_text(re.compile(rf"^Issued on 15 June 2026.* by {OFFICER[0]}\."))
    ).to_be_visible()
    # The edit form is gone and the words are shown.
    expect(page.locator("main form")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.get_by_role("button", name="Issue report")).to_have_count(0)
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
    expect(page.locator("#decisions + p")).to_have_text(DECISIONS)
    assert_accessible(page)

    pdf_link = page.get_by_role("link", name=re.compile(r"^Download as PDF"))
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")

    page.goto(reports_url)
    listed = page.get_by_role("table", name="Reports, latest period first")
    expect(body_rows(listed)).to_have_count(1)
    expect(body_rows(listed).get_by_role("cell").nth(0)).to_have_text(
        "1 April 2026 to 30 June 2026"
    )
    expect(body_rows(listed).get_by_role("cell").nth(1)).to_have_text("Issued")
    assert_accessible(page)


def test_the_demo_highlight_report_shows_its_kpi_table_accessibly(
    page: Page, assert_accessible, sign_in
):
    from scrutiny.models import PlanReport

    report_id = db.session.query(PlanReport.id).filter_by(kind="highlight").scalar()
    db.session.remove()
    page.goto("/sign-in")
    sign_in("councillor@example.org")
    page.goto(f"/reports/{report_id}")
    expect(page.get_by_role("heading", name="8. Key performance indicators")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Care leavers in suitable accommodation"))
    expect(row).to_contain_text("95.3%")
    expect(row).to_contain_text("Improving")
    assert_accessible(page)
