"""Releasing exempt-derived content (a recommendation or an action) to the public, with a
reason: the form and the page both blueprints use."""

from __future__ import annotations

from flask import flash, redirect, render_template, request
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired

from scrutiny.blueprints.common import save
from scrutiny.blueprints.forms_base import VersionedForm
from scrutiny.extensions import db
from scrutiny.models.actions import Action
from scrutiny.models.recommendations import Recommendation
from scrutiny.permissions import require
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import now


class ReleaseForm(VersionedForm):
    """An officer's reason for opening exempt-derived content to the public."""

    reason = TextAreaField(
        "Why can this now be made public?",
        description="For example: the contract has been awarded, so the information is no "
        "longer commercially sensitive. The reason is kept on record.",
        widget=GovTextArea(),
        validators=[InputRequired(message="Give the reason it may now be made public")],
    )
    submit = SubmitField("Release to the public", widget=GovSubmitInput())


def release_page(obj: Recommendation | Action, back: str, what: str):
    """Ask for the reason, then release `obj` (and what was made from it)."""
    require("exempt.release")
    if not obj.restricted:
        flash(f"This {what} is already open to the public", "success")
        return redirect(back)
    form = ReleaseForm()
    if request.method == "GET":
        form.version.data = obj.version
    if form.validate_on_submit():
        ok, also = save(
            form,
            f"this {what}",
            lambda: exemption.release(
                db.session,
                obj,
                reason=form.reason.data,
                user=current_user,
                now=now(),
                expected_version=form.expected_version(),
            ),
        )
        if ok:
            extra = f" with {len(also)} implementation action(s)" if also else ""
            flash(f"The {what} is now open to the public{extra}", "success")
            return redirect(back)
    return render_template("recommendations/release.html", form=form, obj=obj, what=what, back=back)
