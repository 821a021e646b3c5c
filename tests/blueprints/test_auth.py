"""Signing in and out as a user would: messages, lockout, session renewal and ending sessions."""

import re

from flask import current_app

from scrutiny.extensions import db
from scrutiny.models import OutboxMessage
from scrutiny.services.core.mail import flush_outbox
from tests.conftest import sign_in
from tests.factories import PASSWORD, UserFactory


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_sign_in_lands_on_the_dashboard_with_the_users_name(client):
    user = UserFactory(name="Wendy Griggs", roles=["councillor"])
    response = client.post(
        "/sign-in", data={"email": user.email, "password": PASSWORD}, follow_redirects=True
    )
    page = _text(response)
    assert "Your dashboard" in page
    assert "Wendy Griggs" in page
    assert "Your committees" in page


def test_wrong_password_reshows_the_form_with_the_email_and_an_error_summary(client):
    user = UserFactory()
    response = client.post("/sign-in", data={"email": user.email, "password": "nope"})
    page = _text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert f'value="{user.email}"' in page
    assert "<title>Error: Sign in" in page


def test_empty_form_names_each_missing_field(client):
    page = _text(client.post("/sign-in", data={"email": "", "password": ""}))
    assert "Enter your email address" in page
    assert "Enter your password" in page
    assert 'href="#email"' in page


def test_eleventh_wrong_password_in_five_minutes_is_refused_with_a_clear_message(client, clock):
    user = UserFactory()
    for _ in range(10):
        response = client.post("/sign-in", data={"email": user.email, "password": "bad guess"})
        assert "Enter a correct email address and password" in _text(response)
        clock.advance(seconds=15)
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts for this account" in _text(response)
    clock.advance(minutes=5)
    assert (
        client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    )


def test_per_address_limit_refuses_a_flood_from_one_address(client):
    current_limit = current_app.config["SCRUTINY_LOGIN_ADDRESS_LIMIT"]
    assert current_limit == "30 per 5 minutes"
    for n in range(30):
        client.post("/sign-in", data={"email": f"guess{n}@council.example", "password": "x"})
    response = client.post("/sign-in", data={"email": "another@council.example", "password": "x"})
    assert response.status_code == 429
    assert "too many attempts from your network" in _text(response)


def test_sign_in_renews_the_session(client):
    user = UserFactory()
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    sign_in(client, user)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after["_user_id"] == f"{user.id}.1"


def test_sign_out_ends_a_copied_session_cookie(app, client):
    user = UserFactory(roles=["officer"])
    sign_in(client, user)
    thief = app.test_client()
    cookie = client.get_cookie("session")
    thief.set_cookie("session", cookie.value)
    assert thief.get("/dashboard").status_code == 200
    client.post("/sign-out")
    response = thief.get("/dashboard")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_deactivation_ends_the_users_sessions(client, client_as):
    user = UserFactory(roles=["councillor"])
    sign_in(client, user)
    admin = client_as("admin")
    admin.post(f"/admin/users/{user.id}/active", data={"active": "0", "version": user.version})
    db.session.refresh(user)
    assert not user.active
    assert client.get("/dashboard").status_code == 302


def test_changing_password_keeps_this_session_and_ends_others(app, client):
    user = UserFactory(roles=["owner"])
    sign_in(client, user)
    other_device = app.test_client()
    sign_in(other_device, user)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": "a new long password",
            "confirm_password": "a new long password",
        },
        follow_redirects=True,
    )
    assert "Other devices have been signed out" in _text(response)
    assert client.get("/dashboard").status_code == 200
    assert other_device.get("/dashboard").status_code == 302


def test_change_password_with_wrong_current_password_changes_nothing(client):
    user = UserFactory()
    sign_in(client, user)
    before = user.password_hash
    page = _text(
        client.post(
            "/account/password",
            data={
                "current_password": "wrong",
                "password": "a new long password",
                "confirm_password": "a new long password",
            },
        )
    )
    assert "Your current password is not correct" in page
    db.session.refresh(user)
    assert user.password_hash == before


def test_password_reset_by_email_end_to_end(client, smtp, clock):
    user = UserFactory(email="becky.hopkins@council.example")
    page = _text(client.post("/forgot-password", data={"email": "Becky.Hopkins@council.example"}))
    assert "Check your email" in page
    flush_outbox(db.session, clock.now)
    (message,) = smtp.messages
    link = re.search(
        r"https://\S+/reset-password/\S+", message.get_body(("plain",)).get_content()
    ).group(0)
    path = link.split("scrutiny.council.example", 1)[1]
    assert "Choose a new password" in _text(client.get(path))
    response = client.post(
        path,
        data={"password": "my fresh password", "confirm_password": "my fresh password"},
        follow_redirects=True,
    )
    assert "Your password has been changed" in _text(response)
    assert client.get(path).status_code == 404, "the link works once"
    sign_in(client, user, "my fresh password")


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(client):
    page = _text(client.post("/forgot-password", data={"email": "nobody@council.example"}))
    assert "Check your email" in page
    assert db.session.query(OutboxMessage).count() == 0


def test_next_parameter_cannot_redirect_off_site(client):
    user = UserFactory()
    response = client.post(
        "/sign-in?next=//evil.example/x", data={"email": user.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/dashboard"
