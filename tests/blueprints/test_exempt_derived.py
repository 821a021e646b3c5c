"""Exempt-derived content never escapes: each thing made from a Part 2 minute is looked for,
by a secret word, in every page and download reachable by those not entitled to it."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from scrutiny.models import Action, AgendaItem, Minute, ProgrammeItem
from scrutiny.services.actions import actions
from scrutiny.services.core.exemption import EVERYONE, PUBLIC
from scrutiny.services.jobs import rollover
from scrutiny.services.meetings import meetings
from scrutiny.services.minutes import minute_numbering, minutes
from scrutiny.services.recommendations import recommendations, submissions
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)

SECRET = "Zebracorn"


def _text_of(response) -> str:
    """What a reader of the response sees: page text, or the text inside a download."""
    body = response.get_data()
    kind = response.mimetype
    if kind == "application/pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if kind.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(body))
        return "\n".join(
            str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row
        )
    if kind.endswith("wordprocessingml.document"):
        doc = Document(io.BytesIO(body))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    return body.decode("utf-8", "replace")


@pytest.fixture
def world(session, clock):
    """A panel whose Part 2 item's minute made a recommendation and an action, the
    recommendation answered with an implementation action, updates, a roll-over and a
    published agenda with a public and a members' pack."""
    officer = UserFactory(roles=["officer"], name="Olive Officer")
    member = UserFactory(roles=["councillor"], name="Mary Member")
    outsider = UserFactory(roles=["councillor"], name="Nick Nonmember")
    owner, other_owner = UserFactory(roles=["owner"]), UserFactory(roles=["owner"])
    responder = UserFactory(roles=["executive"], name="Erin Executive")
    other_exec = UserFactory(roles=["executive"], name="Eddie Elsewhere")
    panel = CommitteeFactory(name="Children Panel", slug="children", minute_prefix="CYP")
    MembershipFactory(committee=panel, user=member)
    post, other_post = PostFactory(name="Head of Contracts"), PostFactory(name="Head of Parks")
    PostHoldingFactory(post=post, user=owner)
    PostHoldingFactory(post=other_post, user=other_owner)
    held = MeetingFactory(
        committee=panel, starts_at=datetime(2026, 6, 1, 17, tzinfo=UTC), status="held"
    )
    AgendaItemFactory(meeting=held, title="Budget monitoring", position=10)
    AgendaItemFactory(
        meeting=held,
        title="Contract award",
        position=20,
        exempt=True,
        exempt_paragraph=3,
        exempt_reason="Commercially sensitive",
    )
    target = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    minute_numbering.start_minutes(session, held, expected_version=None)
    secret_minute = session.scalar(
        select(Minute).join(AgendaItem).where(AgendaItem.exempt.is_(True))
    )
    minutes.update_minute(
        session, secret_minute, narrative="", discussion="", outcome_kind="resolved",
        outcome_text="", parts=["recommend", "act", "recommend again"], user=officer,
        expected_version=None,
    )  # fmt: skip
    first, second, third = secret_minute.parts
    rec = minutes.create_recommendation(
        session, first, text=f"Award to {SECRET} Ltd", addressed_to="The Executive", user=officer
    )
    late_rec = minutes.create_recommendation(
        session, third, text=f"Review {SECRET} pricing", addressed_to="The Executive", user=officer
    )
    action = minutes.create_action(
        session, second, description=f"Negotiate with {SECRET}", post_ids=[post.id],
        due_on=date(2026, 6, 5), user=officer,
    )  # fmt: skip
    submissions.submit(
        session, panel, [rec.id, late_rec.id], title="Contract award",
        submitted_on=date(2026, 6, 2), received_on=None, responder_id=responder.id,
        user=officer, today=date(2026, 6, 15),
    )  # fmt: skip
    recommendations.save_response(
        session, rec, kind="accepted", text=f"We accept the {SECRET} award", reasons="",
        responder_id=responder.id, user=responder,
    )  # fmt: skip
    implementing = recommendations.add_implementation_action(
        session, rec, description=f"Sign the {SECRET} contract", post_ids=[post.id],
        due_on=date(2026, 7, 1), user=responder,
    )  # fmt: skip
    recommendations.submit_response(session, rec, user=responder, now=clock.now)
    actions.record_update(
        session, action, rag="red", narrative=f"{SECRET} has not replied", next_steps="",
        due_on=None, user=owner, now=clock.now, expected_version=None,
    )  # fmt: skip
    later = clock.advance(days=66)  # 20 August: every date above has passed
    rollover.roll_over(session, later)
    target.status = "scheduled"
    session.flush()
    meetings.publish(session, target, now=later, late_reason=None, expected_version=None)
    session.commit()
    return {
        "officer": officer, "member": member, "outsider": outsider, "owner": owner,
        "other_owner": other_owner, "responder": responder, "other_exec": other_exec,
        "panel": panel, "held": held, "target": target, "rec": rec, "late_rec": late_rec,
        "action": action, "implementing": implementing, "post": post,
    }  # fmt: skip


