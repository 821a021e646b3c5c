"""Service plan pages: plans, priorities, actions with dues as written, tracker, my actions."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import event, select

from scrutiny.extensions import db
from scrutiny.models import Action, ServicePlan
from scrutiny.services.plans import plans
from tests.factories import PostFactory, PostHoldingFactory, UserFactory
from tests.helpers import QueryCounter

TODAY = date(2026, 6, 15)


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_officer_adds_a_plan_and_an_action_with_a_due_as_written(client_as):
    officer = client_as("officer")
    post = PostFactory(name="Head of QA")
    db.session.commit()
    response = officer.post(
        "/plans/new",
        data={
            "title": "Front Door Plan",
            "starts_on": ["1", "1", "2026"],
            "ends_on": ["31", "12", "2026"],
        },
    )
    assert response.status_code == 302
    made = db.session.scalar(select(ServicePlan))
    officer.post(f"/plans/{made.id}/priorities", data={"title": "Fundamental 2 – Understanding"})
    db.session.refresh(made)
    response = officer.post(
        f"/plans/{made.id}/actions/new",
        data={
            "priority_id": str(made.priorities[0].id),
            "description": "Review the Quality Assurance meeting",
            "post_ids": [str(post.id)],
            "due_text": "6 monthly",
        },
    )
    assert response.status_code == 302
    page = _text(officer.get(f"/plans/{made.id}"))
    assert "Fundamental 2 – Understanding" in page
    assert "Review the Quality Assurance meeting" in page
    assert "6 monthly (next 30 September 2026)" in page


def test_a_due_nobody_can_read_is_shown_on_the_form_and_nothing_is_added(plan, client_as):
    officer = client_as("officer")
    post = PostFactory()
    db.session.commit()
    page = _text(
        officer.post(
            f"/plans/{plan.id}/actions/new",
            data={
                "description": "Launch the standards",
                "post_ids": [str(post.id)],
                "due_text": "soonish",
            },
        )
    )
    assert "govuk-error-summary" in page and "is not a due we understand" in page
    assert "Launch the standards" in page and 'value="soonish"' in page
    assert db.session.scalar(select(Action.id)) is None


def test_councillors_read_plans_but_cannot_change_them(plan, client_as, client):
    councillor = client_as("councillor")
    assert "Fundamental 1" in _text(councillor.get(f"/plans/{plan.id}"))
    assert councillor.get("/plans/new").status_code == 403
    assert client.get("/plans").status_code == 302  # sign in first


def _many(plan, count: int, post) -> None:
    for n in range(count):
        plans.add_action(
            db.session,
            plan,
            plan.priorities[0],
            description=f"Action {n}",
            post_ids=[post.id],
            due_text="1/6/2026" if n % 2 else "December 2026",
            today=TODAY,
        )
    db.session.commit()


def test_the_tracker_filters_exports_and_its_queries_stay_flat(plan, client_as):
    officer = client_as("officer")
    post = PostFactory(name="Head of QA")
    _many(plan, 6, post)
    with QueryCounter() as counter:
        page = _text(officer.get("/actions?overdue=1"))
    assert "3 actions" in page and "3 overdue" in page
    _many(plan, 40, post)
    with QueryCounter() as again:
        officer.get("/actions?overdue=1")
    assert again.count == counter.count
    exported = officer.get("/actions.csv?overdue=1")
    assert exported.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(_text(exported))))
    assert len(rows) == 1 + 23
    sheet = load_workbook(io.BytesIO(officer.get(f"/actions.xlsx?plan={plan.id}").data)).active
    assert sheet.max_row == 1 + 46


def test_the_csv_export_is_streamed_in_the_trackers_order_a_batch_at_a_time(plan, app, monkeypatch):
    """The download starts before any action is read, reads a few hundred at a time (here 5,
    to see it), and lists them in the tracker's order: overdue first, then by due."""
    from flask_login import login_user

    from scrutiny.blueprints.plans.routes import tracker_csv
    from scrutiny.services.plans import plan_export

    officer = UserFactory(roles=["officer"])
    _many(plan, 12, PostFactory(name="Head of QA"))
    reads = []
    batched = plan_export.rows_read_in_batches

    def counted(session, queries, today, batch=500):
        for row in batched(session, queries, today, batch=5):
            reads.append(row[0])
            yield row

    monkeypatch.setattr(plan_export, "rows_read_in_batches", counted)
    with app.test_request_context("/actions.csv"):
        login_user(officer)
        response = tracker_csv()
        assert response.is_streamed and reads == []  # sent before the first action is read
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        chunks = list(response.response)
    body = b"".join(chunks)
    assert len(reads) == 12
    assert body.startswith("\ufeffReference,Plan".encode()) and body.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 1 + 12
    overdue = [row[8] for row in rows[1:]]
    assert overdue == sorted(overdue, key=lambda flag: flag != "Yes")  # overdue first
    assert rows[1][3] == "Action 1"


