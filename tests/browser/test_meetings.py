"""An officer builds and publishes a meeting's agenda in Chromium; the public then reads it.

One journey: add a meeting, add a public and an exempt (Part 2) report, upload their PDFs
(and a file that is not one), reorder, schedule and publish, download both document packs and
read them with pypdf, then sign out and check what the public can and cannot see.

Every page reached is checked with axe-core against WCAG 2.2 A and AA, including the forms'
error states. Faults in the app that do not stop the journey are collected as it goes and fail
the test at the end, so one fault does not hide the checks after it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import APIResponse, Locator, Page, expect
from pypdf import PdfReader

from scrutiny.demo import council as demo
from scrutiny.services.files.simple_pdf import text_pdf
from tests.browser.pages import error_summary, heading, main_menu, summary_value

pytestmark = pytest.mark.browser

PANEL_NAME = demo.PANEL["name"]
OFFICER_EMAIL = next(email for email, _, roles in demo.DEMO_LOGINS if roles[0] == "officer")

#: The new meeting: well after the fixed clock (15 June 2026), so its deadline is not near.
MEETING_HEADING = "Monday 14 September 2026, 10:00am"
VENUE = "Town Hall"

#: The committee's standard items, as every new meeting starts.
STANDARD_ITEMS = [
    "Addresses by Members of the Public (Standing Order SSO9)",
    "Apologies for Absence and Notifications for Substitutes",
    "Declaration of disclosable pecuniary interest (Standing Order 37)",
    "Minutes",
    "Matters referred by Council, the Executive, other Committees and Panels (if any)",
    "Panel's Work Plan",
]
PUBLIC_REPORT = "Month 3 budget monitoring"
PUBLIC_OFFICER = "Report of the Senior Accountant (Children's)"
PUBLIC_DOCUMENT = "Budget monitoring report"
PUBLIC_PAGES = 3
EXEMPT_REPORT = "Children's home placement contract"
EXEMPT_DOCUMENT = "Placement contract report"
EXEMPT_PAGES = 2
NOT_A_PDF_ERROR = "The file must be a PDF or a Word (.docx) document"


def agenda_headings(page: Page) -> Locator:
    """Every agenda item's heading ("1. Title"), public part then exempt part."""
    return page.locator("#agenda ~ ol").get_by_role("heading", level=4)


def exempt_headings(page: Page) -> Locator:
    """The items listed under the "Exempt items" heading."""
    part2 = page.get_by_role("heading", name="Exempt items", exact=True)
    return part2.locator("xpath=following-sibling::ol[1]").get_by_role("heading", level=4)


def agenda_item(page: Page, title: str) -> Locator:
    """The agenda entry whose heading names `title`."""
    return page.locator("#agenda ~ ol > li").filter(
        has=page.get_by_role("heading", level=4, name=re.compile(rf"^\d+\. {re.escape(title)}"))
    )


def pdf_pages(response: APIResponse) -> list[str]:
    """A PDF response's text, one string per page, whitespace collapsed.

    Apostrophes are straightened: pypdf reads a Type 1 font's ' as ’ (StandardEncoding).
    """
    assert response.status == 200, f"{response.url} answered {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(body))
    return [" ".join((p.extract_text() or "").replace("’", "'").split()) for p in reader.pages]


def stamped(text: str, number: int) -> bool:
    """The pack's own page number ("Page 5"), not the report's "Page 1 of 3"."""
    return re.search(rf"\bPage {number}\b(?! of)", text) is not None


def check_report_pages(pages: list[str], title: str, count: int, front: str) -> tuple[int, int]:
    """The agenda's "(Pages N - M)" for `title` matches the stamped pages holding its report."""
    match = re.search(rf"{re.escape(title)} \(Pages (\d+) - (\d+)\)", front)
    assert match, f"no page range after {title!r} in the agenda: {front}"
    first, last = int(match[1]), int(match[2])
    assert last - first + 1 == count
    for offset, number in enumerate(range(first, last + 1), start=1):
        text = pages[number - 1]
        assert stamped(text, number), f"page {number} is not stamped 'Page {number}': {text}"
        assert f"{title} Page {offset} of {count}" in text, f"page {number} is {text}"
    return first, last


def add_item(page: Page, title: str, officer: str) -> None:
    """From the meeting page, fill in "Add an item" for a report; the caller sends it."""
    # once, under a loaded suite, a click made while the page's scripts were still loading
    # sent no request: click on a fully loaded page
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Add an item").click()
    expect(heading(page, "Add an item")).to_be_visible()
    expect(page.get_by_label("Kind of item")).to_have_value("report")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Presenting officer").fill(officer)


