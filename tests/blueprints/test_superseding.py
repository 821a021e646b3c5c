"""Superseding forward plan entries and decision records (both kept, the old one marked and
linking to the new), and recording a decision that has no forward plan entry."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scrutiny.extensions import db
from scrutiny.models import DecisionRecord, ForwardPlanEntry
from scrutiny.services.decisions import forward_plan
from tests.factories import CommitteeFactory


def _d(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


ENTRY = {
    "matter": "Sale of the old depot",
    "maker_kind": "executive",
    "maker": "The Executive",
    "decision_on": _d(date(2026, 7, 16)),
    "key": "y",
    "wards": "Central",
}
RECORD = {
    "title": "Closure of the Elm Street library",
    "maker_kind": "officer",
    "maker": "Director of Communities",
    "decided_on": _d(date(2026, 6, 3)),
    "decision": "Close the library on Saturdays",
    "reasons": "Low use",
}


def _published_entry(officer, panel) -> ForwardPlanEntry:
    officer.post("/forward-plan/new", data={**ENTRY, "committee_id": panel.id})
    entry = db.session.query(ForwardPlanEntry).one()
    officer.post(f"/forward-plan/{entry.id}/publish")
    return entry


def test_a_revised_entry_replaces_the_old_one_and_keeps_its_notice(client, client_as, clock):
    panel = CommitteeFactory(name="Resources Panel", slug="resources")
    officer = client_as("officer")
    clock.now = datetime(2026, 6, 1, 9, tzinfo=UTC)
    old = _published_entry(officer, panel)
    clock.now = datetime(2026, 7, 1, 9, tzinfo=UTC)  # too late for fresh notice
    form = officer.get(f"/forward-plan/{old.id}/supersede").get_data(as_text=True)
    assert 'value="Sale of the old depot"' in form
    answer = officer.post(
        f"/forward-plan/{old.id}/supersede",
        data={**ENTRY, "matter": "Sale of the old depot and yard", "committee_id": panel.id},
    )
    new = db.session.query(ForwardPlanEntry).filter_by(matter="Sale of the old depot and yard")
    new = new.one()
    assert answer.headers["Location"] == f"/forward-plan/{new.id}"
    db.session.refresh(old)
    assert old.superseded_by_id == new.id and new.published_at is not None

    plan = client.get("/forward-plan").get_data(as_text=True)
    assert "Sale of the old depot and yard" in plan
    assert f'href="/forward-plan/{old.id}"' not in plan
    old_page = client.get(f"/forward-plan/{old.id}").get_data(as_text=True)
    assert "Superseded" in old_page and f'href="/forward-plan/{new.id}"' in old_page
    new_page = client.get(f"/forward-plan/{new.id}").get_data(as_text=True)
    assert "noticed in time on 1 June 2026" in new_page
    assert f'href="/forward-plan/{old.id}"' in new_page
    forward_plan.check_key_decision(new, date(2026, 7, 16))  # the old notice still counts


def test_an_entry_cannot_be_superseded_twice_or_as_a_draft(client_as):
    panel = CommitteeFactory()
    officer = client_as("officer")
    officer.post("/forward-plan/new", data={**ENTRY, "committee_id": panel.id})
    draft = db.session.query(ForwardPlanEntry).one()
    refused = officer.post(
        f"/forward-plan/{draft.id}/supersede", data={**ENTRY, "committee_id": panel.id}
    ).get_data(as_text=True)
    assert "A draft entry is edited, not superseded" in refused
    assert 'value="Sale of the old depot"' in refused
    assert db.session.query(ForwardPlanEntry).count() == 1


def test_a_later_record_supersedes_a_published_one_when_published(client, client_as, clock):
    panel = CommitteeFactory()
    officer = client_as("officer")
    officer.post("/executive-decisions/new", data={**RECORD, "committee_id": panel.id})
    old = db.session.query(DecisionRecord).one()
    assert old.entry_id is None
    clock.now = datetime(2026, 6, 3, 14, tzinfo=UTC)
    officer.post(f"/executive-decisions/{old.id}/publish")
    officer.post(
        f"/executive-decisions/{old.id}/supersede",
        data={
            **RECORD,
            "title": "Elm Street library: Saturday afternoons",
            "decision": "Close the library on Saturday afternoons only",
        },
    )
    new = db.session.query(DecisionRecord).filter(DecisionRecord.id != old.id).one()
    db.session.refresh(old)
    assert old.superseded_by_id == new.id
    # Until the replacement is published the old record stands, and the public see no link.
    public_old = client.get(f"/executive-decisions/{old.id}").get_data(as_text=True)
    assert "Superseded" not in public_old and "Open to call-in" in public_old

    officer.post(f"/executive-decisions/{new.id}/publish")
    public_old = client.get(f"/executive-decisions/{old.id}").get_data(as_text=True)
    assert "Superseded by a later decision" in public_old
    assert f'href="/executive-decisions/{new.id}"' in public_old
    assert "Open to call-in" not in public_old
    public_new = client.get(f"/executive-decisions/{new.id}").get_data(as_text=True)
    assert "Saturday afternoons only" in public_new and "Open to call-in" in public_new
    assert f'href="/executive-decisions/{old.id}"' in public_new
    listed = client.get("/executive-decisions").get_data(as_text=True)
    assert "Closure of the Elm Street library" in listed and "Saturday afternoons" in listed
    home = officer.get("/dashboard").get_data(as_text=True)
    assert "Open to call-in: Elm Street library: Saturday afternoons" in home
    assert "Open to call-in: Closure of the Elm Street library" not in home

    refused = officer.post(f"/executive-decisions/{old.id}/implemented", follow_redirects=True)
    assert "superseded by a later record" in refused.get_data(as_text=True)


def test_a_draft_record_cannot_be_superseded(client_as):
    panel = CommitteeFactory()
    officer = client_as("officer")
    officer.post("/executive-decisions/new", data={**RECORD, "committee_id": panel.id})
    draft = db.session.query(DecisionRecord).one()
    refused = officer.post(f"/executive-decisions/{draft.id}/supersede", data=RECORD)
    assert "A draft record is edited, not superseded" in refused.get_data(as_text=True)
    assert db.session.query(DecisionRecord).count() == 1


def test_a_decision_without_an_entry_may_not_be_key(client_as):
    panel = CommitteeFactory()
    officer = client_as("officer")
    form = officer.get("/executive-decisions/new").get_data(as_text=True)
    assert "Record a decision not on the forward plan" in form
    refused = officer.post(
        "/executive-decisions/new", data={**RECORD, "key": "y", "committee_id": panel.id}
    ).get_data(as_text=True)
    assert "A key decision is recorded from its forward plan entry" in refused
    assert 'value="Closure of the Elm Street library"' in refused
    assert db.session.query(DecisionRecord).count() == 0


def test_an_urgent_decision_without_an_entry_is_published_without_call_in(client, client_as, clock):
    panel = CommitteeFactory()
    officer = client_as("officer")
    officer.post(
        "/executive-decisions/new",
        data={
            **RECORD,
            "committee_id": panel.id,
            "urgent": "y",
            "urgent_reason": "Health and safety",
        },
    )
    record = db.session.query(DecisionRecord).one()
    officer.post(f"/executive-decisions/{record.id}/publish")
    page = client.get(f"/executive-decisions/{record.id}").get_data(as_text=True)
    assert "Urgent: not subject to call-in" in page and "Call-in deadline" not in page


def test_only_staff_may_record_or_supersede(client, client_as):
    councillor = client_as("councillor")
    assert councillor.get("/executive-decisions/new").status_code == 403
    assert client.get("/executive-decisions/new").status_code == 302
