"""Task-and-finish group views: set-up, group page, members, sessions, report, recommendations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from scrutiny.blueprints.common import committee_or_404, save, save_or_flash
from scrutiny.blueprints.groups import bp
from scrutiny.blueprints.groups.forms import (
    AgreeForm,
    GroupForm,
    MemberForm,
    RecommendationForm,
    ReportForm,
    SessionForm,
    StatusForm,
)
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.blueprints.meetings.forms import MoveForm
from scrutiny.blueprints.params import int_arg
from scrutiny.extensions import db
from scrutiny.models.committees import Committee, Membership
from scrutiny.models.meetings import Meeting
from scrutiny.models.programme import ProgrammeItem
from scrutiny.models.task_groups import GroupSession, GroupStatus, TaskGroup
from scrutiny.permissions import can, require
from scrutiny.services.core import clocks
from scrutiny.services.core.audit import history_for
from scrutiny.services.core.clocks import format_day, now, to_local
from scrutiny.services.files import documents
from scrutiny.services.people import committees as committee_service
from scrutiny.services.programme import task_groups

MIMETYPES = {"pdf": documents.PDF_MIME, "docx": documents.DOCX_MIME}


def _panel(slug: str) -> Committee:
    return committee_or_404(slug)


def _group(group_id: int, permission: str = "task_groups.view") -> TaskGroup:
    group = db.session.get(TaskGroup, group_id)
    if group is None or not can(current_user, "committees.view", group.committee):
        abort(404)
    if permission == "task_groups.manage":
        require(permission, group.committee.parent)
    else:
        require(permission, group.committee)
    return group


def _officer_choices() -> list[tuple]:
    return [("", "Not yet chosen")] + [(u.id, u.name) for u in task_groups.officers(db.session)]


def _project_row(panel: Committee) -> ProgrammeItem | None:
    """The panel's work programme row the group is set up from (?row=), 404 if not the panel's."""
    row_id = int_arg("row")
    if row_id is None:
        return None
    row = db.session.get(ProgrammeItem, row_id)
    if row is None or row.committee_id != panel.id:
        abort(404)
    return row


@bp.route("/committees/<slug>/task-groups/new", methods=["GET", "POST"])
def new(slug: str):
    """Set up a group under a panel, from an active project (?row=) or from scratch."""
    panel = _panel(slug)
    require("task_groups.manage", panel)
    row = _project_row(panel)
    form = GroupForm(data=task_groups.defaults_from_row(row) if row else None)
    form.lead_officer_id.choices = _officer_choices()
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this group",
            lambda: task_groups.create_group(
                db.session,
                panel,
                name=form.name.data,
                programme_item_id=row.id if row else None,
                **form.values(),
            ),
            lambda group: url_for("groups.show", group_id=group.id),
            lambda group: f"{group.committee.name} set up",
        )
    ):
        return done
    return render_template("groups/form.html", form=form, panel=panel, group=None, row=row)


@bp.route("/task-groups/<int:group_id>")
def show(group_id: int):
    """A group's page: terms of reference, members, sessions, final report, recommendations."""
    group = _group(group_id)
    panel = group.committee.parent
    today = clocks.today()
    manage = can(current_user, "task_groups.manage", panel)
    forms = {}
    if manage:
        forms = _manage_forms(group, today)
    return render_template(
        "groups/show.html",
        group=group,
        panel=panel,
        members=task_groups.group_members(db.session, group, today),
        sessions=group.sessions,
        recommendations=task_groups.recommendations_of(db.session, group),
        can_manage=manage,
        can_read_notes=can(current_user, "task_groups.view_notes", group.committee),
        can_read_report=_report_visible(group),
        history=history_for(db.session, group.committee)
        if can(current_user, "history.view")
        else None,
        **forms,
    )


