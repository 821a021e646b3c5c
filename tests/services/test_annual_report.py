"""The annual report: figures drafted from the records (each from the service owning its rule),
the words, an issued report frozen, a new draft compared, the Word document, and exempt content
kept out."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from scrutiny.extensions import db
from scrutiny.models import AgendaItem, Attendance
from scrutiny.services.core.errors import DomainError
from scrutiny.services.recommendations.recommendation_tracker import annual_figures
from scrutiny.services.reports import annual_report, annual_report_data
from scrutiny.services.reports.annual_report_docx import annual_report_docx
from scrutiny.services.reports.annual_report_outline import outline
from tests.factories import MeetingFactory, UserFactory
from tests.services.test_recommendation_tracker import YEAR_2025, build_world, rec

SECRET = "Xylophone"
NOW = datetime(2026, 6, 15, 9, tzinfo=UTC)
CUT_OFF = date(2026, 4, 30)


def _world():
    world = build_world()
    held = MeetingFactory(
        committee=world.cyps, starts_at=datetime(2025, 9, 10, 17, tzinfo=UTC), status="held"
    )
    MeetingFactory(
        committee=world.cyps,
        starts_at=datetime(2025, 11, 10, 18, tzinfo=UTC),
        status="cancelled",
        cancelled_reason="Not quorate",
    )
    db.session.add_all(
        [
            AgendaItem(meeting=held, position=10, kind="report", title="School places report"),
            AgendaItem(meeting=held, position=20, kind="apologies", title="Apologies"),
            AgendaItem(
                meeting=held, position=30, kind="report", title=f"{SECRET} contract",
                exempt=True, exempt_paragraph=3, exempt_reason="Commercial",
            ),
        ]
    )  # fmt: skip
    db.session.flush()
    member, other = UserFactory(roles=["councillor"]), UserFactory(roles=["councillor"])
    db.session.add_all(
        [
            Attendance(meeting_id=held.id, user_id=member.id, kind="present"),
            Attendance(meeting_id=held.id, user_id=other.id, kind="apologies"),
        ]
    )
    secret = rec(world.cyps, 11, "agreed", date(2026, 2, 21), text=f"{SECRET} must be sold")
    secret.restricted, secret.exempt_paragraph = True, 3
    db.session.add(secret)
    db.session.commit()
    world.held, world.secret = held, secret
    return world


@pytest.fixture
def world():
    return _world()


def _figures(data, area, name="figures"):
    return {f["key"]: f["value"] for f in data["committees"][0][area][name]}


def test_figures_come_from_the_records_they_count(session, world):
    data = annual_report_data.gather(session, [world.cyps], YEAR_2025, CUT_OFF)

    meetings = _figures(data, "meetings")
    assert (meetings["meetings_held"], meetings["meetings_cancelled"]) == (1, 1)
    assert (meetings["present"], meetings["apologies"]) == (1, 1)
    assert data["committees"][0]["meetings"]["attendance_percent"] == 50
    items = _figures(data, "items")
    assert (items["items_report"], items["items_apologies"], items["items_exempt"]) == (1, 1, 1)
    expected = annual_figures(session, world.cyps.id, YEAR_2025, today=CUT_OFF)
    recs = _figures(data, "recommendations")
    assert recs == {key: n for key, _, n in expected.lines()}
    assert recs["made"] == 6  # five from the tracker's world and the exempt one: counted, not named
    links = {f["key"]: f["link"] for f in data["committees"][0]["recommendations"]["figures"]}
    assert links["overdue"] == {
        "endpoint": "recommendations.tracker",
        "values": {"committee": "cyps", "year": 2025, "status": "response_overdue"},
    }
    listed = [r["text"] for r in data["committees"][0]["recommendations"]["list"]]
    assert not any(SECRET in text for text in listed)


def test_an_issued_report_does_not_change_when_the_records_do(session, world):
    officer = UserFactory(roles=["officer"])
    report = annual_report.create(session, world.cyps, YEAR_2025, CUT_OFF, officer, NOW)
    annual_report.issue(session, report, officer, NOW)
    before = annual_report.report_data(session, report)

    world.held.status = "cancelled"
    world.recs[1].status = "implemented"
    session.commit()

    assert annual_report.report_data(session, report) == before
    fresh = annual_report.redraft(session, report, officer, CUT_OFF, NOW)
    changes = annual_report_data.differences(before, annual_report.report_data(session, fresh))
    changed = {(c["label"], c["was"], c["now"]) for c in changes}
    assert ("Meetings held", 1, 0) in changed
    assert ("Implemented", 1, 2) in changed
    with pytest.raises(DomainError):
        annual_report.update_narrative(report, {"foreword": "Late words"}, [], None)


def test_the_word_document_has_headings_numbering_and_table_headers(session, world):
    officer = UserFactory(roles=["officer"])
    report = annual_report.create(session, world.cyps, YEAR_2025, CUT_OFF, officer, NOW)
    public_rec = world.recs[4]
    annual_report.update_narrative(
        report,
        {"foreword": "A year of challenge.\n\nThanks to all.", "member": "Cllr Chair"},
        [(public_rec.id, "Waiting times fell."), (world.secret.id, f"{SECRET} sale stopped")],
        None,
    )
    data = annual_report.report_data(session, report)
    sections = outline(data, report.narrative)
    titles = [s["title"] for s in sections]
    assert titles[0] == "Chair's foreword"
    assert "What difference scrutiny made" in titles
    assert sections[1]["paragraphs"][0]["number"] == "2.1"

    raw = annual_report_docx(annual_report.title_of(report), [("Member", "Cllr Chair")], sections)
    document = Document(io.BytesIO(raw))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "CYPS Panel: Annual Report 2025/26"
    assert headings[1:] == titles
    numbered = [
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    levels = {p._p.pPr.numPr.find(qn("w:ilvl")).get(qn("w:val")) for p in numbered}
    assert levels == {"0", "1"}
    assert "%1.%2" in document.part.numbering_part.element.xml
    first_table = document.tables[0]
    assert [c.text for c in first_table.rows[0].cells] == ["Figure", "Number"]
    assert first_table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert ["Meetings held", "1"] in [[c.text for c in r.cells] for r in first_table.rows]
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "Waiting times fell." in text
    assert SECRET not in text
