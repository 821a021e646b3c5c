"""Committee list and committee page views."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from scrutiny.blueprints.committees import bp
from scrutiny.blueprints.common import committee_or_404, paginate
from scrutiny.blueprints.page_cache import public_page
from scrutiny.extensions import db
from scrutiny.models.committees import Committee, CommitteeKind
from scrutiny.models.people import User
from scrutiny.permissions import can, require
from scrutiny.services.core import audit, clocks
from scrutiny.services.core.clocks import now
from scrutiny.services.meetings import meeting_browse, meetings
from scrutiny.services.minutes import attendance_figures, minutes_attendance
from scrutiny.services.people import committees
from scrutiny.services.programme import task_groups


@bp.route("/")
@public_page()
def index():
    """Committees, filtered by kind, paginated; inactive ones only for staff."""
    require("committees.view")
    kind = request.args.get("kind", "")
    query = select(Committee).options(selectinload(Committee.parent)).order_by(Committee.name)
    if kind in {k.value for k in CommitteeKind}:
        query = query.where(Committee.kind == kind)
    if not can(current_user, "committees.view_inactive"):
        query = query.where(Committee.active.is_(True))
    page = paginate(query)
    return render_template("committees/index.html", page=page, kind=kind, kinds=list(CommitteeKind))


@bp.route("/<slug>")
@public_page(moments=meetings.start_times)
def show(slug: str):
    """A committee's remit, current members and sub-groups, and its history for staff."""
    committee = committee_or_404(slug, visible=False)
    require("committees.view", committee)
    groups, children = _visible_sub_groups(committee)
    drafts = can(current_user, "meetings.view_unpublished")
    may_see_history = can(current_user, "history.view", committee)
    return render_template(
        "committees/show.html",
        committee=committee,
        members=committees.current_members(db.session, committee, clocks.today()),
        children=children,
        groups=groups,
        own_group=task_groups.group_of(db.session, committee),
        history=audit.history_for(db.session, committee) if may_see_history else None,
        upcoming=meetings.upcoming(db.session, committee, now(), include_drafts=drafts),
        recent=meeting_browse.recent(db.session, committee, now(), include_drafts=drafts),
    )


def _visible_sub_groups(committee: Committee) -> tuple[list, list[Committee]]:
    """The committee's task-and-finish groups and its other sub-committees, those the user may
    see."""
    groups = [
        g
        for g in task_groups.groups_of(db.session, committee)
        if can(current_user, "committees.view", g.committee)
    ]
    grouped = {g.committee_id for g in groups}
    children = [
        c
        for c in committee.children
        if c.id not in grouped and can(current_user, "committees.view", c)
    ]
    return groups, children


@bp.route("/members/<int:user_id>")
@public_page()
def member(user_id: int):
    """A member's profile: the committees they sit on, their attendance figures per municipal
    year and their declarations of interest."""
    person = db.session.get(User, user_id)
    may_see = lambda committee: can(current_user, "committees.view", committee)  # noqa: E731
    memberships = [
        m
        for m in committees.memberships_of(db.session, user_id, clocks.today())
        if may_see(m.committee)
    ]
    if person is None or not (memberships or can(current_user, "users.view", person)):
        abort(404)
    public = not can(current_user, "meetings.view_unpublished")
    return render_template(
        "committees/member.html",
        person=person,
        memberships=memberships,
        declarations=minutes_attendance.declarations_of(db.session, person, public_only=public),
        attendance=attendance_figures.figures_for(
            db.session, person, public_only=public, may_see=may_see
        ),
    )
