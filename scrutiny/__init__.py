"""Scrutiny: council overview-and-scrutiny work in one web application."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, templates, blueprints, errors, commands."""
    from scrutiny import cli, errors, security, templating
    from scrutiny.blueprints.page_cache import register_page_cache
    from scrutiny.config import load_config
    from scrutiny.database import register_database

    app = Flask(
        __name__,
        instance_path=str((config or {}).get("INSTANCE_PATH", REPOSITORY_ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(REPOSITORY_ROOT / "templates"),
        static_folder=str(REPOSITORY_ROOT / "static"),
    )
    load_config(app, config)
    register_database(app)
    security.register_security(app)
    register_page_cache(app)
    if app.config["SCRUTINY_PROXY_COUNT"]:
        # Outermost, so the page cache's front sees the same address and client as Flask.
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["SCRUTINY_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    templating.register_templating(app)
    _register_blueprints(app)
    errors.register_error_handlers(app)
    cli.register_commands(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from scrutiny.blueprints.admin import bp as admin_bp
    from scrutiny.blueprints.annual_reports import bp as annual_reports_bp
    from scrutiny.blueprints.auth import bp as auth_bp
    from scrutiny.blueprints.committees import bp as committees_bp
    from scrutiny.blueprints.follow import bp as follow_bp
    from scrutiny.blueprints.forward_plan import bp as forward_plan_bp
    from scrutiny.blueprints.groups import bp as groups_bp
    from scrutiny.blueprints.main import bp as main_bp
    from scrutiny.blueprints.meetings import bp as meetings_bp
    from scrutiny.blueprints.minutes import bp as minutes_bp
    from scrutiny.blueprints.oparl import bp as oparl_bp
    from scrutiny.blueprints.params import BoundedIntConverter
    from scrutiny.blueprints.plans import bp as plans_bp
    from scrutiny.blueprints.programme import bp as programme_bp
    from scrutiny.blueprints.recommendations import bp as recommendations_bp
    from scrutiny.blueprints.search import bp as search_bp

    app.url_map.converters["int"] = BoundedIntConverter  # ids beyond 64 bits are 404, not 500
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(committees_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(minutes_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(groups_bp)
    app.register_blueprint(recommendations_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(oparl_bp)
    app.register_blueprint(follow_bp)
    app.register_blueprint(forward_plan_bp)
    app.register_blueprint(annual_reports_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
