"""All models, imported here so Alembic and the app see the whole schema."""

from scrutiny.models.audit import AuditEvent
from scrutiny.models.auth import PasswordResetToken, SignInAttempt
from scrutiny.models.base import Base
from scrutiny.models.committees import Committee, CommitteeKind, Membership, MembershipRole
from scrutiny.models.meetings import (
    EXEMPT_PARAGRAPHS,
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    ReportDocument,
    StandardItem,
)
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import Post, PostHolding, Role, User, UserRole

__all__ = [
    "EXEMPT_PARAGRAPHS",
    "AgendaItem",
    "AuditEvent",
    "Base",
    "Committee",
    "ItemKind",
    "Meeting",
    "MeetingStatus",
    "ReportDocument",
    "StandardItem",
    "CommitteeKind",
    "Membership",
    "MembershipRole",
    "OutboxMessage",
    "OutboxStatus",
    "PasswordResetToken",
    "Post",
    "PostHolding",
    "Role",
    "SignInAttempt",
    "User",
    "UserRole",
]
