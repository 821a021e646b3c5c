"""Recommendation pages: one recommendation, submitting a set, the response and its actions,
closing by the panel, and owners' progress updates on actions."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from scrutiny.blueprints.common import save, save_or_flash
from scrutiny.blueprints.idempotency import create_once
from scrutiny.blueprints.params import int_args
from scrutiny.blueprints.recommendations import bp
from scrutiny.blueprints.recommendations.forms import (
    ActionUpdateForm,
    CloseForm,
    CorrectSubmissionForm,
    ImplementationActionForm,
    ResponseForm,
    SubmitForm,
)
from scrutiny.extensions import db
from scrutiny.models.actions import Action
from scrutiny.models.committees import Committee
from scrutiny.models.people import Post, Role
from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.models.recommendations import Recommendation, RecStatus, Submission
from scrutiny.permissions import can, require
from scrutiny.services.actions import actions as action_service
from scrutiny.services.core import clocks
from scrutiny.services.core.audit import history_for
from scrutiny.services.core.clocks import format_day, now, to_local
from scrutiny.services.jobs import reminders, rollover
from scrutiny.services.plans import plans
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
    submitted_on = rec.submission.submitted_on if rec.submission else None
    return render_template(
        "recommendations/show.html",
        rec=rec,
        response=response,
        actions=actions,
        latest=latest,
        rag=action_service.overall_rag(actions, latest, today),
        flag=deadline_flag(rec.response_due_on, today, rec.status != RecStatus.SUBMITTED),
        first_meeting=first_meeting_after(db.session, rec.committee_id, submitted_on)
        if submitted_on
        else None,
        today=today,
        can_respond=rec.status == RecStatus.SUBMITTED
        and can(current_user, "recommendations.respond"),
        can_close=can(current_user, "recommendations.close")
        and rec.status in {RecStatus.SUBMITTED, RecStatus.RESPONDED, RecStatus.IN_PROGRESS},
        history=history_for(db.session, rec) if can(current_user, "history.view") else None,
        carries=rollover.carried_to(db.session, "recommendation", rec.id),
        reminders_sent=reminders.reminders_about(db.session, "recommendation", rec.id)
        if can(current_user, "history.view")
        else None,
    )


@bp.route("/committees/<slug>/recommendations/submit", methods=["GET", "POST"])
def submit(slug: str):
    """Send a panel's agreed recommendations to the executive as one set."""
    committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
    if committee is None:
        abort(404)
    require("recommendations.submit")
    agreed = list(
        db.session.scalars(
            select(Recommendation)
            .where(
                Recommendation.committee_id == committee.id,
                Recommendation.status == RecStatus.AGREED,
            )
            .order_by(Recommendation.reference)
        )
    )
    form = SubmitForm()
    form.recommendation_ids.choices = [(r.id, f"{r.reference}: {r.text}") for r in agreed]
    form.responder_id.choices = [("", "Not yet known")] + [
        (u.id, u.name) for u in recommendations.executive_members(db.session)
    ]
    if request.method == "GET":
        form.recommendation_ids.data = int_args("rec")
    if form.validate_on_submit():
        done = create_once(
            form,
            "these recommendations",
            lambda: submissions.submit(
                db.session,
                committee,
                form.recommendation_ids.data or [],
                title=form.title.data,
                submitted_on=form.submitted_on.data,
                received_on=form.received_on.data,
                responder_id=form.responder_id.data,
                user=current_user,
                today=clocks.today(),
            ),
            lambda submission: url_for("recommendations.tracker", committee=committee.slug),
        )
        if done.created:
            flash(
                f"{len(done.result.recommendations)} recommendation"
                f"{'s' if len(done.result.recommendations) != 1 else ''} submitted. "
                f"The executive must respond by {format_day(done.result.response_due_on)}.",
                "success",
            )
        if done.url:
            return redirect(done.url)
    return render_template(
        "recommendations/submit.html", form=form, committee=committee, agreed=agreed
    )


@bp.route("/recommendations/submissions/<int:submission_id>/correct", methods=["GET", "POST"])
def correct_submission(submission_id: int):
    """Correct the date or executive member of a submission, with a reason."""
    require("recommendations.submit")
    submission = db.get_or_404(Submission, submission_id)
    form = CorrectSubmissionForm()
    form.responder_id.choices = [("", "Leave unchanged")] + [
        (u.id, u.name) for u in recommendations.executive_members(db.session)
    ]
    if request.method == "GET":
        form.version.data = submission.version
        form.submitted_on.data = submission.submitted_on
        form.received_on.data = submission.received_on
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this submission",
            lambda: submissions.correct_submission(
                db.session,
                submission,
                submitted_on=form.submitted_on.data,
                received_on=form.received_on.data,
                responder_id=form.responder_id.data,
                reason=form.reason.data,
                today=clocks.today(),
                expected_version=form.expected_version(),
            ),
        )
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


