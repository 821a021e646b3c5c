"""Accessibility: the statement page, and officers told when a report they upload is untagged."""

from __future__ import annotations

import io

import pytest

from scrutiny.extensions import db
from scrutiny.services.files import pdfs
from scrutiny.services.files.simple_pdf import text_pdf
from tests.factories import AgendaItemFactory, MeetingFactory

TAGGED = pdfs.html_to_pdf(
    '<html lang="en-GB"><head><title>Budget</title></head><body><h1>Budget</h1></body></html>'
)


def test_the_statement_is_linked_from_every_page_and_gives_the_councils_contact(app, client):
    app.config["SCRUTINY_ACCESSIBILITY_CONTACT_EMAIL"] = "access@example.gov.uk"
    try:
        home = client.get("/").get_data(as_text=True)
        assert 'href="/accessibility">Accessibility statement</a>' in home
        page = client.get("/accessibility").get_data(as_text=True)
    finally:
        app.config["SCRUTINY_ACCESSIBILITY_CONTACT_EMAIL"] = "democratic.services@example.org"
    for section in (
        "Accessibility statement for Scrutiny",
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website",
        "Compliance status",
        "Non-accessible content",
        "What we",
        "Preparation of this accessibility statement",
    ):
        assert section in page
    assert "mailto:access@example.gov.uk" in page
    assert "WCAG" in page and "26 November 2026" in page


@pytest.fixture
def item(clock):
    meeting = MeetingFactory(status="published", published_at=clock.now)
    made = AgendaItemFactory(meeting=meeting, title="Month 9 budget")
    db.session.commit()
    return made


def _upload(client, item, data: bytes, title: str):
    return client.post(
        f"/meetings/{item.meeting.id}/items/{item.id}/documents/new",
        data={
            "title": title,
            "version": item.meeting.version,
            "file": (io.BytesIO(data), f"{title}.pdf"),
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)


def test_officers_are_warned_about_an_untagged_report_and_see_which_are_tagged(
    item, client, client_as
):
    officer = client_as("officer")
    page = _upload(officer, item, text_pdf("Scanned", 2), "Scanned budget")
    assert "Document uploaded" in page
    assert "Scanned budget is not a tagged PDF" in page
    assert "Untagged PDF" in page

    page = _upload(officer, item, TAGGED, "Tagged budget")
    assert "Tagged budget is not a tagged PDF" not in page
    assert "Tagged PDF" in page

    public = client.get(f"/meetings/{item.meeting.id}").get_data(as_text=True)
    assert "Scanned budget (PDF, 2 pages)" in public and "Tagged budget" in public
    assert "Untagged PDF" not in public and "Tagged PDF" not in public
    assert "Each report can be downloaded on its own" in public
