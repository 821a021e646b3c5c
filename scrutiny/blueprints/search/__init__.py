"""Search across meetings, papers, minutes, recommendations, actions and work programmes."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from scrutiny.blueprints.search import routes  # noqa: E402,F401
