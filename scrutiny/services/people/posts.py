"""Posts and who holds them: actions belong to posts, so a new holder inherits them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.people import Post, PostHolding, User
from scrutiny.services.core.errors import DomainError, check_version


def _check_name(session: Session, post: Post | None, name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("Enter the post's name", field="name")
    clash = session.scalar(select(Post).where(Post.name == name))
    if clash is not None and clash is not post:
        raise DomainError(f"A post called '{name}' already exists", field="name")
    return name


def create_post(
    session: Session, *, name: str, service: str | None = None, description: str | None = None
) -> Post:
    """Create a post; DomainError if the name is missing or taken."""
    post = Post(
        name=_check_name(session, None, name),
        service=(service or "").strip() or None,
        description=(description or "").strip() or None,
        active=True,
    )
    session.add(post)
    session.flush()
    return post


def update_post(
    session: Session,
    post: Post,
    *,
    name: str,
    service: str | None,
    description: str | None,
    active: bool,
    expected_version: int | None,
) -> Post:
    """Change a post's details, refusing a stale edit or a taken name."""
    check_version(post, expected_version, "this post")
    post.name = _check_name(session, post, name)
    post.service = (service or "").strip() or None
    post.description = (description or "").strip() or None
    post.active = active
    session.flush()
    return post


def post_holdings(session: Session, post: Post) -> list[PostHolding]:
    """Every holding of a post with its holder, newest first, in one query."""
    return list(
        session.scalars(
            select(PostHolding)
            .where(PostHolding.post_id == post.id)
            .options(selectinload(PostHolding.user))
            .order_by(PostHolding.starts_on.desc())
        )
    )


def add_holder(
    session: Session, post: Post, *, user_id: int, starts_on: date, ends_on: date | None = None
) -> PostHolding:
    """Record that a user holds a post from a date; DomainError on overlapping holdings."""
    user = session.get(User, user_id)
    if user is None:
        raise DomainError("Choose a person from the list", field="user_id")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    for existing in post_holdings(session, post):
        if (
            existing.user_id == user.id
            and existing.starts_on <= (ends_on or date.max)
            and (starts_on <= (existing.ends_on or date.max))
        ):
            raise DomainError(
                f"{user.name} already holds this post for some of those dates", field="user_id"
            )
    holding = PostHolding(post=post, user=user, starts_on=starts_on, ends_on=ends_on)
    session.add(holding)
    session.flush()
    return holding


def end_holding(holding: PostHolding, ends_on: date, *, expected_version: int | None) -> None:
    """Record the last day a user held a post."""
    check_version(holding, expected_version, "this post holding")
    if ends_on < holding.starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")
    holding.ends_on = ends_on


def current_holder_names(session: Session, post_ids: list[int], on: date) -> dict[int, list[str]]:
    """For each post id, the names of its holders on a date, in one query."""
    names: dict[int, list[str]] = {post_id: [] for post_id in post_ids}
    if post_ids:
        rows = session.execute(
            select(PostHolding.post_id, User.name)
            .join(User)
            .where(PostHolding.post_id.in_(post_ids), PostHolding.current_on_clause(on))
            .order_by(User.name)
        )
        for post_id, name in rows:
            names[post_id].append(name)
    return names


def current_holders(session: Session, post: Post, on: date) -> list[User]:
    """The users holding a post on a date."""
    return [h.user for h in post_holdings(session, post) if h.current_on(on)]
