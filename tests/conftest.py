"""Shared fixtures: one app per run, a clean database per test, a fixed clock, SMTP, clients."""

from __future__ import annotations

import contextvars
import os
import socket
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from scrutiny import create_app
from scrutiny.extensions import cache, db, limiter
from scrutiny.services.core import audit, clocks
from tests import factories

#: A moment inside British Summer Time, so UTC and London differ by an hour.
START = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SMTP_PORT = _free_port()


class IsolatedClient(FlaskClient):
    """A test client whose requests behave like another process's.

    Each request runs in a fresh context, so it gets its own app context, `g` and database
    session, as in production. The test's own session commits first (releasing SQLite's write
    lock) and is expired afterwards, so the test then reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        if not has_app_context():  # a redirect followed inside an isolated request
            return super().open(*args, **kwargs)
        db.session.commit()
        response = contextvars.Context().run(self._read_whole, *args, **kwargs)
        response.close()
        db.session.expire_all()
        return response

    def _read_whole(self, *args, **kwargs):
        """Open and buffer the body in the request's own context (a streamed body runs there),
        then release any file it was streamed from."""
        response = super().open(*args, **kwargs)
        response.get_data()
        return response


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    from scrutiny.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _worker_database(url: str) -> str:
    """Under pytest-xdist, each worker process gets a PostgreSQL database of its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy import create_engine

    from scrutiny.config import normalise_database_url

    server, _, name = url.rpartition("/")
    target = f"{name}_{worker}"
    engine = create_engine(normalise_database_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target})
        if found.scalar() is None:
            conn.execute(text(f'CREATE DATABASE "{target}"'))
    engine.dispose()
    return f"{server}/{target}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application, its schema built by running the migrations from nothing."""
    instance = tmp_path_factory.mktemp("instance")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'test.db'}"
    if url.startswith("postgres"):
        url = _worker_database(url)
        _reset_postgres(url)
    application = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "DATABASE_URL": url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SCRUTINY_MAIL_TRANSPORT": "smtp",
            "MAIL_SUPPRESS_SEND": False,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": SMTP_PORT,
            "MAIL_DEFAULT_SENDER": "scrutiny@council.example",
            "SCRUTINY_BASE_URL": "https://scrutiny.council.example",
            "SERVER_NAME": None,
        }
    )
    application.test_client_class = IsolatedClient
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def app_context(app):
    """Every test runs inside an app context and leaves an empty database behind."""
    with app.app_context():
        yield
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(t.name for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            with db.engine.begin() as conn:
                # Foreign keys are checked at commit, when every table is empty: the one
                # cycle (programme row -> recommendation -> group -> programme row) is fine.
                conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                for table in reversed(db.metadata.sorted_tables):
                    conn.execute(table.delete())
    limiter.reset()
    cache.clear()
    audit.set_actor(None)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


@pytest.fixture(autouse=True)
def clock():
    """The application's clock, fixed at START until the test advances it."""
    fixed = Clock(START)
    clocks.set_clock(fixed)
    yield fixed
    clocks.set_clock(None)


@pytest.fixture
def session():
    """The request-scoped SQLAlchemy session the app uses."""
    return db.session


class Inbox:
    """Messages received by the test SMTP server."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


class SMTPServer:
    """A real SMTP server on loopback that tests can start and stop."""

    def __init__(self, port: int):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.inbox.messages


@pytest.fixture
def smtp():
    """A running SMTP server on the port the app sends to."""
    server = SMTPServer(SMTP_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down():
    """An SMTP server on the app's port that is not running until the test starts it."""
    server = SMTPServer(SMTP_PORT)
    yield server
    server.stop()


PASSWORD = factories.PASSWORD


@pytest.fixture
def client(app):
    """A browser-like client that is not signed in."""
    return app.test_client()


def sign_in(client, user, password: str = PASSWORD):
    """Sign a client in through the real sign-in form."""
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def sign_in_as(app):
    """A signed-in client for an existing user."""

    def make(user):
        reader = app.test_client()
        sign_in(reader, user)
        return reader

    return make


@pytest.fixture
def client_as(app):
    """Make a signed-in client for a new user holding the given roles."""

    def make(*roles: str, **user_fields):
        user = factories.UserFactory(roles=list(roles), **user_fields)
        test_client = app.test_client()
        sign_in(test_client, user)
        test_client.user = user
        return test_client

    return make
