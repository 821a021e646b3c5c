"""Attendance, declarations, the minutes editor, publishing, approval and the minutes PDF."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from scrutiny.blueprints.common import save, save_or_flash
from scrutiny.blueprints.idempotency import create_once
from scrutiny.blueprints.meetings.forms import StatusForm, parse_time
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
from scrutiny.models.people import Post, User
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


def _time_or_error(form, field):
    if not (field.data or "").strip():
        return None
    try:
        return parse_time(field.data)
    except ValueError:
        field.errors = [*field.errors, "Enter a time like 10.05am"]
        return None


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
def attendance(meeting_id: int):
    """Who was present, sent apologies or was absent; substitutes; officers; times."""
    meeting = _meeting(meeting_id)
    if minutes.is_locked(db.session, meeting):
        flash("The minutes have been approved: attendance can no longer change", "error")
        return redirect(url_for("minutes.show", meeting_id=meeting.id))
    expected = minutes_attendance.expected_members(db.session, meeting)
    recorded = minutes_attendance.attendance(db.session, meeting)
    form = AttendanceForm()
    people = db.session.execute(
        select(User.id, User.name).where(User.active.is_(True)).order_by(User.name)
    ).all()
    if request.method == "GET":
        form.version.data = meeting.version
        form.officers.data = "\n".join(
            f"{a.display_name} ({a.service})" if a.service else a.display_name
            for a in recorded
            if a.kind == "officer"
        )
        if meeting.commenced_at:
            form.commenced.data = f"{to_local(meeting.commenced_at):%H:%M}"
        if meeting.concluded_at:
            form.concluded.data = f"{to_local(meeting.concluded_at):%H:%M}"
    all_present = request.method == "POST" and bool(request.form.get("all_present"))
    kinds = {
        e.membership.user_id: request.form.get(f"member_{e.membership.user_id}", e.kind)
        or ("present" if all_present else "")
        for e in expected
    }
    substitutes = (
        [
            (request.form.get(f"sub_user_{n}", ""), request.form.get(f"sub_for_{n}", ""))
            for n in range(4)
        ]
        if request.method == "POST"
        else [
            (str(a.user_id), str(a.substitute_for_id)) for a in recorded if a.kind == "substitute"
        ]
    )
    substitute_ids = [(parse_int(u, minimum=1), parse_int(f, minimum=1)) for u, f in substitutes]
    member_errors: dict[int, str] = {}
    if form.validate_on_submit():
        commenced = _time_or_error(form, form.commenced)
        concluded = _time_or_error(form, form.concluded)
        member_errors = {
            e.membership.user_id: f"Select whether {e.membership.user.name} was present, "
            "sent apologies or was absent"
            for e in expected
            if not kinds.get(e.membership.user_id)
        }
        if not form.errors and not member_errors:
            ok, _ = save(
                form,
                "this meeting",
                lambda: minutes_attendance.record_attendance(
                    db.session,
                    meeting,
                    member_kinds={uid: kind for uid, kind in kinds.items() if kind},
                    substitutes=[(u, f) for u, f in substitute_ids if u and f],
                    officers=minutes_attendance.parse_officers(form.officers.data),
                    commenced=commenced,
                    concluded=concluded,
                    expected_version=form.expected_version(),
                ),
            )
            if ok:
                flash("Attendance saved", "success")
                return redirect(url_for("minutes.show", meeting_id=meeting.id))
    return render_template(
        "minutes/attendance.html",
        form=form,
        meeting=meeting,
        expected=expected,
        expected_groups=minutes_attendance.group_by_role(expected, lambda e: e.membership.role),
        all_present=all_present,
        kinds=kinds,
        substitutes=substitutes + [("", "")] * (4 - len(substitutes)),
        people=people,
        member_errors=member_errors,
        extra_errors=[
            {"text": message, "href": f"#member_{uid}_present"}
            for uid, message in member_errors.items()
        ],
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
    declaration_form = DeclarationForm()
    if can_manage:
        present = [a for a in context["attendance"] if a.kind in {"present", "substitute"}]
        declaration_form.user_id.choices = [("", "Choose a member")] + [
            (a.user_id, a.display_name) for a in present
        ]
        declaration_form.item_id.choices = [("", "The meeting as a whole")] + [
            (n.item.id, f"{n.number}. {n.item.title}")
            for n in agenda.number_items(agenda.agenda_items(db.session, meeting)).all
        ]
    return render_template(
        "minutes/show.html",
        meeting=meeting,
        can_manage=can_manage,
        declaration_form=declaration_form,
        previous=minutes.previous_meeting(db.session, meeting) if can_manage else None,
        numbering_notes=minute_numbering.numbering_notes(db.session, meeting) if can_manage else [],
        unminuted=minute_numbering.items_without_minutes(db.session, meeting) if can_manage else [],
        **context,
    )


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
        ok, _ = save_or_flash(
            form,
            "this record",
            lambda: minutes_attendance.add_declaration(
                db.session,
                meeting,
                user_id=form.user_id.data,
                item_id=form.item_id.data,
                kind=form.kind.data,
                text=form.text.data,
            ),
        )
        if ok:
            flash("Declaration recorded", "success")
    else:
        for errors in form.errors.values():
            flash(errors[0], "error")
    return redirect(url_for("minutes.show", meeting_id=meeting.id) + "#declarations")


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
        ok, _ = save(
            form,
            "this minute",
            lambda: minutes.update_minute(
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
            ),
        )
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
    form.post_ids.choices = [
        (p.id, p.name)
        for p in db.session.scalars(select(Post).where(Post.active.is_(True)).order_by(Post.name))
    ]
    if request.method == "GET":
        form.description.data = part.text
    if form.validate_on_submit():
        done = create_once(
            form,
            "this record",
            lambda: minutes.create_action(
                db.session,
                part,
                description=form.description.data,
                post_ids=form.post_ids.data,
                due_on=form.due_on.data,
                user=current_user,
            ),
            lambda _: url_for("minutes.show", meeting_id=meeting.id) + f"#part-{part.id}",
        )
        if done.created:
            flash("Action created", "success")
        if done.url:
            return redirect(done.url)
    return render_template(
        "minutes/part_form.html", form=form, meeting=meeting, part=part, heading="Create an action"
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
    if form.validate_on_submit():
        done = create_once(
            form,
            "this record",
            lambda: minutes.create_recommendation(
                db.session,
                part,
                text=form.text.data,
                addressed_to=form.addressed_to.data,
                user=current_user,
            ),
            lambda _: url_for("minutes.show", meeting_id=meeting.id) + f"#part-{part.id}",
        )
        if done.created:
            flash("Recommendation to the executive created", "success")
        if done.url:
            return redirect(done.url)
    return render_template(
        "minutes/part_form.html",
        form=form,
        meeting=meeting,
        part=part,
        heading="Create a recommendation to the executive",
    )
