"""Who can see and change what: every role against every page and action.

Later features add rows to PAGES and ACTIONS. "login" means the anonymous visitor is sent to
the sign-in page; 403 means a signed-in user without the permission is refused.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scrutiny.extensions import db
from scrutiny.models import (
    Action,
    ActionUpdate,
    CallIn,
    Committee,
    DecisionRecord,
    ForwardPlanEntry,
    GroupSession,
    Membership,
    Post,
    PostHolding,
    Recommendation,
    ServicePlan,
    TaskGroup,
    User,
)
from scrutiny.services.decisions import forward_plan
from scrutiny.services.plans import plans
from scrutiny.services.programme import task_groups
from scrutiny.services.recommendations import recommendations
from tests.factories import CommitteeFactory, PostFactory, UserFactory

ROLES = ["anonymous", "admin", "officer", "councillor", "owner", "executive"]
OK, LOGIN, FORBIDDEN = 200, "login", 403


def _expect(allowed: set[str], anonymous=LOGIN) -> dict[str, object]:
    return {
        r: (anonymous if r == "anonymous" else OK if r in allowed else FORBIDDEN) for r in ROLES
    }


EVERYONE = {"admin", "officer", "councillor", "owner", "executive"}
STAFF = {"admin", "officer"}
ADMIN = {"admin"}

#: path template -> expected result per role
PAGES: dict[str, dict[str, object]] = {
    "/dashboard": _expect(EVERYONE),
    "/committees/": _expect(EVERYONE, anonymous=OK),
    "/committees/{panel.slug}": _expect(EVERYONE, anonymous=OK),
    "/oparl/v1/system": _expect(EVERYONE, anonymous=OK),
    "/oparl/v1/body/1/meetings": _expect(EVERYONE, anonymous=OK),
    "/oparl/v1/openapi.json": _expect(EVERYONE, anonymous=OK),
    "/feeds/agendas.atom": _expect(EVERYONE, anonymous=OK),
    "/committees/{panel.slug}/feeds/decisions.rss": _expect(EVERYONE, anonymous=OK),
    "/alerts": _expect(EVERYONE, anonymous=OK),
    "/committees/{inactive.slug}": _expect(STAFF),
    "/admin/users": _expect(ADMIN),
    "/admin/users/new": _expect(ADMIN),
    "/admin/users/{other.id}": _expect(ADMIN),
    "/admin/users/{other.id}/edit": _expect(ADMIN),
    "/admin/posts": _expect(STAFF),
    "/admin/posts/new": _expect(ADMIN),
    "/admin/posts/{post.id}": _expect(STAFF),
    "/admin/posts/{post.id}/edit": _expect(ADMIN),
    "/admin/committees": _expect(STAFF),
    "/admin/committees/new": _expect(STAFF),
    "/admin/committees/{panel.id}": _expect(STAFF),
    "/admin/committees/{panel.id}/edit": _expect(STAFF),
    "/admin/committees/{panel.id}/standard-items": _expect(STAFF),
    "/admin/outbox": _expect(ADMIN),
    "/meetings/": _expect(EVERYONE, anonymous=OK),
    "/decisions": _expect(EVERYONE, anonymous=OK),
    "/search?q=panel": _expect(EVERYONE, anonymous=OK),
    "/committees/{panel.slug}/work-programme": _expect(EVERYONE, anonymous=OK),
    "/committees/{panel.slug}/work-programme.docx": _expect(EVERYONE, anonymous=OK),
    "/committees/{panel.slug}/work-programme.xlsx": _expect(EVERYONE, anonymous=OK),
    "/committees/{panel.slug}/work-programme/propose": _expect({"admin", "officer", "councillor"}),
    "/committees/{panel.slug}/work-programme/new": _expect(STAFF),
    "/meetings.ics": _expect(EVERYONE, anonymous=OK),
    "/task-groups/{group.id}": _expect(EVERYONE, anonymous=OK),
    "/committees/{panel.slug}/task-groups/new": _expect(STAFF),
    "/task-groups/{group.id}/edit": _expect(STAFF),
    "/task-groups/{group.id}/sessions/new": _expect(STAFF),
    "/recommendations/{rec.id}": _expect(EVERYONE, anonymous=OK),
    "/recommendations/{draft.id}": {r: (OK if r in STAFF else 404) for r in ROLES},
    "/committees/{panel.slug}/recommendations/submit": _expect(STAFF),
    "/recommendations/{rec.id}/respond": _expect({"admin", "officer", "executive"}),
    "/recommendations/{rec.id}/close": _expect(STAFF),
    "/actions/{action.id}": _expect(EVERYONE),
    "/plans": _expect(EVERYONE),
    "/plans/new": _expect(STAFF),
    "/plans/{plan.id}": _expect(EVERYONE),
    "/plans/{plan.id}/edit": _expect(STAFF),
    "/plans/{plan.id}/actions/new": _expect(STAFF),
    "/plans/{plan.id}/indicators": _expect(STAFF),
    "/actions/{action.id}/edit": _expect(STAFF),
    "/actions": _expect(EVERYONE),
    "/my-actions": _expect(EVERYONE),
    "/committees/{panel.slug}/meetings/new": _expect(STAFF),
    "/account/password": _expect(EVERYONE),
    "/forward-plan": _expect(EVERYONE, anonymous=OK),
    "/forward-plan/new": _expect(STAFF),
    "/forward-plan/urgency-report": _expect(STAFF),
    "/forward-plan/{entry.id}": _expect(EVERYONE, anonymous=OK),
    "/forward-plan/{entry.id}/edit": _expect(STAFF),
    "/forward-plan/{entry.id}/urgency": _expect(STAFF),
    "/forward-plan/{entry.id}/private-notice": _expect(STAFF),
    "/forward-plan/{entry.id}/decision": _expect(STAFF),
    "/executive-decisions": _expect(EVERYONE, anonymous=OK),
    "/executive-decisions.ics": _expect(EVERYONE, anonymous=OK),
    "/executive-decisions.atom": _expect(EVERYONE, anonymous=OK),
    "/executive-decisions/{decision.id}": _expect(EVERYONE, anonymous=OK),
    "/executive-decisions/{decision.id}/edit": _expect(STAFF),
    "/executive-decisions/{decision.id}/call-in": _expect({"councillor"}),
    "/call-ins/{call_in.id}": _expect(EVERYONE),
}


@pytest.fixture
def world():
    """One of each object the pages above refer to."""
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    group = task_groups.create_group(
        db.session,
        panel,
        name="Transport group",
        topic="Transport",
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 12, 1),
    )
    rec = Recommendation(committee=panel, text="Do it", addressed_to="The Executive")
    draft = Recommendation(committee=panel, text="Maybe", addressed_to="The Executive")
    draft.status = "draft"
    db.session.add_all([rec, draft])
    recommendations.agree(db.session, rec, date(2026, 6, 11))
    db.session.flush()
    action = Action(description="Act", status="not_started", recommendation_id=rec.id)
    db.session.add(action)
    plan = plans.create_plan(
        db.session, title="Plan", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    entry = forward_plan.create_entry(
        db.session,
        panel,
        matter="Depot sale",
        maker_kind="executive",
        maker="The Executive",
        decision_on=date(2026, 9, 1),
    )
    forward_plan.publish(entry, datetime(2026, 6, 1, tzinfo=UTC))
    decision = DecisionRecord(
        committee=panel,
        entry=entry,
        title="Depot sale",
        maker_kind="executive",
        maker="The Executive",
        decided_on=date(2026, 9, 1),
        decision="Sell",
        published_at=datetime(2026, 6, 1, tzinfo=UTC),
    )
    starter = UserFactory(roles=["councillor"])
    call_in = CallIn(decision=decision, reasons="Why", started_by=starter)
    db.session.add_all([decision, call_in])
    return {
        "entry": entry,
        "decision": decision,
        "call_in": call_in,
        "plan": plan,
        "panel": panel,
        "group": group,
        "rec": rec,
        "draft": draft,
        "action": action,
        "inactive": CommitteeFactory(name="Old Panel", slug="old-panel", active=False),
        "other": UserFactory(name="Someone Else"),
        "post": PostFactory(name="Head of Commissioning"),
    }


def _client(role, client, client_as):
    return client if role == "anonymous" else client_as(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", list(PAGES))
def test_page_access(path, role, world, client, client_as):
    expected = PAGES[path][role]
    response = _client(role, client, client_as).get(path.format(**world))
    if expected == LOGIN:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in")
    else:
        assert response.status_code == expected
        if expected == FORBIDDEN:
            assert "You do not have permission" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_can_see_their_own_user_page(role, client, client_as):
    if role == "anonymous":
        return
    me = client_as(role)
    page = me.get(f"/admin/users/{me.user.id}").get_data(as_text=True)
    assert me.user.email in page


def _count(model) -> int:
    return db.session.query(model).count()


#: name -> (path template, form data template, model whose row count changes, allowed roles)
ACTIONS = {
    "create user": (
        "/admin/users/new",
        {"name": "New Person", "email": "new.person@council.example", "roles": ["officer"]},
        User,
        ADMIN,
    ),
    "create post": ("/admin/posts/new", {"name": "Head of SEND"}, Post, ADMIN),
    "add post holder": (
        "/admin/posts/{post.id}/holders",
        {"user_id": "{other.id}", "starts_on": ["1", "4", "2026"]},
        PostHolding,
        ADMIN,
    ),
    "set up task-and-finish group": (
        "/committees/{panel.slug}/task-groups/new",
        {
            "name": "SEND group",
            "topic": "SEND",
            "starts_on": ["1", "7", "2026"],
            "ends_on": ["1", "12", "2026"],
        },
        TaskGroup,
        STAFF,
    ),
    "record group session": (
        "/task-groups/{group.id}/sessions/new",
        {"kind": "visit", "held_on": ["2", "6", "2026"], "title": "Depot visit"},
        GroupSession,
        STAFF,
    ),
    "update action": (
        "/actions/{action.id}",
        {"rag": "green", "narrative": "On track"},
        ActionUpdate,
        STAFF,
    ),
    "add plan": (
        "/plans/new",
        {"title": "New plan", "starts_on": ["1", "1", "2026"], "ends_on": ["1", "12", "2026"]},
        ServicePlan,
        STAFF,
    ),
    "create committee": (
        "/admin/committees/new",
        {"name": "Health Panel", "kind": "scrutiny_panel", "minute_prefix": "HP"},
        Committee,
        STAFF,
    ),
    "add forward plan entry": (
        "/forward-plan/new",
        {
            "matter": "Library review",
            "committee_id": "{panel.id}",
            "maker_kind": "member",
            "maker": "Executive Member for Culture",
            "decision_on": ["1", "10", "2026"],
        },
        ForwardPlanEntry,
        STAFF,
    ),
    "add member": (
        "/admin/committees/{panel.id}/members",
        {"user_id": "{other.id}", "role": "member", "starts_on": ["1", "5", "2026"]},
        Membership,
        STAFF,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_actions_change_data_only_for_allowed_roles(action, role, world, client, client_as):
    path, data, model, allowed = ACTIONS[action]
    actor = _client(role, client, client_as)
    form = {k: (v.format(**world) if isinstance(v, str) else v) for k, v in data.items()}
    before = _count(model)
    response = actor.post(path.format(**world), data=form)
    if role in allowed:
        assert response.status_code == 302, response.get_data(as_text=True)
        assert _count(model) == before + 1
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert _count(model) == before


@pytest.mark.parametrize("role", ROLES)
def test_committee_history_is_shown_to_staff_only(role, world, client, client_as):
    page = _client(role, client, client_as).get("/committees/cyps-panel").get_data(as_text=True)
    assert ('id="history"' in page) == (role in STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_navigation_matches_the_role(role, client, client_as):
    page = _client(role, client, client_as).get("/committees/").get_data(as_text=True)
    assert ('href="/admin/users"' in page) == (role == "admin")
    assert ('href="/admin/committees"' in page) == (role in STAFF)
    assert ('href="/dashboard"' in page) == (role != "anonymous")
    assert ("Sign in</a>" in page) == (role == "anonymous")
