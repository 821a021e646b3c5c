"""Task-and-finish group forms (validation only; the rules live in services/programme)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scrutiny.blueprints.fields import GovDateField
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.blueprints.params import optional_int
from scrutiny.models.task_groups import SessionKind
from scrutiny.services.programme.task_groups import GROUP_ROLES


class GroupForm(OnceForm, VersionedForm):
    """A group's terms of reference: topic, reason, scope, method, timeline, dates, lead officer."""

    name = StringField(
        "Name of the group",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the group's name"), Length(max=200)],
    )
    topic = StringField(
        "Topic",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the group's topic"), Length(max=300)],
    )
    reason = TextAreaField("Reason for scrutiny", widget=GovTextArea(), validators=[Optional()])
    scope = TextAreaField(
        "Scope",
        widget=GovTextArea(),
        description="What the group will and will not look at",
        validators=[Optional()],
    )
    method = TextAreaField(
        "Method",
        widget=GovTextArea(),
        description="For example: evidence sessions, visits, witnesses, desk research",
        validators=[Optional()],
    )
    timeline = TextAreaField("Timeline", widget=GovTextArea(), validators=[Optional()])
    starts_on = GovDateField("Start date", validators=[Optional()])
    ends_on = GovDateField("Date by which the group will report", validators=[Optional()])
    lead_officer_id = SelectField(
        "Lead officer", coerce=optional_int, widget=GovSelect(), validators=[Optional()]
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def values(self) -> dict:
        """The fields the service takes, blanks as empty strings."""
        return {
            "topic": self.topic.data,
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "lead_officer_id": self.lead_officer_id.data,
        } | {k: getattr(self, k).data or "" for k in ("reason", "scope", "method", "timeline")}


class StatusForm(VersionedForm):
    """Moving a group to its next status."""

    status = SelectField("New status", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Change status", widget=GovSubmitInput())


class MemberForm(Form):
    """Adding a member of the parent panel to the group."""

    user_id = SelectField(
        "Member of the panel",
        coerce=optional_int,
        widget=GovSelect(),
        validate_choice=False,
        validators=[InputRequired(message="Choose a member of the panel")],
    )
    role = SelectField(
        "Role in the group",
        choices=[(r.value, r.label) for r in GROUP_ROLES],
        default="member",
        widget=GovSelect(),
        validate_choice=False,
    )
    submit = SubmitField("Add to group", widget=GovSubmitInput())


class SessionForm(OnceForm, VersionedForm):
    """One of the group's meetings, evidence sessions or visits."""

    kind = SelectField(
        "Kind of session",
        choices=[(k.value, k.label) for k in SessionKind],
        widget=GovSelect(),
        validate_choice=False,
    )
    held_on = GovDateField("Date", validators=[Optional()])
    title = StringField(
        "Title",
        widget=GovTextInput(),
        description="For example: Visit to the Castlewood family centre",
        validators=[InputRequired(message="Enter a title for the session"), Length(max=300)],
    )
    witnesses = TextAreaField(
        "Witnesses and people met", widget=GovTextArea(), validators=[Optional()]
    )
    notes = TextAreaField("Notes", widget=GovTextArea(), validators=[Optional()])
    submit = SubmitField("Save session", widget=GovSubmitInput())


class ReportForm(Form):
    """Uploading the group's final report."""

    file = FileField(
        "Final report",
        widget=GovFileInput(),
        description="A PDF or Word (.docx) document",
        validators=[FileRequired(message="Choose a file to upload")],
    )
    submit = SubmitField("Upload final report", widget=GovSubmitInput())


class RecommendationForm(Form):
    """A recommendation the group drafts for its parent panel."""

    text = TextAreaField(
        "Recommendation",
        widget=GovTextArea(),
        validators=[InputRequired(message="Enter the recommendation")],
    )
    addressed_to = StringField(
        "Addressed to",
        default="The Executive",
        widget=GovTextInput(),
        description="The Executive, an executive member, or a partner body",
        validators=[InputRequired(message="Say to whom it is addressed"), Length(max=200)],
    )
    submit = SubmitField("Add draft recommendation", widget=GovSubmitInput())


class AgreeForm(Form):
    """The parent panel's meeting that agreed the drafts."""

    meeting_id = SelectField(
        "Panel meeting that agreed them",
        coerce=optional_int,
        widget=GovSelect(),
        validate_choice=False,
        validators=[InputRequired(message="Choose the panel meeting")],
    )
    submit = SubmitField("Record as agreed by the panel", widget=GovSubmitInput())
