"""Releasing exempt-derived recommendations and actions to the public, with a reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from scrutiny.blueprints.common import save
from scrutiny.blueprints.recommendations import bp
from scrutiny.blueprints.recommendations.forms import ReleaseForm
from scrutiny.extensions import db
from scrutiny.models.actions import Action
from scrutiny.models.recommendations import Recommendation
from scrutiny.permissions import require
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import now


def _release(obj: Recommendation | Action, back: str, what: str):
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


@bp.route("/recommendations/<int:rec_id>/release", methods=["GET", "POST"])
def release_recommendation(rec_id: int):
    """Release a recommendation made from a Part 2 item."""
    rec = db.session.get(Recommendation, rec_id)
    if rec is None:
        abort(404)
    return _release(rec, url_for("recommendations.show", rec_id=rec.id), "recommendation")


@bp.route("/actions/<int:action_id>/release", methods=["GET", "POST"])
def release_action(action_id: int):
    """Release an action made from a Part 2 item."""
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    return _release(action, url_for("recommendations.action", action_id=action.id), "action")
