"""Annual reports of scrutiny committees to full council: drafts, words, issue, outputs."""

from flask import Blueprint

bp = Blueprint("annual_reports", __name__)

from scrutiny.blueprints.annual_reports import routes  # noqa: E402,F401
