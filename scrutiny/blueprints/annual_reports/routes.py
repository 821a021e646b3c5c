"""Annual report views: the list, a new draft, the report page (words edited and issued there),
the PDF and Word versions, a new draft from today's records, and putting it on an agenda.

Drafts are working documents for officers; issued reports are public, always read from the
snapshot taken when they were issued, and built for the public (no exempt content).
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from scrutiny.blueprints.annual_reports import bp
from scrutiny.blueprints.annual_reports.forms import AgendaForm, NarrativeForm, NewReportForm
from scrutiny.blueprints.common import paginate, save, save_or_flash
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.extensions import db
from scrutiny.models.annual_reports import AnnualReport
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting
from scrutiny.permissions import can, require
from scrutiny.services.core import clocks
from scrutiny.services.files import pdfs
from scrutiny.services.meetings.meetings import (
    municipal_year_label,
    municipal_year_start,
    open_agenda_meetings,
)
from scrutiny.services.reports import annual_report, annual_report_data
from scrutiny.services.reports.annual_report import ISSUED, TEXT_FIELDS
from scrutiny.services.reports.annual_report_docx import annual_report_docx
from scrutiny.services.reports.annual_report_outline import outline

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(report_id: int) -> AnnualReport:
    """The report, if the user may read it: issued ones for all, drafts for officers."""
    require("annual_reports.view")
    report = db.session.get(AnnualReport, report_id)
    if report is None:
        abort(404)
    if report.state != ISSUED:
        require("annual_reports.manage")
    return report


@bp.route("/annual-reports")
def index():
    """Annual reports, newest year first (drafts only for officers)."""
    require("annual_reports.view")
    query = select(AnnualReport).order_by(AnnualReport.year_start.desc(), AnnualReport.id.desc())
    manage = can(current_user, "annual_reports.manage")
    if not manage:
        query = query.where(AnnualReport.state == ISSUED)
    page = paginate(query)
    return render_template(
        "annual_reports/index.html",
        page=page,
        rows=page.items,
        can_manage=manage,
        title_of=annual_report.title_of,
    )


def _panels() -> list[Committee]:
    return annual_report_data.scrutiny_committees(db.session)


def _new_report_form(panels: list[Committee]) -> NewReportForm:
    """Committees and the last six municipal years to choose from; on a GET, the year just
    ended (until August, then the current one) with its end or today as the cut-off."""
    form = NewReportForm()
    form.committee.choices = [("", "All scrutiny committees together")] + [
        (c.slug, c.name) for c in panels
    ]
    current = municipal_year_start(clocks.today())
    years = [date(current.year - n, 5, 1) for n in range(0, 6)]
    form.year.choices = [(str(y.year), municipal_year_label(y)) for y in years]
    if request.method == "GET":
        last = date(current.year - 1, 5, 1) if clocks.today().month < 8 else current
        form.year.data = str(last.year)
        form.cut_off.data = min(clocks.today(), date(last.year + 1, 4, 30))
    return form


def _create_report(form: NewReportForm, panels: list[Committee]) -> AnnualReport:
    """A draft for the chosen committee (None: all of them) and municipal year."""
    committee = next((c for c in panels if c.slug == form.committee.data), None)
    year = form.year_number() or municipal_year_start(clocks.today()).year
    return annual_report.create(
        db.session, committee, date(year, 5, 1), form.cut_off.data, current_user, clocks.now()
    )


@bp.route("/annual-reports/new", methods=["GET", "POST"])
def new():
    """Start a draft for a committee (or all scrutiny committees) and a municipal year."""
    require("annual_reports.manage")
    panels = _panels()
    form = _new_report_form(panels)
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this report",
            lambda: _create_report(form, panels),
            lambda report: url_for("annual_reports.show", report_id=report.id),
            "Draft annual report created: add the words, then issue it",
        )
    ):
        return done
    return render_template("annual_reports/new.html", form=form)


def _narrative_form(report: AnnualReport, data: dict) -> NarrativeForm:
    """The draft's form with a (recommendation, words) pair per case study and one spare."""
    narrative = report.narrative or {}
    choices = [("", "Choose a recommendation")] + [
        (str(r["id"]), f"{r['reference']} {r['text'][:90]}".strip())
        for block in data["committees"]
        for r in block["recommendations"]["list"]
    ]
    form = NarrativeForm()
    form.show_case_studies(narrative.get("case_studies", []), choices, fill=request.method == "GET")
    if request.method == "GET":
        form.version.data = str(report.version)
        form.cut_off.data = report.cut_off
        for name in TEXT_FIELDS:
            form[name].data = narrative.get(name, "")
    return form


def _front(report: AnnualReport) -> list[tuple[str, str]]:
    narrative = report.narrative or {}
    return [
        (TEXT_FIELDS[name], narrative.get(name, ""))
        for name in ("member", "lead_officer", "authors", "contacts")
    ]


def _agenda_form() -> AgendaForm:
    form = AgendaForm()
    meetings = open_agenda_meetings(db.session, clocks.now(), limit=50)
    form.meeting.choices = [("", "Choose a meeting")] + [
        (str(m.id), f"{m.committee.name}, {clocks.format_day(clocks.to_local(m.starts_at).date())}")
        for m in meetings
    ]
    return form


