"""The search page: a search box, filters, ranked results with highlighted words, pages."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination

from scrutiny import permissions
from scrutiny.blueprints import params
from scrutiny.blueprints.choices import committee_choices
from scrutiny.blueprints.common import PER_PAGE
from scrutiny.blueprints.search import bp
from scrutiny.extensions import db
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
        return url_for("plans.action", action_id=hit.object_id)
    return url_for("programme.show", slug=hit.committee_slug) + f"#row-{hit.object_id}"


def _filters() -> search.Filters:
    args = request.args
    return search.Filters(
        text=args.get("q", "")[:200],
        committee_id=params.int_arg("committee"),
        kind=args.get("kind", ""),
        start=params.date_arg("from"),
        end=params.date_arg("to"),
    )


def _kinds() -> list[tuple[str, str]]:
    """The kinds a reader may filter by: actions only for people signed in."""
    kinds = dict(search.KINDS)
    if not current_user.is_authenticated:
        kinds.pop("action")
    return list(kinds.items())


@bp.route("/search")
def index():
    """Search everything the reader may see, filtered by committee, kind and date."""
    filters = _filters()
    page_number = params.page_arg()
    hits, total = search.search(
        db.session,
        filters,
        permissions.audience(current_user),
        page=page_number,
        per_page=PER_PAGE,
    )
    return render_template(
        "search/index.html",
        page=_Page(hits, total, page_number, PER_PAGE),
        searched=bool(filters.words),
        committees=[(str(i), name) for i, name in committee_choices()],
        kinds=_kinds(),
        args=request.args,
        link_for=link_for,
    )
