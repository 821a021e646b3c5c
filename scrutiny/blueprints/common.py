"""Helpers shared by the blueprints: turning service errors into form errors, pagination size."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from scrutiny.extensions import db
from scrutiny.services.errors import ConcurrentEditError, DomainError

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


def commit_or_conflict(form: FlaskForm, what: str) -> bool:
    """Commit; if someone else saved the row meanwhile, roll back, tell the form, return False."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        show_domain_error(form, ConcurrentEditError(what))
        return False
    return True
