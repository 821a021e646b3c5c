"""The work programme in Chromium: the chairman proposes and prioritises, the public reads;
a councillor's proposal becomes a task-and-finish group whose report is pulled into an agenda.

Every page reached is checked with axe-core against WCAG 2.2 A and AA.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from scrutiny.demo import council as demo
from scrutiny.extensions import db
from tests import factories
from tests.browser.pages import summary_value

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

    page.get_by_label("Topic").fill("Speech and language therapy waits")
    page.get_by_label("Why should the panel scrutinise it?").fill("Complaints from parents")
    page.get_by_role("button", name="Propose topic").click()
    expect(page.get_by_text("Your proposal has been added to section 2")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Speech and language therapy waits")
    expect(row).to_contain_text("Proposed by Wendy Griggs")
    assert_accessible(page)

    row.get_by_role("link", name="Edit").click()
    page.get_by_role("group", name="Date the panel agreed it").get_by_label("Day").fill("11")
    page.get_by_role("group", name="Date the panel agreed it").get_by_label("Month").fill("6")
    page.get_by_role("group", name="Date the panel agreed it").get_by_label("Year").fill("2026")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    row = page.get_by_role("row").filter(has_text="Speech and language therapy waits")
    row.get_by_role("button", name="Schedule").click()
    scheduled = page.locator("#section-scheduled + table")
    expect(scheduled).to_contain_text("Speech and language therapy waits")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.goto("/committees/cyps-panel/work-programme")
    expect(page.locator("#section-scheduled + table")).to_contain_text(
        "Speech and language therapy waits"
    )
    expect(page.get_by_role("button", name="Schedule")).to_have_count(0)
    assert_accessible(page)


# The journey from a councillor's proposal to a task-and-finish group's report on an agenda.
JOURNEY_PANEL = "Transport Scrutiny Panel"
JOURNEY_SLUG = "transport-scrutiny-panel"
JOURNEY_COUNCILLOR = ("Cllr Ada Pemberton", "ada.pemberton@council.example")
JOURNEY_OFFICER = ("Ravi Scrutineer", "ravi.scrutineer@council.example")
JOURNEY_TOPIC = "Bus routes to the new hospital"
JOURNEY_GROUP = f"{JOURNEY_TOPIC} task-and-finish group"
JOURNEY_REPORT = "Bus routes to the new hospital: task-and-finish group's report"
#: The panel's next meeting: a draft, well after the fixed clock (15 June 2026, 09:00 UTC).
JOURNEY_MEETING_STARTS = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)
JOURNEY_MEETING_CHOICE = "14 September 2026"
JOURNEY_MEETING_HEADING = "Monday 14 September 2026, 10:00am"


@pytest.fixture
def journey_panel(demo_data) -> int:
    """A panel of its own, with a councillor member, an officer and a draft meeting; its id.

    Made with the factories after the demo data and committed, then the test thread's session
    is ended (as demo_data does) so the server thread can write.
    """
    panel = factories.CommitteeFactory(
        name=JOURNEY_PANEL, slug=JOURNEY_SLUG, minute_prefix="TSP", kind="scrutiny_panel"
    )
    councillor = factories.UserFactory(
        name=JOURNEY_COUNCILLOR[0], email=JOURNEY_COUNCILLOR[1], roles=["councillor"]
    )
    factories.MembershipFactory(committee=panel, user=councillor, role="member")
    factories.UserFactory(name=JOURNEY_OFFICER[0], email=JOURNEY_OFFICER[1], roles=["officer"])
    meeting = factories.MeetingFactory(
        committee=panel, starts_at=JOURNEY_MEETING_STARTS, status="draft"
    )
    meeting_id = meeting.id
    db.session.commit()
    db.session.remove()
    return meeting_id


def fill_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    """Fill a GOV.UK day/month/year date input found by its fieldset legend."""
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day))
    group.get_by_label("Month").fill(str(month))
    group.get_by_label("Year").fill(str(year))


def test_a_proposal_becomes_a_task_group_whose_report_is_pulled_into_the_agenda(
    page: Page, assert_accessible, sign_in, journey_panel: int
):
    meeting_id = journey_panel
    programme_url = f"/committees/{JOURNEY_SLUG}/work-programme"

    # 1. The councillor, a member of the panel, proposes a topic.
    page.goto("/sign-in")
    sign_in(JOURNEY_COUNCILLOR[1], factories.PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Your dashboard")).to_be_visible()
    page.goto(programme_url)
    expect(page.get_by_role("heading", level=1, name="Work programme")).to_be_visible()
    expect(page.get_by_role("button", name="Add a row")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Propose a topic").click()
    expect(page.get_by_role("heading", level=1, name="Propose a topic")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Topic").fill(JOURNEY_TOPIC)
    page.get_by_label("Why should the panel scrutinise it?").fill(
        "Residents cannot reach the new hospital by bus"
    )
    page.get_by_label("Suggested method").fill("A task-and-finish group")
    page.get_by_role("button", name="Propose topic").click()
    expect(page.get_by_text("Your proposal has been added to section 2")).to_be_visible()
    proposed = page.locator("#section-proposed + table")
    expect(proposed).to_contain_text(JOURNEY_TOPIC)
    expect(proposed).to_contain_text(f"Proposed by {JOURNEY_COUNCILLOR[0]}")
    page.get_by_role("navigation", name="Main menu").get_by_role("button", name="Sign out").click()

    # 2. The officer records the panel's agreement and makes the topic an active project.
    page.goto("/sign-in")
    sign_in(JOURNEY_OFFICER[1], factories.PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Your dashboard")).to_be_visible()
    page.goto(programme_url)
    row = page.get_by_role("row").filter(has_text=JOURNEY_TOPIC)
    # Chromium names the row's buttons "<label> : <topic>" (a space before the hidden colon).
    make_active = row.get_by_role("button", name="Make active")
    # A proposal offers no group, and cannot become active before the panel has agreed it.
    expect(row.get_by_role("link", name=re.compile("^Create task-and-finish group"))).to_have_count(
        0
    )
    make_active.click()
    expect(
        page.get_by_text("Record when the panel agreed this topic before scheduling it")
    ).to_be_visible()
    expect(page.locator("#section-active + table")).to_have_count(0)
    row.get_by_role("link", name=f"Edit {JOURNEY_TOPIC}").click()
    expect(page.get_by_role("heading", level=1, name=f"Edit {JOURNEY_TOPIC}")).to_be_visible()
    fill_date(page, "Date the panel agreed it", 11, 6, 2026)
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved")).to_be_visible()
    expect(page.locator("#section-proposed + table")).to_contain_text("11 June 2026")
    make_active.click()
    expect(page.get_by_text("Work programme updated")).to_be_visible()
    active = page.locator("#section-active + table")
    expect(active).to_contain_text(JOURNEY_TOPIC)
    expect(page.locator("#section-proposed + table")).to_have_count(0)
    assert_accessible(page)

    # 3. A task-and-finish group from the active project, prefilled from the row.
    active.get_by_role("link", name=f"Create task-and-finish group for {JOURNEY_TOPIC}").click()
    expect(page).to_have_url(re.compile(rf"/committees/{JOURNEY_SLUG}/task-groups/new\?row=\d+$"))
    expect(
        page.get_by_role("heading", level=1, name="Set up a task-and-finish group")
    ).to_be_visible()
    expect(page.get_by_label("Name of the group")).to_have_value(JOURNEY_GROUP)
    expect(page.get_by_label("Topic")).to_have_value(JOURNEY_TOPIC)
    expect(page.get_by_label("Reason for scrutiny")).to_have_value(
        "Residents cannot reach the new hospital by bus"
    )
    expect(page.get_by_label("Method")).to_have_value("A task-and-finish group")
    assert_accessible(page)
    fill_date(page, "Start date", 1, 6, 2026)
    fill_date(page, "Date by which the group will report", 31, 8, 2026)
    page.get_by_label("Lead officer").select_option(label=JOURNEY_OFFICER[0])
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/task-groups/\d+$"))
    group_url = page.url
    expect(page.get_by_role("heading", level=1, name=JOURNEY_GROUP)).to_be_visible()
    expect(page.get_by_text(f"{JOURNEY_GROUP} set up")).to_be_visible()
    expect(page.locator(".govuk-tag", has_text="Proposed")).to_be_visible()
    expect(summary_value(page, "Topic")).to_have_text(JOURNEY_TOPIC)
    expect(summary_value(page, "Runs")).to_have_text("1 June 2026 to 31 August 2026")
    expect(summary_value(page, "Lead officer")).to_have_text(JOURNEY_OFFICER[0])
    expect(summary_value(page, "Work programme")).to_have_text(JOURNEY_TOPIC)
    assert_accessible(page)

    page.get_by_label("Member of the panel").select_option(label=JOURNEY_COUNCILLOR[0])
    page.get_by_role("button", name="Add to group").click()
    expect(page.get_by_text(f"{JOURNEY_COUNCILLOR[0]} added to the group")).to_be_visible()
    members = page.get_by_role("table", name="Current members of the group")
    expect(members.get_by_role("row").filter(has_text=JOURNEY_COUNCILLOR[0])).to_contain_text(
        "15 June 2026"
    )
    expect(page.get_by_text("Every current member of the panel is in the group")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Record a session").click()
    expect(page.get_by_role("heading", level=1, name="Record a session")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kind of session").select_option(label="Evidence session")
    fill_date(page, "Date", 10, 6, 2026)
    page.get_by_label("Title").fill("Evidence from the bus operator")
    page.get_by_label("Witnesses and people met").fill("Head of Passenger Transport")
    page.get_by_role("button", name="Save session").click()
    expect(page).to_have_url(f"{group_url}#sessions")
    expect(page.get_by_text("'Evidence from the bus operator' saved")).to_be_visible()
    expect(
        page.get_by_role("heading", level=3, name=re.compile("^10 June 2026: Evidence from"))
    ).to_contain_text("Evidence session")
    assert_accessible(page)

    # The programme row now links to its group and offers no second one.
    page.get_by_role("link", name=JOURNEY_TOPIC, exact=True).click()
    active = page.locator("#section-active + table")
    expect(active.get_by_role("link", name=JOURNEY_GROUP)).to_have_attribute(
        "href", re.compile(r"/task-groups/\d+$")
    )
    expect(active).to_contain_text(f"{JOURNEY_GROUP} (proposed)")
    expect(
        active.get_by_role("link", name=re.compile("^Create task-and-finish group"))
    ).to_have_count(0)

    # 4. The group's report, planned for the panel's next meeting.
    page.get_by_role("button", name="Add a row").click()
    expect(
        page.get_by_role("heading", level=1, name="Add a row to the work programme")
    ).to_be_visible()
    page.get_by_label("Section").select_option(label="4 Agenda reports")
    page.get_by_label("Topic").fill(JOURNEY_REPORT)
    page.get_by_label("Reason for scrutiny").fill("The group's findings and recommendations")
    page.get_by_label("Contact").fill(JOURNEY_OFFICER[0])
    page.get_by_label("Planned for meeting (agenda reports)").select_option(
        label=JOURNEY_MEETING_CHOICE
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"'{JOURNEY_REPORT}' added")).to_be_visible()
    reports = page.locator("#section-agenda_report + table")
    report_row = reports.get_by_role("row").filter(has_text=JOURNEY_REPORT)
    expect(report_row).to_contain_text("14 September 2026")
    expect(report_row).not_to_contain_text("On the agenda")

    # 5. On the meeting's page, the planned report is pulled into the agenda, once.
    page.goto(f"/meetings/{meeting_id}")
    expect(page.get_by_role("heading", level=1, name=JOURNEY_MEETING_HEADING)).to_be_visible()
    pull = page.get_by_role("button", name="Add the 1 report planned in the work programme")
    expect(pull).to_be_visible()
    agenda_titles = page.locator("#agenda ~ ol").get_by_role("heading", level=4)
    expect(agenda_titles.filter(has_text=JOURNEY_REPORT)).to_have_count(0)
    assert_accessible(page)
    # A second tab keeps the page as it was, button and all, to press again afterwards.
    stale = page.context.new_page()
    stale.goto(f"/meetings/{meeting_id}")
    pull.click()
    expect(page.get_by_text("1 planned report added to the agenda")).to_be_visible()
    expect(agenda_titles).to_have_text([f"1. {JOURNEY_REPORT}"])
    expect(page.locator("#agenda ~ ol > li").filter(has_text=JOURNEY_REPORT)).to_contain_text(
        "The group's findings and recommendations"
    )
    expect(
        page.get_by_role("button", name=re.compile("planned in the work programme"))
    ).to_have_count(0)
    assert_accessible(page)

    # Pressing the stale button again is refused as a conflict and adds nothing.
    stale.get_by_role("button", name="Add the 1 report planned in the work programme").click()
    expect(stale.get_by_text("Someone else changed this agenda")).to_be_visible()
    stale_titles = stale.locator("#agenda ~ ol").get_by_role("heading", level=4)
    expect(stale_titles).to_have_text([f"1. {JOURNEY_REPORT}"])
    expect(
        stale.get_by_role("button", name=re.compile("planned in the work programme"))
    ).to_have_count(0)
    stale.close()
    page.reload()
    expect(agenda_titles).to_have_text([f"1. {JOURNEY_REPORT}"])

    page.goto(programme_url)
    report_row = (
        page.locator("#section-agenda_report + table")
        .get_by_role("row")
        .filter(has_text=JOURNEY_REPORT)
    )
    expect(report_row).to_contain_text("On the agenda")
    assert_accessible(page)
