"""One email a day per person: grouped items with reference and due date, a subject naming
what is inside, owners told about long-overdue actions, failed sends reported, never twice."""

import smtplib
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from scrutiny.models import Action, OutboxMessage, OutboxStatus, Reminder
from scrutiny.services.core.mail import flush_outbox, queue_mail
from scrutiny.services.jobs import reminders
from tests.factories import CommitteeFactory, PostFactory, PostHoldingFactory, UserFactory

SEVEN_AM = datetime(2026, 6, 15, 6, 0, tzinfo=UTC)  # 07:00 in London (BST)
BASE = "https://scrutiny.council.example"


def _action(session, reference, due_on, posts):
    action = Action(
        description=f"Deliver {reference}", reference=reference, due_on=due_on, status="not_started"
    )
    action.owner_posts = posts
    session.add(action)
    return action


def _mail_to(session, user) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email)))


def test_an_officer_gets_one_table_and_the_long_overdue_owner_is_told(session, smtp):
    """The reported run: 36 long-overdue actions gave the officer 36 emails and their owner
    nothing. Now the officer gets one summary and the owner one email naming every action."""
    officer = UserFactory(roles=["officer"], name="Olive Officer")
    owner_post = PostFactory(name="Head of Commissioning")
    owner = PostHoldingFactory(post=owner_post, user=UserFactory(name="Omar Owner")).user
    others = PostFactory(name="Head of Estates")
    PostHoldingFactory(post=others)
    owned = [
        _action(session, f"CYPS/2025/0{n}-A1", date(2026, 1, n), [owner_post]) for n in (1, 2, 3)
    ]
    for n in range(33):
        _action(session, f"EST/{n:02d}", date(2025, 12, 1) + timedelta(days=n), [others])
    session.flush()

    summary = reminders.send_reminders(session, SEVEN_AM)

    (table,) = _mail_to(session, officer)
    assert table.subject == "36 long-overdue actions to follow up"
    assert table.body_text.count("\n- ") == 36
    assert (
        "- CYPS/2025/01-A1, due 1 January 2026: Head of Commissioning: Deliver CYPS/2025/01-A1"
        in (table.body_text)
    )
    assert table.body_html.count(f'<a style="color:#1d70b8" href="{BASE}/actions/') == 36
    (mail,) = _mail_to(session, owner)
    assert mail.subject == "3 actions overdue"
    for action in owned:
        assert (
            f"- {action.reference}, due {action.due_on.day} January 2026: Deliver" in mail.body_text
        )
        assert f"{BASE}/actions/{action.id}" in mail.body_text
    assert summary["digests_queued"] == 3  # the officer, the owner, the estates post holder

    flush_outbox(session, SEVEN_AM)
    received = next(m for m in smtp.messages if m["To"] == owner.email)
    assert received.get_body(("html",)) is not None
    assert "3 actions overdue" in received["Subject"]
    assert f"{BASE}/account/reminders" in received.get_body(("plain",)).get_content()


def test_a_long_overdue_owner_is_told_once_then_monthly(session):
    post = PostFactory()
    owner = PostHoldingFactory(post=post).user
    UserFactory(roles=["officer"])
    _action(session, "OLD/1", date(2025, 6, 1), [post])  # 54 weeks overdue when first seen
    session.flush()
    day = SEVEN_AM
    for _ in range(60):
        reminders.send_reminders(session, day)
        day += timedelta(days=1)
    occasions = session.scalars(
        select(Reminder.occasion).where(Reminder.recipient_id == owner.id).order_by(Reminder.id)
    ).all()
    assert occasions == ["monthly-12", "monthly-13", "monthly-14"]  # 15 June, 6 July, 3 August
    assert len(_mail_to(session, owner)) == 3


