"""Helpers shared by the blueprints: a page of a list, and saving through a service with errors
shown on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, flash
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from scrutiny.blueprints.params import page_arg
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.permissions import can
from scrutiny.services.core.errors import ConcurrentEditError, DomainError
from scrutiny.services.people import committees

PER_PAGE = 25
T = TypeVar("T")


def committee_or_404(slug: str, *, visible: bool = True) -> Committee:
    """The committee with this slug, or 404; with `visible`, also 404 for someone who may not
    see it (so a hidden committee is not told apart from a missing one)."""
    if not committees.is_slug(slug):
        abort(404)
    committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
    if committee is None or (visible and not can(current_user, "committees.view", committee)):
        abort(404)
    return committee


def paginate(query, per_page: int = PER_PAGE):
    """One page of `query` (?page=, checked strictly: 400 if it is not a page number)."""
    return db.paginate(query, page=page_arg(), per_page=per_page, error_out=False)


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


def save(form: FlaskForm, what: str, change: Callable[[], T]) -> tuple[bool, T | None]:
    """Run a service `change` and commit it, the way every form view does.

    A DomainError or a concurrent edit of `what` rolls back and is shown on the form;
    returns (True, the change's result) on success, (False, None) otherwise.
    """
    try:
        result = change()
    except DomainError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return False, None
    except StaleDataError:  # a flush inside the change met a row someone else just saved
        db.session.rollback()
        show_domain_error(form, ConcurrentEditError(what))
        return False, None
    if not commit_or_conflict(form, what):
        return False, None
    return True, result


def save_or_flash(form: FlaskForm, what: str, change: Callable[[], T]) -> tuple[bool, T | None]:
    """Like `save`, for buttons without a form page: a problem is flashed instead."""
    ok, result = save(form, what, change)
    if not ok:
        messages = [*form.form_errors, *(e for f in form for e in f.errors)]
        flash(messages[-1] if messages else "That could not be saved", "error")
    return ok, result
