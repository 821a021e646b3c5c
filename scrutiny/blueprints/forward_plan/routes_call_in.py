"""Call-in views: councillors start and sign a call-in; the monitoring officer rules on its
validity; officers put it on a meeting and record the outcome and any reconsideration."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from scrutiny.blueprints.common import save, save_or_flash
from scrutiny.blueprints.forward_plan import bp
from scrutiny.blueprints.forward_plan.forms import (
    ButtonForm,
    CallInForm,
    MeetingForm,
    OutcomeForm,
    ReconsiderationForm,
    ValidityForm,
)
from scrutiny.blueprints.forward_plan.routes_decisions import _record
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.extensions import db
from scrutiny.models.executive_decisions import CallIn
from scrutiny.models.meetings import Meeting
from scrutiny.permissions import can, require
from scrutiny.services.core import audit
from scrutiny.services.core.clocks import format_day, now, to_local
from scrutiny.services.decisions import call_in


def _call_in(call_in_id: int) -> CallIn:
    found = db.session.get(CallIn, call_in_id)
    if found is None or not can(current_user, "executive_decisions.view", found.decision):
        abort(404)
    return found


@bp.route("/executive-decisions/<int:record_id>/call-in", methods=["GET", "POST"])
def start_call_in(record_id: int):
    """A councillor calls the decision in, giving reasons."""
    require("call_ins.sign")
    record = _record(record_id)
    form = CallInForm()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: call_in.start(
                db.session, record, current_user, reasons=form.reasons.data, now=now()
            ),
            lambda made: url_for("forward_plan.call_in", call_in_id=made.id),
            "Call-in started: the other councillors can now add their names",
        )
    ):
        return done
    return render_template("forward_plan/call_in_form.html", form=form, record=record)


def _meetings(found: CallIn) -> list[tuple[int, str]]:
    return [
        (m.id, f"{m.committee.name}, {format_day(to_local(m.starts_at).date())}")
        for m in call_in.meeting_choices(db.session, found, now())
    ]


@bp.route("/call-ins/<int:call_in_id>", endpoint="call_in")
def call_in_page(call_in_id: int):
    """A call-in: reasons, signatures, ruling, meeting, outcome and reconsideration."""
    require("call_ins.view")
    found = _call_in(call_in_id)
    meeting_form = MeetingForm()
    meeting_form.meeting_id.choices = _meetings(found)
    staff = can(current_user, "call_ins.manage")
    return render_template(
        "forward_plan/call_in.html",
        call_in=found,
        record=found.decision,
        stage=call_in.stage(found),
        required=call_in.required_signatures(),
        signed=any(s.user_id == current_user.id for s in found.signatures),
        may_sign=can(current_user, "call_ins.sign")
        and call_in.may_sign(db.session, found.decision, current_user, to_local(now()).date()),
        staff=staff,
        button=ButtonForm(),
        validity_form=ValidityForm(),
        meeting_form=meeting_form,
        outcome_form=OutcomeForm(),
        reconsideration_form=ReconsiderationForm(),
        history=audit.history_for(db.session, found) if staff else [],
    )


def _back(found: CallIn):
    return redirect(url_for("forward_plan.call_in", call_in_id=found.id))


@bp.route("/call-ins/<int:call_in_id>/sign", methods=["POST"])
def sign(call_in_id: int):
    """A councillor adds their name to the call-in."""
    require("call_ins.sign")
    found = _call_in(call_in_id)
    form = ButtonForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form, "this call-in", lambda: call_in.sign(db.session, found, current_user, now())
        )
        if ok:
            flash(
                "Call-in made: the monitoring officer will rule on its validity"
                if found.lodged_at
                else "Your name is added",
                "success",
            )
    return _back(found)


def _officer_step(found: CallIn, form, change, template: str, done: str):
    """Save one of the officer's steps; on a problem show its form page with the errors."""
    if form.validate_on_submit():
        ok, _ = save(form, "this call-in", change)
        if ok:
            flash(done, "success")
            return _back(found)
    return render_template(
        "forward_plan/call_in_step.html", form=form, call_in=found, template=template
    )


@bp.route("/call-ins/<int:call_in_id>/validity", methods=["POST"])
def validity(call_in_id: int):
    """The monitoring officer's ruling on validity."""
    require("call_ins.manage")
    found = _call_in(call_in_id)
    form = ValidityForm()
    return _officer_step(
        found,
        form,
        lambda: call_in.rule(
            db.session,
            found,
            valid=form.valid.data == "yes",
            reason=form.reason.data or "",
            user=current_user,
            now=now(),
        ),
        "validity",
        "Ruling recorded",
    )


@bp.route("/call-ins/<int:call_in_id>/meeting", methods=["POST"])
def meeting(call_in_id: int):
    """Put the valid call-in on a meeting of the committee."""
    require("call_ins.manage")
    found = _call_in(call_in_id)
    form = MeetingForm()
    form.meeting_id.choices = _meetings(found)

    def change():
        call_in.schedule(found, db.session.get(Meeting, form.meeting_id.data))

    return _officer_step(found, form, change, "meeting", "Put on the meeting")


@bp.route("/call-ins/<int:call_in_id>/outcome", methods=["POST"])
def outcome(call_in_id: int):
    """The committee's outcome."""
    require("call_ins.manage")
    found = _call_in(call_in_id)
    form = OutcomeForm()
    return _officer_step(
        found,
        form,
        lambda: call_in.record_outcome(
            found,
            outcome=form.outcome.data,
            concerns=form.concerns.data or "",
            on=form.outcome_on.data,
        ),
        "outcome",
        "Outcome recorded",
    )


@bp.route("/call-ins/<int:call_in_id>/reconsideration", methods=["POST"])
def reconsideration(call_in_id: int):
    """The decision maker's reconsideration of a referred decision."""
    require("call_ins.manage")
    found = _call_in(call_in_id)
    form = ReconsiderationForm()
    return _officer_step(
        found,
        form,
        lambda: call_in.record_reconsideration(
            found, text=form.text.data, on=form.reconsidered_on.data
        ),
        "reconsideration",
        "Reconsideration recorded",
    )