def test_one_email_a_day_however_often_the_pass_runs_or_is_killed(session):
    post = PostFactory()
    owner = PostHoldingFactory(post=post).user
    _action(session, "A/1", date(2026, 6, 16), [post])
    session.commit()
    reminders.send_reminders(session, SEVEN_AM)
    session.rollback()  # the pass was killed before it committed: nothing of it remains
    assert session.scalars(select(Reminder)).all() == []
    reminders.send_reminders(session, SEVEN_AM)
    session.commit()
    # A new item later the same day waits for tomorrow's email rather than making a second.
    _action(session, "A/2", date(2026, 6, 26), [post])
    session.flush()
    again = reminders.send_reminders(session, SEVEN_AM + timedelta(hours=5))
    assert again["reminders_queued"] == 1 and again["digests_queued"] == 0
    assert len(_mail_to(session, owner)) == 1
    tomorrow = reminders.send_reminders(session, SEVEN_AM + timedelta(days=1))
    assert tomorrow["digests_queued"] == 1
    latest = _mail_to(session, owner)[-1]
    assert latest.subject == "1 action due this week, 1 due soon"  # A/1 is due today
    assert "- A/2, due 26 June 2026" in latest.body_text


def test_a_bounced_email_is_given_up_at_once_and_reported_to_the_officers(
    session, clock, smtp_down
):
    class Bouncing:
        async def handle_RCPT(self, server, session_, envelope, address, options):
            return "550 5.1.1 No such mailbox"

    smtp_down.inbox = Bouncing()
    smtp_down.start()
    officer = UserFactory(roles=["officer"])
    queue_mail(
        session,
        dedupe_key="test:bounce",
        recipient="gone@council.example",
        subject="Reset your Scrutiny password",
        template="password_reset",
        now=clock.now,
        user=type("U", (), {"name": "Gone"})(),
        link=f"{BASE}/reset-password/abc",
        hours=1,
    )
    session.commit()
    assert flush_outbox(session, clock.now).gave_up == 1
    bounced = session.scalar(select(OutboxMessage))
    assert bounced.status == OutboxStatus.FAILED and bounced.attempts == 1
    assert smtplib.SMTPRecipientsRefused.__name__ in bounced.last_error

    first = reminders.send_reminders(session, SEVEN_AM)
    assert first["failures_reported"] == 1
    (report,) = _mail_to(session, officer)
    assert report.subject == "1 email not delivered"
    assert "To gone@council.example, 'Reset your Scrutiny password'" in report.body_text
    assert "Emails that could not be delivered (1)" in report.body_text
    later = reminders.send_reminders(session, SEVEN_AM + timedelta(days=1))
    assert later["failures_reported"] == 0  # told once


def test_the_html_part_is_laid_out_like_a_notify_email_for_every_template(session, clock):
    message = queue_mail(
        session,
        dedupe_key="test:html",
        recipient="someone@council.example",
        subject="Reset your Scrutiny password",
        template="password_reset",
        now=clock.now,
        user=type("U", (), {"name": "Becky Hopkins"})(),
        link=f"{BASE}/reset-password/abc",
        hours=1,
    )
    assert message.body_html.startswith("<!DOCTYPE html>")
    assert "Dear Becky Hopkins," in message.body_html
    assert f'<a href="{BASE}/reset-password/abc"' in message.body_html
    assert "border-bottom:10px solid #1d70b8" in message.body_html


def test_a_committee_is_named_in_a_response_reminder(session):
    """Responses carry their reference and deadline into the email like actions do."""
    from scrutiny.models import Recommendation

    member = UserFactory(roles=["executive"])
    rec = Recommendation(
        committee=CommitteeFactory(name="CYPS Panel"),
        text="Fund the hubs",
        addressed_to="The Executive",
        reference="CYPS/2026/01",
        status="submitted",
        response_due_on=date(2026, 6, 20),
        responder=member,
    )
    session.add(rec)
    session.flush()
    reminders.send_reminders(session, SEVEN_AM)
    (mail,) = _mail_to(session, member)
    assert mail.subject == "1 response due"
    assert "- CYPS/2026/01, due 20 June 2026: CYPS Panel: Fund the hubs" in mail.body_text
