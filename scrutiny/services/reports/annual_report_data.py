"""Gathering a scrutiny committee's year from the records, for its annual report.

Every figure comes from the service that owns its rule: recommendations from
`recommendation_tracker.annual_figures`, RAG and overdue actions from `action_tracker.rag_counts`,
slippage from `due_revisions`, attendance from `minutes_attendance`. Each figure carries a link
(an endpoint and its values, turned into a URL when shown) to the records behind it.

Only what the public may read goes in: recommendations and actions through `exemption.PUBLIC`,
agenda items that are not exempt (exempt ones are counted, never named). The result is plain JSON,
the same shape for a draft's live data and an issued report's snapshot.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action
from scrutiny.models.committees import Committee, CommitteeKind
from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting, MeetingStatus
from scrutiny.models.minutes import AttendanceKind
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.models.recommendations import Recommendation, RecStatus
from scrutiny.models.task_groups import GroupStatus, TaskGroup
from scrutiny.services.actions.action_tracker import ActionFilters, rag_counts
from scrutiny.services.actions.due_revisions import describe, revisions_between
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import format_day, local_zone, to_local
from scrutiny.services.meetings.meetings import municipal_year_label
from scrutiny.services.minutes.minutes_attendance import attendance
from scrutiny.services.recommendations.recommendation_tracker import (
    RESPONSE_OVERDUE,
    annual_figures,
    year_end,
)

#: Meeting statuses that mean the meeting took place.
HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT, MeetingStatus.MINUTES_APPROVED)
#: Tracker statuses behind each recommendation figure (None: the year's whole list).
REC_STATUS_LINKS = {
    "awaiting": RecStatus.SUBMITTED.value,
    "overdue": RESPONSE_OVERDUE,
    "implemented": RecStatus.IMPLEMENTED.value,
    "not_implemented": RecStatus.NOT_IMPLEMENTED.value,
}
RAG_LABELS = {
    "red": "Off track (red)",
    "amber": "At risk (amber)",
    "green": "On track (green)",
    "blue": "Complete (blue)",
    "none": "Not yet updated",
    "overdue": "Overdue",
}


def link(endpoint: str, **values) -> dict:
    """Where a figure's records are, as an endpoint and its values (JSON, no request needed)."""
    return {"endpoint": endpoint, "values": values}


def figure(key: str, label: str, value: int, where: dict | None) -> dict:
    """One counted figure: its key, words, number and link."""
    return {"key": key, "label": label, "value": int(value), "link": where}


def scrutiny_committees(session: Session) -> list[Committee]:
    """The scrutiny committees an all-committee report covers, by name."""
    return list(
        session.scalars(
            select(Committee)
            .where(Committee.kind == CommitteeKind.SCRUTINY_PANEL, Committee.active.is_(True))
            .order_by(Committee.name)
        )
    )


def _utc_bounds(year_start: date, cut_off: date) -> tuple[datetime, datetime]:
    """[from, to) in UTC: the municipal year up to the end of the cut-off day."""
    end_day = min(year_end(year_start), cut_off + timedelta(days=1))
    zone = local_zone()
    start = datetime.combine(year_start, time(), tzinfo=zone).astimezone(UTC)
    return start, datetime.combine(end_day, time(), tzinfo=zone).astimezone(UTC)


def _meetings(session: Session, committee: Committee, start: datetime, end: datetime) -> dict:
    meetings = list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.committee_id == committee.id,
                Meeting.starts_at >= start,
                Meeting.starts_at < end,
            )
            .order_by(Meeting.starts_at)
        )
    )
    held = [m for m in meetings if m.status in HELD]
    cancelled = [m for m in meetings if m.status == MeetingStatus.CANCELLED]
    counts: Counter[str] = Counter()
    for meeting in held:
        counts.update(row.kind for row in attendance(session, meeting))
    expected = sum(counts[k] for k in (AttendanceKind.PRESENT, AttendanceKind.APOLOGIES))
    expected += counts[AttendanceKind.ABSENT]
    rate = round(100 * counts[AttendanceKind.PRESENT] / expected) if expected else None
    listed = link("meetings.index", committee=committee.slug)
    return {
        "held": [_meeting_row(m) for m in held],
        "cancelled": [_meeting_row(m) | {"reason": m.cancelled_reason or ""} for m in cancelled],
        "attendance_percent": rate,
        "figures": [
            figure("meetings_held", "Meetings held", len(held), listed),
            figure("meetings_cancelled", "Meetings cancelled", len(cancelled), listed),
            figure("present", "Members present", counts[AttendanceKind.PRESENT], None),
            figure("apologies", "Apologies given", counts[AttendanceKind.APOLOGIES], None),
            figure("absent", "Absent without apologies", counts[AttendanceKind.ABSENT], None),
            figure("substitutes", "Substitutes", counts[AttendanceKind.SUBSTITUTE], None),
        ],
        "meeting_ids": [m.id for m in held],
    }


