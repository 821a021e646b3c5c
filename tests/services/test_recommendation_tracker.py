"""The recommendations tracker: filters in SQL (with the derived "response overdue"), counts per
status, row details in a fixed number of queries, exports, and a panel's annual figures."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from scrutiny.extensions import db
from scrutiny.models import (
    Action,
    ActionUpdate,
    Recommendation,
    RecommendationResponse,
    Submission,
)
from scrutiny.services.recommendations import recommendation_exports as exports
from scrutiny.services.recommendations import recommendation_tracker as tracker
from scrutiny.services.recommendations.recommendation_tracker import (
    RESPONSE_OVERDUE,
    TrackerFilters,
)
from tests.factories import CommitteeFactory, MeetingFactory, UserFactory
from tests.helpers import QueryCounter


class StatementCounter(QueryCounter):
    """Counts the queries a service sends, leaving out the transaction's BEGIN."""

    def __call__(self, conn, cursor, statement, *rest):
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.count += 1


#: The conftest clock's day (15 June 2026, London).
TODAY = date(2026, 6, 15)
YEAR_2025 = date(2025, 5, 1)
YEAR_2026 = date(2026, 5, 1)


def submission(committee, submitted_on: date, due_on: date, title="Report") -> Submission:
    """A set sent to the executive (received the day it was sent)."""
    return Submission(
        committee=committee,
        title=title,
        submitted_on=submitted_on,
        received_on=submitted_on,
        response_due_on=due_on,
    )


def rec(committee, number: int, status: str, agreed_on: date | None, sub=None, **fields):
    """A recommendation, its statutory deadline copied from its submission."""
    return Recommendation(
        reference=f"{committee.minute_prefix}/{(agreed_on or TODAY).year}/{number:02d}",
        text=fields.pop("text", f"Recommendation number {number}"),
        addressed_to="The Executive",
        committee=committee,
        status=status,
        agreed_on=agreed_on,
        submission=sub,
        response_due_on=sub.response_due_on if sub else None,
        **fields,
    )


def respond(recommendation, kind: str, responded_on: date | None, member) -> None:
    """A response; published when it has a date, a draft otherwise."""
    recommendation.response = RecommendationResponse(
        kind=kind,
        text=f"The executive's answer: {kind}",
        reasons="Cost" if kind == "rejected" else "",
        responder_id=member.id,
        entered_by_id=member.id,
        submitted_at=(
            datetime.combine(responded_on, datetime.min.time(), tzinfo=UTC)
            if responded_on
            else None
        ),
        responded_on=responded_on,
    )


def action(recommendation, *, due_on: date, status="in_progress", rag=None, by=None) -> Action:
    """An implementation action, with one progress update when `rag` is given."""
    made = Action(
        description="Do the thing",
        due_on=due_on,
        status=status,
        committee_id=recommendation.committee.id,
        recommendation_id=recommendation.id,
    )
    db.session.add(made)
    if rag:
        db.session.flush()
        db.session.add(
            ActionUpdate(
                action_id=made.id,
                rag=rag,
                narrative="Progress",
                status=status,
                created_by_id=by.id,
                created_at=datetime(2026, 6, 1, tzinfo=UTC),
            )
        )
    return made


