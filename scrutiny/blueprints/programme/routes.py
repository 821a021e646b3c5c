"""Work programme views: the programme page, PDF, DOCX and XLSX, proposals, rows, moves, pulling
reports, attaching the programme to an agenda."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from scrutiny import permissions
from scrutiny.blueprints.common import commit_or_conflict, committee_or_404, save, save_or_flash
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.blueprints.meetings.forms import MoveForm
from scrutiny.blueprints.params import int_arg
from scrutiny.blueprints.programme import bp
from scrutiny.blueprints.programme.forms import ProposalForm, RowForm
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, MeetingStatus
from scrutiny.models.programme import ProgrammeItem
from scrutiny.permissions import can, require
from scrutiny.services.core import clocks, exemption
from scrutiny.services.core.clocks import now, to_local
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import spreadsheets
from scrutiny.services.meetings import meetings
from scrutiny.services.programme import programme_attach, programme_export, work_programme


def _committee(slug: str) -> Committee:
    return committee_or_404(slug)


def _year_start() -> date:
    """The municipal year asked for (?year=2022 is 2022/23), else the current one."""
    current = meetings.municipal_year_start(clocks.today())
    asked = int_arg("year", maximum=9999)
    if asked is None or not 2000 <= asked <= current.year + 1:
        return current
    return date(asked, 5, 1)


def _programme(committee: Committee, audience: exemption.Audience | None = None):
    """The programme as the current user may read it, or for `audience` (a printed copy)."""
    return work_programme.programme_for(
        db.session,
        committee,
        _year_start(),
        audience=audience or permissions.audience(current_user),
    )


@bp.route("/committees/<slug>/work-programme")
def show(slug: str):
    """The committee's work programme for this municipal year, all six sections."""
    committee = _committee(slug)
    require("programme.view", committee)
    return render_template(
        "programme/show.html",
        committee=committee,
        programme=_programme(committee),
        can_manage=can(current_user, "programme.manage", committee),
        year=_year(),
        year_start=_year_start(),
        current_year_start=meetings.municipal_year_start(clocks.today()),
    )


def _year() -> str:
    return meetings.municipal_year_label(_year_start())


def _download(committee: Committee, render, extension: str, mimetype: str, disposition: str):
    """The programme rendered by `render(programme, year)` as a file response. Files are
    printed and passed on, so they always hold the public programme (no exempt content)."""
    year = _year()
    programme = _programme(committee, exemption.PUBLIC)
    response = current_app.response_class(render(programme, year), mimetype=mimetype)
    filename = programme_export.export_filename(committee, year, extension)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@bp.route("/committees/<slug>/work-programme.pdf")
def pdf(slug: str):
    """The programme as a PDF to attach to the "Panel's Work Plan" agenda item."""
    committee = _committee(slug)
    require("programme.view", committee)
    return _download(
        committee, programme_export.programme_pdf, "pdf", programme_export.PDF_MIMETYPE, "inline"
    )


@bp.route("/committees/<slug>/work-programme.docx")
def docx(slug: str):
    """The programme as a Word document, one table per section."""
    committee = _committee(slug)
    require("programme.view", committee)
    return _download(
        committee,
        programme_export.programme_docx,
        "docx",
        programme_export.DOCX_MIMETYPE,
        "attachment",
    )


@bp.route("/committees/<slug>/work-programme.xlsx")
def xlsx(slug: str):
    """The programme as a spreadsheet, one worksheet per section."""
    committee = _committee(slug)
    require("programme.view", committee)
    return _download(
        committee,
        programme_export.programme_xlsx,
        "xlsx",
        spreadsheets.XLSX_MIMETYPE,
        "attachment",
    )


@bp.route("/committees/<slug>/work-programme/propose", methods=["GET", "POST"])
def propose(slug: str):
    """A councillor proposes a topic for the panel to agree and prioritise."""
    committee = _committee(slug)
    require("programme.propose", committee)
    form = ProposalForm()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: work_programme.propose(
                db.session,
                committee,
                topic=form.topic.data,
                reason=form.reason.data,
                method=form.method.data or "",
                user_id=current_user.id,
                now=now(),
            ),
            lambda _: url_for("programme.show", slug=committee.slug),
            "Your proposal has been added to section 2 for the panel to agree",
        )
    ):
        return done
    return render_template("programme/propose.html", form=form, committee=committee)


def _meeting_choices(committee: Committee) -> list[tuple]:
    rows = db.session.scalars(
        select(Meeting)
        .where(
            Meeting.committee_id == committee.id,
            Meeting.starts_at > now(),
            Meeting.status.in_(
                [MeetingStatus.DRAFT, MeetingStatus.SCHEDULED, MeetingStatus.PUBLISHED]
            ),
        )
        .order_by(Meeting.starts_at)
    )
    return [("", "Not planned")] + [(m.id, f"{to_local(m.starts_at):%d %B %Y}") for m in rows]


