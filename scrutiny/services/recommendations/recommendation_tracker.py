"""The recommendations tracker across panels: filters in SQL, counts per status, each row's
deadline flag, first panel meeting after submission and implementation RAG in a fixed number
of queries, and a panel's annual figures for its annual report.

"Response overdue" is derived, never stored: submitted, not yet answered, and past the
statutory deadline. In the tracker it is a status of its own, so "Awaiting response" there
means awaiting and not yet overdue, and the counts per status add up to the total.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from scrutiny.models.actions import Action, ActionUpdate
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import Meeting
from scrutiny.models.people import User
from scrutiny.models.recommendations import (
    Recommendation,
    RecommendationResponse,
    RecStatus,
    ResponseKind,
)
from scrutiny.services.actions.actions import implementation_label, latest_updates, overall_rag
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import to_local
from scrutiny.services.meetings.meetings import municipal_year_label, municipal_year_start
from scrutiny.services.recommendations.response_deadlines import deadline_flag, first_meetings_after

#: The derived status: submitted, unanswered and past the statutory deadline.
RESPONSE_OVERDUE = "response_overdue"

#: Tracker statuses in display order, with their labels (the derived one after "awaiting").
STATUS_LABELS: dict[str, str] = {
    RecStatus.DRAFT: RecStatus.DRAFT.label,
    RecStatus.AGREED: RecStatus.AGREED.label,
    RecStatus.SUBMITTED: "Awaiting response (not yet due)",
    RESPONSE_OVERDUE: "Response overdue",
    RecStatus.RESPONDED: RecStatus.RESPONDED.label,
    RecStatus.IN_PROGRESS: RecStatus.IN_PROGRESS.label,
    RecStatus.IMPLEMENTED: RecStatus.IMPLEMENTED.label,
    RecStatus.NOT_IMPLEMENTED: RecStatus.NOT_IMPLEMENTED.label,
    RecStatus.SUPERSEDED: RecStatus.SUPERSEDED.label,
    RecStatus.CLOSED: RecStatus.CLOSED.label,
}

DEADLINE_LABELS = {"overdue": "Overdue", "due_soon": "Due soon"}


@dataclass(frozen=True)
class TrackerFilters:
    """What the tracker is narrowed to; None means "any"."""

    committee_id: int | None = None
    #: A RecStatus value or RESPONSE_OVERDUE.
    status: str | None = None
    responder_id: int | None = None
    #: The 1 May starting the municipal year, matched against the day the panel agreed it.
    year_start: date | None = None
    #: Who is reading: exempt-derived recommendations only for those entitled.
    audience: exemption.Audience = exemption.PUBLIC


def status_choices(include_drafts: bool) -> list[tuple[str, str]]:
    """(value, label) pairs for the status filter; drafts only for those who may see them."""
    return [
        (str(value), label)
        for value, label in STATUS_LABELS.items()
        if include_drafts or value != RecStatus.DRAFT
    ]


def year_end(year_start: date) -> date:
    """The 1 May ending the municipal year that starts on `year_start`."""
    return date(year_start.year + 1, 5, 1)


def overdue_clause(today: date):
    """SQL for the derived "response overdue"."""
    return and_(
        Recommendation.status == RecStatus.SUBMITTED,
        Recommendation.response_due_on < today,
    )


def _status_clause(status: str, today: date):
    if status == RESPONSE_OVERDUE:
        return overdue_clause(today)
    if status == RecStatus.SUBMITTED:
        return and_(
            Recommendation.status == RecStatus.SUBMITTED,
            or_(Recommendation.response_due_on.is_(None), Recommendation.response_due_on >= today),
        )
    return Recommendation.status == status


def _where(filters: TrackerFilters, today: date, include_drafts: bool, *, by_status: bool):
    clauses = [exemption.recommendation_clause(filters.audience)]
    if not include_drafts:
        clauses.append(Recommendation.status != RecStatus.DRAFT)
    if filters.committee_id is not None:
        clauses.append(Recommendation.committee_id == filters.committee_id)
    if filters.responder_id is not None:
        clauses.append(Recommendation.responder_id == filters.responder_id)
    if filters.year_start is not None:
        clauses.append(Recommendation.agreed_on >= filters.year_start)
        clauses.append(Recommendation.agreed_on < year_end(filters.year_start))
    if by_status and filters.status:
        clauses.append(_status_clause(filters.status, today))
    return clauses


def tracker_query(
    filters: TrackerFilters, today: date, *, include_drafts: bool = False
) -> Select[tuple[Recommendation]]:
    """The tracker's rows, newest agreed first, with committee, submission, responder and
    response loaded eagerly so a page costs the same number of queries whatever its size."""
    return (
        select(Recommendation)
        .where(*_where(filters, today, include_drafts, by_status=True))
        .options(
            joinedload(Recommendation.committee),
            joinedload(Recommendation.submission),
            joinedload(Recommendation.responder),
            selectinload(Recommendation.response),
        )
        .order_by(
            Recommendation.agreed_on.desc().nulls_last(),
            Recommendation.committee_id,
            Recommendation.reference,
            Recommendation.id,
        )
    )


def status_counts(
    session: Session, filters: TrackerFilters, today: date, *, include_drafts: bool = False
) -> dict[str, int]:
    """How many recommendations match the other filters, per tracker status (in display
    order, zeros included), in one grouped query; overdue ones are not counted as awaiting."""
    bucket = case((overdue_clause(today), RESPONSE_OVERDUE), else_=Recommendation.status).label(
        "bucket"
    )
    rows = select(bucket).where(*_where(filters, today, include_drafts, by_status=False)).subquery()
    found = {
        bucket: number
        for bucket, number in session.execute(
            select(rows.c.bucket, func.count()).group_by(rows.c.bucket)
        )
    }
    return {value: found.get(str(value), 0) for value, _ in status_choices(include_drafts)}


#: Recommendations looked up together in one IN (...) list (well below database limits).
CHUNK = 500


@dataclass
class TrackerRow:
    """One recommendation as the tracker shows and exports it."""

    rec: Recommendation
    #: 'overdue', 'due_soon' or None.
    flag: str | None
    #: The panel's first meeting after the day of submission.
    first_meeting: Meeting | None
    #: The implementation RAG over the recommendation's actions; None without actions or
    #: while none has started.
    rag: str | None
    #: The response if the viewer may see it (published, or staff and executive).
    response: RecommendationResponse | None
    #: How many actions implement it.
    action_count: int = 0

    @property
    def submitted_on(self) -> date | None:
        return self.rec.submission.submitted_on if self.rec.submission else None

    @property
    def first_meeting_on(self) -> date | None:
        return to_local(self.first_meeting.starts_at).date() if self.first_meeting else None

    @property
    def flag_label(self) -> str:
        return DEADLINE_LABELS.get(self.flag or "", "")

    @property
    def rag_label(self) -> str:
        """The implementation in words ("Not started"); blank until there are actions."""
        return implementation_label(self.action_count, self.rag) if self.action_count else ""

    @property
    def status(self) -> str:
        """The tracker status: "response overdue" when the flag says so, else the stored one."""
        return RESPONSE_OVERDUE if self.flag == "overdue" else self.rec.status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def visible_response(rec: Recommendation, show_unpublished: bool) -> RecommendationResponse | None:
    """The response, unless it is still a draft and the viewer may not see drafts."""
    response = rec.response
    if response is None or (response.submitted_at is None and not show_unpublished):
        return None
    return response


def row_details(
    session: Session,
    recs: Sequence[Recommendation],
    today: date,
    *,
    show_unpublished_responses: bool = False,
) -> list[TrackerRow]:
    """Each recommendation with its deadline flag, first meeting after submission and
    implementation RAG, in three queries for up to CHUNK recommendations (a page)."""
    pairs = {(r.committee_id, r.submission.submitted_on) for r in recs if r.submission}
    meetings = first_meetings_after(session, pairs)
    ids = [r.id for r in recs]
    actions: dict[int, list[Action]] = defaultdict(list)
    latest: dict[int, ActionUpdate] = {}
    for chunk in range(0, len(ids), CHUNK):  # one pass for a page; an export may need more
        found = session.scalars(
            select(Action)
            .where(Action.recommendation_id.in_(ids[chunk : chunk + CHUNK]))
            .order_by(Action.id)
        ).all()
        for action in found:
            actions[action.recommendation_id].append(action)
        latest |= latest_updates(session, [a.id for a in found])
    return [
        TrackerRow(
            rec=rec,
            flag=deadline_flag(
                rec.response_due_on, today, answered=rec.status != RecStatus.SUBMITTED
            ),
            first_meeting=(
                meetings.get((rec.committee_id, rec.submission.submitted_on))
                if rec.submission
                else None
            ),
            rag=overall_rag(actions.get(rec.id, []), latest, today),
            response=visible_response(rec, show_unpublished_responses),
            action_count=len(actions.get(rec.id, [])),
        )
        for rec in recs
    ]


# --- Choices for the filters ------------------------------------------------------------------


def committee_choices(session: Session, *, include_drafts: bool = False) -> list[Committee]:
    """Committees that have recommendations the viewer may see, by name."""
    has = select(Recommendation.committee_id)
    if not include_drafts:
        has = has.where(Recommendation.status != RecStatus.DRAFT)
    return list(
        session.scalars(select(Committee).where(Committee.id.in_(has)).order_by(Committee.name))
    )


def responder_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of the executive members recommendations are addressed to, by name."""
    return [
        (user_id, name)
        for user_id, name in session.execute(
            select(User.id, User.name)
            .where(User.id.in_(select(Recommendation.responder_id)))
            .order_by(User.name)
        )
    ]


