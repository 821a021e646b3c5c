"""On a 390px-wide phone: the trackers read as one block per row, labelled, with no sideways
scrolling, and they and the accessibility statement pass axe-core's WCAG 2.2 AA rules.

The stylesheet is compiled from assets/scss for this test (served in place of static/'s copy),
so it checks the source as it stands, whether or not `make assets` has been run since.
"""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import Page, expect

from scrutiny import REPOSITORY_ROOT
from scrutiny.demo import council as demo

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def stylesheet(tmp_path_factory) -> bytes:
    """assets/scss/application.scss compiled with the project's Sass."""
    target = tmp_path_factory.mktemp("css") / "application.css"
    subprocess.run(  # noqa: S603 - fixed arguments, the project's own Sass
        [
            str(REPOSITORY_ROOT / "node_modules" / ".bin" / "sass"),
            "--no-source-map",
            "--quiet",
            f"--load-path={REPOSITORY_ROOT / 'node_modules'}",
            str(REPOSITORY_ROOT / "assets" / "scss" / "application.scss"),
            str(target),
        ],
        check=True,
        timeout=120,
    )
    return target.read_bytes()


def _fits(page: Page, table: str) -> None:
    """No sideways scrolling; the table's cells stacked, each shown with its column's name."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator(table).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = page.evaluate(
        """selector => {
            const cell = document.querySelector(selector + ' tbody td[data-label]');
            return [getComputedStyle(cell).display, getComputedStyle(cell, '::before').content,
                    cell.dataset.label];
        }""",
        table,
    )
    assert label[0] == "block" and label[1] == f'"{label[2]}"'


def test_trackers_and_statement_are_readable_on_a_phone(
    page: Page, sign_in, assert_accessible, stylesheet
):
    page.set_viewport_size(PHONE)
    page.route(
        "**/static/application.css",
        lambda route: route.fulfill(body=stylesheet, content_type="text/css"),
    )
    page.goto("/accessibility")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    page.goto("/")
    page.get_by_role("link", name="Sign in").first.click()
    sign_in(f"officer@{demo.DOMAIN}")
    page.goto("/recommendations")
    expect(page.locator("#tracker tbody tr").first).to_be_visible()
    _fits(page, "#tracker")
    assert_accessible(page)

    page.goto("/actions")
    actions = page.get_by_role("table", name="Actions matching the filters")
    expect(actions.locator("tbody tr").first).to_be_visible()
    _fits(page, "table.app-table--stack")
    assert_accessible(page)
