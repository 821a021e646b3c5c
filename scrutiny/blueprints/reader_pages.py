"""Pages a signed-in reader views again and again (the trackers, my actions, the plans): each
reader's finished page is kept whole and answered again by `PageFront`, before Flask runs.

A page is kept under the reader's session identity (user id and session version), its address,
the local date and the stamps of every table its render read, the reader's own user and role
rows included. So it goes back only to the same person, only while nothing it shows has
changed, and never after a sign-out, a deactivation or a change of roles (each writes those
rows). The parts that belong to one view rather than to the person, the form token (in the
sign-out form) and any once-only tokens of create forms, are made afresh for each answer.
Anything else goes through Flask: a message waiting, a session Flask-Login would refuse or
change, a session holding more than sign-in's own values, a remember-me sign-in, and every page
not yet kept.
"""

from __future__ import annotations

import functools
import hashlib

from flask import Flask, current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from scrutiny.blueprints.idempotency import ONCE_TOKENS, new_once_token
from scrutiny.blueprints.page_cache import (
    KEEP_MARK,
    PAGE_KEY,
    KeptPage,
    address_of,
    form_token_field,
    memory_of,
)
from scrutiny.extensions import cache, db, login_manager
from scrutiny.models.people import User, UserRole
from scrutiny.services.core import clocks, table_changes

#: The rows the reader's sign-in is checked against, read before any view runs.
IDENTITY_TABLES = frozenset({User.__tablename__, UserRole.__tablename__})
#: What a plain signed-in session holds; a session holding anything else goes through Flask.
_SIGNED_IN_KEYS = frozenset({"_user_id", "_fresh", "_id", "_permanent"})


def reader_page(view):
    """Keep the view's page for the signed-in reader who asked, to be answered again before
    Flask runs while nothing it shows has changed. The view's page may depend only on the
    tables it reads, its address, the reader and today's date."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        identity = _identity() if _keeping_on() and current_user.is_authenticated else None
        if identity is None:
            return view(*args, **kwargs)
        stamps = table_changes.read_once(db.session)
        with table_changes.reading() as read:
            response = current_app.make_response(view(*args, **kwargs))
        if response.status_code != 200 or response.direct_passthrough or session.modified:
            return response
        address = address_of(request)
        tables = sorted(read | IDENTITY_TABLES)
        memory_of(current_app).remember_reader(identity, address, tables)
        tokens = (g.get(form_token_field()), tuple(g.get(ONCE_TOKENS, ())))
        request.environ[KEEP_MARK] = (_tag(identity, address, stamps, tables), tokens)
        return response

    return wrapper


def answer_reader(app: Flask, environ: dict) -> KeptPage | None:
    """The page kept for the signed-in reader making this GET request, with fresh tokens;
    None if there is none to give (then Flask answers)."""
    context = app.request_context(environ)
    with context:
        identity = _identity()
        if identity is None:
            return None
        address = address_of(context.request)
        tables = memory_of(app).readers.get((identity, address))
        if tables is None:
            return None
        stamps = table_changes.read_directly(db.engine)
        hit = cache.get(PAGE_KEY + _tag(identity, address, stamps, tables))
        if hit is None:
            return None
        body, headers, (form_token, once_tokens) = hit
        if form_token:
            body = body.replace(form_token.encode(), generate_csrf().encode())
        for once_token in once_tokens:
            body = body.replace(once_token.encode(), new_once_token().encode())
        return KeptPage(body, headers)


def _keeping_on() -> bool:
    return current_app.config["SCRUTINY_PAGE_CACHE"] and request.method == "GET"


def _identity() -> str | None:
    """The session's sign-in identity if it is a plain signed-in session that Flask-Login
    would accept unchanged (its client matches under session protection) and that already holds
    a form token, else None."""
    held = session.keys() - {form_token_field()}
    if form_token_field() not in session or "_user_id" not in session or held - _SIGNED_IN_KEYS:
        return None
    if current_app.config.get("SESSION_PROTECTION", login_manager.session_protection) and (
        session.get("_id") != login_manager._session_identifier_generator()
    ):
        return None
    return str(session["_user_id"])


def _tag(identity: str, address: str, stamps: table_changes.Stamps, tables: list[str]) -> str:
    salt = current_app.config["SCRUTINY_PAGE_CACHE_SALT"]
    text = f"reader|{salt}|{identity}|{address}|{clocks.today().isoformat()}|"
    return hashlib.sha256((text + stamps.key(tables)).encode()).hexdigest()[:40]
