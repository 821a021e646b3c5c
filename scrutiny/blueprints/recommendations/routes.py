"""Recommendation pages: one recommendation, submitting a set, the response and its actions,
closing by the panel, and owners' progress updates on actions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from scrutiny.blueprints.choices import post_choices
from scrutiny.blueprints.common import committee_or_404, save, save_or_flash
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.blueprints.params import int_args
from scrutiny.blueprints.recommendations import bp
from scrutiny.blueprints.recommendations.forms import (
    CloseForm,
    CorrectSubmissionForm,
    ImplementationActionForm,
    ResponseForm,
    SubmitForm,
)
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.models.people import Role
from scrutiny.models.recommendations import Recommendation, RecStatus, Submission
from scrutiny.permissions import can, require
from scrutiny.services.actions import actions as action_service
from scrutiny.services.core import clocks
from scrutiny.services.core.audit import history_for
from scrutiny.services.core.clocks import format_day, now, to_local
from scrutiny.services.jobs import reminders, rollover
from scrutiny.services.recommendations import recommendations, submissions
from scrutiny.services.recommendations.response_deadlines import deadline_flag, first_meeting_after


def _rec(rec_id: int) -> Recommendation:
    rec = db.session.get(Recommendation, rec_id)
    if rec is None or not can(current_user, "recommendations.view", rec):
        abort(404)
    return rec


def _meeting_day(meeting) -> str:
    return format_day(to_local(meeting.starts_at).date())


def _can_see_draft_response() -> bool:
    return current_user.is_authenticated and bool(
        current_user.roles & {Role.ADMIN, Role.OFFICER, Role.EXECUTIVE}
    )


@bp.route("/recommendations/<int:rec_id>")
def show(rec_id: int):
    """A recommendation: dates, deadline, response, implementation actions and history."""
    rec = _rec(rec_id)
    today = clocks.today()
    response = rec.response
    if response is not None and response.submitted_at is None and not _can_see_draft_response():
        response = None
    actions = recommendations.implementation_actions(db.session, rec)
    latest = action_service.latest_updates(db.session, [a.id for a in actions])
    return render_template(
        "recommendations/show.html",
        rec=rec,
        response=response,
        actions=actions,
        latest=latest,
        rag=action_service.overall_rag(actions, latest, today),
        flag=deadline_flag(rec.response_due_on, today, rec.status != RecStatus.SUBMITTED),
        first_meeting=_first_meeting(rec),
        today=today,
        carries=rollover.carried_to(db.session, "recommendation", rec.id),
        **_may_act(rec),
        **_history(rec),
    )


def _first_meeting(rec: Recommendation):
    """The panel's first meeting after the set was submitted (None before it is)."""
    submitted_on = rec.submission.submitted_on if rec.submission else None
    if not submitted_on:
        return None
    return first_meeting_after(db.session, rec.committee_id, submitted_on)


def _may_act(rec: Recommendation) -> dict:
    """Whether the reader may respond to or close the recommendation now."""
    return {
        "can_respond": rec.status == RecStatus.SUBMITTED
        and can(current_user, "recommendations.respond"),
        "can_close": can(current_user, "recommendations.close")
        and rec.status in {RecStatus.SUBMITTED, RecStatus.RESPONDED, RecStatus.IN_PROGRESS},
    }


def _history(rec: Recommendation) -> dict:
    """The recommendation's history and reminders, for those who may see history (else None)."""
    if not can(current_user, "history.view"):
        return {"history": None, "reminders_sent": None}
    return {
        "history": history_for(db.session, rec),
        "reminders_sent": reminders.reminders_about(db.session, "recommendation", rec.id),
    }


