"""Choices for select fields that several blueprints share: people, posts and committees,
active ones only, ordered by name, each one query."""

from __future__ import annotations

from sqlalchemy import select

from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.models.people import Post, User


def _blank(label: str | None) -> list[tuple]:
    return [("", label)] if label else []


def people(blank: str | None = "Choose a person") -> list[tuple]:
    """Active users as "Name (email)", so two people with one name can be told apart."""
    rows = db.session.execute(
        select(User.id, User.name, User.email).where(User.active.is_(True)).order_by(User.name)
    )
    return _blank(blank) + [(r.id, f"{r.name} ({r.email})") for r in rows]


def posts(blank: str | None = None) -> list[tuple]:
    """Active posts (the owners of actions)."""
    rows = db.session.execute(
        select(Post.id, Post.name).where(Post.active.is_(True)).order_by(Post.name)
    )
    return _blank(blank) + [(r.id, r.name) for r in rows]


def committees(blank: str | None = None, *, kind: str | None = None) -> list[tuple]:
    """Active committees, optionally of one kind (such as scrutiny panels)."""
    query = select(Committee.id, Committee.name).where(Committee.active.is_(True))
    if kind is not None:
        query = query.where(Committee.kind == kind)
    return _blank(blank) + [
        (r.id, r.name) for r in db.session.execute(query.order_by(Committee.name))
    ]