@bp.route("/committees/<slug>/work-programme/new", methods=["GET", "POST"])
def new_row(slug: str):
    """Add a row to any section."""
    committee = _committee(slug)
    require("programme.manage", committee)
    form = RowForm()
    form.planned_meeting_id.choices = _meeting_choices(committee)
    if request.method == "GET":
        form.section.data = request.args.get("section", "agenda_report")
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: work_programme.add_row(
                db.session, committee, section=form.section.data, now=now(), **form.values()
            ),
            lambda _: url_for("programme.show", slug=committee.slug),
            f"'{form.topic.data}' added",
        )
    ):
        return done
    return render_template("programme/row_form.html", form=form, committee=committee, row=None)


def _row(row_id: int) -> ProgrammeItem:
    row = db.session.get(ProgrammeItem, row_id)
    if row is None:
        abort(404)
    require("programme.manage", row.committee)
    return row


def _row_form(row: ProgrammeItem) -> RowForm:
    """The row's edit form, offering the committee's coming meetings and the one it was planned
    for (even if that one is past)."""
    form = RowForm(obj=row if request.method == "GET" else None)
    choices = _meeting_choices(row.committee)
    if row.planned_meeting_id and row.planned_meeting_id not in dict(choices):
        choices.append((row.planned_meeting_id, "The meeting it was planned for"))
    form.planned_meeting_id.choices = choices
    return form


@bp.route("/work-programme/<int:row_id>/edit", methods=["GET", "POST"])
def edit_row(row_id: int):
    """Change a row: wording, progress, agreement date, planned meeting."""
    row = _row(row_id)
    form = _row_form(row)
    if form.validate_on_submit():
        values = form.values()
        ok, _ = save(
            form,
            "this work programme row",
            lambda: work_programme.update_row(
                row,
                expected_version=form.expected_version(),
                now=now(),
                session=db.session,
                **values,
            ),
        )
        if ok:
            flash("Saved", "success")
            return redirect(url_for("programme.show", slug=row.committee.slug))
    return render_template("programme/row_form.html", form=form, committee=row.committee, row=row)


@bp.route("/work-programme/<int:row_id>/move", methods=["POST"])
def move_row(row_id: int):
    """Move a row to another section, or up and down its own."""
    row = _row(row_id)
    form = MoveForm()
    if form.validate_on_submit():
        target = request.form.get("section", "")
        try:
            if form.direction.data in {"up", "down"}:
                work_programme.reorder(db.session, row, form.direction.data)
                warning = None
            else:
                warning = work_programme.move_to(
                    db.session, row, target, expected_version=form.expected_version()
                )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            if commit_or_conflict(form, "this work programme row"):
                flash(warning or "Work programme updated", "error" if warning else "success")
            else:
                flash(form.form_errors[-1], "error")
    return redirect(url_for("programme.show", slug=row.committee.slug) + f"#row-{row.id}")


@bp.route("/meetings/<int:meeting_id>/pull-planned-reports", methods=["POST"])
def pull(meeting_id: int):
    """Add the reports planned for this meeting in the work programme to its agenda."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    require("meetings.manage", meeting)
    form = MoveForm()
    if form.validate_on_submit():
        ok, count = save_or_flash(
            form,
            "this agenda",
            lambda: work_programme.pull_into_agenda(
                db.session, meeting, now=now(), expected_version=form.expected_version()
            ),
        )
        if ok:
            flash(
                f"{count} planned report{'s' if count != 1 else ''} added to the agenda",
                "success",
            )
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")


@bp.app_template_global()
def work_programme_item(meeting: Meeting):
    """The meeting's agenda item the work programme is attached to (None if it has none)."""
    return programme_attach.work_programme_item(meeting.items)


def _attach(meeting: Meeting, year: str):
    """Attach the committee's public work programme for `year` to the meeting's agenda."""
    pdf = programme_export.programme_pdf(_programme(meeting.committee, exemption.PUBLIC), year)
    return programme_attach.attach_to_agenda(
        db.session, meeting, pdf, user=current_user, now=now(), year_label=year
    )


@bp.route("/meetings/<int:meeting_id>/attach-work-programme", methods=["POST"])
def attach(meeting_id: int):
    """Attach the current work programme (PDF) to the meeting's "Panel's Work Plan" item."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    require("programme.manage", meeting.committee)
    form = MoveForm()
    if form.validate_on_submit():
        year = _year()
        ok, document = save_or_flash(form, "this agenda", lambda: _attach(meeting, year))
        if ok:
            flash(f"The current work programme is attached to '{document.item.title}'", "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")
