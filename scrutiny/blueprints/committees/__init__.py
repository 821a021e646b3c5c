"""Public pages about committees: the list and each committee's page."""

from flask import Blueprint

bp = Blueprint("committees", __name__, url_prefix="/committees")

from scrutiny.blueprints.committees import routes  # noqa: E402,F401
