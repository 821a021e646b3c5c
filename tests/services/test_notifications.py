"""Event notifications: who is told, once each, at once or in the day's email, and what the
email says; people who cannot be emailed and vacant posts are reported to the officers."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from scrutiny.models import Action, OutboxMessage, Reminder
from scrutiny.services.core.mail import flush_outbox
from scrutiny.services.jobs import notifications, reminders
from scrutiny.services.meetings import meetings
from scrutiny.services.programme import work_programme
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)

BASE = "https://scrutiny.council.example"


def _mail_to(session, user) -> list[OutboxMessage]:
    return list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == user.email)
            .order_by(OutboxMessage.id)
        )
    )


def test_publishing_an_agenda_dispatches_it_to_members_and_substitutes(session, clock, smtp):
    panel = CommitteeFactory(name="CYPS Panel")
    member = MembershipFactory(committee=panel, user=UserFactory(name="Cllr Member")).user
    substitute = MembershipFactory(committee=panel, role="substitute").user
    later = MembershipFactory(committee=panel, user=UserFactory(reminder_mode="digest")).user
    no_email = MembershipFactory(committee=panel, user=UserFactory(name="Nell", email="")).user
    officer = UserFactory(roles=["officer"])
    meeting = MeetingFactory(
        committee=panel, starts_at=datetime(2026, 7, 14, 17, tzinfo=UTC), status="scheduled"
    )
    AgendaItemFactory(meeting=meeting)
    meetings.publish(session, meeting, now=clock.now, late_reason=None, expected_version=None)

    (mail,) = _mail_to(session, member)
    assert mail.subject == "Agenda published: CYPS Panel, 14 July 2026"
    assert f"{BASE}/meetings/{meeting.id}/members-pack.pdf" in mail.body_text
    assert "14 July 2026, 6:00pm at Town Hall" in mail.body_text
    assert f"{BASE}/account/reminders" in mail.body_text
    assert len(_mail_to(session, substitute)) == 1
    assert _mail_to(session, later) == []  # waits for the day's email
    assert not [r for r in session.scalars(select(Reminder)) if r.recipient_id == no_email.id]

    notifications.agenda_published(session, meeting, clock.now)  # told once, however often
    assert len(_mail_to(session, member)) == 1

    reminders.send_reminders(session, clock.now)
    (daily,) = _mail_to(session, later)
    assert daily.subject == "1 update"
    assert "News (1)" in daily.body_text and "CYPS Panel, on 14 July 2026" in daily.body_text
    (report,) = _mail_to(session, officer)
    assert report.subject == "1 item no one could be told about"
    assert "Nell has no email address, so was not told" in report.body_text

    session.commit()
    flush_outbox(session, clock.now)
    received = next(m for m in smtp.messages if m["To"] == member.email)
    assert received.get_body(("html",)) is not None
    html = received.get_body(("html",)).get_content()
    assert f'href="{BASE}/meetings/{meeting.id}/members-pack.pdf"' in html


def test_an_item_added_after_publication_is_a_supplementary_agenda(session, clock):
    from scrutiny.services.meetings import agenda

    panel = CommitteeFactory(name="CYPS Panel")
    member = MembershipFactory(committee=panel).user
    meeting = MeetingFactory(
        committee=panel, starts_at=datetime(2026, 7, 14, 17, tzinfo=UTC), status="published"
    )
    item = agenda.add_item(
        session,
        meeting,
        kind="report",
        title="School transport",
        now=clock.now,
        expected_version=None,
        urgency_reason="Contract ends before the next meeting",
    )
    (mail,) = _mail_to(session, member)
    assert mail.subject == "Supplementary agenda: CYPS Panel, 14 July 2026"
    assert "Added as urgent business: School transport" in mail.body_text
    assert f"{BASE}/meetings/{meeting.id}#item-{item.id}" in mail.body_text


def test_assigned_actions_reach_their_holders_in_one_email_and_vacant_posts_the_officers(
    session, clock
):
    music = PostFactory(name="Head of Music Service")
    vacant = PostFactory(name="Head of Parks")
    holder = PostHoldingFactory(post=music, user=UserFactory(name="Hana")).user
    officer = UserFactory(roles=["officer"])
    actions = []
    for n, posts in enumerate(([music], [music, vacant]), start=1):
        action = Action(
            description=f"Job {n}", reference=f"SP/{n}", due_on=date(2026, 9, n), status="x"
        )
        action.owner_posts = posts
        session.add(action)
        session.flush()
        notifications.action_assigned(session, action, clock.now)
        actions.append(action)

    (mail,) = _mail_to(session, holder)  # a bulk change is one email, not a flood
    assert mail.subject == "2 actions assigned to you"
    assert "- SP/1, due 1 September 2026: Job 1" in mail.body_text
    assert "- SP/2, due 2 September 2026: Job 2" in mail.body_text
    notifications.action_assigned(session, actions[0], clock.now)  # saved again: no repeat
    assert len(_mail_to(session, holder)) == 1
    (told,) = session.scalars(select(Reminder).where(Reminder.recipient_id == officer.id))
    assert told.kind == "unreachable"
    assert (
        told.text == "No current holder of Head of Parks can be emailed about a new action: Job 2"
    )


def test_a_proposed_topic_goes_to_the_officers(session, clock):
    panel = CommitteeFactory(name="CYPS Panel")
    officer = UserFactory(roles=["officer"])
    councillor = UserFactory(roles=["councillor"])
    work_programme.propose(
        session,
        panel,
        topic="Home to school transport",
        reason="Costs rose by a third",
        method="Task and finish",
        user_id=councillor.id,
        now=clock.now,
    )
    (mail,) = _mail_to(session, officer)
    assert mail.subject == "Topic proposed: Home to school transport"
    assert f"{BASE}/committees/{panel.slug}/work-programme" in mail.body_text
    assert _mail_to(session, councillor) == []


def test_published_minutes_go_to_the_committee_in_their_chosen_way(session, clock):
    panel = CommitteeFactory(name="CYPS Panel")
    now_member = MembershipFactory(committee=panel).user
    daily = MembershipFactory(committee=panel, user=UserFactory(reminder_mode="digest")).user
    meeting = MeetingFactory(
        committee=panel, starts_at=datetime(2026, 6, 1, 17, tzinfo=UTC), status="held"
    )
    notifications.minutes_published(session, meeting, clock.now)
    (mail,) = _mail_to(session, now_member)
    assert mail.subject == "Minutes published: CYPS Panel, 1 June 2026"
    assert f"{BASE}/meetings/{meeting.id}/minutes" in mail.body_text
    assert _mail_to(session, daily) == []
    reminders.send_reminders(session, clock.now)
    (digest,) = _mail_to(session, daily)
    assert "The minutes of the meeting on 1 June 2026" in digest.body_text