def _meeting_row(meeting: Meeting) -> dict:
    day = to_local(meeting.starts_at).date()
    return {
        "id": meeting.id,
        "label": format_day(day),
        "link": link("meetings.show", meeting_id=meeting.id),
    }


def _items(session: Session, meeting_ids: list[int]) -> dict:
    items = (
        list(
            session.scalars(
                select(AgendaItem)
                .where(AgendaItem.meeting_id.in_(meeting_ids))
                .order_by(AgendaItem.meeting_id, AgendaItem.position)
            )
        )
        if meeting_ids
        else []
    )
    public = [i for i in items if not i.exempt]
    by_kind = Counter(i.kind for i in public)
    return {
        "figures": [
            figure(f"items_{kind.value}", kind.label, by_kind[kind], None)
            for kind in ItemKind
            if by_kind[kind]
        ]
        + [
            figure(
                "items_exempt",
                "Items considered in private (Part 2)",
                len(items) - len(public),
                None,
            )
        ],
        "reports": [
            {
                "title": i.title,
                "link": link("meetings.show", meeting_id=i.meeting_id),
            }
            for i in public
            if i.kind == ItemKind.REPORT
        ],
    }


def _reviews(session: Session, committee: Committee, year_start: date, cut_off: date) -> dict:
    groups = list(
        session.scalars(
            select(TaskGroup)
            .join(Committee, Committee.id == TaskGroup.committee_id)
            .where(Committee.parent_id == committee.id)
            .order_by(TaskGroup.starts_on, TaskGroup.id)
        )
    )
    last = min(year_end(year_start) - timedelta(days=1), cut_off)
    started = [g for g in groups if year_start <= g.starts_on <= last]
    reported = [
        g
        for g in groups
        if g.report_uploaded_at is not None
        and year_start <= to_local(g.report_uploaded_at).date() <= last
    ]
    ids = [g.id for g in groups]
    recs = (
        list(
            session.scalars(
                select(Recommendation).where(
                    Recommendation.task_group_id.in_(ids),
                    Recommendation.status != RecStatus.DRAFT,
                    Recommendation.agreed_on >= year_start,
                    Recommendation.agreed_on <= last,
                )
            )
        )
        if ids
        else []
    )

    def row(group: TaskGroup) -> dict:
        return {
            "topic": group.topic,
            "status": GroupStatus(group.status).label,
            "link": link("groups.show", group_id=group.id),
        }

    return {
        "started": [row(g) for g in started],
        "reported": [row(g) for g in reported],
        "figures": [
            figure("reviews_started", "Task-and-finish reviews started", len(started), None),
            figure("reviews_reported", "Task-and-finish reviews reported", len(reported), None),
            figure(
                "review_recommendations",
                "Recommendations from task-and-finish reviews",
                len(recs),
                None,
            ),
        ],
    }


def _recommendations(session: Session, committee: Committee, year_start: date, cut_off: date):
    found = annual_figures(session, committee.id, year_start, today=cut_off)
    year = year_start.year

    def where(key: str) -> dict:
        if key.startswith("responded"):
            return link("recommendations.annual_figures", slug=committee.slug, year=year)
        status = REC_STATUS_LINKS.get(key)
        values = {"committee": committee.slug, "year": year}
        return link("recommendations.tracker", **values, **({"status": status} if status else {}))

    public = list(
        session.scalars(
            select(Recommendation)
            .where(
                Recommendation.committee_id == committee.id,
                Recommendation.status != RecStatus.DRAFT,
                Recommendation.agreed_on >= year_start,
                Recommendation.agreed_on < year_end(year_start),
                exemption.recommendation_clause(exemption.PUBLIC),
            )
            .order_by(Recommendation.agreed_on, Recommendation.id)
        )
    )
    return {
        "figures": [figure(key, label, n, where(key)) for key, label, n in found.lines()],
        "by_response": [
            figure(f"response_{kind}", label, n, where("responded"))
            for kind, label, n in found.kind_lines()
        ],
        "on_time_percent": found.on_time_percent,
        "list": [
            {
                "id": r.id,
                "reference": r.reference or "",
                "text": r.text,
                "status": r.status_label,
                "response": r.response.kind_label
                if r.response is not None and r.response.submitted_at is not None
                else "",
                "link": link("recommendations.show", rec_id=r.id),
            }
            for r in public
        ],
    }


