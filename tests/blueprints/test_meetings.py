"""Meeting pages: who sees what, nothing exempt or unpublished leaks, forms keep input."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import AgendaItem, Meeting, ReportDocument
from scrutiny.services.files import documents
from scrutiny.services.files.simple_pdf import text_pdf
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
)
from tests.helpers import QueryCounter

ROLES = ["anonymous", "admin", "officer", "councillor", "owner", "executive"]


def _text(response) -> str:
    return response.get_data(as_text=True)


def _attach(item, title, pages=2, clock=None):
    document = documents.add_document(
        db.session,
        item,
        text_pdf(title, pages),
        filename=f"{title}.pdf",
        title=title,
        now=clock.now if clock else datetime(2026, 6, 1, tzinfo=UTC),
        user_id=None,
    )
    db.session.commit()
    return document


@pytest.fixture
def world(clock):
    """A panel with a draft meeting, and a published one with a public and an exempt paper."""
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    draft = MeetingFactory(
        committee=panel, status="draft", starts_at=datetime(2026, 11, 12, 10, tzinfo=UTC)
    )
    published = MeetingFactory(committee=panel, status="published", published_at=clock.now)
    public_item = AgendaItemFactory(meeting=published, title="Month 9 budget", position=10)
    secret_item = AgendaItemFactory(
        meeting=published,
        title="Placement contract",
        position=20,
        exempt=True,
        exempt_paragraph=3,
        exempt_reason="Commercial terms",
    )
    draft_item = AgendaItemFactory(meeting=draft, title="Draft report", position=10)
    return {
        "panel": panel,
        "draft": draft,
        "published": published,
        "public_doc": _attach(public_item, "Budget report", clock=clock),
        "secret_doc": _attach(secret_item, "Contract terms", clock=clock),
        "draft_doc": _attach(draft_item, "Draft paper", clock=clock),
        "secret_item": secret_item,
    }


def _client(role, client, client_as):
    return client if role == "anonymous" else client_as(role)


@pytest.mark.parametrize("role", ROLES)
def test_published_agenda_shows_exempt_items_only_to_staff(role, world, client, client_as):
    page = _text(_client(role, client, client_as).get(f"/meetings/{world['published'].id}"))
    assert "Month 9 budget" in page
    assert ("Placement contract" in page) == (role in {"admin", "officer"})
    assert ("members-pack.pdf" in page) == (role in {"admin", "officer"})


def test_a_councillor_on_the_committee_sees_part_2(world, client_as):
    councillor = client_as("councillor")
    MembershipFactory(committee=world["panel"], user=councillor.user)
    page = _text(councillor.get(f"/meetings/{world['published'].id}"))
    assert "Placement contract" in page
    response = councillor.get(f"/documents/{world['secret_doc'].id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["anonymous", "councillor", "owner", "executive"])
def test_guessing_urls_never_reveals_exempt_or_unpublished_papers(role, world, client, client_as):
    visitor = _client(role, client, client_as)
    assert visitor.get(f"/documents/{world['public_doc'].id}").status_code == 200
    for key in ("secret_doc", "draft_doc"):
        response = visitor.get(f"/documents/{world[key].id}")
        assert response.status_code == 404, key
        assert b"%PDF" not in response.data
    assert visitor.get(f"/meetings/{world['draft'].id}").status_code == 404
    assert visitor.get(f"/meetings/{world['draft'].id}/pack.pdf").status_code == 404
    assert visitor.get(f"/documents/{world['secret_doc'].id + 1000}").status_code == 404
    members_pack = visitor.get(f"/meetings/{world['published'].id}/members-pack.pdf")
    assert members_pack.status_code in {302, 403}
    assert b"%PDF" not in members_pack.data


def test_public_pack_leaves_out_exempt_items(world, client):
    response = client.get(f"/meetings/{world['published'].id}/pack.pdf")
    assert response.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Month 9 budget" in text
    assert "Placement contract" not in text and "Contract terms" not in text


def test_members_pack_includes_exempt_items_for_staff(world, client_as):
    officer = client_as("officer")
    response = officer.get(f"/meetings/{world['published'].id}/members-pack.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Placement contract" in text and "Contract terms" in text


def test_replaced_versions_are_for_staff_only(world, client, client_as, clock):
    officer = client_as("officer")
    old = world["public_doc"]
    response = officer.post(
        f"/meetings/{world['published'].id}/documents/{old.id}/replace",
        data={
            "title": "Budget report",
            "version": world["published"].version,
            "file": (io.BytesIO(text_pdf("Corrected", 2)), "corrected.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert client.get(f"/documents/{old.id}").status_code == 404
    assert officer.get(f"/documents/{old.id}").status_code == 200


def test_document_of_another_meeting_is_not_found(world, client_as):
    officer = client_as("officer")
    response = officer.get(
        f"/meetings/{world['draft'].id}/documents/{world['public_doc'].id}/replace"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_can_build_agendas(role, world, client, client_as):
    visitor = _client(role, client, client_as)
    meeting = world["draft"]
    before = db.session.query(AgendaItem).count()
    response = visitor.post(
        f"/meetings/{meeting.id}/items/new",
        data={"kind": "report", "title": "Sneaky item", "version": meeting.version},
    )
    allowed = role in {"admin", "officer"}
    assert db.session.query(AgendaItem).count() == before + (1 if allowed else 0)
    if not allowed:
        assert response.status_code in {302, 403}


@pytest.mark.parametrize(
    "path",
    [
        "/committees/cyps-panel/meetings/new",
        "/committees/cyps-panel/meetings/series",
        "/meetings/{draft.id}/edit",
        "/meetings/{draft.id}/publish",
        "/meetings/{draft.id}/cancel",
        "/meetings/{draft.id}/items/new",
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_management_pages_are_for_staff(path, role, world, client, client_as):
    response = _client(role, client, client_as).get(path.format(**world))
    expected = 200 if role in {"admin", "officer"} else (302 if role == "anonymous" else 403)
    assert response.status_code == expected


def test_new_meeting_form_rejects_bad_input_and_keeps_it(world, client_as):
    officer = client_as("officer")
    response = officer.post(
        "/committees/cyps-panel/meetings/new",
        data={
            "meeting_date": ["30", "2", "2027"],
            "start_time": "25:99",
            "venue": "Town Hall",
            "formal": "formal",
        },
    )
    page = _text(response)
    assert "There is a problem" in page
    assert "Date must be a real date" in page
    assert "Enter a time like 10:00 or 2.30pm" in page
    assert 'value="Town Hall"' in page
    past = _text(
        officer.post(
            "/committees/cyps-panel/meetings/new",
            data={
                "meeting_date": ["1", "1", "2026"],
                "start_time": "10:00",
                "venue": "Town Hall",
                "formal": "formal",
            },
        )
    )
    assert "The meeting must be in the future" in past
    assert db.session.query(Meeting).count() == 2


def test_uploading_a_non_pdf_is_refused_with_a_message(world, client_as):
    officer = client_as("officer")
    item = world["secret_item"]
    before = db.session.query(ReportDocument).count()
    response = officer.post(
        f"/meetings/{world['published'].id}/items/{item.id}/documents/new",
        data={
            "title": "Evil",
            "version": world["published"].version,
            "file": (io.BytesIO(b"<script>alert(1)</script>"), "evil.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert "The file must be a PDF or a Word (.docx) document" in _text(response)
    assert db.session.query(ReportDocument).count() == before


def test_a_second_officer_editing_the_same_agenda_is_asked_to_reload(world, client_as):
    first, second = client_as("officer"), client_as("officer")
    meeting = world["draft"]
    opened = meeting.version
    assert (
        first.post(
            f"/meetings/{meeting.id}/items/new",
            data={"kind": "report", "title": "First officer's item", "version": opened},
        ).status_code
        == 302
    )
    page = _text(
        second.post(
            f"/meetings/{meeting.id}/items/new",
            data={"kind": "report", "title": "Second officer's item", "version": opened},
        )
    )
    assert "Someone else changed this agenda while you were editing it" in page
    assert 'value="Second officer&#39;s item"' in page
    titles = [i.title for i in db.session.query(AgendaItem).filter_by(meeting_id=meeting.id)]
    assert "Second officer's item" not in titles


def test_publishing_late_asks_for_the_reason(client_as, clock):
    officer = client_as("officer")
    meeting = MeetingFactory(status="scheduled", starts_at=datetime(2026, 6, 19, 9, tzinfo=UTC))
    AgendaItemFactory(meeting=meeting)
    page = _text(officer.get(f"/meetings/{meeting.id}/publish"))
    assert "The deadline has passed" in page
    page = _text(officer.post(f"/meetings/{meeting.id}/publish", data={"version": meeting.version}))
    assert "give the reason the agenda is late" in page
    response = officer.post(
        f"/meetings/{meeting.id}/publish",
        data={"version": meeting.version, "late_reason": "Chairman agreed: Ofsted letter"},
        follow_redirects=True,
    )
    page = _text(response)
    assert "The agenda has been published" in page
    assert "after the deadline. Reason: Chairman agreed: Ofsted letter" in page


def test_meetings_list_filters_by_committee_and_dates(world, client):
    other = CommitteeFactory(name="Health Panel", slug="health")
    MeetingFactory(
        committee=other, status="scheduled", starts_at=datetime(2026, 10, 1, 9, tzinfo=UTC)
    )
    table = _text(client.get("/meetings/?committee=health")).split("<table")[1]
    assert "Health Panel" in table and "CYPS Panel" not in table
    table = _text(client.get("/meetings/?from=2026-09-01&to=2026-09-30")).split("<table")[1]
    assert "CYPS Panel" in table and "Health Panel" not in table
    page = _text(client.get("/meetings/?from=2026-13-45"))
    assert "The &#39;from&#39; date must be a real date" in page


def test_ical_feed_lists_meetings_but_not_drafts(world, client):
    response = client.get("/committees/cyps-panel/meetings.ics")
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:CYPS Panel" in body
    assert "DTSTART:20260914T090000Z" in body
    assert f"/meetings/{world['published'].id}" in body.replace("\r\n ", "")


def test_agenda_page_queries_stay_flat_as_items_grow(client_as, clock):
    officer = client_as("officer")
    meeting = MeetingFactory(status="published", published_at=clock.now)

    def grow(count):
        for _ in range(count):
            _attach(AgendaItemFactory(meeting=meeting), "Paper", pages=1, clock=clock)

    grow(5)
    with QueryCounter() as few:
        assert officer.get(f"/meetings/{meeting.id}").status_code == 200
    grow(45)
    with QueryCounter() as many:
        page = _text(officer.get(f"/meetings/{meeting.id}"))
    assert page.count("app-agenda__item") == 50
    assert many.count == few.count


def test_committee_page_offers_officers_a_new_meeting(world, client_as, client):
    assert "Add a meeting" in _text(client_as("officer").get("/committees/cyps-panel"))
    assert "Add a meeting" not in _text(client.get("/committees/cyps-panel"))


def test_a_cached_pack_is_rebuilt_when_the_membership_changes(world, client):
    url = f"/meetings/{world['published'].id}/pack.pdf"
    before = client.get(url).data
    MembershipFactory(committee=world["panel"], role="chairman", user__name="Wendy Griggs")
    after = client.get(url).data
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(after)).pages)
    assert before != after
    assert "Wendy Griggs (Chairman)" in text


def test_a_published_agenda_cannot_be_reordered(world, client_as):
    officer = client_as("officer")
    meeting = world["published"]
    item = db.session.query(AgendaItem).filter_by(meeting_id=meeting.id, exempt=False).first()
    response = officer.post(
        f"/meetings/{meeting.id}/items/{item.id}/move",
        data={"direction": "down", "version": meeting.version},
        follow_redirects=True,
    )
    assert "A published agenda cannot be reordered" in _text(response)


def test_removing_a_document_asks_first_and_only_before_publication(world, client_as):
    officer = client_as("officer")
    draft, published = world["draft"], world["published"]
    draft_doc_id = world["draft_doc"].id
    agenda_page = _text(officer.get(f"/meetings/{draft.id}"))
    remove_url = f"/meetings/{draft.id}/documents/{draft_doc_id}/remove"
    assert remove_url in agenda_page
    confirm = _text(officer.get(remove_url))
    assert "Remove the document &#39;Draft paper&#39;?" in confirm
    assert "govuk-warning-text" in confirm and "No, keep it" in confirm
    assert (
        db.session.get(ReportDocument, world["draft_doc"].id) is not None
    )  # asking changes nothing

    officer.post(remove_url, data={"version": draft.version})
    db.session.expire_all()
    assert db.session.get(ReportDocument, draft_doc_id) is None

    published_page = _text(officer.get(f"/meetings/{published.id}"))
    assert f"/documents/{world['public_doc'].id}/remove" not in published_page
    assert "Supersede" in published_page
    officer.post(
        f"/meetings/{published.id}/documents/{world['public_doc'].id}/remove",
        data={"version": published.version},
    )
    assert db.session.get(ReportDocument, world["public_doc"].id) is not None


def test_removing_an_agenda_item_asks_for_confirmation(world, client_as):
    officer = client_as("officer")
    draft = world["draft"]
    item = AgendaItemFactory(meeting=draft, title="Wrong report", position=20)
    db.session.commit()
    item_id = item.id
    url = f"/meetings/{draft.id}/items/{item_id}/remove"
    assert url in _text(officer.get(f"/meetings/{draft.id}"))
    confirm = _text(officer.get(url))
    assert "Remove &#39;Wrong report&#39; from the agenda?" in confirm
    assert db.session.get(AgendaItem, item_id) is not None
    officer.post(url, data={"version": draft.version})
    db.session.expire_all()
    assert db.session.get(AgendaItem, item_id) is None
