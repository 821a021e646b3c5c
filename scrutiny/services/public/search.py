"""Full-text search across the council's papers, ranked, with highlighted snippets.

One interface, two engines: SQLite's FTS5 (bm25 ranking, `snippet`) by default and
PostgreSQL's full-text search (a generated tsvector with a GIN index, `ts_rank_cd`,
`ts_headline`) in production. Who may find what is decided in SQL by `visible_clause`, so
exempt and restricted content never leaves the database for anyone not entitled to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape
from sqlalchemy import and_, column, func, literal_column, or_, select, table, true
from sqlalchemy.orm import Session

from scrutiny.models.actions import Action
from scrutiny.models.committees import Committee
from scrutiny.models.recommendations import Recommendation
from scrutiny.models.search import FTS_TABLE, VECTOR_COLUMN, SearchDocument
from scrutiny.services.core import exemption
from scrutiny.services.public.search_index import MARK_END, MARK_START

#: What each kind of result is called on the page.
KINDS = {
    "meeting": "Meetings",
    "item": "Agenda items",
    "document": "Reports",
    "minute": "Minutes and decisions",
    "recommendation": "Recommendations",
    "response": "Executive responses",
    "action": "Actions",
    "programme": "Work programme",
}
#: Words of a query used (more are ignored).
MAX_WORDS = 12
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Filters:
    """What the reader asked for: words, and optionally a committee, a kind and dates."""

    text: str = ""
    committee_id: int | None = None
    kind: str = ""
    start: date | None = None
    end: date | None = None

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)[:MAX_WORDS]


@dataclass(frozen=True)
class Hit:
    """One result: what it is, where it belongs, and its highlighted title and snippet."""

    kind: str
    object_id: int
    meeting_id: int | None
    recommendation_id: int | None
    committee_name: str | None
    committee_slug: str | None
    on_date: date | None
    title: Markup
    snippet: Markup
    exempt: bool
    restricted: bool

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].rstrip("s") if self.kind != "minute" else "Minute"


def highlight(text: str | None) -> Markup:
    """Escape text, then turn the engine's markers into <mark> elements."""
    return (
        escape(text or "")
        .replace(MARK_START, Markup("<mark>"))
        .replace(MARK_END, Markup("</mark>"))
    )


def visible_clause(audience: exemption.Audience):
    """SQL: the index rows this audience may find (the same rules as the pages themselves)."""
    if audience.everything:
        return true()
    doc = SearchDocument
    rules = [doc.staff_only.is_(False)]
    if audience.user_id is None:
        rules.append(doc.signed_in_only.is_(False))
    rules.append(
        or_(doc.exempt.is_(False), doc.committee_id.in_(audience.committee_ids))
        if audience.committee_ids
        else doc.exempt.is_(False)
    )
    rules.append(
        or_(
            doc.restricted.is_(False),
            and_(
                doc.recommendation_id.is_not(None),
                doc.recommendation_id.in_(
                    select(Recommendation.id).where(exemption.recommendation_clause(audience))
                ),
            ),
            and_(
                doc.action_id.is_not(None),
                doc.action_id.in_(select(Action.id).where(exemption.action_clause(audience))),
            ),
        )
        if audience.user_id is not None
        else doc.restricted.is_(False)
    )
    return and_(*rules)


def _filter_clauses(filters: Filters, audience: exemption.Audience) -> list:
    doc = SearchDocument
    clauses = [visible_clause(audience)]
    if filters.committee_id is not None:
        clauses.append(doc.committee_id == filters.committee_id)
    if filters.kind in KINDS:
        clauses.append(doc.kind == filters.kind)
    if filters.start is not None:
        clauses.append(doc.on_date >= filters.start)
    if filters.end is not None:
        clauses.append(doc.on_date <= filters.end)
    return clauses


def _columns(title, snippet) -> list:
    doc = SearchDocument
    return [
        doc.kind,
        doc.object_id,
        doc.meeting_id,
        doc.recommendation_id,
        Committee.name,
        Committee.slug,
        doc.on_date,
        title.label("title"),
        snippet.label("snippet"),
        doc.exempt,
        doc.restricted,
    ]


