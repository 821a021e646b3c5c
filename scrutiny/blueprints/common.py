"""Helpers shared by the blueprints: turning service errors into form errors, pagination size."""

from __future__ import annotations

from flask_wtf import FlaskForm

from scrutiny.services.errors import DomainError

PER_PAGE = 25


def show_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Attach a service's error to the named field, or to the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = (
            [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
        )
    else:
        form.form_errors.append(error.message)
