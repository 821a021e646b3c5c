"""Attendance, declarations, the minutes editor, publishing, approval and the minutes PDF."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from scrutiny.blueprints.choices import people_choices, post_choices
from scrutiny.blueprints.common import save, save_or_flash
from scrutiny.blueprints.idempotency import create_and_redirect
from scrutiny.blueprints.meetings.forms import StatusForm
from scrutiny.blueprints.minutes import bp
from scrutiny.blueprints.minutes.forms import (
    ActionForm,
    AttendanceForm,
    DeclarationForm,
    MinuteForm,
    RecommendationForm,
)
from scrutiny.blueprints.params import parse_int
from scrutiny.extensions import db
from scrutiny.models.meetings import Meeting
from scrutiny.models.minutes import Minute, OutcomePart
from scrutiny.permissions import can, require
from scrutiny.services.core.clocks import now, to_local
from scrutiny.services.meetings import agenda
from scrutiny.services.minutes import (
    minute_numbering,
    minutes,
    minutes_attendance,
    minutes_document,
)


def _meeting(meeting_id: int, manage: bool = True) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not can(current_user, "meetings.view", meeting):
        abort(404)
    if manage:
        require("meetings.manage", meeting)
    return meeting


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
def attendance(meeting_id: int):
    """Who was present, sent apologies or was absent; substitutes; officers; times."""
    meeting = _meeting(meeting_id)
    if minutes.is_locked(db.session, meeting):
        flash("The minutes have been approved: attendance can no longer change", "error")
        return redirect(url_for("minutes.show", meeting_id=meeting.id))
    expected = minutes_attendance.expected_members(db.session, meeting)
    form = _attendance_form(meeting, expected)
    if form.validate_on_submit():
        ok, _ = save(form, "this meeting", lambda: _record_attendance(meeting, form))
        if ok:
            flash("Attendance saved", "success")
            return redirect(url_for("minutes.show", meeting_id=meeting.id))
    return render_template(
        "minutes/attendance.html",
        form=form,
        meeting=meeting,
        member_groups=minutes_attendance.group_by_role(
            list(zip(form.members, expected, strict=True)), lambda row: row[1].membership.role
        ),
    )


def _attendance_form(
    meeting: Meeting, expected: list[minutes_attendance.ExpectedMember]
) -> AttendanceForm:
    """The attendance form: what was recorded on a GET, what was posted (with each member's
    answer completed from the record and "All members present") on a POST."""
    recorded = minutes_attendance.attendance(db.session, meeting)
    form = AttendanceForm(
        data=_recorded_values(meeting, recorded) if request.method == "GET" else None
    )
    answers = minutes_attendance.member_answers(
        expected, form.answers(), all_present=bool(form.all_present.data)
    )
    members = [(e.membership.user_id, e.membership.user.name) for e in expected]
    form.show_members([(user_id, name, answers[user_id]) for user_id, name in members])
    form.offer_people(people_choices(), members)
    return form


def _recorded_values(meeting: Meeting, recorded: list) -> dict:
    """The attendance form's fields as recorded (members' answers are added separately)."""
    return {
        "version": meeting.version,
        "officers": "\n".join(
            f"{a.display_name} ({a.service})" if a.service else a.display_name
            for a in recorded
            if a.kind == "officer"
        ),
        "commenced": f"{to_local(meeting.commenced_at):%H:%M}" if meeting.commenced_at else "",
        "concluded": f"{to_local(meeting.concluded_at):%H:%M}" if meeting.concluded_at else "",
        "substitutes": [
            {"user_id": a.user_id, "for_id": a.substitute_for_id}
            for a in recorded
            if a.kind == "substitute"
        ],
    }


def _record_attendance(meeting: Meeting, form: AttendanceForm) -> None:
    """Save the form through the attendance service."""
    commenced, concluded = form.times()
    minutes_attendance.record_attendance(
        db.session,
        meeting,
        member_kinds={user_id: kind for user_id, kind in form.answers().items() if kind},
        substitutes=form.substitute_pairs(),
        officers=minutes_attendance.parse_officers(form.officers.data),
        commenced=commenced,
        concluded=concluded,
        expected_version=form.expected_version(),
    )


@bp.route("/meetings/<int:meeting_id>/minutes")
def show(meeting_id: int):
    """The minutes as a page: attendance, declarations, numbered minutes, outcomes."""
    meeting = _meeting(meeting_id, manage=False)
    can_manage = can(current_user, "meetings.manage", meeting)
    if not (can_manage or minutes.minutes_public(meeting)):
        abort(404)
    context = minutes_document.context(
        db.session, meeting, include_exempt=can(current_user, "exempt.view", meeting)
    )
    return render_template(
        "minutes/show.html",
        meeting=meeting,
        can_manage=can_manage,
        **(_manager_context(meeting, context["attendance"]) if can_manage else _reader_context()),
        **context,
    )


def _reader_context() -> dict:
    return {
        "declaration_form": DeclarationForm(),
        "previous": None,
        "numbering_notes": [],
        "unminuted": [],
    }


def _manager_context(meeting: Meeting, attendance: list) -> dict:
    """What the minutes page adds for someone managing the meeting: the declaration form with
    its choices, the previous meeting and the numbering checks."""
    form = DeclarationForm()
    present = [a for a in attendance if a.kind in {"present", "substitute"}]
    form.user_id.choices = [("", "Choose a member")]
    form.user_id.choices += [(a.user_id, a.display_name) for a in present]
    form.item_id.choices = [("", "The meeting as a whole")] + [
        (n.item.id, f"{n.number}. {n.item.title}")
        for n in agenda.number_items(agenda.agenda_items(db.session, meeting)).all
    ]
    return {
        "declaration_form": form,
        "previous": minutes.previous_meeting(db.session, meeting),
        "numbering_notes": minute_numbering.numbering_notes(db.session, meeting),
        "unminuted": minute_numbering.items_without_minutes(db.session, meeting),
    }


@bp.route("/meetings/<int:meeting_id>/minutes.pdf")
def pdf(meeting_id: int):
    """The minutes as a PDF in the layout of the printed minutes."""
    meeting = _meeting(meeting_id, manage=False)
    if not (can(current_user, "meetings.manage", meeting) or minutes.minutes_public(meeting)):
        abort(404)
    data = minutes_document.pdf(
        db.session, meeting, include_exempt=can(current_user, "exempt.view", meeting)
    )
    starts = to_local(meeting.starts_at)
    return _pdf_response(data, f"{meeting.committee.slug}-{starts:%Y-%m-%d}-minutes.pdf")


def _pdf_response(data: bytes, name: str):
    from flask import current_app

    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@bp.route("/meetings/<int:meeting_id>/declarations", methods=["POST"])
def add_declaration(meeting_id: int):
    """Record a declaration of interest."""
    meeting = _meeting(meeting_id)
    form = DeclarationForm()
    form.user_id.choices = [
        (a.user_id, "") for a in minutes_attendance.attendance(db.session, meeting) if a.user_id
    ]
    form.item_id.choices = [("", "")] + [(i.id, "") for i in meeting.items]
    if form.validate_on_submit():
        ok, _ = save_or_flash(form, "this record", lambda: _add_declaration(meeting, form))
        if ok:
            flash("Declaration recorded", "success")
    else:
        for errors in form.errors.values():
            flash(errors[0], "error")
    return redirect(url_for("minutes.show", meeting_id=meeting.id) + "#declarations")


def _add_declaration(meeting: Meeting, form: DeclarationForm):
    return minutes_attendance.add_declaration(
        db.session,
        meeting,
        user_id=form.user_id.data,
        item_id=form.item_id.data,
        kind=form.kind.data,
        text=form.text.data,
    )


@bp.route("/meetings/<int:meeting_id>/minutes/start", methods=["POST"])
def start(meeting_id: int):
    """Create the numbered minutes, one per agenda item."""
    meeting = _meeting(meeting_id)
    form = StatusForm()
    if form.validate_on_submit():
        ok, created = save_or_flash(
            form,
            "this meeting",
            lambda: minute_numbering.start_minutes(
                db.session, meeting, expected_version=form.expected_version()
            ),
        )
        if ok:
            flash(f"{len(created)} minutes numbered and ready to write", "success")
    return redirect(url_for("minutes.show", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/minutes/missing", methods=["POST"])
def add_missing(meeting_id: int):
    """Give items added after the minutes were started their minutes, in agenda order."""
    meeting = _meeting(meeting_id)
    form = StatusForm()
    if form.validate_on_submit():
        ok, created = save_or_flash(
            form,
            "this meeting",
            lambda: minute_numbering.add_missing_minutes(db.session, meeting),
        )
        if ok:
            flash(f"{len(created)} minutes added in agenda order", "success")
    return redirect(url_for("minutes.show", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/minutes/publish", methods=["POST"])
def publish(meeting_id: int):
    """Make the draft minutes public."""
    meeting = _meeting(meeting_id)
    form = StatusForm()
    if form.validate_on_submit():
        ok, _ = save_or_flash(
            form,
            "this meeting",
            lambda: minutes.publish_draft(
                meeting, now=now(), expected_version=form.expected_version()
            ),
        )
        if ok:
            flash("The draft minutes are now public", "success")
    return redirect(url_for("minutes.show", meeting_id=meeting.id))


@bp.route("/meetings/<int:meeting_id>/minutes/approve", methods=["POST"])
def approve(meeting_id: int):
    """At this meeting, approve (or note) the previous meeting's minutes, locking them."""
    meeting = _meeting(meeting_id)
    previous_id = parse_int(request.form.get("previous_id"), minimum=1)
    previous = db.session.get(Meeting, previous_id) if previous_id else None
    form = StatusForm()
    if previous is None:
        flash("Choose the minutes to approve", "error")
    elif form.validate_on_submit():
        ok, approval = save_or_flash(
            form,
            "this record",
            lambda: minutes.approve(
                db.session, previous, at_meeting=meeting, user=current_user, now=now()
            ),
        )
        if ok:
            verb = "approved as a correct record" if approval.approved else "noted"
            flash(f"The minutes of {to_local(previous.starts_at):%d %B %Y} were {verb}", "success")
    return redirect(url_for("minutes.show", meeting_id=meeting.id))


