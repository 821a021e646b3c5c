"""The printed roll-over: the pack and the minutes PDF show carried actions and responses as a
table, read back from the PDF's text with pypdf; no word is cut; system-written lists print as
lists."""

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from scrutiny.models import Action, Recommendation
from scrutiny.services.actions import actions
from scrutiny.services.jobs import rollover
from scrutiny.services.meetings import packs
from scrutiny.services.minutes import minute_numbering, minutes_document
from scrutiny.services.recommendations import recommendations
from tests.factories import CommitteeFactory, MeetingFactory, PostFactory, UserFactory

SIX_AM = datetime(2026, 6, 15, 5, 0, tzinfo=UTC)

LONG = (
    "Develop and publish a universal youth offer with partners across the voluntary sector, "
    "including detached youth work in the four towns, a youth council with a budget it "
    "controls, and holiday activities for children entitled to free school meals"
)

HEADERS = (
    "Reference",
    "Action or recommendation",
    "Owner posts",
    "Original due",
    "Current due",
    "Days overdue",
    "Times carried",
    "Latest update",
    "RAG",
)


@pytest.fixture
def meeting(session, clock):
    panel = CommitteeFactory(name="CYPS Panel")
    target = MeetingFactory(committee=panel, starts_at=datetime(2026, 9, 1, 17, tzinfo=UTC))
    owner = UserFactory(name="Ann Owner", roles=["owner"])
    for reference, due, text in (
        ("CYPS-A1", date(2026, 6, 1), LONG),
        ("CYPS-A2", date(2026, 5, 1), "Recruit two psychologists"),
        ("CYPS-A3", date(2026, 6, 10), "Review edge of care work"),
    ):
        action = Action(
            description=text, reference=reference, due_on=due, status="in_progress",
            committee=panel,
        )  # fmt: skip
        action.owner_posts = [PostFactory(name=f"Head of Service {reference}")]
        session.add(action)
        session.flush()
        if reference == "CYPS-A2":
            actions.record_update(
                session, action, rag="red", narrative="Advert drew no applicants",
                next_steps="", due_on=None, user=owner, now=clock.now, expected_version=None,
            )  # fmt: skip
    session.add(
        Recommendation(
            committee=panel, text="Fund the youth offer", addressed_to="The Executive",
            reference="CYPS/2026/02", status="submitted", response_due_on=date(2026, 6, 5),
        )
    )  # fmt: skip
    session.flush()
    rollover.roll_over(session, SIX_AM)
    session.commit()
    return target


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _check_table(text: str) -> None:
    flat = " ".join(text.split())
    for header in HEADERS:
        assert header in flat, header
    # Every word of a long description is printed whole (nothing cut mid-word).
    words = set(re.findall(r"[A-Za-z]+", text))
    assert all(word in words for word in re.findall(r"[A-Za-z]+", LONG))
    # Grouped by source (responses first), most overdue first within a group.
    order = [flat.index(ref) for ref in ("CYPS/2026/02", "CYPS-A2", "CYPS-A1", "CYPS-A3")]
    assert order == sorted(order)
    assert flat.index("Executive responses awaited") < flat.index("Actions from the panel")
    # A row reads across its columns: reference, text, owner, dues, days, carried, RAG.
    row = flat[flat.index("CYPS-A2") :]
    assert re.match(
        r"CYPS-A2 Recruit two psychologists Head of Service CYPS-A2 1 May 2026 1 May 2026 "
        r"\d+ 1 Red: Advert drew no applicants Red",
        row,
    ), row[:200]


def test_the_public_and_members_packs_print_the_roll_over_as_a_table(session, meeting, clock):
    for include_exempt in (False, True):
        text = _text(
            packs.build_pack(session, meeting, include_exempt=include_exempt, now=clock.now)
        )
        _check_table(text)
        assert "Owner:" not in text  # not the old run-on paragraph


def test_the_minutes_pdf_prints_the_roll_over_as_a_table(session, meeting, clock, app):

    item = next(i for i in meeting.items if i.kind == "overdue")
    meeting.status = "held"
    minute_numbering.start_minutes(session, meeting, expected_version=None)
    session.flush()
    with app.test_request_context():
        text = _text(minutes_document.pdf(session, meeting, include_exempt=False))
    assert item.title in text
    _check_table(text)


def test_the_executive_responses_item_prints_one_line_per_response(session, clock):
    from flask import render_template

    html = render_template(
        "packs/front.html",
        meeting=MeetingFactory(),
        entries=[
            packs.PackEntry(
                number=5,
                item=type(
                    "Item",
                    (),
                    {
                        "title": recommendations.RESPONSES_ITEM_TITLE,
                        "kind": "report",
                        "exempt": False,
                        "purpose": "",
                        "presenting_officer": "",
                        "description": "The executive's responses to the panel's "
                        "recommendations:\nR1: Accepted by Cllr Gibbons on 3 May 2026\n"
                        "R2: Rejected by Cllr Gibbons on 3 May 2026",
                    },
                )(),
            )
        ],
        include_exempt=False,
        membership={},
        starts=datetime(2026, 9, 1, 18),
        dispatched=datetime(2026, 8, 20, 9),
        signatory="Monitoring Officer",
        carried=[],
    )
    assert "<li>R1: Accepted by Cllr Gibbons on 3 May 2026</li>" in html
    assert "<li>R2: Rejected by Cllr Gibbons on 3 May 2026</li>" in html
