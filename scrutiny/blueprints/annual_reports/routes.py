"""Annual report views: the list, a new draft, the report page (words edited and issued there),
the PDF and Word versions, a new draft from today's records, and putting it on an agenda.

Drafts are working documents for officers; issued reports are public, always read from the
snapshot taken when they were issued, and built for the public (no exempt content).
"""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextArea
from sqlalchemy import select
from wtforms import SelectField, TextAreaField
from wtforms.validators import Optional

from scrutiny.blueprints.annual_reports import bp
from scrutiny.blueprints.annual_reports.forms import AgendaForm, NarrativeForm, NewReportForm
from scrutiny.blueprints.common import save, save_or_flash
from scrutiny.blueprints.idempotency import create_once
from scrutiny.blueprints.params import parse_int
from scrutiny.extensions import db
from scrutiny.models.annual_reports import AnnualReport
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.permissions import can, require
from scrutiny.services.core import clocks
from scrutiny.services.files import pdfs
from scrutiny.services.meetings.meetings import municipal_year_label, municipal_year_start
from scrutiny.services.reports import annual_report, annual_report_data
from scrutiny.services.reports.annual_report import ISSUED, TEXT_FIELDS
from scrutiny.services.reports.annual_report_docx import annual_report_docx
from scrutiny.services.reports.annual_report_outline import outline

#: Case studies one report may hold.
MAX_CASE_STUDIES = 12
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
    rows = list(db.session.scalars(query))
    return render_template(
        "annual_reports/index.html",
        rows=rows,
        can_manage=manage,
        title_of=annual_report.title_of,
    )


def _panels() -> list[Committee]:
    return annual_report_data.scrutiny_committees(db.session)


@bp.route("/annual-reports/new", methods=["GET", "POST"])
def new():
    """Start a draft for a committee (or all scrutiny committees) and a municipal year."""
    require("annual_reports.manage")
    form = NewReportForm()
    panels = _panels()
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
    if form.validate_on_submit():
        committee = next((c for c in panels if c.slug == form.committee.data), None)
        year = form.year_number() or current.year
        done = create_once(
            form,
            "this report",
            lambda: annual_report.create(
                db.session,
                committee,
                date(year, 5, 1),
                form.cut_off.data,
                current_user,
                clocks.now(),
            ),
            lambda report: url_for("annual_reports.show", report_id=report.id),
        )
        if done.created:
            flash("Draft annual report created: add the words, then issue it", "success")
        if done.url:
            return redirect(done.url)
    return render_template("annual_reports/new.html", form=form)


def _narrative_form(report: AnnualReport, data: dict) -> NarrativeForm:
    """The draft's form with a (recommendation, words) pair per case study and one spare."""
    narrative = report.narrative or {}
    studies = narrative.get("case_studies", [])
    slots = min(len(studies) + 1, MAX_CASE_STUDIES)
    choices = [("", "Choose a recommendation")] + [
        (str(r["id"]), f"{r['reference']} {r['text'][:90]}".strip())
        for block in data["committees"]
        for r in block["recommendations"]["list"]
    ]
    form_class = type("NarrativeFormWithStudies", (NarrativeForm,), {})
    for i in range(slots):
        setattr(
            form_class,
            f"case_rec_{i}",
            SelectField(
                f"Case study {i + 1}: recommendation",
                choices=choices,
                widget=GovSelect(),
                validators=[Optional()],
            ),
        )
        setattr(
            form_class,
            f"case_text_{i}",
            TextAreaField(
                f"Case study {i + 1}: what difference it made",
                widget=GovTextArea(),
                validators=[Optional()],
            ),
        )
    form = form_class()
    form.slots = slots
    if request.method == "GET":
        form.version.data = str(report.version)
        form.cut_off.data = report.cut_off
        for name in TEXT_FIELDS:
            form[name].data = narrative.get(name, "")
        for i, study in enumerate(studies[:slots]):
            form[f"case_rec_{i}"].data = str(study["recommendation_id"])
            form[f"case_text_{i}"].data = study["text"]
    return form


def _studies(form) -> list[tuple[int, str]]:
    pairs = []
    for i in range(form.slots):
        rec_id = parse_int(form[f"case_rec_{i}"].data, minimum=1)
        if rec_id:
            pairs.append((rec_id, form[f"case_text_{i}"].data or ""))
    return pairs


def _front(report: AnnualReport) -> list[tuple[str, str]]:
    narrative = report.narrative or {}
    return [
        (TEXT_FIELDS[name], narrative.get(name, ""))
        for name in ("member", "lead_officer", "authors", "contacts")
    ]


def _agenda_form() -> AgendaForm:
    form = AgendaForm()
    meetings = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.starts_at >= clocks.now(),
            Meeting.status.in_([MeetingStatus.DRAFT, MeetingStatus.SCHEDULED]),
        )
        .order_by(Meeting.starts_at)
        .limit(50)
    )
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
        if form.validate_on_submit():
            issuing = bool(form.issue.data)

            def change() -> None:
                annual_report.update_narrative(
                    report,
                    {name: form[name].data or "" for name in TEXT_FIELDS},
                    _studies(form),
                    form.expected_version(),
                    cut_off=form.cut_off.data,
                )
                if issuing:
                    annual_report.issue(db.session, report, current_user, clocks.now())

            ok, _ = save(form, "this report", change)
            if ok:
                flash(
                    "Report issued: its figures are now fixed" if issuing else "Draft saved",
                    "success",
                )
                return redirect(url_for("annual_reports.show", report_id=report.id))
            db.session.refresh(report)
    changes = None
    if report.state == ISSUED and manage:
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
        agenda_form=_agenda_form() if report.state == ISSUED and manage else None,
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
