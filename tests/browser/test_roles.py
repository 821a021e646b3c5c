"""Journeys through the demo council in Chromium: the public, each role, sign-in errors, an edit.

Every page reached is checked with axe-core against WCAG 2.2 A and AA.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from scrutiny.demo import council as demo
from tests.browser.pages import dashboard_panel, heading, main_menu

pytestmark = pytest.mark.browser

PANEL_NAME = demo.PANEL["name"]
ADMIN_EMAIL, ADMIN_NAME, _ = demo.DEMO_LOGINS[0]

#: Service-navigation items each demo login should see, keyed by the login's first role.
NAVIGATION = {
    "admin": [
        "Dashboard",
        "Meetings",
        "Decisions",
        "Forward plan",
        "Executive decisions",
        "Recommendations",
        "Committees",
        "Search",
        "Plans and actions",
        "Annual reports",
        "Users",
        "Posts",
        "Manage committees",
        "Outbox",
    ],
    "officer": [
        "Dashboard",
        "Meetings",
        "Decisions",
        "Forward plan",
        "Executive decisions",
        "Recommendations",
        "Committees",
        "Search",
        "Plans and actions",
        "Annual reports",
        "Posts",
        "Manage committees",
    ],
    "councillor": [
        "Dashboard",
        "Meetings",
        "Decisions",
        "Forward plan",
        "Executive decisions",
        "Recommendations",
        "Committees",
        "Search",
        "Plans and actions",
    ],
    "owner": [
        "Dashboard",
        "My actions",
        "Meetings",
        "Decisions",
        "Forward plan",
        "Executive decisions",
        "Recommendations",
        "Committees",
        "Search",
        "Plans and actions",
    ],
    "executive": [
        "Dashboard",
        "Meetings",
        "Decisions",
        "Forward plan",
        "Executive decisions",
        "Recommendations",
        "Committees",
        "Search",
        "Plans and actions",
    ],
}

#: The main heading each service-navigation link leads to.
HEADINGS = {
    "Dashboard": "Your dashboard",
    "My actions": "My actions",
    "Meetings": "Meetings",
    "Decisions": "Decisions",
    "Forward plan": "Forward plan of key decisions",
    "Executive decisions": "Executive decisions",
    "Annual reports": "Annual reports",
    "Recommendations": "Recommendations tracker",
    "Plans and actions": "Service plans",
    "Committees": "Committees",
    "Search": "Search",
    "Users": "Users",
    "Posts": "Posts",
    "Manage committees": "Manage committees",
    "Outbox": "Email outbox",
}


def expect_marked_current(link: Locator) -> None:
    """The menu marks the link as the current page, for sight (bold) and for screen readers."""
    expect(link).to_have_attribute("aria-current", "page")
    expect(link.locator("strong")).to_have_count(1)


def check_dashboard(page: Page, role: str) -> None:
    """What each role should find on its home page: its work queues, each item a link."""
    if role == "admin":
        panel = dashboard_panel(page, "Administration")
        # The demo's scheduler ran at 7am; the every-minute mail flush has not run since 9am.
        expect(panel).to_contain_text("1 job needing attention.")
        expect(panel).to_contain_text("rollover: last run 15 June 2026, 7:00am")
        expect(panel).to_contain_text("Head of Service Improvement Lead has no holder")
        expect(panel.get_by_role("link", name="Manage users")).to_be_visible()
    elif role == "officer":
        panel = dashboard_panel(page, "Democratic services")
        # The demo around the clock's 15 June 2026: the next meeting, 2 July, is in draft.
        expect(panel).to_contain_text("7 agendas still to publish.")
        expect(panel).to_contain_text("publish by 24 June 2026: due in 7 working days")
        expect(
            panel.get_by_role("link", name="CAY/2025/01: HOSP/CYPS calls on the council").first
        ).to_be_visible()
    elif role == "councillor":
        panel = dashboard_panel(page, "Your committees")
        expect(panel).to_contain_text("6 meetings coming up.")
        expect(panel).to_contain_text(
            "2 recommendations awaiting the executive's response, 1 overdue."
        )
        expect(panel.get_by_role("link", name=f"{PANEL_NAME} (Chairman)")).to_be_visible()
    elif role == "owner":
        panel = dashboard_panel(page, "Your posts and actions")
        # The hub went live in the plan's first month (2.1 is complete); the in-house service
        # proposal slipped in the last full quarter and is now overdue by days, not months.
        expect(panel).to_contain_text(
            "You hold Head of Service Front Door. 3 open actions, 1 overdue."
        )
        first = panel.get_by_role("link").first
        expect(first).to_contain_text("SP1/3.8: Complete proposal for an in-house flexible")
        expect(panel).to_contain_text("overdue by 12 days")
    elif role == "executive":
        panel = dashboard_panel(page, "Responses to scrutiny")
        expect(panel).to_contain_text("2 recommendations awaiting your response")
        expect(panel.get_by_role("link")).to_have_text(
            ["CAY/2025/01: respond by 5 June 2026", "CAY/2026/02: respond by 10 July 2026"]
        )
        expect(panel).to_contain_text("overdue by 10 days")
    else:  # pragma: no cover - a new demo role needs its expectations written here
        pytest.fail(f"no dashboard expectations for role {role!r}")


def test_the_public_can_browse_committees_without_signing_in(page: Page, assert_accessible):
    page.goto("/")
    expect(heading(page, "Overview and scrutiny at North Somerset Council")).to_be_visible()
    expect(main_menu(page).get_by_role("link")).to_have_text(
        [
            "Meetings",
            "Decisions",
            "Forward plan",
            "Executive decisions",
            "Recommendations",
            "Committees",
            "Search",
            "Sign in",
        ]
    )
    expect(main_menu(page).get_by_role("link", name="Users")).to_have_count(0)
    assert_accessible(page)

    main_menu(page).get_by_role("link", name="Committees").click()
    expect(heading(page, "Committees")).to_be_visible()
    expect_marked_current(main_menu(page).get_by_role("link", name="Committees"))
    assert_accessible(page)

    page.get_by_role("link", name=PANEL_NAME, exact=True).click()
    expect(page).to_have_url(re.compile(r"/committees/cyps-panel$"))
    expect(heading(page, PANEL_NAME)).to_be_visible()
    chairman = page.get_by_role("row").filter(
        has=page.get_by_role("cell", name="Wendy Griggs", exact=True)
    )
    expect(chairman.get_by_role("cell")).to_have_text(["Wendy Griggs", "Chairman", ""])
    expect(main_menu(page).get_by_role("link")).to_have_text(
        [
            "Meetings",
            "Decisions",
            "Forward plan",
            "Executive decisions",
            "Recommendations",
            "Committees",
            "Search",
            "Sign in",
        ]
    )
    assert_accessible(page)


@pytest.mark.parametrize(
    ("email", "name", "roles"), demo.DEMO_LOGINS, ids=[roles[0] for _, _, roles in demo.DEMO_LOGINS]
)
def test_each_role_signs_in_sees_its_menu_and_signs_out(
    page: Page, assert_accessible, sign_in, email, name, roles
):
    role = roles[0]
    page.goto("/")
    main_menu(page).get_by_role("link", name="Sign in").click()
    expect(heading(page, "Sign in")).to_be_visible()
    assert_accessible(page)

    sign_in(email)
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(heading(page, "Your dashboard")).to_be_visible()
    menu = main_menu(page)
    # The role's own links, then the account link in the user's name, then the Sign out button.
    expect(menu.get_by_role("link")).to_have_text([*NAVIGATION[role], name])
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    expect_marked_current(menu.get_by_role("link", name="Dashboard"))
    if role != "admin":
        expect(menu.get_by_role("link", name="Users")).to_have_count(0)
    check_dashboard(page, role)
    assert_accessible(page)

    for text in NAVIGATION[role]:
        main_menu(page).get_by_role("link", name=text, exact=True).click()
        expect(heading(page, HEADINGS[text])).to_be_visible()
        expect_marked_current(main_menu(page).get_by_role("link", name=text, exact=True))
        assert_accessible(page)

    main_menu(page).get_by_role("link", name=name, exact=True).click()
    expect(heading(page, "Change your password")).to_be_visible()
    assert_accessible(page)

    main_menu(page).get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    expect(main_menu(page).get_by_role("link")).to_have_text(
        [
            "Meetings",
            "Decisions",
            "Forward plan",
            "Executive decisions",
            "Recommendations",
            "Committees",
            "Search",
            "Sign in",
        ]
    )
    assert_accessible(page)


def test_a_wrong_password_is_explained_and_keeps_the_email(page: Page, assert_accessible, sign_in):
    page.goto("/sign-in")
    sign_in(ADMIN_EMAIL, "not-the-password")

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.get_by_label("Email address")).to_have_value(ADMIN_EMAIL)
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    expect(main_menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(page)


def test_an_admin_edits_a_committee_remit_and_sees_it_in_the_history(
    page: Page, assert_accessible, sign_in
):
    new_remit = "Scrutiny of children's social care, education and SEND, including transport."
    page.goto("/sign-in")
    sign_in(ADMIN_EMAIL)
    expect(heading(page, "Your dashboard")).to_be_visible()

    main_menu(page).get_by_role("link", name="Manage committees").click()
    expect(heading(page, "Manage committees")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=PANEL_NAME, exact=True).click()
    expect(heading(page, PANEL_NAME)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Edit details").click()
    expect(heading(page, f"Edit {PANEL_NAME}")).to_be_visible()
    remit = page.get_by_label("Remit", exact=True)
    expect(remit).to_have_value(demo.PANEL["remit"])
    assert_accessible(page)

    remit.fill(new_remit)
    page.get_by_role("button", name="Save committee").click()

    expect(heading(page, PANEL_NAME)).to_be_visible()
    expect(page.get_by_text("Changes saved")).to_be_visible()
    history = page.locator("table").filter(
        has=page.get_by_role("columnheader", name="Who", exact=True)
    )
    mine = history.get_by_role("row").filter(
        has=page.get_by_role("cell", name=ADMIN_NAME, exact=True)
    )
    expect(mine).to_have_count(1)
    # When (09:00 UTC shown in London summer time), who, what, and the old → new value.
    expect(mine.get_by_role("cell")).to_have_text(
        [
            "15 June 2026, 10:00am",
            ADMIN_NAME,
            f"Changed Committee: {PANEL_NAME}",
            f"remit: {demo.PANEL['remit']} → {new_remit}",
        ]
    )
    assert_accessible(page)


def test_the_first_tab_focuses_the_skip_link(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
