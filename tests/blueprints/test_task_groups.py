"""Task-and-finish group pages: set-up from the programme, members, notes, report, agenda item."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from scrutiny.extensions import db
from scrutiny.models import AgendaItem, Membership, TaskGroup
from scrutiny.services.files import pdf_safety
from scrutiny.services.files.simple_pdf import text_pdf
from scrutiny.services.programme import task_groups, work_programme
from tests.factories import CommitteeFactory, MeetingFactory, MembershipFactory, UserFactory


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def panel():
    committee = CommitteeFactory(name="CYPS Panel", slug="cyps-panel", minute_prefix="CYPS")
    db.session.commit()
    return committee


@pytest.fixture
def group(panel):
    made = task_groups.create_group(
        db.session,
        panel,
        name="Transport TFG",
        topic="SEND transport",
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 12, 31),
    )
    task_groups.change_status(made, "active", expected_version=None)
    task_groups.add_session(
        db.session,
        made,
        kind="evidence",
        held_on=date(2026, 6, 10),
        title="Evidence from parents",
        notes="Parents described missed pick-ups.",
    )
    db.session.commit()
    return made


def test_the_officer_sets_up_a_group_from_an_active_project(panel, client_as, clock):
    row = work_programme.add_row(
        db.session,
        panel,
        section="active",
        topic="Elective home education",
        reason="Numbers doubled",
        now=clock.now,
    )
    officer = client_as("officer")
    form_page = _text(officer.get(f"/committees/cyps-panel/task-groups/new?row={row.id}"))
    assert 'value="Elective home education task-and-finish group"' in form_page
    assert "Numbers doubled" in form_page
    response = officer.post(
        f"/committees/cyps-panel/task-groups/new?row={row.id}",
        data={
            "name": "EHE task-and-finish group",
            "topic": "Elective home education",
            "reason": "Numbers doubled",
            "starts_on": ["1", "7", "2026"],
            "ends_on": ["31", "3", "2027"],
            "lead_officer_id": str(officer.user.id),
        },
    )
    assert response.status_code == 302
    group = db.session.scalars(select(TaskGroup)).one()
    page = _text(officer.get(response.headers["Location"]))
    assert "EHE task-and-finish group" in page and "Proposed" in page
    assert officer.user.name in page
    programme = _text(officer.get("/committees/cyps-panel/work-programme"))
    assert f"/task-groups/{group.id}" in programme
    panel_page = _text(officer.get("/committees/cyps-panel"))
    assert "EHE task-and-finish group" in panel_page
    assert "1 July 2026 to 31 March 2027" in panel_page


def test_an_end_before_the_start_is_shown_on_the_form_and_nothing_is_made(panel, client_as):
    officer = client_as("officer")
    page = _text(
        officer.post(
            "/committees/cyps-panel/task-groups/new",
            data={
                "name": "Backwards group",
                "topic": "Something",
                "starts_on": ["1", "9", "2026"],
                "ends_on": ["1", "8", "2026"],
            },
        )
    )
    assert "govuk-error-summary" in page
    assert "The end date must be on or after the start date" in page
    assert 'value="Backwards group"' in page
    assert db.session.scalar(select(TaskGroup.id)) is None


def test_a_plain_councillor_cannot_set_up_a_group_but_the_chairman_can(panel, client_as):
    councillor = client_as("councillor")
    assert councillor.get("/committees/cyps-panel/task-groups/new").status_code == 403
    chairman = client_as("councillor")
    MembershipFactory(committee=panel, user=chairman.user, role="chairman")
    assert chairman.get("/committees/cyps-panel/task-groups/new").status_code == 200


def test_the_public_sees_the_group_but_not_its_session_notes(group, panel, client, client_as):
    public = _text(client.get(f"/task-groups/{group.id}"))
    assert "SEND transport" in public and "Evidence from parents" in public
    assert "missed pick-ups" not in public
    member = client_as("councillor")
    MembershipFactory(committee=panel, user=member.user)
    assert "missed pick-ups" in _text(member.get(f"/task-groups/{group.id}"))


def test_adding_someone_not_on_the_panel_is_refused(group, panel, client_as):
    officer = client_as("officer")
    outsider = UserFactory(name="Not On Panel")
    response = officer.post(
        f"/task-groups/{group.id}/members",
        data={"user_id": str(outsider.id), "role": "member"},
        follow_redirects=True,
    )
    assert "Only current members of CYPS Panel can join this group" in _text(response)
    assert db.session.scalar(select(Membership).where(Membership.user_id == outsider.id)) is None


def test_the_final_report_is_private_until_the_group_reports(group, client, client_as):
    officer = client_as("officer")
    pdf = text_pdf("Final report", 3)
    kept = pdf_safety.clean(pdf).data  # uploads are kept cleaned of active content
    response = officer.post(
        f"/task-groups/{group.id}/report",
        data={"file": (io.BytesIO(pdf), "final-report.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert officer.get(f"/task-groups/{group.id}/report").data == kept
    assert client.get(f"/task-groups/{group.id}/report").status_code == 404
    public_page = _text(client.get(f"/task-groups/{group.id}"))
    assert "will be published when the group reports" in public_page
    db.session.refresh(group)
    officer.post(
        f"/task-groups/{group.id}/status", data={"status": "reporting", "version": group.version}
    )
    assert client.get(f"/task-groups/{group.id}/report").data == kept


def test_a_stale_status_change_is_refused(group, client_as):
    officer = client_as("officer")
    stale = group.version
    task_groups.update_group(
        db.session,
        group,
        topic="SEND transport (revised)",
        starts_on=group.starts_on,
        ends_on=group.ends_on,
        reason="",
        scope="",
        method="",
        timeline="",
        lead_officer_id=None,
        expected_version=None,
    )
    db.session.commit()
    page = _text(
        officer.post(
            f"/task-groups/{group.id}/status",
            data={"status": "reporting", "version": stale},
            follow_redirects=True,
        )
    )
    assert "changed" in page.lower()
    db.session.refresh(group)
    assert group.status == "active"


def test_the_meeting_page_adds_the_task_and_finish_update_item(group, panel, client_as):
    meeting = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 14, 17, tzinfo=UTC))
    db.session.commit()
    officer = client_as("officer")
    meeting_page = _text(officer.get(f"/meetings/{meeting.id}"))
    assert "Add an update on task-and-finish groups" in meeting_page
    officer.post(f"/meetings/{meeting.id}/task-groups-update", data={"version": meeting.version})
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id))
    assert item.title == "Task-and-finish groups update"
    assert "Transport TFG: active" in item.description
