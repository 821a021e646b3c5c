"""Executive decisions: the forward plan of key decisions, decision records and call-ins
(SI 2012/2089 regs 5 and 9 to 13; Local Government Act 2000 s9F)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scrutiny.models.base import Audited, Base, Timestamped, UTCDateTime, Versioned
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting
from scrutiny.models.people import User


class MakerKind(enum.StrEnum):
    """Who takes an executive decision."""

    EXECUTIVE = "executive"
    MEMBER = "member"
    OFFICER = "officer"

    @property
    def label(self) -> str:
        return {"executive": "The Executive", "member": "Executive member", "officer": "Officer"}[
            self.value
        ]


class Urgency(enum.StrEnum):
    """How a key decision not on the forward plan in time may still be taken."""

    NONE = "none"
    GENERAL_EXCEPTION = "general_exception"
    SPECIAL_URGENCY = "special_urgency"

    @property
    def label(self) -> str:
        return {
            "none": "Noticed on the forward plan",
            "general_exception": "General exception (regulation 10)",
            "special_urgency": "Special urgency (regulation 11)",
        }[self.value]


class CallInOutcome(enum.StrEnum):
    """What the scrutiny committee decided about a valid call-in."""

    NO_FURTHER_ACTION = "no_further_action"
    REFERRED_BACK = "referred_back"
    REFERRED_TO_COUNCIL = "referred_to_council"

    @property
    def label(self) -> str:
        return {
            "no_further_action": "No further action: the decision may be implemented",
            "referred_back": "Referred back to the decision maker with the committee's concerns",
            "referred_to_council": "Referred to full council",
        }[self.value]


class ForwardPlanEntry(Audited, Versioned, Timestamped, Base):
    """One decision on the forward plan (reg 9), with its urgency route and private notices."""

    __tablename__ = "forward_plan_entries"
    __audit_parent__ = ("committees", "committee_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    matter: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: A MakerKind.
    maker_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    #: The decision maker by name or office ("Executive Member for Children's Services").
    maker: Mapped[str] = mapped_column(String(200), nullable=False)
    #: The earliest day the decision may be taken; the 28 clear days count back from it.
    decision_on: Mapped[date] = mapped_column(Date, nullable=False)
    #: The end of the period in which it is to be taken, if a period rather than a day.
    period_ends_on: Mapped[date | None] = mapped_column(Date)
    key: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    documents: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: How to get other documents as they become available (reg 9(1)(g)).
    other_documents: Mapped[str] = mapped_column(Text, nullable=False, default="")
    wards: Mapped[str] = mapped_column(String(300), nullable=False, default="All wards")
    contact: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    #: The scrutiny committee whose remit covers the decision: its chair is told of urgency,
    #: its members may call the decision in.
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    #: To be taken in a private meeting (reg 5), under `exempt_paragraph` of Schedule 12A.
    private: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    exempt_paragraph: Mapped[str | None] = mapped_column(String(10))
    private_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: Reg 5(2): the further notice, at least 5 clear days before, with representations.
    further_notice_on: Mapped[date | None] = mapped_column(Date)
    representations: Mapped[str] = mapped_column(Text, nullable=False, default="")
    representations_response: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: Reg 5(6): the chair's agreement that an urgent private meeting cannot be delayed.
    private_urgency_agreed_on: Mapped[date | None] = mapped_column(Date)
    #: An Urgency: how the key decision may be taken without 28 clear days' notice.
    urgency: Mapped[str] = mapped_column(String(20), nullable=False, default=Urgency.NONE)
    urgency_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: General exception: the day the scrutiny chair was given notice and it was published.
    chair_notified_on: Mapped[date | None] = mapped_column(Date)
    exception_published_on: Mapped[date | None] = mapped_column(Date)
    #: Special urgency: the chair who agreed and when.
    chair_agreed_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    chair_agreed_on: Mapped[date | None] = mapped_column(Date)
    #: The work programme row made when the panel picked it for pre-decision scrutiny.
    programme_item_id: Mapped[int | None] = mapped_column(ForeignKey("programme_items.id"))
    #: The later entry that replaces this one (both are kept; this one leaves the plan).
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("forward_plan_entries.id"), index=True
    )

    committee: Mapped[Committee] = relationship()
    superseded_by: Mapped[ForwardPlanEntry | None] = relationship(
        remote_side=[id], back_populates="replaces", foreign_keys=[superseded_by_id]
    )
    replaces: Mapped[ForwardPlanEntry | None] = relationship(
        back_populates="superseded_by", foreign_keys=[superseded_by_id], uselist=False
    )

    @property
    def audit_label(self) -> str:
        return f"Forward plan: {self.matter}"


class DecisionRecord(Audited, Versioned, Timestamped, Base):
    """The record of an executive decision (regs 12 and 13), published with its call-in window."""

    __tablename__ = "decision_records"
    __audit_parent__ = ("committees", "committee_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("forward_plan_entries.id"), index=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    maker_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    maker: Mapped[str] = mapped_column(String(200), nullable=False)
    key: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    decided_on: Mapped[date] = mapped_column(Date, nullable=False)
    decision: Mapped[str] = mapped_column(Text, nullable=False)
    reasons: Mapped[str] = mapped_column(Text, nullable=False, default="")
    alternatives: Mapped[str] = mapped_column(Text, nullable=False, default="")
    conflicts: Mapped[str] = mapped_column(Text, nullable=False, default="")
    dispensations: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: Exempt parts (reasons, alternatives) are withheld from the public; `public_summary` shown.
    exempt: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    exempt_paragraph: Mapped[str | None] = mapped_column(String(10))
    public_summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    #: Taken as urgent: call-in does not apply.
    urgent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    urgent_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the call-in window closes (computed once, at publication, from the settings).
    call_in_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    implemented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The later record that replaces this published one (both are kept).
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision_records.id"), index=True
    )

    entry: Mapped[ForwardPlanEntry | None] = relationship()
    committee: Mapped[Committee] = relationship()
    superseded_by: Mapped[DecisionRecord | None] = relationship(
        remote_side=[id], back_populates="replaces", foreign_keys=[superseded_by_id]
    )
    replaces: Mapped[DecisionRecord | None] = relationship(
        back_populates="superseded_by", foreign_keys=[superseded_by_id], uselist=False
    )
    call_ins: Mapped[list[CallIn]] = relationship(back_populates="decision", order_by="CallIn.id")

    @property
    def superseded(self) -> bool:
        """True once a later record replacing this one has been published."""
        return self.superseded_by is not None and self.superseded_by.published_at is not None

    @property
    def audit_label(self) -> str:
        return f"Decision: {self.title}"


class CallIn(Audited, Versioned, Timestamped, Base):
    """Councillors' call-in of a decision (s9F), its validity, hearing and outcome."""

    __tablename__ = "call_ins"
    __audit_parent__ = ("decision_records", "decision_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("decision_records.id"), nullable=False, index=True
    )
    reasons: Mapped[str] = mapped_column(Text, nullable=False)
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    #: When the required number of councillors had signed: the call-in is made.
    lodged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: None until the monitoring officer rules; then True or False.
    valid: Mapped[bool | None] = mapped_column(Boolean)
    validity_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    ruled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ruled_on: Mapped[date | None] = mapped_column(Date)
    #: The latest day the committee may consider it (working days after the ruling).
    consider_by: Mapped[date | None] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    #: A CallInOutcome, with the committee's concerns when referred.
    outcome: Mapped[str | None] = mapped_column(String(30))
    concerns: Mapped[str] = mapped_column(Text, nullable=False, default="")
    outcome_on: Mapped[date | None] = mapped_column(Date)
    reconsideration: Mapped[str] = mapped_column(Text, nullable=False, default="")
    reconsidered_on: Mapped[date | None] = mapped_column(Date)

    decision: Mapped[DecisionRecord] = relationship(back_populates="call_ins")
    started_by: Mapped[User] = relationship(foreign_keys=[started_by_id])
    ruled_by: Mapped[User | None] = relationship(foreign_keys=[ruled_by_id])
    meeting: Mapped[Meeting | None] = relationship()
    signatures: Mapped[list[CallInSignature]] = relationship(
        back_populates="call_in", order_by="CallInSignature.id"
    )

    @property
    def audit_label(self) -> str:
        return f"Call-in of decision {self.decision_id}"


class CallInSignature(Audited, Base):
    """A councillor's name on a call-in."""

    __tablename__ = "call_in_signatures"
    __audit_parent__ = ("call_ins", "call_in_id")
    __table_args__ = (UniqueConstraint("call_in_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_in_id: Mapped[int] = mapped_column(ForeignKey("call_ins.id"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)

    call_in: Mapped[CallIn] = relationship(back_populates="signatures")
    user: Mapped[User] = relationship()

    @property
    def audit_label(self) -> str:
        return f"Call-in signed by {self.user.name if self.user else self.user_id}"
