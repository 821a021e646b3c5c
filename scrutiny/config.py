"""Settings: defaults in code, then instance/config.py, the environment and the caller."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

#: Environment variables read as settings, with how to parse each.
_ENV_SETTINGS: dict[str, type] = {
    "DATABASE_URL": str,
    "SECRET_KEY": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USE_TLS": bool,
    "MAIL_USE_SSL": bool,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_DEFAULT_SENDER": str,
    "SCRUTINY_MAIL_TRANSPORT": str,
    "SCRUTINY_COUNCIL_NAME": str,
    "SCRUTINY_TIMEZONE": str,
    "SCRUTINY_BANK_HOLIDAYS": str,
    "SCRUTINY_CLEAR_DAYS_ARE_WORKING_DAYS": bool,
    "SCRUTINY_MAX_UPLOAD_MB": int,
    "SCRUTINY_MAX_UNPACKED_MB": int,
    "SCRUTINY_MAX_COMPRESSION_RATIO": int,
    "SCRUTINY_MAX_ZIP_MEMBERS": int,
    "SCRUTINY_MAX_PDF_INFLATED_MB": int,
    "SCRUTINY_DOCUMENT_DIR": str,
    "SCRUTINY_BASE_URL": str,
    "SCRUTINY_ACCESSIBILITY_CONTACT_EMAIL": str,
    "SCRUTINY_ACCESSIBILITY_CONTACT_PHONE": str,
    "SCRUTINY_SECURE_COOKIES": bool,
    "SCRUTINY_FORCE_HTTPS": bool,
    "SCRUTINY_PROXY_COUNT": int,
    "SCRUTINY_FOLLOW_UP_MONTHS": str,
    "SCRUTINY_ROLLOVER_AT": str,
    "SCRUTINY_REMINDERS_AT": str,
    "SCRUTINY_HOUSEKEEPING_AT": str,
    "SCRUTINY_FORM_TOKEN_DAYS": int,
    "SCRUTINY_REMINDER_DAYS_BEFORE": str,
    "SCRUTINY_MAX_CHASERS": int,
    "SCRUTINY_OWNERS_MAY_MOVE_DUES": bool,
    "SCRUTINY_RESPONSE_REMINDER_DAYS": int,
    "SCRUTINY_AGENDA_REMINDER_WORKING_DAYS": int,
    "SCRUTINY_CALL_IN_WORKING_DAYS": int,
    "SCRUTINY_CALL_IN_CLOSES_AT": str,
    "SCRUTINY_CALL_IN_MEMBERS": int,
    "SCRUTINY_CALL_IN_COMMITTEE_MEMBERS_ONLY": bool,
    "SCRUTINY_CALL_IN_MEETING_WORKING_DAYS": int,
    "SCRUTINY_FORWARD_PLAN_REMINDER_DAYS": int,
    "RATELIMIT_STORAGE_URI": str,
    "SCRUTINY_PAGE_CACHE": bool,
    "CACHE_TYPE": str,
    "CACHE_DIR": str,
    "CACHE_THRESHOLD": int,
    "CACHE_REDIS_URL": str,
}

#: Bank-holiday regions offered by the `holidays` package for the United Kingdom.
BANK_HOLIDAY_REGIONS = {
    "England and Wales": "ENG",
    "Wales": "WLS",
    "Scotland": "SCT",
    "Northern Ireland": "NIR",
}


class DefaultConfig:
    """Defaults that suit a developer's machine; production overrides them."""

    SCRUTINY_COUNCIL_NAME = "North Somerset Council"
    SCRUTINY_SERVICE_NAME = "Scrutiny"
    SCRUTINY_TIMEZONE = "Europe/London"
    SCRUTINY_BANK_HOLIDAYS = "England and Wales"
    #: Whether weekends and bank holidays are left out of "clear days" (Elitestone practice).
    SCRUTINY_CLEAR_DAYS_ARE_WORKING_DAYS = True
    #: Who signs the agenda dispatch letter on the front of the pack.
    SCRUTINY_PACK_SIGNATORY = "Assistant Director Legal & Governance and Monitoring Officer"
    #: Largest report document accepted, in megabytes.
    SCRUTINY_MAX_UPLOAD_MB = 20
    #: Largest total a Word document or spreadsheet (both zips) may unpack to, in megabytes.
    SCRUTINY_MAX_UNPACKED_MB = 50
    #: Most a part of such a zip may be compressed (unpacked size over packed size).
    SCRUTINY_MAX_COMPRESSION_RATIO = 100
    #: Most parts (files) such a zip may hold.
    SCRUTINY_MAX_ZIP_MEMBERS = 1000
    #: Largest total a PDF's compressed streams may inflate to, in megabytes; no stream may
    #: inflate past 70MB either, so that pypdf (75MB a stream) can always merge it into packs.
    SCRUTINY_MAX_PDF_INFLATED_MB = 150
    #: Months after the executive's response at which the panel reviews implementation.
    SCRUTINY_FOLLOW_UP_MONTHS = "6,12"
    #: Local times (Europe/London) of the daily jobs; avoid 01:00-02:00 (clock changes).
    SCRUTINY_ROLLOVER_AT = "06:00"
    SCRUTINY_REMINDERS_AT = "07:00"
    #: London time of the nightly housekeeping (forgetting old once-only form tokens).
    SCRUTINY_HOUSEKEEPING_AT = "03:30"
    #: Days a create form's once-only token is remembered after it was sent.
    SCRUTINY_FORM_TOKEN_DAYS = 30
    #: Days before an action's due date on which its owners are reminded.
    SCRUTINY_REMINDER_DAYS_BEFORE = "14,3"
    #: Weekly reminders while overdue before the officers are told instead.
    SCRUTINY_MAX_CHASERS = 4
    #: Whether action owners may move their own actions' due dates (always with a reason);
    #: when False only officers may.
    SCRUTINY_OWNERS_MAY_MOVE_DUES = True
    #: Days before the statutory response deadline on which the executive member is reminded.
    SCRUTINY_RESPONSE_REMINDER_DAYS = 14
    #: Working days before the agenda publication deadline on which officers are reminded.
    SCRUTINY_AGENDA_REMINDER_WORKING_DAYS = 3
    #: Call-in: working days after the day a decision is published, the local time the window
    #: closes on the last of them, the councillors needed, whether they must sit on the
    #: scrutiny committee, and the working days within which the committee must consider it.
    SCRUTINY_CALL_IN_WORKING_DAYS = 5
    SCRUTINY_CALL_IN_CLOSES_AT = "17:00"
    SCRUTINY_CALL_IN_MEMBERS = 3
    SCRUTINY_CALL_IN_COMMITTEE_MEMBERS_ONLY = True
    SCRUTINY_CALL_IN_MEETING_WORKING_DAYS = 10
    #: Days before a key decision's forward plan deadline on which officers are warned.
    SCRUTINY_FORWARD_PLAN_REMINDER_DAYS = 7
    SCRUTINY_BASE_URL = "http://127.0.0.1:5000"
    #: Where people report accessibility problems or ask for a document in another format
    #: (the accessibility statement's contact details).
    SCRUTINY_ACCESSIBILITY_CONTACT_EMAIL = "democratic.services@example.org"
    SCRUTINY_ACCESSIBILITY_CONTACT_PHONE = "01234 567890"
    #: Working days within which the council replies to such a request.
    SCRUTINY_ACCESSIBILITY_RESPONSE_DAYS = 10
    #: When the accessibility statement was prepared and last reviewed, and when the service
    #: was last tested (ISO dates, shown in the statement).
    SCRUTINY_ACCESSIBILITY_PREPARED_ON = "2026-11-26"
    SCRUTINY_ACCESSIBILITY_REVIEWED_ON = "2026-11-26"
    SCRUTINY_ACCESSIBILITY_TESTED_ON = "2026-11-26"
    #: "file" writes each message under instance/mail/; "smtp" delivers through MAIL_SERVER.
    SCRUTINY_MAIL_TRANSPORT = "file"
    SCRUTINY_SECURE_COOKIES = True
    #: Redirect plain HTTP to HTTPS (turn on in production unless the proxy already does).
    SCRUTINY_FORCE_HTTPS = False
    #: Reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
    SCRUTINY_PROXY_COUNT = 0
    #: Failed sign-ins allowed per account inside the window before further tries are refused.
    SCRUTINY_LOGIN_MAX_FAILURES = 10
    SCRUTINY_LOGIN_WINDOW_MINUTES = 5
    #: Per-address limit on sign-in attempts (Flask-Limiter syntax).
    SCRUTINY_LOGIN_ADDRESS_LIMIT = "30 per 5 minutes"
    SCRUTINY_PASSWORD_RESET_HOURS = 1
    SCRUTINY_MAIL_MAX_ATTEMPTS = 8

    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {}
    WTF_CSRF_TIME_LIMIT = None
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "scrutiny@localhost"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    #: Public pages seen by visitors who are not signed in are cached (docs/performance.md):
    #: in files under instance/cache by default; CACHE_TYPE=RedisCache with CACHE_REDIS_URL
    #: shares the cache between servers. The file store is Flask-Caching's, pruned in batches
    #: once it holds CACHE_THRESHOLD pages (scrutiny/file_cache.py).
    SCRUTINY_PAGE_CACHE = True
    CACHE_TYPE = "scrutiny.file_cache.BatchPrunedFileSystemCache"
    CACHE_DEFAULT_TIMEOUT = 24 * 3600
    CACHE_THRESHOLD = 5000
    SESSION_PROTECTION = "strong"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 14 * 24 * 3600
    PERMANENT_SESSION_LIFETIME = 12 * 3600