def test_everything_made_from_a_part2_minute_is_exempt(session, world):
    for obj in ("rec", "late_rec", "action", "implementing"):
        assert world[obj].restricted and world[obj].exempt_paragraph == 3, obj
    part2 = session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == world["target"].id, AgendaItem.exempt)
    ).all()
    titles = {i.title for i in part2}
    assert titles == {
        "Overdue actions and responses (exempt)",
        "Executive responses to scrutiny recommendations (exempt)",
    }
    carried = session.scalar(
        select(AgendaItem).where(
            AgendaItem.meeting_id == world["target"].id,
            AgendaItem.title == "Overdue actions and responses (exempt)",
        )
    )
    assert SECRET in carried.description
    reviews = session.scalars(select(ProgrammeItem)).all()
    assert reviews and all(SECRET not in (r.reason + r.topic) for r in reviews)


def _urls(app, world) -> list[str]:
    """Every GET page and download, with ids of the world's objects filled in."""
    values = {
        "rec_id": [world["rec"].id, world["late_rec"].id],
        "action_id": [world["action"].id, world["implementing"].id],
        "meeting_id": [world["held"].id, world["target"].id],
        "slug": [world["panel"].slug],
        "committee_slug": [world["panel"].slug],
        "user_id": [world["member"].id],
        "post_id": [world["post"].id],
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        args = sorted(rule.arguments)
        if any(a not in values for a in args):
            continue
        combos = [{}]
        for arg in args:
            combos = [{**c, arg: v} for c in combos for v in values[arg]]
        for combo in combos:
            path = rule.rule
            for arg, value in combo.items():
                path = re.sub(rf"<(?:\w+:)?{arg}>", str(value), path)
            urls.append(path)
    extra = [f"/recommendations?committee={world['panel'].slug}", "/actions?overdue=1"]
    return sorted(set(urls + extra))


def _leaks(client, urls) -> list[str]:
    found = []
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and SECRET.lower() in _text_of(response).lower():
            found.append(url)
    return found


@pytest.mark.parametrize("who", ["public", "outsider", "other_owner", "other_exec"])
def test_no_route_shows_exempt_derived_text_to_those_not_entitled(
    app, world, who, client, sign_in_as
):
    reader = client if who == "public" else sign_in_as(world[who])
    urls = _urls(app, world)
    assert len(urls) > 40  # the crawl reaches the trackers, packs, exports and pages
    assert _leaks(reader, urls) == []


def test_those_entitled_see_it(app, world, sign_in_as):
    member = sign_in_as(world["member"])
    assert SECRET in _text_of(member.get(f"/recommendations/{world['rec'].id}"))
    pack = member.get(f"/meetings/{world['target'].id}/members-pack.pdf")
    assert pack.status_code == 200 and SECRET in _text_of(pack)
    owner = sign_in_as(world["owner"])
    assert SECRET in _text_of(owner.get(f"/actions/{world['action'].id}"))
    assert SECRET in _text_of(owner.get("/my-actions"))
    responder = sign_in_as(world["responder"])
    assert SECRET in _text_of(responder.get(f"/recommendations/{world['late_rec'].id}"))
    officer = sign_in_as(world["officer"])
    page = _text_of(officer.get("/recommendations"))
    assert SECRET in page and "Exempt</strong>" in page  # tagged for staff
    assert SECRET in _text_of(officer.get("/recommendations.xlsx"))


def test_an_officer_releases_with_a_reason_and_then_the_public_sees_it(
    app, world, client, sign_in_as, session
):
    rec = world["rec"]
    officer = sign_in_as(world["officer"])
    form = officer.get(f"/recommendations/{rec.id}/release")
    assert "Why can this now be made public?" in _text_of(form)
    refused = officer.post(
        f"/recommendations/{rec.id}/release", data={"version": rec.version, "reason": " "}
    )
    assert "Give the reason it may now be made public" in _text_of(refused)
    assert client.get(f"/recommendations/{rec.id}").status_code == 404
    done = officer.post(
        f"/recommendations/{rec.id}/release",
        data={"version": rec.version, "reason": "Contract signed and announced"},
        follow_redirects=True,
    )
    assert "now open to the public with 1 implementation action" in _text_of(done)
    public = _text_of(client.get(f"/recommendations/{rec.id}"))
    assert SECRET in public and "Contract signed and announced" in public
    history = _text_of(officer.get(f"/recommendations/{rec.id}"))
    assert "Contract signed and announced" in history
    session.expire_all()
    assert session.get(Action, world["implementing"].id).restricted is False
    assert session.get(Action, world["action"].id).restricted is True  # not made from it
    assert world["other_exec"] is not None


def test_staff_only_may_release(world, sign_in_as):
    member = sign_in_as(world["member"])
    response = member.post(
        f"/recommendations/{world['rec'].id}/release", data={"reason": "Because", "version": 1}
    )
    assert response.status_code == 403


def test_roll_over_moves_a_released_action_to_the_public_item(session, world, clock):
    from scrutiny.services.core import exemption

    target = MeetingFactory(
        committee=world["panel"], starts_at=datetime(2026, 10, 1, 17, tzinfo=UTC)
    )
    now = clock.advance(days=14)  # after the September meeting, before October's
    rollover.roll_over(session, now)
    action = session.get(Action, world["action"].id)
    exemption.release(session, action, reason="Public now", user=world["officer"], now=now)
    rollover.roll_over(session, now)
    items = {
        i.title: i
        for i in session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == target.id))
    }
    assert "Negotiate with" in items["Overdue actions and responses"].description
    assert "Negotiate with" not in items["Overdue actions and responses (exempt)"].description
    assert exemption.may_see(session, PUBLIC, action) and exemption.may_see(
        session, EVERYONE, world["late_rec"]
    )
