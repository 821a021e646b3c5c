"""No input can break a page: every route, with real and hostile ids, hostile query parameters
and hostile values in every form field, answers without a server error (issue 12)."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from scrutiny.blueprints.forms_base import Form
from scrutiny.blueprints.params import parse_date, parse_int
from scrutiny.demo import council as demo
from scrutiny.extensions import db
from scrutiny.models import AgendaItem, Committee, Meeting, Membership, Post, PostHolding, User
from scrutiny.models.actions import Action
from scrutiny.models.executive_decisions import CallIn, DecisionRecord, ForwardPlanEntry
from scrutiny.models.meetings import ReportDocument
from scrutiny.models.minutes import Minute, OutcomePart
from scrutiny.models.people import Role
from scrutiny.models.plans import PlanIndicator, PlanReport, ServicePlan
from scrutiny.models.programme import ProgrammeItem
from scrutiny.models.recommendations import Recommendation, Submission
from scrutiny.models.task_groups import GroupSession, TaskGroup
from tests.conftest import sign_in
from tests.factories import PASSWORD, PostFactory, UserFactory

#: A lone surrogate cannot be encoded as UTF-8 text; these are the bytes a hostile client sends.
SURROGATE = "\ud800".encode("utf-8", "surrogatepass")
#: One value carrying a formula, control characters, a lone surrogate and SQL.
MIXED = b'=HYPERLINK("http://x")\x00\x0b\x1f' + SURROGATE + b"'; drop table users; --"

#: Values that have broken pages: non-ASCII digits, numbers beyond 64 bits, negative numbers,
#: control characters, a lone surrogate, a spreadsheet formula, SQL, an encoded newline.
HOSTILE = ["²", "9" * 30, str(10**30), "-1", "\x00", "\x0b\x1f", SURROGATE, MIXED, "%0A"]
#: Each round gives every parameter or field one value; the last gives each a different one.
ROUNDS = ["²", str(10**30), MIXED, None]

QUERY_NAMES = [
    "page", "year", "plan", "priority", "post", "status", "q", "committee", "kind", "role",
    "responder", "row", "rec", "from", "to", "due_from", "due_to", "rag", "overdue", "section",
    "next", "_scheme", "_external", "endpoint", "month", "when",
]  # fmt: skip

#: Ids in paths that no 64-bit column can hold, and slugs no committee has.
HOSTILE_IDS = ["9" * 30, str(2**63), str(2**31)]
HOSTILE_SLUGS = ["²", "\x00'; drop%0A" + "a" * 300]

FORM_ENCODED = "application/x-www-form-urlencoded"

#: Routes that would end the signed-in session being used for the rest of the run.
SKIPPED = {"auth.sign_out", "static"}


def _real_ids() -> dict[str, object]:
    """Real values for every path argument, related where a route checks that they belong."""
    session = db.session
    part = session.scalars(select(OutcomePart).order_by(OutcomePart.id)).first()
    minute = session.get(Minute, part.minute_id)
    meeting = session.get(Meeting, minute.meeting_id)
    item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)).first()
    document = session.scalars(
        select(ReportDocument)
        .join(AgendaItem, ReportDocument.item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == meeting.id)
    ).first()
    group = session.scalars(select(TaskGroup)).first()
    group_session = session.scalars(select(GroupSession)).first()
    admin_email = demo.DEMO_LOGINS[0][0]
    user = session.scalars(select(User).where(User.email != admin_email)).first()

    def first(model):
        row = session.scalars(select(model).order_by(model.id)).first()
        return row.id if row is not None else 1

    return {
        "meeting_id": meeting.id,
        "item_id": item.id,
        "minute_id": minute.id,
        "part_id": part.id,
        "document_id": document.id if document else first(ReportDocument),
        "committee_id": meeting.committee_id,
        "slug": session.get(Committee, meeting.committee_id).slug,
        "user_id": user.id,
        "post_id": first(Post),
        "holding_id": first(PostHolding),
        "membership_id": first(Membership),
        "group_id": group.id if group else 1,
        "session_id": group_session.id if group_session else 1,
        "rec_id": first(Recommendation),
        "submission_id": first(Submission),
        "action_id": first(Action),
        "plan_id": first(ServicePlan),
        "indicator_id": first(PlanIndicator),
        "report_id": first(PlanReport),
        "row_id": first(ProgrammeItem),
        "token": "not-a-token",
        "filename": "application.css",
        "kind": "meeting",
        "fmt": "atom",
        "key": str(meeting.id),
        "body_id": "1",
        "anything": "nothing/here",
        "call_in_id": first(CallIn),
        "entry_id": first(ForwardPlanEntry),
        "record_id": first(DecisionRecord),
    }


def _path(rule, values: dict[str, object]) -> str:
    """The rule's path with `values` put in, percent-encoded as a browser would."""

    def put(match: re.Match) -> str:
        return quote(str(values[match.group(1)]), safe="")

    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", put, rule.rule)


