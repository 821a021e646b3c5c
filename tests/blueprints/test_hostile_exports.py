"""Every export survives old rows holding control characters and formulas: spreadsheets and CSV
hold the text as text (never a formula, a leading ' where a spreadsheet would run it), Word
documents and PDFs open, for officers and for the public where the export is public."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import update

from scrutiny.extensions import db
from scrutiny.models import Post
from scrutiny.models.plans import PlanPriority, ServicePlan
from scrutiny.services.actions import actions
from scrutiny.services.minutes import minute_numbering, minutes, minutes_attendance
from scrutiny.services.plans import plan_reports, plans
from scrutiny.services.programme import work_programme
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    PostHoldingFactory,
    UserFactory,
)
from tests.services.test_recommendation_tracker import rec, respond, submission

HYPERLINK = '=HYPERLINK("http://evil","x")'
#: Text a spreadsheet would run, as an old row may hold it.
FORMULAS = (HYPERLINK, "+1", "-2", "@SUM(A1)")


def _control(word: str) -> tuple[str, str]:
    """Three hostile spellings of `word` (with NUL, vertical tab and unit separator in it)."""
    # PostgreSQL cannot store NUL at all; a form feed stands in for it there.
    nul = "\x00" if db.engine.dialect.name == "sqlite" else "\x0c"
    return f"{word}{nul} one\x0b two\x1f three", f"{word} one two three"


def _poison(obj, **values) -> None:
    """Write values straight into the object's row, as old data (or a script) would."""
    table = type(obj).__table__
    db.session.execute(update(table).where(table.c.id == obj.id).values(**values))


@pytest.fixture
def hostile(clock):
    """A panel whose programme, recommendations, response, plan, action, report and minutes
    all hold control characters and formulas; returns what each should read as."""
    panel = CommitteeFactory(name="CYPS Panel", slug="cyps", minute_prefix="CAY")
    text = {}
    row = work_programme.add_row(db.session, panel, section="active", topic="Topic", now=clock.now)
    topic, text["topic"] = _control("Topic")
    _poison(
        row, topic=topic, reason=HYPERLINK, method="+1", timeline="-2", contact="@SUM(A1)",
        progress=_control("Progress")[0],
    )  # fmt: skip
    text["progress"] = _control("Progress")[1]
    member = UserFactory(name="Cllr Executive", roles=["executive"])
    sent = submission(panel, date(2026, 5, 10), date(2026, 7, 9), "School places")
    awaiting = rec(panel, 1, "submitted", date(2026, 5, 5), sent, responder=member)
    answered = rec(panel, 2, "responded", date(2026, 5, 5), sent, responder=member)
    db.session.add_all([awaiting, answered])
    db.session.flush()
    respond(answered, "accepted", date(2026, 6, 1), member)
    db.session.flush()
    recommendation, text["recommendation"] = _control("Recommendation")
    response, text["response"] = _control("Response")
    _poison(awaiting, text=recommendation, addressed_to="@SUM(A1)")
    _poison(answered, text=HYPERLINK)
    _poison(answered.response, text=response)

    post = PostFactory(name="Head of Safeguarding")
    owner = UserFactory(roles=["owner"])
    PostHoldingFactory(post=post, user=owner, starts_on=date(2026, 1, 1))
    plan = plans.create_plan(
        db.session, title="Plan", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31),
        committee_id=panel.id,
    )  # fmt: skip
    priority = plans.add_priority(db.session, plan, title="Priority")
    action = plans.add_action(
        db.session, plan, priority, description="Action", post_ids=[post.id],
        due_text="31/05/2026", today=date(2026, 1, 5),
    )  # fmt: skip
    actions.record_update(
        db.session, action, rag="amber", narrative="Started", next_steps="Next",
        due_on=None, user=owner, now=datetime(2026, 5, 10, 10, tzinfo=UTC), expected_version=None,
    )  # fmt: skip
    description, text["action"] = _control("Action")
    _poison(action, description=description, source_reference="@SUM(A1)", reference="+1")
    _poison(db.session.get(ServicePlan, plan.id), title=_control("Plan")[0])
    _poison(db.session.get(PlanPriority, priority.id), title=HYPERLINK)
    _poison(db.session.get(Post, post.id), name="-2")
    _poison(action.updates[0], narrative=_control("Narrative")[0])
    text["plan"], text["narrative"] = _control("Plan")[1], _control("Narrative")[1]
    report = plan_reports.create_highlight(
        db.session, plan, date(2026, 4, 1), date(2026, 5, 31), owner, clock.now
    )
    risks, text["risks"] = _control("Risks")
    _poison(report, narrative={"reason": HYPERLINK, "risks": risks})

    meeting = MeetingFactory(
        committee=panel, status="held", starts_at=datetime(2026, 6, 11, 9, tzinfo=UTC)
    )
    chair = MembershipFactory(committee=panel, role="chairman", user=UserFactory(name="Chair"))
    item = AgendaItemFactory(meeting=meeting, title="Item", position=10)
    minutes_attendance.record_attendance(
        db.session, meeting, member_kinds={chair.user_id: "present"}, substitutes=[],
        officers=[], commenced=None, concluded=None, expected_version=None,
    )  # fmt: skip
    (minute,) = minute_numbering.start_minutes(db.session, meeting, expected_version=None)
    minutes.update_minute(
        db.session, minute, narrative="Narrative", discussion="", outcome_kind="resolved",
        outcome_text="that", parts=["Part"], user=owner, expected_version=None,
    )  # fmt: skip
    title, text["item"] = _control("Item")
    minute_text, text["minute"] = _control("Minute")
    _poison(item, title=title)
    _poison(minute, narrative=minute_text)
    _poison(minute.parts[0], text=HYPERLINK)
    meeting.minutes_published_at = clock.now
    db.session.commit()
    db.session.expire_all()
    return {"panel": panel, "plan": plan, "report": report, "meeting": meeting, "text": text}


