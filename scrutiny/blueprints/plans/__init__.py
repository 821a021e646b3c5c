"""Service plans and actions: plans and priorities, the action tracker, my actions, imports and
highlight reports."""

from flask import Blueprint

bp = Blueprint("plans", __name__)

from scrutiny.blueprints.plans import routes, routes_import, routes_reports  # noqa: E402,F401
