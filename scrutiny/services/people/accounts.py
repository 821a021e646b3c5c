"""Users and sign-in: creating accounts, roles, passwords, rate-limited sign-in and resets."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from scrutiny.models.auth import PasswordResetToken, SignInAttempt
from scrutiny.models.people import Role, User, UserRole
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.core.mail import queue_mail

MIN_PASSWORD_LENGTH = 12
#: Compared against when the email is unknown, so a miss takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalise_email(raw: str) -> str:
    """Validate an email address's syntax and return it lower-cased; DomainError if invalid."""
    try:
        result = validate_email((raw or "").strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise DomainError(f"Enter a valid email address: {error}", field="email") from error
    return result.normalized.lower()


def parse_roles(names: list[str]) -> set[Role]:
    """Turn role names into Roles; DomainError naming any unknown one."""
    roles = set()
    for name in names:
        try:
            roles.add(Role(name))
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise DomainError(f"Unknown role '{name}'. Roles are: {allowed}.", "roles") from None
    return roles


def check_password_strength(password: str) -> None:
    """DomainError unless the password is long enough to resist guessing."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Password must be at least {MIN_PASSWORD_LENGTH} characters long", field="password"
        )


def find_user_by_email(session: Session, email: str) -> User | None:
    """The user with this email (any case), or None."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def _set_roles(user: User, roles: set[Role]) -> None:
    wanted = {r.value for r in roles}
    for row in list(user.role_rows):
        if row.role not in wanted:
            user.role_rows.remove(row)
    held = {row.role for row in user.role_rows}
    for role in sorted(wanted - held):
        user.role_rows.append(UserRole(role=role))


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    roles: list[str] | set[Role],
    password: str | None = None,
) -> User:
    """Create a user; DomainError on a bad email, unknown role, weak password or existing email."""
    address = normalise_email(email)
    if not (name or "").strip():
        raise DomainError("Enter the person's name", field="name")
    role_set = parse_roles([str(r) for r in roles])
    if find_user_by_email(session, address) is not None:
        raise DomainError(f"A user with the email {address} already exists", field="email")
    user = User(email=address, name=name.strip(), active=True, session_version=1)
    if password is not None:
        check_password_strength(password)
        user.password_hash = generate_password_hash(password)
    _set_roles(user, role_set)
    session.add(user)
    session.flush()
    return user


def update_user(
    session: Session,
    user: User,
    *,
    email: str,
    name: str,
    roles: list[str],
    expected_version: int | None,
) -> User:
    """Change a user's name, email and roles, refusing a stale edit or a taken email."""
    check_version(user, expected_version, "this user")
    address = normalise_email(email)
    other = find_user_by_email(session, address)
    if other is not None and other.id != user.id:
        raise DomainError(f"A user with the email {address} already exists", field="email")
    if not (name or "").strip():
        raise DomainError("Enter the person's name", field="name")
    user.email = address
    user.name = name.strip()
    _set_roles(user, parse_roles(roles))
    session.flush()
    return user


def end_all_sessions(user: User) -> None:
    """Invalidate every signed-in copy of this user's session (and remember-me cookies)."""
    user.session_version += 1


def set_active(
    user: User, active: bool, *, expected_version: int | None = None, by: User | None = None
) -> None:
    """Deactivate (ending their sessions) or reactivate a user; users are never deleted."""
    check_version(user, expected_version, "this user")
    if not active and by is not None and by.id == user.id:
        raise DomainError("You cannot deactivate your own account")
    user.active = active
    if not active:
        end_all_sessions(user)


def set_password(user: User, password: str) -> None:
    """Hash and store a new password, ending every existing session of the user."""
    check_password_strength(password)
    user.password_hash = generate_password_hash(password)
    end_all_sessions(user)


@dataclass
class SignInResult:
    """The outcome of a sign-in attempt: the user, or a message to show."""

    user: User | None = None
    error: str | None = None
    locked: bool = False


