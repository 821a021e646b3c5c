"""A visitor finds past meetings in Chromium: the past list, a municipal year, the month
calendar (a table whose columns are the days of the week), and a member's attendance figures.
Every page is checked with axe-core against WCAG 2.2 A and AA."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from scrutiny.demo import council as demo
from tests.browser.pages import main_menu

pytestmark = pytest.mark.browser


def test_the_public_finds_past_meetings_by_year_and_month(page: Page, assert_accessible):
    page.goto("/")
    main_menu(page).get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("link", name="Past meetings").click()
    expect(page.get_by_role("table").locator("caption")).to_contain_text("past meeting")
    assert_accessible(page)

    years = page.get_by_label("Municipal year (May to May)")
    label = years.locator("option").nth(1).inner_text()
    years.select_option(label=label)
    page.get_by_role("button", name="Show meetings").click()
    expect(page.get_by_role("table").locator("caption")).to_contain_text(f"in {label}")
    assert_accessible(page)

    page.get_by_role("link", name="Calendar view").click()
    calendar = page.get_by_role("table")
    expect(calendar.get_by_role("columnheader")).to_have_count(7)
    expect(calendar.get_by_role("columnheader").first).to_have_text("Mon")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Previous month")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^\w+ \d{4}$"))
    assert_accessible(page)


def test_a_member_page_shows_attendance_by_year(page: Page, assert_accessible):
    page.goto("/committees/")
    page.get_by_role("link", name=demo.PANEL["name"]).first.click()
    page.get_by_role("table").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Attendance at meetings")).to_be_visible()
    assert_accessible(page)
