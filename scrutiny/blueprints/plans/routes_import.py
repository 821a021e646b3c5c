"""Importing a plan's actions from a spreadsheet: upload, preview every row, load all or none.

The upload is kept under instance/imports/<sha256> between the preview and the load, so the
second step loads exactly the file that was previewed.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovFileInput, GovSubmitInput
from wtforms import BooleanField, HiddenField, SubmitField

from scrutiny.blueprints.common import save, show_domain_error
from scrutiny.blueprints.forms_base import Form
from scrutiny.blueprints.plans import bp
from scrutiny.extensions import db
from scrutiny.models.plans import ServicePlan
from scrutiny.permissions import require
from scrutiny.services.core import clocks
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import upload_stash
from scrutiny.services.plans import plan_import

#: Bad rows listed in the error summary at the top of the page (all are in the table).
SUMMARY_ROWS = 20
ACCEPT = ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(Form):
    """The spreadsheet, and whether to create the posts it names that do not exist yet."""

    file = FileField("Spreadsheet", widget=GovFileInput())
    create_posts = BooleanField(
        "Create the posts that do not exist yet",
        widget=GovCheckboxInput(),
        description="Owners are matched to posts by name. Tick this to create the posts the "
        "file names that do not exist yet, in the same step as the actions.",
    )
    #: The SHA-256 of the previewed upload, and its name, carried to the load step.
    upload = HiddenField()
    filename = HiddenField()
    preview = SubmitField("Preview the import", widget=GovSubmitInput())
    load = SubmitField("Load the actions", widget=GovSubmitInput())


def _preview(form: ImportForm, plan: ServicePlan, data: bytes, filename: str):
    """The preview of `data`, or None with the file's problem shown on the form."""
    try:
        return plan_import.preview(db.session, plan, data, filename, clocks.today())
    except DomainError as error:
        show_domain_error(form, error)
        return None


def _row_errors(result) -> list[dict]:
    if result is None:
        return []
    bad = result.bad_rows
    items = [
        {"text": f"Row {row.number}: {row.error}", "href": f"#row-{row.number}"}
        for row in bad[:SUMMARY_ROWS]
    ]
    if len(bad) > SUMMARY_ROWS:
        items.append({"text": f"And {len(bad) - SUMMARY_ROWS} more rows: see the table below"})
    return items


@bp.route("/plans/<int:plan_id>/import", methods=["GET", "POST"])
def import_actions(plan_id: int):
    """Upload a spreadsheet of actions, preview how every row reads, then load them all."""
    require("plans.manage")
    plan = db.get_or_404(ServicePlan, plan_id)
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        if form.load.data:
            data = upload_stash.unstash(form.upload.data)
            if data is None:
                form.file.errors.append("The upload has expired: choose the file again")
            else:
                ok, loaded = save(
                    form,
                    "this plan",
                    lambda: plan_import.load(
                        db.session,
                        plan,
                        data,
                        form.filename.data or "",
                        clocks.today(),
                        create_posts=bool(form.create_posts.data),
                    ),
                )
                if ok:
                    upload_stash.discard(form.upload.data)
                    count = len(loaded.actions)
                    flash(f"{count} action{'' if count == 1 else 's'} imported", "success")
                    return redirect(url_for("plans.show", plan_id=plan.id))
                result = _preview(form, plan, data, form.filename.data or "")
        elif not form.file.data:
            form.file.errors.append("Choose a spreadsheet to import")
        else:
            data, filename = form.file.data.read(), form.file.data.filename or ""
            result = _preview(form, plan, data, filename)
            if result is not None and result.ok:
                form.upload.data = upload_stash.stash(data)
                form.filename.data = result.filename
    return render_template(
        "plans/import.html",
        plan=plan,
        form=form,
        result=result,
        extra_errors=_row_errors(result),
        accept=ACCEPT,
        max_mb=current_app.config["SCRUTINY_MAX_UPLOAD_MB"],
    )
