"""Home and dashboard views."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from scrutiny.blueprints.main import bp
from scrutiny.extensions import db
from scrutiny.permissions import require
from scrutiny.services import dashboard
from scrutiny.services.clocks import now


@bp.route("/")
def home():
    """Public landing page; signed-in users go to their dashboard."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return render_template("main/home.html")


@bp.route("/dashboard", endpoint="dashboard")
@login_required
def dashboard_view():
    """One panel per role the user holds."""
    require("dashboard.view")
    panels = dashboard.panels_for(db.session, current_user, now())
    return render_template("main/dashboard.html", panels=panels)
