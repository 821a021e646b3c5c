"""The recommendations tracker across panels, its exports, and the annual figures."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from flask_login import current_user

from scrutiny import permissions
from scrutiny.blueprints.common import committee_or_404, paginate
from scrutiny.blueprints.fragments import remembered_page
from scrutiny.blueprints.params import int_arg
from scrutiny.blueprints.reader_pages import reader_page
from scrutiny.blueprints.recommendations import bp
from scrutiny.extensions import db
from scrutiny.models.committees import Committee
from scrutiny.permissions import can, require
from scrutiny.services.core import clocks, exemption
from scrutiny.services.files import spreadsheets
from scrutiny.services.meetings.meetings import municipal_year_label, municipal_year_start
from scrutiny.services.recommendations import recommendation_exports
from scrutiny.services.recommendations import recommendation_tracker as tracker_service


def _viewer() -> tuple[bool, bool]:
    """(may see draft recommendations, may see unpublished responses)."""
    return (
        can(current_user, "recommendations.view_drafts"),
        can(current_user, "recommendations.respond"),
    )


def _filters(committees: list[Committee], include_drafts: bool) -> tracker_service.TrackerFilters:
    """The tracker's GET parameters: an unknown committee or status is ignored, a malformed
    number refused (400)."""
    slug = request.args.get("committee", "")
    committee = next((c for c in committees if c.slug == slug), None)
    status = request.args.get("status", "")
    statuses = {value for value, _ in tracker_service.status_choices(include_drafts)}
    year = int_arg("year", maximum=9999)
    return tracker_service.TrackerFilters(
        committee_id=committee.id if committee else None,
        status=status if status in statuses else None,
        responder_id=int_arg("responder"),
        year_start=date(year, 5, 1) if year and 1900 < year < 3000 else None,
        audience=permissions.audience(current_user),
    )


@bp.route("/recommendations")
@reader_page
def tracker():
    """Every panel's recommendations, filtered, counted per status and paginated."""
    require("recommendations.view")
    include_drafts, show_unpublished = _viewer()
    audience, today = permissions.audience(current_user), clocks.today()
    return remembered_page(
        "recommendations/tracker.html",
        "recommendations/_tracker_body.html",
        "recommendations-tracker-page",
        (include_drafts, show_unpublished, exemption.audience_key(audience), today),
        lambda: _tracker_content(include_drafts, show_unpublished, today),
    )


def _tracker_content(include_drafts: bool, show_unpublished: bool, today: date) -> dict:
    """The tracker's content: filters, counts per status and one page of recommendations."""
    committees = tracker_service.committee_choices(db.session, include_drafts=include_drafts)
    filters = _filters(committees, include_drafts)
    committee = next((c for c in committees if c.id == filters.committee_id), None)
    page = paginate(tracker_service.tracker_query(filters, today, include_drafts=include_drafts))
    return {
        "page": page,
        "rows": tracker_service.row_details(
            db.session, page.items, today, show_unpublished_responses=show_unpublished
        ),
        "counts": tracker_service.status_counts(
            db.session, filters, today, include_drafts=include_drafts
        ),
        "committee": committee,
        "selected": _selected(filters, committee),
        "options": tracker_service.filter_options(
            db.session, committees, today, include_drafts=include_drafts
        ),
        "status_labels": tracker_service.STATUS_LABELS,
    }


def _selected(filters, committee) -> dict[str, str]:
    """The filters as the form shows them selected."""
    return {
        "committee": committee.slug if committee else "",
        "status": filters.status or "",
        "responder": str(filters.responder_id or ""),
        "year": str(filters.year_start.year) if filters.year_start else "",
    }


def _export(render, extension: str, mimetype: str):
    """All rows matching the tracker's filters, rendered by `render(rows)`, as a download."""
    require("recommendations.view")
    include_drafts, show_unpublished = _viewer()
    today = clocks.today()
    committees = tracker_service.committee_choices(db.session, include_drafts=include_drafts)
    filters = _filters(committees, include_drafts)
    recs = db.session.scalars(
        tracker_service.tracker_query(filters, today, include_drafts=include_drafts)
    ).all()
    rows = tracker_service.row_details(
        db.session, recs, today, show_unpublished_responses=show_unpublished
    )
    response = current_app.response_class(render(rows), mimetype=mimetype)
    filename = f"{recommendation_exports.EXPORT_FILENAME}-{today.isoformat()}.{extension}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/recommendations.csv")
def tracker_csv():
    """The tracker's matching rows (all pages) as CSV."""
    return _export(recommendation_exports.export_csv, "csv", spreadsheets.CSV_MIMETYPE)


@bp.route("/recommendations.xlsx")
def tracker_xlsx():
    """The tracker's matching rows (all pages) as a spreadsheet."""
    return _export(recommendation_exports.export_xlsx, "xlsx", spreadsheets.XLSX_MIMETYPE)


@bp.route("/committees/<slug>/recommendations/figures")
def annual_figures(slug: str):
    """A panel's recommendations in one municipal year: a table and a chart."""
    require("recommendations.view")
    committee = committee_or_404(slug)
    today = clocks.today()
    years = tracker_service.municipal_years(db.session, today, committee.id)
    year = int_arg("year", maximum=9999)
    year_start = date(year, 5, 1) if year and 1900 < year < 3000 else municipal_year_start(today)
    return render_template(
        "recommendations/figures.html",
        committee=committee,
        figures=tracker_service.annual_figures(db.session, committee.id, year_start, today=today),
        years=years,
        year_label=municipal_year_label,
    )
