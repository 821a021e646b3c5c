"""Task-and-finish groups: set-up, members, sessions, final report and recommendations."""

from flask import Blueprint

bp = Blueprint("groups", __name__)

from scrutiny.blueprints.groups import routes  # noqa: E402,F401