def _encoded(names, value) -> str:
    """`names` each with `value` (None: each with the next of HOSTILE), form-encoded."""
    pairs = [
        (n, HOSTILE[i % len(HOSTILE)] if value is None else value) for i, n in enumerate(names)
    ]
    return urlencode(pairs)


def _form_field_names() -> set[str]:
    """Every field name of every form class in the application."""
    names: set[str] = set()
    stack = [Form]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        names |= {n for n, v in vars(cls).items() if isinstance(v, UnboundField)}
    return names | {"version", "csrf_token", "previous_id", "action", "index"}


def _page_field_names(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))


#: Downloads are slow to build and read few parameters: they get fewer rounds.
DOWNLOAD = re.compile(r"\.(pdf|docx|xlsx|csv|ics)$|/report$")


def _staff_client(app):
    """A client signed in as someone holding every role, so every form is open to it."""
    client = app.test_client()
    sign_in(client, UserFactory(roles=[role.value for role in Role]))
    return client


def _check(failures: list[str], client, method: str, url: str, **kwargs) -> object:
    try:
        response = client.open(url, method=method, **kwargs)
    except Exception as error:  # noqa: BLE001 - every kind of crash is what we look for
        failures.append(f"{method} {url!r}: {type(error).__name__}: {error}"[:300])
        return None
    if response.status_code >= 500:
        failures.append(f"{method} {url!r}: {response.status_code}"[:300])
    return response


@pytest.fixture
def world(app, clock):
    """The demo council, and real values for every path argument."""
    demo.load_demo(db.session, clock.now)
    db.session.commit()
    return _real_ids()


def _rules(app, method: str):
    return sorted(
        (r for r in app.url_map.iter_rules() if method in r.methods and r.endpoint not in SKIPPED),
        key=lambda r: r.rule,
    )


def test_no_get_route_fails_on_hostile_ids_or_query_parameters(app, world):
    failures: list[str] = []
    staff, public = _staff_client(app), app.test_client()
    for rule in _rules(app, "GET"):
        path = _path(rule, world)
        rounds = ROUNDS[1:] if DOWNLOAD.search(rule.rule) else ROUNDS
        for value in rounds:
            _check(failures, staff, "GET", path, query_string=_encoded(QUERY_NAMES, value))
        _check(failures, public, "GET", path, query_string=_encoded(QUERY_NAMES, None))
        for name in rule.arguments:
            for bad in HOSTILE_IDS if f"<int:{name}>" in rule.rule else HOSTILE_SLUGS:
                _check(failures, staff, "GET", _path(rule, world | {name: bad}))
    assert failures == []


def test_no_form_fails_on_hostile_values_in_any_field(app, world):
    failures: list[str] = []
    staff = _staff_client(app)
    everywhere = _form_field_names()
    for rule in _rules(app, "POST"):
        path = _path(rule, world)
        names = set(everywhere)
        if "GET" in rule.methods:
            page = _check(failures, staff, "GET", path)
            if page is not None:
                names |= _page_field_names(page.get_data(as_text=True))
        # Three of each name: a date field reads day, month and year from one name.
        names = [name for name in sorted(names) for _ in range(3)]
        for value in ROUNDS:
            body = _encoded(names, value)
            _check(failures, staff, "POST", path, data=body, content_type=FORM_ENCODED)
    assert failures == []


