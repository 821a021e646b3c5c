"""Reminders: timing before, on and after due days, once each, digests, and who is told."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from scrutiny.models import Action, OutboxMessage, Recommendation, Reminder, Submission
from scrutiny.services.jobs import reminders
from scrutiny.services.jobs.reminders import action_occasion
from tests.factories import (
    CommitteeFactory,
    MeetingFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)

SEVEN_AM = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)  # 07:00 in London (BST)


@pytest.mark.parametrize(
    ("days_left", "occasion"),
    [
        (20, None),
        (14, "before-14"),
        (10, "before-14"),
        (3, "before-3"),
        (1, "before-3"),
        (0, "due"),
        (-6, "due"),
        (-7, "overdue-1"),
        (-13, "overdue-1"),
        (-28, "overdue-4"),
        (-35, "escalated"),
        (-400, "escalated"),
    ],
)
def test_which_reminder_an_action_is_owed(days_left, occasion):
    today = date(2026, 6, 15)
    assert action_occasion(today + timedelta(days=days_left), today, [14, 3], 4) == occasion


@pytest.fixture
def owned(session):
    """An action owned by a post held by one person; returns (action, holder)."""
    post = PostFactory(name="Head of Music Service")
    holder = PostHoldingFactory(post=post, user=UserFactory(name="Hana Holder")).user
    committee = CommitteeFactory()
    action = Action(
        description="Fund the music hubs",
        reference="CYPS/2026/01-A1",
        due_on=date(2026, 6, 29),
        status="in_progress",
        committee=committee,
    )
    action.owner_posts = [post]
    session.add(action)
    session.flush()
    return action, holder


def _mails(session) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_owners_are_reminded_once_per_occasion_however_often_the_job_runs(session, owned):
    action, holder = owned
    first = reminders.send_reminders(session, SEVEN_AM)
    again = reminders.send_reminders(session, SEVEN_AM + timedelta(hours=1))
    assert first["reminders_queued"] == 1 and again["reminders_queued"] == 0
    (mail,) = _mails(session)
    assert mail.recipient == holder.email
    assert mail.subject == "1 action due soon"
    assert "- CYPS/2026/01-A1, due 29 June 2026: Fund the music hubs" in mail.body_text
    assert f"https://scrutiny.council.example/actions/{action.id}" in mail.body_text
    assert f'href="https://scrutiny.council.example/actions/{action.id}"' in mail.body_html
    assert "https://scrutiny.council.example/account/reminders" in mail.body_html
    later = reminders.send_reminders(session, SEVEN_AM + timedelta(days=12))
    assert later["reminders_queued"] == 1  # the 3-day reminder
    occasions = session.scalars(select(Reminder.occasion).order_by(Reminder.id)).all()
    assert occasions == ["before-14", "before-3"]


def test_overdue_chasers_stop_after_the_limit_and_the_officer_is_told(session, owned, app):
    action, _ = owned
    officer = UserFactory(roles=["officer"], name="Olive Officer")
    day = SEVEN_AM
    for _ in range(100):
        reminders.send_reminders(session, day)
        day += timedelta(days=1)
    rows = session.execute(
        select(Reminder.occasion, Reminder.recipient_id).order_by(Reminder.id)
    ).all()
    owner_occasions = [o for o, r in rows if r != officer.id]
    assert owner_occasions == [
        "before-14",
        "before-3",
        "due",
        "overdue-1",
        "overdue-2",
        "overdue-3",
        "overdue-4",
        "monthly-1",  # four weeks after the last weekly chaser (24 August)
        "monthly-2",  # and every four weeks after (21 September)
    ]
    assert [(o, r) for o, r in rows if r == officer.id] == [("escalated", officer.id)]
    told = session.scalar(select(Reminder).where(Reminder.recipient_id == officer.id))
    assert (told.kind, told.text) == ("escalation", "Head of Music Service: Fund the music hubs")


def test_a_vacant_post_or_a_deactivated_holder_is_reported_to_the_officer(session, owned):
    action, holder = owned
    holder.active = False
    officer = UserFactory(roles=["officer"])
    summary = reminders.send_reminders(session, SEVEN_AM)
    assert summary["unreachable"] == 1
    assert summary["unreachable_examples"] == [
        "CYPS/2026/01-A1: no current post holder with an email address"
    ]
    (reminder,) = session.scalars(select(Reminder)).all()
    assert reminder.recipient_id == officer.id and reminder.occasion == "unowned-before-14"
    (mail,) = _mails(session)
    assert mail.subject == "1 item no one could be told about"
    assert "No one could be told (1)" in mail.body_text


def test_a_digest_collects_the_days_reminders_in_one_mail(session, owned):
    action, holder = owned
    holder.reminder_mode = "digest"
    second = Action(
        description="Publish fees",
        reference="CYPS/2026/02-A1",
        due_on=date(2026, 6, 18),
        status="not_started",
    )
    second.owner_posts = list(action.owner_posts)
    session.add(second)
    session.flush()
    summary = reminders.send_reminders(session, SEVEN_AM)
    assert summary["reminders_queued"] == 2 and summary["digests_queued"] == 1
    (mail,) = _mails(session)
    assert mail.subject == "1 action due this week, 1 due soon"
    assert "Actions due this week (1)\n-------" in mail.body_text
    assert "- CYPS/2026/02-A1, due 18 June 2026: Publish fees" in mail.body_text
    assert "- CYPS/2026/01-A1, due 29 June 2026: Fund the music hubs" in mail.body_text
    assert reminders.send_reminders(session, SEVEN_AM)["digests_queued"] == 0


def test_the_executive_member_is_reminded_before_the_deadline_and_after_it_is_missed(session):
    panel = CommitteeFactory()
    member = UserFactory(roles=["executive"], name="Catherine Gibbons")
    officer = UserFactory(roles=["officer"])
    submission = Submission(
        committee=panel,
        title="Music",
        submitted_on=date(2026, 5, 1),
        received_on=date(2026, 5, 1),
        response_due_on=date(2026, 6, 30),
    )
    rec = Recommendation(
        committee=panel,
        text="Fund the hubs",
        addressed_to="The Executive",
        reference="CYPS/2026/01",
        status="submitted",
        submission=submission,
        response_due_on=date(2026, 6, 30),
        responder=member,
    )
    session.add(rec)
    session.flush()
    reminders.send_reminders(session, SEVEN_AM)  # 15 days before: nothing yet
    assert session.scalars(select(Reminder)).all() == []
    reminders.send_reminders(session, SEVEN_AM + timedelta(days=1))
    reminders.send_reminders(session, SEVEN_AM + timedelta(days=16))  # 1 July: missed
    rows = session.execute(select(Reminder.occasion, Reminder.recipient_id)).all()
    assert sorted(rows) == sorted(
        [("before-14", member.id), ("missed", member.id), ("missed", officer.id)]
    )


def test_officers_are_reminded_three_working_days_before_the_publication_deadline(session):
    contact = UserFactory(roles=["officer"], name="Clara Contact")
    meeting = MeetingFactory(
        starts_at=datetime(2026, 6, 30, 17, tzinfo=UTC), status="scheduled", contact=contact
    )
    # Five clear working days before Tuesday 30 June: the deadline is Monday 22 June.
    reminders.send_reminders(session, datetime(2026, 6, 16, 6, tzinfo=UTC))
    assert session.scalars(select(Reminder)).all() == []
    reminders.send_reminders(session, datetime(2026, 6, 17, 6, tzinfo=UTC))
    (reminder,) = session.scalars(select(Reminder)).all()
    assert reminder.recipient_id == contact.id and reminder.item_id == meeting.id
    assert reminder.due_on == date(2026, 6, 22)
    (mail,) = _mails(session)
    assert mail.subject == "1 agenda to publish"
    assert (
        f"- {meeting.committee.name}, due 22 June 2026: Agenda not yet published for the meeting "
        "on 30 June 2026: it must be published by the due date"
    ) in mail.body_text


def test_a_large_backlog_sends_one_email_each_and_a_bounded_summary(session, owned):
    action, holder = owned
    vacant = PostFactory(name="Vacant post")
    officer = UserFactory(roles=["officer"])
    for number in range(30):  # 5 to 34 days overdue: chased, not yet escalated
        backlog = Action(
            description=f"Backlog {number}",
            reference=f"OLD/{number:02}",
            due_on=date(2026, 6, 10) - timedelta(days=number),
            status="not_started",
            committee=action.committee,
        )
        backlog.owner_posts = [vacant if number % 2 else action.owner_posts[0]]
        session.add(backlog)
    session.flush()

    summary = reminders.send_reminders(session, SEVEN_AM)

    assert summary["unreachable"] == 15
    assert summary["unreachable_examples"] == [  # the five most overdue
        f"OLD/{n}: no current post holder with an email address" for n in (29, 27, 25, 23, 21)
    ]
    recipients = [mail.recipient for mail in _mails(session)]
    assert sorted(recipients) == sorted([holder.email, officer.email])
