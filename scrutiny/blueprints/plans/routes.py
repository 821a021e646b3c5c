"""Service plan views: the list of plans, a plan's dashboard, priorities and actions, the
action tracker with its exports, and "my actions"."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from scrutiny import permissions
from scrutiny.blueprints.choices import committee_choices, post_choices
from scrutiny.blueprints.common import PER_PAGE, paginate, save
from scrutiny.blueprints.fragments import remembered_page
from scrutiny.blueprints.idempotency import create_and_redirect, create_once
from scrutiny.blueprints.params import int_arg, page_arg, parse_date
from scrutiny.blueprints.plans import bp
from scrutiny.blueprints.plans.forms import (
    ActionForm,
    IndicatorForm,
    IndicatorValueForm,
    PlanForm,
    PriorityForm,
)
from scrutiny.blueprints.reader_pages import reader_page
from scrutiny.extensions import db
from scrutiny.models.actions import ACTION_STATUS_LABELS, Action
from scrutiny.models.plans import PlanIndicator, PlanPriority, ServicePlan
from scrutiny.permissions import can, require
from scrutiny.services.actions import action_tracker
from scrutiny.services.actions.action_tracker import RAGS, ActionFilters
from scrutiny.services.core import clocks, segmented_pages
from scrutiny.services.plans import indicators, plans

#: A plan's page lists its actions in priority order, this many at a time (a plan has far
#: fewer; a county-scale generated plan has tens of thousands).
PLAN_PAGE = 200


@bp.route("/plans")
@reader_page
def index():
    """Every service plan with its number of actions and how many are overdue."""
    require("plans.view")
    can_manage, today = can(current_user, "plans.manage"), clocks.today()
    return remembered_page(
        "plans/index.html",
        "plans/_index_body.html",
        "plans-list-page",
        (can_manage, today),
        lambda: _plans_list(can_manage, today),
    )


def _plans_list(can_manage: bool, today) -> dict:
    page = paginate(select(ServicePlan).order_by(ServicePlan.starts_on.desc(), ServicePlan.title))
    totals, overdue = action_tracker.plan_counts(db.session, [p.id for p in page.items], today)
    return {"page": page, "totals": totals, "overdue": overdue, "can_manage": can_manage}


@bp.route("/plans/new", methods=["GET", "POST"])
@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit(plan_id: int | None = None):
    """Create a plan, or change one's details."""
    require("plans.manage")
    plan = db.get_or_404(ServicePlan, plan_id) if plan_id else None
    form = PlanForm(obj=plan if request.method == "GET" else None)
    form.owner_post_id.choices = post_choices("No owner post")
    form.committee_id.choices = committee_choices("No committee")
    if form.validate_on_submit():
        if plan is None:
            change = lambda: plans.create_plan(db.session, **form.values())  # noqa: E731
        else:
            change = lambda: plans.update_plan(  # noqa: E731
                db.session, plan, expected_version=form.expected_version(), **form.values()
            )
        done = create_once(
            form, "this plan", change, lambda made: url_for("plans.show", plan_id=(plan or made).id)
        )
        if done.created:
            flash("Plan saved", "success")
        if done.url:
            return redirect(done.url)
    return render_template("plans/form.html", form=form, plan=plan)


@bp.route("/plans/<int:plan_id>")
@reader_page
def show(plan_id: int):
    """A plan's dashboard and its priorities with their actions (remembered until something
    it shows changes; the add-a-priority form is rendered on each view)."""
    require("plans.view")
    title = db.session.scalar(select(ServicePlan.title).where(ServicePlan.id == plan_id))
    if title is None:
        abort(404)
    can_manage, today = can(current_user, "plans.manage"), clocks.today()
    return remembered_page(
        "plans/show.html",
        "plans/_show_body.html",
        "plan-page",
        (can_manage, today),
        lambda: _plan_page(plan_id, can_manage, today),
        plan_title=title,
        plan_id=plan_id,
        can_manage=can_manage,
        priority_form=PriorityForm(),
    )


def _plan_page(plan_id: int, can_manage: bool, today) -> dict:
    plan = db.session.get(ServicePlan, plan_id)  # first loaded here, so its tables are noted
    page = paginate(action_tracker.plan_actions_query(plan.id), per_page=PLAN_PAGE)
    return {
        "plan": plan,
        "board": action_tracker.plan_dashboard(db.session, plan, today),
        "by_priority": action_tracker.by_priority(page.items),
        "page": page,
        "today": today,
        "can_manage": can_manage,
        "rags": RAGS,
        "url_endpoints": current_app.view_functions,
        "indicators": indicators.indicators_of(db.session, plan),
        "indicator_tools": indicators,
    }


