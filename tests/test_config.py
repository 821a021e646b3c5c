"""Settings: defaults, instance overrides, environment variables and the generated secret key."""

import pytest
from flask import Flask

from scrutiny.config import load_config, normalise_database_url


def _app(tmp_path) -> Flask:
    return Flask("scrutiny_test", instance_path=str(tmp_path), instance_relative_config=True)


def test_defaults_use_sqlite_under_instance_and_london_time(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "MAIL_SERVER", "SCRUTINY_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    app = _app(tmp_path)
    load_config(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'scrutiny.db'}"
    assert app.config["SCRUTINY_TIMEZONE"] == "Europe/London"
    assert app.config["SCRUTINY_BANK_HOLIDAYS"] == "England and Wales"
    assert app.config["SCRUTINY_MAIL_TRANSPORT"] == "file"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_secret_key_is_generated_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, second = _app(tmp_path), _app(tmp_path)
    load_config(first)
    load_config(second)
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_instance_config_then_environment_override_defaults(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'SCRUTINY_COUNCIL_NAME = "Wokingham Borough Council"\nSCRUTINY_TIMEZONE = "UTC"\n'
    )
    monkeypatch.setenv("SCRUTINY_TIMEZONE", "Europe/London")
    monkeypatch.setenv("MAIL_SERVER", "smtp.council.example")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    monkeypatch.setenv("DATABASE_URL", "postgresql://scrutiny@db/scrutiny")
    app = _app(tmp_path)
    load_config(app)
    assert app.config["SCRUTINY_COUNCIL_NAME"] == "Wokingham Borough Council"
    assert app.config["SCRUTINY_TIMEZONE"] == "Europe/London"
    assert app.config["MAIL_PORT"] == 587
    assert app.config["MAIL_USE_TLS"] is True
    assert app.config["SCRUTINY_MAIL_TRANSPORT"] == "smtp"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://scrutiny@db/scrutiny"


def test_unknown_bank_holiday_region_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRUTINY_BANK_HOLIDAYS", "Narnia")
    with pytest.raises(ValueError, match="SCRUTINY_BANK_HOLIDAYS must be one of"):
        load_config(_app(tmp_path))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_use_psycopg_3(url, expected):
    assert normalise_database_url(url) == expected


def test_secret_key_written_by_a_racing_worker_is_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("k" * 64)
    app = _app(tmp_path)
    load_config(app)
    assert app.config["SECRET_KEY"] == "k" * 64
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
