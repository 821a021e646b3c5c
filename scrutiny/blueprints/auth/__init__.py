"""Signing in and out, and resetting or changing passwords."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from scrutiny.blueprints.auth import routes  # noqa: E402,F401
