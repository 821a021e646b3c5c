"""All models, imported here so Alembic and the app see the whole schema."""

from scrutiny.models.actions import Action, ActionDueRevision, ActionStatus, ActionUpdate, Rag
from scrutiny.models.alerts import AlertSubscription
from scrutiny.models.annual_reports import AnnualReport
from scrutiny.models.audit import AuditEvent
from scrutiny.models.auth import PasswordResetToken, SignInAttempt
from scrutiny.models.base import Base
from scrutiny.models.committees import Committee, CommitteeKind, Membership, MembershipRole
from scrutiny.models.executive_decisions import (
    CallIn,
    CallInOutcome,
    CallInSignature,
    DecisionRecord,
    ForwardPlanEntry,
    MakerKind,
    Urgency,
)
from scrutiny.models.idempotency import FormSubmission
from scrutiny.models.meetings import (
    EXEMPT_PARAGRAPHS,
    AgendaItem,
    ItemKind,
    Meeting,
    MeetingStatus,
    ReportDocument,
    StandardItem,
)
from scrutiny.models.minutes import (
    Attendance,
    AttendanceKind,
    Declaration,
    InterestKind,
    Minute,
    MinutesApproval,
    OutcomeKind,
    OutcomePart,
)
from scrutiny.models.outbox import OutboxMessage, OutboxStatus
from scrutiny.models.people import Post, PostHolding, Role, User, UserRole
from scrutiny.models.plans import PlanIndicator, PlanPriority, PlanReport, ServicePlan
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import (
    Recommendation,
    RecommendationResponse,
    RecStatus,
    ResponseKind,
    Submission,
)
from scrutiny.models.scheduling import Carry, JobRun, Reminder, SchedulerLease
from scrutiny.models.search import SearchDocument
from scrutiny.models.table_changes import TableChange
from scrutiny.models.task_groups import GroupSession, GroupStatus, SessionKind, TaskGroup

__all__ = [
    "CallIn",
    "CallInOutcome",
    "CallInSignature",
    "DecisionRecord",
    "ForwardPlanEntry",
    "MakerKind",
    "Urgency",
    "AnnualReport",
    "EXEMPT_PARAGRAPHS",
    "Action",
    "ActionDueRevision",
    "ActionStatus",
    "ActionUpdate",
    "AlertSubscription",
    "Rag",
    "RecommendationResponse",
    "RecStatus",
    "ResponseKind",
    "Submission",
    "AgendaItem",
    "Attendance",
    "AttendanceKind",
    "AuditEvent",
    "Base",
    "Committee",
    "Declaration",
    "FormSubmission",
    "InterestKind",
    "ItemKind",
    "Meeting",
    "MeetingStatus",
    "Minute",
    "MinutesApproval",
    "OutcomeKind",
    "OutcomePart",
    "Recommendation",
    "ReportDocument",
    "StandardItem",
    "CommitteeKind",
    "Membership",
    "MembershipRole",
    "OutboxMessage",
    "OutboxStatus",
    "PasswordResetToken",
    "Post",
    "ProgrammeItem",
    "PostHolding",
    "Role",
    "Section",
    "PlanIndicator",
    "PlanPriority",
    "PlanReport",
    "ServicePlan",
    "Carry",
    "JobRun",
    "Reminder",
    "SchedulerLease",
    "SearchDocument",
    "TableChange",
    "SessionKind",
    "GroupSession",
    "GroupStatus",
    "TaskGroup",
    "SignInAttempt",
    "User",
    "UserRole",
]
