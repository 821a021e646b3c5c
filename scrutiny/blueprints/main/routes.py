"""Home, dashboard and accessibility statement views."""

from __future__ import annotations

from datetime import date

from flask import current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from scrutiny.blueprints.main import bp
from scrutiny.extensions import db
from scrutiny.permissions import require
from scrutiny.services.core.clocks import now
from scrutiny.services.home import dashboard


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


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement (public), in the sections of the GOV.UK model statement."""
    config = current_app.config
    return render_template(
        "main/accessibility.html",
        email=config["SCRUTINY_ACCESSIBILITY_CONTACT_EMAIL"],
        phone=config["SCRUTINY_ACCESSIBILITY_CONTACT_PHONE"],
        response_days=config["SCRUTINY_ACCESSIBILITY_RESPONSE_DAYS"],
        prepared=date.fromisoformat(config["SCRUTINY_ACCESSIBILITY_PREPARED_ON"]),
        reviewed=date.fromisoformat(config["SCRUTINY_ACCESSIBILITY_REVIEWED_ON"]),
        tested=date.fromisoformat(config["SCRUTINY_ACCESSIBILITY_TESTED_ON"]),
    )
