"""Meetings and agendas: the public calendar and agendas, and the officers' agenda builder."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)

from scrutiny.blueprints.meetings import routes_manage, routes_public  # noqa: E402,F401
