"""Meeting and agenda forms (validation only; rules live in the services)."""

from __future__ import annotations

from datetime import time

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from scrutiny.blueprints.fields import GovDateField
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.blueprints.params import optional_int, parse_int
from scrutiny.models.meetings import EXEMPT_PARAGRAPHS, ItemKind


def parse_time(text: str) -> time:
    """'10:00', '10.00', '10am' or '2.30pm' as a time; ValueError if not a time."""
    raw = (text or "").strip().lower().replace(" ", "").replace(".", ":")
    suffix = raw[-2:] if raw.endswith(("am", "pm")) else ""
    raw = raw[:-2] if suffix else raw
    hours, _, minutes = raw.partition(":")
    hour, minute = parse_int(hours, maximum=23), parse_int(minutes or "0", maximum=59)
    if hour is None or minute is None or "-" in raw:
        raise ValueError(text)
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    return time(hour, minute)


def _valid_time(form, field):
    try:
        parse_time(field.data)
    except ValueError:
        raise ValidationError("Enter a time like 10:00 or 2.30pm") from None


class MeetingForm(VersionedForm):
    """When and where a meeting is held."""

    meeting_date = GovDateField(
        "Date", validators=[InputRequired(message="Enter the date of the meeting")]
    )
    start_time = StringField(
        "Start time",
        widget=GovTextInput(),
        description="For example, 10:00 or 6.30pm",
        validators=[InputRequired(message="Enter the start time"), _valid_time],
    )
    venue = StringField(
        "Venue",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the venue"), Length(max=200)],
    )
    formal = RadioField(
        "Kind of meeting",
        choices=[("formal", "Formal meeting"), ("informal", "Informal meeting")],
        default="formal",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose formal or informal")],
    )
    contact_id = SelectField(
        "Contact officer", coerce=optional_int, widget=GovSelect(), validators=[Optional()]
    )
    submit = SubmitField("Save meeting", widget=GovSubmitInput())


class NewMeetingForm(OnceForm, MeetingForm):
    """A meeting being added: sent twice, it still adds one meeting."""


class SeriesForm(OnceForm, Form):
    """A year's meetings in one go: one date per line, a common time and venue."""

    dates = TextAreaField(
        "Meeting dates",
        widget=GovTextArea(),
        description="One date per line, for example 24/02/2027",
        validators=[InputRequired(message="Enter at least one date")],
    )
    start_time = StringField(
        "Start time",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the start time"), _valid_time],
    )
    venue = StringField(
        "Venue",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the venue"), Length(max=200)],
    )
    contact_id = SelectField(
        "Contact officer", coerce=optional_int, widget=GovSelect(), validators=[Optional()]
    )
    submit = SubmitField("Create meetings", widget=GovSubmitInput())


class StatusForm(VersionedForm):
    """A status change button (schedule, back to draft, held)."""

    to = HiddenField()


class CancelForm(VersionedForm):
    """Cancelling a meeting, with the reason."""

    reason = TextAreaField(
        "Why is the meeting cancelled?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Give the reason for cancelling")],
    )
    submit = SubmitField("Cancel meeting", widget=GovSubmitInput())


class PublishForm(VersionedForm):
    """Publishing the agenda; a late publication needs the reason for urgency."""

    late_reason = TextAreaField(
        "Reason for late publication",
        widget=GovTextArea(),
        description="Required after the deadline: the chairman's reason for urgency, which is "
        "recorded and shown in the minutes",
        validators=[Optional()],
    )
    submit = SubmitField("Publish agenda", widget=GovSubmitInput())


PARAGRAPH_CHOICES = [("", "Not exempt")] + [
    (str(n), f"Paragraph {n}: {text}") for n, text in EXEMPT_PARAGRAPHS.items()
]


