"""An officer minutes a held meeting in Chromium; the public reads it; the next meeting approves it.

One journey over two meetings of the demo panel held before the fixed clock (15 June 2026):
record the attendance of the first (once with a member left unanswered), start the numbered
minutes, record a declaration of interest, write three minutes, create an action and a
recommendation from their numbered parts, publish the draft, read it signed out (with the
decision list and its filter), approve it at the second meeting, see it locked, and read the
minutes PDF with pypdf.

Every page reached is checked with axe-core against WCAG 2.2 A and AA, including the forms'
error states. Faults in the app that do not stop the journey are collected as it goes and fail
the test at the end, so one fault does not hide the checks after it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date, time

import pytest
from playwright.sync_api import APIResponse, Locator, Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from scrutiny.demo import council as demo
from scrutiny.extensions import db
from scrutiny.models import Committee
from scrutiny.services.core import clocks
from scrutiny.services.meetings import agenda, meetings
from scrutiny.services.people import committees
from tests.browser.pages import error_summary, heading, main_menu, success_banner

pytestmark = pytest.mark.browser

PANEL_NAME = demo.PANEL["name"]
PANEL_SLUG = demo.PANEL["slug"]
PREFIX = demo.PANEL["minute_prefix"]
OFFICER_EMAIL = next(email for email, _, roles in demo.DEMO_LOGINS if roles[0] == "officer")
VENUE = "New Council Chamber - Town Hall"

#: Both meetings are Thursdays before the fixed clock, in the municipal year before the demo's
#: (built around 15 June 2026, its last meeting on 7 May 2026 is minuted CAY 1 to 13 of 2026/27),
#: so their minutes are numbered from 1 and come before the demo's.
FIRST_DAY = date(2026, 3, 12)
SECOND_DAY = date(2026, 4, 2)
FIRST_HEADING = "Thursday 12 March 2026, 10:00am"
SECOND_HEADING = "Thursday 2 April 2026, 10:00am"

#: Report items of the first meeting (title, presenting officer), added after the standard items.
BUDGET = "Month 1 Children's Services budget monitor"
OFSTED = "Ofsted focused visit to the Front Door"
PARENTING = "Corporate Parenting annual report"
REPORTS = [
    (BUDGET, "Report of the Senior/Principal Accountant (Children's)"),
    (OFSTED, "Report of the Director, Children's Services"),
    (PARENTING, "Report of the Head of Corporate Parenting"),
]
#: The first meeting's agenda once minuted: the standard items around the three reports.
MINUTE_TITLES = [
    "Addresses by Members of the Public (Standing Order SSO9)",
    "Apologies for Absence and Notifications for Substitutes",
    "Declaration of disclosable pecuniary interest (Standing Order 37)",
    "Minutes",
    "Matters referred by Council, the Executive, other Committees and Panels (if any)",
    BUDGET,
    OFSTED,
    PARENTING,
    "Panel's Work Plan",
]
BUDGET_NO, OFSTED_NO, PARENTING_NO = (
    MINUTE_TITLES.index(t) + 1 for t in (BUDGET, OFSTED, PARENTING)
)

#: The panel's members expected at a meeting (substitutes are not expected), with their roles.
MEMBERS = {name: role for name, role, _ in demo.PANEL_MEMBERS if role != "substitute"}
CHAIRMAN = next(name for name, role in MEMBERS.items() if role == "chairman")
APOLOGIES = ["Ruth Jacobs", "Huw James"]  # in the order the form lists them (by surname)
ABSENT = ["Kenton Mee"]
UNANSWERED = "Lisa Pilgrim"
SUBSTITUTE = "Karin Haverson"  # one of the panel's named substitutes
SUBSTITUTED = "Ruth Jacobs"
OFFICERS = "Sheila Smith (Children's Services)\nKatherine Webb (Children's Services)"

#: How the printed minutes mark roles after a present member's name.
ROLE_SUFFIX = {"chairman": " (Chairman)", "vice_chairman": " (Vice-chairman)"}
#: Present members not on the panel as councillors are listed under their own headings.
OTHER_HEADINGS = {
    "added_member": "Co-opted members",
    "right_to_speak": "Members with a right to speak",
}

DECLARER = "Caroline Cherry"
DECLARATION = "She is an approved foster carer for the council."
#: A declaration for the meeting as a whole, by the substitute.
WHOLE_MEETING_DECLARATION = "She is a governor of a maintained school in Weston-super-Mare."

BUDGET_NARRATIVE = (
    "The Principal Accountant (Children's Services) presented the forecast outturn for month 1."
)
BUDGET_POINTS = [
    "Was the overspend on placements expected to grow? It was expected to level off by autumn.",
    "How many agency social workers were employed? Eleven, down from fifteen in March.",
]
RECEIVED = "that the report be received."
OFSTED_NARRATIVE = "The Director of Children's Services presented the findings of the visit."
OFSTED_OUTCOME = "that"
OFSTED_PARTS = [
    "the Head of Commissioning report on placement sufficiency to the next meeting; and that",
    "the Panel recommend to the Executive that two more social workers join the Front Door.",
]
PARENTING_NARRATIVE = "The Head of Corporate Parenting presented the annual report."
ACTION_OWNER = "Head of Commissioning"
ACTION_DUE = date(2026, 9, 10)
ACTION_DUE_TEXT = "10 September 2026"


def minutes_body(page: Page) -> Locator:
    """The printed part of the minutes page: times, attendance and the numbered minutes."""
    return page.locator(".app-minutes")


def minute(page: Page, number: int) -> Locator:
    """One numbered minute, found by its heading ("CAY 6 Title")."""
    return (
        minutes_body(page)
        .locator(".app-minute")
        .filter(has=page.get_by_role("heading", level=3, name=re.compile(rf"^{PREFIX} {number} ")))
    )


def member_radios(page: Page, name: str) -> Locator:
    """The Present / Apologies / Absent radios of one member on the attendance form."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(name)}( \(.*\))?$"))