# What a person would notice, case by case.


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",  # "/\t/evil.example": browsers drop the tab
        "/%0A/x",
        "/%0D%0A/x",
        "/%5Cevil.example",  # backslash
        "/%5C%5Cevil.example",
        "//evil.example",
        "///evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%252F/evil.example",  # encoded twice
        "https://evil.example/",
        "javascript:alert(1)",
        "%2F%09%2Fevil.example",
    ],
)
def test_sign_in_never_redirects_off_site(client, target):
    user = UserFactory()
    response = client.post(
        f"/sign-in?next={quote(target, safe='%/:')}",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_sign_in_returns_to_the_page_on_this_site_that_was_asked_for(client):
    user = UserFactory()
    response = client.post(
        "/sign-in?next=%2Fmeetings%2F%3Fcommittee%3Dcyps",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/meetings/?committee=cyps"


def test_text_typed_into_a_form_is_saved_without_characters_xml_cannot_hold(client_as):
    admin = client_as("admin")
    response = admin.post("/admin/posts/new", data={"name": "Head\x0b of\x00 QA\x1f"})
    assert response.status_code == 302
    assert db.session.scalar(select(Post.name)) == "Head of QA"


def test_a_mangled_version_is_a_form_error_not_a_crash(client_as):
    admin = client_as("admin")
    post = PostFactory(name="Head of QA")
    response = admin.post(
        f"/admin/posts/{post.id}/edit", data={"name": "Head of Quality", "version": "²"}
    )
    assert response.status_code == 200
    assert "This page is out of date: reload it and make the change again" in response.text
    db.session.refresh(post)
    assert post.name == "Head of QA"


def test_a_choice_beyond_64_bits_is_a_form_error_not_a_crash(client_as):
    admin = client_as("admin")
    post = PostFactory(name="Head of QA")
    response = admin.post(
        f"/admin/posts/{post.id}/holders", data={"user_id": str(10**30), "starts_on": ""}
    )
    assert response.status_code < 500


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/recommendations?year=²", 400),
        ("/recommendations?page=" + "9" * 30, 400),
        ("/meetings/?page=-1", 400),
        ("/decisions?from=2023-02-30", 400),
        ("/meetings/" + "9" * 30, 404),
        ("/meetings/9223372036854775808", 404),
        ("/meetings/?from=²", 200),  # a typed date gets a message on the page
        ("/meetings/?year=²", 400),
        ("/meetings/calendar?month=2026-02-30", 400),
        ("/meetings/calendar?month=²", 400),
    ],
)
def test_malformed_numbers_and_dates_in_addresses_are_refused_plainly(client, url, status):
    assert client.get(url).status_code == status


def test_links_never_pass_reserved_url_options_on(client_as):
    officer = client_as("officer")
    page = officer.get("/actions?_scheme=javascript&_external=1&endpoint=x&status=complete")
    assert page.status_code == 200
    assert 'href="/actions.csv?status=complete"' in page.text
    assert "javascript" not in page.text.split("Export CSV")[0].rsplit("href=", 1)[-1]


def test_parse_int_takes_ascii_digits_within_64_bits_only():
    assert parse_int("42") == 42
    assert parse_int(" 7 ") == 7
    for bad in ("²", "٣", "9" * 30, str(2**63), "1e3", "0x10", "", None, "-1"):
        assert parse_int(bad) is None, bad
    assert parse_int("-1", minimum=-5) == -1
    assert parse_date("2023-02-28").isoformat() == "2023-02-28"
    for bad in ("2023-02-30", "0001-01-01", "9999-12-31", "２０２３-01-01", "20230228"):
        assert parse_date(bad) is None, bad
