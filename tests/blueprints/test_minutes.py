"""Minutes pages: who may write and see them, nothing exempt leaks, the decision list."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import Minute
from scrutiny.services import minutes
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
)
from tests.pdf_checks import assert_accessible

ROLES = ["anonymous", "admin", "officer", "councillor", "owner", "executive"]


def _text(response) -> str:
    return response.get_data(as_text=True)


def _client(role, client, client_as):
    return client if role == "anonymous" else client_as(role)


@pytest.fixture
def minuted(clock):
    """A held meeting with a public and an exempt minute, published as draft."""
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel", minute_prefix="CAY")
    member = MembershipFactory(
        committee=panel, role="chairman", user=UserFactory(name="Wendy Griggs")
    )
    meeting = MeetingFactory(
        committee=panel, status="held", starts_at=datetime(2026, 6, 11, 9, tzinfo=UTC)
    )
    AgendaItemFactory(meeting=meeting, title="Music Service", position=10)
    AgendaItemFactory(
        meeting=meeting,
        title="Secret contract",
        position=20,
        exempt=True,
        exempt_paragraph=3,
        exempt_reason="Commercial",
    )
    minutes.record_attendance(
        db.session,
        meeting,
        member_kinds={member.user_id: "present"},
        substitutes=[],
        officers=[],
        commenced=None,
        concluded=None,
        expected_version=None,
    )
    officer = UserFactory(roles=["officer"])
    public, secret = minutes.start_minutes(db.session, meeting, expected_version=None)
    for minute, text in (
        (public, "recommend the tri-LA shared service"),
        (secret, "award the contract to Acme Care"),
    ):
        minutes.update_minute(
            db.session,
            minute,
            narrative=f"Narrative: {text}",
            discussion="",
            outcome_kind="resolved",
            outcome_text="that",
            parts=[text],
            user=officer,
            expected_version=None,
        )
    minutes.create_recommendation(
        db.session,
        public.parts[0],
        text="Approve the shared service",
        addressed_to="The Executive",
        user=officer,
    )
    minutes.add_declaration(
        db.session,
        meeting,
        user_id=member.user_id,
        item_id=secret.agenda_item_id,
        kind="other_registrable",
        text="Trustee of Acme Care",
    )
    meeting.minutes_published_at = clock.now
    db.session.commit()
    return {"meeting": meeting, "panel": panel, "member": member.user}


@pytest.mark.parametrize("role", ROLES)
def test_published_minutes_are_public_but_exempt_minutes_are_not(role, minuted, client, client_as):
    page = _text(_client(role, client, client_as).get(f"/meetings/{minuted['meeting'].id}/minutes"))
    assert "CAY 1 Music Service" in page
    assert "recommend the tri-LA shared service" in page
    staff = role in {"admin", "officer"}
    assert ("Acme Care" in page) == staff
    assert ("Edit minute CAY 1" in page) == staff


@pytest.mark.parametrize("role", ["anonymous", "councillor", "owner"])
def test_minutes_pdf_leaves_exempt_minutes_out_for_the_public(role, minuted, client, client_as):
    response = _client(role, client, client_as).get(
        f"/meetings/{minuted['meeting'].id}/minutes.pdf"
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "CAY 1 Music Service" in text
    assert "Acme Care" not in text
    assert "Chairman" in text


def test_unpublished_draft_minutes_are_hidden_from_the_public(minuted, client, client_as):
    meeting = minuted["meeting"]
    meeting.minutes_published_at = None
    db.session.commit()
    assert client.get(f"/meetings/{meeting.id}/minutes").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/minutes.pdf").status_code == 404
    assert client_as("officer").get(f"/meetings/{meeting.id}/minutes").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_write_minutes(role, minuted, client, client_as):
    visitor = _client(role, client, client_as)
    minute = db.session.query(Minute).first()
    before = minute.narrative
    response = visitor.post(
        f"/meetings/{minuted['meeting'].id}/minutes/{minute.id}/edit",
        data={
            "narrative": "Vandalised",
            "outcome_kind": "none",
            "parts": "recommend the tri-LA shared service",
            "version": minute.version,
        },
    )
    db.session.refresh(minute)
    if role in {"admin", "officer"}:
        assert minute.narrative == "Vandalised"
    else:
        assert response.status_code in {302, 403}
        assert minute.narrative == before
    for path in ("attendance",):
        status = visitor.get(f"/meetings/{minuted['meeting'].id}/{path}").status_code
        assert status == (
            200 if role in {"admin", "officer"} else 302 if role == "anonymous" else 403
        )


def test_approving_twice_is_refused_and_changes_nothing(minuted, client_as, clock):
    officer = client_as("officer")
    later = MeetingFactory(
        committee=minuted["panel"], status="held", starts_at=datetime(2026, 6, 14, 9, tzinfo=UTC)
    )
    page = _text(officer.get(f"/meetings/{later.id}/minutes"))
    assert "awaiting approval at this meeting" in page
    url = f"/meetings/{later.id}/minutes/approve"
    response = officer.post(url, data={"previous_id": minuted["meeting"].id}, follow_redirects=True)
    assert "were approved as a correct record" in _text(response)
    again = officer.post(url, data={"previous_id": minuted["meeting"].id}, follow_redirects=True)
    assert "These minutes have already been approved" in _text(again)
    page = _text(officer.get(f"/meetings/{minuted['meeting'].id}/minutes"))
    assert "Approved as a correct record at the meeting of" in page
    assert "Edit minute" not in page


def test_decision_list_is_searchable_and_public_only_shows_public_items(minuted, client, client_as):
    page = _text(client.get("/decisions?q=shared+service"))
    assert "CAY 1 Music Service" in page
    assert "Secret contract" not in _text(client.get("/decisions"))
    assert "Secret contract" in _text(client_as("officer").get("/decisions"))
    recs = _text(client.get("/decisions?kind=recommendation"))
    assert "CAY 1 Music Service" in recs
    none = _text(client.get("/decisions?committee=cyps-panel&from=2027-01-01"))
    assert "No decisions match" in none


def test_member_profile_lists_declarations_but_not_on_exempt_items_publicly(
    minuted, client, client_as
):
    url = f"/committees/members/{minuted['member'].id}"
    assert "Trustee of Acme Care" not in _text(client.get(url))
    assert "CYPS Panel" in _text(client.get(url))
    assert "Trustee of Acme Care" in _text(client_as("officer").get(url))


def test_attendance_form_keeps_choices_and_explains_missing_answers(minuted, client_as):
    officer = client_as("officer")
    meeting = MeetingFactory(
        committee=minuted["panel"], status="held", starts_at=datetime(2026, 6, 14, 9, tzinfo=UTC)
    )
    page = _text(
        officer.post(
            f"/meetings/{meeting.id}/attendance",
            data={
                "version": meeting.version,
                "officers": "Sheila Smith (Children's Services)",
                "commenced": "25:00",
            },
        )
    )
    assert "There is a problem" in page
    assert "Enter a time like 10.05am" in page
    assert "Sheila Smith (Children&#39;s Services)" in page


def test_the_minutes_pdf_is_tagged_for_screen_readers(minuted, client):
    data = client.get(f"/meetings/{minuted['meeting'].id}/minutes.pdf").data
    assert_accessible(data, title="Minutes – CYPS Panel")
