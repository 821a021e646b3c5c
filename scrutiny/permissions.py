"""Who may see and do what: the one permission check used by every view and template.

Permissions are named "<area>.<action>". Each maps to the roles that hold it; some also look at
the object concerned. Views call `require(...)` before touching an object; templates call
`can(...)` to decide what to show. tests/blueprints/test_permission_matrix.py proves the table.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, has_request_context
from flask_login import current_user

from scrutiny.models.actions import Action
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting, ReportDocument
from scrutiny.models.people import Role, User
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.core import clocks, exemption

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.ADMIN, Role.OFFICER})

#: Permissions anyone may use, including the public who are not signed in (some look at the
#: object: an unpublished agenda or an exempt document is never public).
PUBLIC = frozenset(
    {
        "committees.view",
        "meetings.view",
        "agenda.view",
        "documents.view",
        "programme.view",
        "task_groups.view",
        "recommendations.view",
        "forward_plan.view",
        "executive_decisions.view",
        "annual_reports.view",
    }
)

#: Permission -> roles that hold it.
ROLE_PERMISSIONS: dict[str, frozenset[Role]] = {
    "dashboard.view": ALL_ROLES,
    "users.view": frozenset({Role.ADMIN}),
    "users.manage": frozenset({Role.ADMIN}),
    "posts.view": STAFF,
    "posts.manage": frozenset({Role.ADMIN}),
    "committees.manage": STAFF,
    "committees.view_inactive": STAFF,
    "history.view": STAFF,
    "outbox.view": frozenset({Role.ADMIN}),
    "meetings.manage": STAFF,
    "meetings.view_unpublished": STAFF,
    "exempt.view_all": STAFF,
    "exempt.release": STAFF,
    "programme.propose": frozenset({Role.ADMIN, Role.OFFICER, Role.COUNCILLOR}),
    "programme.manage": STAFF,
    "task_groups.manage": STAFF,
    "task_groups.view_notes": STAFF,
    "recommendations.submit": STAFF,
    "recommendations.respond": frozenset({Role.ADMIN, Role.OFFICER, Role.EXECUTIVE}),
    "recommendations.close": STAFF,
    "recommendations.view_drafts": STAFF,
    "actions.update_any": STAFF,
    #: Owners hold actions through posts: "My actions" is in their main menu.
    "actions.own": frozenset({Role.OWNER}),
    "plans.view": ALL_ROLES,
    "plans.manage": STAFF,
    "forward_plan.manage": STAFF,
    "executive_decisions.manage": STAFF,
    #: Councillors sign call-ins (services/decisions/call_in.py checks they sit on the committee).
    "call_ins.sign": frozenset({Role.COUNCILLOR}),
    "call_ins.view": ALL_ROLES,
    #: The monitoring officer (an officer) rules on validity and records the hearing.
    "call_ins.manage": STAFF,
    "annual_reports.manage": STAFF,
}


def _holds(user: Any, permission: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    roles = ROLE_PERMISSIONS.get(permission)
    if roles is None:
        raise KeyError(f"unknown permission {permission!r}")
    return bool(user.roles & roles)


def _sits_on(user: Any, committee_id: int, day) -> bool:
    """True if the user is a current member of the committee (for Part 2 papers)."""
    from sqlalchemy import select

    from scrutiny.extensions import db
    from scrutiny.models.committees import Membership

    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.committee_id == committee_id,
                Membership.current_on_clause(day),
            )
        )
        is not None
    )


def _chairs(user: Any, committee: Committee) -> bool:
    """True if the user chairs the committee today (chairmen may change its programme)."""
    if not getattr(user, "is_authenticated", False):
        return False
    from sqlalchemy import select

    from scrutiny.extensions import db
    from scrutiny.models.committees import Membership

    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id,
                Membership.committee_id == committee.id,
                Membership.role == "chairman",
                Membership.current_on_clause(clocks.today()),
            )
        )
        is not None
    )


def _sits_on_group_or_panel(user: Any, group_committee: Committee) -> bool:
    """Members of a task-and-finish group and of its parent panel may read its session notes."""
    if not getattr(user, "is_authenticated", False):
        return False

    today = clocks.today()
    return _sits_on(user, group_committee.id, today) or (
        group_committee.parent_id is not None and _sits_on(user, group_committee.parent_id, today)
    )


def _holds_owner_post(user: Any, action: Action) -> bool:
    """True if the user holds, today, one of the posts that own the action."""
    if not getattr(user, "is_authenticated", False):
        return False
    from sqlalchemy import select

    from scrutiny.extensions import db
    from scrutiny.models.actions import action_owner_posts
    from scrutiny.models.people import PostHolding

    return (
        db.session.scalar(
            select(PostHolding.id)
            .join(action_owner_posts, action_owner_posts.c.post_id == PostHolding.post_id)
            .where(
                action_owner_posts.c.action_id == action.id,
                PostHolding.user_id == user.id,
                PostHolding.current_on_clause(clocks.today()),
            )
            .limit(1)
        )
        is not None
    )


def can_see_exempt(user: Any, meeting: Meeting) -> bool:
    """Staff, and councillors who sit on the meeting's committee, may see its Part 2 papers."""
    if _holds(user, "exempt.view_all"):
        return True
    if not getattr(user, "is_authenticated", False) or Role.COUNCILLOR not in user.roles:
        return False

    return _sits_on(user, meeting.committee_id, clocks.today())