@bp.route("/recommendations/<int:rec_id>/respond", methods=["GET", "POST"])
def respond(rec_id: int):
    """Write the response; accepted kinds then need implementation actions before submitting."""
    rec = _rec(rec_id)
    require("recommendations.respond")
    response = rec.response
    form = ResponseForm(obj=response if request.method == "GET" else None)
    acting_for = not current_user.has_role(Role.EXECUTIVE)
    form.responder_id.choices = [("", "Choose the executive member")] + [
        (u.id, u.name) for u in recommendations.executive_members(db.session)
    ]
    if request.method == "GET" and response is None and rec.responder_id:
        form.responder_id.data = rec.responder_id
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this response",
            lambda: recommendations.save_response(
                db.session,
                rec,
                kind=form.kind.data,
                text=form.text.data,
                reasons=form.reasons.data or "",
                responder_id=form.responder_id.data if acting_for else current_user.id,
                user=current_user,
                expected_version=form.expected_version(),
            ),
        )
        if ok:
            flash("Response saved as a draft: check it, add any actions, then submit it", "success")
            return redirect(url_for("recommendations.response", rec_id=rec.id))
    return render_template(
        "recommendations/respond.html", form=form, rec=rec, acting_for=acting_for
    )


def _posts_choices() -> list[tuple[int, str]]:
    posts = db.session.scalars(select(Post).where(Post.active.is_(True)).order_by(Post.name))
    return [(p.id, p.name) for p in posts]


@bp.route("/recommendations/<int:rec_id>/response", methods=["GET", "POST"])
def response(rec_id: int):
    """The draft response: its implementation actions, and submitting it."""
    rec = _rec(rec_id)
    require("recommendations.respond")
    if rec.response is None:
        return redirect(url_for("recommendations.respond", rec_id=rec.id))
    form = ImplementationActionForm()
    form.post_ids.choices = _posts_choices()
    if form.validate_on_submit():
        done = create_once(
            form,
            "this response",
            lambda: recommendations.add_implementation_action(
                db.session,
                rec,
                description=form.description.data,
                post_ids=form.post_ids.data or [],
                due_on=form.due_on.data,
                user=current_user,
            ),
            lambda action: url_for("recommendations.response", rec_id=rec.id),
        )
        if done.created:
            flash(f"Action {done.result.reference} added", "success")
        if done.url:
            return redirect(done.url)
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


@bp.route("/recommendations/<int:rec_id>/close", methods=["GET", "POST"])
def close(rec_id: int):
    """Record that the panel closed the recommendation at one of its meetings."""
    rec = _rec(rec_id)
    require("recommendations.close")
    form = CloseForm()
    if request.method == "GET":
        form.version.data = rec.version
    minutes = recommendations.closing_minutes(db.session, rec, now())
    form.minute_id.choices = [("", "Choose the minute")] + [
        (m.id, f"{_meeting_day(m.meeting)}, minute {m.number}: {m.item.title}") for m in minutes
    ]
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


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
def action(action_id: int):
    """An action with its updates; its owners (and officers) record progress here."""
    item = db.session.get(Action, action_id)
    if item is None:
        abort(404)
    if not current_user.is_authenticated:
        require("dashboard.view")
    if not can(current_user, "actions.view", item):
        abort(404)
    may_update = can(current_user, "actions.update", item)
    form = ActionUpdateForm()
    if request.method == "GET":
        form.version.data = item.version
    if request.method == "POST":
        require("actions.update", item)
        if form.validate_on_submit():
            ok, _ = save(
                form,
                "this action",
                lambda: action_service.record_update(
                    db.session,
                    item,
                    rag=form.rag.data,
                    narrative=form.narrative.data,
                    next_steps=form.next_steps.data or "",
                    due_on=form.due_on.data,
                    user=current_user,
                    now=now(),
                    expected_version=form.expected_version(),
                    due_reason=form.due_reason.data or "",
                ),
            )
            if ok:
                flash("Update saved", "success")
                return redirect(url_for("recommendations.action", action_id=item.id))
    today = clocks.today()
    return render_template(
        "recommendations/action.html",
        action=item,
        form=form,
        may_update=may_update,
        may_move_due=current_user.is_authenticated and action_service.may_move_due(current_user),
        overdue=action_service.is_overdue(item, today),
        rec=db.session.get(Recommendation, item.recommendation_id)
        if item.recommendation_id
        else None,
        history=history_for(db.session, item) if can(current_user, "history.view") else None,
        due_label=plans.due_of(item).label,
        trend=action_service.trend(item.updates),
        plan=db.session.get(ServicePlan, item.plan_id) if item.plan_id else None,
        priority=db.session.get(PlanPriority, item.priority_id) if item.priority_id else None,
        can_edit=item.plan_id is not None and can(current_user, "plans.manage"),
        carries=rollover.carried_to(db.session, "action", item.id),
        reminders_sent=reminders.reminders_about(db.session, "action", item.id)
        if can(current_user, "history.view") or may_update
        else None,
    )