def _parse(kind: type, raw: str) -> Any:
    if kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind is int:
        return int(raw)
    return raw


def _secret_key(instance_path: Path) -> str:
    """Return the instance's secret key, creating it once so every worker shares it."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        draft = instance_path / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:  # link is atomic: the first worker's key wins, the others read it
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app, overrides: dict[str, Any] | None = None) -> None:
    """Fill app.config from defaults, instance/config.py, the environment and `overrides`."""
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    for name, kind in _ENV_SETTINGS.items():
        if name in os.environ:
            app.config[name] = _parse(kind, os.environ[name])
    if "MAIL_SERVER" in os.environ and "SCRUTINY_MAIL_TRANSPORT" not in os.environ:
        app.config["SCRUTINY_MAIL_TRANSPORT"] = "smtp"
    app.config.update(overrides or {})

    instance_path = Path(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance_path)
    database_url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config.get("DATABASE_URL")
    if not database_url:
        instance_path.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{instance_path / 'scrutiny.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    secure = app.config["SCRUTINY_SECURE_COOKIES"]
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    app.config.setdefault("SCRUTINY_MAIL_DIR", str(instance_path / "mail"))
    app.config.setdefault("SCRUTINY_DOCUMENT_DIR", str(instance_path / "documents"))
    app.config.setdefault("CACHE_DIR", str(instance_path / "cache"))
    # The request limit leaves room for the form around the largest allowed document.
    app.config["MAX_CONTENT_LENGTH"] = (app.config["SCRUTINY_MAX_UPLOAD_MB"] + 1) * 1024 * 1024
    if app.config["SCRUTINY_BANK_HOLIDAYS"] not in BANK_HOLIDAY_REGIONS:
        raise ValueError(
            f"SCRUTINY_BANK_HOLIDAYS must be one of {', '.join(BANK_HOLIDAY_REGIONS)}; "
            f"got {app.config['SCRUTINY_BANK_HOLIDAYS']!r}"
        )
