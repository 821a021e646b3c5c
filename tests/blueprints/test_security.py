"""Security headers, cookie flags, CSRF and the error pages."""

from flask import current_app

from tests.factories import PASSWORD, UserFactory


def test_security_headers_are_set_on_every_page(client):
    response = client.get("/committees/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'sha256-" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_csp_allows_exactly_the_inline_script_the_page_carries(client):
    """The one inline script (marking the body as JavaScript-enabled) is allowed by its hash,
    so a cached page needs no per-request nonce; any other inline script would be refused."""
    import base64
    import hashlib
    import re

    response = client.get("/")
    scripts = re.findall(r"<script>(.*?)</script>", response.get_data(as_text=True), re.S)
    assert len(scripts) == 1 and "js-enabled" in scripts[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    csp = response.headers["Content-Security-Policy"]
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'", f"'sha256-{digest}'"]
    assert "nonce" not in csp


def test_session_cookie_is_secure_http_only_and_same_site(client):
    user = UserFactory()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signed_in_pages_are_not_cached(client_as):
    officer = client_as("officer")
    assert officer.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_form_without_csrf_token_is_refused_and_shows_what_was_typed(client):
    current_app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/forgot-password", data={"email": "wendy.griggs@council.example"})
    finally:
        current_app.config["WTF_CSRF_ENABLED"] = False
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your session has expired" in page
    assert "wendy.griggs@council.example" in page


def test_sign_in_form_carries_a_csrf_token_when_enabled(client):
    current_app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/sign-in").get_data(as_text=True)
    finally:
        current_app.config["WTF_CSRF_ENABLED"] = False
    assert 'name="csrf_token"' in page


def test_not_found_page_is_styled_and_helpful(client):
    response = client.get("/committees/no-such-panel")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Page not found" in page
    assert "govuk-header" in page or "govuk-generic-header" in page


def test_council_branding_has_no_crown_or_gds_font(client):
    page = client.get("/").get_data(as_text=True)
    assert "North Somerset Council" in page
    assert "govuk-header__logotype" not in page
    assert "crown" not in page.lower()
    assert "&lt;span" not in page, "the council name is shown as text, not escaped markup"
    assert ">\n        North Somerset Council" in page or ">North Somerset Council<" in page
    assert "favicon.svg" in page


def test_an_unexpected_error_shows_the_styled_500_page(tmp_path):
    from scrutiny import create_app

    broken = create_app(
        {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    )

    @broken.route("/boom")
    def boom():
        raise RuntimeError("a bug")

    response = broken.test_client().get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in page
    assert "a bug" not in page
