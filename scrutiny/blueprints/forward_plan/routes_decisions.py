"""Decision record views: recording a decision from its forward plan entry, publishing it,
marking it implemented, the public list with its iCalendar and Atom feeds, a decision's page."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from scrutiny.blueprints.common import paginate, save, save_or_flash
from scrutiny.blueprints.forward_plan import bp
from scrutiny.blueprints.forward_plan.forms import ButtonForm, CallInForm, RecordForm
from scrutiny.blueprints.forward_plan.routes_plan import _entry
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.blueprints.page_cache import public_page
from scrutiny.extensions import db
from scrutiny.models.executive_decisions import DecisionRecord
from scrutiny.permissions import can, require
from scrutiny.services.core import audit
from scrutiny.services.core.clocks import now, to_local
from scrutiny.services.decisions import call_in, decision_records


def _record(record_id: int) -> DecisionRecord:
    record = db.session.get(DecisionRecord, record_id)
    if record is None or not can(current_user, "executive_decisions.view", record):
        abort(404)
    return record


@bp.route("/executive-decisions")
@public_page(moments=decision_records.call_in_close_times)
def decisions():
    """Executive decisions, newest first, with their call-in state."""
    query = decision_records.public_query(
        include_drafts=can(current_user, "executive_decisions.manage")
    )
    page = paginate(query)
    return render_template(
        "forward_plan/decisions.html", page=page, status=decision_records.status, now=now()
    )


def _feed_records() -> list[DecisionRecord]:
    return list(db.session.scalars(decision_records.public_query().limit(200)))


@bp.route("/executive-decisions.ics")
def decisions_ics():
    """Published decisions as an iCalendar feed, with their call-in deadlines."""
    base = current_app.config["SCRUTINY_BASE_URL"]
    body = decision_records.decisions_calendar(
        _feed_records(), base_url=base, host=urlsplit(base).hostname or "scrutiny", now=now()
    )
    return current_app.response_class(body, mimetype="text/calendar")


@bp.route("/executive-decisions.atom")
def decisions_atom():
    """Published decisions as an Atom feed."""
    body = decision_records.decisions_feed(
        _feed_records(), base_url=current_app.config["SCRUTINY_BASE_URL"], now=now()
    )
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.route("/forward-plan/<int:entry_id>/decision", methods=["GET", "POST"])
def record_decision(entry_id: int):
    """Record the decision taken on a forward plan entry."""
    require("executive_decisions.manage")
    entry = _entry(entry_id)
    form = RecordForm(data=decision_records.draft_from_entry(entry))
    if request.method == "GET":
        form.exempt_paragraph.data = entry.exempt_paragraph or ""
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: decision_records.create_record(
                db.session, entry.committee, entry=entry, **form.values()
            ),
            lambda record: url_for("forward_plan.decision", record_id=record.id),
            "Decision recorded as a draft: publish it to start the call-in period",
        )
    ):
        return done
    return render_template("forward_plan/record_form.html", form=form, entry=entry, record=None)


@bp.route("/executive-decisions/<int:record_id>/edit", methods=["GET", "POST"])
def edit_decision(record_id: int):
    """Change a draft decision record."""
    require("executive_decisions.manage")
    record = _record(record_id)
    form = RecordForm(obj=record if request.method == "GET" else None)
    if request.method == "GET":
        form.exempt_paragraph.data = record.exempt_paragraph or ""
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this decision record",
            lambda: decision_records.update_record(
                record, expected_version=form.expected_version(), **form.values()
            ),
        )
        if ok:
            flash("Saved", "success")
            return redirect(url_for("forward_plan.decision", record_id=record.id))
    return render_template(
        "forward_plan/record_form.html", form=form, entry=record.entry, record=record
    )


@bp.route("/executive-decisions/<int:record_id>")
@public_page(moments=decision_records.call_in_close_times)
def decision(record_id: int):
    """A decision: the record (exempt parts withheld from the public), its call-in deadline,
    any call-in and its progress."""
    record = _record(record_id)
    staff = can(current_user, "executive_decisions.manage")
    signer = (
        current_user.is_authenticated
        and can(current_user, "call_ins.sign")
        and call_in.may_sign(db.session, record, current_user, to_local(now()).date())
    )
    return render_template(
        "forward_plan/decision.html",
        record=record,
        status=decision_records.status(record, now()),
        window_open=decision_records.window_open(record, now()),
        gathering=call_in.gathering(record),
        stage=call_in.stage,
        required=call_in.required_signatures(),
        signer=signer,
        staff=staff,
        show_exempt=staff,
        history=audit.history_for(db.session, record) if staff else [],
        button=ButtonForm(),
        call_in_form=CallInForm(),
    )


@bp.route("/executive-decisions/<int:record_id>/publish", methods=["POST"])
def publish_decision(record_id: int):
    """Publish a decision record, starting its call-in period."""
    require("executive_decisions.manage")
    record = _record(record_id)
    form = ButtonForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form, "this decision", lambda: decision_records.publish(db.session, record, now())
        )
        if ok:
            flash("Decision published", "success")
    return redirect(url_for("forward_plan.decision", record_id=record.id))


@bp.route("/executive-decisions/<int:record_id>/implemented", methods=["POST"])
def implemented(record_id: int):
    """Mark a decision implemented (refused while it may still be, or has been, called in)."""
    require("executive_decisions.manage")
    record = _record(record_id)
    form = ButtonForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form, "this decision", lambda: decision_records.implement(record, now())
        )
        if ok:
            flash("Marked implemented", "success")
    return redirect(url_for("forward_plan.decision", record_id=record.id))