def test_my_actions_lists_the_holders_open_actions_overdue_first(plan, client_as):
    owner = client_as("owner")
    post = PostFactory(name="Head of Commissioning")
    PostHoldingFactory(post=post, user=owner.user, starts_on=date(2026, 1, 1))
    _many(plan, 4, post)
    page = _text(owner.get("/my-actions"))
    assert page.index("Action 1") < page.index("Action 0")  # overdue first
    assert page.count("Overdue</strong>") == 2
    with QueryCounter() as counter:
        owner.get("/my-actions")
    _many(plan, 30, post)
    owner.get("/my-actions")  # counts are remembered after a first view: compare like with like
    with QueryCounter() as again:
        owner.get("/my-actions")
    # Segments (overdue, dated, undated) are read until the page is full, so a fuller first
    # segment can save a query; rows never add one.
    assert again.count <= counter.count


def test_the_officer_adds_an_indicator_and_records_a_new_value(plan, client_as):
    officer = client_as("officer")
    page = _text(
        officer.post(
            f"/plans/{plan.id}/indicators",
            data={"name": "Visits on time", "unit": "%", "target": "ninety"},
        )
    )
    assert "Enter a number, like 85 or 12.5" in page and 'value="ninety"' in page
    officer.post(
        f"/plans/{plan.id}/indicators",
        data={
            "name": "Visits on time",
            "unit": "%",
            "higher_is_better": "yes",
            "target": "90",
            "current_value": "82",
            "measured_on": ["31", "3", "2026"],
        },
    )
    from scrutiny.models import PlanIndicator

    indicator = db.session.scalar(select(PlanIndicator))
    officer.post(
        f"/indicators/{indicator.id}",
        data={"value": "91.5", "measured_on": ["30", "6", "2026"], "version": indicator.version},
    )
    page = _text(officer.get(f"/plans/{plan.id}"))
    assert "91.5%" in page and "82%" in page and "Improving" in page and "On target" in page