def _manage_forms(group: TaskGroup, today) -> dict:
    status_form = StatusForm(version=group.version)
    status_form.status.choices = [
        (s.value, s.label) for s in task_groups.STATUS_MOVES[GroupStatus(group.status)]
    ]
    member_form = MemberForm()
    joined = {m.user_id for m in task_groups.group_members(db.session, group, today)}
    member_form.user_id.choices = [("", "Choose a member")] + [
        (m.user_id, m.user.name)
        for m in task_groups.panel_members(db.session, group, today)
        if m.user_id not in joined
    ]
    agree_form = AgreeForm()
    agree_form.meeting_id.choices = [("", "Choose the meeting")] + [
        (m.id, format_day(to_local(m.starts_at).date()))
        for m in task_groups.agreeing_meetings(db.session, group, now())
    ]
    return {
        "status_form": status_form,
        "member_form": member_form,
        "report_form": ReportForm(),
        "recommendation_form": RecommendationForm(),
        "agree_form": agree_form,
    }


def _report_visible(group: TaskGroup) -> bool:
    if group.report_sha256 is None:
        return False
    published = group.status in {GroupStatus.REPORTING, GroupStatus.COMPLETE}
    return published or can(current_user, "task_groups.view_notes", group.committee)


@bp.route("/task-groups/<int:group_id>/edit", methods=["GET", "POST"])
def edit(group_id: int):
    """Change a group's terms of reference, dates and lead officer."""
    group = _group(group_id, "task_groups.manage")
    form = GroupForm(obj=group if request.method == "GET" else None)
    if request.method == "GET":
        form.name.data = group.committee.name
    form.lead_officer_id.choices = _officer_choices()
    if form.validate_on_submit():
        ok, _ = save(
            form,
            "this group",
            lambda: task_groups.update_group(
                db.session, group, expected_version=form.expected_version(), **form.values()
            ),
        )
        if ok:
            flash("Saved", "success")
            return redirect(url_for("groups.show", group_id=group.id))
    return render_template(
        "groups/form.html", form=form, panel=group.committee.parent, group=group, row=None
    )


@bp.route("/task-groups/<int:group_id>/status", methods=["POST"])
def change_status(group_id: int):
    """Move the group on: proposed, active, reporting, complete."""
    group = _group(group_id, "task_groups.manage")
    form = StatusForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form,
            "this group",
            lambda: task_groups.change_status(
                group, form.status.data, expected_version=form.expected_version()
            ),
        )
        if ok:
            flash(f"The group is now {group.status_label.lower()}", "success")
    return redirect(url_for("groups.show", group_id=group.id))


@bp.route("/task-groups/<int:group_id>/members", methods=["POST"])
def add_member(group_id: int):
    """Add a member of the parent panel to the group (they are told by email)."""
    group = _group(group_id, "task_groups.manage")
    form = MemberForm()
    if form.validate_on_submit():
        ok, membership = save_or_flash(
            form,
            "this group",
            lambda: task_groups.add_member(
                db.session, group, user_id=form.user_id.data, role=form.role.data, now=now()
            ),
        )
        if ok:
            flash(f"{membership.user.name} added to the group", "success")
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("groups.show", group_id=group.id) + "#members")


@bp.route("/task-groups/<int:group_id>/members/<int:membership_id>/end", methods=["POST"])
def end_member(group_id: int, membership_id: int):
    """Take someone off the group from today."""
    group = _group(group_id, "task_groups.manage")
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.committee_id != group.committee_id:
        abort(404)
    form = MoveForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form,
            "this membership",
            lambda: committee_service.end_membership(
                membership, clocks.today(), expected_version=form.expected_version()
            ),
        )
        if ok:
            flash(f"{membership.user.name} has left the group", "success")
    return redirect(url_for("groups.show", group_id=group.id) + "#members")


@bp.route("/task-groups/<int:group_id>/invite", methods=["POST"])
def invite(group_id: int):
    """Email every member of the parent panel an invitation to join."""
    group = _group(group_id, "task_groups.manage")
    form = MoveForm()
    if form.validate_on_submit():
        ok, count = save_or_flash(
            form, "this group", lambda: task_groups.invite_panel(db.session, group, now=now())
        )
        if ok:
            flash(
                f"{count} invitation{'s' if count != 1 else ''} sent"
                if count
                else "Every member of the panel has already been invited or has joined",
                "success",
            )
    return redirect(url_for("groups.show", group_id=group.id) + "#members")