def build_world() -> SimpleNamespace:
    """Two panels' recommendations in every state the tracker distinguishes.

    CYPS, agreed in 2025/26: overdue (1), due soon (3), accepted on time (4), rejected late
    (5), implemented (8); agreed in 2026/27: awaiting (2), agreed only (7), a draft response
    (10); a draft (6). Another panel: one overdue (9).
    """
    cyps = CommitteeFactory(name="CYPS Panel", slug="cyps", minute_prefix="CYPS")
    other = CommitteeFactory(name="Health Panel", slug="health", minute_prefix="HSP")
    member = UserFactory(name="Cllr Executive", roles=["executive"])
    colleague = UserFactory(name="Cllr Colleague", roles=["executive"])
    first_after_a = MeetingFactory(
        committee=cyps, starts_at=datetime(2026, 3, 10, 18, 0, tzinfo=UTC), status="published"
    )
    MeetingFactory(
        committee=cyps, starts_at=datetime(2026, 7, 2, 17, 0, tzinfo=UTC), status="scheduled"
    )
    sub_a = submission(cyps, date(2026, 3, 1), date(2026, 4, 30), "Music Service")
    sub_b = submission(cyps, date(2026, 5, 10), date(2026, 7, 9), "School places")
    sub_c = submission(cyps, date(2026, 4, 20), date(2026, 6, 19), "SEND")
    sub_d = submission(other, date(2026, 3, 1), date(2026, 4, 30), "Waiting lists")
    agreed_early = date(2026, 2, 20)
    recs = {
        1: rec(cyps, 1, "submitted", agreed_early, sub_a, responder=member),
        2: rec(cyps, 2, "submitted", date(2026, 5, 5), sub_b, responder=member),
        3: rec(cyps, 3, "submitted", date(2026, 4, 15), sub_c, responder=colleague),
        4: rec(cyps, 4, "in_progress", agreed_early, sub_a, responder=member),
        5: rec(cyps, 5, "responded", agreed_early, sub_a, responder=member),
        6: rec(cyps, 6, "draft", None, text="A secret draft from the task group"),
        7: rec(cyps, 7, "agreed", date(2026, 6, 1)),
        8: rec(cyps, 8, "implemented", agreed_early, sub_a, responder=member),
        9: rec(other, 9, "submitted", agreed_early, sub_d, responder=colleague),
        10: rec(cyps, 10, "submitted", date(2026, 5, 5), sub_b, responder=member),
    }
    db.session.add_all(recs.values())
    db.session.flush()
    respond(recs[4], "accepted", date(2026, 4, 10), member)
    respond(recs[5], "rejected", date(2026, 5, 10), member)
    respond(recs[8], "partially_accepted", date(2026, 4, 30), member)
    respond(recs[10], "noted", None, member)
    action(recs[4], due_on=date(2026, 9, 1), rag="amber", by=member)
    action(recs[4], due_on=date(2026, 10, 1), rag="green", by=member)
    action(recs[8], due_on=date(2026, 5, 1), status="complete", rag="blue", by=member)
    db.session.commit()
    return SimpleNamespace(
        cyps=cyps,
        other=other,
        member=member,
        colleague=colleague,
        recs=recs,
        first_after_a=first_after_a,
    )


@pytest.fixture
def world():
    """The recommendations of `build_world`."""
    return build_world()


def numbers(world, filters: TrackerFilters | None = None, include_drafts=False) -> set[int]:
    """Which of the world's recommendations (by number) the tracker lists."""
    filters = filters or TrackerFilters()
    by_id = {r.id: n for n, r in world.recs.items()}
    query = tracker.tracker_query(filters, TODAY, include_drafts=include_drafts)
    return {by_id[r.id] for r in db.session.scalars(query)}


def test_the_public_tracker_leaves_out_drafts(world):
    assert numbers(world) == {1, 2, 3, 4, 5, 7, 8, 9, 10}
    assert 6 in numbers(world, include_drafts=True)


def test_response_overdue_is_derived_from_the_deadline_in_sql(world):
    overdue = TrackerFilters(status=RESPONSE_OVERDUE)
    assert numbers(world, overdue) == {1, 9}
    assert numbers(world, TrackerFilters(status="submitted")) == {2, 3, 10}


def test_filters_by_committee_responder_and_municipal_year(world):
    assert numbers(world, TrackerFilters(committee_id=world.other.id)) == {9}
    assert numbers(world, TrackerFilters(responder_id=world.colleague.id)) == {3, 9}
    assert numbers(world, TrackerFilters(year_start=YEAR_2026)) == {2, 7, 10}
    assert numbers(world, TrackerFilters(year_start=YEAR_2025)) == {1, 3, 4, 5, 8, 9}
    combined = TrackerFilters(
        committee_id=world.cyps.id, status=RESPONSE_OVERDUE, year_start=YEAR_2025
    )
    assert numbers(world, combined) == {1}


