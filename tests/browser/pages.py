"""Locators and steps the browser journeys share: headings, the menu, GOV.UK messages, forms."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator, Page, expect


def heading(page: Page, text: str) -> Locator:
    """The page's main heading, if it reads exactly `text`."""
    return page.get_by_role("heading", level=1, name=text, exact=True)


def main_menu(page: Page) -> Locator:
    """The service navigation (GOV.UK's "Main menu")."""
    return page.get_by_role("navigation", name="Main menu")


def error_summary(page: Page) -> Locator:
    """GOV.UK's error summary at the top of a form page."""
    return page.get_by_role("alert").filter(has_text="There is a problem")


def success_banner(page: Page) -> Locator:
    """GOV.UK's green notification banner (a flashed success message)."""
    return page.locator(".govuk-notification-banner--success")


def sign_out(page: Page) -> None:
    """Sign out through the service navigation's button."""
    main_menu(page).get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()


def dashboard_panel(page: Page, title: str) -> Locator:
    """A dashboard section, found as the region its heading labels."""
    return page.get_by_role("region", name=title, exact=True)


def summary_value(page: Page, key: str) -> Locator:
    """The value beside `key` in the page's summary list."""
    return page.locator("dt", has_text=key).locator("xpath=following-sibling::dd[1]")


def fill_date(page: Page, legend: str, day: date) -> None:
    """Fill a GOV.UK day/month/year date input found by its fieldset legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))
