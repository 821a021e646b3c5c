"""Jinja set-up: GOV.UK Frontend macros, the WTForms widgets, filters and role navigation."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from flask import Flask, has_request_context, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from wtforms import DateField, FieldList, FormField

from scrutiny.blueprints.params import link_args
from scrutiny.permissions import can
from scrutiny.service_navigation import service_navigation
from scrutiny.services.core.clocks import format_day, format_local


def navigation(user) -> list[dict]:
    """The service navigation links the user's roles entitle them to, in display order."""
    items = [("main.dashboard", "Dashboard", None)] if user.is_authenticated else []
    items += [("plans.my_actions", "My actions", "actions.own")]
    items += [
        ("meetings.index", "Meetings", None),
        ("minutes.decision_list", "Decisions", None),
        ("forward_plan.index", "Forward plan", None),
        ("forward_plan.decisions", "Executive decisions", None),
        ("recommendations.tracker", "Recommendations", None),
        ("committees.index", "Committees", None),
        ("search.index", "Search", None),
    ]
    items += [
        ("plans.index", "Plans and actions", "plans.view"),
        ("annual_reports.index", "Annual reports", "annual_reports.manage"),
        ("admin.users", "Users", "users.view"),
        ("admin.posts", "Posts", "posts.view"),
        ("admin.committees", "Manage committees", "committees.manage"),
        ("admin.outbox", "Outbox", "outbox.view"),
    ]
    links = []
    for endpoint, text, permission in items:
        if permission is not None and not can(user, permission):
            continue
        href = url_for(endpoint)
        current = request.path == href
        inside = not current and href != "/" and request.path.startswith(href.rstrip("/") + "/")
        links.append({"href": href, "text": text, "current": current, "active": inside})
    return links


_FIELD_LABELS = {"role_rows": "roles", "parent_id": "parent committee", "user_id": "person"}


def audit_field(name: str) -> str:
    """A readable name for an audited attribute."""
    return _FIELD_LABELS.get(name, name.replace("_", " "))


def audit_value(value) -> str:
    """A readable form of an audited value: lists joined, blanks named, booleans as yes/no."""
    if value is None or value == "" or value == []:
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) > 19 and value[10:11] == "T":
        try:
            return format_local(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def choices(members) -> list[tuple[str, str]]:
    """(value, label) pairs for a select, from enum members with an optional `label`."""
    return [(m.value, getattr(m, "label", m.value.capitalize())) for m in members]


def error_summary_items(form) -> list[dict]:
    """GOV.UK error-summary entries: each field's first error linked to it, then form errors.

    Fields inside field lists of subforms (one radio group per member, say) are listed one by
    one; an error on a whole list links to the list's id.
    """
    items = [{"text": text, "href": f"#{target}"} for text, target in _field_errors(form)]
    items += [{"text": message} for message in form.form_errors]
    return items


def _field_errors(fields):
    """(first error, id to link to) for each field with errors, descending into field lists."""
    for field in fields:
        if isinstance(field, FieldList):
            whole = [e for e in field.errors if isinstance(e, str)]
            if whole:
                yield whole[0], field.id
            yield from _field_errors(field.entries)
        elif isinstance(field, FormField):
            yield from _field_errors(field.form)
        elif field.errors:
            yield field.errors[0], f"{field.id}-day" if isinstance(field, DateField) else field.id


def register_templating(app: Flask) -> None:
    """Install template loaders, GOV.UK form helpers, filters and globals."""
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    app.add_template_global(error_summary_items)
    app.add_template_global(link_args)
    app.add_template_global(partial(service_navigation, app.jinja_env), "service_navigation")
    app.add_template_filter(choices)
    app.add_template_filter(audit_field)
    app.add_template_filter(audit_value)
    app.add_template_filter(format_local, "local")
    app.add_template_filter(format_day, "day")

    @app.context_processor
    def globals_for_templates() -> dict:
        names = {
            "council_name": app.config["SCRUTINY_COUNCIL_NAME"],
            "service_name": app.config["SCRUTINY_SERVICE_NAME"],
        }
        if not has_request_context():  # email rendered by a job or command
            return names
        return names | {
            "can": lambda permission, obj=None: can(current_user, permission, obj),
            "navigation": navigation(current_user),
        }
