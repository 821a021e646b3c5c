"""The committees' work programmes."""

from flask import Blueprint

bp = Blueprint("programme", __name__)

from scrutiny.blueprints.programme import routes  # noqa: E402,F401
