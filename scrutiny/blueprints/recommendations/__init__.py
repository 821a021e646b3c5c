"""Recommendations to the executive: submission, responses, closing, the tracker and figures."""

from flask import Blueprint

bp = Blueprint("recommendations", __name__)

from scrutiny.blueprints.recommendations import (  # noqa: E402,F401
    routes,
    routes_release,
    routes_tracker,
)
