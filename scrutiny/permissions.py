"""Who may see and do what: the one permission check used by every view and template.

Permissions are named "<area>.<action>". Each maps to the roles that hold it; some also look at
the object concerned. Views call `require(...)` before touching an object; templates call
`can(...)` to decide what to show. tests/blueprints/test_permission_matrix.py proves the table.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from scrutiny.models.committees import Committee
from scrutiny.models.people import Role, User

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.ADMIN, Role.OFFICER})

#: Permissions anyone may use, including the public who are not signed in.
PUBLIC = frozenset({"committees.view"})

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
}


def _holds(user: Any, permission: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    roles = ROLE_PERMISSIONS.get(permission)
    if roles is None:
        raise KeyError(f"unknown permission {permission!r}")
    return bool(user.roles & roles)


def can(user: Any, permission: str, obj: Any = None) -> bool:
    """True if `user` (possibly anonymous) may use `permission`, on `obj` where one is given."""
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
