"""People and posts: users with roles, and the organisational posts they hold over time."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, DatedPeriod, Timestamped, UTCDateTime, Versioned


class Role(enum.StrEnum):
    """What a user may do; a user may hold several."""

    ADMIN = "admin"
    OFFICER = "officer"
    COUNCILLOR = "councillor"
    OWNER = "owner"
    EXECUTIVE = "executive"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.OFFICER: "Democratic services officer",
    Role.COUNCILLOR: "Councillor",
    Role.OWNER: "Head of service / action owner",
    Role.EXECUTIVE: "Executive member",
}


class User(Audited, Versioned, Timestamped, UserMixin, Base):
    """A person: may sign in if active and given a password; never deleted, only deactivated."""

    __tablename__ = "users"
    __audit_exclude__ = frozenset(
        {
            "version",
            "updated_at",
            "created_at",
            "password_hash",
            "session_version",
            "last_sign_in_at",
        }
    )
    __audit_collections__ = {"role_rows": lambda row: row.role}

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased so look-ups and uniqueness ignore case.
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: None for people who never sign in (e.g. co-opted members recorded only for minutes).
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    #: Bumped on sign-out, password change and deactivation; sessions carrying an older value end.
    session_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    #: "each" (a mail per reminder) or "digest" (one mail a day collecting them).
    reminder_mode: Mapped[str] = mapped_column(
        String(10), nullable=False, default="each", server_default="each"
    )
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    post_holdings: Mapped[list[PostHolding]] = relationship(back_populates="user")

    @property
    def roles(self) -> set[Role]:
        return {Role(row.role) for row in self.role_rows}

    def has_role(self, *roles: Role | str) -> bool:
        """True if the user holds any of `roles`."""
        held = {r.value for r in self.roles}
        return any(Role(r).value in held for r in roles)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """Session identity: id and session version, so a bumped version ends old sessions."""
        return f"{self.id}.{self.session_version}"

    @property
    def audit_label(self) -> str:
        return f"User: {self.name}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserRole(Base):
    """One role held by one user."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    role: Mapped[str] = mapped_column(String(20), nullable=False, index=True)

    user: Mapped[User] = relationship(back_populates="role_rows")


class Post(Audited, Versioned, Timestamped, Base):
    """An organisational role that owns actions ("Head of Commissioning"), held over time."""

    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    #: The directorate or service the post sits in ("Children's Services").
    service: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    holdings: Mapped[list[PostHolding]] = relationship(
        back_populates="post", order_by="PostHolding.starts_on.desc()"
    )

    @property
    def audit_label(self) -> str:
        return f"Post: {self.name}"

    def __repr__(self) -> str:
        return f"<Post {self.name}>"


class PostHolding(Audited, Versioned, DatedPeriod, Timestamped, Base):
    """A user holding a post from a date, until an end date (None while they still hold it)."""

    __tablename__ = "post_holdings"
    __audit_parent__ = ("posts", "post_id")
    __table_args__ = (Index("ix_post_holdings_post_dates", "post_id", "starts_on", "ends_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)

    post: Mapped[Post] = relationship(back_populates="holdings")
    user: Mapped[User] = relationship(back_populates="post_holdings")

    @property
    def audit_label(self) -> str:
        return f"Post holder: {self.user.name} as {self.post.name}"