@bp.route("/annual-reports/<int:report_id>", methods=["GET", "POST"])
def show(report_id: int):
    """The report with numbered sections; a draft's words are edited and issued here."""
    report = _report(report_id)
    data = annual_report.report_data(db.session, report)
    manage = can(current_user, "annual_reports.manage")
    form = _narrative_form(report, data) if report.state != ISSUED and manage else None
    if request.method == "POST":
        require("annual_reports.manage")
        if form is None:
            flash("Issued reports cannot be changed", "error")
            return redirect(url_for("annual_reports.show", report_id=report.id))
        if form.validate_on_submit() and _save_narrative(report, form):
            return redirect(url_for("annual_reports.show", report_id=report.id))
    return _show_page(report, data, form, manage)


def _save_narrative(report: AnnualReport, form: NarrativeForm) -> bool:
    """Save the draft's words (and issue it if asked); flash what happened, or leave the
    problem on the form and reload the report. True when saved."""
    issuing = bool(form.issue.data)

    def change() -> None:
        annual_report.update_narrative(
            report,
            {name: form[name].data or "" for name in TEXT_FIELDS},
            form.case_studies(),
            form.expected_version(),
            cut_off=form.cut_off.data,
        )
        if issuing:
            annual_report.issue(db.session, report, current_user, clocks.now())

    ok, _ = save(form, "this report", change)
    if ok:
        flash("Report issued: its figures are now fixed" if issuing else "Draft saved", "success")
    else:
        db.session.refresh(report)
    return ok


def _show_page(report: AnnualReport, data: dict, form: NarrativeForm | None, manage: bool):
    """The report page; for an issued report, officers also see what has changed since and
    can put it on an agenda."""
    issued_for_officer = report.state == ISSUED and manage
    changes = None
    if issued_for_officer:
        live = annual_report.live_data(db.session, report, clocks.today())
        changes = annual_report_data.differences(data, live)
    return render_template(
        "annual_reports/show.html",
        report=report,
        title=annual_report.title_of(report),
        data=data,
        front=_front(report),
        sections=outline(data, report.narrative or {}),
        form=form,
        changes=changes,
        agenda_form=_agenda_form() if issued_for_officer else None,
        can_manage=manage,
    )


def _document_html(report: AnnualReport) -> str:
    data = annual_report.report_data(db.session, report)
    return render_template(
        "annual_reports/document.html",
        report=report,
        title=annual_report.title_of(report),
        data=data,
        front=_front(report),
        sections=outline(data, report.narrative or {}),
    )


def _download(body: bytes, mimetype: str, name: str, disposition: str = "attachment"):
    response = current_app.response_class(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@bp.route("/annual-reports/<int:report_id>.pdf")
def pdf(report_id: int):
    """The report as a PDF (a draft's marked as such)."""
    report = _report(report_id)
    body = pdfs.html_to_pdf(_document_html(report))
    return _download(body, "application/pdf", annual_report.filename(report, "pdf"), "inline")


@bp.route("/annual-reports/<int:report_id>.docx")
def docx(report_id: int):
    """The report as a Word document officers can edit."""
    report = _report(report_id)
    data = annual_report.report_data(db.session, report)
    body = annual_report_docx(
        annual_report.title_of(report), _front(report), outline(data, report.narrative or {})
    )
    return _download(body, DOCX_TYPE, annual_report.filename(report, "docx"))


@bp.route("/annual-reports/<int:report_id>/redraft", methods=["POST"])
def redraft(report_id: int):
    """A new draft of an issued report from today's records, keeping its words."""
    require("annual_reports.manage")
    report = _report(report_id)
    ok, fresh = save_or_flash(
        NarrativeForm(),
        "this report",
        lambda: annual_report.redraft(
            db.session, report, current_user, clocks.today(), clocks.now()
        ),
    )
    if ok:
        flash("New draft made from today's records", "success")
        return redirect(url_for("annual_reports.show", report_id=fresh.id))
    return redirect(url_for("annual_reports.show", report_id=report.id))


@bp.route("/annual-reports/<int:report_id>/agenda", methods=["POST"])
def put_on_agenda(report_id: int):
    """Put the issued report on a meeting's agenda as a report item with its PDF."""
    require("annual_reports.manage")
    require("meetings.manage")
    report = _report(report_id)
    form = _agenda_form()
    meeting = None
    if form.validate_on_submit() and form.meeting_id():
        meeting = db.session.get(Meeting, form.meeting_id())
    if meeting is None:
        flash("Choose a meeting", "error")
        return redirect(url_for("annual_reports.show", report_id=report.id))
    pdf_bytes = pdfs.html_to_pdf(_document_html(report))
    ok, _ = save_or_flash(
        form,
        "the agenda",
        lambda: annual_report.put_on_agenda(
            db.session, report, meeting, pdf_bytes, user=current_user, now=clocks.now()
        ),
    )
    if ok:
        flash("The annual report is on the agenda with its PDF", "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return redirect(url_for("annual_reports.show", report_id=report.id))
