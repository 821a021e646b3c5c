"""The tracker page, its CSV and XLSX exports and the annual figures: what each visitor sees,
that the files hold the filtered rows, and that the page's queries do not grow with the data."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from scrutiny.extensions import db
from scrutiny.models import Action, ActionUpdate, RecommendationResponse
from tests.factories import CommitteeFactory, MeetingFactory, UserFactory
from tests.helpers import QueryCounter
from tests.services.test_recommendation_tracker import build_world, rec, submission


@pytest.fixture
def world():
    return build_world()


def _text(response) -> str:
    return response.get_data(as_text=True)


def _row(page: str, recommendation) -> str:
    """The HTML of the tracker row for one recommendation ('' if it is not listed)."""
    start = page.find(f'id="rec-{recommendation.id}"')
    return page[start : page.find("</tr>", start)] if start >= 0 else ""


def _listed(page: str, world) -> set[int]:
    return {n for n, r in world.recs.items() if _row(page, r)}


def test_tracker_rows_show_dates_flags_responses_and_rag(world, client):
    response = client.get("/recommendations")
    assert response.status_code == 200
    page = _text(response)
    assert '<caption class="govuk-table__caption govuk-table__caption--m">9 recommendations' in page
    overdue = _row(page, world.recs[1])
    assert f'href="/recommendations/{world.recs[1].id}"' in overdue
    assert "CYPS/2026/01" in overdue
    assert "30&nbsp;Apr&nbsp;2026" in overdue  # the statutory deadline
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in overdue
    assert "10&nbsp;Mar&nbsp;2026" in overdue  # first panel meeting after submission
    assert "Response overdue" in overdue and "Awaiting response" not in overdue
    due_soon = _row(page, world.recs[3])
    assert '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>' in due_soon
    assert "Awaiting response (not yet due)" in due_soon
    quiet = _row(page, world.recs[2])
    assert "Overdue" not in quiet and "Due soon" not in quiet
    accepted = _row(page, world.recs[4])
    assert "Accepted" in accepted and "on 10&nbsp;Apr&nbsp;2026" in accepted
    assert "Amber: at risk" in accepted
    assert "Overdue" not in accepted  # answered before its deadline
    assert "Blue: complete" in _row(page, world.recs[8])


@pytest.mark.parametrize("role", ["anonymous", "councillor", "owner"])
def test_the_public_sees_no_drafts_nor_unpublished_responses(role, world, client, client_as):
    visitor = client if role == "anonymous" else client_as(role)
    page = _text(visitor.get("/recommendations"))
    assert "A secret draft" not in page
    assert 6 not in _listed(page, world)
    assert 'value="draft"' not in page
    draft_response = _row(page, world.recs[10])
    assert draft_response
    assert "Noted" not in draft_response
    assert "Draft, not published" not in draft_response
    assert "A secret draft" not in _text(visitor.get("/recommendations.csv"))
    assert "Noted" not in _text(visitor.get("/recommendations.csv"))


def test_staff_see_drafts_and_executives_see_unpublished_responses(world, client_as):
    officer = _text(client_as("officer").get("/recommendations"))
    assert 6 in _listed(officer, world)
    assert "Noted" in _row(officer, world.recs[10])
    assert "Draft, not published" in _row(officer, world.recs[10])
    executive = _text(client_as("executive").get("/recommendations"))
    assert 6 not in _listed(executive, world)
    assert "Noted" in _row(executive, world.recs[10])


def test_counts_per_status_are_links_that_filter(world, client):
    page = _text(client.get("/recommendations"))
    counts = page[page.find('id="status-counts"') : page.find("</ul>", page.find("status-counts"))]
    assert re.search(r'href="/recommendations\?status=response_overdue">Response overdue', counts)
    assert re.search(r"Response overdue<span[^>]*> – show only these</span></a>: 2", counts)
    assert re.search(r"Awaiting response \(not yet due\)<span[^>]*>[^<]*</span></a>: 3", counts)
    assert "Draft" not in counts
    overdue = _text(client.get("/recommendations?status=response_overdue"))
    assert _listed(overdue, world) == {1, 9}


def test_filters_by_committee_responder_and_year(world, client):
    assert _listed(_text(client.get("/recommendations?committee=health")), world) == {9}
    by_member = f"/recommendations?responder={world.colleague.id}"
    assert _listed(_text(client.get(by_member)), world) == {3, 9}
    year = _text(client.get("/recommendations?year=2026&committee=cyps"))
    assert _listed(year, world) == {2, 7, 10}
    assert 'href="/committees/cyps/recommendations/figures?year=2026"' in year
    nonsense = _text(client.get("/recommendations?status=bogus&committee=nowhere"))
    assert _listed(nonsense, world) == {1, 2, 3, 4, 5, 7, 8, 9, 10}
    assert client.get("/recommendations?year=soon").status_code == 400
    assert client.get("/recommendations?responder=²").status_code == 400


def test_filter_form_labels_every_field(world, client):
    page = _text(client.get("/recommendations"))
    for name in ("committee", "status", "responder", "year"):
        assert f'<label class="govuk-label" for="{name}">' in page
        assert f'<select class="govuk-select" id="{name}" name="{name}">' in page


def test_csv_export_contains_the_filtered_rows(world, client, client_as):
    response = client.get("/recommendations.csv?committee=cyps&status=submitted")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert {r["Reference"] for r in rows} == {"CYPS/2026/02", "CYPS/2026/03", "CYPS/2026/10"}
    soon = next(r for r in rows if r["Reference"] == "CYPS/2026/03")
    assert soon["Deadline"] == "Due soon"
    assert soon["Response due (statutory)"] == "2026-06-19"
    assert next(r for r in rows if r["Reference"] == "CYPS/2026/10")["Response"] == ""
    officer = client_as("officer").get("/recommendations.csv?committee=cyps&status=submitted")
    staff_rows = list(csv.DictReader(io.StringIO(officer.get_data().decode("utf-8-sig"))))
    assert next(r for r in staff_rows if r["Reference"] == "CYPS/2026/10")["Response"] == "Noted"


def test_xlsx_export_contains_the_filtered_rows(world, client):
    response = client.get("/recommendations.xlsx?year=2025")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    references = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert references == {
        "CYPS/2026/01",
        "CYPS/2026/03",
        "CYPS/2026/04",
        "CYPS/2026/05",
        "CYPS/2026/08",
        "HSP/2026/09",
    }
    assert isinstance(sheet["F2"].value, datetime)  # "Agreed" is a real date


def test_annual_figures_page_has_a_table_and_an_accessible_chart(world, client):
    response = client.get("/committees/cyps/recommendations/figures?year=2025")
    assert response.status_code == 200
    page = _text(response)
    assert "Recommendations in 2025/26" in page
    assert "<caption" in page
    made = page[page.find('id="figure-made"') :]
    assert re.search(r'govuk-table__cell--numeric">5<', made)
    on_time = page[page.find('id="figure-responded_on_time"') :]
    assert re.search(r'govuk-table__cell--numeric">2<', on_time)
    late = page[page.find('id="figure-responded_late"') :]
    assert re.search(r'govuk-table__cell--numeric">1<', late)
    rejected = page[page.find('id="kind-rejected"') :]
    assert re.search(r'govuk-table__cell--numeric">1<', rejected)
    assert '<svg id="figures-chart" role="img"' in page
    assert "Recommendations made: 5;" in page  # the chart's text alternative
    assert '<option value="2025" selected>2025/26</option>' in page
    assert '<option value="2026" >2026/27</option>' in page or '"2026">2026/27' in page


def test_annual_figures_default_to_this_municipal_year(world, client):
    page = _text(client.get("/committees/cyps/recommendations/figures"))
    assert "Recommendations in 2026/27" in page
    made = page[page.find('id="figure-made"') :]
    assert re.search(r'govuk-table__cell--numeric">3<', made)
    assert client.get("/committees/nowhere/recommendations/figures").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "councillor", "officer"])
def test_everyone_has_recommendations_in_the_navigation(role, client, client_as):
    visitor = client if role == "anonymous" else client_as(role)
    page = _text(visitor.get("/meetings/"))
    assert re.search(r'href="/recommendations">\s*Recommendations', page)


def _grow(committee, member, first: int, count: int) -> None:
    """`count` recommendations in every listed state, added at once and committed once."""
    recs, actions = [], []
    sub = None
    for n in range(first, first + count):
        if sub is None or n % 20 == 0:
            sub = submission(committee, date(2026, 3, 1), date(2026, 4, 30), f"Report {n}")
        status = ("submitted", "in_progress", "responded")[n % 3]
        made = rec(committee, n, status, date(2026, 2, 20), sub, responder=member)
        if status != "submitted":
            made.response = RecommendationResponse(
                kind="accepted" if status == "in_progress" else "noted",
                text="Answer",
                responder_id=member.id,
                entered_by_id=member.id,
                submitted_at=datetime(2026, 4, 1, 9, 0, tzinfo=UTC),
                responded_on=date(2026, 4, 1),
            )
        recs.append(made)
    db.session.add_all(recs)
    db.session.flush()
    for made in recs:
        if made.status == "in_progress":
            action = Action(
                description="Do it",
                due_on=date(2026, 9, 1),
                status="in_progress",
                committee_id=committee.id,
                recommendation_id=made.id,
            )
            update = ActionUpdate(
                action=action,
                rag="green",
                narrative="Going well",
                status="in_progress",
                created_by_id=member.id,
                created_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
            )
            actions += [action, update]
    db.session.add_all(actions)
    db.session.commit()


@pytest.mark.parametrize("role", ["anonymous", "officer"])
def test_tracker_queries_are_flat_from_10_to_1000_recommendations(role, client, client_as):
    visitor = client if role == "anonymous" else client_as(role)
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps", minute_prefix="CYPS")
    MeetingFactory(
        committee=panel, starts_at=datetime(2026, 3, 10, 18, 0, tzinfo=UTC), status="published"
    )
    member = UserFactory(roles=["executive"])
    _grow(panel, member, 1, 10)
    with QueryCounter() as few:
        assert visitor.get("/recommendations").status_code == 200
    started = time.perf_counter()
    _grow(panel, member, 11, 990)
    assert time.perf_counter() - started < 30
    with QueryCounter() as many:
        page = _text(visitor.get("/recommendations"))
    assert "1000 recommendations" in page
    assert many.count == few.count, (few.count, many.count)
    with QueryCounter() as export:
        assert visitor.get("/recommendations.csv").status_code == 200
    assert export.count <= few.count
