"""Feeds (Atom and RSS, read back with feedparser), iCal events and public email alerts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import feedparser
import pytest
from sqlalchemy import select

from scrutiny.extensions import db
from scrutiny.models.minutes import Minute, OutcomePart
from scrutiny.models.outbox import OutboxMessage
from scrutiny.models.recommendations import Recommendation, RecommendationResponse
from scrutiny.services.jobs import notifications
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, UserFactory


@pytest.fixture
def world(clock):
    """A panel with a published agenda (one Part 2 item), published minutes with a decision on
    a public and on an exempt item, and a public and a restricted executive response."""
    panel = CommitteeFactory(name="Health Panel", slug="health", minute_prefix="HEA")
    other = CommitteeFactory(name="Audit Committee", slug="audit")
    agenda = MeetingFactory(
        committee=panel, status="published", published_at=clock.now, venue="Town Hall"
    )
    AgendaItemFactory(meeting=agenda, title="Dental access report")
    AgendaItemFactory(meeting=agenda, title="Secret land deal", exempt=True, exempt_paragraph=3)
    held = MeetingFactory(
        committee=panel,
        status="minutes_draft",
        starts_at=datetime(2026, 5, 1, 9, tzinfo=UTC),
        minutes_published_at=clock.now,
    )
    public_item = AgendaItemFactory(meeting=held, title="GP surgeries")
    exempt_item = AgendaItemFactory(
        meeting=held, title="Contract award", exempt=True, exempt_paragraph=3
    )
    for number, item, text in (
        (1, public_item, "Ask the ICB for figures"),
        (2, exempt_item, "Award the contract to Acme"),
    ):
        minute = Minute(
            meeting_id=held.id,
            agenda_item_id=item.id,
            committee_id=panel.id,
            year_start=date(2026, 5, 1),
            number=number,
            narrative="",
            outcome_kind="resolved",
        )
        db.session.add(minute)
        db.session.flush()
        db.session.add(OutcomePart(minute_id=minute.id, meeting_id=held.id, position=1, text=text))
    responder = UserFactory(roles=["executive"])
    recs = {}
    for ref, restricted in (("HEA R1", False), ("HEA R2", True)):
        rec = Recommendation(
            reference=ref,
            text=f"Text of {ref}",
            addressed_to="The Executive",
            committee_id=panel.id,
            restricted=restricted,
        )
        db.session.add(rec)
        db.session.flush()
        db.session.add(
            RecommendationResponse(
                recommendation_id=rec.id,
                kind="accepted",
                text=f"Answer to {ref}",
                responder_id=responder.id,
                entered_by_id=responder.id,
                submitted_at=clock.now,
            )
        )
        recs[ref] = rec
    db.session.commit()
    return {"panel": panel, "other": other, "agenda": agenda, "held": held, "recs": recs}


def _feed(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"].count("charset") == 1
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_feeds_carry_public_content_only(client, world, fmt):
    response, agendas = _feed(client, f"/feeds/agendas.{fmt}")
    assert response.mimetype == f"application/{fmt}+xml"
    [entry] = agendas.entries
    assert entry.title.startswith("Agenda: Health Panel")
    assert entry.link.endswith(f"/meetings/{world['agenda'].id}")
    assert "Dental access report" in entry.summary
    assert "Secret land deal" not in response.get_data(as_text=True)

    _, minutes = _feed(client, f"/committees/health/feeds/minutes.{fmt}")
    assert [e.link for e in minutes.entries] == [
        f"https://scrutiny.council.example/meetings/{world['held'].id}/minutes"
    ]
    response, decisions = _feed(client, f"/feeds/decisions.{fmt}")
    assert [e.title.split(":")[0] for e in decisions.entries] == ["HEA 1"]
    assert "Ask the ICB for figures" in decisions.entries[0].summary
    assert "Acme" not in response.get_data(as_text=True)

    response, responses = _feed(client, f"/committees/health/feeds/responses.{fmt}")
    assert [e.title for e in responses.entries] == ["HEA R1: Accepted"]
    assert "HEA R2" not in response.get_data(as_text=True)

    _, empty = _feed(client, f"/committees/audit/feeds/agendas.{fmt}")
    assert empty.entries == []
    assert client.get(f"/feeds/nonsense.{fmt}").status_code == 404


def test_ical_events_have_description_link_and_one_charset(client, world):
    response = client.get("/committees/health/meetings.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.get_data(as_text=True).replace("\r\n ", "").replace("\\,", ",")
    link = f"https://scrutiny.council.example/meetings/{world['agenda'].id}"
    assert f"URL:{link}" in body
    assert "DESCRIPTION:Meeting of Health Panel.\\nThe agenda is published." in body
    assert f"Agenda, papers and minutes: {link}" in body


def _messages(to=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.recipient == to)
    return list(db.session.scalars(query))


def _link(message, kind):
    return re.search(
        rf"https://scrutiny\.council\.example(/alerts/{kind}/\S+)", message.body_text
    ).group(1)


def _subscribe(client, email, scope):
    response = client.post("/alerts", data={"email": email, "scope": scope})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert email not in response.get_data(as_text=True)


def test_double_opt_in_alerts_once_per_event_and_one_click_unsubscribe(client, world, clock):
    page = client.get("/alerts").get_data(as_text=True)
    assert "Agendas and minutes of Health Panel" in page and "/feeds/agendas.atom" in page
    _subscribe(client, "Resident@Example.org", "health")
    [confirmation] = _messages("resident@example.org")
    assert confirmation.subject == "Confirm your email alerts"

    notifications.agenda_published(db.session, world["agenda"], clock.now)
    db.session.commit()
    assert len(_messages("resident@example.org")) == 1  # nothing before confirming

    confirm = _link(confirmation, "confirm")
    page = client.get(confirm).get_data(as_text=True)  # the link itself changes nothing
    assert "Start my alerts" in page and "resident@example.org" not in page.lower()
    assert "Your alerts have started" in client.post(confirm).get_data(as_text=True)

    for _ in range(2):  # the same event twice: one email
        notifications.agenda_published(db.session, world["agenda"], clock.now)
        db.session.commit()
    alerts_sent = _messages("resident@example.org")[1:]
    assert [m.subject[:26] for m in alerts_sent] == ["Agenda published: Health P"]
    assert f"/meetings/{world['agenda'].id}" in alerts_sent[0].body_text

    unsubscribe = _link(alerts_sent[0], "unsubscribe")
    assert "Unsubscribe" in client.get(unsubscribe).get_data(as_text=True)
    assert "You have unsubscribed" in client.post(unsubscribe).get_data(as_text=True)
    notifications.minutes_published(db.session, world["held"], clock.now)
    db.session.commit()
    assert len(_messages("resident@example.org")) == 2


def test_decision_alerts_skip_restricted_responses(client, world, clock):
    _subscribe(client, "watcher@example.org", "decisions")
    client.post(_link(_messages("watcher@example.org")[0], "confirm"))
    for ref in ("HEA R1", "HEA R2"):
        notifications.response_published(db.session, world["recs"][ref], clock.now)
    notifications.minutes_published(db.session, world["held"], clock.now)
    db.session.commit()
    subjects = [m.subject for m in _messages("watcher@example.org")[1:]]
    assert subjects[0] == "Executive response published: HEA R1"
    assert subjects[1].startswith("Minutes published: Health Panel")
    assert len(subjects) == 2


def test_confirmations_are_rate_limited_and_links_checked(client, world, clock):
    for _ in range(3):
        _subscribe(client, "target@example.org", "health")
    assert len(_messages("target@example.org")) == 1  # one an hour per address and scope
    clock.advance(hours=2)
    _subscribe(client, "target@example.org", "health")
    assert len(_messages("target@example.org")) == 2
    assert client.get("/alerts/confirm/forged").status_code == 404
    clock.advance(days=8)
    old = _link(_messages("target@example.org")[0], "confirm")
    assert client.post(old).status_code in (200, 404)
