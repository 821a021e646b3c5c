"""Sign-in sessions, CSRF, rate limiting and security headers for the whole app."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from flask import Flask
from flask_login import current_user

from scrutiny.blueprints.params import parse_int
from scrutiny.extensions import csrf, db, limiter, login_manager, mail, talisman
from scrutiny.models.people import User
from scrutiny.services.core import audit

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def _inline_script_hashes() -> str:
    """CSP hashes of the GOV.UK page template's one inline script (it marks the body as
    JavaScript-enabled): a hash, not a per-request nonce, so a cached page stays valid."""
    import govuk_frontend_jinja

    template = Path(govuk_frontend_jinja.__file__).parent / "templates" / "template.html"
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", template.read_text(), flags=re.S)
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in scripts
        if body.strip()
    )


def load_user(identity: str) -> User | None:
    """Flask-Login loader: the active user whose session version matches the cookie's."""
    user_id, version = (parse_int(part) for part in identity.partition(".")[::2])
    if user_id is None or version is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def register_security(app: Flask) -> None:
    """Bind Flask-Login, CSRF, Flask-Limiter, Flask-Mail and Talisman to the app."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see this page"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    talisman.init_app(
        app,
        force_https=app.config["SCRUTINY_FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        strict_transport_security=True,
        frame_options="DENY",
        content_security_policy={
            **CONTENT_SECURITY_POLICY,
            "script-src": f"'self' {_inline_script_hashes()}",
        },
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()"},
    )

    @app.before_request
    def record_actor() -> None:
        if current_user.is_authenticated:
            audit.set_actor(current_user.id)
        else:
            audit.set_actor(None)

    @app.after_request
    def no_store_for_signed_in(response):
        if current_user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store")
        return response
