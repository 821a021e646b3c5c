"""Task-and-finish groups: set-up, members from the panel, sessions, status, report, drafts."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from scrutiny.models import AgendaItem, OutboxMessage, Recommendation, Section
from scrutiny.services.core.errors import DomainError
from scrutiny.services.core.exemption import EVERYONE
from scrutiny.services.files.simple_pdf import text_pdf
from scrutiny.services.programme import task_groups, work_programme
from tests.factories import CommitteeFactory, MeetingFactory, MembershipFactory, UserFactory

PDF = text_pdf("Final report of the SEND transport group", 2)


@pytest.fixture
def panel(session):
    return CommitteeFactory(name="CYPS Panel", slug="cyps", minute_prefix="CYPS")


def _group(session, panel, **overrides):
    values = {
        "name": "SEND transport task-and-finish group",
        "topic": "SEND home to school transport",
        "starts_on": date(2026, 7, 1),
        "ends_on": date(2026, 12, 31),
    } | overrides
    return task_groups.create_group(session, panel, **values)


def test_a_group_made_from_an_active_project_takes_its_details_and_links_back(
    session, panel, clock
):
    row = work_programme.add_row(
        session,
        panel,
        section=Section.ACTIVE,
        topic="Elective home education",
        reason="Numbers have doubled",
        method="Task-and-finish group",
        timeline="Report by March",
        now=clock.now,
    )
    defaults = task_groups.defaults_from_row(row)
    officer = UserFactory(roles=["officer"])
    group = task_groups.create_group(
        session,
        panel,
        starts_on=date(2026, 7, 1),
        ends_on=date(2027, 3, 31),
        lead_officer_id=officer.id,
        programme_item_id=row.id,
        **defaults,
    )
    assert group.committee.kind == "task_and_finish" and group.committee.parent is panel
    assert group.reason == "Numbers have doubled" and group.status == "proposed"
    assert row.task_group is group
    with pytest.raises(DomainError, match="already has a task-and-finish group"):
        task_groups.create_group(
            session,
            panel,
            starts_on=date(2026, 7, 1),
            ends_on=date(2027, 3, 31),
            programme_item_id=row.id,
            **defaults,
        )


def test_an_end_before_the_start_is_refused_and_nothing_is_made(session, panel):
    with pytest.raises(DomainError, match="end date must be on or after") as error:
        _group(session, panel, ends_on=date(2026, 6, 30))
    assert error.value.field == "ends_on"
    assert task_groups.groups_of(session, panel) == []


def test_a_councillor_cannot_be_the_lead_officer(session, panel):
    councillor = UserFactory(roles=["councillor"])
    with pytest.raises(DomainError, match="lead officer"):
        _group(session, panel, lead_officer_id=councillor.id)


def test_only_panel_members_join_and_each_is_told(session, panel, clock):
    group = _group(session, panel)
    member = MembershipFactory(committee=panel, user=UserFactory(name="Wendy Griggs")).user
    outsider = UserFactory(name="Someone Else")
    task_groups.add_member(session, group, user_id=member.id, role="chairman", now=clock.now)
    with pytest.raises(DomainError, match="Only current members of CYPS Panel"):
        task_groups.add_member(session, group, user_id=outsider.id, role="member", now=clock.now)
    assert [m.user.name for m in task_groups.group_members(session, group, date(2026, 6, 15))] == [
        "Wendy Griggs"
    ]
    mails = session.scalars(select(OutboxMessage)).all()
    assert [m.recipient for m in mails] == [member.email]
    assert "SEND transport task-and-finish group" in mails[0].subject


def test_inviting_the_panel_mails_each_member_not_yet_in_the_group_once(session, panel, clock):
    group = _group(session, panel)
    joined, invited = (MembershipFactory(committee=panel).user for _ in range(2))
    MembershipFactory(committee=panel, user=UserFactory(active=False))
    task_groups.add_member(session, group, user_id=joined.id, role="member", now=clock.now)
    assert task_groups.invite_panel(session, group, now=clock.now) == 1
    assert task_groups.invite_panel(session, group, now=clock.now) == 1  # same dedupe key
    invitations = session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like("task-group-invite:%"))
    ).all()
    assert [m.recipient for m in invitations] == [invited.email]
    assert "SEND home to school transport" in invitations[0].body_text


def test_status_moves_forward_and_completion_needs_the_final_report(session, panel, clock):
    group = _group(session, panel)
    with pytest.raises(DomainError, match="proposed group cannot become complete"):
        task_groups.change_status(group, "complete", expected_version=None)
    task_groups.change_status(group, "active", expected_version=None)
    task_groups.change_status(group, "reporting", expected_version=None)
    with pytest.raises(DomainError, match="Attach the group's final report"):
        task_groups.change_status(group, "complete", expected_version=None)
    task_groups.attach_report(group, PDF, filename="final.pdf", now=clock.now)
    task_groups.change_status(group, "complete", expected_version=None)
    assert group.status == "complete" and group.report_type == "pdf"


def test_a_report_that_is_not_a_pdf_or_word_file_is_refused(session, panel, clock):
    group = _group(session, panel)
    task_groups.change_status(group, "active", expected_version=None)
    with pytest.raises(DomainError, match="PDF or a Word"):
        task_groups.attach_report(group, b"MZ not a report", filename="x.pdf", now=clock.now)
    assert group.report_sha256 is None


def test_sessions_cannot_predate_the_group(session, panel):
    group = _group(session, panel)
    with pytest.raises(DomainError, match="before the group started"):
        task_groups.add_session(
            session, group, kind="visit", held_on=date(2026, 6, 1), title="Visit"
        )
    task_groups.add_session(
        session,
        group,
        kind="evidence",
        held_on=date(2026, 7, 10),
        title="Evidence from the transport team",
        witnesses="Head of Transport",
        notes="Routes are planned in June.",
    )
    assert [s.title for s in group.sessions] == ["Evidence from the transport team"]


def test_drafts_become_recommendations_only_when_the_parent_panel_agrees_them_at_a_meeting(
    session, panel, clock
):
    group = _group(session, panel)
    task_groups.draft_recommendation(
        session, group, text="Publish transport routes by July", addressed_to="The Executive"
    )
    other_panel_meeting = MeetingFactory(starts_at=datetime(2026, 6, 1, 18, tzinfo=UTC))
    future = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 18, tzinfo=UTC))
    held = MeetingFactory(committee=panel, starts_at=datetime(2026, 6, 10, 18, tzinfo=UTC))
    with pytest.raises(DomainError, match="meeting of the parent panel"):
        task_groups.agree_recommendations(session, group, other_panel_meeting, now=clock.now)
    with pytest.raises(DomainError, match="meeting it has held"):
        task_groups.agree_recommendations(session, group, future, now=clock.now)
    programme = work_programme.programme_for(session, panel, date(2026, 5, 1), audience=EVERYONE)
    assert programme.awaiting_response == [] and programme.implementation == []

    assert task_groups.agree_recommendations(session, group, held, now=clock.now) == 1
    recommendation = session.scalars(select(Recommendation)).one()
    assert recommendation.status == "agreed" and recommendation.reference == "CYPS/2026/01"
    assert recommendation.committee_id == panel.id
    assert recommendation.agreed_on == date(2026, 6, 10)
    programme = work_programme.programme_for(session, panel, date(2026, 5, 1), audience=EVERYONE)
    assert programme.awaiting_response == [recommendation]
    with pytest.raises(DomainError, match="no draft recommendations"):
        task_groups.agree_recommendations(session, group, held, now=clock.now)


def test_the_update_item_lists_each_group_and_is_refreshed_not_duplicated(session, panel, clock):
    group = _group(session, panel, lead_officer_id=UserFactory(roles=["officer"], name="Ann").id)
    task_groups.change_status(group, "active", expected_version=None)
    meeting = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 14, 9, tzinfo=UTC))
    item = task_groups.add_update_item(session, meeting, now=clock.now)
    assert item.title == "Task-and-finish groups update"
    assert "SEND transport task-and-finish group: active" in item.description
    assert "0 sessions held; lead officer Ann" in item.description
    task_groups.add_session(
        session, group, kind="visit", held_on=date(2026, 7, 2), title="Depot visit"
    )
    again = task_groups.add_update_item(session, meeting, now=clock.now)
    assert again is item and "1 session held" in item.description
    items = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).all()
    assert len(items) == 1


def test_the_update_item_of_a_published_agenda_is_not_rewritten(session, panel, clock):
    _group(session, panel)
    meeting = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 14, 9, tzinfo=UTC))
    item = task_groups.add_update_item(session, meeting, now=clock.now)
    before = item.description
    meeting.status = "published"
    with pytest.raises(DomainError, match="has been published: 'Task-and-finish groups update'"):
        task_groups.add_update_item(session, meeting, now=clock.now)
    assert item.description == before