def audience(user: Any) -> exemption.Audience:
    """Who `user` is for exempt-derived content (worked out once per request)."""
    if not getattr(user, "is_authenticated", False):
        return exemption.PUBLIC
    cached = g.get("_audience") if has_request_context() else None
    if cached is not None and cached[0] == user.id:
        return cached[1]
    from scrutiny.extensions import db

    found = exemption.audience_for(
        db.session, user, staff=_holds(user, "exempt.view_all"), today=clocks.today()
    )
    if has_request_context():
        g._audience = (user.id, found)
    return found


def _may_see_derived(user: Any, obj: Any) -> bool:
    from scrutiny.extensions import db

    return exemption.may_see(db.session, audience(user), obj)


def _meeting_rule(user: Any, permission: str, meeting: Meeting) -> bool:
    if permission == "meetings.view":
        return meeting.status != "draft" or _holds(user, "meetings.view_unpublished")
    if permission == "agenda.view":
        return meeting.is_public or _holds(user, "meetings.view_unpublished")
    return False


def _document_rule(user: Any, document: ReportDocument) -> bool:
    item = document.item
    if document.replaced_by_id is not None and not _holds(user, "meetings.view_unpublished"):
        return False
    if not _meeting_rule(user, "agenda.view", item.meeting):
        return False
    return not item.exempt or can_see_exempt(user, item.meeting)


def can(user: Any, permission: str, obj: Any = None) -> bool:
    """True if `user` (possibly anonymous) may use `permission`, on `obj` where one is given."""
    if isinstance(obj, Meeting) and permission in {"meetings.view", "agenda.view"}:
        return _meeting_rule(user, permission, obj)
    if permission == "documents.view":
        return isinstance(obj, ReportDocument) and _document_rule(user, obj)
    if permission == "exempt.view":
        return isinstance(obj, Meeting) and can_see_exempt(user, obj)
    if permission in {"programme.manage", "task_groups.manage"} and isinstance(obj, Committee):
        return _holds(user, permission) or _chairs(user, obj)
    if permission == "task_groups.view_notes" and isinstance(obj, Committee):
        return _holds(user, permission) or _sits_on_group_or_panel(user, obj)
    if permission == "recommendations.view" and isinstance(obj, Recommendation):
        if obj.status == "draft" and not _holds(user, "recommendations.view_drafts"):
            return False
        return _may_see_derived(user, obj)
    if permission == "actions.view":
        return (
            isinstance(obj, Action)
            and getattr(user, "is_authenticated", False)
            and _may_see_derived(user, obj)
        )
    if permission == "actions.update":
        return isinstance(obj, Action) and (
            _holds(user, "actions.update_any") or _holds_owner_post(user, obj)
        )
    if permission in {"forward_plan.view", "executive_decisions.view"} and obj is not None:
        published = getattr(obj, "published_at", None) is not None
        return published or _holds(user, permission.split(".")[0] + ".manage")
    if permission == "committees.view":
        if isinstance(obj, Committee) and not obj.active:
            return _holds(user, "committees.view_inactive")
        return True
    if permission in PUBLIC:
        return True
    if permission == "users.view" and isinstance(obj, User) and getattr(user, "id", None) == obj.id:
        return True
    return _holds(user, permission)


def require(permission: str, obj: Any = None) -> None:
    """Stop the request unless the current user may: sign-in page if anonymous, else 403."""
    if can(current_user, permission, obj):
        return
    if not current_user.is_authenticated:
        from scrutiny.extensions import login_manager

        abort(login_manager.unauthorized())
    abort(403)
