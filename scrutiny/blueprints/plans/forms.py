"""Service plan and action forms (validation only; rules live in services/plans/plans.py)."""

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
    DecimalField,
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
from scrutiny.models.actions import ACTION_STATUS_LABELS

DUE_HINT = (
    'Write it as you would in the plan: "31/03/2023", "March 2023", "monthly", "quarterly", '
    '"6 monthly", "annually", "ongoing", or leave it blank'
)


class PlanForm(OnceForm, VersionedForm):
    """A plan's title, service, period, owner and monitoring committee."""

    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the plan's title"), Length(max=300)],
    )
    service = StringField("Service", widget=GovTextInput(), validators=[Optional()])
    directorate = StringField("Directorate", widget=GovTextInput(), validators=[Optional()])
    starts_on = GovDateField("Start date", validators=[Optional()])
    ends_on = GovDateField("End date", validators=[Optional()])
    owner_post_id = SelectField(
        "Owner (post)", coerce=optional_int, widget=GovSelect(), validate_choice=False
    )
    committee_id = SelectField(
        "Monitored by",
        coerce=optional_int,
        widget=GovSelect(),
        validate_choice=False,
        description="Overdue actions are carried to this committee's next agenda",
    )
    submit = SubmitField("Save plan", widget=GovSubmitInput())

    def values(self) -> dict:
        """The fields the service takes."""
        return {
            "title": self.title.data,
            "service": self.service.data or "",
            "directorate": self.directorate.data or "",
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "owner_post_id": self.owner_post_id.data,
            "committee_id": self.committee_id.data,
        }


class PriorityForm(OnceForm, Form):
    """A priority of the plan."""

    title = StringField(
        "Priority",
        widget=GovTextInput(),
        description="For example: Fundamental 1 – Seeing and Hearing",
        validators=[InputRequired(message="Enter the priority's title"), Length(max=300)],
    )
    focus = StringField("Focus", widget=GovTextInput(), validators=[Optional()])
    impact_statement = TextAreaField(
        "How will we know when our activity has had an impact?",
        widget=GovTextArea(),
        validators=[Optional()],
    )
    submit = SubmitField("Add priority", widget=GovSubmitInput())


class ActionForm(OnceForm, VersionedForm):
    """An action of a plan."""

    priority_id = SelectField(
        "Priority", coerce=optional_int, widget=GovSelect(), validate_choice=False
    )
    description = TextAreaField(
        "Action", widget=GovTextArea(), validators=[InputRequired(message="Describe the action")]
    )
    post_ids = SelectMultipleField(
        "Owner posts",
        coerce=strict_int,
        widget=GovCheckboxesInput(),
        validate_choice=False,
        validators=[Optional()],
    )
    due_text = StringField("Due", widget=GovTextInput(), description=DUE_HINT)
    due_reason = TextAreaField(
        "Reason for changing the due date",
        widget=GovTextArea(),
        description="Needed when the due date changes; the original due and every change "
        "are kept and reported as slippage",
        validators=[Optional(), Length(max=2000)],
    )
    source_reference = StringField(
        "Source",
        widget=GovTextInput(),
        description="For example: ILACS March 2020 recommendation 3",
        validators=[Optional(), Length(max=300)],
    )
    status = SelectField(
        "Status",
        choices=list(ACTION_STATUS_LABELS.items()),
        widget=GovSelect(),
        validate_choice=False,
    )
    submit = SubmitField("Save action", widget=GovSubmitInput())


class NumberField(DecimalField):
    """A decimal number with a plain-English error, keeping what was typed."""

    #: Indicator columns are NUMERIC(12, 2): anything this size or more cannot be stored.
    LIMIT = 10**10

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a number, like 85 or 12.5") from None
        if self.data is not None and not (self.data.is_finite() and abs(self.data) < self.LIMIT):
            self.data = None
            raise ValueError("Enter a number, like 85 or 12.5")


class IndicatorForm(OnceForm, Form):
    """A new key performance indicator."""

    name = StringField(
        "Indicator",
        widget=GovTextInput(),
        description="For example: Children seen within timescale",
        validators=[InputRequired(message="Enter the indicator's name"), Length(max=300)],
    )
    unit = StringField(
        "Unit",
        widget=GovTextInput(),
        description='Shown after each value, for example "%" or "days"; blank for a count',
        validators=[Optional(), Length(max=20)],
    )
    higher_is_better = RadioField(
        "Which way is better?",
        choices=[("yes", "Higher is better"), ("no", "Lower is better")],
        default="yes",
        widget=GovRadioInput(),
    )
    target = NumberField("Target", widget=GovTextInput(), validators=[Optional()], places=None)
    current_value = NumberField(
        "Current value", widget=GovTextInput(), validators=[Optional()], places=None
    )
    measured_on = GovDateField("Date measured", validators=[Optional()])
    submit = SubmitField("Add indicator", widget=GovSubmitInput())


class IndicatorValueForm(VersionedForm):
    """This period's value of an indicator."""

    value = NumberField(
        "New value",
        widget=GovTextInput(),
        places=None,
        validators=[InputRequired(message="Enter the value as a number, like 85 or 12.5")],
    )
    measured_on = GovDateField("Date measured", validators=[Optional()])
    submit = SubmitField("Record value", widget=GovSubmitInput())
