"""Recommendation forms (validation only; the rules live in services/recommendations)."""

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
from scrutiny.models.recommendations import CLOSING_STATUSES, ResponseKind


class SubmitForm(OnceForm, Form):
    """Choosing agreed recommendations and sending them to the executive as one set."""

    recommendation_ids = SelectMultipleField(
        "Recommendations to submit",
        coerce=strict_int,
        widget=GovCheckboxesInput(),
        validate_choice=False,
        validators=[Optional()],
    )
    title = StringField(
        "Report they come from",
        widget=GovTextInput(),
        description="For example: Music Service update",
        validators=[InputRequired(message="Enter the title of the report"), Length(max=300)],
    )
    submitted_on = GovDateField("Date submitted", validators=[Optional()])
    received_on = GovDateField(
        "Date the executive received them",
        description="Leave blank if the same as the date submitted. The two-month deadline "
        "starts on this day.",
        validators=[Optional()],
    )
    responder_id = SelectField(
        "Executive member to respond",
        coerce=optional_int,
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
    )
    submit = SubmitField("Submit to the executive", widget=GovSubmitInput())


class CorrectSubmissionForm(VersionedForm):
    """Correcting a submission's dates or executive member, with the reason."""

    submitted_on = GovDateField("Date submitted", validators=[Optional()])
    received_on = GovDateField(
        "Date the executive received them",
        description="Leave blank if the same as the date submitted. The two-month deadline "
        "starts on this day.",
        validators=[Optional()],
    )
    responder_id = SelectField(
        "Executive member to respond",
        coerce=optional_int,
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
    )
    reason = TextAreaField(
        "Reason for the correction",
        widget=GovTextArea(),
        description="Kept in the history of the submission.",
        validators=[InputRequired(message="Give the reason for the correction")],
    )
    submit = SubmitField("Save the correction", widget=GovSubmitInput())


class ResponseForm(VersionedForm):
    """The executive's response to one recommendation."""

    kind = RadioField(
        "Response",
        choices=[(k.value, k.label) for k in ResponseKind],
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired(message="Choose the response")],
    )
    text = TextAreaField(
        "What the executive will do",
        widget=GovTextArea(),
        description="The response in words: what action, if any, the executive will take",
        validators=[InputRequired(message="Enter the response")],
    )
    reasons = TextAreaField("Reasons for rejecting", widget=GovTextArea(), validators=[Optional()])
    responder_id = SelectField(
        "Responding executive member",
        coerce=optional_int,
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
    )
    submit = SubmitField("Save response", widget=GovSubmitInput())


class ImplementationActionForm(OnceForm, Form):
    """An action implementing an accepted recommendation."""

    description = TextAreaField(
        "Action",
        widget=GovTextArea(),
        validators=[InputRequired(message="Describe the action")],
    )
    post_ids = SelectMultipleField(
        "Owner posts",
        coerce=strict_int,
        widget=GovCheckboxesInput(),
        validate_choice=False,
        validators=[Optional()],
    )
    due_on = GovDateField("Due", validators=[Optional()])
    submit = SubmitField("Add action", widget=GovSubmitInput())


class CloseForm(VersionedForm):
    """The panel closing a recommendation at a meeting."""

    outcome = RadioField(
        "How does it end?",
        choices=[(s.value, s.label) for s in CLOSING_STATUSES],
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired(message="Choose how the recommendation ends")],
    )
    minute_id = SelectField(
        "Minute of the panel meeting that closed it",
        coerce=optional_int,
        widget=GovSelect(),
        validate_choice=False,
        validators=[Optional()],
    )
    note = TextAreaField("Note", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Close recommendation", widget=GovSubmitInput())


class ActionUpdateForm(VersionedForm):
    """An owner's progress update on an action."""

    rag = RadioField(
        "Status (RAG)",
        choices=[
            ("green", "Green: on track"),
            ("amber", "Amber: at risk"),
            ("red", "Red: off track"),
            ("blue", "Blue: complete"),
        ],
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired(message="Choose the RAG status")],
    )
    narrative = TextAreaField(
        "Progress",
        widget=GovTextArea(),
        validators=[InputRequired(message="Describe the progress made")],
    )
    next_steps = TextAreaField(
        "Further actions for next period", widget=GovTextArea(), validators=[Optional()]
    )
    due_on = GovDateField("New due date (optional)", validators=[Optional()])
    due_reason = TextAreaField(
        "Reason for changing the due date",
        widget=GovTextArea(),
        description="Needed with a new due date; the original due and every change are kept "
        "and reported as slippage",
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField("Save update", widget=GovSubmitInput())


class ReleaseForm(VersionedForm):
    """An officer's reason for opening exempt-derived content to the public."""

    reason = TextAreaField(
        "Why can this now be made public?",
        description="For example: the contract has been awarded, so the information is no "
        "longer commercially sensitive. The reason is kept on record.",
        widget=GovTextArea(),
        validators=[InputRequired(message="Give the reason it may now be made public")],
    )
    submit = SubmitField("Release to the public", widget=GovSubmitInput())
