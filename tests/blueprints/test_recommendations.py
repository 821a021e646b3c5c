"""Recommendation pages: submitting a set, responding with actions, closing, owners' updates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from scrutiny.extensions import db
from scrutiny.models import Action, ActionUpdate, Minute, Recommendation, RecommendationResponse
from scrutiny.services.recommendations import recommendations
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def world():
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel", minute_prefix="CYPS")
    recs = []
    for text in ("Fund the music hubs", "Publish the tuition fees"):
        rec = Recommendation(committee=panel, text=text, addressed_to="The Executive")
        db.session.add(rec)
        recommendations.agree(db.session, rec, date(2026, 6, 11))
        recs.append(rec)
    member = UserFactory(roles=["executive"], name="Catherine Gibbons")
    post = PostFactory(name="Head of Music Service")
    db.session.commit()
    return {"panel": panel, "recs": recs, "member": member, "post": post}


def _submit_both(officer, world):
    return officer.post(
        "/committees/cyps-panel/recommendations/submit",
        data={
            "recommendation_ids": [str(r.id) for r in world["recs"]],
            "title": "Music Service update",
            "submitted_on": ["12", "6", "2026"],
            "responder_id": str(world["member"].id),
        },
    )


def test_the_officer_submits_a_set_and_every_page_shows_the_deadline(world, client, client_as):
    officer = client_as("officer")
    form = _text(officer.get("/committees/cyps-panel/recommendations/submit"))
    assert "CYPS/2026/01: Fund the music hubs" in form
    assert _submit_both(officer, world).status_code == 302
    page = _text(client.get(f"/recommendations/{world['recs'][0].id}"))
    assert "Awaiting response" in page and "11 August 2026" in page
    assert "Catherine Gibbons" in page
    MeetingFactory(committee=world["panel"], starts_at=datetime(2026, 7, 8, 17, tzinfo=UTC))
    db.session.commit()
    programme = _text(client.get("/committees/cyps-panel/work-programme"))
    section = programme[programme.index("5 Recommendations awaiting") :]
    assert "CYPS/2026/01" in section and "11 August 2026" in section
    assert "8 July 2026" in section  # the first panel meeting after submission


def test_a_submission_without_a_date_keeps_what_was_typed(world, client_as):
    officer = client_as("officer")
    page = _text(
        officer.post(
            "/committees/cyps-panel/recommendations/submit",
            data={
                "recommendation_ids": [str(world["recs"][0].id)],
                "title": "Music Service update",
            },
        )
    )
    assert "govuk-error-summary" in page and "Enter the date they were submitted" in page
    assert 'value="Music Service update"' in page
    assert world["recs"][0].status == "agreed"


def test_councillors_cannot_submit_or_respond(world, client_as):
    councillor = client_as("councillor")
    assert _submit_both(councillor, world).status_code == 403
    rec = world["recs"][0]
    response = councillor.post(
        f"/recommendations/{rec.id}/respond", data={"kind": "noted", "text": "Noted"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(RecommendationResponse.id)) is None


def test_an_acceptance_without_an_action_cannot_be_published(world, client, client_as):
    officer = client_as("officer")
    _submit_both(officer, world)
    executive = client_as("executive")
    rec = world["recs"][0]
    executive.post(
        f"/recommendations/{rec.id}/respond",
        data={"kind": "accepted", "text": "We will fund the hubs"},
    )
    submit_url = f"/recommendations/{rec.id}/response/submit"
    page = _text(executive.post(submit_url, follow_redirects=True))
    assert "needs at least one implementation action with an owner and a due date" in page
    db.session.refresh(rec)
    assert rec.status == "submitted"
    assert "We will fund the hubs" not in _text(client.get(f"/recommendations/{rec.id}"))
    executive.post(
        f"/recommendations/{rec.id}/response",
        data={
            "description": "Fund the hubs for 2027",
            "post_ids": [str(world["post"].id)],
            "due_on": ["31", "3", "2027"],
        },
    )
    executive.post(f"/recommendations/{rec.id}/response/submit")
    public = _text(client.get(f"/recommendations/{rec.id}"))
    assert "We will fund the hubs" in public and "Fund the hubs for 2027" in public
    assert "In progress" in public


def test_an_officer_enters_a_rejection_on_the_members_behalf_and_it_says_so(
    world, client, client_as
):
    officer = client_as("officer")
    _submit_both(officer, world)
    rec = world["recs"][1]
    page = _text(
        officer.post(
            f"/recommendations/{rec.id}/respond",
            data={
                "kind": "rejected",
                "text": "Not this year",
                "responder_id": str(world["member"].id),
            },
        )
    )
    assert "Give the reasons for rejecting the recommendation" in page
    assert "Not this year" in page
    officer.post(
        f"/recommendations/{rec.id}/respond",
        data={
            "kind": "rejected",
            "text": "Not this year",
            "reasons": "No budget",
            "responder_id": str(world["member"].id),
        },
    )
    officer.post(f"/recommendations/{rec.id}/response/submit")
    public = _text(client.get(f"/recommendations/{rec.id}"))
    assert f"entered by {officer.user.name} on their behalf" in public
    assert "No budget" in public


def test_owners_update_only_their_own_actions(world, client_as, clock):
    rec = world["recs"][0]
    action = Action(
        description="Fund the hubs",
        due_on=date(2026, 12, 31),
        committee_id=world["panel"].id,
        recommendation_id=rec.id,
        reference="CYPS/2026/01-A1",
        status="not_started",
    )
    action.owner_posts = [world["post"]]
    db.session.add(action)
    owner = client_as("owner")
    PostHoldingFactory(post=world["post"], user=owner.user, starts_on=date(2026, 1, 1))
    someone_else = client_as("owner")
    db.session.commit()
    update = {"rag": "green", "narrative": "Budget agreed", "version": action.version}
    assert someone_else.post(f"/actions/{action.id}", data=update).status_code == 403
    assert "Record an update" not in _text(someone_else.get(f"/actions/{action.id}"))
    assert owner.post(f"/actions/{action.id}", data=update).status_code == 302
    page = _text(owner.get(f"/actions/{action.id}"))
    assert "Budget agreed" in page and "In progress" in page
    assert db.session.query(ActionUpdate).count() == 1


def test_the_panel_closes_a_recommendation_under_a_minute(world, client_as, clock):
    officer = client_as("officer")
    _submit_both(officer, world)
    rec = world["recs"][1]
    recommendations.save_response(
        db.session, rec, kind="noted", text="Noted", reasons="", responder_id=None,
        user=world["member"],
    )  # fmt: skip
    recommendations.submit_response(db.session, rec, user=world["member"], now=clock.now)
    meeting = MeetingFactory(
        committee=world["panel"], starts_at=datetime(2026, 6, 14, 17, tzinfo=UTC)
    )
    minute = Minute(
        meeting=meeting, item=AgendaItemFactory(meeting=meeting, title="Recommendations tracker"),
        committee_id=world["panel"].id, year_start=date(2026, 5, 1), number=7,
    )  # fmt: skip
    db.session.add(minute)
    db.session.commit()
    form = _text(officer.get(f"/recommendations/{rec.id}/close"))
    assert "14 June 2026, minute 7: Recommendations tracker" in form
    page = _text(
        officer.post(f"/recommendations/{rec.id}/close", data={"outcome": "closed", "note": ""})
    )
    assert "only by the panel, at a meeting" in page
    officer.post(
        f"/recommendations/{rec.id}/close",
        data={"outcome": "closed", "minute_id": str(minute.id), "version": rec.version},
    )
    db.session.refresh(rec)
    assert rec.status == "closed" and rec.closing_minute_id == minute.id


def test_dashboards_list_the_executives_responses_and_the_owners_actions(world, client_as, clock):
    officer = client_as("officer")
    _submit_both(officer, world)
    executive = client_as("executive")
    rec = world["recs"][0]
    rec.responder_id = executive.user.id
    late = Action(
        description="Fund the hubs", due_on=date(2026, 6, 1), committee_id=world["panel"].id,
        reference="CYPS/2026/01-A1", status="not_started",
    )  # fmt: skip
    late.owner_posts = [world["post"]]
    db.session.add(late)
    owner = client_as("owner")
    PostHoldingFactory(post=world["post"], user=owner.user, starts_on=date(2026, 1, 1))
    db.session.commit()
    page = _text(executive.get("/dashboard"))
    assert "1 recommendation awaiting your response" in page
    assert "CYPS/2026/01: respond by 11 August 2026</a>" in page
    assert "57 days left" in page
    page = _text(owner.get("/dashboard"))
    assert "1 open action, 1 overdue" in page
    assert "CYPS/2026/01-A1: Fund the hubs</a>" in page
    assert "overdue by 14 days" in page


def test_an_officer_corrects_a_submission_date_with_a_reason_and_the_deadline_follows(
    world, client, client_as
):
    officer = client_as("officer")
    submit_page = _text(
        officer.post(
            "/committees/cyps-panel/recommendations/submit",
            data={
                "recommendation_ids": [str(r.id) for r in world["recs"]],
                "title": "Music Service update",
                "submitted_on": ["1", "6", "2026"],
            },
        )
    )
    assert "the submission date cannot be earlier" in submit_page  # agreed on 11 June
    _submit_both(officer, world)
    rec = world["recs"][0]
    assert "Correct" in _text(officer.get(f"/recommendations/{rec.id}"))
    assert "/correct" not in _text(client.get(f"/recommendations/{rec.id}"))
    url = f"/recommendations/submissions/{rec.submission_id}/correct"
    missing_reason = _text(officer.post(url, data={"submitted_on": ["15", "6", "2026"]}))
    assert "Give the reason for the correction" in missing_reason
    response = officer.post(
        url,
        data={
            "submitted_on": ["15", "6", "2026"],
            "reason": "The covering letter went on the 15th",
            "version": str(rec.submission.version),
        },
    )
    assert response.status_code == 302
    page = _text(officer.get(f"/recommendations/{rec.id}"))
    assert "14 August 2026" in page and "The covering letter went on the 15th" in page
