"""Public meeting pages: the calendar, a meeting's agenda, packs, documents and iCal feeds."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from flask import abort, current_app, render_template, request, send_file
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from scrutiny.blueprints.common import committee_or_404, paginate
from scrutiny.blueprints.meetings import bp
from scrutiny.blueprints.page_cache import public_page
from scrutiny.blueprints.params import int_arg, parse_date
from scrutiny.database import recording_from_a_page_view
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, MeetingStatus, ReportDocument
from scrutiny.permissions import can, require
from scrutiny.services.actions import carried_lines
from scrutiny.services.core import audit, clocks
from scrutiny.services.core.clocks import now, to_local
from scrutiny.services.files import documents
from scrutiny.services.meetings import agenda, meeting_browse, meeting_calendar, meetings, packs
from scrutiny.services.programme import work_programme


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not can(current_user, "meetings.view", meeting):
        abort(404)  # an unpublished meeting does not exist for those who may not see it
    return meeting


def _visible_meetings():
    query = select(Meeting).options(selectinload(Meeting.committee))
    if not can(current_user, "meetings.view_unpublished"):
        query = query.where(Meeting.status != MeetingStatus.DRAFT)
    return query


def _date_range(query, errors: list):
    """The list narrowed by typed From/To dates, or None when neither was typed."""
    typed_from, typed_to = request.args.get("from", ""), request.args.get("to", "")
    if not typed_from and not typed_to:
        return None
    start, end = parse_date(typed_from), parse_date(typed_to)
    if typed_from and start is None:
        errors.append(("from", "The 'from' date must be a real date"))
    if typed_to and end is None:
        errors.append(("to", "The 'to' date must be a real date"))
    if start:
        query = query.where(Meeting.starts_at >= meetings.local_datetime(start, time(0, 0)))
    if end:
        query = query.where(Meeting.starts_at < meetings.local_datetime(end, time(23, 59, 59)))
    return query.order_by(Meeting.starts_at)


def _committee_choices():
    return db.session.execute(
        select(Committee.slug, Committee.name)
        .where(Committee.active.is_(True))
        .order_by(Committee.name)
    ).all()


@bp.route("/meetings/")
@public_page(moments=meetings.start_times)
def index():
    """Meetings across committees: upcoming or past, a municipal year, or typed dates;
    filtered by committee, paginated."""
    require("meetings.view")
    committee_slug = request.args.get("committee", "")
    query = _visible_meetings()
    if committee_slug:
        query = query.join(Committee).where(Committee.slug == committee_slug)
    shown, choice = _chosen_view(query)
    return render_template(
        "meetings/index.html",
        page=paginate(shown),
        committee=committee_slug,
        committees=_committee_choices(),
        years=meeting_browse.municipal_years(db.session, query),
        start=request.args.get("from", ""),
        end=request.args.get("to", ""),
        **choice,
    )


def _chosen_view(query):
    """The meetings the visitor chose (upcoming, past, a municipal year or typed dates), and
    the choice as the template shows it (view, year, errors in the typed dates)."""
    view = meeting_browse.PAST if request.args.get("when") == "past" else meeting_browse.UPCOMING
    year = int_arg("year", minimum=1900, maximum=2200)
    errors: list = []
    ranged = _date_range(query, errors)
    if ranged is not None:
        return ranged, {"view": "dates", "year": None, "errors": errors}
    shown = meeting_browse.in_view(query, view, year, now())
    return shown, {"view": view, "year": year, "errors": errors}


@bp.route("/meetings/calendar")
@public_page()
def month():
    """A month of meetings as a calendar table (Monday to Sunday), filtered by committee."""
    require("meetings.view")
    committee_slug = request.args.get("committee", "")
    typed = request.args.get("month", "")
    first = parse_date(f"{typed}-01") if typed else None
    if typed and first is None:
        abort(400)
    first = first or clocks.today().replace(day=1)
    start, end = meeting_browse.month_bounds(first)
    query = _visible_meetings().where(Meeting.starts_at >= start, Meeting.starts_at < end)
    if committee_slug:
        query = query.join(Committee).where(Committee.slug == committee_slug)
    return render_template(
        "meetings/calendar.html",
        month=meeting_browse.month_grid(first, list(db.session.scalars(query))),
        committee=committee_slug,
        committees=_committee_choices(),
        today=clocks.today(),
    )


@bp.route("/meetings/<int:meeting_id>")
@public_page()
def show(meeting_id: int):
    """A meeting: date, venue, deadline, status and, once published, its agenda."""
    meeting = _meeting_or_404(meeting_id)
    can_manage = can(current_user, "meetings.manage", meeting)
    agenda_visible = can(current_user, "agenda.view", meeting)
    numbered = agenda.number_items(agenda.agenda_items(db.session, meeting))
    if not can(current_user, "exempt.view", meeting):
        numbered.exempt = []
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        number=meetings.meeting_number(db.session, meeting),
        deadline_state=meetings.deadline_state(meeting, clocks.today()),
        agenda=numbered if agenda_visible else None,
        can_manage=can_manage,
        history=audit.history_for(db.session, meeting) if can_manage else None,
        today=clocks.today(),
        planned=work_programme.planned_reports(db.session, meeting) if can_manage else [],
        carried=carried_lines.lines_by_item(db.session, meeting, clocks.today())
        if agenda_visible
        else {},
    )


def _record_pack_problems() -> None:
    """Documents the pack had to leave out (or took back) are flagged to officers: recorded in
    a short transaction of its own, since a page view never writes."""
    changed = {d.id: d.pack_problem for d in db.session.dirty if isinstance(d, ReportDocument)}
    db.session.rollback()
    if changed:
        with audit.acting_as(label="Agenda pack"), recording_from_a_page_view() as writer:
            for document_id, problem in changed.items():
                writer.get(ReportDocument, document_id).pack_problem = problem


def _pack_response(meeting: Meeting, include_exempt: bool):
    kind = "members" if include_exempt else "public"
    cache = Path(current_app.instance_path) / "packs"
    cache.mkdir(parents=True, exist_ok=True)
    key = packs.fingerprint(db.session, meeting, include_exempt=include_exempt, now=now())
    target = cache / f"meeting-{meeting.id}-{kind}-{key[:32]}.pdf"
    if not target.exists():
        with db.session.no_autoflush:
            data = packs.build_pack(db.session, meeting, include_exempt=include_exempt, now=now())
        _record_pack_problems()
        draft = target.with_suffix(".part")
        draft.write_bytes(data)
        draft.replace(target)
    starts = to_local(meeting.starts_at)
    name = f"{meeting.committee.slug}-{starts:%Y-%m-%d}-{kind}-pack.pdf"
    return send_file(target, mimetype="application/pdf", download_name=name, as_attachment=False)


@bp.route("/meetings/<int:meeting_id>/pack.pdf")
def public_pack(meeting_id: int):
    """The Public Document Pack: no exempt item or document in it."""
    meeting = _meeting_or_404(meeting_id)
    if not can(current_user, "agenda.view", meeting):
        abort(404)
    return _pack_response(meeting, include_exempt=False)


@bp.route("/meetings/<int:meeting_id>/members-pack.pdf")
def members_pack(meeting_id: int):
    """The members' pack, with Part 2 items and documents."""
    meeting = _meeting_or_404(meeting_id)
    require("exempt.view", meeting)
    if not can(current_user, "agenda.view", meeting):
        abort(404)
    return _pack_response(meeting, include_exempt=True)