def test_status_counts_separate_overdue_from_awaiting_in_one_query(world):
    with StatementCounter() as queries:
        counts = tracker.status_counts(db.session, TrackerFilters(), TODAY)
    assert queries.count == 1
    assert counts == {
        "agreed": 1,
        "submitted": 3,
        RESPONSE_OVERDUE: 2,
        "responded": 1,
        "in_progress": 1,
        "implemented": 1,
        "not_implemented": 0,
        "superseded": 0,
        "closed": 0,
    }
    assert "draft" not in counts
    staff = tracker.status_counts(db.session, TrackerFilters(), TODAY, include_drafts=True)
    assert staff["draft"] == 1
    # The counts follow the other filters, not the status one (so each is a link that filters).
    narrowed = TrackerFilters(committee_id=world.cyps.id, status="implemented")
    assert tracker.status_counts(db.session, narrowed, TODAY)[RESPONSE_OVERDUE] == 1


def test_row_details_flag_deadlines_and_find_first_meetings_in_three_queries(world):
    recs = db.session.scalars(tracker.tracker_query(TrackerFilters(), TODAY)).all()
    with StatementCounter() as queries:
        rows = tracker.row_details(db.session, recs, TODAY)
    assert queries.count == 3
    by_number = {n: row for row in rows for n, r in world.recs.items() if r.id == row.rec.id}
    assert by_number[1].flag == "overdue"
    assert by_number[1].flag_label == "Overdue"
    assert by_number[3].flag == "due_soon"
    assert by_number[2].flag is None
    assert by_number[4].flag is None  # answered, though its deadline has passed
    assert by_number[1].first_meeting.id == world.first_after_a.id
    assert by_number[1].first_meeting_on == date(2026, 3, 10)
    assert by_number[2].first_meeting_on == date(2026, 7, 2)
    assert by_number[7].first_meeting is None  # not submitted


def test_implementation_rag_over_each_recommendations_actions(world, clock):
    recs = db.session.scalars(tracker.tracker_query(TrackerFilters(), TODAY)).all()
    rags = {row.rec.id: row.rag for row in tracker.row_details(db.session, recs, TODAY)}
    assert rags[world.recs[4].id] == "amber"  # amber and green
    assert rags[world.recs[8].id] == "blue"  # every action complete
    assert rags[world.recs[2].id] is None  # no actions
    action(world.recs[4], due_on=date(2026, 6, 1), status="not_started")  # now overdue
    db.session.commit()
    rows = tracker.row_details(db.session, [world.recs[4]], TODAY)
    assert rows[0].rag == "red"
    assert rows[0].rag_label == "Red: off track"


def test_an_action_not_started_without_an_update_has_no_rag_and_reads_not_started(world):
    fresh = rec(world.cyps, 40, "in_progress", date(2026, 3, 1))
    db.session.add(fresh)
    db.session.flush()
    action(fresh, due_on=date(2026, 12, 1), status="not_started")
    db.session.commit()
    (row,) = tracker.row_details(db.session, [fresh], TODAY)
    assert row.rag is None
    assert row.rag_label == "Not started"
    action(fresh, due_on=date(2026, 12, 1), rag="green", by=world.member)
    db.session.commit()
    (row,) = tracker.row_details(db.session, [fresh], TODAY)
    assert row.rag_label == "Green: on track"  # the started one sets the RAG


def test_one_status_per_row_overdue_is_never_also_awaiting(world):
    overdue = world.recs[1]
    (row,) = tracker.row_details(db.session, [overdue], TODAY)
    assert row.flag == "overdue"
    assert row.status == RESPONSE_OVERDUE and row.status_label == "Response overdue"


def test_unpublished_responses_only_for_those_allowed(world):
    draft_response = world.recs[10]
    public = tracker.row_details(db.session, [draft_response], TODAY)
    assert public[0].response is None
    staff = tracker.row_details(
        db.session, [draft_response], TODAY, show_unpublished_responses=True
    )
    assert staff[0].response.kind == "noted"


