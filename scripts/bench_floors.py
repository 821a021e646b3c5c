"""The benchmark's floors, served by gunicorn beside the app (see scripts/bench.py).

Floor A (`floor_a`) is a hello-world Flask app: the most any Flask page can do here. Floor C
(`floor_c`) is the least a signed-in page on this stack does: Flask-Login reads the session
and loads the reader's row (raw SQL), Flask-WTF puts a token in the sign-out form, Talisman
adds the security headers, and the GOV.UK template draws the header, the service navigation
and the footer around a heading. Floor B
(`floor_b`) is a minimal Flask app that replays, with raw sqlite3 or psycopg (BENCH_DATABASE_URL),
the statements the app's page runs (recorded by bench.py in BENCH_QUERIES, a JSON file
{"0": [[sql, params], ...], ...}) and returns a trivial page: the cost of the page's SQL without
the ORM, templates or security.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, datetime

from flask import Flask, render_template
from flask_login import LoginManager, UserMixin, login_required, login_user
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, DictLoader, PackageLoader, PrefixLoader

floor_a = Flask("floor_a")


@floor_a.get("/")
def hello() -> str:
    """A trivial page."""
    return "Hello, world!"


floor_b = Flask("floor_b")
_connection = None
_queries: dict[str, list] = {}
_NO_PARAMETERS: tuple | None = ()


def _value(value):
    """A parameter back from JSON (bench.py tags dates and times)."""
    if isinstance(value, dict) and len(value) == 1 and "datetime" in value:
        return datetime.fromisoformat(value["datetime"])
    if isinstance(value, dict) and len(value) == 1 and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value


def _db():
    """One connection per worker, opened on first use (after gunicorn forks)."""
    global _connection, _queries
    if _connection is None:
        url = os.environ["BENCH_DATABASE_URL"]
        if url.startswith("sqlite:///"):
            _connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            _connection.execute("PRAGMA busy_timeout = 30000")
        else:
            import psycopg

            url = url.replace("postgresql+psycopg", "postgresql")
            _connection = psycopg.connect(url, autocommit=True)
            global _NO_PARAMETERS
            _NO_PARAMETERS = None  # psycopg would read "%" in a statement as a placeholder
        with open(os.environ["BENCH_QUERIES"], encoding="utf-8") as file:
            _queries = {k: [(sql, _value(p)) for sql, p in v] for k, v in json.load(file).items()}
    return _connection


@floor_b.get("/<name>")
def replay(name: str) -> str:
    """Run page `name`'s statements in one read transaction; say how many rows came back."""
    db = _db()
    rows = 0
    db.execute("BEGIN")
    try:
        for statement, parameters in _queries[name]:
            rows += len(db.execute(statement, parameters or _NO_PARAMETERS).fetchall())
    finally:
        db.execute("COMMIT")
    return f"{rows} rows"


floor_c = Flask("floor_c")
floor_c.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "bench-only-secret")
_govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
_logins = LoginManager(floor_c)
CSRFProtect(floor_c)
Talisman(floor_c, force_https=False, session_cookie_secure=False)

_SIGNED_IN_PAGE = """{% extends "govuk_frontend_jinja/template.html" %}
{% from "govuk_frontend_jinja/components/generic-header/macro.html" import govukGenericHeader %}
{% from "govuk_frontend_jinja/components/service-navigation/macro.html"
   import govukServiceNavigation %}
{% block govukHeader %}{{ govukGenericHeader({'logoText': 'Council', 'url': '/'}) }}{% endblock %}
{% block govukServiceNavigation %}{{ govukServiceNavigation({'serviceName': 'Scrutiny',
  'navigation': navigation}) }}
<form method="post" action="/sign-out"><input type="hidden" name="csrf_token"
 value="{{ csrf_token() }}"><button class="govuk-button">Sign out {{ reader.name }}</button>
</form>{% endblock %}
{% block govukFooter %}<footer class="govuk-footer"><div class="govuk-width-container">
<a class="govuk-footer__link" href="/accessibility">Accessibility</a></div></footer>{% endblock %}
{% block content %}<h1 class="govuk-heading-l">Recommendations</h1>{% endblock %}"""
floor_c.jinja_loader = ChoiceLoader([DictLoader({"signed_in.html": _SIGNED_IN_PAGE}), _govuk])


class _Reader(UserMixin):
    """A signed-in reader: their id and name."""

    def __init__(self, row):
        self.id, self.name = row


def _reader(by: str, value) -> _Reader | None:
    """The reader whose `by` ("id" or "email") is `value`, by raw SQL on floor B's connection."""
    db = _db()
    statement = {
        "id": "SELECT id, name FROM users WHERE id = ?",
        "email": "SELECT id, name FROM users WHERE email = ?",
    }[by]
    if not isinstance(db, sqlite3.Connection):
        statement = statement.replace("?", "%s")
    row = db.execute(statement, (value,)).fetchone()
    return _Reader(row) if row else None


@_logins.user_loader
def _load_reader(reader_id: str) -> _Reader | None:
    """Flask-Login's loader: the reader by id."""
    return _reader("id", int(reader_id))


@floor_c.get("/sign-in")
def sign_in() -> str:
    """Sign in as the demonstration officer (loopback benchmark only: no password)."""
    login_user(_reader("email", "officer@example.org"))
    return "Signed in"


@floor_c.get("/")
@login_required
def signed_in_page() -> str:
    """The GOV.UK layout of a signed-in page around a heading."""
    from flask_login import current_user

    navigation = [
        {"href": "/" + name.lower(), "text": name, "active": name == "Recommendations"}
        for name in ("Home", "Meetings", "Work programme", "Actions", "Recommendations", "Plans")
    ]
    return render_template("signed_in.html", reader=current_user, navigation=navigation)