@bp.route("/documents/<int:document_id>")
def document(document_id: int):
    """A report document, to those allowed to see it (404 to everyone else)."""
    item = db.session.get(ReportDocument, document_id)
    if item is None or not can(current_user, "documents.view", item):
        abort(404)
    path = documents.path_for(item.sha256)
    mimetype = documents.PDF_MIME if item.file_type == "pdf" else documents.DOCX_MIME
    response = send_file(path, mimetype=mimetype, download_name=item.filename)
    if item.item.exempt:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _feed(query, name: str):
    base_url = current_app.config["SCRUTINY_BASE_URL"]
    host = base_url.split("//", 1)[-1].split("/", 1)[0]
    rows = db.session.scalars(
        query.where(Meeting.status != MeetingStatus.DRAFT)
        .options(selectinload(Meeting.committee))
        .order_by(Meeting.starts_at)
    )
    body = meeting_calendar.meetings_calendar(
        rows, name=name, base_url=base_url, host=host, now=now()
    )
    return current_app.response_class(body, content_type="text/calendar; charset=utf-8")


@bp.route("/meetings.ics")
def feed_all():
    """All committees' meetings as an iCalendar feed."""
    return _feed(select(Meeting), f"{current_app.config['SCRUTINY_COUNCIL_NAME']} meetings")


@bp.route("/committees/<slug>/meetings.ics")
def feed_committee(slug: str):
    """One committee's meetings as an iCalendar feed."""
    committee = committee_or_404(slug)
    return _feed(select(Meeting).where(Meeting.committee_id == committee.id), committee.name)


def meeting_heading(meeting: Meeting) -> str:
    """'Friday 24 February 2023, 10:00am' for headings."""
    local: datetime = to_local(meeting.starts_at)
    return f"{local:%A} {local.day} {local:%B %Y}, {meeting_browse.time_label(meeting)}"


bp.add_app_template_filter(meeting_heading, "meeting_heading")
bp.add_app_template_filter(meeting_browse.time_label, "meeting_time")
