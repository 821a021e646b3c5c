"""The officers' side: creating and changing meetings, building and publishing agendas."""

from __future__ import annotations

from typing import TypeVar

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from scrutiny.blueprints.choices import people_with_email_choices
from scrutiny.blueprints.common import commit_or_conflict, committee_or_404, save, save_or_flash
from scrutiny.blueprints.idempotency import create_and_redirect, create_once
from scrutiny.blueprints.meetings import bp
from scrutiny.blueprints.meetings.forms import (
    CancelForm,
    DocumentForm,
    ItemForm,
    MeetingForm,
    MoveForm,
    NewDocumentForm,
    NewItemForm,
    NewMeetingForm,
    PublishForm,
    SeriesForm,
    StatusForm,
    parse_time,
)
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting, MeetingStatus, ReportDocument
from scrutiny.permissions import require
from scrutiny.services.core.clocks import now, to_local
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import documents, report_templates
from scrutiny.services.meetings import agenda, meetings

F = TypeVar("F")


def _committee(slug: str) -> Committee:
    return committee_or_404(slug, visible=False)


def _meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    require("meetings.manage", meeting)
    return meeting


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def _version(form) -> int | None:
    return form.expected_version()


def _at_version(form: F, meeting: Meeting) -> F:
    """The form, carrying the meeting's version on GET (so a stale post is refused)."""
    if request.method == "GET":
        form.version.data = meeting.version
    return form


@bp.route("/committees/<slug>/meetings/new", methods=["GET", "POST"])
def new_meeting(slug: str):
    """Add one meeting to a committee's calendar."""
    committee = _committee(slug)
    require("meetings.manage", committee)
    form = NewMeetingForm()
    form.contact_id.choices = people_with_email_choices()
    if request.method == "GET":
        form.contact_id.data = current_user.id
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: _create_meeting(committee, form),
            lambda meeting: url_for("meetings.show", meeting_id=meeting.id),
            "Meeting added with the committee's standard agenda items",
        )
    ):
        return done
    return render_template("meetings/meeting_form.html", form=form, committee=committee)


def _create_meeting(committee: Committee, form: NewMeetingForm) -> Meeting:
    return meetings.create_meeting(
        db.session,
        committee,
        starts_at=meetings.local_datetime(form.meeting_date.data, parse_time(form.start_time.data)),
        venue=form.venue.data,
        formal=form.formal.data == "formal",
        contact_id=form.contact_id.data,
        now=now(),
    )


@bp.route("/committees/<slug>/meetings/series", methods=["GET", "POST"])
def new_series(slug: str):
    """Add a municipal year's meetings in one go."""
    committee = _committee(slug)
    require("meetings.manage", committee)
    form = SeriesForm()
    form.contact_id.choices = people_with_email_choices()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: _create_series(committee, form),
            lambda created: url_for("meetings.index", committee=committee.slug),
            lambda created: f"{len(created)} meetings added",
        )
    ):
        return done
    return render_template("meetings/series_form.html", form=form, committee=committee)


