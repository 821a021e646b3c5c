"""The action page, wherever the action came from (a minute, a response or a service plan):
its updates, the owner's progress form, and releasing an exempt-derived action."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from scrutiny.blueprints.common import paginate, save
from scrutiny.blueprints.plans import bp
from scrutiny.blueprints.plans.forms import ActionUpdateForm
from scrutiny.blueprints.release import release_page
from scrutiny.extensions import db
from scrutiny.models.actions import Action
from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.models.recommendations import Recommendation
from scrutiny.permissions import can, require
from scrutiny.services.actions import actions as action_service
from scrutiny.services.core import clocks
from scrutiny.services.core.audit import history_for
from scrutiny.services.core.clocks import now
from scrutiny.services.jobs import reminders, rollover

#: Progress updates shown a page at a time, newest first (a long-running action gathers many).
UPDATES_PER_PAGE = 20


def _visible_action(action_id: int) -> Action:
    """The action if this reader may see it; 404 otherwise (an exempt action stays hidden)."""
    item = db.session.get(Action, action_id)
    if item is None:
        abort(404)
    if not current_user.is_authenticated:
        require("dashboard.view")
    if not can(current_user, "actions.view", item):
        abort(404)
    return item


def _record_update(item: Action, form: ActionUpdateForm) -> bool:
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
    return ok


def _page_context(item: Action, may_update: bool) -> dict:
    """Everything the action page shows beside the form."""
    staff = can(current_user, "history.view")
    return {
        "may_move_due": current_user.is_authenticated and action_service.may_move_due(current_user),
        "overdue": item.is_overdue(clocks.today()),
        "rec": db.session.get(Recommendation, item.recommendation_id)
        if item.recommendation_id
        else None,
        "history": history_for(db.session, item) if staff else None,
        "due_label": item.due.label,
        "trend": action_service.action_trend(db.session, item.id),
        "updates": paginate(
            action_service.updates_newest_first(item.id), per_page=UPDATES_PER_PAGE
        ),
        "plan": db.session.get(ServicePlan, item.plan_id) if item.plan_id else None,
        "priority": db.session.get(PlanPriority, item.priority_id) if item.priority_id else None,
        "can_edit": item.plan_id is not None and can(current_user, "plans.manage"),
        "carries": rollover.carried_to(db.session, "action", item.id),
        "reminders_sent": reminders.reminders_about(db.session, "action", item.id)
        if staff or may_update
        else None,
    }


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
def action(action_id: int):
    """An action with its updates; its owners (and officers) record progress here."""
    item = _visible_action(action_id)
    may_update = can(current_user, "actions.update", item)
    form = ActionUpdateForm()
    if request.method == "GET":
        form.version.data = item.version
    if request.method == "POST":
        require("actions.update", item)
        if form.validate_on_submit() and _record_update(item, form):
            flash("Update saved", "success")
            return redirect(url_for("plans.action", action_id=item.id))
    context = _page_context(item, may_update)
    return render_template(
        "plans/action.html", action=item, form=form, may_update=may_update, **context
    )


@bp.route("/actions/<int:action_id>/release", methods=["GET", "POST"])
def release_action(action_id: int):
    """Release an action made from a Part 2 item."""
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    return release_page(action, url_for("plans.action", action_id=action.id), "action")