@bp.route("/plans/<int:plan_id>/priorities", methods=["POST"])
def add_priority(plan_id: int):
    """Add a priority to the plan."""
    require("plans.manage")
    plan = db.get_or_404(ServicePlan, plan_id)
    form = PriorityForm()
    if form.validate_on_submit():
        done = create_once(
            form,
            "this plan",
            lambda: plans.add_priority(
                db.session,
                plan,
                title=form.title.data,
                focus=form.focus.data or "",
                impact_statement=form.impact_statement.data or "",
            ),
            lambda priority: url_for("plans.show", plan_id=plan.id) + "#priorities",
        )
        if done.created:
            flash(f"'{done.result.title}' added", "success")
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("plans.show", plan_id=plan.id) + "#priorities")


def _priority_choices(plan: ServicePlan) -> list[tuple]:
    return [("", "No priority")] + [(p.id, p.title) for p in plan.priorities]


def _add_action(plan: ServicePlan, form: ActionForm) -> Action:
    priority = db.session.get(PlanPriority, form.priority_id.data or 0)
    return plans.add_action(
        db.session,
        plan,
        priority,
        description=form.description.data,
        post_ids=form.post_ids.data or [],
        due_text=form.due_text.data or "",
        source_reference=form.source_reference.data or "",
        today=clocks.today(),
    )


@bp.route("/plans/<int:plan_id>/actions/new", methods=["GET", "POST"])
def new_action(plan_id: int):
    """Add an action to the plan."""
    require("plans.manage")
    plan = db.get_or_404(ServicePlan, plan_id)
    form = ActionForm()
    form.priority_id.choices = _priority_choices(plan)
    form.post_ids.choices = post_choices()
    if request.method == "GET":
        form.priority_id.data = int_arg("priority")
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this plan",
            lambda: _add_action(plan, form),
            lambda action: url_for("plans.show", plan_id=plan.id) + f"#action-{action.id}",
            lambda action: f"Action {action.reference} added",
        )
    ):
        return done
    return render_template("plans/action_form.html", form=form, plan=plan, action=None)


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
def edit_action(action_id: int):
    """Change an action's wording, owners, due or status."""
    require("plans.manage")
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    plan = db.session.get(ServicePlan, action.plan_id) if action.plan_id else None
    form = ActionForm(obj=action if request.method == "GET" else None)
    form.priority_id.choices = _priority_choices(plan) if plan else [("", "No priority")]
    form.post_ids.choices = post_choices()
    if request.method == "GET":
        form.post_ids.data = [p.id for p in action.owner_posts]
        form.due_text.data = action.due.label if action.due_kind != "none" else ""
    if form.validate_on_submit():
        ok, _ = save(form, "this action", lambda: _update_action(action, form))
        if ok:
            flash("Action saved", "success")
            return redirect(url_for("plans.action", action_id=action.id))
    return render_template("plans/action_form.html", form=form, plan=plan, action=action)


def _update_action(action: Action, form: ActionForm) -> None:
    """Save the action as the form says, through the plans service."""
    plans.update_action(
        db.session,
        action,
        description=form.description.data,
        post_ids=form.post_ids.data or [],
        due_text=form.due_text.data or "",
        status=form.status.data,
        source_reference=form.source_reference.data or "",
        user=current_user,
        now=clocks.now(),
        expected_version=form.expected_version(),
        due_reason=form.due_reason.data or "",
    )


def _filters() -> ActionFilters:
    args = request.args

    status = args.get("status") or None
    rag = args.get("rag") or None
    return ActionFilters(
        plan_id=int_arg("plan"),
        committee_id=int_arg("committee"),
        priority_id=int_arg("priority"),
        post_id=int_arg("post"),
        status=status if status in ACTION_STATUS_LABELS else None,
        rag=rag if rag in (*RAGS, "none") else None,
        overdue=args.get("overdue") == "1",
        due_from=parse_date(args.get("due_from")),  # typed by hand: a slip is ignored
        due_to=parse_date(args.get("due_to")),
        audience=permissions.audience(current_user),
    )