def _create_series(committee: Committee, form: SeriesForm) -> list[Meeting]:
    return meetings.create_series(
        db.session,
        committee,
        dates_text=form.dates.data,
        at=parse_time(form.start_time.data),
        venue=form.venue.data,
        formal=True,
        contact_id=form.contact_id.data,
        now=now(),
    )


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit_meeting(meeting_id: int):
    """Reschedule a meeting or change its venue; the history keeps the old values."""
    meeting = _meeting(meeting_id)
    form = MeetingForm(data=_meeting_values(meeting) if request.method == "GET" else None)
    form.contact_id.choices = people_with_email_choices()
    if form.validate_on_submit():
        ok, _ = save(form, "this meeting", lambda: _reschedule(meeting, form))
        if ok:
            flash("Meeting details saved", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template(
        "meetings/meeting_form.html", form=form, committee=meeting.committee, meeting=meeting
    )


@bp.route("/meetings/<int:meeting_id>/status", methods=["POST"])
def change_status(meeting_id: int):
    """Schedule, return to draft or mark as held."""
    meeting = _meeting(meeting_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            meetings.move_status(
                meeting,
                MeetingStatus(form.to.data),
                now=now(),
                expected_version=_version(form),
            )
        except (DomainError, ValueError) as error:
            db.session.rollback()
            flash(getattr(error, "message", "That status is not known"), "error")
        else:
            if commit_or_conflict(form, "this meeting"):
                flash(f"The meeting is now {meeting.status_label.lower()}", "success")
            else:
                flash(form.form_errors[-1], "error")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
def cancel(meeting_id: int):
    """Cancel a meeting, giving the reason (it stays on the calendar, marked cancelled)."""
    meeting = _meeting(meeting_id)
    form = _at_version(CancelForm(), meeting)
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this meeting",
            lambda: meetings.move_status(
                meeting,
                MeetingStatus.CANCELLED,
                now=now(),
                expected_version=_version(form),
                reason=form.reason.data,
            ),
        )
        if ok:
            flash("The meeting has been cancelled", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting)


@bp.route("/meetings/<int:meeting_id>/publish", methods=["GET", "POST"])
def publish(meeting_id: int):
    """Publish the agenda; after the statutory deadline the reason for urgency is required."""
    meeting = _meeting(meeting_id)
    form = _at_version(PublishForm(), meeting)
    check = meetings.check_publication(db.session, meeting, now())
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this meeting",
            lambda: meetings.publish(
                db.session,
                meeting,
                now=now(),
                late_reason=form.late_reason.data,
                expected_version=_version(form),
            ),
        )
        if ok:
            flash("The agenda has been published", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/publish.html", form=form, meeting=meeting, check=check)


def _item_form_values(form: ItemForm) -> dict:
    return {
        "title": form.title.data,
        "purpose": form.purpose.data,
        "presenting_officer": form.presenting_officer.data,
        "recommendations": form.recommendations.data,
        "contact": form.contact.data,
        "description": form.description.data,
        "exempt": form.exempt.data,
        "exempt_paragraph": form.paragraph(),
        "exempt_reason": form.exempt_reason.data,
    }


@bp.route("/meetings/<int:meeting_id>/items/new", methods=["GET", "POST"])
def new_item(meeting_id: int):
    """Add a report (or other) item to the agenda."""
    meeting = _meeting(meeting_id)
    form = _at_version(NewItemForm(), meeting)
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this agenda",
            lambda: agenda.add_item(
                db.session,
                meeting,
                kind=form.kind.data,
                urgency_reason=form.urgency_reason.data,
                now=now(),
                expected_version=_version(form),
                **_item_form_values(form),
            ),
            lambda item: url_for("meetings.show", meeting_id=meeting.id) + "#agenda",
            lambda item: f"'{item.title}' added to the agenda",
        )
    ):
        return done
    return render_template("meetings/item_form.html", form=form, meeting=meeting, item=None)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
def edit_item(meeting_id: int, item_id: int):
    """Change an item's wording or exemption."""
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    form = ItemForm(obj=item if request.method == "GET" else None)
    if request.method == "GET":
        _show_item(form, meeting, item)
    if form.validate_on_submit():
        ok, _ = save(form, "this agenda", lambda: _update_item(item, form))
        if ok:
            flash("Item saved", "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")
    return render_template("meetings/item_form.html", form=form, meeting=meeting, item=item)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/report-template.docx")
def report_template(meeting_id: int, item_id: int):
    """A Word report template pre-filled from the item's front sheet, for the author."""
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    response = current_app.response_class(
        report_templates.template_docx(item),
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="report-template-item-{item.id}.docx"'
    )
    return response


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/move", methods=["POST"])
def move_item(meeting_id: int, item_id: int):
    """Move an item up or down the agenda."""
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    form = MoveForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form,
            "this agenda",
            lambda: agenda.move_item(
                db.session, item, form.direction.data, now=now(), expected_version=_version(form)
            ),
        )
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/remove", methods=["GET", "POST"])
def remove_item(meeting_id: int, item_id: int):
    """Take an item off an unpublished agenda, after asking to confirm."""
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    form = MoveForm()
    if request.method == "GET":
        return _confirm_remove(meeting, f"Remove '{item.title}' from the agenda?", item.title)
    if form.validate_on_submit():
        title = item.title
        ok, _ = save_or_flash(
            form,
            "this agenda",
            lambda: agenda.remove_item(
                db.session, item, now=now(), expected_version=_version(form)
            ),
        )
        if ok:
            flash(f"'{title}' removed from the agenda", "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")


def _confirm_remove(meeting: Meeting, question: str, what: str):
    return render_template(
        "meetings/confirm_remove.html", meeting=meeting, question=question, what=what
    )


@bp.route("/meetings/<int:meeting_id>/documents/<int:document_id>/remove", methods=["GET", "POST"])
def remove_document(meeting_id: int, document_id: int):
    """Remove a wrongly uploaded document before the agenda is published, after confirming."""
    meeting = _meeting(meeting_id)
    document = db.session.get(ReportDocument, document_id)
    if document is None or document.item.meeting_id != meeting.id:
        abort(404)
    if request.method == "GET":
        return _confirm_remove(meeting, f"Remove the document '{document.title}'?", document.title)
    form = MoveForm()
    if form.validate_on_submit():
        title = document.title
        ok, _ = save_or_flash(
            form,
            "this agenda",
            lambda: documents.remove_document(
                db.session, document, now=now(), expected_version=_version(form)
            ),
        )
        if ok:
            flash(f"'{title}' removed", "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")


