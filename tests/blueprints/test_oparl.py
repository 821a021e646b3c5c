"""The OParl API: every object valid against the OParl 1.1 schemas, lists paginated and
filtered by modified_since, and nothing exempt, draft or private ever served."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from scrutiny.extensions import db
from scrutiny.models.meetings import ReportDocument
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
)
from tests.oparl import validate

API = "/oparl/v1"
BASE = "https://scrutiny.council.example"


def _document(item, title):
    doc = ReportDocument(
        item=item, title=title, filename=f"{title}.pdf", file_type="pdf", size=1234, sha256="a" * 64
    )
    db.session.add(doc)
    return doc


@pytest.fixture
def council():
    """A panel with a member, a published meeting (a public report and a Part 2 item, each with
    a document), a draft meeting and a cancelled one."""
    panel = CommitteeFactory(name="Children and Young People's Services", slug="cyp")
    member = UserFactory(
        name="Cllr Ann Smith", email="ann.secret@example.org", roles=["councillor"]
    )
    MembershipFactory(committee=panel, user=member, role="chairman")
    meeting = MeetingFactory(
        committee=panel,
        status="published",
        venue="Town Hall, Weston",
        published_at=datetime(2026, 9, 1, 9, tzinfo=UTC),
    )
    public = AgendaItemFactory(meeting=meeting, title="Fostering annual report")
    exempt = AgendaItemFactory(
        meeting=meeting,
        title="Secret contract",
        exempt=True,
        exempt_paragraph=3,
        exempt_reason="Commercial",
    )
    public_doc = _document(public, "Fostering report")
    exempt_doc = _document(exempt, "Contract prices")
    draft = MeetingFactory(committee=panel, status="draft", venue="Draft Room")
    draft_item = AgendaItemFactory(meeting=draft, title="Draft only item")
    cancelled = MeetingFactory(
        committee=panel, status="cancelled", starts_at=datetime(2026, 10, 1, 9, tzinfo=UTC)
    )
    db.session.commit()
    return {
        "panel": panel,
        "member": member,
        "meeting": meeting,
        "public": public,
        "exempt": exempt,
        "public_doc": public_doc,
        "exempt_doc": exempt_doc,
        "draft": draft,
        "draft_item": draft_item,
        "cancelled": cancelled,
    }


def _get(client, path):
    response = client.get(path if path.startswith("/") else path.removeprefix(BASE))
    assert response.status_code == 200, (path, response.get_data(as_text=True))
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def _walk(client, list_url):
    """Every object of a list, following the pagination links."""
    found, url = [], list_url
    while url:
        page = _get(client, url)
        found += page["data"]
        url = page["links"].get("next")
    return found


def test_every_object_reachable_from_the_system_is_valid_oparl(client, council):
    system = _get(client, f"{API}/system")
    validate(system, "System")
    bodies = _get(client, system["body"])
    assert [b["name"] for b in bodies["data"]] == ["North Somerset Council"]
    body = bodies["data"][0]
    validate(body, "Body")
    kinds = {
        "organization": "Organization",
        "person": "Person",
        "membership": "Membership",
        "meeting": "Meeting",
        "agendaItem": "AgendaItem",
        "paper": "Paper",
        "consultation": "Consultation",
        "file": "File",
        "locationList": "Location",
    }
    checked = 0
    for field, kind in kinds.items():
        objects = _walk(client, body[field])
        assert objects, field
        for obj in objects:
            checked += validate(obj, kind)
            assert _get(client, obj["id"]) == obj  # the object's own URL serves the same
    assert checked > 15


def test_nothing_exempt_draft_or_private_is_served(client, council):
    everything = json.dumps(
        [
            _walk(client, f"{API}/body/1/{kind}")
            for kind in (
                "organizations",
                "people",
                "memberships",
                "meetings",
                "agenda-items",
                "papers",
                "consultations",
                "files",
                "locations",
            )
        ]
    )
    assert "Fostering annual report" in everything
    assert "Fostering report" in everything
    for secret in (
        "Secret contract",
        "Contract prices",
        "Commercial",
        "Draft only item",
        "Draft Room",
        "ann.secret@example.org",
    ):
        assert secret not in everything
    for path in (
        f"agendaitem/{council['exempt'].id}",
        f"file/{council['exempt_doc'].id}",
        f"paper/{council['exempt'].id}",
        f"meeting/{council['draft'].id}",
        f"agendaitem/{council['draft_item'].id}",
    ):
        response = client.get(f"{API}/{path}")
        assert response.status_code == 404
        assert response.get_json()["type"] == "error"


def test_meeting_shows_agenda_and_cancellation(client, council):
    meeting = _get(client, f"{API}/meeting/{council['meeting'].id}")
    assert [i["name"] for i in meeting["agendaItem"]] == ["Fostering annual report"]
    assert meeting["agendaItem"][0]["auxiliaryFile"][0]["accessUrl"] == (
        f"{BASE}/documents/{council['public_doc'].id}"
    )
    assert meeting["location"]["description"] == "Town Hall, Weston"
    cancelled = _get(client, f"{API}/meeting/{council['cancelled'].id}")
    assert cancelled["cancelled"] is True and "agendaItem" not in cancelled
    person = _get(client, f"{API}/person/{council['member'].id}")
    assert person["name"] == "Cllr Ann Smith"
    assert person["membership"][0]["role"] == "Chairman"


def test_lists_paginate_and_filter_by_modified_since(client, council, clock):
    for n in range(4):
        MeetingFactory(
            committee=council["panel"],
            status="scheduled",
            starts_at=datetime(2026, 11, 1 + n, 9, tzinfo=UTC),
        )
    db.session.commit()
    first = _get(client, f"{API}/body/1/meetings?limit=2")
    assert first["pagination"] == {
        "totalElements": 6,
        "elementsPerPage": 2,
        "currentPage": 1,
        "totalPages": 3,
    }
    assert "prev" not in first["links"]
    assert first["links"]["next"] == f"{BASE}{API}/body/1/meetings?limit=2&page=2"
    assert len(_walk(client, f"{API}/body/1/meetings?limit=2")) == 6

    later = clock.advance(days=3)
    council["meeting"].venue = "Castlewood"
    db.session.commit()
    since = _get(client, f"{API}/body/1/meetings?modified_since={later.isoformat()}")
    assert [m["id"] for m in since["data"]] == [f"{BASE}{API}/meeting/{council['meeting'].id}"]
    locations = _get(client, f"{API}/body/1/locations?modified_since={later.isoformat()}")
    assert [loc["description"] for loc in locations["data"]] == ["Castlewood"]

    bad = client.get(f"{API}/body/1/meetings?modified_since=yesterday")
    assert bad.status_code == 400
    assert "modified_since" in bad.get_json()["message"]


def test_openapi_description_lists_every_path(client):
    spec = _get(client, f"{API}/openapi.json")
    assert spec["openapi"].startswith("3.")
    assert f"{API}/body/{{body_id}}/{{kind}}" in spec["paths"]
