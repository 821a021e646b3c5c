"""Decisions recorded without a forward plan entry, and superseding: a later forward plan
entry or decision record replaces an earlier one, both kept."""

from __future__ import annotations

from flask import render_template, request, url_for

from scrutiny.blueprints.forward_plan import bp
from scrutiny.blueprints.forward_plan.forms import EntryForm, NewRecordForm, RecordForm
from scrutiny.blueprints.forward_plan.panel_forms import create_for_panel, panel_form
from scrutiny.blueprints.forward_plan.routes_decisions import _record
from scrutiny.blueprints.forward_plan.routes_plan import _entry
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.extensions import db
from scrutiny.permissions import require
from scrutiny.services.core.clocks import now
from scrutiny.services.decisions import decision_records, forward_plan


@bp.route("/executive-decisions/new", methods=["GET", "POST"])
def new_decision():
    """Record a decision that has no forward plan entry (not a key decision)."""
    require("executive_decisions.manage")
    form = panel_form(NewRecordForm)
    if form.validate_on_submit() and (
        done := create_for_panel(
            form,
            "this record",
            lambda panel: decision_records.create_record(db.session, panel, **form.values()),
            lambda record: url_for("forward_plan.decision", record_id=record.id),
            "Decision recorded as a draft: publish it to start the call-in period",
        )
    ):
        return done
    return render_template("forward_plan/record_form.html", form=form, entry=None, record=None)


@bp.route("/forward-plan/<int:entry_id>/supersede", methods=["GET", "POST"])
def supersede_entry(entry_id: int):
    """Publish a revised entry in place of a published one; the old one stays, marked."""
    require("forward_plan.manage")
    old = _entry(entry_id)
    form = panel_form(EntryForm, old)
    if form.validate_on_submit() and (
        done := create_for_panel(
            form,
            "this forward plan entry",
            lambda committee: forward_plan.supersede(
                db.session, old, committee, now(), **form.values()
            ),
            lambda entry: url_for("forward_plan.show", entry_id=entry.id),
            "Revised entry published: it replaces the earlier one",
        )
    ):
        return done
    return render_template("forward_plan/entry_form.html", form=form, entry=old, superseding=True)


@bp.route("/executive-decisions/<int:record_id>/supersede", methods=["GET", "POST"])
def supersede_decision(record_id: int):
    """Draft a record that replaces a published one (publish it to take effect)."""
    require("executive_decisions.manage")
    old = _record(record_id)
    form = RecordForm(data=decision_records.draft_from_record(old))
    if request.method == "GET":
        form.exempt_paragraph.data = old.exempt_paragraph or ""
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this decision record",
            lambda: decision_records.supersede(db.session, old, **form.values()),
            lambda record: url_for("forward_plan.decision", record_id=record.id),
            "Replacement drafted: publish it to supersede the earlier record",
        )
    ):
        return done
    return render_template(
        "forward_plan/record_form.html", form=form, entry=old.entry, record=None, replaces=old
    )
