"""The home page and each signed-in user's dashboard."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from scrutiny.blueprints.main import routes  # noqa: E402,F401
