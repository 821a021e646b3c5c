"""Minutes forms (validation only)."""

from __future__ import annotations

from datetime import time

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FormField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from scrutiny.blueprints.fields import GovDateField, KeyedFieldList, SafeFieldList
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.blueprints.meetings.forms import parse_time
from scrutiny.blueprints.params import optional_int, strict_int
from scrutiny.models.minutes import AttendanceKind, InterestKind

#: A member's answer on the attendance form.
ATTENDANCE_CHOICES = [
    (AttendanceKind.PRESENT.value, "Present"),
    (AttendanceKind.APOLOGIES.value, "Apologies"),
    (AttendanceKind.ABSENT.value, "Absent"),
]


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


class MemberAttendanceForm(Form):
    """One expected member's answer: present, sent apologies or absent.

    The radios' label is the member's name (set by `AttendanceForm.show_members`).
    """

    class Meta:
        csrf = False

    kind = RadioField(
        "Member",
        choices=ATTENDANCE_CHOICES,
        widget=GovRadioInput(),
        validate_choice=False,
    )

    def validate_kind(self, field) -> None:
        """Every member needs an answer, one of the three offered."""
        name = field.label.text
        if not field.data:
            raise ValidationError(
                f"Select whether {name} was present, sent apologies or was absent"
            )
        if field.data not in dict(ATTENDANCE_CHOICES):
            raise ValidationError(f"Choose present, apologies or absent for {name}")


class SubstituteForm(Form):
    """A substitute and the member they replaced (both optional: the row may be left blank)."""

    class Meta:
        csrf = False

    user_id = SelectField(
        "Substitute", coerce=optional_int, widget=GovSelect(), validate_choice=False
    )
    for_id = SelectField(
        "Substituting for", coerce=optional_int, widget=GovSelect(), validate_choice=False
    )


#: How many substitute rows the form offers (more when more were recorded).
SUBSTITUTE_ROWS = 4


class AttendanceForm(VersionedForm):
    """Members' answers (one radio group per member, keyed by their id), "All members present",
    substitutes, officers and the times the meeting commenced and concluded."""

    all_present = BooleanField(
        "All members present",
        widget=GovCheckboxInput(),
        description="Records every member not marked below as present. Mark anyone who sent "
        "apologies or was absent.",
    )
    members = KeyedFieldList(FormField(MemberAttendanceForm))
    substitutes = SafeFieldList(FormField(SubstituteForm), min_entries=SUBSTITUTE_ROWS)
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

    def validate_commenced(self, field) -> None:
        """A time like 10.05am, or blank."""
        _check_time(field)

    def validate_concluded(self, field) -> None:
        """A time like 12.10pm, or blank."""
        _check_time(field)

    def posted_answers(self) -> dict[int, str]:
        """Each member's answer as posted, by member id (before `show_members` replaces them)."""
        return {key: entry.form.kind.data for key, entry in self.members.by_key().items()}

    def show_members(self, rows: list[tuple[int, str, str]]) -> None:
        """One radio group per (member id, name, answer), in that order."""
        entries = self.members.show((user_id, {"kind": kind}) for user_id, _, kind in rows)
        for entry, (_, name, _) in zip(entries, rows, strict=True):
            entry.form.kind.label.text = name

    def offer_people(self, people: list[tuple[int, str]], members: list[tuple[int, str]]) -> None:
        """Choices for the substitute rows: anyone active, replacing one of the members."""
        for entry in self.substitutes:
            entry.form.user_id.choices = [("", "None"), *people]
            entry.form.for_id.choices = [("", "None"), *members]

    def answers(self) -> dict[int, str]:
        """The answers given, by member id."""
        return {
            key: e.form.kind.data for key, e in self.members.by_key().items() if e.form.kind.data
        }

    def substitute_pairs(self) -> list[tuple[int, int]]:
        """(substitute, member replaced) for every row with both chosen."""
        rows = (e.form for e in self.substitutes)
        return [(r.user_id.data, r.for_id.data) for r in rows if r.user_id.data and r.for_id.data]

    def times(self) -> tuple[time | None, time | None]:
        """When the meeting commenced and concluded (None where left blank)."""
        return _time(self.commenced.data), _time(self.concluded.data)


def _time(text: str | None) -> time | None:
    return parse_time(text) if (text or "").strip() else None


def _check_time(field) -> None:
    try:
        _time(field.data)
    except ValueError:
        raise ValidationError("Enter a time like 10.05am") from None