class ItemForm(VersionedForm):
    """An agenda item's wording and exemption, as edited once the item exists."""

    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the item's title"), Length(max=300)],
    )
    purpose = TextAreaField("Purpose", widget=GovTextArea(), validators=[Optional()])
    presenting_officer = StringField(
        "Presenting officer",
        widget=GovTextInput(),
        description="As printed, for example: Report of the Director, Children's Services",
        validators=[Optional(), Length(max=300)],
    )
    recommendations = TextAreaField(
        "Recommendations", widget=GovTextArea(), validators=[Optional()]
    )
    contact = StringField(
        "Contact", widget=GovTextInput(), validators=[Optional(), Length(max=300)]
    )
    description = TextAreaField(
        "Text printed under the title", widget=GovTextArea(), validators=[Optional()]
    )
    exempt = BooleanField(
        "This item is exempt (Part 2, not open to the public)", widget=GovCheckboxInput()
    )
    exempt_paragraph = SelectField(
        "Schedule 12A paragraph",
        choices=PARAGRAPH_CHOICES,
        widget=GovSelect(),
        validators=[Optional()],
    )
    exempt_reason = TextAreaField(
        "Public interest reason",
        widget=GovTextArea(),
        description="Why the public interest in keeping the information confidential "
        "outweighs the public interest in disclosing it",
        validators=[Optional()],
    )
    # The report's front sheet (seed 004), shown when a report item is edited; all optional.
    for_consideration_by = StringField(
        "For consideration by",
        widget=GovTextInput(),
        description="Leave blank for this committee on the meeting's date",
        validators=[Optional(), Length(max=300)],
    )
    ward = StringField(
        "Ward",
        widget=GovTextInput(),
        description="Leave blank for 'None specific'",
        validators=[Optional(), Length(max=300)],
    )
    director = StringField(
        "Director", widget=GovTextInput(), validators=[Optional(), Length(max=300)]
    )
    outcome = TextAreaField(
        "Outcome / benefits to the community", widget=GovTextArea(), validators=[Optional()]
    )
    summary = TextAreaField("Summary of report", widget=GovTextArea(), validators=[Optional()])
    financial = TextAreaField(
        "Financial implications",
        widget=GovTextArea(),
        description="One line per financial year (this year, next, the one after): "
        "cost or (saving) | is there sufficient funding | revenue or capital",
        validators=[Optional()],
    )
    background_papers = TextAreaField(
        "List of background papers", widget=GovTextArea(), validators=[Optional()]
    )
    submit = SubmitField("Save item", widget=GovSubmitInput())

    def paragraph(self) -> int | None:
        value = self.exempt_paragraph.data
        return parse_int(value)


class NewItemForm(OnceForm, ItemForm):
    """A new agenda item: its kind, and the reason for urgency once the agenda is public.

    The kind is chosen only here; editing keeps it (it decides the item's place in the order).
    """

    kind = SelectField(
        "Kind of item",
        choices=[(k.value, k.label) for k in ItemKind],
        default=ItemKind.REPORT.value,
        widget=GovSelect(),
        validators=[InputRequired(message="Choose the kind of item")],
    )
    urgency_reason = TextAreaField(
        "Reason for urgency",
        widget=GovTextArea(),
        description="Only for items added after the agenda was published",
        validators=[Optional()],
    )


class MoveForm(VersionedForm):
    """Move an item up or down."""

    direction = HiddenField()


class DocumentForm(VersionedForm):
    """Uploading a report document (or a new version of one)."""

    title = StringField(
        "Document title",
        widget=GovTextInput(),
        description="For example: Report, or Appendix 1 – Service plan. Leave blank to use "
        "the file name.",
        validators=[Optional(), Length(max=300)],
    )
    file = FileField(
        "File",
        widget=GovFileInput(),
        description="A PDF or Word (.docx) document",
        validators=[FileRequired(message="Choose a file to upload")],
    )
    submit = SubmitField("Upload document", widget=GovSubmitInput())


class NewDocumentForm(OnceForm, DocumentForm):
    """Uploading a new document to an item: sent twice, it still adds one document."""
