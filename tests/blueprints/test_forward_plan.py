"""Forward plan, decision and call-in pages: a key decision noticed, taken, called in by three
councillors, considered and referred back; who may do what; the public feeds."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scrutiny.extensions import db
from scrutiny.models import CallIn, DecisionRecord, ForwardPlanEntry
from tests.factories import CommitteeFactory, MeetingFactory, MembershipFactory, UserFactory


def _d(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_key_decision_noticed_taken_called_in_and_referred_back(
    app, client, client_as, sign_in_as, clock
):
    panel = CommitteeFactory(name="Resources Panel", slug="resources")
    officer = client_as("officer")
    page = officer.post(
        "/forward-plan/new",
        data={
            "matter": "Sale of the old depot",
            "committee_id": panel.id,
            "maker_kind": "executive",
            "maker": "The Executive",
            "decision_on": _d(date(2026, 7, 16)),
            "key": "y",
            "wards": "Central",
            "documents": "Report of the Director",
        },
    )
    entry = db.session.query(ForwardPlanEntry).one()
    assert page.headers["Location"] == f"/forward-plan/{entry.id}"
    shown = officer.get(f"/forward-plan/{entry.id}").get_data(as_text=True)
    assert "publish by 17 June 2026" in shown
    assert client.get(f"/forward-plan/{entry.id}").status_code == 404  # draft
    officer.post(f"/forward-plan/{entry.id}/publish")
    assert "Sale of the old depot" in client.get("/forward-plan").get_data(as_text=True)

    officer.post(
        f"/forward-plan/{entry.id}/decision",
        data={
            "title": "Sale of the old depot",
            "maker_kind": "executive",
            "maker": "The Executive",
            "key": "y",
            "decided_on": _d(date(2026, 7, 16)),
            "decision": "Sell the depot to the highest bidder",
            "reasons": "Surplus to need",
            "alternatives": "Keep it empty",
        },
    )
    record = db.session.query(DecisionRecord).one()
    clock.now = datetime(2026, 7, 16, 14, tzinfo=UTC)  # Thursday
    officer.post(f"/executive-decisions/{record.id}/publish")
    public = client.get(f"/executive-decisions/{record.id}").get_data(as_text=True)
    assert "Call-in deadline" in public and "23 July 2026, 5:00pm" in public
    refused = officer.post(f"/executive-decisions/{record.id}/implemented", follow_redirects=True)
    assert "cannot be implemented before the call-in window closes" in refused.get_data(True)

    councillors = []
    for n in range(3):
        user = UserFactory(roles=["councillor"], name=f"Cllr {n}")
        MembershipFactory(committee=panel, user=user)
        councillors.append(sign_in_as(user))
    councillors[0].post(
        f"/executive-decisions/{record.id}/call-in", data={"reasons": "Sold at undervalue"}
    )
    made = db.session.query(CallIn).one()
    for c in councillors[1:]:
        c.post(f"/call-ins/{made.id}/sign")
    db.session.refresh(made)
    assert made.lodged_at is not None
    assert "Called in" in client.get(f"/executive-decisions/{record.id}").get_data(True)
    home = officer.get("/dashboard").get_data(as_text=True)
    assert "Call-in awaiting the monitoring officer" in home

    officer.post(f"/call-ins/{made.id}/validity", data={"valid": "yes"})
    meeting = MeetingFactory(committee=panel, starts_at=datetime(2026, 7, 28, 9, tzinfo=UTC))
    officer.post(f"/call-ins/{made.id}/meeting", data={"meeting_id": meeting.id})
    officer.post(
        f"/call-ins/{made.id}/outcome",
        data={
            "outcome": "referred_back",
            "concerns": "Obtain an independent valuation",
            "outcome_on": _d(date(2026, 7, 28)),
        },
    )
    page = client.get(f"/call-ins/{made.id}")
    assert page.status_code == 302  # signed-in users only
    text = officer.get(f"/call-ins/{made.id}").get_data(as_text=True)
    assert "Obtain an independent valuation" in text and "awaiting reconsideration" in text
    officer.post(
        f"/call-ins/{made.id}/reconsideration",
        data={"text": "Sale confirmed after valuation", "reconsidered_on": _d(date(2026, 8, 3))},
    )
    clock.now = datetime(2026, 8, 4, 9, tzinfo=UTC)
    officer.post(f"/executive-decisions/{record.id}/implemented")
    assert "Implemented" in client.get("/executive-decisions").get_data(as_text=True)
    assert b"Sale of the old depot" in client.get("/executive-decisions.ics").data
    assert b"<entry>" in client.get("/executive-decisions.atom").data


def test_exempt_parts_are_withheld_from_the_public(client, client_as):
    panel = CommitteeFactory()
    record = DecisionRecord(
        committee=panel,
        title="Contract award",
        maker_kind="officer",
        maker="Director",
        decided_on=date(2026, 6, 1),
        decision="Award to Acme at £1.2m",
        reasons="Lowest price",
        exempt=True,
        exempt_paragraph="3",
        public_summary="Contract awarded",
        published_at=datetime(2026, 6, 1, tzinfo=UTC),
    )
    db.session.add(record)
    db.session.commit()
    public = client.get(f"/executive-decisions/{record.id}").get_data(as_text=True)
    assert "Contract awarded" in public and "Acme" not in public
    assert b"Acme" not in client.get("/executive-decisions.atom").data
    assert "Acme" in client_as("officer").get(f"/executive-decisions/{record.id}").get_data(True)


def test_public_decisions_page_links_to_executive_decisions(client):
    page = client.get("/decisions").get_data(as_text=True)
    assert 'href="/executive-decisions"' in page and 'href="/forward-plan"' in page
