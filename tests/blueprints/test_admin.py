"""Administration journeys: forms keep what was typed, changes show in history, lists stay fast."""

from __future__ import annotations

import pytest

from scrutiny.extensions import db
from scrutiny.models import Committee, OutboxMessage, User
from tests.factories import CommitteeFactory, MembershipFactory, PostHoldingFactory, UserFactory
from tests.helpers import QueryCounter


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_admin_change_to_a_committee_shows_in_its_history(client_as):
    admin = client_as("admin", name="Sindy Dube")
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel", minute_prefix="CAY")
    response = admin.post(
        f"/admin/committees/{panel.id}/edit",
        data={
            "name": "CYPS Panel",
            "slug": "cyps-panel",
            "kind": "scrutiny_panel",
            "minute_prefix": "CAY",
            "remit": "Children's services, education and SEND",
            "active": "y",
            "version": panel.version,
        },
        follow_redirects=True,
    )
    page = _text(response)
    assert "Changes saved" in page
    history = page.split('id="history"')[1]
    assert "Sindy Dube" in history
    assert "Children&#39;s services, education and SEND" in history
    public = _text(admin.get("/committees/cyps-panel"))
    assert "Children&#39;s services, education and SEND" in public


def test_stale_committee_edit_is_refused_and_keeps_what_was_typed(client_as):
    officer = client_as("officer")
    panel = CommitteeFactory(name="CYPS Panel", minute_prefix="CAY")
    opened = panel.version
    panel.remit = "Someone else's edit"
    db.session.commit()
    response = officer.post(
        f"/admin/committees/{panel.id}/edit",
        data={
            "name": "My new name",
            "slug": panel.slug,
            "kind": "scrutiny_panel",
            "minute_prefix": "CAY",
            "remit": "My remit text",
            "active": "y",
            "version": opened,
        },
    )
    page = _text(response)
    assert "Someone else changed this committee while you were editing it" in page
    assert 'value="My new name"' in page
    assert "My remit text" in page
    db.session.refresh(panel)
    assert panel.name == "CYPS Panel"
    assert panel.remit == "Someone else's edit"


def test_new_committee_form_shows_each_error_and_keeps_input(client_as):
    officer = client_as("officer")
    response = officer.post(
        "/admin/committees/new",
        data={"name": "SEND group", "kind": "task_and_finish", "minute_prefix": "SE ND!!"},
    )
    page = _text(response)
    assert "There is a problem" in page
    assert "Minute prefix must be 1 to 12 letters or numbers" in page
    assert 'value="SEND group"' in page
    assert db.session.query(Committee).count() == 0


def test_task_and_finish_group_without_parent_is_refused_with_a_message(client_as):
    officer = client_as("officer")
    page = _text(
        officer.post(
            "/admin/committees/new",
            data={"name": "SEND group", "kind": "task_and_finish", "minute_prefix": "SEND"},
        )
    )
    assert "A task-and-finish group needs a parent panel" in page


def test_adding_a_member_with_an_impossible_date_explains_the_problem(client_as):
    officer = client_as("officer")
    panel = CommitteeFactory()
    person = UserFactory(name="Ann Harley")
    response = officer.post(
        f"/admin/committees/{panel.id}/members",
        data={"user_id": person.id, "role": "member", "starts_on": ["31", "2", "2026"]},
    )
    assert response.status_code == 400
    page = _text(response)
    assert "There is a problem" in page
    assert 'value="31"' in page


def test_adding_a_second_chairman_is_refused(client_as):
    officer = client_as("officer")
    chair = MembershipFactory(role="chairman", user=UserFactory(name="Wendy Griggs"))
    other = UserFactory()
    page = _text(
        officer.post(
            f"/admin/committees/{chair.committee_id}/members",
            data={"user_id": other.id, "role": "chairman", "starts_on": ["1", "6", "2026"]},
        )
    )
    assert "Wendy Griggs is already chairman" in page