@bp.route("/committees/<slug>/recommendations/submit", methods=["GET", "POST"])
def submit(slug: str):
    """Send a panel's agreed recommendations to the executive as one set."""
    committee = committee_or_404(slug, visible=False)
    require("recommendations.submit")
    agreed = submissions.agreed_recommendations(db.session, committee)
    form = _submit_form(agreed)
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "these recommendations",
            lambda: _submit(committee, form),
            lambda submission: url_for("recommendations.tracker", committee=committee.slug),
            lambda result: _submitted_message(result),
        )
    ):
        return done
    return render_template(
        "recommendations/submit.html", form=form, committee=committee, agreed=agreed
    )


def _submit_form(agreed: list[Recommendation]) -> SubmitForm:
    """The submit form offering the agreed recommendations (those in ?rec= ticked on a GET)."""
    form = SubmitForm()
    form.recommendation_ids.choices = [(r.id, f"{r.reference}: {r.text}") for r in agreed]
    form.responder_id.choices = _executive_choices("Not yet known")
    if request.method == "GET":
        form.recommendation_ids.data = int_args("rec")
    return form


def _submit(committee: Committee, form: SubmitForm) -> Submission:
    """Submit what the form chose through the submissions service."""
    return submissions.submit(
        db.session,
        committee,
        form.recommendation_ids.data or [],
        title=form.title.data,
        submitted_on=form.submitted_on.data,
        received_on=form.received_on.data,
        responder_id=form.responder_id.data,
        user=current_user,
        today=clocks.today(),
    )


def _submitted_message(submission: Submission) -> str:
    """How many were submitted and the statutory response date."""
    n = len(submission.recommendations)
    return (
        f"{n} recommendation{'s' if n != 1 else ''} submitted. "
        f"The executive must respond by {format_day(submission.response_due_on)}."
    )


@bp.route("/recommendations/submissions/<int:submission_id>/correct", methods=["GET", "POST"])
def correct_submission(submission_id: int):
    """Correct the date or executive member of a submission, with a reason."""
    require("recommendations.submit")
    submission = db.get_or_404(Submission, submission_id)
    form = CorrectSubmissionForm(
        data=_recorded_dates(submission) if request.method == "GET" else None
    )
    form.responder_id.choices = _executive_choices("Leave unchanged")
    if form.validate_on_submit():
        ok, _ = save(form, "this submission", lambda: _correct(submission, form))
        if ok:
            flash(
                "Submission corrected. The executive must respond by "
                f"{format_day(submission.response_due_on)}.",
                "success",
            )
            return redirect(
                url_for("recommendations.show", rec_id=submission.recommendations[0].id)
            )
    return render_template(
        "recommendations/correct_submission.html", form=form, submission=submission
    )


def _recorded_dates(submission: Submission) -> dict:
    """The correction form's starting values: the dates as recorded."""
    return {
        "version": submission.version,
        "submitted_on": submission.submitted_on,
        "received_on": submission.received_on,
    }


def _executive_choices(blank: str) -> list[tuple]:
    """Executive members to choose from, after a blank choice worded `blank`."""
    return [("", blank)] + [(u.id, u.name) for u in recommendations.executive_members(db.session)]


def _correct(submission: Submission, form: CorrectSubmissionForm) -> None:
    """Correct the submission as the form says, through the submissions service."""
    submissions.correct_submission(
        db.session,
        submission,
        submitted_on=form.submitted_on.data,
        received_on=form.received_on.data,
        responder_id=form.responder_id.data,
        reason=form.reason.data,
        today=clocks.today(),
        expected_version=form.expected_version(),
    )


@bp.route("/recommendations/<int:rec_id>/respond", methods=["GET", "POST"])
def respond(rec_id: int):
    """Write the response; accepted kinds then need implementation actions before submitting."""
    rec = _rec(rec_id)
    require("recommendations.respond")
    response = rec.response
    form = ResponseForm(obj=response if request.method == "GET" else None)
    acting_for = not current_user.has_role(Role.EXECUTIVE)
    form.responder_id.choices = _executive_choices("Choose the executive member")
    if request.method == "GET" and response is None and rec.responder_id:
        form.responder_id.data = rec.responder_id
    if form.validate_on_submit():
        ok, _ = save(form, "this response", lambda: _save_response(rec, form, acting_for))
        if ok:
            flash("Response saved as a draft: check it, add any actions, then submit it", "success")
            return redirect(url_for("recommendations.response", rec_id=rec.id))
    return render_template(
        "recommendations/respond.html", form=form, rec=rec, acting_for=acting_for
    )


