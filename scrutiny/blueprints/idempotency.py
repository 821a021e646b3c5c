"""Once-only creates: a form sent twice (double click, resend, two tabs) creates one row.

A create form mixes in `OnceForm`, which adds a hidden token generated when the form is
rendered. `create_once` runs the create through `save` and stores the token, with the address
of what was created, in the same transaction; the token's primary key makes a second use fail.
A post whose token was already used creates nothing and goes where the first one went.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any, NamedTuple

from flask import flash, g, has_request_context, redirect
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response
from wtforms import HiddenField

from scrutiny.blueprints.common import save
from scrutiny.extensions import db
from scrutiny.models.idempotency import FormSubmission
from scrutiny.services.core.clocks import now

#: What a token generated here looks like; anything else is ignored (no once-only check).
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: Where a request notes the once-only tokens it generated (in `g`).
ONCE_TOKENS = "once_tokens"
ALREADY_SENT = "That form had already been sent, so nothing new was added: this is what it saved"


class OnceTokenField(HiddenField):
    """A hidden field holding a fresh random token, made when the form is first rendered."""

    def _value(self) -> str:
        if not self.data:
            self.data = new_once_token()
            if has_request_context():  # a page kept for its reader gets fresh ones instead
                g.setdefault(ONCE_TOKENS, []).append(self.data)
        return self.data


def new_once_token() -> str:
    """A fresh random once-only token."""
    return secrets.token_urlsafe(24)


class OnceForm:
    """Mixin for a create form (put it before the form's base class): a one-time token field.

    Kept apart from any base form so it composes with them: `class F(OnceForm, VersionedForm)`.
    """

    once_token = OnceTokenField()


class Created(NamedTuple):
    """What `create_once` did: `created` now, or `url` of what an earlier post created."""

    created: bool
    result: Any
    url: str | None


def _token(form: FlaskForm) -> str | None:
    token = getattr(form, "once_token", None)
    value = token.data if token is not None else None
    return value if value and TOKEN.fullmatch(value) else None


def _first_use(token: str) -> str | None:
    return db.session.scalar(select(FormSubmission.url).where(FormSubmission.token == token))


def create_once(
    form: FlaskForm, what: str, change: Callable[[], Any], target: Callable[[Any], str]
) -> Created:
    """Run a create `change` with `save`, once per form token; `target(result)` is its page.

    Returns Created(True, result, url) when it created, Created(False, None, url) when the token
    was already used (a message is flashed), and Created(False, None, None) when the form shows
    an error. A form without a token (an old page, a script) is saved as before.
    """
    token = _token(form)
    if token and (url := _first_use(token)):
        db.session.rollback()
        flash(ALREADY_SENT, "info")
        return Created(False, None, url)

    def change_and_record():
        result = change()
        db.session.flush()
        url = target(result)
        if token:
            db.session.add(FormSubmission(token=token, url=url, created_at=now()))
            db.session.flush()
        return result, url

    try:
        ok, done = save(form, what, change_and_record)
    except IntegrityError:
        # Another post with the same token committed while this one ran (PostgreSQL).
        db.session.rollback()
        url = _first_use(token) if token else None
        if url is None:
            raise
        flash(ALREADY_SENT, "info")
        return Created(False, None, url)
    if not ok and token and (url := _first_use(token)):
        # A post with the same token won the race for the row this one changed (PostgreSQL).
        flash(ALREADY_SENT, "info")
        return Created(False, None, url)
    return Created(True, *done) if ok else Created(False, None, None)


def create_and_redirect(
    form: FlaskForm,
    what: str,
    change: Callable[[], Any],
    target: Callable[[Any], str],
    message: str | Callable[[Any], str],
) -> Response | None:
    """`create_once`, then flash `message` (or `message(result)`) if it created and return the
    redirect to what was created; None when the form must be shown again with its errors."""
    done = create_once(form, what, change, target)
    if done.created:
        flash(message(done.result) if callable(message) else message, "success")
    return redirect(done.url) if done.url else None