def _visitors(client, client_as, public: bool):
    visitors = [("officer", client_as("officer"))]
    return [*visitors, ("public", client)] if public else visitors


def _ok(response, mimetype: str) -> bytes:
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype == mimetype
    return response.data


def _no_control(value: str) -> bool:
    return not any(ord(c) < 32 and c not in "\t\n\r" for c in value)


def _workbook_texts(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells and not any(c.data_type == "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert all(_no_control(t) for t in texts)
    return texts


def _csv_texts(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    texts = [value for row in rows for value in row]
    assert all(_no_control(t) for t in texts)
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    return texts


def _contains(texts: list[str], wanted: str) -> bool:
    return any(wanted in t for t in texts)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_work_programme_spreadsheet_and_word(hostile, client, client_as):
    text = hostile["text"]
    for _, visitor in _visitors(client, client_as, public=True):
        texts = _workbook_texts(_ok(visitor.get("/committees/cyps/work-programme.xlsx"), XLSX))
        for wanted in (text["topic"], text["progress"], text["recommendation"], text["response"]):
            assert _contains(texts, wanted), wanted
        for formula in FORMULAS:
            assert "'" + formula in texts, formula
        document = Document(
            io.BytesIO(_ok(visitor.get("/committees/cyps/work-programme.docx"), DOCX))
        )
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert _contains(cells, text["topic"]) and _contains(cells, text["response"])
        assert HYPERLINK in cells and "@SUM(A1)" in cells  # a Word table runs no formulas
        assert all(_no_control(c) for c in cells)


def test_recommendation_exports(hostile, client, client_as):
    text = hostile["text"]
    for _, visitor in _visitors(client, client_as, public=True):
        texts = _workbook_texts(_ok(visitor.get("/recommendations.xlsx"), XLSX))
        assert _contains(texts, text["recommendation"]) and _contains(texts, text["response"])
        assert "'" + HYPERLINK in texts and "'@SUM(A1)" in texts
        texts = _csv_texts(_ok(visitor.get("/recommendations.csv"), "text/csv"))
        assert _contains(texts, text["recommendation"]) and _contains(texts, text["response"])
        assert "'" + HYPERLINK in texts and "'@SUM(A1)" in texts


def test_action_tracker_exports(hostile, client, client_as):
    text = hostile["text"]
    for _, visitor in _visitors(client, client_as, public=False):
        for texts in (
            _workbook_texts(_ok(visitor.get("/actions.xlsx"), XLSX)),
            _csv_texts(_ok(visitor.get("/actions.csv"), "text/csv")),
        ):
            assert _contains(texts, text["action"]) and _contains(texts, text["plan"])
            for formula in FORMULAS:
                assert "'" + formula in texts, formula


def _pdf_text(response) -> str:
    data = _ok(response, "application/pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert _no_control(text)
    return " ".join(text.split())


def test_pdfs_print_the_text_without_empty_boxes(hostile, client, client_as):
    text = hostile["text"]
    meeting = hostile["meeting"].id
    for _, visitor in _visitors(client, client_as, public=True):
        programme = _pdf_text(visitor.get("/committees/cyps/work-programme.pdf"))
        assert text["topic"] in programme and text["response"] in programme
        assert HYPERLINK in programme  # a printed page runs no formulas: shown as written
        assert text["minute"] in _pdf_text(visitor.get(f"/meetings/{meeting}/minutes.pdf"))
        assert text["item"] in _pdf_text(visitor.get(f"/meetings/{meeting}/pack.pdf"))
    report = _pdf_text(client_as("officer").get(f"/reports/{hostile['report'].id}.pdf"))
    assert text["risks"] in report and HYPERLINK in report


def test_calendars_hold_no_control_characters(hostile, client):
    """RFC 5545 text holds no control character but tab: old rows' are dropped."""
    from icalendar import Calendar

    panel, meeting = hostile["panel"], hostile["meeting"]
    name, clean_name = _control("Panel")
    venue, clean_venue = _control("Room\r")
    _poison(panel, name=name)
    _poison(meeting, venue=venue)
    db.session.commit()
    data = _ok(client.get("/committees/cyps/meetings.ics"), "text/calendar")
    assert not any(b < 32 and b not in b"\t\r\n" for b in data)
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == clean_name
    assert str(event["LOCATION"]).split() == clean_venue.split()
