"""factory_boy factories for every model, writing through the app's session."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

import factory
from factory.alchemy import SQLAlchemyModelFactory
from werkzeug.security import generate_password_hash

from scrutiny.extensions import db
from scrutiny.models import (
    AgendaItem,
    Committee,
    Meeting,
    Membership,
    Post,
    PostHolding,
    User,
    UserRole,
)

PASSWORD = "correct-horse-battery-staple"


@cache
def password_hash() -> str:
    """The hash of PASSWORD, computed once because the slow hash is slow on purpose."""
    return generate_password_hash(PASSWORD)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class UserFactory(BaseFactory):
    class Meta:
        model = User
        exclude = ("roles",)

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@council.example")
    active = True
    session_version = 1
    password_hash = factory.LazyFunction(password_hash)
    roles: list[str] = []
    role_rows = factory.LazyAttribute(lambda o: [UserRole(role=r) for r in o.roles])


class PostFactory(BaseFactory):
    class Meta:
        model = Post

    name = factory.Sequence(lambda n: f"Head of Service {n}")
    service = "Children's Services"
    active = True


class PostHoldingFactory(BaseFactory):
    class Meta:
        model = PostHolding

    post = factory.SubFactory(PostFactory)
    user = factory.SubFactory(UserFactory)
    starts_on = date(2026, 1, 1)


class CommitteeFactory(BaseFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Scrutiny Panel {n}")
    slug = factory.Sequence(lambda n: f"scrutiny-panel-{n}")
    kind = "scrutiny_panel"
    minute_prefix = "SP"
    active = True


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    starts_on = date(2026, 1, 1)


class MeetingFactory(BaseFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    starts_at = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)
    venue = "Town Hall"
    formal = True
    status = "draft"


class AgendaItemFactory(BaseFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: (n + 1) * 10)
    kind = "report"
    title = factory.Sequence(lambda n: f"Report {n}")
    exempt = False
