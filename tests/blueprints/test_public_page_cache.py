"""Public pages for visitors not signed in: cached whole, revalidated with ETag and
Last-Modified, never stale after a change, never showing exempt content to the wrong person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scrutiny.extensions import db
from scrutiny.models import DecisionRecord
from scrutiny.services.core import table_changes
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
)
from tests.helpers import Statements


@pytest.fixture
def meeting(clock):
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    found = MeetingFactory(
        committee=panel,
        status="published",
        published_at=clock.now,
        starts_at=clock.now + timedelta(days=14),
    )
    AgendaItemFactory(meeting=found, title="Month 9 budget", position=10)
    AgendaItemFactory(
        meeting=found,
        title="Placement contract",
        position=20,
        exempt=True,
        exempt_paragraph=3,
        exempt_reason="Commercial terms",
    )
    db.session.commit()
    return found


def test_a_second_visit_is_served_from_the_cache_without_reading_the_agenda(meeting, client):
    url = f"/meetings/{meeting.id}"
    first = client.get(url)
    assert "Month 9 budget" in first.get_data(as_text=True)
    with Statements() as statements:
        second = client.get(url)
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    # answered in front of the application: only the stamps, read on a connection of its own
    assert statements.seen == []
    assert second.headers["Cache-Control"] == "no-cache"
    assert "Cookie" in second.headers["Vary"]
    # the security headers are kept with the page
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert second.headers["X-Frame-Options"] == "DENY"


def test_a_visitor_with_a_cookie_gets_the_kept_page_through_the_application(meeting, client):
    url = f"/meetings/{meeting.id}"
    first = client.get(url)
    client.set_cookie("session", "not-signed-in")  # e.g. after opening a form, then leaving
    with Statements() as statements:
        second = client.get(url)
    assert second.get_data() == first.get_data()
    selects = [s for s in statements.seen if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1 and "FROM table_changes" in selects[0]  # one small query
    assert second.headers["X-Frame-Options"] == "DENY"


def test_a_head_request_gets_the_kept_headers_without_a_body(meeting, client):
    first = client.get(f"/meetings/{meeting.id}")
    head = client.head(f"/meetings/{meeting.id}")
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == first.headers["ETag"]
    assert head.headers["Content-Type"] == "text/html; charset=utf-8"


def test_conditional_requests_get_304_until_the_page_changes(meeting, client):
    first = client.get(f"/meetings/{meeting.id}")
    tag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert tag.startswith('W/"')
    again = client.get(f"/meetings/{meeting.id}", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == tag
    since = client.get(f"/meetings/{meeting.id}", headers={"If-Modified-Since": modified})
    assert since.status_code == 304

    meeting.items[0].title = "Month 9 budget (revised)"
    db.session.commit()
    changed = client.get(f"/meetings/{meeting.id}", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert "Month 9 budget (revised)" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != tag


def test_any_change_to_what_the_page_shows_is_seen_at_once(meeting, client):
    client.get(f"/meetings/{meeting.id}")
    meeting.committee.name = "Children and Young People's Services Policy and Scrutiny Panel"
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Children and Young People&#39;s Services Policy and Scrutiny Panel" in page

    meeting.venue = "New Council Chamber"
    db.session.commit()
    assert "New Council Chamber" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_exempt_items_never_reach_the_public_through_the_cache(meeting, client, client_as):
    member = client_as("councillor")
    MembershipFactory(committee=meeting.committee, user=member.user)
    db.session.commit()
    seen_by_member = member.get(f"/meetings/{meeting.id}")
    assert "Placement contract" in seen_by_member.get_data(as_text=True)
    assert seen_by_member.headers["Cache-Control"] == "no-store"
    assert "ETag" not in seen_by_member.headers

    public = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Month 9 budget" in public and "Placement contract" not in public
    # ...and a member signed in after a visitor never gets the visitor's cached page
    assert "Placement contract" in member.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    meeting.items[1].exempt = False  # released into Part 1 by an officer
    db.session.commit()
    assert "Placement contract" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_the_meetings_list_moves_a_meeting_to_the_past_when_it_starts(meeting, client, clock):
    link = f'href="/meetings/{meeting.id}"'
    clock.advance(days=14, hours=-1)  # the morning of the meeting
    assert link in client.get("/meetings/").get_data(as_text=True)
    clock.advance(hours=2)  # the same day, the meeting has begun: nothing was written
    assert link not in client.get("/meetings/").get_data(as_text=True)
    assert link in client.get("/meetings/?when=past").get_data(as_text=True)


def _fresh(app, client, url):
    app.config["SCRUTINY_PAGE_CACHE"] = False
    try:
        return client.get(url).get_data(as_text=True)
    finally:
        app.config["SCRUTINY_PAGE_CACHE"] = True


@pytest.mark.parametrize("url", ["/meetings/", "/meetings/?when=past"])
def test_around_a_meeting_start_the_kept_page_is_the_page_as_rendered_then(
    meeting, client, clock, app, url
):
    """Just before, at the very moment and just after a meeting starts, the page a visitor
    gets is the one the application would render then (a page rendered at the exact moment
    is kept apart from both sides)."""
    client.get(url)
    for moment in (
        meeting.starts_at - timedelta(microseconds=1),
        meeting.starts_at,
        meeting.starts_at + timedelta(microseconds=1),
    ):
        clock.now = moment
        assert client.get(url).get_data(as_text=True) == _fresh(app, client, url)
        assert client.get(url).get_data(as_text=True) == _fresh(app, client, url)


def test_a_page_showing_today_changes_at_midnight(meeting, client, clock):
    first = client.get(f"/meetings/{meeting.id}")
    clock.advance(days=1)
    after_midnight = client.get(
        f"/meetings/{meeting.id}", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert after_midnight.status_code == 200
    assert after_midnight.headers["ETag"] != first.headers["ETag"]


def test_the_decision_page_shows_the_call_in_period_closing(client, clock):
    committee = CommitteeFactory(name="Executive", slug="executive", kind="executive")
    record = DecisionRecord(
        committee=committee,
        title="Close the Weston depot",
        maker_kind="executive",
        maker="The Executive",
        decision="To close the depot.",
        decided_on=clock.now.date(),
        published_at=clock.now,
        call_in_closes_at=clock.now + timedelta(hours=2),
    )
    db.session.add(record)
    db.session.commit()
    assert "Open to call-in until" in client.get(f"/executive-decisions/{record.id}").get_data(
        as_text=True
    )
    clock.advance(hours=2)
    page = client.get(f"/executive-decisions/{record.id}").get_data(as_text=True)
    assert "Call-in period ended" in page
    listing = client.get("/executive-decisions").get_data(as_text=True)
    assert "Call-in period ended" in listing


def test_signed_in_people_and_waiting_messages_bypass_the_cache(meeting, client, client_as):
    officer = client_as("officer")
    page = officer.get(f"/meetings/{meeting.id}")
    assert "ETag" not in page.headers
    assert officer.user.name in page.get_data(as_text=True)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Subscribed to alerts")]
    flashed = client.get(f"/meetings/{meeting.id}")
    assert "Subscribed to alerts" in flashed.get_data(as_text=True)
    assert "ETag" not in flashed.headers
    assert "Subscribed to alerts" not in client.get(f"/meetings/{meeting.id}").get_data(
        as_text=True
    )


def test_a_404_is_never_cached(meeting, client):
    assert client.get(f"/meetings/{meeting.id + 100}").status_code == 404
    assert "ETag" not in client.get(f"/meetings/{meeting.id + 100}").headers


def test_committing_a_write_stamps_its_tables_and_a_rollback_does_not(meeting):
    before = table_changes.read(db.session)
    meeting.venue = "Somewhere else"
    db.session.rollback()
    assert table_changes.read(db.session).tokens == before.tokens
    meeting.venue = "Somewhere else"
    db.session.commit()
    after = table_changes.read(db.session)
    assert after.tokens["meetings"] != before.tokens["meetings"]
    assert after.tokens["agenda_items"] == before.tokens["agenda_items"]
    assert after.last_changed(["meetings"]) >= before.last_changed(["meetings"])


def test_the_cache_can_be_switched_off(meeting, client, app):
    app.config["SCRUTINY_PAGE_CACHE"] = False
    try:
        assert "ETag" not in client.get(f"/meetings/{meeting.id}").headers
    finally:
        app.config["SCRUTINY_PAGE_CACHE"] = True


def test_stamps_use_the_one_clock(meeting, clock):
    clock.advance(minutes=5)
    meeting.venue = "Clocked"
    db.session.commit()
    assert table_changes.read(db.session).last_changed(["meetings"]) == clock.now


def test_if_the_front_cannot_answer_the_application_does(meeting, client, monkeypatch, caplog):
    url = f"/meetings/{meeting.id}"
    client.get(url)

    def broken(engine):
        raise RuntimeError("stamps unavailable")

    monkeypatch.setattr(table_changes, "read_directly", broken)
    page = client.get(url)
    assert page.status_code == 200 and "Month 9 budget" in page.get_data(as_text=True)
    assert "Page front failed" in caplog.text


def test_a_page_holding_a_form_token_is_never_kept(app):
    """A CSRF token belongs to one visitor's session: a page rendered with one is not kept."""
    from flask import Response
    from flask_wtf.csrf import generate_csrf

    from scrutiny.blueprints.page_cache import _keepable

    with app.test_request_context("/meetings/"):
        assert _keepable(Response("a page"))
    with app.test_request_context("/meetings/", headers={"Cookie": "session=x"}):
        from flask import session

        session["csrf_token"] = "already there"  # a visitor who opened a form earlier
        session.modified = False
        generate_csrf()
        assert not _keepable(Response("a page with a form"))
