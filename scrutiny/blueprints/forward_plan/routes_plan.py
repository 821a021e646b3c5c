"""Forward plan views: the plan, an entry, its notices and urgency, picking it for scrutiny,
and the annual urgency report."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from scrutiny.blueprints import params
from scrutiny.blueprints.common import paginate, save, save_or_flash
from scrutiny.blueprints.forward_plan import bp
from scrutiny.blueprints.forward_plan.forms import (
    ButtonForm,
    EntryForm,
    FurtherNoticeForm,
    UrgencyForm,
)
from scrutiny.blueprints.forward_plan.panel_forms import create_for_panel, panel_form
from scrutiny.extensions import db
from scrutiny.models.executive_decisions import DecisionRecord, ForwardPlanEntry
from scrutiny.permissions import can, require
from scrutiny.services.core import audit, clocks
from scrutiny.services.core.clocks import now
from scrutiny.services.decisions import forward_plan
from scrutiny.services.meetings import meetings


def _entry(entry_id: int) -> ForwardPlanEntry:
    entry = db.session.get(ForwardPlanEntry, entry_id)
    if entry is None or not can(current_user, "forward_plan.view", entry):
        abort(404)
    return entry


@bp.route("/forward-plan")
def index():
    """The forward plan of key decisions, in decision order."""
    query = forward_plan.plan_query(include_drafts=can(current_user, "forward_plan.manage"))
    page = paginate(query)
    return render_template(
        "forward_plan/index.html",
        page=page,
        today=clocks.today(),
        state=forward_plan.notice_state,
    )


@bp.route("/forward-plan/new", methods=["GET", "POST"])
def new():
    """Add an entry to the forward plan."""
    require("forward_plan.manage")
    form = panel_form(EntryForm)
    if form.validate_on_submit() and (
        done := create_for_panel(
            form,
            "this record",
            lambda committee: forward_plan.create_entry(db.session, committee, **form.values()),
            lambda entry: url_for("forward_plan.show", entry_id=entry.id),
            "Entry added: publish it to give notice",
        )
    ):
        return done
    return render_template("forward_plan/entry_form.html", form=form, entry=None)


@bp.route("/forward-plan/<int:entry_id>")
def show(entry_id: int):
    """An entry: the decision, its notice against the deadline, urgency, private notices."""
    entry = _entry(entry_id)
    records = db.session.scalars(
        select(DecisionRecord).where(DecisionRecord.entry_id == entry.id)
    ).all()
    staff = can(current_user, "forward_plan.manage")
    return render_template(
        "forward_plan/show.html",
        entry=entry,
        state=forward_plan.notice_state(
            entry, clocks.today(), current_app.config["SCRUTINY_FORWARD_PLAN_REMINDER_DAYS"]
        ),
        private_problems=forward_plan.private_notice_problems(entry),
        records=[r for r in records if can(current_user, "executive_decisions.view", r)],
        staff=staff,
        can_pick=can(current_user, "programme.manage", entry.committee),
        history=audit.history_for(db.session, entry) if staff else [],
        button=ButtonForm(),
    )


@bp.route("/forward-plan/<int:entry_id>/edit", methods=["GET", "POST"])
def edit(entry_id: int):
    """Change an entry."""
    require("forward_plan.manage")
    entry = _entry(entry_id)
    form = panel_form(EntryForm, entry)
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this forward plan entry",
            lambda: forward_plan.update_entry(
                entry, expected_version=form.expected_version(), **form.values()
            ),
        )
        if ok:
            flash("Saved", "success")
            return redirect(url_for("forward_plan.show", entry_id=entry.id))
    return render_template("forward_plan/entry_form.html", form=form, entry=entry)


@bp.route("/forward-plan/<int:entry_id>/publish", methods=["POST"])
def publish(entry_id: int):
    """Publish the entry on the forward plan."""
    require("forward_plan.manage")
    entry = _entry(entry_id)
    form = ButtonForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(form, "this entry", lambda: forward_plan.publish(entry, now()))
        if ok:
            flash("Published on the forward plan", "success")
    return redirect(url_for("forward_plan.show", entry_id=entry.id))


@bp.route("/forward-plan/<int:entry_id>/urgency", methods=["GET", "POST"])
def urgency(entry_id: int):
    """Record the general exception (reg 10) or special urgency (reg 11)."""
    require("forward_plan.manage")
    entry = _entry(entry_id)
    form = UrgencyForm()
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this forward plan entry",
            lambda: forward_plan.record_urgency(
                entry,
                form.route.data,
                chair_notified_on=form.chair_notified_on.data,
                published_on=form.published_on.data,
                chair_agreed_by=form.chair_agreed_by.data,
                chair_agreed_on=form.chair_agreed_on.data,
                reason=form.reason.data,
            ),
        )
        if ok:
            flash("Recorded for the annual urgency report", "success")
            return redirect(url_for("forward_plan.show", entry_id=entry.id))
    return render_template("forward_plan/urgency.html", form=form, entry=entry)


@bp.route("/forward-plan/<int:entry_id>/private-notice", methods=["GET", "POST"])
def private_notice(entry_id: int):
    """Record the further notice of a private meeting (reg 5(2)) or the chair's agreement."""
    require("forward_plan.manage")
    entry = _entry(entry_id)
    form = FurtherNoticeForm()
    if form.validate_on_submit():

        def change():
            forward_plan.record_further_notice(
                entry,
                published_on=form.published_on.data,
                representations=form.representations.data or "",
                response=form.response.data or "",
            )
            if form.chair_agreed_on.data:
                forward_plan.record_private_urgency(entry, agreed_on=form.chair_agreed_on.data)

        ok, _ = save(form, "this forward plan entry", change)
        if ok:
            flash("Further notice recorded", "success")
            return redirect(url_for("forward_plan.show", entry_id=entry.id))
    return render_template("forward_plan/private_notice.html", form=form, entry=entry)


@bp.route("/forward-plan/<int:entry_id>/pick", methods=["POST"])
def pick(entry_id: int):
    """Put the decision on the panel's work programme for pre-decision scrutiny."""
    entry = _entry(entry_id)
    require("programme.manage", entry.committee)
    form = ButtonForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form, "this entry", lambda: forward_plan.pick_for_scrutiny(db.session, entry, now())
        )
        if ok:
            flash("Added to the panel's work programme (scheduled projects)", "success")
            return redirect(url_for("programme.show", slug=entry.committee.slug))
    return redirect(url_for("forward_plan.show", entry_id=entry.id))


@bp.route("/forward-plan/urgency-report")
def urgency_report():
    """Reg 19: decisions taken under urgency in a municipal year, for the annual report."""
    require("forward_plan.manage")
    start = meetings.municipal_year_start(clocks.today())
    asked = params.int_arg("year")
    if asked and 2000 <= asked <= start.year:
        start = date(asked, 5, 1)
    end = date(start.year + 1, 4, 30)
    return render_template(
        "forward_plan/urgency_report.html",
        entries=forward_plan.urgency_report(db.session, start, end),
        year=meetings.municipal_year_label(start),
    )
