"""Highlight report and executive summary views: lists, new drafts for a period, the report page
with the draft's words edited in place and issued from there, and the PDF.

Drafts are working documents: only those who manage plans see them. Issued reports are read by
every signed-in user, always from the snapshot taken when they were issued.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovSubmitInput, GovTextArea
from sqlalchemy import select
from wtforms import SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import Optional

from scrutiny.blueprints.common import save
from scrutiny.blueprints.fields import GovDateField
from scrutiny.blueprints.forms_base import Form, VersionedForm
from scrutiny.blueprints.idempotency import OnceForm, create_and_redirect
from scrutiny.blueprints.params import strict_int
from scrutiny.blueprints.plans import bp
from scrutiny.extensions import db
from scrutiny.models.people import User
from scrutiny.models.plans import PlanReport, ServicePlan
from scrutiny.permissions import can, require
from scrutiny.services.core import clocks
from scrutiny.services.core.clocks import now
from scrutiny.services.files import pdfs
from scrutiny.services.plans import plan_report_data, plan_reports
from scrutiny.services.plans.plan_report_data import HIGHLIGHT, SUMMARY
from scrutiny.services.plans.plan_reports import ISSUED


class PeriodForm(OnceForm, Form):
    """The period a new report covers."""

    period_start = GovDateField("Start of the period", validators=[Optional()])
    period_end = GovDateField("End of the period", validators=[Optional()])
    submit = SubmitField("Create draft report", widget=GovSubmitInput())


class SummaryPeriodForm(PeriodForm):
    """The period and the plans an executive summary covers."""

    plan_ids = SelectMultipleField(
        "Plans to include",
        coerce=strict_int,
        widget=GovCheckboxesInput(),
        validate_choice=False,
        validators=[Optional()],
    )


def _narrative_field(label: str) -> TextAreaField:
    return TextAreaField(label, widget=GovTextArea(), validators=[Optional()])


class HighlightNarrativeForm(VersionedForm):
    """The officer's words in a highlight report."""

    reason = _narrative_field("Reason for current status")
    risks = _narrative_field("Most significant current risks")
    variances = _narrative_field("Variances")
    decisions_required = _narrative_field("Decisions required")
    save_draft = SubmitField("Save draft", widget=GovSubmitInput())
    issue = SubmitField("Issue report", widget=GovSubmitInput())


class SummaryNarrativeForm(VersionedForm):
    """The officer's words in an executive summary; a reason field per plan is added."""

    overview = _narrative_field("Overall")
    emerging_work = _narrative_field("Emerging work for next period")
    decisions_required = _narrative_field("Decisions required")
    save_draft = SubmitField("Save draft", widget=GovSubmitInput())
    issue = SubmitField("Issue report", widget=GovSubmitInput())


def _report(report_id: int) -> PlanReport:
    """The report, if the user may read it: issued ones for all, drafts for plan managers."""
    require("plans.view")
    report = db.session.get(PlanReport, report_id)
    if report is None:
        abort(404)
    if report.state != ISSUED:
        require("plans.manage")
    return report


def _visible(query):
    if can(current_user, "plans.manage"):
        return query
    return query.where(PlanReport.state == ISSUED)


@bp.route("/plans/<int:plan_id>/reports")
def reports(plan_id: int):
    """A plan's highlight reports, latest period first."""
    require("plans.view")
    plan = db.get_or_404(ServicePlan, plan_id)
    rows = db.session.scalars(
        _visible(select(PlanReport))
        .where(PlanReport.kind == HIGHLIGHT, PlanReport.plan_id == plan.id)
        .order_by(PlanReport.period_end.desc(), PlanReport.id.desc())
    )
    return render_template(
        "plans/reports.html",
        plan=plan,
        rows=list(rows),
        can_manage=can(current_user, "plans.manage"),
    )


@bp.route("/plans/summaries")
def summaries():
    """Executive summaries across plans, latest period first."""
    require("plans.view")
    rows = db.session.scalars(
        _visible(select(PlanReport))
        .where(PlanReport.kind == SUMMARY)
        .order_by(PlanReport.period_end.desc(), PlanReport.id.desc())
    )
    return render_template(
        "plans/reports.html",
        plan=None,
        rows=list(rows),
        can_manage=can(current_user, "plans.manage"),
    )


def _default_period(form: PeriodForm) -> plan_report_data.Period:
    period = plan_report_data.last_full_quarter(clocks.today())
    if request.method == "GET":
        form.period_start.data, form.period_end.data = period.start, period.end
    return period


def _create_report(form: PeriodForm, create, covering, message: str):
    """Create a draft with `create` (plan_reports.create_highlight or create_summary) for the
    form's period, once; the redirect to it, or None to show the form again."""
    return create_and_redirect(
        form,
        "this report",
        lambda: create(
            db.session, covering, form.period_start.data, form.period_end.data, current_user, now()
        ),
        lambda report: url_for("plans.report", report_id=report.id),
        message,
    )


@bp.route("/plans/<int:plan_id>/reports/new", methods=["GET", "POST"])
def new_report(plan_id: int):
    """Start a draft highlight report for the plan and a period (the last full quarter by
    default)."""
    require("plans.manage")
    plan = db.get_or_404(ServicePlan, plan_id)
    form = PeriodForm()
    _default_period(form)
    if form.validate_on_submit() and (
        done := _create_report(
            form,
            plan_reports.create_highlight,
            plan,
            "Draft highlight report created: check the words, then issue it",
        )
    ):
        return done
    return render_template("plans/report_form.html", form=form, plan=plan)


