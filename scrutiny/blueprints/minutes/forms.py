"""Minutes forms (validation only)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from scrutiny.blueprints.fields import GovDateField
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.blueprints.params import optional_int, strict_int
from scrutiny.models.minutes import InterestKind


class DeclarationForm(Form):
    """A member's declaration of interest."""

    user_id = SelectField(
        "Member",
        coerce=optional_int,
        widget=GovSelect(),
        validators=[InputRequired(message="Choose the member")],
    )
    item_id = SelectField(
        "Agenda item", coerce=optional_int, widget=GovSelect(), validators=[Optional()]
    )
    kind = RadioField(
        "Kind of interest",
        choices=[(k.value, k.label) for k in InterestKind],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the kind of interest")],
    )
    text = TextAreaField(
        "The interest",
        widget=GovTextArea(),
        validators=[InputRequired(message="Describe the interest")],
    )
    submit = SubmitField("Record declaration", widget=GovSubmitInput())


class MinuteForm(VersionedForm):
    """One minute's text and outcome."""

    narrative = TextAreaField("Minute", widget=GovTextArea(), validators=[Optional()])
    discussion = TextAreaField(
        "Points raised in discussion",
        widget=GovTextArea(),
        description="One point per line",
        validators=[Optional()],
    )
    outcome_kind = RadioField(
        "Outcome",
        choices=[("resolved", "Resolved"), ("concluded", "Concluded"), ("none", "No outcome")],
        default="concluded",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the outcome")],
    )
    outcome_text = TextAreaField(
        "Outcome wording",
        widget=GovTextArea(),
        description="For example: that the report be received",
        validators=[Optional()],
    )
    parts = TextAreaField(
        "Numbered parts",
        widget=GovTextArea(),
        description="One part per line; they are numbered i), ii), iii) …",
        validators=[Optional()],
    )
    change_reason = TextAreaField(
        "Reason for changing approved minutes",
        widget=GovTextArea(),
        validators=[Optional()],
    )
    submit = SubmitField("Save minute", widget=GovSubmitInput())


class ActionForm(OnceForm, Form):
    """An action arising from an outcome part."""

    description = TextAreaField(
        "Action", widget=GovTextArea(), validators=[InputRequired(message="Describe the action")]
    )
    post_ids = SelectMultipleField(
        "Owner posts",
        coerce=strict_int,
        widget=GovCheckboxesInput(),
        validators=[InputRequired(message="Choose at least one owner post")],
    )
    due_on = GovDateField("Due date", validators=[Optional()])
    submit = SubmitField("Create action", widget=GovSubmitInput())


class RecommendationForm(OnceForm, Form):
    """A recommendation to the executive arising from an outcome part."""

    text = TextAreaField(
        "Recommendation",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the recommendation")],
    )
    addressed_to = StringField(
        "Addressed to",
        widget=GovTextInput(),
        default="The Executive",
        validators=[InputRequired(message="Say whom it is addressed to"), Length(max=200)],
    )
    submit = SubmitField("Create recommendation", widget=GovSubmitInput())


class AttendanceForm(VersionedForm):
    """The parts of the attendance record that are plain fields; members' radios and
    substitutes are read from the request by the view."""

    officers = TextAreaField(
        "Officers in attendance",
        widget=GovTextArea(),
        description="One per line, with their service in brackets: Sheila Smith (Children's "
        "Services)",
        validators=[Optional()],
    )
    commenced = StringField("Meeting commenced", widget=GovTextInput(), validators=[Optional()])
    concluded = StringField("Meeting concluded", widget=GovTextInput(), validators=[Optional()])
    submit = SubmitField("Save attendance", widget=GovSubmitInput())