@bp.route("/actions")
@reader_page
def tracker():
    """Every action, filtered by plan, priority, owner, status, RAG, overdue and due dates."""
    require("plans.view")
    filters, today, number = _filters(), clocks.today(), page_arg()
    return remembered_page(
        "plans/tracker.html",
        "plans/_tracker_body.html",
        "action-tracker-page",
        (action_tracker.filter_parts(filters), today, number),
        lambda: _tracker_content(filters, today, number),
    )


def _tracker_content(filters: ActionFilters, today, number: int) -> dict:
    """The tracker's content: filters form, counts and one page of matching actions."""
    counts = action_tracker.rag_counts(db.session, filters, today)
    page = segmented_pages.paginate(
        db.session,
        action_tracker.tracker_segments(filters, today),
        counts["total"],
        page=number,
        per_page=PER_PAGE,
    )
    return {
        "page": page,
        "filters": filters,
        "counts": counts,
        "plans_list": list(db.session.scalars(select(ServicePlan).order_by(ServicePlan.title))),
        "posts": post_choices(),
        "statuses": ACTION_STATUS_LABELS,
        "rags": RAGS,
        "today": today,
    }


def _export(kind: str):
    from scrutiny.services.files import spreadsheets
    from scrutiny.services.plans import plan_export

    require("plans.view")
    today = clocks.today()
    queries = action_tracker.tracker_segments(_filters(), today)
    if kind == "csv":
        body = stream_with_context(plan_export.stream_actions_csv(db.session, queries, today))
        mimetype = spreadsheets.CSV_MIMETYPE
    else:
        rows = plan_export.rows_read_in_batches(db.session, queries, today)
        body, mimetype = plan_export.export_rows_xlsx(rows), spreadsheets.XLSX_MIMETYPE
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="actions-{today}.{kind}"'
    return response


@bp.route("/actions.csv")
def tracker_csv():
    """The filtered actions as CSV."""
    return _export("csv")


@bp.route("/actions.xlsx")
def tracker_xlsx():
    """The filtered actions as a spreadsheet."""
    return _export("xlsx")


@bp.route("/my-actions")
@reader_page
def my_actions():
    """The open actions of the posts the signed-in user holds today, overdue first."""
    require("dashboard.view")
    today, number, user = clocks.today(), page_arg(), current_user._get_current_object()
    return remembered_page(
        "plans/my_actions.html",
        "plans/_my_actions_body.html",
        "my-actions-page",
        (user.id, today, number),
        lambda: {"page": _my_actions_page(user, today, number), "today": today},
    )


def _my_actions_page(user, today, number: int):
    return segmented_pages.paginate(
        db.session,
        action_tracker.my_actions_segments(user, today),
        action_tracker.my_actions_count(db.session, user, today),
        page=number,
        per_page=PER_PAGE,
        load=action_tracker.ACTION_ROW_LOAD,
    )


@bp.route("/plans/<int:plan_id>/indicators", methods=["GET", "POST"])
def add_indicator(plan_id: int):
    """Add a key performance indicator to the plan."""
    require("plans.manage")
    plan = db.get_or_404(ServicePlan, plan_id)
    form = IndicatorForm()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this plan",
            lambda: indicators.add_indicator(
                db.session,
                plan,
                name=form.name.data,
                unit=form.unit.data or "",
                higher_is_better=form.higher_is_better.data != "no",
                target=form.target.data,
                current_value=form.current_value.data,
                measured_on=form.measured_on.data,
            ),
            lambda indicator: url_for("plans.show", plan_id=plan.id) + "#indicators",
            lambda indicator: f"'{indicator.name}' added",
        )
    ):
        return done
    return render_template("plans/indicator_form.html", form=form, plan=plan, indicator=None)


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
def indicator_value(indicator_id: int):
    """Record this period's value of an indicator."""
    require("plans.manage")
    indicator = db.session.get(PlanIndicator, indicator_id)
    if indicator is None:
        abort(404)
    plan = db.get_or_404(ServicePlan, indicator.plan_id)
    form = IndicatorValueForm()
    if request.method == "GET":
        form.version.data = indicator.version
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this indicator",
            lambda: indicators.record_value(
                indicator,
                form.value.data,
                measured_on=form.measured_on.data,
                expected_version=form.expected_version(),
            ),
        )
        if ok:
            flash(f"New value recorded for '{indicator.name}'", "success")
            return redirect(url_for("plans.show", plan_id=plan.id) + "#indicators")
    return render_template("plans/indicator_form.html", form=form, plan=plan, indicator=indicator)
