"""An annual report drafted, written, issued and put on an agenda, then given a front sheet, in
Chromium.

The demo officer creates the demo panel's annual report for 2025/26 (first forgetting the
cut-off date), adds the chair's foreword and next year's priorities, saves and issues it, puts
it on the panel's next meeting as a report item, and fills in that item's front sheet, whose
Word template is then offered. Every page reached is checked with axe-core against WCAG 2.2 A
and AA, including the form's error state.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from docx import Document
from playwright.sync_api import Page, expect

from scrutiny.demo import council as demo
from tests.browser.pages import error_summary, fill_date, heading, main_menu, success_banner

pytestmark = pytest.mark.browser

OFFICER_EMAIL = demo.DEMO_LOGINS[1][0]
PANEL_NAME = demo.PANEL["name"]
TITLE = f"{PANEL_NAME}: Annual Report 2025/26"
FOREWORD = "This year the panel followed the Music Service's recovery closely."
PRIORITIES = "Next year the panel will look at school transport."
DIRECTOR = "Director of Children's Services"
SUMMARY = "The panel's annual report for 2025/26, for council to note."
#: The panel's next meeting in the demo, a draft agenda after the fixed clock (15 June 2026).
MEETING = f"{PANEL_NAME}, 2 July 2026"


def test_an_annual_report_is_drafted_issued_and_put_on_an_agenda_with_a_front_sheet(
    page: Page, assert_accessible, sign_in
):
    page.goto("/sign-in")
    sign_in(OFFICER_EMAIL)
    main_menu(page).get_by_role("link", name="Annual reports").click()
    expect(heading(page, "Annual reports")).to_be_visible()
    assert_accessible(page)

    # 1. A draft, first without a cut-off date.
    page.get_by_role("button", name="Create an annual report").click()
    expect(heading(page, "Create an annual report")).to_be_visible()
    page.get_by_label("Committee").select_option(label=PANEL_NAME)
    page.get_by_label("Municipal year").select_option(label="2025/26")
    group = page.get_by_role("group", name="Cut-off date")
    for part in ("Day", "Month", "Year"):
        group.get_by_label(part).fill("")
    page.get_by_role("button", name="Create draft report").click()
    expect(error_summary(page)).to_contain_text("Enter the cut-off date")
    expect(page.get_by_label("Committee")).to_have_value(re.compile(r".+"))
    assert_accessible(page)
    fill_date(page, "Cut-off date", date(2026, 4, 30))
    page.get_by_role("button", name="Create draft report").click()
    expect(success_banner(page)).to_contain_text("Draft annual report created")
    expect(heading(page, TITLE)).to_be_visible()
    expect(page.locator("main").get_by_text("Draft", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(r"^\d+ Meetings and attendance"))
    ).to_be_visible()
    assert_accessible(page)

    # 2. The words, saved as a draft.
    page.get_by_label("Chair's foreword").fill(FOREWORD)
    page.get_by_label("Priorities for next year").fill(PRIORITIES)
    page.get_by_role("button", name="Save draft").click()
    expect(success_banner(page)).to_contain_text("Draft saved")
    expect(page.get_by_label("Chair's foreword")).to_have_value(FOREWORD)
    expect(page.get_by_role("heading", name=re.compile(r"^1 Chair's foreword"))).to_be_visible()
    expect(page.locator(".app-pre-line", has_text=FOREWORD)).to_be_visible()
    assert_accessible(page)

    # 3. Issued: the figures are fixed and the words can no longer be edited.
    page.get_by_role("button", name="Issue report").click()
    expect(success_banner(page)).to_contain_text("Report issued: its figures are now fixed")
    expect(page.get_by_label("Chair's foreword")).to_have_count(0)
    expect(
        page.get_by_role("heading", name="Today's records compared with this report")
    ).to_be_visible()
    assert_accessible(page)
    word = page.request.get(page.url + ".docx")
    assert word.ok
    paragraphs = [p.text for p in Document(io.BytesIO(word.body())).paragraphs]
    assert TITLE in paragraphs and FOREWORD in paragraphs

    # 4. On the agenda of the panel's next meeting in one step.
    page.get_by_label("Meeting").select_option(label=MEETING)
    # Printing the report's PDF for the agenda takes a few seconds on a loaded machine.
    page.get_by_role("button", name="Put on the agenda").click(timeout=60_000)
    expect(success_banner(page)).to_contain_text(
        "The annual report is on the agenda", timeout=60_000
    )
    item = page.locator(".app-agenda__item", has_text=TITLE)
    expect(item).to_have_count(1)
    assert_accessible(page)

    # 5. Its front sheet, and the Word template filled in from it.
    item.get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(page.get_by_role("heading", name="Front sheet")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Director").fill(DIRECTOR)
    page.get_by_label("Summary of report").fill(SUMMARY)
    page.get_by_role("button", name="Save item").click()
    expect(success_banner(page)).to_contain_text("Item saved")
    page.locator(".app-agenda__item", has_text=TITLE).get_by_role(
        "link", name=re.compile(r"^Edit")
    ).click()
    expect(page.get_by_label("Director")).to_have_value(DIRECTOR)
    template = page.get_by_role(
        "link", name="Download a Word report template filled in from this item"
    )
    answer = page.request.get(template.get_attribute("href"))
    assert answer.ok
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.body())).paragraphs)
    tables = "\n".join(
        c.text for t in Document(io.BytesIO(answer.body())).tables for r in t.rows for c in r.cells
    )
    assert SUMMARY in text + tables and DIRECTOR in text + tables
    assert_accessible(page)
