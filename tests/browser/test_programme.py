"""The work programme in Chromium: the chairman proposes and prioritises, the public reads.

Every page reached is checked with axe-core against WCAG 2.2 A and AA.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from scrutiny.services import demo

pytestmark = pytest.mark.browser

CHAIRMAN_EMAIL = f"councillor@{demo.DOMAIN}"


def test_chairman_proposes_and_schedules_a_topic_and_the_public_reads_it(
    page: Page, assert_accessible, sign_in
):
    page.goto("/committees/cyps-panel/work-programme")
    expect(page.get_by_role("heading", level=1, name="Work programme")).to_be_visible()
    expect(page.get_by_role("heading", name="1(A) Active projects")).to_be_visible()
    expect(page.get_by_role("button", name="Propose a topic")).to_have_count(0)
    assert_accessible(page)

    page.goto("/sign-in")
    sign_in(CHAIRMAN_EMAIL)
    page.goto("/committees/cyps-panel/work-programme")
    page.get_by_role("button", name="Propose a topic").click()
    page.get_by_role("button", name="Propose topic").click()
    expect(page).to_have_title(re.compile(r"^Error: Propose a topic"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the topic")
    assert_accessible(page)

    page.get_by_label("Topic").fill("Home to school transport")
    page.get_by_label("Why should the panel scrutinise it?").fill("Complaints from parents")
    page.get_by_role("button", name="Propose topic").click()
    expect(page.get_by_text("Your proposal has been added to section 2")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Home to school transport")
    expect(row).to_contain_text("Proposed by Wendy Griggs")
    assert_accessible(page)

    row.get_by_role("link", name="Edit").click()
    page.get_by_role("group", name="Date the panel agreed it").get_by_label("Day").fill("11")
    page.get_by_role("group", name="Date the panel agreed it").get_by_label("Month").fill("6")
    page.get_by_role("group", name="Date the panel agreed it").get_by_label("Year").fill("2026")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row").filter(has_text="Home to school transport")
    row.get_by_role("button", name="Schedule").click()
    scheduled = page.locator("#section-scheduled + table")
    expect(scheduled).to_contain_text("Home to school transport")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.goto("/committees/cyps-panel/work-programme")
    expect(page.locator("#section-scheduled + table")).to_contain_text("Home to school transport")
    expect(page.get_by_role("button", name="Schedule")).to_have_count(0)
    assert_accessible(page)
