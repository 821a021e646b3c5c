"""Two recommendations to the executive, from the panel's minute to their closing, in Chromium.

A panel of its own (made with the factories, beside the demo council) held a meeting on
11 June 2026 whose minute on the Music Service has two numbered parts. The officer creates a
recommendation from each part through the minutes page, then submits both to the executive
together (once with the report's title left out). The executive member finds both on the
dashboard, accepts the first with an implementation action owned by a post, and rejects the
second (first without reasons). The post's holder finds the action under "My actions" and records
a green update. The officer records the panel closing the first as implemented.

Every page reached is checked with axe-core against WCAG 2.2 A and AA, including the forms'
error states. Faults in the app that do not stop the journey are collected as it goes and fail
the test at the end, so one fault does not hide the checks after it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from scrutiny.extensions import db
from scrutiny.services.minutes import minute_numbering, minutes
from tests import factories
from tests.browser.pages import (
    dashboard_panel,
    error_summary,
    fill_date,
    heading,
    main_menu,
    sign_out,
    success_banner,
    summary_value,
)

pytestmark = pytest.mark.browser

PANEL_NAME = "Music and Culture Scrutiny Panel"
PANEL_SLUG = "music-culture-panel"
PREFIX = "MCP"
OFFICER = ("Olive Clerk", "olive.clerk@council.example")
EXECUTIVE = ("Cllr Evan Cabinet", "evan.cabinet@council.example")
OWNER = ("Hana Music", "hana.music@council.example")
OWNER_POST = "Head of Music Service"

#: Held before the fixed clock (15 June 2026, 09:00 UTC): 7pm on Thursday 11 June in London.
MEETING_STARTS = datetime(2026, 6, 11, 18, 0, tzinfo=UTC)
ITEM = "Music Service"
OUTCOME = "that the Panel recommend to the Executive that"
PARTS = [
    "every primary school be offered a free term of whole-class instrumental lessons; and",
    "the Music Service's charges for individual lessons be frozen for 2026/27.",
]
#: The recommendations as the form prefills them: each a sentence, without the list's "; and".
RECOMMENDATIONS = [
    "Every primary school be offered a free term of whole-class instrumental lessons.",
    "The Music Service's charges for individual lessons be frozen for 2026/27.",
]
#: Recommendation references: the panel's prefix, the municipal year 2026/27, a number.
FIRST_REF = f"{PREFIX}/2026/01"
SECOND_REF = f"{PREFIX}/2026/02"

REPORT_TITLE = "Music Service update"
#: Submitted (and so received) 12 June 2026: due by the end of two months beginning then.
SUBMITTED = date(2026, 6, 12)
DEADLINE = "11 August 2026"

ACCEPTANCE = "The Executive accepts the recommendation and will fund it from the music hub grant."
ACTION = "Offer every primary school a term of whole-class instrumental lessons."
ACTION_DUE = date(2026, 9, 30)
ACTION_DUE_TEXT = "30 September 2026"
CLOSING_STARTS = datetime(2026, 6, 14, 17, 0, tzinfo=UTC)
TRACKER_ITEM = "Recommendations tracker"
REJECTION = "The Executive does not accept the recommendation."
REASONS = "Frozen charges would leave the Music Service with a deficit of £40,000."
PROGRESS = "Twelve schools have booked their term; letters go to the rest in July."


@pytest.fixture
def music_meeting(demo_data) -> int:
    """The panel, its people and its held meeting with a minute in two parts, committed; the
    meeting's id.

    Made with the factories and the minutes service after the demo data; then the test
    thread's session is ended (as demo_data does) so the server thread can write.
    """
    session = db.session
    panel = factories.CommitteeFactory(
        name=PANEL_NAME, slug=PANEL_SLUG, minute_prefix=PREFIX, kind="scrutiny_panel"
    )
    officer = factories.UserFactory(name=OFFICER[0], email=OFFICER[1], roles=["officer"])
    factories.UserFactory(name=EXECUTIVE[0], email=EXECUTIVE[1], roles=["executive"])
    owner = factories.UserFactory(name=OWNER[0], email=OWNER[1], roles=["owner"])
    factories.PostHoldingFactory(
        post=factories.PostFactory(name=OWNER_POST, service="Education"), user=owner
    )
    meeting = factories.MeetingFactory(committee=panel, starts_at=MEETING_STARTS, status="held")
    factories.AgendaItemFactory(meeting=meeting, title=ITEM, position=10)
    (minute,) = minute_numbering.start_minutes(session, meeting, expected_version=None)
    minutes.update_minute(
        session,
        minute,
        narrative="The Head of Music Service presented the service's annual report.",
        discussion="",
        outcome_kind="resolved",
        outcome_text=OUTCOME,
        parts=PARTS,
        user=officer,
        expected_version=None,
    )
    # The panel's next meeting, held on 14 June, which closes the first recommendation.
    later = factories.MeetingFactory(committee=panel, starts_at=CLOSING_STARTS, status="held")
    factories.AgendaItemFactory(meeting=later, title=TRACKER_ITEM, position=10)
    minute_numbering.start_minutes(session, later, expected_version=None)
    meeting_id = meeting.id
    session.commit()
    db.session.remove()
    return meeting_id


def status_tag(page: Page) -> Locator:
    """The recommendation's (or action's) status tag, just under its heading."""
    return page.locator("main h1 ~ p .govuk-tag").first


def test_two_recommendations_are_submitted_answered_implemented_and_closed(
    page: Page, assert_accessible, sign_in, music_meeting: int
):
    # Problems in the app that do not stop the journey; reported together at the end.
    findings: list[str] = []

    # 1. The officer creates a recommendation from each part of the minute.
    page.goto("/sign-in")
    sign_in(OFFICER[1], factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/meetings/{music_meeting}/minutes")
    expect(heading(page, "Minutes of Thursday 11 June 2026, 7:00pm")).to_be_visible()
    assert_accessible(page)
    for position, numeral in ((1, "i"), (2, "ii")):
        page.get_by_role(
            "link", name=f"Create a recommendation from part {numeral} of minute 1", exact=True
        ).click()
        expect(heading(page, "Create a recommendation to the executive")).to_be_visible()
        expect(page.get_by_label("Recommendation", exact=True)).to_have_value(
            RECOMMENDATIONS[position - 1]
        )
        expect(page.get_by_label("Addressed to")).to_have_value("The Executive")
        if position == 1:
            assert_accessible(page)
        page.get_by_role("button", name="Create recommendation").click()
        expect(success_banner(page)).to_contain_text("Recommendation to the executive created")
    parts = page.locator(".app-minute__parts > li")
    expect(parts.nth(0)).to_contain_text(f"Recommendation {FIRST_REF} to The Executive")
    expect(parts.nth(1)).to_contain_text(f"Recommendation {SECOND_REF} to The Executive")
    assert_accessible(page)

    # 2. The tracker leads to the first recommendation, agreed and not yet submitted.
    page.goto(f"/recommendations?committee={PANEL_SLUG}")
    expect(heading(page, "Recommendations tracker")).to_be_visible()
    tracker = page.locator("#tracker")
    expect(tracker.get_by_role("rowheader")).to_have_count(2)
    assert_accessible(page)
    tracker.get_by_role("link", name=FIRST_REF, exact=True).click()
    expect(page).to_have_url(re.compile(r"/recommendations/\d+$"))
    first_url = page.url
    expect(heading(page, f"Recommendation {FIRST_REF}")).to_be_visible()
    expect(status_tag(page)).to_have_text("Agreed, not yet submitted")
    expect(summary_value(page, "Source")).to_have_text(f"{PREFIX} 1(1)")
    expect(summary_value(page, "Agreed by the panel")).to_have_text("11 June 2026")
    expect(page.get_by_text("No response has been published yet.")).to_be_visible()
    assert_accessible(page)

    # 3. Both are submitted together; first without the report's title.
    page.get_by_role("button", name="Submit to the executive").click()
    expect(heading(page, "Submit recommendations to the executive")).to_be_visible()
    choices = page.get_by_role("group", name="Recommendations to submit")
    first_box = choices.get_by_role(
        "checkbox", name=f"{FIRST_REF}: {RECOMMENDATIONS[0]}", exact=True
    )
    second_box = choices.get_by_role(
        "checkbox", name=f"{SECOND_REF}: {RECOMMENDATIONS[1]}", exact=True
    )
    # The recommendation the officer came from is ticked already.
    expect(first_box).to_be_checked()
    expect(second_box).not_to_be_checked()
    assert_accessible(page)
    second_box.check()
    fill_date(page, "Date submitted", SUBMITTED)
    page.get_by_label("Executive member to respond").select_option(label=EXECUTIVE[0])
    page.get_by_role("button", name="Submit to the executive").click()
    expect(page).to_have_title(re.compile(r"^Error: Submit recommendations to the executive"))
    expect(error_summary(page)).to_contain_text("Enter the title of the report")
    # What was chosen is kept.
    expect(first_box).to_be_checked()
    expect(second_box).to_be_checked()
    expect(
        page.get_by_role("group", name="Date submitted", exact=True).get_by_label("Day")
    ).to_have_value(str(SUBMITTED.day))
    expect(page.get_by_label("Executive member to respond").locator("option:checked")).to_have_text(
        EXECUTIVE[0]
    )
    assert_accessible(page)
    page.get_by_label("Report they come from").fill(REPORT_TITLE)
    page.get_by_role("button", name="Submit to the executive").click()
    expect(success_banner(page)).to_contain_text(
        f"2 recommendations submitted. The executive must respond by {DEADLINE}."
    )
    expect(heading(page, "Recommendations tracker")).to_be_visible()
    # The tracker should come back filtered to the panel whose recommendations were sent.
    chosen_committee = page.get_by_label("Committee", exact=True).locator("option:checked")
    if chosen_committee.inner_text() != PANEL_NAME:
        address = urlsplit(page.url)
        findings.append(
            f"After submitting, the officer lands on {address.path}?{address.query} "
            f"with the tracker's Committee filter on {chosen_committee.inner_text()!r}, listing "
            f"{page.locator('#tracker').get_by_role('rowheader').count()} recommendations of every "
            "committee, not the panel's 2: scrutiny/blueprints/recommendations/routes.py:123 "
            "redirects with committee=committee.id, but the tracker's filter (_filters in "
            "routes_tracker.py) matches committee slugs; it should be "
            "url_for('recommendations.tracker', committee=committee.slug)"
        )
    assert_accessible(page)

    page.goto(first_url)
    expect(status_tag(page)).to_have_text("Awaiting response")
    expect(summary_value(page, "Submitted")).to_have_text(f'12 June 2026, with "{REPORT_TITLE}"')
    expect(summary_value(page, "Response due (statutory)")).to_contain_text(DEADLINE)
    expect(summary_value(page, "Executive member")).to_have_text(EXECUTIVE[0])
    expect(page.get_by_role("button", name="Submit to the executive")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # 4. The executive member finds both on the dashboard and accepts the first.
    page.goto("/sign-in")
    sign_in(EXECUTIVE[1], factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()
    responses = dashboard_panel(page, "Responses to scrutiny")
    expect(responses).to_contain_text("2 recommendations awaiting your response")
    expect(responses.get_by_role("link")).to_have_text(
        [f"{FIRST_REF}: respond by {DEADLINE}", f"{SECOND_REF}: respond by {DEADLINE}"]
    )
    assert_accessible(page)
    responses.get_by_role("link", name=f"{FIRST_REF}: respond by {DEADLINE}").click()
    expect(page).to_have_url(first_url)
    expect(status_tag(page)).to_have_text("Awaiting response")
    assert_accessible(page)

    page.get_by_role("button", name="Respond").click()
    expect(heading(page, f"Respond to {FIRST_REF}")).to_be_visible()
    expect(page.get_by_text(f"Response due by {DEADLINE}.")).to_be_visible()
    # An executive member answers for themself: no one to choose.
    expect(page.get_by_label("Responding executive member")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("radio", name="Accepted", exact=True).check()
    page.get_by_role("textbox", name="What the executive will do").fill(ACCEPTANCE)
    page.get_by_role("button", name="Save response").click()
    expect(success_banner(page)).to_contain_text("Response saved as a draft")
    expect(heading(page, f"Response to {FIRST_REF}")).to_be_visible()
    expect(summary_value(page, "Response")).to_contain_text(f"Accepted{ACCEPTANCE}")
    expect(page.get_by_text("Add at least one action with an owner and a due date")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_role("group", name="Owner posts").get_by_role(
        "checkbox", name=OWNER_POST, exact=True
    ).check()
    fill_date(page, "Due", ACTION_DUE)
    page.get_by_role("button", name="Add action").click()
    expect(success_banner(page)).to_contain_text(f"Action {FIRST_REF}-A1 added")
    implementation = page.locator("h2:text-is('Implementation actions') + ul")
    expect(implementation.get_by_role("listitem")).to_have_text(
        [f"{FIRST_REF}-A1: {ACTION}. Owner: {OWNER_POST}; due {ACTION_DUE_TEXT}"]
    )
    assert_accessible(page)
    page.get_by_role("button", name="Submit and publish the response").click()
    expect(success_banner(page)).to_contain_text("Response published")
    expect(page).to_have_url(first_url)
    expect(status_tag(page)).to_have_text("In progress")
    expect(page.locator("#response ~ p").filter(has_text=ACCEPTANCE)).to_be_visible()
    expect(page.get_by_text("Draft, not yet published")).to_have_count(0)
    actions_table = page.get_by_role("table", name="Actions implementing the recommendation")
    action_row = actions_table.get_by_role("row").filter(has_text=ACTION)
    expect(action_row.get_by_role("cell")).to_have_text(
        [f"{FIRST_REF}-A1: {ACTION}", OWNER_POST, ACTION_DUE_TEXT, "Not started"]
    )
    expect(page.get_by_role("button", name=re.compile("Respond|Continue"))).to_have_count(0)
    assert_accessible(page)

    # 5. The second: rejected, first without reasons.
    main_menu(page).get_by_role("link", name="Dashboard").click()
    responses = dashboard_panel(page, "Responses to scrutiny")
    expect(responses.get_by_role("link")).to_have_text([f"{SECOND_REF}: respond by {DEADLINE}"])
    responses.get_by_role("link", name=f"{SECOND_REF}: respond by {DEADLINE}").click()
    expect(heading(page, f"Recommendation {SECOND_REF}")).to_be_visible()
    second_url = page.url
    page.get_by_role("button", name="Respond").click()
    expect(heading(page, f"Respond to {SECOND_REF}")).to_be_visible()
    page.get_by_role("radio", name="Rejected", exact=True).check()
    page.get_by_role("textbox", name="What the executive will do").fill(REJECTION)
    page.get_by_role("button", name="Save response").click()
    expect(page).to_have_title(re.compile(rf"^Error: Respond to {re.escape(SECOND_REF)}"))
    expect(error_summary(page).get_by_role("listitem")).to_have_text(
        ["Give the reasons for rejecting the recommendation"]
    )
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    reasons = page.get_by_label("Reasons for rejecting")
    expect(page.locator(".govuk-error-message")).to_contain_text(
        "Give the reasons for rejecting the recommendation"
    )
    # What was typed and chosen is kept.
    expect(page.get_by_role("textbox", name="What the executive will do")).to_have_value(REJECTION)
    expect(page.get_by_role("radio", name="Rejected", exact=True)).to_be_checked()
    assert_accessible(page)
    error_summary(page).get_by_role(
        "link", name="Give the reasons for rejecting the recommendation"
    ).click()
    expect(reasons).to_be_focused()
    reasons.fill(REASONS)
    page.get_by_role("button", name="Save response").click()
    expect(success_banner(page)).to_contain_text("Response saved as a draft")
    expect(summary_value(page, "Response")).to_contain_text(f"Reasons: {REASONS}")
    expect(page.get_by_text('A response of "rejected" needs no actions.')).to_be_visible()
    expect(page.get_by_role("button", name="Add action")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Submit and publish the response").click()
    expect(success_banner(page)).to_contain_text("Response published")
    expect(page).to_have_url(second_url)
    expect(status_tag(page)).to_have_text("Responded")
    expect(page.locator("#response ~ p").filter(has_text="Reasons:")).to_have_text(
        f"Reasons: {REASONS}"
    )
    expect(page.get_by_text("No implementation actions.")).to_be_visible()
    assert_accessible(page)

    main_menu(page).get_by_role("link", name="Dashboard").click()
    expect(dashboard_panel(page, "Responses to scrutiny")).to_contain_text(
        "No recommendations are awaiting your response."
    )
    sign_out(page)

    # 6. The post's holder: nothing due soon on the home page, the action under "My actions".
    page.goto("/sign-in")
    sign_in(OWNER[1], factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()
    posts = dashboard_panel(page, "Your posts and actions")
    expect(posts).to_contain_text(f"You hold {OWNER_POST}. 1 open action, 0 overdue.")
    expect(posts).to_contain_text("0 actions due by 29 June 2026.")
    assert_accessible(page)
    main_menu(page).get_by_role("link", name="My actions").click()
    expect(heading(page, "My actions")).to_be_visible()
    action_link = page.get_by_role("link", name=f"{FIRST_REF}-A1", exact=True)
    expect(action_link).to_be_visible()
    assert_accessible(page)
    action_link.click()
    expect(heading(page, f"Action {FIRST_REF}-A1")).to_be_visible()
    expect(status_tag(page)).to_have_text("Not started")
    expect(summary_value(page, "Owner")).to_have_text(OWNER_POST)
    expect(summary_value(page, "Due")).to_have_text(ACTION_DUE_TEXT)
    expect(page.get_by_text("No updates yet.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Recommendation {FIRST_REF}")).to_have_attribute(
        "href", re.compile(r"/recommendations/\d+$")
    )
    assert_accessible(page)
    page.get_by_role("radio", name="Green: on track").check()
    page.get_by_label("Progress", exact=True).fill(PROGRESS)
    page.get_by_role("button", name="Save update").click()
    expect(success_banner(page)).to_contain_text("Update saved")
    update = page.locator(".app-session")
    expect(update).to_have_count(1)
    expect(update.get_by_role("heading", level=3)).to_contain_text(f"by {OWNER[0]}")
    expect(update.get_by_role("heading", level=3)).to_contain_text("Green")
    expect(update).to_contain_text(PROGRESS)
    expect(page.get_by_text("No updates yet.")).to_have_count(0)
    assert_accessible(page)
    sign_out(page)

    # 7. The officer records the panel closing the first as implemented.
    page.goto("/sign-in")
    sign_in(OFFICER[1], factories.PASSWORD)
    expect(heading(page, "Your dashboard")).to_be_visible()
    page.goto(first_url)
    expect(status_tag(page)).to_have_text("In progress")
    expect(actions_table.get_by_role("row").filter(has_text=ACTION)).to_contain_text(PROGRESS)
    assert_accessible(page)
    page.get_by_role("button", name="Record the panel closing it").click()
    expect(heading(page, f"Close {FIRST_REF}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Implemented", exact=True).check()
    page.get_by_label("Minute of the panel meeting that closed it").select_option(
        label=f"14 June 2026, minute 2: {TRACKER_ITEM}"
    )
    page.get_by_role("button", name="Close recommendation").click()
    expect(success_banner(page)).to_contain_text(f"{FIRST_REF} closed: implemented")
    expect(page).to_have_url(first_url)
    expect(status_tag(page)).to_have_text("Implemented")
    expect(summary_value(page, "Closed by the panel")).to_have_text("14 June 2026: implemented")
    expect(page.get_by_role("button", name="Record the panel closing it")).to_have_count(0)
    assert_accessible(page)

    assert not findings, "The journey met problems in the app:\n" + "\n".join(findings)
