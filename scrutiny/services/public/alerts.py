"""Public email alerts: anyone subscribes an address (double opt-in, no account) to a
committee's agendas and minutes, or to decisions; each event is sent once per subscriber
through the outbox, with a one-click unsubscribe link. The address is never shown."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scrutiny.models.alerts import AlertSubscription
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import format_day, format_local, to_local
from scrutiny.services.core.mail import queue_mail

DECISIONS = "decisions"
#: A confirmation link works for this long.
CONFIRM_FOR = timedelta(days=7)
#: At most one confirmation email per address and scope in this time...
RESEND_AFTER = timedelta(hours=1)
#: ...and at most this many to one address in a day, so the form cannot flood anyone.
DAILY_CONFIRMATIONS = 5


def committee_scope(committee: Committee) -> str:
    """The scope of a committee's agendas and minutes."""
    return f"committee:{committee.id}"


def scope_label(sub: AlertSubscription) -> str:
    """What the subscription is to, in words."""
    if sub.scope == DECISIONS:
        return "decisions and executive responses"
    return f"agendas and minutes of {sub.committee.name}" if sub.committee else "a committee"


def _confirmer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="alert-confirm")


def _unsubscriber() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="alert-unsubscribe")


def _link(path: str) -> str:
    return current_app.config["SCRUTINY_BASE_URL"].rstrip("/") + path


def unsubscribe_link(sub: AlertSubscription) -> str:
    """The link in every alert that ends the subscription (a page with one button)."""
    return _link(f"/alerts/unsubscribe/{_unsubscriber().dumps(sub.id)}")


def subscribe(
    session: Session, email: str, committee: Committee | None, now: datetime
) -> AlertSubscription:
    """Ask to subscribe: queue a confirmation email unless one went recently. Says the same
    whether or not the address was already subscribed."""
    email = email.strip().lower()
    scope = committee_scope(committee) if committee else DECISIONS
    sub = session.scalar(
        select(AlertSubscription).where(
            AlertSubscription.email == email, AlertSubscription.scope == scope
        )
    )
    if sub is None:
        sub = AlertSubscription(email=email, scope=scope, committee=committee, created_at=now)
        session.add(sub)
        session.flush()
    elif sub.confirmed_at and not sub.unsubscribed_at:
        return sub
    recent = session.scalar(
        select(func.count(AlertSubscription.id)).where(
            AlertSubscription.email == email,
            AlertSubscription.confirmation_sent_at >= now - timedelta(days=1),
        )
    )
    if (sub.confirmation_sent_at and now - sub.confirmation_sent_at < RESEND_AFTER) or (
        recent >= DAILY_CONFIRMATIONS
    ):
        return sub
    sub.confirmation_sent_at = now
    queue_mail(
        session,
        dedupe_key=f"alert-confirm:{sub.id}:{now:%Y-%m-%dT%H:%M:%S}",
        recipient=email,
        subject="Confirm your email alerts",
        template="alert_confirm",
        now=now,
        what=scope_label(sub),
        confirm_link=_link(f"/alerts/confirm/{_confirmer().dumps(sub.id)}"),
        settings_link=None,
    )
    return sub


def _from_token(session: Session, token: str, *, confirm: bool) -> AlertSubscription | None:
    try:
        if confirm:
            key = _confirmer().loads(token, max_age=int(CONFIRM_FOR.total_seconds()))
        else:
            key = _unsubscriber().loads(token)
    except (BadSignature, SignatureExpired):
        return None
    return session.get(AlertSubscription, key) if isinstance(key, int) else None


def check_token(session: Session, token: str, *, confirm: bool) -> AlertSubscription | None:
    """The subscription a link is for, or None if the link is broken or expired."""
    return _from_token(session, token, confirm=confirm)


def confirm(session: Session, token: str, now: datetime) -> AlertSubscription | None:
    """Confirm a subscription from its emailed link (None if the link is broken or expired)."""
    sub = _from_token(session, token, confirm=True)
    if sub is not None:
        sub.confirmed_at = sub.confirmed_at if sub.confirmed_at and not sub.unsubscribed_at else now
        sub.unsubscribed_at = None
    return sub


def unsubscribe(session: Session, token: str, now: datetime) -> AlertSubscription | None:
    """End a subscription from the link in any alert (None if the link is broken)."""
    sub = _from_token(session, token, confirm=False)
    if sub is not None and sub.unsubscribed_at is None:
        sub.unsubscribed_at = now
    return sub


def _send(
    session: Session, scope: str, event: str, subject: str, text: str, path: str, now: datetime
) -> int:
    subs = session.scalars(
        select(AlertSubscription).where(
            AlertSubscription.scope == scope,
            AlertSubscription.confirmed_at.is_not(None),
            AlertSubscription.unsubscribed_at.is_(None),
        )
    )
    count = 0
    for sub in subs:
        queue_mail(
            session,
            dedupe_key=f"alert:{sub.id}:{event}",
            recipient=sub.email,
            subject=subject,
            template="alert",
            now=now,
            text=text,
            link=_link(path),
            what=scope_label(sub),
            unsubscribe_link=unsubscribe_link(sub),
            settings_link=None,
        )
        count += 1
    return count


def _meeting_label(meeting: Meeting) -> str:
    return f"{meeting.committee.name}, {format_day(to_local(meeting.starts_at).date())}"


def agenda_published(session: Session, meeting: Meeting, now: datetime) -> int:
    """Alert the committee's subscribers that its agenda is published."""
    where = f" at {meeting.venue}" if meeting.venue else ""
    return _send(
        session,
        committee_scope(meeting.committee),
        f"agenda:{meeting.id}",
        f"Agenda published: {_meeting_label(meeting)}",
        f"The agenda for the meeting on {format_local(meeting.starts_at)}{where} is published.",
        f"/meetings/{meeting.id}",
        now,
    )


def minutes_published(session: Session, meeting: Meeting, now: datetime) -> int:
    """Alert the committee's subscribers, and decisions subscribers, that minutes are out."""
    subject = f"Minutes published: {_meeting_label(meeting)}"
    text = f"The minutes of the meeting of {_meeting_label(meeting)} are published."
    path = f"/meetings/{meeting.id}/minutes"
    sent = _send(
        session,
        committee_scope(meeting.committee),
        f"minutes:{meeting.id}",
        subject,
        text,
        path,
        now,
    )
    return sent + _send(
        session,
        DECISIONS,
        f"minutes:{meeting.id}",
        subject,
        text + " They record the committee's decisions.",
        path,
        now,
    )


def response_published(session: Session, rec: Recommendation, now: datetime) -> int:
    """Alert decisions subscribers to an executive response (never a restricted one)."""
    if rec.response is None or not exemption.may_see(session, exemption.PUBLIC, rec):
        return 0
    label = rec.reference or f"Recommendation {rec.id}"
    return _send(
        session,
        DECISIONS,
        f"response:{rec.response.id}",
        f"Executive response published: {label}",
        f"{rec.response.kind_label}. The recommendation: {rec.text[:300]}",
        f"/recommendations/{rec.id}",
        now,
    )
