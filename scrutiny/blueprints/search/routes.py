"""The search page: a search box, filters, ranked results with highlighted words, pages."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from scrutiny import permissions
from scrutiny.blueprints import params
from scrutiny.blueprints.common import PER_PAGE
from scrutiny.blueprints.search import bp
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.services.public import search
from scrutiny.services.public.search import Hit


class _Page(Pagination):
    """One page of search results, for the shared pager macro."""

    def __init__(self, hits: list[Hit], total: int, page: int, per_page: int):
        self._hits, self._total = hits, total
        super().__init__(page=page, per_page=per_page, error_out=False)

    def _query_items(self) -> list[Hit]:
        return self._hits

    def _query_count(self) -> int:
        return self._total


def link_for(hit: Hit) -> str:
    """Where a result leads: the page that shows it (which checks permission again)."""
    if hit.kind == "meeting":
        return url_for("meetings.show", meeting_id=hit.object_id)
    if hit.kind == "item":
        return url_for("meetings.show", meeting_id=hit.meeting_id) + f"#item-{hit.object_id}"
    if hit.kind == "document":
        return url_for("meetings.document", document_id=hit.object_id)
    if hit.kind == "minute":
        return url_for("minutes.show", meeting_id=hit.meeting_id) + f"#minute-{hit.object_id}"
    if hit.kind in {"recommendation", "response"}:
        return url_for("recommendations.show", rec_id=hit.recommendation_id)
    if hit.kind == "action":
        return url_for("recommendations.action", action_id=hit.object_id)
    return url_for("programme.show", slug=hit.committee_slug) + f"#row-{hit.object_id}"


@bp.route("/search")
def index():
    """Search everything the reader may see, filtered by committee, kind and date."""
    args = request.args
    filters = search.Filters(
        text=args.get("q", "")[:200],
        committee_id=params.int_arg("committee"),
        kind=args.get("kind", ""),
        start=params.date_arg("from"),
        end=params.date_arg("to"),
    )
    page_number = params.page_arg()
    hits, total = search.search(
        db.session,
        filters,
        permissions.audience(current_user),
        page=page_number,
        per_page=PER_PAGE,
    )
    committees = db.session.execute(
        select(Committee.id, Committee.name)
        .where(Committee.active.is_(True))
        .order_by(Committee.name)
    ).all()
    kinds = dict(search.KINDS)
    if not current_user.is_authenticated:
        kinds.pop("action")
    return render_template(
        "search/index.html",
        page=_Page(hits, total, page_number, PER_PAGE),
        searched=bool(filters.words),
        committees=[(str(c.id), c.name) for c in committees],
        kinds=list(kinds.items()),
        args=args,
        link_for=link_for,
    )
