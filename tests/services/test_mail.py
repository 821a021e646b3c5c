"""The outbox delivers through a real SMTP server, once, and survives the server being down."""

from datetime import timedelta

import pytest
from flask import current_app

from scrutiny.models import OutboxMessage, OutboxStatus
from scrutiny.services.core.mail import backoff, flush_outbox, queue_mail


def _queue(session, clock, key="test:1", recipient="owner@council.example"):
    message = queue_mail(
        session,
        dedupe_key=key,
        recipient=recipient,
        subject="Reset your Scrutiny password",
        template="password_reset",
        now=clock.now,
        user=type("U", (), {"name": "Becky Hopkins"})(),
        link="https://scrutiny.council.example/reset-password/abc",
        hours=1,
    )
    session.commit()
    return message


def test_queued_mail_is_delivered_once_through_smtp(session, clock, smtp):
    _queue(session, clock)
    assert flush_outbox(session, clock.now).delivered == 1
    assert flush_outbox(session, clock.now).delivered == 0
    assert len(smtp.messages) == 1
    received = smtp.messages[0]
    assert received["To"] == "owner@council.example"
    assert received["Subject"] == "Reset your Scrutiny password"
    assert "Dear Becky Hopkins" in received.get_body(("plain",)).get_content()
    assert (
        "https://scrutiny.council.example/reset-password/abc"
        in received.get_body(("plain",)).get_content()
    )
    row = session.query(OutboxMessage).one()
    assert row.status == OutboxStatus.SENT
    assert row.sent_at == clock.now


def test_queueing_the_same_dedupe_key_twice_sends_one_message(session, clock, smtp):
    first = _queue(session, clock, key="reminder:action:7:due")
    second = _queue(session, clock, key="reminder:action:7:due")
    assert first.id == second.id
    flush_outbox(session, clock.now)
    assert len(smtp.messages) == 1


def test_mail_waits_while_the_server_is_down_and_goes_when_it_is_back(session, clock, smtp_down):
    _queue(session, clock)
    summary = flush_outbox(session, clock.now)
    assert (summary.delivered, summary.failed) == (0, 1)
    row = session.query(OutboxMessage).one()
    assert row.status == OutboxStatus.PENDING
    assert row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert row.next_attempt_at == clock.now + timedelta(minutes=1)

    smtp_down.start()
    assert flush_outbox(session, clock.now).delivered == 0, "not retried before its backoff"
    clock.advance(minutes=1)
    assert flush_outbox(session, clock.now).delivered == 1
    assert len(smtp_down.messages) == 1
    session.refresh(row)
    assert row.status == OutboxStatus.SENT
    assert row.last_error is None


def test_mail_is_given_up_after_the_maximum_attempts_and_keeps_its_error(session, clock, smtp_down):
    _queue(session, clock)
    for _ in range(current_app.config["SCRUTINY_MAIL_MAX_ATTEMPTS"]):
        flush_outbox(session, clock.now)
        clock.advance(hours=7)
    row = session.query(OutboxMessage).one()
    assert row.status == OutboxStatus.FAILED
    assert row.last_error
    assert flush_outbox(session, clock.now).failed == 0


def test_a_claim_left_by_a_killed_sender_is_retried_after_it_expires(session, clock, smtp):
    row = _queue(session, clock)
    row.status = OutboxStatus.SENDING
    row.claimed_until = clock.now + timedelta(minutes=5)
    session.commit()
    assert flush_outbox(session, clock.now).delivered == 0
    clock.advance(minutes=5)
    assert flush_outbox(session, clock.now).delivered == 1


@pytest.mark.parametrize(("attempts", "minutes"), [(1, 1), (2, 2), (4, 8), (20, 360)])
def test_backoff_doubles_up_to_six_hours(attempts, minutes):
    assert backoff(attempts) == timedelta(minutes=minutes)


def test_file_transport_writes_messages_under_instance_mail(session, clock, tmp_path):
    current_app.config.update(SCRUTINY_MAIL_TRANSPORT="file", SCRUTINY_MAIL_DIR=str(tmp_path))
    try:
        _queue(session, clock)
        flush_outbox(session, clock.now)
    finally:
        current_app.config["SCRUTINY_MAIL_TRANSPORT"] = "smtp"
    (written,) = tmp_path.glob("*.eml")
    assert b"Reset your Scrutiny password" in written.read_bytes()
