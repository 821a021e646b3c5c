"""The OParl 1.1 read-only API at /oparl/v1/ and its OpenAPI description."""

from flask import Blueprint

bp = Blueprint("oparl", __name__, url_prefix="/oparl/v1")

from scrutiny.blueprints.oparl import routes  # noqa: E402,F401
