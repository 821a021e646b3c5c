"""Scheduler visibility: the admins' job page, carried items on agendas, the reminder setting."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scrutiny.extensions import db
from scrutiny.models import Action
from scrutiny.scheduler import run_all_jobs
from tests.factories import (
    CommitteeFactory,
    MeetingFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _overdue_world():
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    meeting = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    post = PostFactory(name="Head of Music Service")
    PostHoldingFactory(post=post, user=UserFactory(name="Hana Holder"))
    action = Action(
        description="Fund the music hubs",
        reference="CYPS/2026/01-A1",
        due_on=date(2026, 6, 1),
        status="in_progress",
        committee=panel,
    )
    action.owner_posts = [post]
    db.session.add(action)
    db.session.commit()
    return meeting, action


def test_a_tick_shows_on_the_admins_page_and_the_agenda_links_back(app, client_as, clock):
    meeting, action = _overdue_world()
    summary = run_all_jobs(app, clock.now)
    assert summary["items_rolled_over"] == 1 and summary["reminders_queued"] == 1
    admin = client_as("admin")
    page = _text(admin.get("/admin/scheduler"))
    assert "rollover" in page and "items rolled over: 1" in page and "Ok" in page
    officer = client_as("officer")
    agenda = _text(officer.get(f"/meetings/{meeting.id}"))
    assert "Overdue actions and responses" in agenda
    assert f'href="/actions/{action.id}">Action CYPS/2026/01-A1</a>' in agenda
    assert "Due 1 June 2026; 14 days overdue on 15 June 2026" in agenda
    action_page = _text(officer.get(f"/actions/{action.id}"))
    assert "Carried to agendas" in action_page and "CYPS Panel" in action_page
    assert "Hana Holder" in action_page  # the reminder sent to the post holder


def test_only_admins_see_the_scheduler_page(client_as):
    assert client_as("officer").get("/admin/scheduler").status_code == 403


def test_a_user_chooses_a_daily_digest(client_as):
    owner = client_as("owner")
    page = _text(owner.get("/account/reminders"))
    assert "When would you like news such as a published agenda?" in page
    owner.post("/account/reminders", data={"mode": "digest"})
    db.session.refresh(owner.user)
    assert owner.user.reminder_mode == "digest"
    assert "in one email a day" in _text(owner.get("/dashboard"))
