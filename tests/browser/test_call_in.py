"""A key decision noticed, taken, called in by three councillors, ruled valid, considered and
referred back, in Chromium.

A scrutiny panel of its own (made with the factories beside the demo council) has three
councillor members and a meeting arranged for 28 July 2026. On 15 June (the fixed clock) the
officer adds the sale of a depot to the forward plan for 16 July and publishes it; on 16 July the
decision is recorded and published, open to call-in until 5pm on 23 July. The three councillors
call it in through the decision page; the officer records the monitoring officer's ruling, puts
it on the panel's meeting and records the panel referring it back. Every page reached is checked
with axe-core against WCAG 2.2 A and AA, including a form's error state.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Page, expect

from scrutiny.extensions import db
from tests import factories
from tests.browser.pages import (
    error_summary,
    fill_date,
    heading,
    main_menu,
    sign_out,
    success_banner,
    summary_value,
)

pytestmark = pytest.mark.browser

PANEL_NAME = "Assets Scrutiny Panel"
OFFICER = ("Priya Clerk", "priya.clerk@council.example")
COUNCILLORS = [
    ("Cllr Ann Able", "ann.able@council.example"),
    ("Cllr Ben Baker", "ben.baker@council.example"),
    ("Cllr Cal Cole", "cal.cole@council.example"),
]
MATTER = "Sale of the Weston depot"
DECISION = "Sell the Weston depot to the highest bidder."
REASONS = "The Weston depot is empty and costs £80,000 a year to keep secure."
CALL_IN_REASONS = "No independent valuation was obtained before the sale was agreed."
CONCERNS = "Obtain an independent valuation before exchanging contracts."
#: Monday 15 June 2026 is the fixed clock; the decision is on Thursday 16 July.
DECISION_ON = date(2026, 7, 16)
DECIDED_AT = datetime(2026, 7, 16, 14, 0, tzinfo=UTC)
MEETING_STARTS = datetime(2026, 7, 28, 17, 0, tzinfo=UTC)


@pytest.fixture
def assets_panel(demo_data) -> None:
    """The panel, its officer, three councillor members and a meeting, committed."""
    panel = factories.CommitteeFactory(name=PANEL_NAME, slug="assets", kind="scrutiny_panel")
    factories.UserFactory(name=OFFICER[0], email=OFFICER[1], roles=["officer"])
    for name, email in COUNCILLORS:
        member = factories.UserFactory(name=name, email=email, roles=["councillor"])
        factories.MembershipFactory(committee=panel, user=member)
    factories.MeetingFactory(committee=panel, starts_at=MEETING_STARTS)
    db.session.commit()
    db.session.remove()


def _sign_in_as(page: Page, sign_in, email: str) -> None:
    page.goto("/sign-in")
    sign_in(email, factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()


def _add_and_publish_entry(page: Page, assert_accessible) -> None:
    main_menu(page).get_by_role("link", name="Forward plan").click()
    expect(heading(page, "Forward plan of key decisions")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_role("button", name="Save entry").click()
    expect(error_summary(page)).to_contain_text("Enter the matter to be decided")
    assert_accessible(page)
    page.get_by_label("Matter to be decided").fill(MATTER)
    page.get_by_label("Scrutiny committee whose remit covers it").select_option(label=PANEL_NAME)
    page.get_by_label("The Executive", exact=True).check()
    page.get_by_label("Decision maker", exact=True).fill("The Executive")
    fill_date(page, "Date of the decision (or first day of the period)", DECISION_ON)
    page.get_by_label("Wards affected").fill("Weston Central")
    page.get_by_role("button", name="Save entry").click()
    expect(heading(page, MATTER)).to_be_visible()
    expect(page.locator("#notice-state")).to_have_text("publish by 17 June 2026")
    assert_accessible(page)
    page.get_by_role("button", name="Publish on the forward plan").click()
    expect(success_banner(page)).to_contain_text("Published on the forward plan")
    expect(page.locator("#notice-state")).to_have_text("noticed in time on 15 June 2026")
    assert_accessible(page)


def _record_and_publish_decision(page: Page, assert_accessible, clock) -> str:
    clock.now = DECIDED_AT
    page.reload()
    page.get_by_role("link", name="Record the decision").click()
    expect(heading(page, "Record the decision")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value(MATTER)
    assert_accessible(page)
    page.get_by_label("The decision", exact=True).fill(DECISION)
    page.get_by_label("Reasons for the decision").fill(REASONS)
    page.get_by_role("button", name="Save decision record").click()
    expect(page.locator("#decision-status")).to_have_text("Draft")
    page.get_by_role("button", name="Publish the decision").click()
    expect(success_banner(page)).to_contain_text("Decision published")
    expect(page.locator("#call-in-deadline")).to_have_text("23 July 2026, 5:00pm")
    expect(page.locator("#decision-status")).to_have_text(
        "Open to call-in until 23 July 2026, 5:00pm"
    )
    assert_accessible(page)
    return page.url


def _call_in_by_three(page: Page, assert_accessible, sign_in, decision_url: str) -> None:
    for number, (name, email) in enumerate(COUNCILLORS):
        _sign_in_as(page, sign_in, email)
        main_menu(page).get_by_role("link", name="Executive decisions").click()
        expect(heading(page, "Executive decisions")).to_be_visible()
        page.get_by_role("link", name=MATTER).click()
        expect(page).to_have_url(decision_url)
        if number == 0:
            assert_accessible(page)
            page.get_by_role("link", name="Call in this decision").click()
            expect(heading(page, "Call in a decision")).to_be_visible()
            page.get_by_role("button", name="Call in this decision").click()
            expect(error_summary(page)).to_contain_text("Give the reasons for the call-in")
            assert_accessible(page)
            page.get_by_label("Reasons for calling in the decision").fill(CALL_IN_REASONS)
            page.get_by_role("button", name="Call in this decision").click()
        else:
            expect(
                page.get_by_text(f"A call-in is collecting signatures ({number} of 3).")
            ).to_be_visible()
            page.get_by_role("link", name="Read the reasons and add your name").click()
            expect(summary_value(page, "Reasons")).to_have_text(CALL_IN_REASONS)
            assert_accessible(page)
            page.get_by_role("button", name="Add my name to this call-in").click()
        signed = page.locator("dt", has_text=f"Signed by ({number + 1} of 3)")
        expect(signed.locator("xpath=following-sibling::dd[1]")).to_contain_text(name)
        sign_out(page)


def _rule_consider_and_refer_back(page: Page, assert_accessible, sign_in) -> None:
    _sign_in_as(page, sign_in, OFFICER[1])
    expect(page.get_by_text("Call-in awaiting the monitoring officer")).to_be_visible()
    main_menu(page).get_by_role("link", name="Executive decisions").click()
    page.get_by_role("link", name=MATTER).click()
    expect(page.locator("#decision-status")).to_contain_text("Called in")
    page.get_by_role("link", name=re.compile(r"^Call-in by Cllr Ann Able")).click()
    expect(page.locator("#call-in-stage")).to_have_text(
        "awaiting the monitoring officer's ruling on validity"
    )
    assert_accessible(page)
    page.get_by_label("Valid", exact=True).check()
    page.get_by_role("button", name="Record ruling").click()
    expect(page.locator("#consider-by")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Meeting").select_option(label=f"{PANEL_NAME}, 28 July 2026")
    page.get_by_role("button", name="Put on this meeting").click()
    expect(page.locator("#call-in-stage")).to_have_text(
        "to be considered by the committee on 28 July 2026"
    )
    assert_accessible(page)
    page.get_by_role(
        "radio", name="Referred back to the decision maker with the committee's concerns"
    ).check()
    page.get_by_role("textbox", name="The committee's concerns").fill(CONCERNS)
    fill_date(page, "Date", date(2026, 7, 28))
    page.get_by_role("button", name="Record outcome").click()
    expect(page.locator("#call-in-stage")).to_have_text("referred: awaiting reconsideration")
    expect(page.locator("#outcome")).to_contain_text(CONCERNS)
    assert_accessible(page)
    sign_out(page)


def test_a_key_decision_is_called_in_by_three_councillors_and_referred_back(
    page: Page, assert_accessible, sign_in, clock, assets_panel
):
    _sign_in_as(page, sign_in, OFFICER[1])
    _add_and_publish_entry(page, assert_accessible)
    decision_url = _record_and_publish_decision(page, assert_accessible, clock)
    sign_out(page)
    clock.now = datetime(2026, 7, 20, 9, 0, tzinfo=UTC)
    _call_in_by_three(page, assert_accessible, sign_in, decision_url)
    _rule_consider_and_refer_back(page, assert_accessible, sign_in)

    # The public decision page shows the call-in and its outcome; it cannot be implemented.
    page.goto(decision_url)
    expect(page.locator("#decision-status")).to_have_text(
        "Called in: referred: awaiting reconsideration"
    )
    expect(
        page.get_by_text("Call-in by Cllr Ann Able, Cllr Ben Baker, Cllr Cal Cole")
    ).to_be_visible()
    assert_accessible(page)