def _offer_plans(form: SummaryPeriodForm, period: plan_report_data.Period) -> list[ServicePlan]:
    """Every plan as a choice, those running in the period ticked on GET; returns the plans."""
    all_plans = list(db.session.scalars(select(ServicePlan).order_by(ServicePlan.title)))
    form.plan_ids.choices = [(p.id, p.title) for p in all_plans]
    if request.method == "GET":
        form.plan_ids.data = [
            p.id for p in all_plans if p.starts_on <= period.end and p.ends_on >= period.start
        ]
    return all_plans


@bp.route("/plans/summary/new", methods=["GET", "POST"])
def new_summary():
    """Start a draft executive summary across plans for a period."""
    require("plans.manage")
    form = SummaryPeriodForm()
    all_plans = _offer_plans(form, _default_period(form))
    if form.validate_on_submit() and (
        done := _create_report(
            form,
            plan_reports.create_summary,
            [p for p in all_plans if p.id in set(form.plan_ids.data or [])],
            "Draft executive summary created: check the words, then issue it",
        )
    ):
        return done
    return render_template("plans/report_form.html", form=form, plan=None)


def _narrative_form(report: PlanReport, data: dict) -> VersionedForm:
    """The draft's edit form, filled from the narrative on GET."""
    if report.kind == HIGHLIGHT:
        form_class = HighlightNarrativeForm
    else:
        form_class = type("SummaryNarrativeFormWithPlans", (SummaryNarrativeForm,), {})
        for row in data["plans"]:
            setattr(
                form_class,
                f"reason_{row['plan_id']}",
                _narrative_field(f"Reason for current status: {row['title']}"),
            )
    form = form_class()
    if request.method == "GET":
        form.version.data = str(report.version)
        narrative = report.narrative or {}
        for name in plan_reports.fields_of(report):
            form[name].data = narrative.get(name, "")
        for key, text in narrative.get("reasons", {}).items():
            if f"reason_{key}" in form:
                form[f"reason_{key}"].data = text
    return form


def _narrative_values(report: PlanReport, form: VersionedForm) -> dict:
    fields = {name: form[name].data or "" for name in plan_reports.fields_of(report)}
    if report.kind == SUMMARY:
        fields["reasons"] = {
            key: form[f"reason_{key}"].data or ""
            for key in (report.narrative or {}).get("reasons", {})
            if f"reason_{key}" in form
        }
    return fields


def _page(report: PlanReport, data: dict, form=None):
    editable = report.state != ISSUED and can(current_user, "plans.manage")
    plan = db.session.get(ServicePlan, report.plan_id) if report.plan_id else None
    return render_template(
        "plans/report.html",
        report=report,
        data=data,
        narrative=report.narrative or {},
        plan=plan,
        form=form if editable else None,
        editable=editable,
        issued_by=db.session.get(User, report.issued_by_id) if report.issued_by_id else None,
        trend_labels=plan_report_data.TREND_LABELS,
    )


def _save_narrative(report: PlanReport, form: VersionedForm):
    """Save the draft's words (and issue it if asked); the redirect, or None on an error."""
    issuing = bool(form.issue.data)

    def change() -> None:
        plan_reports.update_narrative(
            report, _narrative_values(report, form), form.expected_version()
        )
        if issuing:
            plan_reports.issue(db.session, report, current_user, now())

    ok, _ = save(form, "this report", change)
    if not ok:
        db.session.refresh(report)
        return None
    flash("Report issued" if issuing else "Draft saved", "success")
    return redirect(url_for("plans.report", report_id=report.id))


@bp.route("/reports/<int:report_id>", methods=["GET", "POST"])
def report(report_id: int):
    """The report in the layout of seed 001 (highlight) or 000 (summary); a draft's words are
    edited here by those who manage plans."""
    report = _report(report_id)
    data = plan_reports.report_data(db.session, report, clocks.today())
    if request.method == "POST":
        require("plans.manage")
    form = _narrative_form(report, data) if report.state != ISSUED else None
    if request.method == "POST":
        if form is None:
            flash("Issued reports cannot be changed", "error")
            return redirect(url_for("plans.report", report_id=report.id))
        if form.validate_on_submit() and (done := _save_narrative(report, form)):
            return done
    return _page(report, data, form)


def _filename(report: PlanReport, data: dict) -> str:
    if report.kind == HIGHLIGHT:
        stem = f"highlight-report-plan-{report.plan_id}"
    else:
        stem = "executive-summary"
    draft = "-draft" if report.state != ISSUED else ""
    return f"{stem}-{report.period_start}-to-{report.period_end}{draft}.pdf"


@bp.route("/reports/<int:report_id>.pdf")
def report_pdf(report_id: int):
    """The report as a PDF (a draft's marked as such)."""
    report = _report(report_id)
    data = plan_reports.report_data(db.session, report, clocks.today())
    html = render_template(
        "plans/report_document.html",
        report=report,
        data=data,
        narrative=report.narrative or {},
        issued_by=db.session.get(User, report.issued_by_id) if report.issued_by_id else None,
        trend_labels=plan_report_data.TREND_LABELS,
    )
    response = current_app.response_class(pdfs.html_to_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{_filename(report, data)}"'
    return response
