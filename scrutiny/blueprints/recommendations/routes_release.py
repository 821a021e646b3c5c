"""Releasing an exempt-derived recommendation to the public (actions: plans.routes_action)."""

from __future__ import annotations

from flask import abort, url_for

from scrutiny.blueprints.recommendations import bp
from scrutiny.blueprints.release import release_page
from scrutiny.extensions import db
from scrutiny.models.recommendations import Recommendation


@bp.route("/recommendations/<int:rec_id>/release", methods=["GET", "POST"])
def release_recommendation(rec_id: int):
    """Release a recommendation made from a Part 2 item."""
    rec = db.session.get(Recommendation, rec_id)
    if rec is None:
        abort(404)
    return release_page(rec, url_for("recommendations.show", rec_id=rec.id), "recommendation")