def recent_failures(session: Session, email: str, now: datetime) -> int:
    """Failed sign-ins for this email within the configured window before `now`."""
    window = timedelta(minutes=current_app.config["SCRUTINY_LOGIN_WINDOW_MINUTES"])
    return session.scalar(
        select(func.count(SignInAttempt.id)).where(
            SignInAttempt.email == email,
            SignInAttempt.succeeded.is_(False),
            SignInAttempt.at > now - window,
        )
    )


def sign_in(
    session: Session, email: str, password: str, *, now: datetime, remote_address: str | None
) -> SignInResult:
    """Check credentials, refusing after too many recent failures for the account."""
    address = (email or "").strip().lower()
    maximum = current_app.config["SCRUTINY_LOGIN_MAX_FAILURES"]
    minutes = current_app.config["SCRUTINY_LOGIN_WINDOW_MINUTES"]
    if recent_failures(session, address, now) >= maximum:
        return SignInResult(
            error=(
                f"Too many failed sign-in attempts for this account. Wait {minutes} minutes "
                "and try again, or reset your password."
            ),
            locked=True,
        )
    user = find_user_by_email(session, address)
    hashed = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    valid = check_password_hash(hashed, password or "") and hashed is not _DUMMY_HASH
    ok = valid and user is not None and user.active
    session.add(
        SignInAttempt(email=address[:254], at=now, succeeded=ok, remote_address=remote_address)
    )
    if not ok:
        return SignInResult(error="Enter a correct email address and password")
    user.last_sign_in_at = now
    return SignInResult(user=user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


#: Hours an invitation to set a first password stays valid.
INVITATION_HOURS = 72


def request_password_reset(
    session: Session, email: str, *, now: datetime, base_url: str, invitation: bool = False
) -> None:
    """Email a single-use link to set a password to an active user; silent for unknown emails.

    An invitation (sent when an administrator adds someone) lasts longer and reads as a welcome.
    """
    user = find_user_by_email(session, email or "")
    if user is None or not user.active:
        return
    token = secrets.token_urlsafe(32)
    hours = INVITATION_HOURS if invitation else current_app.config["SCRUTINY_PASSWORD_RESET_HOURS"]
    row = PasswordResetToken(
        user_id=user.id,
        token_digest=_digest(token),
        created_at=now,
        expires_at=now + timedelta(hours=hours),
    )
    session.add(row)
    session.flush()
    queue_mail(
        session,
        dedupe_key=f"{'invitation' if invitation else 'password-reset'}:{row.id}",
        recipient=user.email,
        subject="Set up your Scrutiny account" if invitation else "Reset your Scrutiny password",
        template="invitation" if invitation else "password_reset",
        now=now,
        user=user,
        link=f"{base_url.rstrip('/')}/reset-password/{token}",
        hours=hours,
    )


def find_reset_token(session: Session, token: str, now: datetime) -> PasswordResetToken | None:
    """The unused, unexpired reset token matching `token`, or None."""
    row = session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_digest == _digest(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= now or not row.user.active:
        return None
    return row


def reset_password(session: Session, token: str, password: str, *, now: datetime) -> User:
    """Set a new password with a reset token, using up the token; DomainError if not valid."""
    row = find_reset_token(session, token, now)
    if row is None:
        raise DomainError("This password reset link has expired or has already been used")
    set_password(row.user, password)
    session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == row.user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now)
    )
    session.execute(
        delete(SignInAttempt).where(
            SignInAttempt.email == row.user.email, SignInAttempt.succeeded.is_(False)
        )
    )
    return row.user


def set_reminder_mode(user: User, mode: str) -> None:
    """'each' (a mail per reminder) or 'digest' (one mail a day)."""
    if mode not in {"each", "digest"}:
        raise DomainError("Choose how to receive reminders", field="mode")
    user.reminder_mode = mode


def active_users_with_roles(session: Session, *roles: Role) -> list[User]:
    """Active users holding any of `roles`, by name (officers to lead or be told, executive
    members to respond)."""
    holds = select(UserRole.user_id).where(UserRole.role.in_([Role(r).value for r in roles]))
    return list(
        session.scalars(
            select(User)
            .where(User.active.is_(True), User.id.in_(holds))
            .order_by(User.name, User.id)
        )
    )
