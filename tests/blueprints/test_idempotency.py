"""A create form sent twice (double click, resend, two tabs at once) creates one row."""

from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import func, select

from scrutiny.extensions import db
from scrutiny.models import AgendaItem, FormSubmission, Meeting, Post
from tests.factories import CommitteeFactory, MeetingFactory

NEW_MEETING = "/committees/cyps-panel/meetings/new"


@pytest.fixture
def panel():
    committee = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    db.session.commit()
    return committee


@pytest.fixture
def officer(client_as, panel):
    return client_as("officer")


def _token(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="once_token" type="hidden" value="([^"]+)"', page)
    assert match, "the form carries no one-time token"
    return match[1]


def _meeting_form(token: str | None) -> dict:
    data = {
        "meeting_date": ["12", "11", "2026"],
        "start_time": "10:00",
        "venue": "Town Hall",
        "formal": "formal",
    }
    return data | ({"once_token": token} if token else {})


def _meetings() -> int:
    return db.session.scalar(select(func.count(Meeting.id)))


def test_each_rendering_of_a_create_form_gets_its_own_token(officer):
    assert _token(officer, NEW_MEETING) != _token(officer, NEW_MEETING)


def test_adding_a_meeting_sent_twice_adds_one_and_both_land_on_it(officer):
    token = _token(officer, NEW_MEETING)
    first = officer.post(NEW_MEETING, data=_meeting_form(token))
    second = officer.post(NEW_MEETING, data=_meeting_form(token))
    assert _meetings() == 1
    assert re.fullmatch(r"/meetings/\d+", first.location)
    assert second.status_code == 302 and second.location == first.location
    page = officer.get(second.location).get_data(as_text=True)
    assert "That form had already been sent, so nothing new was added" in page
    # A fresh form (a new token) adds another meeting, as it should.
    officer.post(NEW_MEETING, data=_meeting_form(_token(officer, NEW_MEETING)))
    assert _meetings() == 2


def test_a_refused_post_does_not_use_up_its_token(officer):
    token = _token(officer, NEW_MEETING)
    refused = officer.post(NEW_MEETING, data=_meeting_form(token) | {"venue": ""})
    assert "Enter the venue" in refused.get_data(as_text=True)
    assert f'value="{token}"' in refused.get_data(as_text=True)  # the corrected form resends it
    assert db.session.scalar(select(func.count()).select_from(FormSubmission)) == 0
    assert officer.post(NEW_MEETING, data=_meeting_form(token)).status_code == 302
    assert _meetings() == 1


def test_a_form_without_a_token_still_saves(officer):
    assert officer.post(NEW_MEETING, data=_meeting_form(None)).status_code == 302
    assert officer.post(NEW_MEETING, data=_meeting_form(None)).status_code == 302
    assert _meetings() == 2


def test_four_simultaneous_posts_of_one_agenda_item_add_it_once(officer, panel):
    meeting = MeetingFactory(committee=panel)
    db.session.commit()
    url = f"/meetings/{meeting.id}/items/new"
    token = _token(officer, url)
    data = {"kind": "report", "title": "Budget", "version": meeting.version, "once_token": token}
    start = threading.Barrier(4)
    locations: list[str] = []
    errors: list[BaseException] = []

    def send():
        try:
            start.wait(timeout=30)
            response = officer.post(url, data=data)
            locations.append(response.location)
        except BaseException as error:  # noqa: BLE001 - reported by the test thread
            errors.append(error)

    db.session.commit()  # release SQLite's write lock before the posts race for it
    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    titles = db.session.scalars(
        select(AgendaItem.title).where(AgendaItem.meeting_id == meeting.id)
    ).all()
    assert titles.count("Budget") == 1
    assert len(locations) == 4 and set(locations) == {f"/meetings/{meeting.id}#agenda"}


@pytest.mark.parametrize(
    "url",
    [
        "/committees/cyps-panel/meetings/new",
        "/committees/cyps-panel/meetings/series",
        "/committees/cyps-panel/work-programme/propose",
        "/committees/cyps-panel/work-programme/new",
        "/committees/cyps-panel/task-groups/new",
        "/admin/committees/new",
        "/admin/users/new",
        "/admin/posts/new",
        "/plans/new",
    ],
)
def test_create_pages_carry_a_one_time_token(client_as, panel, url):
    admin = client_as("admin", "officer")
    assert _token(admin, url)


def test_a_post_sent_twice_adds_one_post(client_as):
    admin = client_as("admin")
    token = _token(admin, "/admin/posts/new")
    data = {"name": "Head of Early Help", "service": "Children's", "once_token": token}
    first = admin.post("/admin/posts/new", data=data)
    second = admin.post("/admin/posts/new", data=data)
    assert second.location == first.location
    assert db.session.scalar(select(func.count(Post.id)).where(Post.name == data["name"])) == 1
