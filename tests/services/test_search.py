"""Search: ranked, highlighted, filtered, kept up to date, and never showing what a reader may
not see (a secret word in a Part 2 report is looked for as the public, a non-member
councillor, an owner, a member and an officer)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from scrutiny.models import SearchDocument
from scrutiny.services.core import exemption
from scrutiny.services.files import documents
from scrutiny.services.files.simple_pdf import text_pdf
from scrutiny.services.minutes import minute_numbering, minutes
from scrutiny.services.public import search, search_index
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)

SECRET = "Quagmirex"


def _upload(session, item, clock, title, lines):
    return documents.add_document(
        session, item, text_pdf(title, 1, lines), filename=f"{title}.pdf", title=title,
        now=clock.now, user_id=None,
    )  # fmt: skip


@pytest.fixture(name="world")
def search_world(session, clock):
    """A published meeting with a public report and a Part 2 report, minutes with a
    recommendation and an action made from the Part 2 item, and a draft meeting."""
    officer = UserFactory(roles=["officer"])
    member = UserFactory(roles=["councillor"])
    outsider = UserFactory(roles=["councillor"])
    owner, other_owner = UserFactory(roles=["owner"]), UserFactory(roles=["owner"])
    panel = CommitteeFactory(name="Children Panel", slug="children", minute_prefix="CYP")
    other = CommitteeFactory(name="Adults Panel", slug="adults")
    MembershipFactory(committee=panel, user=member)
    post = PostFactory(name="Head of Contracts")
    PostHoldingFactory(post=post, user=owner)
    PostHoldingFactory(post=PostFactory(name="Head of Parks"), user=other_owner)
    meeting = MeetingFactory(
        committee=panel, starts_at=datetime(2026, 6, 1, 17, tzinfo=UTC), status="held"
    )
    public_item = AgendaItemFactory(
        meeting=meeting, title="Library opening hours", position=10,
        purpose="To review the opening hours of branch libraries",
    )  # fmt: skip
    secret_item = AgendaItemFactory(
        meeting=meeting, title="Contract award", position=20, exempt=True, exempt_paragraph=3
    )
    _upload(session, public_item, clock, "Libraries report", ["Weekend opening of libraries"])
    _upload(session, secret_item, clock, "Contract report", [f"Tender from {SECRET} Ltd"])
    draft = MeetingFactory(committee=other, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    AgendaItemFactory(meeting=draft, title="Library closures draft", position=10)
    minute_numbering.start_minutes(session, meeting, expected_version=None)
    secret_minute = next(m for m in meeting_minutes(session, meeting) if m.item.exempt)
    minutes.update_minute(
        session, secret_minute, narrative=f"Members discussed {SECRET}", discussion="",
        outcome_kind="resolved", outcome_text="", parts=["recommend", "act"], user=officer,
        expected_version=None,
    )  # fmt: skip
    first, second = secret_minute.parts
    rec = minutes.create_recommendation(
        session, first, text=f"Award to {SECRET} Ltd", addressed_to="The Executive", user=officer
    )
    action = minutes.create_action(
        session, second, description=f"Negotiate with {SECRET}", post_ids=[post.id],
        due_on=date(2026, 6, 5), user=officer,
    )  # fmt: skip
    meeting.minutes_published_at = clock.now
    session.commit()
    return {
        "officer": officer, "member": member, "outsider": outsider, "owner": owner,
        "other_owner": other_owner, "panel": panel, "other": other, "meeting": meeting,
        "public_item": public_item,
        "secret_item": secret_item, "draft": draft, "rec": rec, "action": action,
    }  # fmt: skip


def meeting_minutes(session, meeting):
    from scrutiny.models import Minute

    return list(session.scalars(select(Minute).where(Minute.meeting_id == meeting.id)))


def _audience(session, user):
    staff = bool({r.value for r in user.roles} & {"officer", "admin"})
    return exemption.audience_for(session, user, staff=staff, today=date(2026, 6, 15))


def _titles(session, audience, text, **filters):
    hits, _ = search.search(session, search.Filters(text=text, **filters), audience)
    return [h.title.striptags() for h in hits]


def _kinds(session, audience, text):
    hits, _ = search.search(session, search.Filters(text=text), audience)
    return {h.kind for h in hits}


def test_report_text_is_extracted_on_upload_and_found_with_a_highlighted_snippet(session, world):
    hits, total = search.search(session, search.Filters(text="weekend"), exemption.PUBLIC)
    assert total == 1
    assert hits[0].kind == "document" and hits[0].title == "Libraries report"
    assert "<mark>Weekend</mark> opening of libraries" in hits[0].snippet
    assert hits[0].committee_name == "Children Panel"


@pytest.mark.parametrize("who", ["public", "outsider", "other_owner"])
def test_a_secret_word_in_a_part2_report_is_never_found_by_those_not_entitled(session, world, who):
    audience = exemption.PUBLIC if who == "public" else _audience(session, world[who])
    hits, total = search.search(session, search.Filters(text=SECRET), audience)
    assert (hits, total) == ([], 0)
    assert _titles(session, audience, "contract") == []


@pytest.mark.parametrize("who", ["member", "officer"])
def test_members_of_the_committee_and_officers_find_part2_content(session, world, who):
    kinds = _kinds(session, _audience(session, world[who]), SECRET)
    assert {"document", "minute", "recommendation", "action"} <= kinds


def test_the_action_owner_finds_their_restricted_action_but_nothing_else_exempt(session, world):
    assert _kinds(session, _audience(session, world["owner"]), SECRET) == {"action"}


def test_the_public_sees_only_published_public_content(session, world):
    assert set(_titles(session, exemption.PUBLIC, "library")) == {
        "Library opening hours",
        "Libraries report",
        "CYP 1: Library opening hours",
    }
    officer = _audience(session, world["officer"])
    assert "Library closures draft" in _titles(session, officer, "library")


def test_filters_by_committee_kind_and_date(session, world):
    officer = _audience(session, world["officer"])
    assert _titles(session, officer, "library", committee_id=world["other"].id) == [
        "Library closures draft"
    ]
    assert _titles(session, officer, "libraries", kind="document") == ["Libraries report"]
    assert _titles(session, officer, "library", start=date(2026, 8, 1)) == [
        "Library closures draft"
    ]
    assert "Library closures draft" not in _titles(
        session, officer, "library", end=date(2026, 7, 1)
    )


def test_results_are_ranked_by_relevance_and_paginated(session, world):
    officer = _audience(session, world["officer"])
    world["public_item"].title = "Otter survey"
    world["public_item"].purpose = "Otters seen in the river this year"
    world["secret_item"].purpose = "A note on budgets, roads, staffing and, once, an otter"
    session.flush()
    titles = _titles(session, officer, "otter")
    assert "Otter survey" in titles[:2] and titles[-1] == "Contract award"
    hits, total = search.search(session, search.Filters(text="library"), officer, per_page=1)
    second, _ = search.search(session, search.Filters(text="library"), officer, page=2, per_page=1)
    assert total >= 2 and len(hits) == 1 and hits[0].title != second[0].title


def test_the_index_follows_changes_publication_and_release(session, world, clock):
    item, draft = world["public_item"], world["draft"]
    item.title = "Swimming pool charges"
    session.flush()
    assert set(_titles(session, exemption.PUBLIC, "swimming")) == {
        "Swimming pool charges",
        "CYP 1: Swimming pool charges",
    }
    assert "Library opening hours" not in _titles(session, exemption.PUBLIC, "opening hours")
    draft.status = "published"
    session.flush()
    assert "Library closures draft" in _titles(session, exemption.PUBLIC, "library")
    assert _titles(session, exemption.PUBLIC, SECRET) == []
    exemption.release(session, world["rec"], reason="Contract signed", user=world["officer"],
                      now=clock.now)  # fmt: skip
    session.flush()
    # Released: the recommendation and its action are open now, Part 2 papers and minutes
    # stay private, and actions are for signed-in readers only.
    assert _kinds(session, exemption.PUBLIC, SECRET) == {"recommendation"}
    exemption.release(session, world["action"], reason="Signed", user=world["officer"],
                      now=clock.now)  # fmt: skip
    session.flush()
    assert _kinds(session, exemption.PUBLIC, SECRET) == {"recommendation"}
    outsider = _audience(session, world["outsider"])
    assert _kinds(session, outsider, SECRET) == {"recommendation", "action"}


def test_markup_in_text_is_escaped_around_the_marks(session, world):
    world["public_item"].title = "<b>Hedgehog</b> survey"
    world["public_item"].purpose = "<script>alert(1)</script> hedgehog"
    session.flush()
    hits, _ = search.search(session, search.Filters(text="hedgehog"), exemption.PUBLIC)
    item = next(h for h in hits if h.kind == "item")
    assert item.title == "&lt;b&gt;<mark>Hedgehog</mark>&lt;/b&gt; survey"
    assert "<script>" not in item.snippet and "<mark>hedgehog</mark>" in item.snippet


def test_queries_with_punctuation_or_no_words_are_safe(session, world):
    assert search.search(session, search.Filters(text='"" * OR ( NEAR'), exemption.PUBLIC)[1] >= 0
    assert search.search(session, search.Filters(text="  ?! "), exemption.PUBLIC) == ([], 0)


def test_reindex_rebuilds_the_same_index(session, world):
    before = session.scalar(select(func.count()).select_from(SearchDocument))
    session.execute(SearchDocument.__table__.delete())
    assert _titles(session, exemption.PUBLIC, "library") == []
    counts = search_index.reindex(session)
    assert sum(counts.values()) == before
    assert "Library opening hours" in _titles(session, exemption.PUBLIC, "library")
    assert _titles(session, exemption.PUBLIC, SECRET) == []