def _sqlite(session: Session, filters: Filters, clauses: list, limit: int, offset: int):
    fts = table(FTS_TABLE, column("rowid"))
    fts_name = literal_column(FTS_TABLE)
    expression = " ".join('"' + word + '"' for word in filters.words)
    matching = and_(fts_name.op("MATCH")(expression), *clauses)
    base = select(SearchDocument.id).join(fts, fts.c.rowid == SearchDocument.id)
    total = session.scalar(select(func.count()).select_from(base.where(matching).subquery()))
    rank = func.bm25(fts_name, 5.0, 1.0)
    # Rank first, then make snippets for the one page only (snippets of every match are slow).
    ids = list(
        session.scalars(
            base.where(matching)
            .order_by(rank, SearchDocument.on_date.desc(), SearchDocument.id)
            .limit(limit)
            .offset(offset)
        )
    )
    title = func.highlight(fts_name, 0, MARK_START, MARK_END)
    snippet = func.snippet(fts_name, 1, MARK_START, MARK_END, " … ", 30)
    rows = session.execute(
        select(*_columns(title, snippet), SearchDocument.id)
        .select_from(SearchDocument)
        .join(fts, fts.c.rowid == SearchDocument.id)
        .outerjoin(Committee, Committee.id == SearchDocument.committee_id)
        .where(fts_name.op("MATCH")(expression), SearchDocument.id.in_(ids))
    ).all()
    return total, sorted(rows, key=lambda row: ids.index(row.id))


def _postgres(session: Session, filters: Filters, clauses: list, limit: int, offset: int):
    query = func.plainto_tsquery("english", " ".join(filters.words))
    vector = literal_column(f"search_documents.{VECTOR_COLUMN}")
    matching = and_(vector.op("@@")(query), *clauses)
    total = session.scalar(select(func.count()).select_from(SearchDocument).where(matching))
    page = (
        select(SearchDocument.id, func.ts_rank_cd(vector, query).label("rank"))
        .where(matching)
        .order_by(literal_column("rank").desc(), SearchDocument.on_date.desc(), SearchDocument.id)
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    marks = f"StartSel={MARK_START}, StopSel={MARK_END}"
    title = func.ts_headline("english", SearchDocument.title, query, f"HighlightAll=true, {marks}")
    snippet = func.ts_headline(
        "english",
        SearchDocument.body,
        query,
        f'{marks}, MaxFragments=2, MaxWords=30, MinWords=12, FragmentDelimiter=" … "',
    )
    rows = session.execute(
        select(*_columns(title, snippet))
        .select_from(page)
        .join(SearchDocument, SearchDocument.id == page.c.id)
        .outerjoin(Committee, Committee.id == SearchDocument.committee_id)
        .order_by(page.c.rank.desc(), SearchDocument.on_date.desc(), SearchDocument.id)
    ).all()
    return total, rows


def search(
    session: Session,
    filters: Filters,
    audience: exemption.Audience,
    *,
    page: int = 1,
    per_page: int = 20,
) -> tuple[list[Hit], int]:
    """The page of results the audience may see, best first, and how many there are in all."""
    if not filters.words:
        return [], 0
    clauses = _filter_clauses(filters, audience)
    run = _postgres if session.get_bind().dialect.name == "postgresql" else _sqlite
    total, rows = run(session, filters, clauses, per_page, (max(page, 1) - 1) * per_page)
    hits = [
        Hit(
            kind=row.kind,
            object_id=row.object_id,
            meeting_id=row.meeting_id,
            recommendation_id=row.recommendation_id,
            committee_name=row.name,
            committee_slug=row.slug,
            on_date=row.on_date,
            title=highlight(row.title),
            snippet=highlight(row.snippet),
            exempt=row.exempt,
            restricted=row.restricted,
        )
        for row in rows
    ]
    return hits, total or 0
