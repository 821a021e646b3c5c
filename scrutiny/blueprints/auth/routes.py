"""Sign-in, sign-out, password reset and password change views."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash

from scrutiny.blueprints.auth import bp
from scrutiny.blueprints.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    NewPasswordForm,
    ReminderModeForm,
    SignInForm,
)
from scrutiny.blueprints.redirects import safe_next
from scrutiny.extensions import db, limiter
from scrutiny.services.core import audit
from scrutiny.services.core.clocks import now
from scrutiny.services.core.errors import DomainError
from scrutiny.services.people import accounts


def _address_limit() -> str:
    return current_app.config["SCRUTINY_LOGIN_ADDRESS_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def sign_in():
    """Check email and password; clear and renew the session on success."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        result = accounts.sign_in(
            db.session,
            form.email.data,
            form.password.data,
            now=now(),
            remote_address=request.remote_addr,
        )
        db.session.commit()
        if result.user is not None:
            session.clear()
            login_user(result.user)
            return redirect(safe_next(request.args.get("next"), url_for("main.dashboard")))
        form.form_errors.append(result.error)
        if result.locked:
            return render_template("auth/sign_in.html", form=form), 429
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@login_required
def sign_out():
    """End this and every other copy of the user's session."""
    accounts.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out", "success")
    return redirect(url_for("main.home"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def forgot_password():
    """Email a reset link; the answer is the same whether or not the address is known."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        with audit.acting_as(label="password reset request"):
            accounts.request_password_reset(
                db.session,
                form.email.data,
                now=now(),
                base_url=current_app.config["SCRUTINY_BASE_URL"],
            )
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"])
def reset_password(token: str):
    """Choose a new password with an emailed token (single use, expiring)."""
    if accounts.find_reset_token(db.session, token, now()) is None:
        return render_template("auth/reset_invalid.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.reset_password(db.session, token, form.password.data, now=now())
        except DomainError as error:
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(f"Your password has been changed, {user.name}. Sign in with it now.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the signed-in user's password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash or "", form.current_password.data):
            form.current_password.errors.append("Your current password is not correct")
        else:
            user = current_user._get_current_object()
            accounts.set_password(user, form.password.data)
            db.session.commit()
            session.clear()
            login_user(user)
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/account/reminders", methods=["GET", "POST"])
@login_required
def reminder_mode():
    """Choose a mail per reminder or one daily digest."""
    form = ReminderModeForm()
    if request.method == "GET":
        form.mode.data = current_user.reminder_mode
    if form.validate_on_submit():
        accounts.set_reminder_mode(current_user._get_current_object(), form.mode.data)
        db.session.commit()
        flash("Saved: " + dict(form.mode.choices)[form.mode.data].lower(), "success")
        return redirect(url_for("main.dashboard"))
    return render_template("auth/reminders.html", form=form)
