"""Minutes pages: who may write and see them, nothing exempt leaks, the decision list."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import Minute, Recommendation
from scrutiny.services.minutes import minute_numbering, minutes, minutes_attendance
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
    minutes_attendance.record_attendance(
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
    public, secret = minute_numbering.start_minutes(db.session, meeting, expected_version=None)
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
    minutes_attendance.add_declaration(
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


def test_a_part_with_a_recommendation_links_to_it_instead_of_offering_another(minuted, client_as):
    officer = client_as("officer")
    meeting = minuted["meeting"]
    page = _text(officer.get(f"/meetings/{meeting.id}/minutes"))
    public = minutes.minutes_of(db.session, meeting)[0]
    part = public.parts[0]
    rec = minutes.recommendation_from(db.session, part)
    assert page.count("Create a recommendation") == 1  # only the exempt minute's part
    assert f"/recommendations/{rec.id}" in page

    again = officer.get(f"/meetings/{meeting.id}/parts/{part.id}/recommendation")
    assert again.status_code == 302
    assert again.headers["Location"].endswith(f"/recommendations/{rec.id}")
    posted = officer.post(
        f"/meetings/{meeting.id}/parts/{part.id}/recommendation",
        data={"text": "Again", "addressed_to": "The Executive"},
    )
    assert posted.status_code == 302
    assert db.session.query(Recommendation).count() == 1


def test_the_recommendation_form_is_prefilled_without_list_joiners(minuted, client_as):
    officer = client_as("officer")
    meeting = minuted["meeting"]
    secret = minutes.minutes_of(db.session, meeting)[1]
    secret.parts[0].text = "the Panel recommend the contract go to tender; and that"
    db.session.commit()
    page = _text(officer.get(f"/meetings/{meeting.id}/parts/{secret.parts[0].id}/recommendation"))
    assert "The Panel recommend the contract go to tender.</textarea>" in page
    assert "; and that</textarea>" not in page


def test_minutes_page_offers_minutes_for_items_added_after_they_were_started(
    minuted, client_as, clock
):
    officer = client_as("officer")
    meeting = minuted["meeting"]
    late = AgendaItemFactory(meeting=meeting, title="Storm damage", position=30)
    db.session.commit()
    page = _text(officer.get(f"/meetings/{meeting.id}/minutes"))
    assert "no minute yet" in page and "Storm damage" in page
    officer.post(f"/meetings/{meeting.id}/minutes/missing", data={"version": meeting.version})
    page = _text(officer.get(f"/meetings/{meeting.id}/minutes"))
    assert "CAY 2 Storm damage" in page and "CAY 3 Secret contract" in page  # Part 2 last
    assert late.id in {m.agenda_item_id for m in minutes.minutes_of(db.session, meeting)}


def test_all_members_present_and_co_opted_members_under_their_own_headings(client_as):
    panel = CommitteeFactory(minute_prefix="CAY")
    chair = MembershipFactory(committee=panel, role="chairman", user=UserFactory(name="Ann Bee"))
    member = MembershipFactory(committee=panel, role="member", user=UserFactory(name="Cy Dee"))
    coopted = MembershipFactory(
        committee=panel, role="added_member", user=UserFactory(name="Claire Hudson")
    )
    speaker = MembershipFactory(
        committee=panel, role="right_to_speak", user=UserFactory(name="Fiona Waters")
    )
    meeting = MeetingFactory(
        committee=panel, status="held", starts_at=datetime(2026, 6, 11, 9, tzinfo=UTC)
    )
    db.session.commit()
    officer = client_as("officer")
    form = _text(officer.get(f"/meetings/{meeting.id}/attendance"))
    assert "All members present" in form
    for heading, name in (
        ("Councillors", "Ann Bee"),
        ("Co-opted members", "Claire Hudson"),
        ("Members with a right to speak", "Fiona Waters"),
    ):
        assert form.index(heading) < form.index(name)
    assert form.index("Co-opted members") > form.index("Cy Dee")

    response = officer.post(
        f"/meetings/{meeting.id}/attendance",
        data={
            "version": meeting.version,
            "all_present": "y",
            f"member_{member.user_id}": "apologies",
        },
    )
    assert response.status_code == 302
    kinds = {a.user_id: a.kind for a in minutes_attendance.attendance(db.session, meeting)}
    assert kinds == {
        chair.user_id: "present",
        member.user_id: "apologies",
        coopted.user_id: "present",
        speaker.user_id: "present",
    }
    page = _text(officer.get(f"/meetings/{meeting.id}/minutes"))
    assert "<strong>Councillors:</strong></p>\n  <p>Ann Bee (Chairman)</p>" in page
    assert "<strong>Co-opted members:</strong></p>\n  <p>Claire Hudson</p>" in page
    assert "<strong>Members with a right to speak:</strong></p>\n  <p>Fiona Waters</p>" in page
    pdf = PdfReader(io.BytesIO(officer.get(f"/meetings/{meeting.id}/minutes.pdf").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Co-opted members:" in text and "Members with a right to speak:" in text


def test_the_minutes_pdf_is_tagged_for_screen_readers(minuted, client):
    data = client.get(f"/meetings/{minuted['meeting'].id}/minutes.pdf").data
    assert_accessible(data, title="Minutes – CYPS Panel")
