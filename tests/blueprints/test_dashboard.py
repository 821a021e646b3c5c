"""Home pages as work queues: each role finds its work, worded and linked to where it is done,
and the page costs the same number of queries with 10 or 1,000 rows waiting."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from scrutiny.extensions import db
from scrutiny.models import (
    Action,
    Committee,
    OutboxMessage,
    ProgrammeItem,
    Recommendation,
    TaskGroup,
)
from scrutiny.models.actions import action_owner_posts
from scrutiny.models.scheduling import Carry, JobRun, Reminder
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)
from tests.helpers import QueryCounter

#: The "My actions" link in the main menu.
MENU_MY_ACTIONS = re.compile(r'navigation__link" href="/my-actions">\s*My actions\s*</a>')
#: The tests' clock starts on Monday 15 June 2026 (conftest.START).
TODAY = date(2026, 6, 15)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 1, 0, tzinfo=UTC)  # 9am BST


def _page(client) -> str:
    response = client.get("/dashboard")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _link(page: str, href: str, text: str) -> bool:
    return f'href="{href}">{text}</a>' in page


def _rec(panel: Committee, reference: str, due: date, **fields) -> Recommendation:
    rec = Recommendation(
        reference=reference,
        text=fields.pop("text", f"Recommendation {reference}"),
        addressed_to="The Executive",
        committee_id=panel.id,
        status=fields.pop("status", "submitted"),
        response_due_on=due,
        **fields,
    )
    db.session.add(rec)
    return rec


def _action(post, reference: str, due: date | None, **fields) -> Action:
    action = Action(
        reference=reference,
        description=fields.pop("description", f"Action {reference}"),
        due_on=due,
        status="not_started",
        **fields,
    )
    action.owner_posts = [post]
    db.session.add(action)
    return action


@pytest.fixture
def panel():
    return CommitteeFactory(name="CYPS Panel", slug="cyps-panel", minute_prefix="CYPS")


def test_officers_see_agendas_to_publish_with_their_deadline_and_status(client_as, panel):
    officer = client_as("officer")
    # Friday 26 June: five clear working days back, publish by Thursday 18 June.
    soon = MeetingFactory(committee=panel, starts_at=_at(date(2026, 6, 26)), status="scheduled")
    # Friday 19 June: the deadline was Thursday 11 June.
    late = MeetingFactory(committee=panel, starts_at=_at(date(2026, 6, 19)), status="draft")
    published = MeetingFactory(
        committee=panel, starts_at=_at(date(2026, 7, 10)), status="published"
    )
    MeetingFactory(committee=panel, starts_at=_at(date(2026, 7, 1)), status="cancelled")
    page = _page(officer)
    assert "2 agendas still to publish." in page
    assert _link(page, f"/meetings/{soon.id}", "CYPS Panel, 26 June 2026: scheduled")
    assert "publish by 18 June 2026: due in 3 working days" in page
    assert _link(page, f"/meetings/{late.id}", "CYPS Panel, 19 June 2026: draft")
    assert 'govuk-tag--red">publish by 11 June 2026: late' in page
    assert _link(page, f"/meetings/{published.id}", "CYPS Panel, 10 July 2026: published")
    assert "1 July 2026" not in page


def test_the_meeting_page_and_the_home_page_word_the_deadline_alike(client_as, panel):
    officer = client_as("officer")
    soon = MeetingFactory(committee=panel, starts_at=_at(date(2026, 6, 26)), status="scheduled")
    page = officer.get(f"/meetings/{soon.id}").get_data(as_text=True)
    assert "Due in 3 working days" in page


def test_officers_see_minutes_to_write_and_to_approve(client_as, panel):
    officer = client_as("officer")
    held = MeetingFactory(committee=panel, starts_at=_at(date(2026, 6, 1)), status="held")
    unmarked = MeetingFactory(committee=panel, starts_at=_at(date(2026, 6, 8)), status="published")
    drafted = MeetingFactory(
        committee=panel, starts_at=_at(date(2026, 5, 20)), status="minutes_draft"
    )
    page = _page(officer)
    assert _link(page, f"/meetings/{held.id}/minutes", "CYPS Panel, 1 June 2026")
    assert "no minutes yet" in page
    assert _link(page, f"/meetings/{unmarked.id}", "CYPS Panel, 8 June 2026")
    assert "mark as held" in page
    assert "Draft minutes awaiting approval" in page
    assert _link(page, f"/meetings/{drafted.id}/minutes", "CYPS Panel, 20 May 2026")


def test_officers_chase_responses_overdue_or_due_within_14_days(client_as, panel):
    officer = client_as("officer")
    overdue = _rec(panel, "CYPS/2026/01", date(2026, 6, 10), text="Publish the SEND strategy")
    soon = _rec(panel, "CYPS/2026/02", date(2026, 6, 20))
    _rec(panel, "CYPS/2026/03", date(2026, 8, 1))
    db.session.commit()
    page = _page(officer)
    assert "1 overdue, 1 due in the next 14 days." in page
    assert _link(
        page,
        f"/recommendations/{overdue.id}",
        "CYPS/2026/01: Publish the SEND strategy (CYPS Panel)",
    )
    assert "overdue by 5 days; no executive member named to remind" in page
    assert f'href="/recommendations/{soon.id}"' in page and "5 days left" in page
    assert "CYPS/2026/03" not in page
    assert 'href="/recommendations?status=response_overdue"' in page


def test_officers_see_items_carried_to_three_agendas(client_as, panel):
    officer = client_as("officer")
    post = PostFactory(name="Head of Inclusion")
    PostHoldingFactory(post=post)
    action = _action(post, "CYPS/2025/09-A1", date(2026, 3, 31), description="Fund the hubs")
    once = _action(post, "CYPS/2025/09-A2", date(2026, 3, 31))
    db.session.flush()
    for month in (4, 5, 6):
        item = AgendaItemFactory(
            meeting=MeetingFactory(committee=panel, starts_at=_at(date(2026, month, 1)))
        )
        for carried in [action] + ([once] if month == 6 else []):
            db.session.add(
                Carry(
                    meeting_id=item.meeting_id,
                    agenda_item_id=item.id,
                    item_type="action",
                    item_id=carried.id,
                    carried_at=_at(date(2026, month, 1)),
                    reason="Overdue",
                )
            )
    db.session.commit()
    page = _page(officer)
    assert "1 action and 0 responses" in page
    assert _link(page, f"/actions/{action.id}", "CYPS/2025/09-A1: Fund the hubs")
    assert "carried to 3 meetings" in page
    assert f'href="/actions/{once.id}"' not in page


def test_officers_see_proposals_awaiting_agreement(client_as, panel):
    officer = client_as("officer")
    proposer = UserFactory(name="Wendy Griggs", roles=["councillor"])
    for topic, agreed in (("Home to school transport", None), ("Youth services", TODAY)):
        db.session.add(
            ProgrammeItem(
                committee_id=panel.id,
                year_start=date(2026, 5, 1),
                section="proposed",
                position=1,
                topic=topic,
                agreed_on=agreed,
                proposed_by_id=proposer.id,
            )
        )
    db.session.commit()
    page = _page(officer)
    assert "1 proposal to put to a panel meeting." in page
    assert _link(
        page, "/committees/cyps-panel/work-programme", "Home to school transport (CYPS Panel)"
    )
    assert "proposed by Wendy Griggs" in page
    assert "Youth services" not in page


def test_what_could_not_be_sent_is_reported_to_officers_never_lost(client_as, panel):
    officer = client_as("officer")
    UserFactory(name="Nemo Address", email="", roles=["owner"])
    orphan = PostFactory(name="Head of Nothing")
    _action(orphan, "X1", date(2026, 7, 1))
    held = PostFactory(name="Head of Something")
    PostHoldingFactory(post=held)
    _action(held, "X2", date(2026, 7, 1))
    message = OutboxMessage(
        dedupe_key="reminder:1",
        recipient="gone@council.example",
        subject="CYPS/2026/01 is overdue",
        body_text="...",
        status="failed",
        attempts=5,
        last_error="SMTPRecipientsRefused",
    )
    db.session.add(message)
    db.session.flush()
    db.session.add(
        Reminder(
            item_type="recommendation",
            item_id=7,
            occasion="missed",
            recipient_id=officer.user.id,
            text="Response overdue",
            link="https://scrutiny.council.example/recommendations/7",
            created_at=_at(TODAY),
            outbox_id=message.id,
        )
    )
    db.session.commit()
    page = _page(officer)
    assert "Could not be done automatically" in page
    assert "1 person with no email address, 1 post with open actions and no holder" in page
    assert "Nemo Address has no email address" in page and "ask an administrator" in page
    assert _link(
        page,
        f"/admin/posts/{orphan.id}",
        "Head of Nothing has no holder: 1 open action with no one to chase",
    )
    assert "Head of Something" not in page
    assert _link(
        page,
        "https://scrutiny.council.example/recommendations/7",
        "Email to gone@council.example not delivered: CYPS/2026/01 is overdue",
    )
    assert "failed after 5 attempts" in page


def test_councillors_see_their_meetings_responses_programme_and_groups(client_as, panel, clock):
    councillor = client_as("councillor")
    MembershipFactory(committee=panel, user=councillor.user, role="chairman")
    other = CommitteeFactory(name="Adult Services Panel")
    meeting = MeetingFactory(committee=panel, starts_at=_at(date(2026, 7, 6)), status="published")
    MeetingFactory(committee=panel, starts_at=_at(date(2026, 7, 20)), status="draft")
    MeetingFactory(committee=other, starts_at=_at(date(2026, 7, 7)), status="published")
    rec = _rec(panel, "CYPS/2026/04", date(2026, 6, 25), text="Extend the hubs")
    _rec(other, "ASP/2026/01", date(2026, 6, 25))
    db.session.add(
        ProgrammeItem(
            committee_id=panel.id,
            year_start=date(2026, 5, 1),
            section="agenda_report",
            position=1,
            topic="Elective home education",
            planned_meeting_id=meeting.id,
        )
    )
    group_committee = CommitteeFactory(name="SEND T&F", kind="task_and_finish", parent=panel)
    MembershipFactory(committee=group_committee, user=councillor.user)
    group = TaskGroup(
        committee_id=group_committee.id,
        topic="SEND transport",
        starts_on=date(2026, 5, 1),
        ends_on=date(2026, 11, 30),
        status="active",
    )
    db.session.add(group)
    db.session.commit()
    page = _page(councillor)
    assert _link(page, f"/meetings/{meeting.id}", "CYPS Panel, 6 July 2026")
    assert "agenda published" in page
    assert "20 July 2026" not in page and "Adult Services Panel" not in page
    assert _link(page, f"/recommendations/{rec.id}", "CYPS/2026/04: Extend the hubs (CYPS Panel)")
    assert "10 days left" in page and "ASP/2026/01" not in page
    assert _link(
        page, "/committees/cyps-panel/work-programme", "Elective home education (CYPS Panel)"
    )
    assert "report due at the meeting on 6 July 2026" in page
    assert _link(page, f"/task-groups/{group.id}", "SEND transport")
    assert "active, reports by 30 November 2026" in page
    assert _link(page, "/committees/cyps-panel", "CYPS Panel (Chairman)")


def test_owners_see_overdue_due_soon_and_recurring_actions_and_my_actions_menu(client_as):
    owner = client_as("owner")
    post = PostFactory(name="Head of Service Front Door")
    PostHoldingFactory(post=post, user=owner.user)
    late = _action(post, "SP1/1", date(2026, 6, 1))
    soon = _action(post, "SP1/2", date(2026, 6, 18))
    _action(post, "SP1/3", date(2026, 9, 1))
    regular = _action(post, "SP1/4", date(2026, 6, 25), due_kind="recurring", recurrence="monthly")
    _action(PostFactory(), "OTHER/1", date(2026, 6, 1))
    db.session.commit()
    page = _page(owner)
    assert "You hold Head of Service Front Door. 4 open actions, 1 overdue." in page
    assert (
        _link(page, f"/actions/{late.id}", "SP1/1: Action SP1/1") and "overdue by 14 days" in page
    )
    assert _link(page, f"/actions/{soon.id}", "SP1/2: Action SP1/2") and "3 days left" in page
    assert "SP1/3" not in page and "OTHER/1" not in page
    assert "Recurring updates due" in page
    assert _link(page, f"/actions/{regular.id}", "SP1/4: Action SP1/4") and "10 days left" in page
    assert MENU_MY_ACTIONS.search(page)


def test_executives_see_responses_with_the_days_left(client_as, panel):
    executive = client_as("executive")
    mine = _rec(panel, "CYPS/2026/05", date(2026, 6, 19), responder_id=executive.user.id)
    _rec(panel, "CYPS/2026/06", date(2026, 6, 19))
    db.session.commit()
    page = _page(executive)
    assert "1 recommendation awaiting your response." in page
    assert _link(page, f"/recommendations/{mine.id}", "CYPS/2026/05: respond by 19 June 2026")
    assert "4 days left" in page
    assert "CYPS/2026/06" not in page
    assert not MENU_MY_ACTIONS.search(page)


def test_admins_see_job_health_and_outbox_failures(client_as, clock):
    admin = client_as("admin")
    db.session.add_all(
        [
            JobRun(job="rollover", as_at=clock.now, started_at=clock.now, status="ok"),
            JobRun(job="housekeeping", as_at=clock.now, started_at=clock.now, status="ok"),
            JobRun(
                job="reminders",
                as_at=clock.now,
                started_at=clock.now,
                status="failed",
                error="OperationalError: database is locked",
            ),
            JobRun(
                job="mail-flush",
                as_at=clock.now - timedelta(hours=2),
                started_at=clock.now - timedelta(hours=2),
                status="ok",
            ),
            OutboxMessage(
                dedupe_key="x",
                recipient="gone@council.example",
                subject="Your reminders",
                body_text=".",
                status="failed",
                last_error="SMTPRecipientsRefused",
            ),
        ]
    )
    db.session.commit()
    page = _page(admin)
    assert "2 jobs needing attention." in page
    assert _link(page, "/admin/scheduler", "reminders: last run 15 June 2026, 10:00am")
    assert "failed: OperationalError: database is locked" in page
    assert "not run on time" in page
    assert "1 email could not be delivered." in page
    assert _link(page, "/admin/outbox?status=failed", "To gone@council.example: Your reminders")


def _grow(n: int, *, panel, post, user, start: int) -> None:
    """Add n rows of every kind a home page lists, in bulk."""
    now = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
    stamps = {"created_at": now, "updated_at": now, "version": 1}
    meetings = [
        {
            "committee_id": panel.id,
            "starts_at": now + timedelta(days=1 + i % 200),
            "status": "scheduled",
            "venue": "",
            "formal": True,
            **stamps,
        }
        for i in range(n)
    ] + [
        {
            "committee_id": panel.id,
            "starts_at": now - timedelta(days=1 + i % 200),
            "status": ("held", "minutes_draft")[i % 2],
            "venue": "",
            "formal": True,
            **stamps,
        }
        for i in range(n)
    ]
    db.session.execute(insert(db.metadata.tables["meetings"]), meetings)
    db.session.execute(
        insert(Recommendation.__table__),
        [
            {
                "reference": f"R/{start + i}",
                "text": "Text",
                "addressed_to": "The Executive",
                "committee_id": panel.id,
                "status": "submitted",
                "response_due_on": TODAY + timedelta(days=i * 3 % 20 - 10),
                "responder_id": user.id,
                **stamps,
            }
            for i in range(n)
        ],
    )
    db.session.execute(
        insert(Action.__table__),
        [
            {
                "id": start + i,
                "reference": f"A/{start + i}",
                "description": "Do it",
                "due_on": TODAY + timedelta(days=i * 3 % 20 - 10),
                "status": "not_started",
                "due_kind": ("date", "recurring")[i % 2],
                "position": 0,
                **stamps,
            }
            for i in range(n)
        ],
    )
    db.session.execute(
        insert(action_owner_posts),
        [{"action_id": start + i, "post_id": post.id} for i in range(n)],
    )
    db.session.execute(
        insert(ProgrammeItem.__table__),
        [
            {
                "committee_id": panel.id,
                "year_start": date(2026, 5, 1),
                "section": ("proposed", "briefing")[i % 2],
                "position": i,
                "topic": f"Topic {start + i}",
                "held_on": TODAY + timedelta(days=i % 30),
                **stamps,
            }
            for i in range(n)
        ],
    )
    db.session.execute(
        insert(OutboxMessage.__table__),
        [
            {
                "dedupe_key": f"k{start + i}",
                "recipient": "a@b.example",
                "subject": "S",
                "body_text": ".",
                "status": "failed",
                "created_at": now,
                "next_attempt_at": now,
                "attempts": 5,
            }
            for i in range(n)
        ],
    )
    db.session.commit()


def test_every_home_page_costs_the_same_queries_with_10_or_1000_rows(client_as, panel):
    everyone = client_as("admin", "officer", "councillor", "owner", "executive")
    MembershipFactory(committee=panel, user=everyone.user)
    post = PostFactory()
    PostHoldingFactory(post=post, user=everyone.user)
    _grow(10, panel=panel, post=post, user=everyone.user, start=1)
    with QueryCounter() as few:
        few_page = _page(everyone)
    _grow(990, panel=panel, post=post, user=everyone.user, start=1001)
    with QueryCounter() as many:
        many_page = _page(everyone)
    assert "1000 emails could not be delivered." in many_page
    assert "10 emails could not be delivered." in few_page
    assert many.count == few.count
