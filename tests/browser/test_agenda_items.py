"""An officer edits an agenda item of every kind in Chromium and reads the new wording back.

The edit form keeps an item's kind (shown, not offered): before, it required a kind it did not
render, so every save failed with an error the page could not show.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from scrutiny.demo import council as demo
from scrutiny.models.meetings import ItemKind
from tests.browser.pages import error_summary, heading, success_banner

pytestmark = pytest.mark.browser

OFFICER_EMAIL = next(email for email, _, roles in demo.DEMO_LOGINS if roles[0] == "officer")
MEETING_HEADING = "Monday 12 October 2026, 2:00pm"

#: The committee's standard items, by kind, as every new meeting starts.
STANDARD_ITEMS = {
    ItemKind.PUBLIC_ADDRESSES: "Addresses by Members of the Public (Standing Order SSO9)",
    ItemKind.APOLOGIES: "Apologies for Absence and Notifications for Substitutes",
    ItemKind.DECLARATIONS: "Declaration of disclosable pecuniary interest (Standing Order 37)",
    ItemKind.MINUTES: "Minutes",
    ItemKind.MATTERS_REFERRED: (
        "Matters referred by Council, the Executive, other Committees and Panels (if any)"
    ),
    ItemKind.WORK_PROGRAMME: "Panel's Work Plan",
}
#: Kinds that are not standard items: added through "Add an item" first.
ADDED_ITEMS = {
    ItemKind.REPORT: "Month 6 budget monitoring",
    ItemKind.OVERDUE: "Overdue actions and responses",
    ItemKind.URGENT: "Urgent business",
}


def agenda_item(page: Page, title: str) -> Locator:
    """The agenda entry whose heading names `title`."""
    return page.locator("#agenda ~ ol > li").filter(
        has=page.get_by_role("heading", level=4, name=re.compile(rf"^\d+\. {re.escape(title)}$"))
    )


def test_an_officer_edits_an_item_of_every_kind(page: Page, assert_accessible, sign_in):
    page.goto("/sign-in")
    sign_in(OFFICER_EMAIL)
    expect(heading(page, "Your dashboard")).to_be_visible()

    page.goto("/committees/cyps-panel/meetings/new")
    date = page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill("12")
    date.get_by_label("Month").fill("10")
    date.get_by_label("Year").fill("2026")
    page.get_by_label("Start time").fill("2pm")
    page.get_by_label("Venue").fill("Civic Centre")
    page.get_by_role("button", name="Save meeting").click()
    expect(heading(page, MEETING_HEADING)).to_be_visible()
    meeting_url = page.url

    for kind, title in ADDED_ITEMS.items():
        page.get_by_role("button", name="Add an item").click()
        page.get_by_label("Kind of item").select_option(value=kind.value)
        page.get_by_label("Title", exact=True).fill(title)
        page.get_by_role("button", name="Save item").click()
        expect(page.get_by_text(f"'{title}' added to the agenda")).to_be_visible()

    items = {**STANDARD_ITEMS, **ADDED_ITEMS}
    assert set(items) == set(ItemKind)
    for index, (kind, title) in enumerate(items.items()):
        new_title = f"{title} (revised)"
        wording = f"Revised wording for the {kind.label.lower()} item."
        agenda_item(page, title).get_by_role("link", name=re.compile("^Edit")).click()
        expect(heading(page, "Edit item")).to_be_visible()
        expect(page.locator("dd", has_text=kind.label)).to_be_visible()
        expect(page.get_by_label("Kind of item")).to_have_count(0)
        expect(page.get_by_label("Title", exact=True)).to_have_value(title)
        if index == 0:
            assert_accessible(page)
            # A blank title is refused, with an error the page shows.
            page.get_by_label("Title", exact=True).fill("")
            page.get_by_role("button", name="Save item").click()
            expect(page).to_have_title(re.compile(r"^Error: Edit item"))
            expect(error_summary(page)).to_contain_text("Enter the item's title")
            assert_accessible(page)
        page.get_by_label("Title", exact=True).fill(new_title)
        page.get_by_label("Text printed under the title").fill(wording)
        page.get_by_label("Purpose").fill(f"To consider the {kind.label.lower()}.")
        page.get_by_label("Presenting officer").fill("Report of the Head of Democratic Services")
        page.get_by_role("button", name="Save item").click()

        expect(page).to_have_url(f"{meeting_url}#agenda")
        expect(success_banner(page)).to_contain_text("Item saved")
        entry = agenda_item(page, new_title)
        expect(entry).to_have_count(1)
        expect(entry).to_contain_text(wording)
        expect(entry).to_contain_text(f"To consider the {kind.label.lower()}.")
        expect(entry).to_contain_text("Report of the Head of Democratic Services.")
        expect(agenda_item(page, title)).to_have_count(0)
