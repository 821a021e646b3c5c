"""Searching the demo council's papers in Chromium, as the public and as an officer.

The visitor types words into the search box reached from the header, narrows the results by
kind, and follows a result; the officer finds more than the public does. Every page is checked
with axe-core against WCAG 2.2 A and AA.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from scrutiny.demo import council as demo
from tests.browser.pages import heading, main_menu

pytestmark = pytest.mark.browser

OFFICER_EMAIL = next(email for email, _, roles in demo.DEMO_LOGINS if roles[0] == "officer")


def _search(page: Page, words: str) -> None:
    page.get_by_label(re.compile("^Search meetings")).fill(words)
    page.get_by_role("button", name="Search", exact=True).click()


def test_the_public_searches_filters_and_follows_a_result(page: Page, assert_accessible):
    page.goto("/")
    main_menu(page).get_by_role("link", name="Search", exact=True).click()
    expect(heading(page, "Search")).to_be_visible()
    assert_accessible(page)

    _search(page, "panel")
    results = page.locator(".app-search-result")
    expect(results.first).to_be_visible()
    expect(page.locator(".app-search-result mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Filter results").click()
    page.get_by_label("Kind").select_option(label="Meetings")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results.first).to_contain_text("Meeting")
    for caption in results.locator(".govuk-caption-m").all_inner_texts():
        assert caption.startswith("Meeting")
    assert_accessible(page)

    results.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))

    page.goto("/search?q=zzzznothingmatches")
    expect(page.get_by_role("heading", name="No results")).to_be_visible()
    assert_accessible(page)


def test_an_officer_finds_actions_the_public_cannot(page: Page, sign_in, assert_accessible):
    page.goto("/search?q=action&kind=action")
    expect(page.get_by_label("Kind").locator("option", has_text="Actions")).to_have_count(0)
    main_menu(page).get_by_role("link", name="Sign in").click()
    sign_in(OFFICER_EMAIL)
    page.goto("/search")
    _search(page, "review")
    expect(page.locator(".app-search-result").first).to_be_visible()
    assert_accessible(page)
