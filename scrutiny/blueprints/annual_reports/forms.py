"""Forms for annual reports: a new draft, the words (with case studies), putting it on an agenda."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scrutiny.blueprints.fields import GovDateField
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.blueprints.params import parse_int


class NewReportForm(OnceForm, Form):
    """Which committee (or all scrutiny committees), which year, counted at which day."""

    committee = SelectField("Committee", widget=GovSelect(), validators=[Optional()])
    year = SelectField(
        "Municipal year",
        widget=GovSelect(),
        validators=[InputRequired(message="Choose the municipal year")],
    )
    cut_off = GovDateField(
        "Cut-off date",
        description="Records are counted as they stand on this day. For example, 30 4 2026",
        validators=[InputRequired(message="Enter the cut-off date")],
    )
    submit = SubmitField("Create draft report", widget=GovSubmitInput())

    def year_number(self) -> int | None:
        return parse_int(self.year.data, minimum=2000, maximum=2999)


def _words(label: str, hint: str = "") -> TextAreaField:
    return TextAreaField(label, widget=GovTextArea(), description=hint, validators=[Optional()])


def _line(label: str) -> StringField:
    return StringField(label, widget=GovTextInput(), validators=[Optional(), Length(max=1000)])


class NarrativeForm(VersionedForm):
    """The officers' and chair's words; case-study fields are added per slot by the view."""

    member = _line("Chair or lead member")
    lead_officer = _line("Lead officer")
    authors = _line("Authors")
    contacts = _line("Contact details")
    cut_off = GovDateField("Cut-off date", validators=[Optional()])
    foreword = _words("Chair's foreword", "Leave a blank line between paragraphs")
    priorities = _words("Priorities for next year", "Leave a blank line between paragraphs")
    save_draft = SubmitField("Save draft", widget=GovSubmitInput())
    issue = SubmitField("Issue report", widget=GovSubmitInput())


class AgendaForm(Form):
    """The meeting whose agenda the issued report goes on."""

    meeting = SelectField(
        "Meeting", widget=GovSelect(), validators=[InputRequired(message="Choose a meeting")]
    )
    submit = SubmitField("Put on the agenda", widget=GovSubmitInput())

    def meeting_id(self) -> int | None:
        return parse_int(self.meeting.data)
