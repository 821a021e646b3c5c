"""The work programme: proposals, agreement, moves between sections, planned reports."""

from datetime import UTC, date, datetime

import pytest

from scrutiny.models import AgendaItem, Section
from scrutiny.services.core.errors import DomainError
from scrutiny.services.core.exemption import EVERYONE
from scrutiny.services.programme import work_programme
from tests.factories import CommitteeFactory, MeetingFactory, UserFactory


def test_a_proposal_needs_agreement_before_it_is_scheduled(session, clock):
    panel = CommitteeFactory()
    councillor = UserFactory(roles=["councillor"])
    row = work_programme.propose(
        session,
        panel,
        topic="Home to school transport",
        reason="Complaints from parents",
        method="Task-and-finish group",
        user_id=councillor.id,
        now=clock.now,
    )
    assert row.section == Section.PROPOSED and row.year_start == date(2026, 5, 1)
    with pytest.raises(DomainError, match="Record when the panel agreed"):
        work_programme.move_to(session, row, Section.SCHEDULED, expected_version=None)
    row.agreed_on = date(2026, 6, 11)
    assert work_programme.move_to(session, row, Section.SCHEDULED, expected_version=None) is None
    with pytest.raises(DomainError, match="cannot move"):
        work_programme.move_to(session, row, Section.BRIEFING, expected_version=None)


def test_a_third_active_project_is_allowed_with_a_warning(session, clock):
    panel = CommitteeFactory()
    rows = [
        work_programme.add_row(
            session, panel, section=Section.SCHEDULED, topic=f"Topic {n}", now=clock.now
        )
        for n in range(3)
    ]
    assert work_programme.move_to(session, rows[0], Section.ACTIVE, expected_version=None) is None
    work_programme.move_to(session, rows[1], Section.ACTIVE, expected_version=None)
    warning = work_programme.move_to(session, rows[2], Section.ACTIVE, expected_version=None)
    assert "3 active projects" in warning
    programme = work_programme.programme_for(session, panel, date(2026, 5, 1), audience=EVERYONE)
    assert programme.too_many_active


def test_priorities_reorder_within_the_section(session, clock):
    panel = CommitteeFactory()
    first, second = (
        work_programme.add_row(session, panel, section=Section.PROPOSED, topic=t, now=clock.now)
        for t in ("First", "Second")
    )
    work_programme.reorder(session, second, "up")
    programme = work_programme.programme_for(session, panel, date(2026, 5, 1), audience=EVERYONE)
    assert [r.topic for r in programme.sections[Section.PROPOSED]] == ["Second", "First"]


def test_reports_are_planned_only_for_future_meetings_of_the_committee(session, clock):
    panel, other = CommitteeFactory(), CommitteeFactory()
    past = MeetingFactory(committee=panel, starts_at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    elsewhere = MeetingFactory(committee=other)
    for meeting, message in ((past, "future meeting"), (elsewhere, "meeting of this committee")):
        with pytest.raises(DomainError, match=message):
            work_programme.add_row(
                session,
                panel,
                section=Section.AGENDA_REPORT,
                topic="SEND",
                planned_meeting_id=meeting.id,
                now=clock.now,
            )


def test_planned_reports_are_pulled_into_the_agenda_exactly_once(session, clock):
    panel = CommitteeFactory()
    meeting = MeetingFactory(committee=panel, status="scheduled")
    row = work_programme.add_row(
        session,
        panel,
        section=Section.AGENDA_REPORT,
        topic="SEND inspection action plan",
        reason="To monitor progress",
        contact="Head of SEND",
        planned_meeting_id=meeting.id,
        now=clock.now,
    )
    assert (
        work_programme.pull_into_agenda(session, meeting, now=clock.now, expected_version=None) == 1
    )
    assert (
        work_programme.pull_into_agenda(session, meeting, now=clock.now, expected_version=None) == 0
    )
    item = session.query(AgendaItem).filter_by(meeting_id=meeting.id).one()
    assert item.title == "SEND inspection action plan"
    assert item.planned_report_id == row.id and row.agenda_item_id == item.id
