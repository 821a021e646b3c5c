"""The import page: upload, preview every row's interpretation, load all or nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from scrutiny.extensions import db
from scrutiny.models import Action, PlanPriority, Post
from scrutiny.services.plans import plans
from tests.factories import PostFactory

LEAD = "Who is leading on these actions, and by when?"


@pytest.fixture
def plan():
    made = plans.create_plan(
        db.session,
        title="Children's Support and Safeguarding Service Plan",
        starts_on=date(2023, 1, 1),
        ends_on=date(2023, 12, 31),
    )
    PostFactory(name="Head of Commissioning")
    PostFactory(name="Principal Social Worker")
    db.session.commit()
    return made


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


ROWS = [
    ["Fundamental", "Actions needed to address this priority", LEAD],
    [
        "Fundamental 1 – Seeing and Hearing",
        "Produce a Commissioning Plan",
        "6. Head of Commissioning (January 2023)",
    ],
    ["", "Respond to QA practice themes", "3. PSW and Head of QA (monthly)"],
    ["Fundamental 6 – Language that Cares", "Be compassionate", "4. HOS ongoing"],
]


def _upload(client, plan, data: bytes, **fields):
    return client.post(
        f"/plans/{plan.id}/import",
        data={"file": (io.BytesIO(data), "plan.csv"), "preview": "y", **fields},
        content_type="multipart/form-data",
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_upload_previews_every_row_then_loads_them_all(client_as, plan):
    officer = client_as("officer")
    assert "Create the posts that do not exist yet" in officer.get(
        f"/plans/{plan.id}/import"
    ).get_data(as_text=True)

    response = _upload(officer, plan, _csv(ROWS))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "How each row will be imported" in page
    assert "January 2023" in page
    assert "Monthly (next 30 June 2026)" in page  # read against today, on the test clock
    assert "Ongoing" in page
    assert 'written "PSW"' in page
    assert "Head of QA" in page and "New post" in page
    assert "Load 3 actions" in page
    assert _count(Action) == 0
    upload = re.search(r'name="upload" type="hidden" value="([0-9a-f]{64})"', page)
    upload = upload or re.search(r'name="upload" value="([0-9a-f]{64})"', page)
    assert upload, page

    fields = {"upload": upload.group(1), "filename": "plan.csv", "load": "y"}
    refused = officer.post(f"/plans/{plan.id}/import", data=fields)
    assert refused.status_code == 200
    assert "these posts do not exist yet: Head of QA, HOS" in refused.get_data(as_text=True)
    assert _count(Action) == 0

    response = officer.post(f"/plans/{plan.id}/import", data={**fields, "create_posts": "y"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{plan.id}")
    assert _count(Action) == 3
    assert _count(PlanPriority) == 2
    assert db.session.scalar(select(Post).where(Post.name == "HOS")) is not None
    assert "3 actions imported" in officer.get(f"/plans/{plan.id}").get_data(as_text=True)


def test_a_bad_row_is_summarised_and_nothing_is_created(client_as, plan):
    officer = client_as("officer")
    rows = [*ROWS, ["", "Roll out language that cares", "Head of Commissioning (31/02/2023)"]]
    response = _upload(officer, plan, _csv(rows), create_posts="y")
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert 'href="#row-5"' in page
    assert "Row 5: " in page and "is not a real date" in page
    assert "Load 4 actions" not in page
    assert "Nothing can be imported until every row is right" in page
    assert _count(Action) == 0 and _count(Post) == 2


def test_a_file_that_is_not_a_spreadsheet_is_refused(client_as, plan):
    officer = client_as("officer")
    response = _upload(officer, plan, b"%PDF-1.7 a report")
    page = response.get_data(as_text=True)
    assert "The file must be a spreadsheet saved as Excel (.xlsx) or CSV" in page
    assert 'href="#file"' in page
    response = officer.post(
        f"/plans/{plan.id}/import", data={"preview": "y"}, content_type="multipart/form-data"
    )
    assert "Choose a spreadsheet to import" in response.get_data(as_text=True)


def test_an_expired_upload_asks_for_the_file_again(client_as, plan):
    officer = client_as("officer")
    response = officer.post(
        f"/plans/{plan.id}/import", data={"upload": "0" * 64, "load": "y", "filename": "a.csv"}
    )
    assert "The upload has expired: choose the file again" in response.get_data(as_text=True)


def test_councillors_and_owners_cannot_import(client_as, plan):
    for role in ("councillor", "owner"):
        client = client_as(role)
        assert client.get(f"/plans/{plan.id}/import").status_code == 403
        assert _upload(client, plan, _csv(ROWS)).status_code == 403
    assert _count(Action) == 0