def test_creating_a_user_emails_an_invitation(client_as):
    admin = client_as("admin")
    response = admin.post(
        "/admin/users/new",
        data={
            "name": "Catherine Gibbons",
            "email": "Catherine.Gibbons@council.example",
            "roles": ["executive", "councillor"],
            "send_invitation": "y",
        },
        follow_redirects=True,
    )
    page = _text(response)
    assert "Catherine Gibbons has been added" in page
    assert "Councillor, Executive member" in page
    message = db.session.query(OutboxMessage).one()
    assert message.recipient == "catherine.gibbons@council.example"


def test_creating_a_user_with_a_taken_email_keeps_the_form(client_as):
    admin = client_as("admin")
    UserFactory(email="taken@council.example")
    page = _text(
        admin.post(
            "/admin/users/new",
            data={"name": "Someone", "email": "taken@council.example", "roles": ["owner"]},
        )
    )
    assert "A user with the email taken@council.example already exists" in page
    assert 'value="Someone"' in page


def test_deactivated_user_is_kept_and_shown_as_deactivated(client_as):
    admin = client_as("admin")
    person = UserFactory(name="Leaving Officer")
    admin.post(f"/admin/users/{person.id}/active", data={"active": "0", "version": person.version})
    page = _text(admin.get(f"/admin/users/{person.id}"))
    assert "Deactivated" in page
    assert "Reactivate" in page
    assert db.session.get(User, person.id) is not None
    listed = _text(admin.get("/admin/users?status=inactive"))
    assert "Leaving Officer" in listed


def test_users_list_filters_by_role_and_search_in_sql(client_as):
    admin = client_as("admin")
    UserFactory(name="Wendy Griggs", roles=["councillor"])
    UserFactory(name="Brent Cross", roles=["officer"])
    page = _text(admin.get("/admin/users?role=councillor"))
    assert "Wendy Griggs" in page and "Brent Cross" not in page
    page = _text(admin.get("/admin/users?q=brent"))
    assert "Brent Cross" in page and "Wendy Griggs" not in page


def _queries(client, path) -> int:
    with QueryCounter() as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.mark.parametrize(
    ("path", "grow"),
    [
        ("/admin/users", lambda: UserFactory.create_batch(10, roles=["councillor"])),
        ("/admin/posts", lambda: PostHoldingFactory.create_batch(10)),
        ("/admin/committees", lambda: MembershipFactory.create_batch(10)),
        (
            "/committees/",
            lambda: [
                CommitteeFactory(kind="task_and_finish", parent=CommitteeFactory())
                for _ in range(5)
            ],
        ),
        ("/committees/cyps-panel", lambda: MembershipFactory.create_batch(10, committee=_panel())),
    ],
)
def test_list_pages_use_a_flat_number_of_queries(client_as, path, grow):
    admin = client_as("admin", "officer")
    _panel()
    grow()
    few = _queries(admin, path)
    grow()
    grow()
    assert _queries(admin, path) == few


def _panel() -> Committee:
    panel = db.session.query(Committee).filter_by(slug="cyps-panel").one_or_none()
    return panel or CommitteeFactory(slug="cyps-panel")


def test_officer_customises_the_standard_items_of_new_agendas(client_as, clock):
    officer = client_as("officer")
    panel = CommitteeFactory()
    page = _text(officer.get(f"/admin/committees/{panel.id}/standard-items"))
    assert "uses the standard template" in page
    officer.post(
        f"/admin/committees/{panel.id}/standard-items", data={"index": "5", "action": "remove"}
    )
    officer.post(
        f"/admin/committees/{panel.id}/standard-items", data={"index": "1", "action": "up"}
    )
    response = officer.post(
        f"/admin/committees/{panel.id}/standard-items",
        data={"kind": "urgent", "title": "Urgent business", "description": ""},
        follow_redirects=True,
    )
    assert "&#39;Urgent business&#39; added to the template" in _text(response)
    from scrutiny.services.meetings import agenda

    titles = [row.title for row in agenda.standard_items(db.session, panel.id)]
    assert titles[0] == "Apologies for Absence and Notifications for Substitutes"
    assert "Panel's Work Plan" not in titles
    assert titles[-1] == "Urgent business"
    blank = _text(
        officer.post(f"/admin/committees/{panel.id}/standard-items", data={"kind": "urgent"})
    )
    assert "Enter the item&#39;s title" in blank
