"""Pages kept for each signed-in reader (`reader_pages`): a repeat view is answered before the
application runs, with fresh tokens, only to the same person, and never after something it shows,
the reader's roles or their sign-in changes."""

from __future__ import annotations

import re

from scrutiny.extensions import db
from scrutiny.models.people import UserRole
from tests.conftest import sign_in
from tests.factories import UserFactory
from tests.helpers import Statements

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _text(response) -> str:
    return response.get_data(as_text=True)


def _without_token(page: str) -> str:
    return TOKEN.sub("TOKEN", page)


def _token_fits(app, client, page: str) -> bool:
    """Whether the page's form token is one Flask-WTF accepts from this client's session
    (the suite turns the check off on posts, so it is made here)."""
    from flask import session
    from flask_wtf.csrf import validate_csrf
    from wtforms import ValidationError

    with client.session_transaction() as held:
        raw = held["csrf_token"]
    with app.test_request_context():
        session["csrf_token"] = raw
        try:
            validate_csrf(TOKEN.search(page)[1])
        except ValidationError:
            return False
    return True


def test_a_repeat_view_is_answered_before_the_application_with_a_fresh_form_token(
    plan, app, client_as
):
    officer = client_as("officer")
    officer.get("/plans")  # the first view after signing in makes the form token (session changes)
    first = officer.get("/plans")
    assert "Children&#39;s Support and Safeguarding Service Plan" in _text(first)
    with Statements() as statements:
        second = officer.get("/plans")
    assert statements.seen == []  # no view ran: no sign-in check, no plan read
    assert _without_token(_text(second)) == _without_token(_text(first))
    assert officer.user.name in _text(second)
    # the headers the page was sent with, the security headers among them
    assert second.headers["Cache-Control"] == "no-store"
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in second.headers
    assert _token_fits(app, officer, _text(second))
    signed_out = officer.post("/sign-out", data={"csrf_token": TOKEN.search(_text(second))[1]})
    assert signed_out.status_code == 302
    assert officer.get("/plans").status_code == 302  # to the sign-in page


def test_the_same_person_in_two_browsers_gets_each_browsers_own_form_token(plan, app):
    user = UserFactory(roles=["officer"])
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user)
    sign_in(phone, user)
    laptop.get("/plans")  # shows the sign-in message once
    for _ in range(2):
        phone.get("/plans")  # kept, holding the phone's token
    with Statements() as statements:
        page = _text(laptop.get("/plans"))
    assert statements.seen == [] and user.name in page
    assert _token_fits(app, laptop, page)  # the laptop's own, not the phone's
    assert not _token_fits(app, phone, page)


def test_the_page_kept_for_one_reader_never_goes_to_another(plan, client_as):
    first, second = client_as("officer"), client_as("officer")
    for _ in range(2):
        assert first.user.name in _text(first.get("/plans"))
    page = _text(second.get("/plans"))
    assert second.user.name in page and first.user.name not in page


def test_a_change_to_what_the_page_shows_is_seen_at_once(plan, client_as):
    officer = client_as("officer")
    officer.get("/plans")
    officer.get("/plans")
    plan.title = "Adult Social Care Plan"
    db.session.commit()
    assert "Adult Social Care Plan" in _text(officer.get("/plans"))


def test_a_change_of_roles_is_seen_at_once(plan, client_as):
    officer = client_as("officer")
    for _ in range(2):
        assert "Add a plan" in _text(officer.get("/plans"))
    officer.user.role_rows = [UserRole(role="councillor")]
    db.session.commit()
    assert "Add a plan" not in _text(officer.get("/plans"))


def _kept_and_copied(app, officer):
    """View /plans until it is kept for `officer`; a client holding a copy of their cookie."""
    officer.get("/plans")
    officer.get("/plans")
    copy = app.test_client()
    copy.set_cookie("session", officer.get_cookie("session").value)
    return copy


def test_a_copied_cookie_gets_nothing_after_the_reader_signs_out(plan, app, client_as):
    officer = client_as("officer")
    copy = _kept_and_copied(app, officer)
    assert officer.user.name in _text(copy.get("/plans"))
    officer.post("/sign-out", data={"csrf_token": TOKEN.search(_text(officer.get("/plans")))[1]})
    assert copy.get("/plans").status_code == 302


def test_a_copied_cookie_from_another_browser_is_refused_as_before(plan, app, client_as):
    """Session protection: the same cookie from another client is not a sign-in."""
    officer = client_as("officer")
    copy = _kept_and_copied(app, officer)
    refused = copy.get("/plans", headers={"User-Agent": "Another browser"})
    assert refused.status_code == 302
    assert officer.user.name not in _text(refused)


def test_a_deactivated_reader_gets_nothing(plan, client_as):
    officer = client_as("officer")
    officer.get("/plans")
    officer.get("/plans")
    officer.user.active = False
    db.session.commit()
    assert officer.get("/plans").status_code == 302


def test_a_waiting_message_is_shown_and_not_kept(plan, client_as):
    officer = client_as("officer")
    officer.get("/plans")
    officer.get("/plans")
    with officer.session_transaction() as session:
        session["_flashes"] = [("success", "Plan saved")]
    assert "Plan saved" in _text(officer.get("/plans"))
    assert "Plan saved" not in _text(officer.get("/plans"))


def test_a_session_holding_other_values_goes_through_the_application(plan, app):
    """Only a plain signed-in session is answered in front; anything else is Flask's."""
    user = UserFactory(roles=["officer"])
    db.session.commit()
    browser = app.test_client()
    sign_in(browser, user)
    browser.get("/plans")
    with browser.session_transaction() as session:
        session["next"] = "/somewhere"  # a value the front does not know
    with Statements() as statements:
        page = browser.get("/plans")
    assert user.name in _text(page)
    assert statements.seen  # answered by the application


def test_a_create_forms_once_only_token_is_fresh_on_every_view(plan, client_as):
    officer = client_as("officer")
    url = f"/plans/{plan.id}"
    pattern = re.compile(r'name="once_token"[^>]*value="([^"]+)"')
    tokens = [pattern.search(_text(officer.get(url)))[1] for _ in range(3)]
    assert len(set(tokens)) == 3