def pdf_text(response: APIResponse) -> str:
    """A PDF response's text, all pages, whitespace collapsed and apostrophes straightened."""
    assert response.status == 200, f"{response.url} answered {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    return " ".join(text.replace("’", "'").split())


def held_meetings() -> tuple[int, int]:
    """The two meetings, created as held (agenda published on time), committed; their ids."""
    session = db.session
    now = clocks.now()
    panel = session.scalar(select(Committee).where(Committee.slug == PANEL_SLUG))
    members = {m.user.name: m.role for m in committees.current_members(session, panel, FIRST_DAY)}
    assert {n: r for n, r in members.items() if r != "substitute"} == MEMBERS
    assert members[SUBSTITUTE] == "substitute"
    ids = []
    for day, reports in ((FIRST_DAY, REPORTS), (SECOND_DAY, [])):
        meeting = meetings.create_meeting(
            session,
            panel,
            starts_at=meetings.local_datetime(day, time(10, 0)),
            venue=VENUE,
            now=now,
            allow_past=True,
        )
        for title, officer in reports:
            agenda.add_item(
                session,
                meeting,
                kind="report",
                title=title,
                presenting_officer=officer,
                now=now,
                expected_version=None,
            )
        meeting.published_at = meetings.local_datetime(meetings.deadline_for(meeting), time(9))
        meeting.status = "held"
        session.flush()
        ids.append(meeting.id)
    session.commit()
    # As in the demo_data fixture: leave no transaction open while the server thread writes.
    db.session.remove()
    return ids[0], ids[1]


def edit_minute(
    page: Page,
    number: int,
    *,
    narrative: str,
    outcome: str,
    wording: str,
    discussion: Sequence[str] = (),
    parts: Sequence[str] = (),
) -> None:
    """From the minutes page, write one minute through "Edit minute CAY n" and save it."""
    page.get_by_role("link", name=f"Edit minute {PREFIX} {number}", exact=True).click()
    expect(heading(page, f"{PREFIX} {number} {MINUTE_TITLES[number - 1]}")).to_be_visible()
    page.get_by_label("Minute", exact=True).fill(narrative)
    page.get_by_label("Points raised in discussion").fill("\n".join(discussion))
    page.get_by_role("radio", name=outcome, exact=True).check()
    page.get_by_label("Outcome wording").fill(wording)
    page.get_by_label("Numbered parts").fill("\n".join(parts))
    page.get_by_role("button", name="Save minute").click()
    expect(success_banner(page)).to_contain_text(f"{PREFIX} {number} saved")
    expect(page).to_have_url(re.compile(r"/minutes#minute-\d+$"))


