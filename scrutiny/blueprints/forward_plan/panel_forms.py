"""The create-form plumbing the forward plan and decision views share: a form offering the
scrutiny panels, filled from a row on GET, and a create for the chosen panel, acted on once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from werkzeug.wrappers import Response

from scrutiny.blueprints.choices import panel_choices
from scrutiny.blueprints.forms_base import Form
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.extensions import db
from scrutiny.models.committees import Committee


def panel_form(form_class: type[Form], obj: Any = None) -> Form:
    """A form choosing a scrutiny panel; on GET filled from `obj` (an entry), if given."""
    form = form_class(obj=obj if request.method == "GET" else None)
    form.committee_id.choices = panel_choices()
    if obj is not None and request.method == "GET":
        form.exempt_paragraph.data = obj.exempt_paragraph or ""
    return form


def create_for_panel(
    form: Form,
    what: str,
    create: Callable[[Committee], Any],
    target: Callable[[Any], str],
    message: str,
) -> Response | None:
    """Run `create(the chosen panel)` once (see `create_and_redirect`)."""
    committee = db.session.get(Committee, form.committee_id.data)
    return create_and_redirect(form, what, lambda: create(committee), target, message)