def _minute(meeting: Meeting, minute_id: int) -> Minute:
    minute = db.session.get(Minute, minute_id)
    if minute is None or minute.meeting_id != meeting.id:
        abort(404)
    return minute


@bp.route("/meetings/<int:meeting_id>/minutes/<int:minute_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int, minute_id: int):
    """Write one minute: its text, discussion points and outcome."""
    meeting = _meeting(meeting_id)
    minute = _minute(meeting, minute_id)
    locked = minutes.is_locked(db.session, meeting)
    if locked and not can(current_user, "users.manage"):
        flash("These minutes have been approved and are locked", "error")
        return redirect(url_for("minutes.show", meeting_id=meeting.id))
    form = MinuteForm(obj=minute if request.method == "GET" else None)
    if request.method == "GET":
        form.parts.data = "\n".join(p.text for p in minute.parts)
    if form.validate_on_submit():
        ok, _ = save(form, "this minute", lambda: _update_minute(minute, form))
        if ok:
            flash(f"{minutes.minute_reference(meeting, minute)} saved", "success")
            return redirect(url_for("minutes.show", meeting_id=meeting.id) + f"#minute-{minute.id}")
    return render_template(
        "minutes/edit.html",
        form=form,
        meeting=meeting,
        minute=minute,
        locked=locked,
        reference=minutes.minute_reference(meeting, minute),
    )


def _update_minute(minute: Minute, form: MinuteForm) -> None:
    """Save the minute as the form says, through the minutes service."""
    minutes.update_minute(
        db.session,
        minute,
        narrative=form.narrative.data,
        discussion=form.discussion.data,
        outcome_kind=form.outcome_kind.data,
        outcome_text=form.outcome_text.data,
        parts=(form.parts.data or "").splitlines(),
        user=current_user,
        expected_version=form.expected_version(),
        reason=form.change_reason.data,
    )


def _part_url(meeting: Meeting, part: OutcomePart) -> str:
    """The minutes page at an outcome part."""
    return url_for("minutes.show", meeting_id=meeting.id) + f"#part-{part.id}"


def _action_values(form: ActionForm) -> dict:
    """The action form's answers as the minutes service takes them."""
    return {
        "description": form.description.data,
        "post_ids": form.post_ids.data,
        "due_on": form.due_on.data,
    }


def _part(meeting: Meeting, part_id: int) -> OutcomePart:
    part = db.session.get(OutcomePart, part_id)
    if part is None or part.meeting_id != meeting.id:
        abort(404)
    return part


@bp.route("/meetings/<int:meeting_id>/parts/<int:part_id>/action", methods=["GET", "POST"])
def new_action(meeting_id: int, part_id: int):
    """Create an action from an outcome part."""
    meeting = _meeting(meeting_id)
    part = _part(meeting, part_id)
    form = ActionForm()
    form.post_ids.choices = post_choices()
    if request.method == "GET":
        form.description.data = part.text
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: minutes.create_action(
                db.session, part, **_action_values(form), user=current_user
            ),
            lambda _: _part_url(meeting, part),
            "Action created",
        )
    ):
        return done
    return _part_page(form, meeting, part, "Create an action")