def municipal_years(session: Session, today: date, committee_id: int | None = None) -> list[date]:
    """The 1 Mays from the first year with an agreed recommendation to this year, newest first."""
    query = select(func.min(Recommendation.agreed_on)).where(
        Recommendation.status != RecStatus.DRAFT
    )
    if committee_id is not None:
        query = query.where(Recommendation.committee_id == committee_id)
    first = session.scalar(query)
    current = municipal_year_start(today).year
    start = municipal_year_start(first).year if first else current
    return [date(year, 5, 1) for year in range(max(current, start), min(start, current) - 1, -1)]


def filter_options(
    session: Session, committees: Sequence[Committee], today: date, *, include_drafts: bool
) -> dict[str, list[tuple[str, str]]]:
    """(value, label) pairs for each of the tracker's filters, as the GET form sends them."""
    return {
        "committee": [(c.slug, c.name) for c in committees],
        "status": status_choices(include_drafts),
        "responder": [(str(i), name) for i, name in responder_choices(session)],
        "year": [(str(y.year), municipal_year_label(y)) for y in municipal_years(session, today)],
    }


# --- Annual figures ---------------------------------------------------------------------------


@dataclass
class AnnualFigures:
    """A panel's recommendations agreed in one municipal year, and what became of them."""

    committee_id: int
    year_start: date
    made: int = 0
    submitted: int = 0
    responded: int = 0
    responded_on_time: int = 0
    responded_late: int = 0
    #: Submitted and not yet answered (including the overdue ones).
    awaiting: int = 0
    #: Of those awaiting, past the statutory deadline.
    overdue: int = 0
    implemented: int = 0
    not_implemented: int = 0
    #: Published responses per ResponseKind, every kind present.
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def year_label(self) -> str:
        return municipal_year_label(self.year_start)

    @property
    def on_time_percent(self) -> int | None:
        """Responses on time as a whole percentage of responses; None with none."""
        if not self.responded:
            return None
        return round(100 * self.responded_on_time / self.responded)

    def lines(self) -> list[tuple[str, str, int]]:
        """(key, label, number) for the table and the chart, in reading order."""
        return [
            ("made", "Recommendations made", self.made),
            ("submitted", "Submitted to the executive", self.submitted),
            ("responded", "Responded to", self.responded),
            ("responded_on_time", "Responded to on time", self.responded_on_time),
            ("responded_late", "Responded to late", self.responded_late),
            ("awaiting", "Still awaiting a response", self.awaiting),
            ("overdue", "Of which overdue", self.overdue),
            ("implemented", "Implemented", self.implemented),
            ("not_implemented", "Not implemented", self.not_implemented),
        ]

    def kind_lines(self) -> list[tuple[str, str, int]]:
        """(kind, label, number) for each kind of response."""
        return [(k.value, k.label, self.by_kind.get(k.value, 0)) for k in ResponseKind]