def _save_response(rec: Recommendation, form: ResponseForm, acting_for: bool) -> None:
    """Save the draft response; an officer acting for the executive names the member, an
    executive member responds as themself."""
    recommendations.save_response(
        db.session,
        rec,
        kind=form.kind.data,
        text=form.text.data,
        reasons=form.reasons.data or "",
        responder_id=form.responder_id.data if acting_for else current_user.id,
        user=current_user,
        expected_version=form.expected_version(),
    )


def _action_values(form: ImplementationActionForm) -> dict:
    """An implementation action's answers as the recommendations service takes them."""
    return {
        "description": form.description.data,
        "post_ids": form.post_ids.data or [],
        "due_on": form.due_on.data,
    }


def _add_action(rec: Recommendation, form: ImplementationActionForm):
    return recommendations.add_implementation_action(
        db.session, rec, **_action_values(form), user=current_user
    )


@bp.route("/recommendations/<int:rec_id>/response", methods=["GET", "POST"])
def response(rec_id: int):
    """The draft response: its implementation actions, and submitting it."""
    rec = _rec(rec_id)
    require("recommendations.respond")
    if rec.response is None:
        return redirect(url_for("recommendations.respond", rec_id=rec.id))
    form = ImplementationActionForm()
    form.post_ids.choices = post_choices()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this response",
            lambda: _add_action(rec, form),
            lambda action: url_for("recommendations.response", rec_id=rec.id),
            lambda action: f"Action {action.reference} added",
        )
    ):
        return done
    return render_template(
        "recommendations/response.html",
        rec=rec,
        response=rec.response,
        actions=recommendations.implementation_actions(db.session, rec),
        form=form,
    )


@bp.route("/recommendations/<int:rec_id>/response/submit", methods=["POST"])
def submit_response(rec_id: int):
    """Publish the response (refused while an accepted response has no action)."""
    rec = _rec(rec_id)
    require("recommendations.respond")
    form = ImplementationActionForm()
    ok, _ = save_or_flash(
        form,
        "this response",
        lambda: recommendations.submit_response(db.session, rec, user=current_user, now=now()),
    )
    if ok:
        flash("Response published. The panel will consider it at its next meeting.", "success")
        return redirect(url_for("recommendations.show", rec_id=rec.id))
    return redirect(url_for("recommendations.response", rec_id=rec.id))


def _close_form(rec: Recommendation, minutes: list) -> CloseForm:
    """The closing form: the recommendation's version on GET, the minutes it may close at."""
    form = CloseForm()
    if request.method == "GET":
        form.version.data = rec.version
    form.minute_id.choices = [("", "Choose the minute")] + [
        (m.id, f"{_meeting_day(m.meeting)}, minute {m.number}: {m.item.title}") for m in minutes
    ]
    return form


@bp.route("/recommendations/<int:rec_id>/close", methods=["GET", "POST"])
def close(rec_id: int):
    """Record that the panel closed the recommendation at one of its meetings."""
    rec = _rec(rec_id)
    require("recommendations.close")
    minutes = recommendations.closing_minutes(db.session, rec, now())
    form = _close_form(rec, minutes)
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this recommendation",
            lambda: recommendations.close(
                db.session,
                rec,
                outcome=form.outcome.data,
                minute_id=form.minute_id.data,
                note=form.note.data or "",
                now=now(),
                expected_version=form.expected_version(),
            ),
        )
        if ok:
            flash(f"{rec.reference} closed: {rec.status_label.lower()}", "success")
            return redirect(url_for("recommendations.show", rec_id=rec.id))
    return render_template("recommendations/close.html", form=form, rec=rec, minutes=minutes)