def test_csv_export_has_dates_and_published_responses(world):
    recs = db.session.scalars(
        tracker.tracker_query(TrackerFilters(committee_id=world.cyps.id), TODAY)
    ).all()
    text = exports.export_csv(tracker.row_details(db.session, recs, TODAY)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["Reference"] for r in rows} == {
        "CYPS/2026/01",
        "CYPS/2026/02",
        "CYPS/2026/03",
        "CYPS/2026/04",
        "CYPS/2026/05",
        "CYPS/2026/07",
        "CYPS/2026/08",
        "CYPS/2026/10",
    }
    first = next(r for r in rows if r["Reference"] == "CYPS/2026/01")
    assert first["Response due (statutory)"] == "2026-04-30"
    assert first["Deadline"] == "Overdue"
    assert first["First panel meeting after submission"] == "2026-03-10"
    accepted = next(r for r in rows if r["Reference"] == "CYPS/2026/04")
    assert accepted["Response"] == "Accepted"
    assert accepted["Response date"] == "2026-04-10"
    assert accepted["Implementation (RAG)"] == "Amber: at risk"
    draft_response = next(r for r in rows if r["Reference"] == "CYPS/2026/10")
    assert draft_response["Response"] == ""


def test_xlsx_export_has_a_bold_frozen_header_real_dates_and_no_formulas(world):
    world.recs[7].text = '=HYPERLINK("http://evil.example")'
    db.session.commit()
    recs = db.session.scalars(
        tracker.tracker_query(TrackerFilters(committee_id=world.cyps.id), TODAY)
    ).all()
    data = exports.export_xlsx(tracker.row_details(db.session, recs, TODAY))
    sheet = load_workbook(io.BytesIO(data)).active
    headings = [c.value for c in sheet[1]]
    assert headings[0] == "Reference"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    rows = {r[0]: dict(zip(headings, r, strict=True)) for r in sheet.iter_rows(2, values_only=True)}
    assert len(rows) == 8
    assert rows["CYPS/2026/01"]["Response due (statutory)"] == datetime(2026, 4, 30)
    assert rows["CYPS/2026/07"]["Recommendation"] == '\'=HYPERLINK("http://evil.example")'
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_annual_figures_count_on_time_late_awaiting_kinds_and_outcomes(world):
    cyps_id = world.cyps.id
    with StatementCounter() as queries:
        figures = tracker.annual_figures(db.session, cyps_id, YEAR_2025, today=TODAY)
    assert queries.count == 2
    assert figures.year_label == "2025/26"
    assert (figures.made, figures.submitted, figures.responded) == (5, 5, 3)
    assert (figures.responded_on_time, figures.responded_late) == (2, 1)
    assert (figures.awaiting, figures.overdue) == (2, 1)
    assert (figures.implemented, figures.not_implemented) == (1, 0)
    assert figures.by_kind == {
        "accepted": 1,
        "partially_accepted": 1,
        "accepted_in_principle": 0,
        "rejected": 1,
        "noted": 0,
    }
    assert figures.on_time_percent == 67
    assert [key for key, _, _ in figures.lines()][:3] == ["made", "submitted", "responded"]


def test_annual_figures_ignore_drafts_and_unpublished_responses(world):
    figures = tracker.annual_figures(db.session, world.cyps.id, YEAR_2026, today=TODAY)
    assert (figures.made, figures.submitted, figures.responded) == (3, 2, 0)
    assert (figures.awaiting, figures.overdue) == (2, 0)
    assert sum(figures.by_kind.values()) == 0
    assert figures.on_time_percent is None


def test_municipal_years_run_from_the_first_agreed_to_this_year(world):
    assert tracker.municipal_years(db.session, TODAY) == [YEAR_2026, YEAR_2025]
    assert tracker.municipal_years(db.session, TODAY, world.other.id) == [YEAR_2026, YEAR_2025]
    assert tracker.municipal_years(db.session, date(2027, 6, 1))[0] == date(2027, 5, 1)