def _store(store, target, form: DocumentForm) -> ReportDocument:
    """Store the uploaded file with `store` (documents.add_document to an item, or
    documents.replace_document as a document's new version)."""
    upload = form.file.data
    return store(
        db.session,
        target,
        upload.read(),
        filename=upload.filename or "",
        title=form.title.data,
        now=now(),
        user_id=current_user.id,
    )


def _warn_if_untagged(document: ReportDocument) -> None:
    """Tell the officer when the PDF just uploaded is not tagged for screen readers."""
    if document.tagged is False:
        flash(
            f"{document.title} is not a tagged PDF, so screen reader users cannot follow its "
            "headings, lists and tables. Save it from Word as a PDF with 'Document structure "
            "tags for accessibility' ticked under Options, and upload the new version.",
            "warning",
        )


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/documents/new", methods=["GET", "POST"])
def new_document(meeting_id: int, item_id: int):
    """Upload a report or appendix to an item."""
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    form = _at_version(NewDocumentForm(), meeting)
    if form.validate_on_submit():
        done = create_once(
            form,
            "this agenda",
            lambda: _store(documents.add_document, item, form),
            lambda document: url_for("meetings.show", meeting_id=meeting.id) + "#agenda",
        )
        if done.created:
            flash("Document uploaded", "success")
            _warn_if_untagged(done.result)
        if done.url:
            return redirect(done.url)
    return render_template(
        "meetings/document_form.html", form=form, meeting=meeting, item=item, document=None
    )


@bp.route("/meetings/<int:meeting_id>/documents/<int:document_id>/replace", methods=["GET", "POST"])
def replace_document(meeting_id: int, document_id: int):
    """Upload a new version of a document; earlier versions stay in its history."""
    meeting = _meeting(meeting_id)
    document = db.session.get(ReportDocument, document_id)
    if document is None or document.item.meeting_id != meeting.id:
        abort(404)
    form = DocumentForm()
    if request.method == "GET":
        form.version.data = meeting.version
        form.title.data = document.title
    if form.validate_on_submit() and _replace(document, form):
        return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")
    return render_template(
        "meetings/document_form.html",
        form=form,
        meeting=meeting,
        item=document.item,
        document=document,
        versions=documents.versions(db.session, document),
    )


def _replace(document: ReportDocument, form: DocumentForm) -> bool:
    """Store the uploaded file as the document's new version; True (and flashed) when done."""
    ok, new = save(form, "this agenda", lambda: _store(documents.replace_document, document, form))
    if ok:
        flash("New version uploaded; the earlier one is kept in the history", "success")
        _warn_if_untagged(new)
    return ok


def _meeting_values(meeting: Meeting) -> dict:
    """The meeting form's starting values: the meeting as it stands."""
    local = to_local(meeting.starts_at)
    return {
        "meeting_date": local.date(),
        "start_time": f"{local:%H:%M}",
        "venue": meeting.venue,
        "formal": "formal" if meeting.formal else "informal",
        "contact_id": meeting.contact_id,
        "version": meeting.version,
    }


def _reschedule(meeting: Meeting, form: MeetingForm) -> None:
    """Move or change the meeting as the form says, through the meetings service."""
    meetings.reschedule(
        meeting,
        starts_at=meetings.local_datetime(form.meeting_date.data, parse_time(form.start_time.data)),
        venue=form.venue.data,
        formal=form.formal.data == "formal",
        contact_id=form.contact_id.data,
        now=now(),
        expected_version=_version(form),
    )


def _show_item(form: ItemForm, meeting: Meeting, item: AgendaItem) -> None:
    """Fill the item form's fields that are not plain columns: version, paragraph, front sheet."""
    form.version.data = meeting.version
    form.exempt_paragraph.data = str(item.exempt_paragraph or "")
    sheet = item.front_sheet or {}
    for name in report_templates.FIELDS:
        form[name].data = sheet.get(name, "")
    form.financial.data = report_templates.financial_text(sheet.get("financial"))


def _update_item(item: AgendaItem, form: ItemForm) -> None:
    """Save the item as the form says (a report's front sheet too), through the agenda service."""
    front_sheet = (
        report_templates.from_form(
            {name: form[name].data for name in report_templates.FIELDS}, form.financial.data
        )
        if item.kind == ItemKind.REPORT
        else None
    )
    agenda.update_item(
        item,
        now=now(),
        expected_version=_version(form),
        front_sheet=front_sheet,
        **_item_form_values(form),
    )