def test_an_officer_minutes_a_meeting_the_public_reads_it_and_the_next_meeting_approves_it(
    page: Page, assert_accessible, sign_in
):
    # Problems in the app that do not stop the journey; reported together at the end.
    findings: list[str] = []
    first_id, second_id = held_meetings()
    minutes_path = f"/meetings/{first_id}/minutes"

    # 1. The officer signs in and opens the first meeting, then its attendance and minutes.
    page.goto("/sign-in")
    sign_in(OFFICER_EMAIL)
    expect(heading(page, "Your dashboard")).to_be_visible()
    page.goto(f"/meetings/{first_id}")
    expect(heading(page, FIRST_HEADING)).to_be_visible()
    page.get_by_role("link", name="Attendance and minutes", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{minutes_path}$"))
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()
    expect(page.get_by_role("button", name="Start the minutes")).to_be_visible()
    expect(page.get_by_role("button", name="Publish draft minutes")).to_have_count(0)
    expect(page.locator("#declarations ~ p").first).to_have_text("None.")
    # Nobody is recorded as present yet, so nobody can declare an interest.
    expect(page.get_by_role("button", name="Record declaration")).to_have_count(0)
    assert_accessible(page)

    # 2. Attendance: every expected member is listed; one is left unanswered at first.
    page.get_by_role("button", name="Record attendance").click()
    expect(heading(page, "Attendance")).to_be_visible()
    expect(page.locator("legend").filter(has_text=re.compile(r"^(?!Substitute)"))).to_have_count(
        len(MEMBERS)
    )
    expect(member_radios(page, CHAIRMAN)).to_have_accessible_name(f"{CHAIRMAN} (Chairman)")
    for name in MEMBERS:
        expect(member_radios(page, name).get_by_role("radio", checked=True)).to_have_count(0)
    assert_accessible(page)

    for name in MEMBERS:
        if name == UNANSWERED:
            continue
        kind = "Apologies" if name in APOLOGIES else "Absent" if name in ABSENT else "Present"
        member_radios(page, name).get_by_role("radio", name=kind, exact=True).check()
    first_substitute = page.get_by_role("group", name="Substitute 1", exact=True)
    first_substitute.get_by_label("Substitute", exact=True).select_option(label=SUBSTITUTE)
    first_substitute.get_by_label("Substituting for").select_option(label=SUBSTITUTED)
    page.get_by_label("Officers in attendance").fill(OFFICERS)
    page.get_by_label("Meeting commenced").fill("10.05am")
    page.get_by_label("Meeting concluded").fill("12.10pm")
    page.get_by_role("button", name="Save attendance").click()

    expect(page).to_have_title(re.compile(r"^Error: Attendance"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(error_summary(page).get_by_role("listitem")).to_have_text(
        [f"Select whether {UNANSWERED} was present, sent apologies or was absent"]
    )
    # What was chosen is kept, so only the missing answer needs giving.
    expect(member_radios(page, CHAIRMAN).get_by_role("radio", name="Present")).to_be_checked()
    for name in APOLOGIES:
        expect(member_radios(page, name).get_by_role("radio", name="Apologies")).to_be_checked()
    for name in ABSENT:
        expect(member_radios(page, name).get_by_role("radio", name="Absent")).to_be_checked()
    expect(member_radios(page, UNANSWERED).get_by_role("radio", checked=True)).to_have_count(0)
    first_substitute = page.get_by_role("group", name="Substitute 1", exact=True)
    expect(
        first_substitute.get_by_label("Substitute", exact=True).locator("option:checked")
    ).to_have_text(SUBSTITUTE)
    expect(
        first_substitute.get_by_label("Substituting for").locator("option:checked")
    ).to_have_text(SUBSTITUTED)
    expect(page.get_by_label("Officers in attendance")).to_have_value(OFFICERS)
    expect(page.get_by_label("Meeting commenced")).to_have_value("10.05am")
    expect(page.get_by_label("Meeting concluded")).to_have_value("12.10pm")
    assert_accessible(page)
    # GOV.UK's pattern: the summary's message links to the question, which shows it too.
    unanswered_link = error_summary(page).get_by_role("link")
    unanswered_error = member_radios(page, UNANSWERED).locator(".govuk-error-message")
    if unanswered_link.count() == 0 or unanswered_error.count() == 0:
        findings.append(
            f"The attendance form's error 'Record whether {UNANSWERED} was present, sent "
            "apologies or was absent' is plain text in the error summary, not a link to that "
            "member's radios, and the member's fieldset shows no error message beside it"
        )
    else:
        unanswered_link.click()
        expect(member_radios(page, UNANSWERED).get_by_role("radio").first).to_be_focused()

    member_radios(page, UNANSWERED).get_by_role("radio", name="Present").check()
    page.get_by_role("button", name="Save attendance").click()

    # 3. The minutes page prints the attendance as the minutes will.
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()
    expect(success_banner(page)).to_contain_text("Attendance saved")
    body = minutes_body(page)
    expect(body).to_contain_text("Meeting Commenced: 10.05 am")
    expect(body).to_contain_text("Meeting Concluded: 12.10 pm")
    order = {"chairman": 0, "vice_chairman": 1}
    present = sorted(
        (n for n in MEMBERS if n not in APOLOGIES + ABSENT),
        key=lambda n: (order.get(MEMBERS[n], 2), n.split()[-1]),
    )
    councillors = [n for n in present if MEMBERS[n] not in OTHER_HEADINGS]
    present_line = ", ".join(f"{n}{ROLE_SUFFIX.get(MEMBERS[n], '')}" for n in councillors)
    assert present_line.startswith(f"{CHAIRMAN} (Chairman), ")
    expect(body.locator("p", has_text=f"{CHAIRMAN} (Chairman)")).to_have_text(present_line)
    other_lines = {
        title: ", ".join(n for n in present if MEMBERS[n] == role)
        for role, title in OTHER_HEADINGS.items()
    }
    for title, names in other_lines.items():
        expect(body.locator("p", has_text=f"{title}:")).to_have_text(f"{title}:")
        expect(body.locator("p", has_text=names.split(", ")[0])).to_have_text(names)
    expect(body.locator("p", has_text="(substitute")).to_have_text(
        f"{SUBSTITUTE} (substitute for {SUBSTITUTED})"
    )
    expect(body.locator("p", has_text="Apologies:")).to_have_text(
        f"Apologies: Councillors: {' and '.join(APOLOGIES)}."
    )
    expect(body.locator("p", has_text="Absent:")).to_have_text(f"Absent: {ABSENT[0]}.")
    expect(body.locator("p", has_text="Officers in attendance:")).to_have_text(
        "Officers in attendance: Sheila Smith, Katherine Webb (Children's Services)."
    )
    assert_accessible(page)

    # The attendance form shows what was saved when opened again.
    page.get_by_role("button", name="Record attendance").click()
    expect(heading(page, "Attendance")).to_be_visible()
    expect(member_radios(page, UNANSWERED).get_by_role("radio", name="Present")).to_be_checked()
    expect(member_radios(page, APOLOGIES[0]).get_by_role("radio", name="Apologies")).to_be_checked()
    expect(page.get_by_label("Officers in attendance")).to_have_value(OFFICERS)
    page.get_by_role("link", name="Back").click()
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()

    # 4. Start the minutes: one numbered minute per agenda item, in agenda order.
    page.get_by_role("button", name="Start the minutes").click()
    expect(success_banner(page)).to_contain_text(
        f"{len(MINUTE_TITLES)} minutes numbered and ready to write"
    )
    expect(body.get_by_role("heading", level=3)).to_have_text(
        [f"{PREFIX} {n} {title}" for n, title in enumerate(MINUTE_TITLES, start=1)]
    )
    expect(page.get_by_role("button", name="Start the minutes")).to_have_count(0)
    expect(page.get_by_text("Draft, not yet public", exact=True)).to_be_visible()
    assert_accessible(page)

    # 5. A declaration of interest, for one item.
    page.get_by_label("Member", exact=True).select_option(label=DECLARER)
    page.get_by_label("Agenda item").select_option(label=f"{PARENTING_NO}. {PARENTING}")
    page.get_by_role("radio", name="Other registrable", exact=True).check()
    page.get_by_label("The interest").fill(DECLARATION)
    page.get_by_role("button", name="Record declaration").click()
    expect(success_banner(page)).to_contain_text("Declaration recorded")
    declarations = page.locator("#declarations + ul")
    expect(declarations.get_by_role("listitem")).to_have_text(
        [f'{DECLARER}: other registrable interest in "{PARENTING}". {DECLARATION}']
    )
    expect(minute(page, PARENTING_NO)).to_contain_text(DECLARATION)
    printed = minute(page, PARENTING_NO).locator("p", has_text=DECLARATION).inner_text()
    if re.search(r"\ba other\b", printed):
        findings.append(
            f"The minute of the item prints the declaration as {printed!r}: the article is 'a' "
            "whatever the kind, so an other registrable interest reads 'a other registrable "
            "interest'"
        )
    assert_accessible(page)

    # A substitute declares an interest in the meeting as a whole.
    page.get_by_label("Member", exact=True).select_option(label=SUBSTITUTE)
    expect(page.get_by_label("Agenda item").locator("option:checked")).to_have_text(
        "The meeting as a whole"
    )
    page.get_by_role("radio", name="Non registrable", exact=True).check()
    page.get_by_label("The interest").fill(WHOLE_MEETING_DECLARATION)
    page.get_by_role("button", name="Record declaration").click()
    expect(success_banner(page)).to_contain_text("Declaration recorded")
    expect(declarations.get_by_role("listitem")).to_have_text(
        [
            f'{DECLARER}: other registrable interest in "{PARENTING}". {DECLARATION}',
            f"{SUBSTITUTE}: non registrable interest. {WHOLE_MEETING_DECLARATION}",
        ]
    )

    # 6. Three minutes written; the Ofsted one with numbered parts.
    page.get_by_role("link", name=f"Edit minute {PREFIX} {BUDGET_NO}", exact=True).click()
    expect(heading(page, f"{PREFIX} {BUDGET_NO} {BUDGET}")).to_be_visible()
    expect(page.get_by_role("radio", name="No outcome", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()

    edit_minute(
        page,
        BUDGET_NO,
        narrative=BUDGET_NARRATIVE,
        discussion=BUDGET_POINTS,
        outcome="Concluded",
        wording=RECEIVED,
    )
    edit_minute(
        page,
        OFSTED_NO,
        narrative=OFSTED_NARRATIVE,
        discussion=[
            "Were response times improving? They had improved in each of the last three months."
        ],
        outcome="Resolved",
        wording=OFSTED_OUTCOME,
        parts=OFSTED_PARTS,
    )
    edit_minute(
        page, PARENTING_NO, narrative=PARENTING_NARRATIVE, outcome="Concluded", wording=RECEIVED
    )

    budget = minute(page, BUDGET_NO)
    expect(budget).to_contain_text(BUDGET_NARRATIVE)
    expect(budget).to_contain_text("In discussion, the following points were raised:")
    expect(budget.get_by_role("listitem")).to_have_text(BUDGET_POINTS)
    expect(budget).to_contain_text(f"Concluded: {RECEIVED}")
    ofsted = minute(page, OFSTED_NO)
    expect(ofsted).to_contain_text(f"Resolved: {OFSTED_OUTCOME}")
    parts = ofsted.locator(".app-minute__parts > li")
    expect(parts).to_have_count(2)
    expect(parts.nth(0)).to_contain_text(f"i) {OFSTED_PARTS[0]}")
    expect(parts.nth(1)).to_contain_text(f"ii) {OFSTED_PARTS[1]}")
    expect(minute(page, PARENTING_NO)).to_contain_text(f"Concluded: {RECEIVED}")
    assert_accessible(page)

    # 7. An action from part i: first sent with no owner ticked.
    parts.nth(0).get_by_role(
        "link", name=f"Create an action from part i of minute {OFSTED_NO}", exact=True
    ).click()
    expect(heading(page, "Create an action")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_have_text(OFSTED_PARTS[0])
    expect(page.get_by_label("Action", exact=True)).to_have_value(OFSTED_PARTS[0])
    assert_accessible(page)
    page.get_by_role("button", name="Create action").click()
    expect(page).to_have_title(re.compile(r"^Error: Create an action"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(error_summary(page).get_by_role("listitem")).to_have_text(
        ["Choose at least one owner post"]
    )
    expect(page.locator(".govuk-error-message")).to_contain_text("Choose at least one owner post")
    assert_accessible(page)
    error_summary(page).get_by_role("link", name="Choose at least one owner post").click()
    owners = page.get_by_role("group", name="Owner posts")
    expect(owners.get_by_role("checkbox").first).to_be_focused()

    page.get_by_label("Action", exact=True).fill(
        "Report on placement sufficiency to the next meeting."
    )
    owners.get_by_role("checkbox", name=ACTION_OWNER, exact=True).check()
    due = page.get_by_role("group", name="Due date")
    due.get_by_label("Day").fill(str(ACTION_DUE.day))
    due.get_by_label("Month").fill(str(ACTION_DUE.month))
    due.get_by_label("Year").fill(str(ACTION_DUE.year))
    page.get_by_role("button", name="Create action").click()
    expect(success_banner(page)).to_contain_text("Action created")
    expect(page).to_have_url(re.compile(r"/minutes#part-\d+$"))
    ofsted = minute(page, OFSTED_NO)
    parts = ofsted.locator(".app-minute__parts > li")
    expect(parts.nth(0)).to_contain_text(
        f"Action {PREFIX} {OFSTED_NO}(1): owner {ACTION_OWNER}, due {ACTION_DUE_TEXT}"
    )

    # 8. A recommendation to the executive from part ii.
    parts.nth(1).get_by_role(
        "link", name=f"Create a recommendation from part ii of minute {OFSTED_NO}", exact=True
    ).click()
    expect(heading(page, "Create a recommendation to the executive")).to_be_visible()
    # Prefilled as a sentence of its own: capitalised, with its full stop.
    prefilled = OFSTED_PARTS[1][0].upper() + OFSTED_PARTS[1][1:]
    expect(page.get_by_label("Recommendation", exact=True)).to_have_value(prefilled)
    expect(page.get_by_label("Addressed to")).to_have_value("The Executive")
    assert_accessible(page)
    page.get_by_role("button", name="Create recommendation").click()
    expect(success_banner(page)).to_contain_text("Recommendation to the executive created")
    parts = minute(page, OFSTED_NO).locator(".app-minute__parts > li")
    expect(parts.nth(1)).to_contain_text(f"Recommendation {PREFIX}/2025/02 to The Executive")
    expect(parts.nth(0)).not_to_contain_text("Recommendation")
    expect(parts.nth(1)).not_to_contain_text(f"Action {PREFIX}")
    assert_accessible(page)

    edit_url = minute(page, BUDGET_NO).get_by_role("link", name=re.compile("^Edit minute"))
    edit_url = edit_url.get_attribute("href")
    attendance_url = page.get_by_role("button", name="Record attendance").get_attribute("href")

    # 9. Publish the draft.
    page.get_by_role("button", name="Publish draft minutes").click()
    expect(success_banner(page)).to_contain_text("The draft minutes are now public")
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    expect(
        page.get_by_text("To be approved as a correct record at the next meeting.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Publish draft minutes")).to_have_count(0)
    assert_accessible(page)

    # 10. Signed out, the public reads the draft minutes and the decision list.
    main_menu(page).get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()
    page.goto(f"/meetings/{first_id}")
    expect(heading(page, FIRST_HEADING)).to_be_visible()
    expect(page.get_by_role("link", name="Attendance and minutes")).to_have_count(0)
    page.get_by_role("link", name="Minutes", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{minutes_path}$"))
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()
    expect(main_menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    expect(minute(page, BUDGET_NO)).to_contain_text(BUDGET_NARRATIVE)
    expect(minute(page, OFSTED_NO)).to_contain_text(
        f"Recommendation {PREFIX}/2025/02 to The Executive"
    )
    expect(minutes_body(page)).to_contain_text("Meeting Commenced: 10.05 am")
    expect(page.locator("#declarations + ul")).to_contain_text(DECLARATION)
    expect(page.get_by_role("link", name=re.compile("^Edit minute"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Create an"))).to_have_count(0)
    expect(page.get_by_role("button", name="Record attendance")).to_have_count(0)
    expect(page.get_by_role("link", name="Record attendance")).to_have_count(0)
    expect(page.get_by_role("button", name="Record declaration")).to_have_count(0)
    assert_accessible(page)

    draft_pdf = pdf_text(
        page.request.get(
            page.get_by_role("link", name="Download the minutes (PDF)").get_attribute("href")
        )
    )
    assert "Draft: to be approved as a correct record at the next meeting." in draft_pdf
    assert f"{PREFIX} {OFSTED_NO} {OFSTED}" in draft_pdf

    main_menu(page).get_by_role("link", name="Decisions", exact=True).click()
    expect(heading(page, "Decisions")).to_be_visible()
    ofsted_link = page.get_by_role("link", name=f"{PREFIX} {OFSTED_NO} {OFSTED}", exact=True)
    budget_link = page.get_by_role("link", name=f"{PREFIX} {BUDGET_NO} {BUDGET}", exact=True)
    expect(ofsted_link).to_be_visible()
    expect(budget_link).to_be_visible()
    ofsted_decision = page.locator(".app-agenda__item").filter(has=ofsted_link)
    expect(ofsted_decision).to_contain_text(f"{PANEL_NAME}, {FIRST_HEADING}")
    expect(ofsted_decision).to_contain_text(f"Resolved: {OFSTED_OUTCOME}")
    expect(ofsted_decision.get_by_role("listitem")).to_have_text(
        [f"i) {OFSTED_PARTS[0]}", f"ii) {OFSTED_PARTS[1]}"]
    )
    # Minutes left with no outcome are not decisions.
    expect(
        page.get_by_role("link", name=f"{PREFIX} 1 {MINUTE_TITLES[0]}", exact=True)
    ).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Kind").select_option(label="Recommendations")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]kind=recommendation(&|$)"))
    expect(page.get_by_label("Kind").locator("option:checked")).to_have_text("Recommendations")
    expect(ofsted_link).to_be_visible()
    expect(budget_link).to_have_count(0)
    expect(page.get_by_role("link", name=f"{PREFIX} {PARENTING_NO} {PARENTING}")).to_have_count(0)
    assert_accessible(page)
    ofsted_link.click()
    expect(page).to_have_url(re.compile(rf"{minutes_path}#minute-\d+$"))
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()

    # 11. The officer approves the minutes at the second meeting.
    main_menu(page).get_by_role("link", name="Sign in").click()
    sign_in(OFFICER_EMAIL)
    expect(heading(page, "Your dashboard")).to_be_visible()
    page.goto(f"/meetings/{second_id}")
    expect(heading(page, SECOND_HEADING)).to_be_visible()
    page.get_by_role("link", name="Attendance and minutes", exact=True).click()
    expect(heading(page, f"Minutes of {SECOND_HEADING}")).to_be_visible()
    awaiting = page.locator(".govuk-inset-text").filter(has_text="previous meeting")
    expect(awaiting).to_have_text(
        re.compile(
            rf"The minutes of the previous meeting, {FIRST_HEADING}, are awaiting approval at "
            "this meeting."
        )
    )
    expect(awaiting.get_by_role("link", name=FIRST_HEADING)).to_have_attribute("href", minutes_path)
    assert_accessible(page)
    awaiting.get_by_role("button", name="Approve them as a correct record").click()
    expect(heading(page, f"Minutes of {SECOND_HEADING}")).to_be_visible()
    expect(success_banner(page)).to_contain_text(
        "The minutes of 12 March 2026 were approved as a correct record"
    )
    expect(page.get_by_role("button", name="Approve them as a correct record")).to_have_count(0)
    assert_accessible(page)

    # The second meeting's minutes run on from the first's numbers in the municipal year.
    page.get_by_role("button", name="Start the minutes").click()
    expect(success_banner(page)).to_contain_text("minutes numbered and ready to write")
    expect(minutes_body(page).get_by_role("heading", level=3).first).to_have_text(
        f"{PREFIX} {len(MINUTE_TITLES) + 1} {MINUTE_TITLES[0]}"
    )

    # 12. The first meeting's minutes are approved and locked, even for the officer.
    page.goto(minutes_path)
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()
    expect(page.get_by_text("Approved", exact=True)).to_be_visible()
    approved = page.locator("p", has_text="Approved as a correct record at the meeting of")
    expect(approved).to_contain_text(
        f"Approved as a correct record at the meeting of {SECOND_HEADING}."
    )
    expect(approved.get_by_role("link", name=SECOND_HEADING)).to_have_attribute(
        "href", f"/meetings/{second_id}/minutes"
    )
    expect(page.get_by_text("Draft", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Edit minute"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Create an"))).to_have_count(0)
    expect(page.get_by_role("button", name="Record attendance")).to_have_count(0)
    expect(page.get_by_role("link", name="Record attendance")).to_have_count(0)
    expect(page.get_by_role("button", name="Record declaration")).to_have_count(0)
    expect(page.get_by_role("button", name="Publish draft minutes")).to_have_count(0)
    expect(minute(page, OFSTED_NO)).to_contain_text(
        f"Action {PREFIX} {OFSTED_NO}(1): owner {ACTION_OWNER}, due {ACTION_DUE_TEXT}"
    )
    assert_accessible(page)

    # Typed or bookmarked addresses of the editing forms do not reopen locked minutes.
    page.goto(edit_url)
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()
    expect(page.get_by_role("region", name="Important")).to_contain_text(
        "These minutes have been approved and are locked"
    )
    assert_accessible(page)
    page.goto(attendance_url)
    # Let the page's own requests (its icon) finish before going on, so none is cut off.
    page.wait_for_load_state("networkidle")
    if page.get_by_role("button", name="Save attendance").count():
        findings.append(
            f"{attendance_url} still offers the attendance form for approved (locked) minutes "
            "(the minute editor redirects with 'These minutes have been approved and are "
            "locked' instead)"
        )
        page.get_by_role("button", name="Save attendance").click()
        # Saving it must still change nothing.
        expect(error_summary(page)).to_contain_text(
            "The minutes have been approved: attendance can no longer change"
        )
        assert_accessible(page)
        page.get_by_role("link", name="Back").click()
    else:
        page.goto(minutes_path)
    expect(heading(page, f"Minutes of {FIRST_HEADING}")).to_be_visible()

    # 13. The approved minutes as a PDF.
    pdf_url = page.get_by_role("link", name="Download the minutes (PDF)").get_attribute("href")
    assert pdf_url == f"/meetings/{first_id}/minutes.pdf"
    text = pdf_text(page.request.get(pdf_url))
    assert text.startswith(f"Minutes of the Meeting of the {PANEL_NAME}"), text[:200]
    assert "Thursday, 12 March 2026" in text
    assert "Draft: to be approved" not in text
    assert "Meeting Commenced: 10.05 am" in text
    assert f"Councillors: {present_line}" in text
    for title, names in other_lines.items():
        assert f"{title}: {names}" in text
    assert f"{SUBSTITUTE} (substitute for {SUBSTITUTED})" in text
    assert f"Apologies: Councillors: {' and '.join(APOLOGIES)}." in text
    assert "Officers in attendance: Sheila Smith, Katherine Webb (Children's Services)." in text
    for number, title in enumerate(MINUTE_TITLES, start=1):
        assert f"{PREFIX} {number} {title}" in text
    assert BUDGET_NARRATIVE in text
    assert f"Action {PREFIX} {OFSTED_NO}(1): owner {ACTION_OWNER}, due {ACTION_DUE_TEXT}" in text
    assert f"Recommendation {PREFIX}/2025/02 to The Executive" in text
    assert DECLARATION in text
    if WHOLE_MEETING_DECLARATION not in text:
        findings.append(
            "The minutes PDF (and the printed part of the minutes page) leaves out a "
            "declaration made for 'The meeting as a whole': only declarations tied to an item "
            "are printed, under that item's minute"
        )
    # The chairman signs the last page, below a line.
    # (WeasyPrint draws a page's list bullets last, so "•" may follow on a page with a list.)
    assert re.search(r"_{10,} Chairman( •)*( \d+)?$", text), text[-200:]

    assert not findings, "The journey met problems in the app:\n" + "\n".join(findings)
