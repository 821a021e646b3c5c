"""Work programme forms (validation only)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scrutiny.blueprints.fields import GovDateField
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.blueprints.params import optional_int
from scrutiny.models.programme import Section


class ProposalForm(OnceForm, Form):
    """A councillor's proposed topic."""

    topic = StringField(
        "Topic",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the topic"), Length(max=300)],
    )
    reason = TextAreaField(
        "Why should the panel scrutinise it?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Say why the topic needs scrutiny")],
    )
    method = TextAreaField(
        "Suggested method",
        widget=GovTextArea(),
        description="For example: a report to the panel, a briefing, or a task-and-finish group",
        validators=[Optional()],
    )
    submit = SubmitField("Propose topic", widget=GovSubmitInput())


class RowForm(OnceForm, VersionedForm):
    """A work programme row, as the officer keeps it."""

    section = SelectField(
        "Section",
        choices=[(s.value, s.label) for s in Section],
        widget=GovSelect(),
        validate_choice=False,  # checked by the service; not sent when editing a row
        validators=[Optional()],
    )
    topic = StringField(
        "Topic",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the topic"), Length(max=300)],
    )
    reason = TextAreaField("Reason for scrutiny", widget=GovTextArea(), validators=[Optional()])
    method = TextAreaField(
        "Method and reporting process", widget=GovTextArea(), validators=[Optional()]
    )
    timeline = TextAreaField("Timeline", widget=GovTextArea(), validators=[Optional()])
    progress = TextAreaField(
        "Progress since the last meeting, or outcome", widget=GovTextArea(), validators=[Optional()]
    )
    contact = StringField(
        "Contact", widget=GovTextInput(), validators=[Optional(), Length(max=300)]
    )
    held_on = GovDateField("Date held (briefings and workshops)", validators=[Optional()])
    agreed_on = GovDateField("Date the panel agreed it", validators=[Optional()])
    planned_meeting_id = SelectField(
        "Planned for meeting (agenda reports)",
        coerce=optional_int,
        widget=GovSelect(),
        validators=[Optional()],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def values(self) -> dict:
        return {
            name: getattr(self, name).data
            for name in (
                "topic",
                "reason",
                "method",
                "timeline",
                "progress",
                "contact",
                "held_on",
                "agreed_on",
                "planned_meeting_id",
            )
        } | {
            k: getattr(self, k).data or ""
            for k in ("reason", "method", "timeline", "progress", "contact")
        }
