"""Administration: users, posts and their holders, committees and memberships, the outbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from scrutiny.blueprints.admin import routes_committees, routes_people  # noqa: E402,F401
