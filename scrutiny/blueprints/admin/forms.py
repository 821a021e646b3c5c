"""Administration forms (validation only; rules live in the services)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
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
from scrutiny.blueprints.params import optional_int
from scrutiny.models.committees import CommitteeKind, MembershipRole
from scrutiny.models.meetings import ItemKind
from scrutiny.models.people import ROLE_LABELS

ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]


class UserForm(OnceForm, VersionedForm):
    """A user's name, email and roles."""

    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the person's name"), Length(max=200)],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter an email address"), Length(max=254)],
    )
    roles = SelectMultipleField(
        "Roles",
        choices=ROLE_CHOICES,
        widget=GovCheckboxesInput(),
        description="Select all that apply. A person with no role can be recorded on "
        "committees but cannot see private pages.",
        validate_choice=True,
    )
    send_invitation = BooleanField(
        "Email a link to set a password", widget=GovCheckboxInput(), default=True
    )
    submit = SubmitField("Save user", widget=GovSubmitInput())


class ConfirmForm(VersionedForm):
    """A button that confirms an action on a versioned row."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())


class PostForm(OnceForm, VersionedForm):
    """A post's name, service and description."""

    name = StringField(
        "Post name",
        widget=GovTextInput(),
        description="For example, Head of Commissioning",
        validators=[InputRequired(message="Enter the post's name"), Length(max=200)],
    )
    service = StringField(
        "Service or directorate", widget=GovTextInput(), validators=[Optional(), Length(max=200)]
    )
    description = TextAreaField("Description", widget=GovTextArea(), validators=[Optional()])
    active = BooleanField("This post is in use", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save post", widget=GovSubmitInput())


class HolderForm(Form):
    """A person taking up a post from a date."""

    user_id = SelectField(
        "Person",
        coerce=optional_int,
        widget=GovSelect(),
        validators=[InputRequired(message="Choose a person")],
    )
    starts_on = GovDateField(
        "Holds the post from",
        validators=[InputRequired(message="Enter the date they took up the post")],
    )
    ends_on = GovDateField(
        "Until (leave blank if they still hold it)",
        validators=[Optional()],
    )
    submit = SubmitField("Add holder", widget=GovSubmitInput())


class EndDateForm(VersionedForm):
    """The last day of a membership or post holding."""

    ends_on = GovDateField(
        "Last day",
        validators=[InputRequired(message="Enter the last day")],
    )
    submit = SubmitField("Save end date", widget=GovSubmitInput())


class CommitteeForm(OnceForm, VersionedForm):
    """A committee's details."""

    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the committee's name"), Length(max=200)],
    )
    slug = StringField(
        "Web address name",
        widget=GovTextInput(),
        description="Lower-case words joined by hyphens. Leave blank to make one from the name.",
        validators=[Optional(), Length(max=80)],
    )
    kind = SelectField(
        "Kind",
        choices=[(k.value, k.label) for k in CommitteeKind],
        widget=GovSelect(),
        validators=[InputRequired(message="Choose the kind of committee")],
    )
    minute_prefix = StringField(
        "Minute prefix",
        widget=GovTextInput(),
        description="Used to number minutes, for example CAY gives CAY 6",
        validators=[InputRequired(message="Enter a minute prefix"), Length(max=12)],
    )
    parent_id = SelectField(
        "Parent panel", coerce=optional_int, widget=GovSelect(), validators=[Optional()]
    )
    remit = TextAreaField("Remit", widget=GovTextArea(), validators=[Optional()])
    active = BooleanField("This committee is active", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save committee", widget=GovSubmitInput())


class MembershipForm(OnceForm, Form):
    """A person joining a committee in a role."""

    user_id = SelectField(
        "Person",
        coerce=optional_int,
        widget=GovSelect(),
        validators=[InputRequired(message="Choose a person")],
    )
    role = SelectField(
        "Role on the committee",
        choices=[(r.value, r.label) for r in MembershipRole],
        widget=GovSelect(),
        validators=[InputRequired(message="Choose the member's role")],
    )
    representing = StringField(
        "Representing",
        widget=GovTextInput(),
        description="For added and right-to-speak members, for example Church of England "
        "Representative",
        validators=[Optional(), Length(max=200)],
    )
    starts_on = GovDateField(
        "Member from",
        validators=[InputRequired(message="Enter the date the membership starts")],
    )
    ends_on = GovDateField(
        "Until (leave blank if open-ended)",
        validators=[Optional()],
    )
    submit = SubmitField("Add member", widget=GovSubmitInput())


class StandardItemForm(Form):
    """An item for a committee's template of standard agenda items."""

    kind = SelectField(
        "Kind of item",
        choices=[(k.value, k.label) for k in ItemKind if k != ItemKind.REPORT],
        widget=GovSelect(),
        validators=[InputRequired(message="Choose the kind of item")],
    )
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[InputRequired(message="Enter the item's title"), Length(max=300)],
    )
    description = TextAreaField(
        "Text printed under the title", widget=GovTextArea(), validators=[Optional()]
    )
    submit = SubmitField("Add to template", widget=GovSubmitInput())


class TemplateActionForm(Form):
    """Move or remove one item of a committee's template."""

    index = HiddenField()
    action = HiddenField()
