"""The alert subscription form (validation only)."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length

from scrutiny.blueprints.forms_base import Form


class SubscribeForm(Form):
    """An email address and what to be alerted about."""

    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your email address"),
            Length(max=254),
            Email(message="Enter an email address like name@example.com"),
        ],
    )
    scope = RadioField(
        "What do you want alerts about?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose what you want alerts about")],
    )
    submit = SubmitField("Subscribe", widget=GovSubmitInput())


class ButtonForm(Form):
    """A single button (confirm or unsubscribe), so the change is a POST."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
