"""RSS and Atom feeds of published agendas, minutes, decisions and executive responses, for one
committee or the whole council; public content only (no exempt item, no restricted response)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee
from scrutiny.models.meetings import PUBLIC_STATUSES, AgendaItem, Meeting
from scrutiny.models.recommendations import Recommendation, RecommendationResponse
from scrutiny.services.core import exemption
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.decisions import decisions

#: Feed kind -> its title.
KINDS = {
    "agendas": "Agendas published",
    "minutes": "Minutes published",
    "decisions": "Decisions",
    "responses": "Executive responses",
}
LIMIT = 50


@dataclass(frozen=True)
class Entry:
    """One feed entry."""

    key: str
    title: str
    path: str
    updated: datetime
    text: str


def _meetings(committee: Committee | None):
    query = (
        select(Meeting)
        .join(Committee, Meeting.committee_id == Committee.id)
        .where(Committee.active.is_(True), Meeting.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Meeting.committee))
    )
    if committee is not None:
        query = query.where(Meeting.committee_id == committee.id)
    return query


def _label(meeting: Meeting) -> str:
    return f"{meeting.committee.name}, {format_day(to_local(meeting.starts_at).date())}"


def _agendas(session: Session, committee: Committee | None) -> list[Entry]:
    meetings = session.scalars(
        _meetings(committee)
        .where(Meeting.published_at.is_not(None))
        .order_by(Meeting.published_at.desc())
        .limit(LIMIT)
    )
    out = []
    for meeting in meetings:
        titles = session.scalars(
            select(AgendaItem.title)
            .where(AgendaItem.meeting_id == meeting.id, AgendaItem.exempt.is_(False))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
        where = f" at {meeting.venue}" if meeting.venue else ""
        text = f"Agenda for the meeting{where}: " + "; ".join(titles)
        out.append(
            Entry(
                f"agenda-{meeting.id}",
                f"Agenda: {_label(meeting)}",
                f"/meetings/{meeting.id}",
                meeting.published_at,
                text,
            )
        )
    return out


def _minutes(session: Session, committee: Committee | None) -> list[Entry]:
    meetings = session.scalars(
        _meetings(committee)
        .where(Meeting.minutes_published_at.is_not(None))
        .order_by(Meeting.minutes_published_at.desc())
        .limit(LIMIT)
    )
    return [
        Entry(
            f"minutes-{m.id}",
            f"Minutes: {_label(m)}",
            f"/meetings/{m.id}/minutes",
            m.minutes_published_at,
            f"The minutes of the meeting of {_label(m)}",
        )
        for m in meetings
    ]


def _decisions(session: Session, committee: Committee | None) -> list[Entry]:
    query = decisions.search(
        committee_slug=committee.slug if committee else "", public_only=True
    ).where(Committee.active.is_(True))
    out = []
    for minute in session.scalars(query.limit(LIMIT)):
        meeting = minute.meeting
        reference = f"{meeting.committee.minute_prefix} {minute.number}"
        parts = " ".join(f"{n}. {p.text}" for n, p in enumerate(minute.parts, start=1))
        text = f"{minute.outcome_kind.capitalize()}: {parts or minute.outcome_text or ''}"
        out.append(
            Entry(
                f"decision-{minute.id}",
                f"{reference}: {minute.item.title} ({_label(meeting)})",
                f"/meetings/{meeting.id}/minutes#minute-{minute.id}",
                meeting.minutes_published_at,
                text,
            )
        )
    return out


def _responses(session: Session, committee: Committee | None) -> list[Entry]:
    query = (
        select(RecommendationResponse)
        .join(Recommendation, RecommendationResponse.recommendation_id == Recommendation.id)
        .join(Committee, Recommendation.committee_id == Committee.id)
        .where(
            RecommendationResponse.submitted_at.is_not(None),
            Committee.active.is_(True),
            exemption.recommendation_clause(exemption.PUBLIC),
        )
        .options(selectinload(RecommendationResponse.recommendation))
        .order_by(RecommendationResponse.submitted_at.desc())
        .limit(LIMIT)
    )
    if committee is not None:
        query = query.where(Recommendation.committee_id == committee.id)
    out = []
    for response in session.scalars(query):
        rec = response.recommendation
        label = rec.reference or f"Recommendation {rec.id}"
        text = f"The recommendation: {rec.text}\n\nThe response: {response.text}"
        if response.reasons:
            text += f"\n\nReasons: {response.reasons}"
        out.append(
            Entry(
                f"response-{response.id}",
                f"{label}: {response.kind_label}",
                f"/recommendations/{rec.id}",
                response.submitted_at,
                text,
            )
        )
    return out


def entries(session: Session, kind: str, committee: Committee | None) -> list[Entry]:
    """The newest public entries of a kind of feed, newest first."""
    build = {
        "agendas": _agendas,
        "minutes": _minutes,
        "decisions": _decisions,
        "responses": _responses,
    }[kind]
    return sorted(build(session, committee), key=lambda e: e.updated, reverse=True)


def render(
    session: Session,
    kind: str,
    committee: Committee | None,
    *,
    fmt: str,
    web: str,
    council: str,
    self_url: str,
    now: datetime,
) -> bytes:
    """The feed as Atom (`fmt="atom"`) or RSS 2.0 (`fmt="rss"`) bytes."""
    whose = committee.name if committee else council
    found = entries(session, kind, committee)
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(f"{KINDS[kind]}: {whose}")
    feed.description(f"{KINDS[kind]} by {whose}")
    feed.link(
        href=f"{web}/committees/{committee.slug}" if committee else f"{web}/", rel="alternate"
    )
    feed.link(href=self_url, rel="self")
    feed.language("en-GB")
    feed.updated(found[0].updated if found else now)
    for entry in reversed(found):  # feedgen prepends each new entry
        item = feed.add_entry()
        item.id(f"{web}/#{entry.key}")
        item.guid(f"{web}/#{entry.key}", permalink=False)
        item.title(entry.title)
        item.link(href=f"{web}{entry.path}")
        item.updated(entry.updated)
        item.published(entry.updated)
        item.description(entry.text)
    return feed.atom_str(pretty=True) if fmt == "atom" else feed.rss_str(pretty=True)
