"""The mail outbox: queue messages inside the business transaction, deliver them afterwards.

Queueing writes a row with a unique dedupe key, so the same message is never queued twice.
`flush_outbox` claims due rows one at a time in short transactions, sends each through
Flask-Mail (or writes it to the file sink), and records the outcome; failures are retried
with exponential backoff until SCRUTINY_MAIL_MAX_ATTEMPTS (a permanent refusal at once), keeping
the last error; the next reminders pass reports failed messages to the officers.
"""

from __future__ import annotations

import hashlib
import smtplib
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app, render_template
from flask_mail import Message
from jinja2 import TemplateNotFound
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from scrutiny.extensions import mail
from scrutiny.models.outbox import OutboxMessage, OutboxStatus

#: How long a claimed message is reserved for the process sending it.
CLAIM_SECONDS = 300


def queue_mail(
    session: Session,
    *,
    dedupe_key: str,
    recipient: str,
    subject: str,
    template: str,
    now: datetime,
    **context,
) -> OutboxMessage:
    """Queue an email rendered from templates/email/<template>.txt and .html; without an .html
    template, the text's paragraphs go into the common HTML layout (email/_layout.html).

    Returns the existing row if a message with this dedupe key was queued before.
    """
    existing = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))
    if existing is not None:
        return existing
    body_text, body_html = render_mail(template, subject=subject, **context)
    message = OutboxMessage(
        dedupe_key=dedupe_key,
        recipient=recipient,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        status=OutboxStatus.PENDING,
        created_at=now,
        next_attempt_at=now,
        attempts=0,
    )
    session.add(message)
    session.flush()
    return message


def render_mail(template: str, **context) -> tuple[str, str]:
    """The plain-text and HTML parts of templates/email/<template>; links to the user's own
    email settings page when the message is to a user."""
    base_url = current_app.config["SCRUTINY_BASE_URL"].rstrip("/")
    context.setdefault("council_name", current_app.config["SCRUTINY_COUNCIL_NAME"])
    context.setdefault("settings_link", f"{base_url}/account/reminders")
    body_text = render_template(f"email/{template}.txt", **context)
    try:
        body_html = render_template(f"email/{template}.html", **context)
    except TemplateNotFound:
        paragraphs = [p.strip() for p in body_text.split("\n\n") if p.strip()]
        body_html = render_template("email/_layout.html", paragraphs=paragraphs, **context)
    return body_text, body_html


@dataclass
class FlushSummary:
    """What one delivery pass did."""

    delivered: int = 0
    failed: int = 0
    gave_up: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failures: 1, 2, 4 … minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def _due_ids(session: Session, now: datetime, limit: int) -> list[int]:
    query = (
        select(OutboxMessage.id)
        .where(
            or_(
                (OutboxMessage.status == OutboxStatus.PENDING)
                & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == OutboxStatus.SENDING)
                & (OutboxMessage.claimed_until <= now),
            )
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def _claim(session: Session, message_id: int, now: datetime) -> bool:
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            or_(
                OutboxMessage.status == OutboxStatus.PENDING,
                (OutboxMessage.status == OutboxStatus.SENDING)
                & (OutboxMessage.claimed_until <= now),
            ),
        )
        .values(status=OutboxStatus.SENDING, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
    )
    session.commit()
    return result.rowcount == 1


def _message_id(message: OutboxMessage) -> str:
    digest = hashlib.sha256(message.dedupe_key.encode()).hexdigest()[:32]
    return f"<{digest}@scrutiny>"


def _deliver(message: OutboxMessage) -> None:
    msg = Message(
        subject=message.subject,
        recipients=[message.recipient],
        body=message.body_text,
        html=message.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    msg.msgId = _message_id(message)
    transport = current_app.config["SCRUTINY_MAIL_TRANSPORT"]
    if transport == "file":
        directory = Path(current_app.config["SCRUTINY_MAIL_DIR"])
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{message.id:06d}.eml").write_bytes(msg.as_bytes())
    elif transport == "smtp":
        mail.send(msg)
    else:
        raise ValueError(f"unknown SCRUTINY_MAIL_TRANSPORT {transport!r}")


def _refused_for_good(error: Exception) -> bool:
    """True if the server refused the recipient permanently (a 5xx bounce): retrying is useless."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )


def flush_outbox(session: Session, now: datetime, limit: int = 200) -> FlushSummary:
    """Deliver every message that is due at `now`; commits per message. Returns counts."""
    summary = FlushSummary()
    max_attempts = current_app.config["SCRUTINY_MAIL_MAX_ATTEMPTS"]
    due = _due_ids(session, now, limit)
    session.commit()
    for message_id in due:
        if not _claim(session, message_id, now):
            continue
        message = session.get(OutboxMessage, message_id)
        try:
            _deliver(message)
        except Exception as error:  # any transport failure is retried, unless refused for good
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.claimed_until = None
            if message.attempts >= max_attempts or _refused_for_good(error):
                message.status = OutboxStatus.FAILED
                summary.gave_up += 1
            else:
                message.status = OutboxStatus.PENDING
                message.next_attempt_at = now + backoff(message.attempts)
            summary.failed += 1
        else:
            message.attempts += 1
            message.status = OutboxStatus.SENT
            message.sent_at = now
            message.claimed_until = None
            message.last_error = None
            summary.delivered += 1
        session.commit()
    return summary