def upload(
    page: Page, item_title: str, document_title: str, path: Path, *, exempt: bool = False
) -> None:
    """From the meeting page, upload `path` to an item through "Upload document"."""
    agenda_item(page, item_title).get_by_role("link", name=re.compile("^Upload document")).click()
    expect(heading(page, "Upload a document")).to_be_visible()
    warning = page.get_by_text("The document will be shown only to members of the committee")
    expect(warning).to_have_count(1 if exempt else 0)
    page.get_by_label("Document title").fill(document_title)
    page.get_by_label("File", exact=True).set_input_files(path)
    page.get_by_role("button", name="Upload document").click()


def test_an_officer_publishes_an_agenda_with_an_exempt_item_and_the_public_reads_it(
    page: Page, assert_accessible, sign_in, tmp_path: Path
):
    # Problems in the app that do not stop the journey; reported together at the end.
    findings: list[str] = []

    public_pdf = tmp_path / "budget-monitoring.pdf"
    public_pdf.write_bytes(text_pdf(PUBLIC_REPORT, PUBLIC_PAGES))
    exempt_pdf = tmp_path / "placement-contract.pdf"
    exempt_pdf.write_bytes(text_pdf(EXEMPT_REPORT, EXEMPT_PAGES))
    not_a_pdf = tmp_path / "minutes.pdf"
    not_a_pdf.write_text("These are the minutes, typed as plain text.\n")

    # 1. The officer signs in through the form.
    page.goto("/sign-in")
    sign_in(OFFICER_EMAIL)
    expect(heading(page, "Your dashboard")).to_be_visible()

    # 2. Committees → the panel → Add a meeting.
    main_menu(page).get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name=PANEL_NAME, exact=True).click()
    expect(heading(page, PANEL_NAME)).to_be_visible()
    assert_accessible(page)
    add_meeting = page.get_by_role("button", name="Add a meeting", exact=True)
    if add_meeting.count():
        add_meeting.click()
    else:
        findings.append("The committee page offers an officer no 'Add a meeting' button")
        page.goto("/committees/cyps-panel/meetings/new")
    expect(heading(page, "Add a meeting")).to_be_visible()
    expect(page.get_by_role("radio", name="Formal meeting", exact=True)).to_be_checked()
    assert_accessible(page)

    # An empty form is explained, field by field.
    page.get_by_role("button", name="Save meeting").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a meeting"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(error_summary(page).get_by_role("listitem")).to_have_text(
        ["Enter the date of the meeting", "Enter the start time", "Enter the venue"]
    )
    assert_accessible(page)
    # Each error links to its field: following the link puts the cursor there.
    error_summary(page).get_by_role("link", name="Enter the venue").click()
    expect(page.get_by_label("Venue")).to_be_focused()
    date_error = error_summary(page).get_by_role("link", name="Enter the date of the meeting")
    date_error.click()
    if page.evaluate("document.activeElement.id") != "meeting_date-day":
        findings.append(
            f"The error summary's 'Enter the date of the meeting' links to "
            f"{date_error.get_attribute('href')}, which is no field's id, so following it does "
            "not reach the Day input (#meeting_date-day)"
        )

    date = page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill("14")
    date.get_by_label("Month").fill("9")
    date.get_by_label("Year").fill("2026")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Venue").fill(VENUE)
    page.get_by_role("radio", name="Formal meeting", exact=True).check()
    page.get_by_role("button", name="Save meeting").click()

    # 3. The meeting starts as a draft with the standard items.
    expect(heading(page, MEETING_HEADING)).to_be_visible()
    expect(page).to_have_url(re.compile(r"/meetings/\d+$"))
    meeting_url = page.url
    expect(
        page.get_by_text("Meeting added with the committee's standard agenda items")
    ).to_be_visible()
    expect(summary_value(page, "Venue")).to_have_text(VENUE)
    expect(summary_value(page, "Status")).to_have_text("Draft")
    expect(agenda_headings(page)).to_have_text(
        [f"{n}. {title}" for n, title in enumerate(STANDARD_ITEMS, start=1)]
    )
    expect(exempt_headings(page)).to_have_count(0)
    assert_accessible(page)

    add_item(page, PUBLIC_REPORT, PUBLIC_OFFICER)
    assert_accessible(page)
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text(f"'{PUBLIC_REPORT}' added to the agenda")).to_be_visible()

    add_item(page, EXEMPT_REPORT, "Report of the Director, Children's Services")
    page.get_by_label("This item is exempt (Part 2, not open to the public)").check()
    page.get_by_label("Schedule 12A paragraph").select_option(value="3")
    page.get_by_label("Public interest reason").fill(
        "The contract's prices are commercially sensitive while the tender is open."
    )
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text(f"'{EXEMPT_REPORT}' added to the agenda")).to_be_visible()

    # Reports go before the work plan; the exempt item is numbered after every public one.
    public_order = [*STANDARD_ITEMS[:5], PUBLIC_REPORT, STANDARD_ITEMS[5]]
    expect(agenda_headings(page)).to_have_text(
        [
            *(f"{n}. {title}" for n, title in enumerate(public_order, start=1)),
            f"8. {EXEMPT_REPORT} Exempt, paragraph 3",
        ]
    )
    expect(exempt_headings(page)).to_have_text([f"8. {EXEMPT_REPORT} Exempt, paragraph 3"])
    expect(agenda_item(page, PUBLIC_REPORT)).to_contain_text(f"{PUBLIC_OFFICER}.")
    assert_accessible(page)

    # 4. A file that is not a PDF is refused and nothing is added.
    agenda_item(page, PUBLIC_REPORT).get_by_role(
        "link", name=re.compile("^Upload document")
    ).click()
    expect(heading(page, "Upload a document")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("File", exact=True).set_input_files(not_a_pdf)
    page.get_by_role("button", name="Upload document").click()
    expect(page).to_have_title(re.compile(r"^Error: Upload a document"))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(error_summary(page)).to_contain_text(NOT_A_PDF_ERROR)
    expect(page.locator(".govuk-error-message")).to_contain_text(NOT_A_PDF_ERROR)
    assert_accessible(page)
    page.get_by_role("link", name="Back").click()
    expect(heading(page, MEETING_HEADING)).to_be_visible()
    expect(
        agenda_item(page, PUBLIC_REPORT).get_by_role("link", name=re.compile(r"\(PDF"))
    ).to_have_count(0)

    upload(page, PUBLIC_REPORT, PUBLIC_DOCUMENT, public_pdf)
    expect(page.get_by_text("Document uploaded")).to_be_visible()
    upload(page, EXEMPT_REPORT, EXEMPT_DOCUMENT, exempt_pdf, exempt=True)
    expect(page.get_by_text("Document uploaded")).to_be_visible()

    public_link = agenda_item(page, PUBLIC_REPORT).get_by_role(
        "link", name=f"{PUBLIC_DOCUMENT} (PDF, {PUBLIC_PAGES} pages)"
    )
    exempt_link = agenda_item(page, EXEMPT_REPORT).get_by_role(
        "link", name=f"{EXEMPT_DOCUMENT} (PDF, {EXEMPT_PAGES} pages)"
    )
    expect(public_link).to_be_visible()
    expect(exempt_link).to_be_visible()
    public_document_url = public_link.get_attribute("href")
    exempt_document_url = exempt_link.get_attribute("href")
    assert re.fullmatch(r"/documents/\d+", exempt_document_url or "")
    assert page.request.get(exempt_document_url).status == 200  # officers may read it
    assert_accessible(page)

    # 5. Move the report above "Matters referred".
    agenda_item(page, PUBLIC_REPORT).get_by_role("button", name=re.compile("^Move up")).click()
    public_order = [*STANDARD_ITEMS[:4], PUBLIC_REPORT, STANDARD_ITEMS[4], STANDARD_ITEMS[5]]
    expect(agenda_headings(page)).to_have_text(
        [
            *(f"{n}. {title}" for n, title in enumerate(public_order, start=1)),
            f"8. {EXEMPT_REPORT} Exempt, paragraph 3",
        ]
    )

    # 6. Schedule, then publish.
    page.get_by_role("button", name="Schedule meeting").click()
    expect(page.get_by_text("The meeting is now scheduled")).to_be_visible()
    expect(summary_value(page, "Status")).to_have_text("Scheduled")

    page.get_by_role("button", name="Publish agenda").click()
    expect(heading(page, "Publish the agenda")).to_be_visible()
    expect(page.get_by_text("The agenda, its 8 items and their documents")).to_be_visible()
    expect(page.get_by_label("Reason for late publication")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Publish agenda").click()

    expect(heading(page, MEETING_HEADING)).to_be_visible()
    expect(page.get_by_text("The agenda has been published")).to_be_visible()
    expect(summary_value(page, "Status")).to_have_text("Agenda published")
    expect(summary_value(page, "Agenda publication deadline")).to_contain_text(
        "Published 15 June 2026, 10:00am, on time."
    )
    assert_accessible(page)

    # The meeting's history: only the first agenda change had no earlier "agenda updated at".
    history = page.locator("table").filter(
        has=page.get_by_role("columnheader", name="Who", exact=True)
    )
    expect(
        history.get_by_role("row").filter(has_text=f"Created Agenda item: {EXEMPT_REPORT}")
    ).to_have_count(1)
    from_blank = history.get_by_role("row").filter(
        has_text=re.compile(r"agenda updated at:\s*\(blank\)")
    )
    if from_blank.count() > 1:
        findings.append(
            f"The meeting's history shows 'agenda updated at: (blank) → …' {from_blank.count()} "
            "times; after the first agenda change the earlier value was not blank"
        )

    # 7. Both packs, read with pypdf.
    public_pack_url = page.get_by_role(
        "link", name="Download the public document pack (PDF)"
    ).get_attribute("href")
    members_pack_link = page.get_by_role("link", name=re.compile("^Download the members' pack"))
    expect(members_pack_link).to_have_text("Download the members' pack, with exempt items (PDF)")
    members_pack_url = members_pack_link.get_attribute("href")
    public_pack = pdf_pages(page.request.get(public_pack_url))
    members_pack = pdf_pages(page.request.get(members_pack_url))

    public_text = " ".join(public_pack)
    assert "Public Document Pack" in public_pack[0]
    assert EXEMPT_REPORT not in public_text
    assert "placement contract" not in public_text.lower()
    public_front = len(public_pack) - PUBLIC_PAGES
    assert public_front >= 1
    public_agenda = " ".join(public_pack[:public_front])
    assert public_agenda.index(PUBLIC_REPORT) < public_agenda.index(STANDARD_ITEMS[4])
    for number in range(1, public_front + 1):
        assert stamped(public_pack[number - 1], number), f"front page {number} is not numbered"
    first, last = check_report_pages(public_pack, PUBLIC_REPORT, PUBLIC_PAGES, public_agenda)
    assert (first, last) == (public_front + 1, len(public_pack))

    members_text = " ".join(members_pack)
    assert "Members' Document Pack" in members_pack[0]
    assert EXEMPT_REPORT in members_text
    assert len(members_pack) == len(public_pack) + EXEMPT_PAGES
    members_agenda = " ".join(members_pack[:public_front])
    assert "Exempt under paragraph 3 of Schedule 12A" in members_agenda
    assert check_report_pages(members_pack, PUBLIC_REPORT, PUBLIC_PAGES, members_agenda) == (
        first,
        last,
    )
    assert check_report_pages(members_pack, EXEMPT_REPORT, EXEMPT_PAGES, members_agenda) == (
        last + 1,
        last + EXEMPT_PAGES,
    )

    # 8. Signed out, the public sees the agenda without the exempt item.
    main_menu(page).get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out")).to_be_visible()

    main_menu(page).get_by_role("link", name="Meetings", exact=True).click()
    expect(heading(page, "Meetings")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/meetings/$"))
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=MEETING_HEADING, exact=True)
    )
    expect(row.get_by_role("cell")).to_have_text(
        [MEETING_HEADING, PANEL_NAME, VENUE, "Agenda published"]
    )
    assert_accessible(page)

    row.get_by_role("link", name=MEETING_HEADING).click()
    expect(page).to_have_url(meeting_url)
    expect(heading(page, MEETING_HEADING)).to_be_visible()
    expect(main_menu(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(agenda_headings(page)).to_have_text(
        [f"{n}. {title}" for n, title in enumerate(public_order, start=1)]
    )
    expect(
        agenda_item(page, PUBLIC_REPORT).get_by_role(
            "link", name=f"{PUBLIC_DOCUMENT} (PDF, {PUBLIC_PAGES} pages)"
        )
    ).to_have_attribute("href", public_document_url or "")
    expect(page.get_by_text(EXEMPT_REPORT)).to_have_count(0)
    expect(page.get_by_text(EXEMPT_DOCUMENT)).to_have_count(0)
    assert "placement contract" not in page.content().lower()
    expect(page.get_by_role("link", name=re.compile("members' pack"))).to_have_count(0)
    expect(page.get_by_role("button", name="Add an item")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Upload document"))).to_have_count(0)
    assert_accessible(page)

    assert page.request.get(exempt_document_url).status == 404
    public_document = page.request.get(public_document_url)
    assert public_document.status == 200
    assert public_document.headers["content-type"] == "application/pdf"
    members_pack_as_public = page.request.get(members_pack_url)
    assert not members_pack_as_public.body().startswith(b"%PDF-")
    assert pdf_pages(page.request.get(public_pack_url)) == public_pack

    assert not findings, "The journey met problems in the app:\n" + "\n".join(findings)
