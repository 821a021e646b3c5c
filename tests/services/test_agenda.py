"""The agenda builder: numbering, Part 2, ordering, urgency and pulling planned reports."""

import pytest

from scrutiny.models import ItemKind, StandardItem
from scrutiny.services.core.errors import ConcurrentEditError, DomainError
from scrutiny.services.meetings import agenda
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory


def _add(session, meeting, clock, title, **kwargs):
    return agenda.add_item(
        session,
        meeting,
        kind=kwargs.pop("kind", ItemKind.REPORT),
        title=title,
        now=clock.now,
        expected_version=kwargs.pop("expected_version", None),
        **kwargs,
    )


def _titles(session, meeting):
    numbered = agenda.number_items(agenda.agenda_items(session, meeting))
    return [(n.number, n.item.title) for n in numbered.all]


def test_reports_go_before_the_work_programme_and_exempt_items_are_numbered_last(session, clock):
    meeting = MeetingFactory()
    agenda.add_standard_items(session, meeting)
    _add(
        session,
        meeting,
        clock,
        "Care home contract",
        exempt=True,
        exempt_paragraph=3,
        exempt_reason="Commercial terms under negotiation",
    )
    _add(session, meeting, clock, "Month 9 budget")
    _add(session, meeting, clock, "Family hubs")
    session.commit()
    titles = _titles(session, meeting)
    assert titles[5:] == [
        (6, "Month 9 budget"),
        (7, "Family hubs"),
        (8, "Panel's Work Plan"),
        (9, "Care home contract"),
    ]
    numbered = agenda.number_items(agenda.agenda_items(session, meeting))
    assert [n.item.title for n in numbered.exempt] == ["Care home contract"]


def test_an_exempt_item_needs_its_paragraph_and_public_interest_reason(session, clock):
    meeting = MeetingFactory()
    with pytest.raises(DomainError, match="paragraph of Schedule 12A"):
        _add(session, meeting, clock, "Contract", exempt=True, exempt_paragraph=9)
    with pytest.raises(DomainError, match="public interest"):
        _add(session, meeting, clock, "Contract", exempt=True, exempt_paragraph=3)


def test_items_move_within_their_part_only(session, clock):
    meeting = MeetingFactory()
    first = _add(session, meeting, clock, "First")
    second = _add(session, meeting, clock, "Second")
    secret = _add(
        session,
        meeting,
        clock,
        "Secret",
        exempt=True,
        exempt_paragraph=1,
        exempt_reason="Named child",
    )
    session.commit()
    agenda.move_item(session, second, "up", now=clock.now, expected_version=None)
    assert [t for _, t in _titles(session, meeting)] == ["Second", "First", "Secret"]
    with pytest.raises(DomainError, match="cannot move further"):
        agenda.move_item(session, secret, "up", now=clock.now, expected_version=None)
    assert first.position > second.position


def test_every_agenda_change_moves_the_meeting_version_so_stale_editors_are_stopped(session, clock):
    meeting = MeetingFactory()
    session.commit()
    seen = meeting.version
    _add(session, meeting, clock, "Added by officer A")
    session.commit()
    assert meeting.version == seen + 1
    with pytest.raises(ConcurrentEditError, match="this agenda"):
        _add(session, meeting, clock, "Added by officer B", expected_version=seen)


def test_items_added_after_publication_need_the_reason_for_urgency(session, clock):
    meeting = MeetingFactory(status="published")
    with pytest.raises(DomainError, match="urgent business"):
        _add(session, meeting, clock, "Late report")
    item = _add(session, meeting, clock, "Late report", urgency_reason="Ofsted letter received")
    assert item.urgency_reason == "Ofsted letter received"


def test_a_published_agenda_loses_no_items_and_exempt_items_stay_exempt(session, clock):
    meeting = MeetingFactory(status="published")
    item = AgendaItemFactory(meeting=meeting, exempt=True, exempt_paragraph=1, exempt_reason="x")
    with pytest.raises(DomainError, match="cannot be removed from a published agenda"):
        agenda.remove_item(session, item, now=clock.now, expected_version=None)
    with pytest.raises(DomainError, match="published as exempt"):
        agenda.update_item(item, title=item.title, now=clock.now, expected_version=None)


def test_a_committee_template_replaces_the_default_standard_items(session, clock):
    committee = CommitteeFactory()
    session.add(
        StandardItem(committee_id=committee.id, position=1, kind="apologies", title="Apologies")
    )
    session.commit()
    meeting = MeetingFactory(committee=committee)
    agenda.add_standard_items(session, meeting)
    assert [t for _, t in _titles(session, meeting)] == ["Apologies"]


def test_pulling_a_planned_report_is_idempotent_and_keeps_the_link(session, clock):
    meeting = MeetingFactory()
    first = agenda.add_planned_report(
        session, meeting, planned_report_id=41, title="SEND inspection action plan", now=clock.now
    )
    again = agenda.add_planned_report(
        session, meeting, planned_report_id=41, title="SEND inspection action plan", now=clock.now
    )
    assert first.id == again.id
    assert first.planned_report_id == 41
    assert len(agenda.agenda_items(session, meeting)) == 1
