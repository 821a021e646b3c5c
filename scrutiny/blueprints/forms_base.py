"""The base of every form: text cleaned of characters XML cannot hold, versions parsed strictly."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, ValidationError

from scrutiny.blueprints.params import parse_int
from scrutiny.services.core.text_safety import clean_text


class Form(FlaskForm):
    """A FlaskForm whose text fields (single-line, multi-line, hidden) pass through `clean_text`.

    So a control character or lone surrogate pasted into any field never reaches the database,
    a page, a spreadsheet or a PDF. Passwords are left exactly as typed: they are never shown.
    """

    class Meta:
        def bind_field(self, form, unbound_field, options):
            """Put `clean_text` first among the filters of every text field."""
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                extra = options.get("filters", unbound_field.kwargs.get("filters", ()))
                options["filters"] = (clean_text, *extra)
            return unbound_field.bind(form=form, **options)


class VersionedForm(Form):
    """A form editing an existing row: carries the version it was based on."""

    version = HiddenField()

    def validate_version(self, field) -> None:
        """A version that is not a plain number means the page was tampered with or mangled."""
        if str(field.data or "").strip() and self.expected_version() is None:
            raise ValidationError("This page is out of date: reload it and make the change again")

    def expected_version(self) -> int | None:
        """The version the form was based on, or None if it carried none."""
        return parse_int(self.version.data, minimum=0)