def _actions(session: Session, committee: Committee, start: datetime, end: datetime, cut_off):
    filters = ActionFilters(committee_id=committee.id, audience=exemption.PUBLIC)
    counts = rag_counts(session, filters, cut_off)
    ids = list(
        session.scalars(
            select(Action.id).where(
                Action.committee_id == committee.id,
                exemption.action_clause(exemption.PUBLIC),
            )
        )
    )
    revisions = revisions_between(session, ids, start, end)
    return {
        "figures": [
            figure(
                f"actions_{key}",
                RAG_LABELS[key],
                counts[key],
                link(
                    "plans.tracker",
                    committee=committee.id,
                    **({"overdue": "1"} if key == "overdue" else {"rag": key}),
                ),
            )
            for key in ("red", "amber", "green", "blue", "none", "overdue")
        ]
        + [figure("slipped", "Due dates revised (slippage)", len(revisions), None)],
        "slippage": [
            {
                "reference": r.action.reference or "",
                "description": r.action.description,
                "revision": describe(r),
                "link": link("recommendations.action", action_id=r.action_id),
            }
            for r in revisions
        ],
    }


def _programme(session: Session, committee: Committee, year_start: date, cut_off: date) -> dict:
    def rows(year: date) -> list[ProgrammeItem]:
        return list(
            session.scalars(
                select(ProgrammeItem)
                .where(ProgrammeItem.committee_id == committee.id, ProgrammeItem.year_start == year)
                .order_by(ProgrammeItem.section, ProgrammeItem.position)
            )
        )

    this_year = rows(year_start)
    following = date(year_start.year + 1, 5, 1)
    completed = [
        r
        for r in this_year
        if (r.section == Section.AGENDA_REPORT and r.agenda_item_id is not None)
        or (r.section == Section.BRIEFING and r.held_on is not None and r.held_on <= cut_off)
    ]
    carried = [r for r in this_year if r.section in (Section.ACTIVE, Section.SCHEDULED)]
    proposed = [r for r in this_year if r.section == Section.PROPOSED] + [
        r
        for r in rows(following)
        if r.section in (Section.ACTIVE, Section.SCHEDULED, Section.PROPOSED)
    ]

    def listed(found: list[ProgrammeItem], year: date) -> list[dict]:
        return [
            {
                "topic": r.topic,
                "section": Section(r.section).label,
                "link": link("programme.show", slug=committee.slug, year=r.year_start.year),
            }
            for r in found
        ]

    where = link("programme.show", slug=committee.slug, year=year_start.year)
    ahead = link("programme.show", slug=committee.slug, year=following.year)
    return {
        "completed": listed(completed, year_start),
        "carried_forward": listed(carried, year_start),
        "proposed": listed(proposed, following),
        "figures": [
            figure("programme_completed", "Work programme items completed", len(completed), where),
            figure("programme_carried", "Projects carried forward", len(carried), where),
            figure("programme_proposed", "Topics proposed for next year", len(proposed), ahead),
        ],
    }


def gather_committee(session: Session, committee: Committee, year_start: date, cut_off: date):
    """One committee's year, as plain JSON data."""
    start, end = _utc_bounds(year_start, cut_off)
    meetings = _meetings(session, committee, start, end)
    return {
        "committee_id": committee.id,
        "name": committee.name,
        "slug": committee.slug,
        "meetings": meetings,
        "items": _items(session, meetings.pop("meeting_ids")),
        "reviews": _reviews(session, committee, year_start, cut_off),
        "recommendations": _recommendations(session, committee, year_start, cut_off),
        "actions": _actions(session, committee, start, end, cut_off),
        "programme": _programme(session, committee, year_start, cut_off),
    }


def gather(session: Session, committees: list[Committee], year_start: date, cut_off: date) -> dict:
    """The report's data for these committees' municipal year, counted at the cut-off."""
    return {
        "year": {"start": year_start.isoformat(), "label": municipal_year_label(year_start)},
        "cut_off": cut_off.isoformat(),
        "cut_off_label": format_day(cut_off),
        "committees": [gather_committee(session, c, year_start, cut_off) for c in committees],
    }


FIGURE_GROUPS = (
    ("meetings", "figures"),
    ("items", "figures"),
    ("reviews", "figures"),
    ("recommendations", "figures"),
    ("recommendations", "by_response"),
    ("actions", "figures"),
    ("programme", "figures"),
)


def flat_figures(data: dict) -> dict[tuple[str, str], tuple[str, int]]:
    """(committee name, figure key) -> (label, number), for comparing two versions."""
    found = {}
    for block in data.get("committees", []):
        for area, name in FIGURE_GROUPS:
            for item in block.get(area, {}).get(name, []):
                found[(block["name"], item["key"])] = (item["label"], item["value"])
    return found


def differences(old: dict, new: dict) -> list[dict]:
    """The figures that differ between two versions of the data (issued, then today's)."""
    before, after = flat_figures(old), flat_figures(new)
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        was, now = before.get(key, (None, 0)), after.get(key, (None, 0))
        if was[1] != now[1]:
            rows.append(
                {"committee": key[0], "label": now[0] or was[0], "was": was[1], "now": now[1]}
            )
    return rows