def _viewed(client, path: str) -> tuple[str, list[str]]:
    """The page's text and the statements its request ran."""
    seen: list[str] = []

    def listen(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        return _text(client.get(path)), seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def test_the_tracker_and_my_actions_are_remembered_until_an_action_changes(plan, client_as):
    """A second view reads no action; a change shows at once; each reader keeps their own."""
    owner = client_as("owner")
    post = PostFactory(name="Head of Commissioning")
    PostHoldingFactory(post=post, user=owner.user, starts_on=date(2026, 1, 1))
    _many(plan, 3, post)
    officer = client_as("officer")
    for client, path in ((officer, "/actions"), (owner, "/my-actions")):
        assert "Action 2" in _text(client.get(path))
        page, seen = _viewed(client, path)
        assert "Action 2" in page
        assert not [s for s in seen if "FROM actions" in s], path
    action = db.session.scalar(select(Action).where(Action.description == "Action 2"))
    action.description = "Action 2 (reworded)"
    db.session.commit()
    assert "Action 2 (reworded)" in _text(officer.get("/actions"))
    assert "Action 2 (reworded)" in _text(owner.get("/my-actions"))
    other = client_as("owner")  # holds no post: an empty list, not the first owner's
    assert "You have no open actions" in _text(other.get("/my-actions"))


def test_a_plans_page_is_remembered_until_something_it_shows_changes(plan, client_as):
    """A second view reads no action; a renamed plan, a new priority and a reworded action show
    at once; a councillor (who cannot manage plans) never gets the officer's copy."""
    post = PostFactory(name="Head of Commissioning")
    db.session.commit()
    _many(plan, 3, post)
    officer, councillor = client_as("officer"), client_as("councillor")
    url = f"/plans/{plan.id}"
    assert "Action 2" in _text(officer.get(url))
    page, seen = _viewed(officer, url)
    assert "Action 2" in page and "Add a priority" in page
    assert not [s for s in seen if "FROM actions" in s]
    assert "Add a priority" not in _text(councillor.get(url))
    assert "Edit plan" not in _text(councillor.get(url))

    plan.title = "Children's Services Plan 2026"
    db.session.commit()
    assert "Children&#39;s Services Plan 2026" in _text(officer.get(url))
    plans.add_priority(db.session, plan, title="Fundamental 3 – Acting")
    db.session.commit()
    assert "Fundamental 3 – Acting" in _text(officer.get(url))
    action = db.session.scalar(select(Action).where(Action.description == "Action 2"))
    action.description = "Action 2 (reworded)"
    db.session.commit()
    assert "Action 2 (reworded)" in _text(councillor.get(url))
    # the form's one-time token is fresh on every view, never remembered
    tokens = {
        re.search(r'name="once_token"[^>]*value="([^"]+)"', _text(officer.get(url)))[1]
        for _ in range(2)
    }
    assert len(tokens) == 2


def _updates(action, count: int, user, first: int = 0) -> None:
    """`count` progress updates on `action`, a day apart, numbered from `first`."""
    from datetime import UTC, datetime, timedelta

    from scrutiny.services.actions import actions as action_service

    start = datetime(2026, 2, 1, 9, tzinfo=UTC)
    for n in range(first, first + count):
        action_service.record_update(
            db.session,
            action,
            rag="red" if n % 2 else "amber",
            narrative=f"Progress note {n:03d}",
            next_steps="",
            due_on=action.due_on,
            user=user,
            now=start + timedelta(days=n),
            expected_version=None,
        )
    db.session.commit()


def test_an_actions_updates_are_shown_a_page_at_a_time_newest_first(plan, client_as):
    """A long-running action's page lists 20 updates a page, with the trend from the newest."""
    officer = client_as("officer")
    _many(plan, 1, PostFactory(name="Head of Commissioning"))
    action = db.session.scalar(select(Action))
    _updates(action, 25, officer.user)
    with QueryCounter() as counter:
        first = _text(officer.get(f"/actions/{action.id}"))
    assert "Showing 1 to 20 of 25" in first
    assert "Progress note 024" in first and "Progress note 005" in first
    assert "Progress note 004" not in first
    assert first.index("Progress note 024") < first.index("Progress note 023")
    assert "Trend: improving" in first  # 024 amber after 023 red
    assert f'href="/actions/{action.id}?page=2#progress"' in first
    assert 'aria-label="Pages of updates"' in first
    last = _text(officer.get(f"/actions/{action.id}?page=2"))
    assert "Showing 21 to 25 of 25" in last and "Progress note 000" in last
    assert "Progress note 005" not in last
    _updates(action, 40, officer.user, first=25)
    with QueryCounter() as again:
        officer.get(f"/actions/{action.id}")
    assert again.count == counter.count
    assert officer.get(f"/actions/{action.id}?page=two").status_code == 400
