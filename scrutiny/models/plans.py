"""Service plans: a service's plan for a period, its priorities ("Fundamental 1 – Seeing and
Hearing") with impact statements, and the reports issued from it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.people import Post, User


class ServicePlan(Audited, Versioned, Timestamped, Base):
    """A service plan or improvement programme for a period."""

    __tablename__ = "service_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    service: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    directorate: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date] = mapped_column(Date, nullable=False)
    owner_post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    #: The committee that monitors the plan: its overdue actions roll onto this agenda.
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)

    owner_post: Mapped[Post | None] = relationship()
    committee: Mapped[Committee | None] = relationship()
    priorities: Mapped[list[PlanPriority]] = relationship(
        back_populates="plan", order_by="PlanPriority.position"
    )

    @property
    def period_label(self) -> str:
        return f"{self.starts_on:%B %Y} to {self.ends_on:%B %Y}"

    @property
    def audit_label(self) -> str:
        return f"Service plan: {self.title}"


class PlanPriority(Audited, Versioned, Timestamped, Base):
    """A priority of a plan, with the impact it should have."""

    __tablename__ = "plan_priorities"
    __audit_parent__ = ("service_plans", "plan_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("service_plans.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    #: "Fundamental 1 – Seeing and Hearing".
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    #: "Family Support and Safeguarding".
    focus: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    #: "How will we know when our activity has had an impact?"
    impact_statement: Mapped[str] = mapped_column(Text, nullable=False, default="")

    plan: Mapped[ServicePlan] = relationship(back_populates="priorities")

    @property
    def audit_label(self) -> str:
        return f"Priority: {self.title}"


class PlanReport(Audited, Versioned, Timestamped, Base):
    """A highlight report for a plan (or an executive summary across plans) for a period:
    editable while a draft, frozen once issued."""

    __tablename__ = "plan_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "highlight" (one plan, seed 001) or "summary" (across plans, seed 000).
    kind: Mapped[str] = mapped_column(String(20), nullable=False)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("service_plans.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False)
    #: "draft" or "issued".
    state: Mapped[str] = mapped_column(String(10), nullable=False, default="draft")
    overall_rag: Mapped[str | None] = mapped_column(String(10))
    trend: Mapped[str | None] = mapped_column(String(12))
    #: The officer's words: reason for status, risks, decisions required, and so on.
    narrative: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    #: What the data said when the report was issued (achievements, slippage, milestones...).
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    plan: Mapped[ServicePlan | None] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])

    @property
    def audit_label(self) -> str:
        return f"Report: {self.kind} {self.period_start} to {self.period_end}"


class PlanIndicator(Audited, Versioned, Timestamped, Base):
    """A key performance indicator of a plan: target, current and previous value (seed 001)."""

    __tablename__ = "plan_indicators"
    __audit_parent__ = ("service_plans", "plan_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("service_plans.id"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    #: Shown after each value: "%", " days", "" for a count.
    unit: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    #: True when a higher value is better (e.g. % of visits on time), False when lower is.
    higher_is_better: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    target: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    current_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    previous_value: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    #: When the current value was recorded (London date), e.g. the end of the quarter.
    measured_on: Mapped[date | None] = mapped_column(Date)

    @property
    def audit_label(self) -> str:
        return f"Indicator: {self.name}"
