"""Accounts: creating users, rate-limited sign-in, and single-use expiring password resets."""

import pytest
from werkzeug.security import check_password_hash

from scrutiny.models import OutboxMessage, Role
from scrutiny.services.core.errors import DomainError
from scrutiny.services.people import accounts
from tests.factories import PASSWORD, UserFactory


def test_create_user_stores_lower_case_email_roles_and_a_slow_hash(session):
    user = accounts.create_user(
        session,
        email="Wendy.Griggs@Council.Example",
        name="Wendy Griggs",
        roles=["councillor", "officer"],
        password="a long enough password",
    )
    session.commit()
    assert user.email == "wendy.griggs@council.example"
    assert user.roles == {Role.COUNCILLOR, Role.OFFICER}
    assert user.password_hash.startswith("scrypt:")
    assert check_password_hash(user.password_hash, "a long enough password")


@pytest.mark.parametrize(
    ("email", "roles", "password", "message"),
    [
        ("not-an-email", ["officer"], None, "Enter a valid email address"),
        ("x@council.example", ["mayor"], None, "Unknown role 'mayor'"),
        ("x@council.example", ["officer"], "short", "at least 12 characters"),
    ],
)
def test_create_user_refuses_bad_input(session, email, roles, password, message):
    with pytest.raises(DomainError, match=message):
        accounts.create_user(session, email=email, name="X", roles=roles, password=password)


def test_create_user_refuses_an_existing_email_in_any_case(session):
    UserFactory(email="brent.cross@council.example")
    with pytest.raises(DomainError, match="already exists"):
        accounts.create_user(
            session, email="BRENT.CROSS@council.example", name="Brent", roles=["officer"]
        )


def _attempt(session, user, password, clock):
    result = accounts.sign_in(
        session, user.email, password, now=clock.now, remote_address="127.0.0.1"
    )
    session.commit()
    return result


def test_eleventh_wrong_password_within_five_minutes_is_refused_even_if_right(session, clock):
    user = UserFactory()
    for _ in range(10):
        result = _attempt(session, user, "wrong password!", clock)
        assert result.error == "Enter a correct email address and password"
        clock.advance(seconds=20)
    locked = _attempt(session, user, PASSWORD, clock)
    assert locked.user is None
    assert locked.locked
    assert "Too many failed sign-in attempts" in locked.error


def test_lockout_ends_when_the_failures_fall_out_of_the_window(session, clock):
    user = UserFactory()
    for _ in range(10):
        _attempt(session, user, "wrong password!", clock)
    clock.advance(minutes=5, seconds=1)
    assert _attempt(session, user, PASSWORD, clock).user == user


def test_inactive_user_cannot_sign_in_with_the_right_password(session, clock):
    user = UserFactory(active=False)
    assert _attempt(session, user, PASSWORD, clock).user is None


def test_sign_in_records_last_sign_in_time(session, clock):
    user = UserFactory()
    _attempt(session, user, PASSWORD, clock)
    assert user.last_sign_in_at == clock.now


def test_password_change_and_deactivation_bump_the_session_version(session):
    user = UserFactory()
    accounts.set_password(user, "another long password")
    assert user.session_version == 2
    accounts.set_active(user, False)
    assert user.session_version == 3
    assert not user.active


def _reset_link(session) -> str:
    message = session.query(OutboxMessage).one()
    line = next(x for x in message.body_text.splitlines() if "/reset-password/" in x)
    return line.strip().rsplit("/", 1)[1]


def test_password_reset_token_is_single_use(session, clock):
    user = UserFactory(email="owner@council.example")
    accounts.request_password_reset(
        session, "owner@council.example", now=clock.now, base_url="https://x.example"
    )
    session.commit()
    token = _reset_link(session)
    accounts.reset_password(session, token, "a brand new password", now=clock.now)
    session.commit()
    assert check_password_hash(user.password_hash, "a brand new password")
    with pytest.raises(DomainError, match="expired or has already been used"):
        accounts.reset_password(session, token, "yet another password", now=clock.now)


def test_password_reset_token_expires_after_an_hour(session, clock):
    UserFactory(email="owner@council.example")
    accounts.request_password_reset(
        session, "owner@council.example", now=clock.now, base_url="https://x.example"
    )
    session.commit()
    token = _reset_link(session)
    clock.advance(hours=1, seconds=1)
    assert accounts.find_reset_token(session, token, clock.now) is None


def test_password_reset_for_unknown_email_sends_nothing(session, clock):
    accounts.request_password_reset(
        session, "nobody@council.example", now=clock.now, base_url="https://x.example"
    )
    assert session.query(OutboxMessage).count() == 0


def test_using_a_reset_link_cancels_older_links_and_clears_the_lockout(session, clock):
    user = UserFactory(email="owner@council.example")
    for _ in range(10):
        _attempt(session, user, "wrong password!", clock)
    for _ in range(2):
        accounts.request_password_reset(
            session, user.email, now=clock.now, base_url="https://x.example"
        )
    session.commit()
    first, second = (
        m.body_text.split("/reset-password/")[1].split()[0]
        for m in session.query(OutboxMessage).order_by(OutboxMessage.id)
    )
    accounts.reset_password(session, second, "a brand new password", now=clock.now)
    session.commit()
    assert accounts.find_reset_token(session, first, clock.now) is None
    assert _attempt(session, user, "a brand new password", clock).user == user


def test_an_invitation_lasts_three_days_and_welcomes_the_user(session, clock):
    user = UserFactory(name="Catherine Gibbons")
    accounts.request_password_reset(
        session, user.email, now=clock.now, base_url="https://x.example", invitation=True
    )
    session.commit()
    message = session.query(OutboxMessage).one()
    assert message.subject == "Set up your Scrutiny account"
    assert "within 72 hours" in message.body_text
    token = message.body_text.split("/reset-password/")[1].split()[0]
    clock.advance(hours=71)
    assert accounts.find_reset_token(session, token, clock.now) is not None


def test_an_admin_cannot_deactivate_themselves(session):
    admin = UserFactory(roles=["admin"])
    with pytest.raises(DomainError, match="cannot deactivate your own account"):
        accounts.set_active(admin, False, by=admin)
    assert admin.active