def annual_figures(
    session: Session, committee_id: int, year_start: date, *, today: date
) -> AnnualFigures:
    """Figures for the panel's annual report, in two queries. The year is the one in which the
    panel agreed the recommendations (drafts are never counted); "on time" means the response
    was published on or before its statutory deadline."""
    rec, response = Recommendation, RecommendationResponse
    published = response.submitted_at.is_not(None)

    def total(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    cohort = (
        rec.committee_id == committee_id,
        rec.status != RecStatus.DRAFT,
        rec.agreed_on >= year_start,
        rec.agreed_on < year_end(year_start),
    )
    row = session.execute(
        select(
            func.count(rec.id),
            func.count(rec.submission_id),
            total(published),
            total(and_(published, response.responded_on <= rec.response_due_on)),
            total(and_(published, response.responded_on > rec.response_due_on)),
            total(rec.status == RecStatus.SUBMITTED),
            total(overdue_clause(today)),
            total(rec.status == RecStatus.IMPLEMENTED),
            total(rec.status == RecStatus.NOT_IMPLEMENTED),
        )
        .select_from(rec)
        .outerjoin(response, response.recommendation_id == rec.id)
        .where(*cohort)
    ).one()
    kinds = {
        kind: number
        for kind, number in session.execute(
            select(response.kind, func.count())
            .join(rec, response.recommendation_id == rec.id)
            .where(*cohort, published)
            .group_by(response.kind)
        )
    }
    return AnnualFigures(
        committee_id,
        year_start,
        *(int(n) for n in row),
        by_kind={k.value: kinds.get(k.value, 0) for k in ResponseKind},
    )
