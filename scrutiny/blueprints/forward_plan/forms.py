"""Forward plan, decision record and call-in forms (validation only)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scrutiny.blueprints.admin.forms import VersionedForm
from scrutiny.blueprints.fields import GovDateField
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.models.executive_decisions import CallInOutcome, MakerKind
from scrutiny.models.meetings import EXEMPT_PARAGRAPHS
from scrutiny.services.decisions import decision_records, forward_plan

MAKER_CHOICES = [(k.value, k.label) for k in MakerKind]
PARAGRAPH_CHOICES = [("", "Not exempt")] + [
    (str(n), f"Paragraph {n}: {text}") for n, text in EXEMPT_PARAGRAPHS.items()
]


def _text(label: str, *, required: str = "", **kwargs) -> TextAreaField:
    validators = [InputRequired(message=required)] if required else [Optional()]
    return TextAreaField(label, widget=GovTextArea(), validators=validators, **kwargs)


class EntryForm(OnceForm, VersionedForm):
    """A forward plan entry (reg 9)."""

    matter = StringField(
        "Matter to be decided",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the matter to be decided"), Length(max=300)],
    )
    description = _text("Summary of the decision")
    committee_id = SelectField(
        "Scrutiny committee whose remit covers it", coerce=int, widget=GovSelect()
    )
    maker_kind = RadioField(
        "Who takes the decision",
        choices=MAKER_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose who takes the decision")],
    )
    maker = StringField(
        "Decision maker",
        widget=GovTextInput(),
        description="For example: Executive Member for Children's Services",
        validators=[InputRequired(message="Name the decision maker"), Length(max=200)],
    )
    decision_on = GovDateField(
        "Date of the decision (or first day of the period)",
        validators=[InputRequired(message="Enter the date of the decision")],
    )
    period_ends_on = GovDateField("Last day of the period, if a period", validators=[Optional()])
    key = BooleanField("This is a key decision", widget=GovCheckboxInput(), default=True)
    documents = _text("Documents to be considered")
    other_documents = _text("How to get other documents as they become available")
    wards = StringField("Wards affected", widget=GovTextInput(), validators=[Length(max=300)])
    contact = StringField("Contact officer", widget=GovTextInput(), validators=[Length(max=300)])
    private = BooleanField("To be taken in private (all or part)", widget=GovCheckboxInput())
    exempt_paragraph = SelectField(
        "Schedule 12A paragraph",
        choices=PARAGRAPH_CHOICES,
        widget=GovSelect(),
        validators=[Optional()],
    )
    private_reason = _text("Why it is to be taken in private")
    submit = SubmitField("Save entry", widget=GovSubmitInput())

    def values(self) -> dict:
        """The entry's fields for the service."""
        return {name: getattr(self, name).data for name in forward_plan.FIELDS}


class UrgencyForm(FlaskForm):
    """General exception (reg 10) or special urgency (reg 11)."""

    route = RadioField(
        "How will the decision be taken without 28 clear days' notice?",
        choices=[
            ("general_exception", "General exception: 5 clear days' notice to the scrutiny chair"),
            ("special_urgency", "Special urgency: the scrutiny chair agrees it cannot wait"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the general exception or special urgency")],
    )
    chair_notified_on = GovDateField("Day the chair was given notice", validators=[Optional()])
    published_on = GovDateField("Day the notice was published", validators=[Optional()])
    chair_agreed_by = StringField(
        "Chair who agreed", widget=GovTextInput(), validators=[Optional(), Length(max=200)]
    )
    chair_agreed_on = GovDateField("Day the chair agreed", validators=[Optional()])
    reason = _text("Why the decision cannot wait", required="Give the reason")
    submit = SubmitField("Record", widget=GovSubmitInput())


class FurtherNoticeForm(FlaskForm):
    """Reg 5(2): the further notice of a private meeting."""

    published_on = GovDateField(
        "Day the further notice was published",
        validators=[InputRequired(message="Enter the day the further notice was published")],
    )
    representations = _text("Representations received about meeting in private")
    response = _text("The response to them")
    chair_agreed_on = GovDateField(
        "If urgent: day the chair agreed it cannot be deferred (reg 5(6))", validators=[Optional()]
    )
    submit = SubmitField("Record further notice", widget=GovSubmitInput())


class RecordForm(OnceForm, VersionedForm):
    """A decision record (regs 12 and 13)."""

    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the title"), Length(max=300)],
    )
    maker_kind = RadioField(
        "Who took the decision",
        choices=MAKER_CHOICES,
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose who took the decision")],
    )
    maker = StringField(
        "Decision maker",
        widget=GovTextInput(),
        validators=[InputRequired(message="Name the decision maker"), Length(max=200)],
    )
    key = BooleanField("Key decision", widget=GovCheckboxInput())
    decided_on = GovDateField(
        "Date of the decision", validators=[InputRequired(message="Enter the date")]
    )
    decision = _text("The decision", required="Enter the decision")
    reasons = _text("Reasons for the decision")
    alternatives = _text("Alternative options considered and rejected")
    conflicts = _text("Conflicts of interest declared by anyone consulted")
    dispensations = _text("Dispensations granted")
    exempt = BooleanField("Parts of the record are exempt", widget=GovCheckboxInput())
    exempt_paragraph = SelectField(
        "Schedule 12A paragraph",
        choices=PARAGRAPH_CHOICES,
        widget=GovSelect(),
        validators=[Optional()],
    )
    public_summary = _text("Summary the public may read (if exempt)")
    urgent = BooleanField("Taken as urgent: not subject to call-in", widget=GovCheckboxInput())
    urgent_reason = _text("Why it was urgent")
    submit = SubmitField("Save decision record", widget=GovSubmitInput())

    def values(self) -> dict:
        """The record's fields for the service."""
        return {name: getattr(self, name).data for name in decision_records.FIELDS}


class CallInForm(OnceForm, FlaskForm):
    """A councillor starts a call-in."""

    reasons = _text(
        "Reasons for calling in the decision", required="Give the reasons for the call-in"
    )
    submit = SubmitField("Call in this decision", widget=GovSubmitInput())


class ButtonForm(FlaskForm):
    """A button with no fields (publish, sign, implemented)."""


class ValidityForm(FlaskForm):
    """The monitoring officer's ruling."""

    valid = RadioField(
        "Is the call-in valid?",
        choices=[("yes", "Valid"), ("no", "Not valid")],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose valid or not valid")],
    )
    reason = _text("Reason (required if not valid)")
    submit = SubmitField("Record ruling", widget=GovSubmitInput())


class MeetingForm(FlaskForm):
    """The committee meeting that considers a valid call-in."""

    meeting_id = SelectField("Meeting", coerce=int, widget=GovSelect())
    submit = SubmitField("Put on this meeting", widget=GovSubmitInput())


class OutcomeForm(FlaskForm):
    """What the committee decided."""

    outcome = RadioField(
        "Outcome",
        choices=[(o.value, o.label) for o in CallInOutcome],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the outcome")],
    )
    concerns = _text("The committee's concerns")
    outcome_on = GovDateField("Date", validators=[InputRequired(message="Enter the date")])
    submit = SubmitField("Record outcome", widget=GovSubmitInput())


class ReconsiderationForm(FlaskForm):
    """The decision maker's reconsideration."""

    text = _text("What the decision maker decided", required="Record the reconsideration")
    reconsidered_on = GovDateField("Date", validators=[InputRequired(message="Enter the date")])
    submit = SubmitField("Record reconsideration", widget=GovSubmitInput())
