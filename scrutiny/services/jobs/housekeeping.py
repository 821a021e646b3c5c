"""Nightly housekeeping: forget create forms' once-only tokens once no one will send them again."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete
from sqlalchemy.orm import Session

from scrutiny.models.idempotency import FormSubmission

#: How long a used once-only token is kept when no setting says otherwise.
FORM_TOKEN_DAYS = 30


def prune_form_tokens(session: Session, now: datetime) -> dict:
    """Delete the once-only tokens of create forms sent more than `SCRUTINY_FORM_TOKEN_DAYS`
    ago (a form sent again after that creates anew); only those rows are touched, through the
    index on when they were sent."""
    days = current_app.config.get("SCRUTINY_FORM_TOKEN_DAYS", FORM_TOKEN_DAYS)
    cutoff = now - timedelta(days=days)
    pruned = session.execute(
        delete(FormSubmission).where(FormSubmission.created_at < cutoff)
    ).rowcount
    return {"form_tokens_pruned": pruned, "older_than_days": days}
