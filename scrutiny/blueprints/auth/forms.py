"""Sign-in, password and account forms (validation only)."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import EqualTo, InputRequired, Length

from scrutiny.blueprints.forms_base import Form
from scrutiny.services.people.accounts import MIN_PASSWORD_LENGTH


class SignInForm(Form):
    """Email and password."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address"), Length(max=254)],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class ForgotPasswordForm(Form):
    """The email to send a reset link to."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter your email address"), Length(max=254)],
    )
    submit = SubmitField("Send reset link", widget=GovSubmitInput())


_STRENGTH = Length(
    min=MIN_PASSWORD_LENGTH,
    message=f"Password must be at least {MIN_PASSWORD_LENGTH} characters long",
)


class NewPasswordForm(Form):
    """A new password, typed twice."""

    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.",
        validators=[InputRequired(message="Enter a new password"), _STRENGTH],
    )
    confirm_password = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message="Enter the new password again"),
            EqualTo("password", message="The passwords do not match"),
        ],
    )
    submit = SubmitField("Save password", widget=GovSubmitInput())


class ChangePasswordForm(NewPasswordForm):
    """The current password, then a new one typed twice."""

    current_password = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[InputRequired(message="Enter your current password")],
    )


class ReminderModeForm(Form):
    """How the signed-in user receives news such as a published agenda."""

    mode = RadioField(
        "When would you like news such as a published agenda?",
        choices=[
            ("each", "As it happens, in its own email"),
            ("digest", "In my one email of the day, with my reminders"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose when to receive news")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
