"""GOV.UK-styled error pages, and a CSRF failure that shows the user what they typed."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from scrutiny.extensions import db

#: Form fields never echoed back on an error page.
_SECRET_FIELDS = {"csrf_token", "password", "new_password", "confirm_password", "current_password"}


def register_error_handlers(app: Flask) -> None:
    """Render 403, 404, 429, 500 and CSRF failures with the site's layout."""

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def not_allowed(error):
        return render_template("errors/404.html"), 405

    @app.errorhandler(413)
    def too_large(error):
        return render_template("errors/413.html"), 413

    @app.errorhandler(429)
    def too_many(error):
        return render_template("errors/429.html"), 429

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return render_template("errors/500.html"), 500

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        typed = [
            (name, value)
            for name, value in request.form.items(multi=True)
            if name not in _SECRET_FIELDS and value.strip()
        ]
        return render_template("errors/csrf.html", typed=typed, back=request.path), 400
