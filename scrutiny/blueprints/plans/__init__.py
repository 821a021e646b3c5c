"""Service plans and actions: plans and priorities, the action tracker, my actions, imports and
highlight reports."""

from flask import Blueprint

bp = Blueprint("plans", __name__)

from scrutiny.blueprints.plans import (  # noqa: E402,F401
    routes,
    routes_action,
    routes_import,
    routes_reports,
)
