"""Following the council's work: RSS/Atom feeds and email alerts for the public."""

from flask import Blueprint

bp = Blueprint("follow", __name__)

from scrutiny.blueprints.follow import routes  # noqa: E402,F401
