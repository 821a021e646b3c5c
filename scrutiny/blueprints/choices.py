"""Choices for select and checkbox fields that several blueprints offer: active posts, people
and committees, each one query, ordered by name, after an optional blank choice."""

from __future__ import annotations

from sqlalchemy import select

from scrutiny.extensions import db
from scrutiny.models.committees import Committee, CommitteeKind
from scrutiny.models.people import Post, User


def _with_blank(blank: str | None, rows: list[tuple]) -> list[tuple]:
    return ([("", blank)] if blank else []) + rows


def post_choices(blank: str | None = None) -> list[tuple]:
    """Active posts (id, name), for choosing an action's owners."""
    posts = db.session.scalars(select(Post).where(Post.active.is_(True)).order_by(Post.name))
    return _with_blank(blank, [(p.id, p.name) for p in posts])


def people_choices(blank: str | None = None) -> list[tuple]:
    """Active people (id, name)."""
    rows = db.session.execute(
        select(User.id, User.name).where(User.active.is_(True)).order_by(User.name)
    )
    return _with_blank(blank, [(r.id, r.name) for r in rows])


def people_with_email_choices() -> list[tuple]:
    """Active people as "name (email)", after "Choose a person" (to tell namesakes apart)."""
    rows = db.session.execute(
        select(User.id, User.name, User.email).where(User.active.is_(True)).order_by(User.name)
    )
    return [("", "Choose a person")] + [(r.id, f"{r.name} ({r.email})") for r in rows]


def committee_choices(blank: str | None = None, *, kind: str | None = None) -> list[tuple]:
    """Active committees (id, name), of one kind if given."""
    query = select(Committee).where(Committee.active.is_(True)).order_by(Committee.name)
    if kind is not None:
        query = query.where(Committee.kind == kind)
    return _with_blank(blank, [(c.id, c.name) for c in db.session.scalars(query)])


def panel_choices() -> list[tuple]:
    """Active scrutiny panels (id, name): the committees forward plan entries and executive
    decisions are for."""
    return committee_choices(kind=CommitteeKind.SCRUTINY_PANEL)
