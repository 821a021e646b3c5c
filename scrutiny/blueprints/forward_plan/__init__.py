"""The forward plan of key decisions, executive decision records and call-ins."""

from flask import Blueprint

bp = Blueprint("forward_plan", __name__)

from scrutiny.blueprints.forward_plan import (  # noqa: E402,F401
    routes_call_in,
    routes_decisions,
    routes_plan,
    routes_supersede,
)