def _part_page(form, meeting: Meeting, part: OutcomePart, heading: str) -> str:
    """The form creating something from an outcome part."""
    return render_template(
        "minutes/part_form.html", form=form, meeting=meeting, part=part, heading=heading
    )


def _create_recommendation(part: OutcomePart, form: RecommendationForm):
    return minutes.create_recommendation(
        db.session,
        part,
        text=form.text.data,
        addressed_to=form.addressed_to.data,
        user=current_user,
    )


@bp.route("/meetings/<int:meeting_id>/parts/<int:part_id>/recommendation", methods=["GET", "POST"])
def new_recommendation(meeting_id: int, part_id: int):
    """Create a recommendation to the executive from an outcome part."""
    meeting = _meeting(meeting_id)
    part = _part(meeting, part_id)
    existing = minutes.recommendation_from(db.session, part)
    if existing is not None:
        flash(f"This part already has recommendation {existing.reference}", "info")
        return redirect(url_for("recommendations.show", rec_id=existing.id))
    form = RecommendationForm()
    if request.method == "GET":
        form.text.data = minutes.recommendation_text(part.text)
    if form.validate_on_submit() and (
        done := create_and_redirect(
            form,
            "this record",
            lambda: _create_recommendation(part, form),
            lambda _: _part_url(meeting, part),
            "Recommendation to the executive created",
        )
    ):
        return done
    return _part_page(form, meeting, part, "Create a recommendation to the executive")
