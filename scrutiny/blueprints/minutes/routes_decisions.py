"""The public decision list."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from scrutiny.blueprints.common import paginate
from scrutiny.blueprints.minutes import bp
from scrutiny.blueprints.params import date_arg
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.permissions import can
from scrutiny.services.decisions import decisions
from scrutiny.services.minutes.minutes_document import roman


@bp.route("/decisions")
def decision_list():
    """Resolutions, conclusions and recommendations, searchable and filtered, paginated."""
    args = request.args
    query = decisions.search(
        text=args.get("q", ""),
        committee_slug=args.get("committee", ""),
        start=date_arg("from"),
        end=date_arg("to"),
        kind=args.get("kind", ""),
        public_only=not can(current_user, "meetings.view_unpublished"),
    )
    page = paginate(query)
    committees = db.session.execute(
        select(Committee.slug, Committee.name)
        .where(Committee.active.is_(True))
        .order_by(Committee.name)
    ).all()
    return render_template(
        "minutes/decisions.html",
        page=page,
        committees=committees,
        kinds=list(decisions.KINDS.items()),
        args=args,
        roman=roman,
    )
