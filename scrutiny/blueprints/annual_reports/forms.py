"""Forms for annual reports: a new draft, the words (with case studies), putting it on an agenda."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scrutiny.blueprints.fields import GovDateField, KeyedFieldList
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm
from scrutiny.blueprints.params import parse_int

#: Case studies one report may hold.
MAX_CASE_STUDIES = 12


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
    """The officers' and chair's words, and the case studies: a recommendation and its words
    per slot, posted as ``case_rec_N`` and ``case_text_N`` (see `show_case_studies`)."""

    member = _line("Chair or lead member")
    lead_officer = _line("Lead officer")
    authors = _line("Authors")
    contacts = _line("Contact details")
    cut_off = GovDateField("Cut-off date", validators=[Optional()])
    foreword = _words("Chair's foreword", "Leave a blank line between paragraphs")
    priorities = _words("Priorities for next year", "Leave a blank line between paragraphs")
    case_rec = KeyedFieldList(
        SelectField("Recommendation", choices=[], widget=GovSelect(), validators=[Optional()]),
        separator="_",
        max_entries=MAX_CASE_STUDIES,
    )
    case_text = KeyedFieldList(
        TextAreaField("What difference it made", widget=GovTextArea(), validators=[Optional()]),
        separator="_",
        max_entries=MAX_CASE_STUDIES,
    )
    save_draft = SubmitField("Save draft", widget=GovSubmitInput())
    issue = SubmitField("Issue report", widget=GovSubmitInput())

    def show_case_studies(self, studies: list[dict], choices: list[tuple], *, fill: bool) -> None:
        """One slot per saved case study and one spare (at most MAX_CASE_STUDIES), each offering
        `choices`: the posted values, or with `fill` (a GET) the saved ones."""
        self.slots = min(len(studies) + 1, MAX_CASE_STUDIES)

        def saved(key: int, name: str):
            return str(studies[key][name]) if fill and key < len(studies) else None

        self.case_rec.fit(range(self.slots), lambda key: saved(key, "recommendation_id"))
        self.case_text.fit(range(self.slots), lambda key: saved(key, "text"))
        for key, (rec, text) in enumerate(zip(self.case_rec, self.case_text, strict=True)):
            rec.choices = choices
            rec.label.text = f"Case study {key + 1}: recommendation"
            text.label.text = f"Case study {key + 1}: what difference it made"

    def case_studies(self) -> list[tuple[int, str]]:
        """(recommendation id, words) for each slot with a recommendation chosen."""
        texts = self.case_text.by_key()
        pairs = []
        for key, rec in self.case_rec.by_key().items():
            rec_id = parse_int(rec.data, minimum=1)
            if rec_id:
                pairs.append((rec_id, texts[key].data or ""))
        return pairs


class AgendaForm(Form):
    """The meeting whose agenda the issued report goes on."""

    meeting = SelectField(
        "Meeting", widget=GovSelect(), validators=[InputRequired(message="Choose a meeting")]
    )
    submit = SubmitField("Put on the agenda", widget=GovSubmitInput())

    def meeting_id(self) -> int | None:
        return parse_int(self.meeting.data)