def _group_session(group: TaskGroup, session_id: int | None) -> GroupSession | None:
    """The group's session being changed (404 if not the group's), or None for a new one."""
    if session_id is None:
        return None
    record = db.session.get(GroupSession, session_id)
    if record is None or record.group_id != group.id:
        abort(404)
    return record


def _save_session(group: TaskGroup, record: GroupSession | None, form: SessionForm):
    """Add the session, or change `record`, as the form says."""
    values = {
        "kind": form.kind.data,
        "held_on": form.held_on.data,
        "title": form.title.data,
        "witnesses": form.witnesses.data or "",
        "notes": form.notes.data or "",
    }
    if record is None:
        return task_groups.add_session(db.session, group, **values)
    return task_groups.update_session(record, expected_version=form.expected_version(), **values)


@bp.route("/task-groups/<int:group_id>/sessions/new", methods=["GET", "POST"])
@bp.route("/task-groups/<int:group_id>/sessions/<int:session_id>", methods=["GET", "POST"])
def session_form(group_id: int, session_id: int | None = None):
    """Record or change one of the group's meetings, evidence sessions or visits."""
    group = _group(group_id, "task_groups.manage")
    record = _group_session(group, session_id)
    form = SessionForm(obj=record if request.method == "GET" else None)
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this session",
            lambda: _save_session(group, record, form),
            lambda _: url_for("groups.show", group_id=group.id) + "#sessions",
            f"'{form.title.data}' saved",
        )
    ):
        return done
    return render_template("groups/session_form.html", form=form, group=group, record=record)


@bp.route("/task-groups/<int:group_id>/report", methods=["POST"])
def upload_report(group_id: int):
    """Attach the group's final report."""
    group = _group(group_id, "task_groups.manage")
    form = ReportForm()
    if form.validate_on_submit():
        upload = form.file.data
        ok, _ = save_or_flash(
            form,
            "this group",
            lambda: task_groups.attach_report(
                group, upload.read(), filename=upload.filename or "", now=now()
            ),
        )
        if ok:
            flash("Final report attached", "success")
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("groups.show", group_id=group.id) + "#report")


@bp.route("/task-groups/<int:group_id>/report")
def download_report(group_id: int):
    """The final report: public once the group is reporting, else for members and staff."""
    group = _group(group_id)
    if not _report_visible(group):
        abort(404)
    return send_file(
        documents.path_for(group.report_sha256),
        mimetype=MIMETYPES[group.report_type],
        download_name=group.report_filename,
    )


@bp.route("/task-groups/<int:group_id>/recommendations", methods=["POST"])
def draft_recommendation(group_id: int):
    """Add a recommendation the group has drafted for the panel."""
    group = _group(group_id, "task_groups.manage")
    form = RecommendationForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form,
            "this group",
            lambda: task_groups.draft_recommendation(
                db.session, group, text=form.text.data, addressed_to=form.addressed_to.data
            ),
        )
        if ok:
            flash("Draft recommendation added", "success")
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("groups.show", group_id=group.id) + "#recommendations")


@bp.route("/task-groups/<int:group_id>/recommendations/agree", methods=["POST"])
def agree(group_id: int):
    """Record that the parent panel agreed the group's drafts at one of its meetings."""
    group = _group(group_id, "task_groups.manage")
    form = AgreeForm()
    if form.validate_on_submit():
        meeting = db.session.get(Meeting, form.meeting_id.data)
        ok, count = save_or_flash(
            form,
            "these recommendations",
            lambda: task_groups.agree_recommendations(db.session, group, meeting, now=now()),
        )
        if ok:
            flash(
                f"{count} recommendation{'s' if count != 1 else ''} agreed by the panel: "
                "they now await the executive's response",
                "success",
            )
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("groups.show", group_id=group.id) + "#recommendations")


@bp.route("/meetings/<int:meeting_id>/task-groups-update", methods=["POST"])
def update_item(meeting_id: int):
    """Add or refresh the "Task-and-finish groups update" item on a panel's agenda."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    require("meetings.manage", meeting)
    form = MoveForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form,
            "this agenda",
            lambda: task_groups.add_update_item(db.session, meeting, now=now()),
        )
        if ok:
            flash("Task-and-finish groups update added to the agenda", "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")
