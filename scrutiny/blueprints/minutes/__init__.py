"""Minutes: attendance, declarations, the minutes editor, approval, and the decision list."""

from flask import Blueprint

bp = Blueprint("minutes", __name__)

from scrutiny.blueprints.minutes import routes_decisions, routes_minutes  # noqa: E402,F401
