"""The work programme as DOCX and XLSX, and attaching its PDF to the agenda's work-plan item."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from scrutiny.models import ReportDocument
from scrutiny.models.programme import SECTION_LABELS
from scrutiny.models.recommendations import Recommendation
from scrutiny.services.core.errors import DomainError
from scrutiny.services.core.exemption import EVERYONE
from scrutiny.services.files.simple_pdf import text_pdf
from scrutiny.services.meetings.meetings import municipal_year_start
from scrutiny.services.programme import programme_attach, programme_export, work_programme
from tests.factories import AgendaItemFactory, CommitteeFactory, MeetingFactory, UserFactory

YEAR = "2026/27"


@pytest.fixture
def programme(session, clock):
    """A panel's programme with an active project, a briefing, a planned report and a
    recommendation awaiting the executive's response; the other sections are empty."""
    committee = CommitteeFactory(name="CYPS Panel", slug="cyps-panel")
    meeting = MeetingFactory(committee=committee, starts_at=datetime(2026, 9, 14, 9, tzinfo=UTC))
    work_programme.add_row(
        session,
        committee,
        section="active",
        topic="SEND improvement",
        reason="Improvement notice",
        method="Working group",
        timeline="Final meeting 17 January 2027",
        progress="Met twice",
        contact="Becky Hopkins",
        now=clock.now,
    )
    work_programme.add_row(
        session,
        committee,
        section="briefing",
        topic="Mental health needs assessment",
        held_on=date(2026, 7, 2),
        contact="Matt Lenny",
        now=clock.now,
    )
    work_programme.add_row(
        session,
        committee,
        section="agenda_report",
        topic="Month 5 budget monitor",
        reason="Budget monitoring",
        planned_meeting_id=meeting.id,
        contact="Sindy Dube",
        now=clock.now,
    )
    session.add(
        Recommendation(
            reference="CYP1",
            text="Fund the eating disorders service",
            addressed_to="The Executive",
            committee_id=committee.id,
            agreed_on=date(2026, 6, 1),
        )
    )
    session.commit()
    return work_programme.programme_for(
        session, committee, municipal_year_start(date(2026, 6, 15)), audience=EVERYONE
    )


ALL_HEADINGS = [
    *SECTION_LABELS.values(),
    programme_export.AWAITING_HEADING,
    programme_export.IMPLEMENTATION_HEADING,
]


def _docx(data: bytes):
    return Document(io.BytesIO(data))


def _table_after(document, heading: str):
    """The table following a heading, or the paragraph text if the section has none."""
    body = list(document.element.body.iterchildren())
    texts = {p._p: p.text for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    start = next(n for n, el in enumerate(body) if texts.get(el) == heading)
    following = body[start + 1]
    return tables.get(following) or texts.get(following)


def test_the_word_document_has_the_front_text_and_every_section(programme):
    document = _docx(programme_export.programme_docx(programme, YEAR))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "CYPS Panel: Work Programme 2026/27"
    assert "Work Programme, to be updated following each Panel meeting." in paragraphs
    for heading in ALL_HEADINGS:
        assert heading in paragraphs, heading
    assert paragraphs.index(ALL_HEADINGS[0]) < paragraphs.index(ALL_HEADINGS[-1])


def test_the_word_tables_have_the_printed_columns_and_the_rows(programme):
    document = _docx(programme_export.programme_docx(programme, YEAR))
    active = _table_after(document, "1(A) Active projects")
    assert [c.text for c in active.rows[0].cells] == [
        "Topic",
        "Reason for scrutiny",
        "Method of scrutiny and reporting process",
        "Timeline",
        "Progress since last Panel meeting",
        "Contact",
    ]
    assert [c.text for c in active.rows[1].cells] == [
        "SEND improvement",
        "Improvement notice",
        "Working group",
        "Final meeting 17 January 2027",
        "Met twice",
        "Becky Hopkins",
    ]
    assert all(run.bold for cell in active.rows[0].cells for run in cell.paragraphs[0].runs)
    briefing = _table_after(document, "3 Briefings and workshops")
    assert [c.text for c in briefing.rows[1].cells][:3] == [
        "Mental health needs assessment",
        "",
        "2 July 2026",
    ]
    reports = _table_after(document, "4 Agenda reports")
    assert [c.text for c in reports.rows[0].cells][:2] == ["Panel meeting", "Report title"]
    assert [c.text for c in reports.rows[1].cells][:2] == [
        "14 September 2026",
        "Month 5 budget monitor",
    ]
    awaiting = _table_after(document, programme_export.AWAITING_HEADING)
    assert "Fund the eating disorders service" in [c.text for c in awaiting.rows[1].cells]


def test_empty_sections_say_none_at_present_in_word(programme):
    document = _docx(programme_export.programme_docx(programme, YEAR))
    for heading in ("1(B) Scheduled projects", "2 Proposed projects"):
        assert _table_after(document, heading) == "None at present."
    assert _table_after(document, programme_export.IMPLEMENTATION_HEADING) == "None at present."


def test_the_spreadsheet_has_a_sheet_per_section_with_a_frozen_bold_header(programme):
    book = load_workbook(io.BytesIO(programme_export.programme_xlsx(programme, YEAR)))
    assert book.sheetnames == [
        "1(A) Active",
        "1(B) Scheduled",
        "2 Proposed",
        "3 Briefings and workshops",
        "4 Agenda reports",
        "5 Awaiting response",
        "6 Implementation",
    ]
    active = book["1(A) Active"]
    header = [c.value for c in active[1]]
    assert header[0] == "Topic" and header[-1] == "Contact"
    assert all(c.font.bold for c in active[1])
    assert active.freeze_panes == "A2"
    # 40 and 50 characters wide (the file holds the width with Excel's padding)
    assert 40 < active.column_dimensions["A"].width < 41
    assert 50 < active.column_dimensions["B"].width < 51
    assert [c.value for c in active[2]][0] == "SEND improvement"
    assert active.cell(row=2, column=6).value == "Becky Hopkins"


def test_spreadsheet_dates_are_real_dates(programme):
    book = load_workbook(io.BytesIO(programme_export.programme_xlsx(programme, YEAR)))
    briefing = book["3 Briefings and workshops"]
    assert briefing.cell(row=1, column=3).value == "Date"
    held = briefing.cell(row=2, column=3)
    assert held.is_date and held.value.date() == date(2026, 7, 2)
    meeting = book["4 Agenda reports"].cell(row=2, column=1)
    assert meeting.is_date and meeting.value.date() == date(2026, 9, 14)
    assert book["4 Agenda reports"].cell(row=2, column=2).value == "Month 5 budget monitor"
    agreed = book["5 Awaiting response"].cell(row=2, column=4)
    assert agreed.is_date and agreed.value.date() == date(2026, 6, 1)


def test_empty_sections_say_none_at_present_in_the_spreadsheet(programme):
    book = load_workbook(io.BytesIO(programme_export.programme_xlsx(programme, YEAR)))
    scheduled = book["1(B) Scheduled"]
    assert [c.value for c in scheduled[1]][0] == "Topic"
    assert scheduled["A2"].value == "None at present."
    assert scheduled.max_row == 2


def test_a_proposed_topic_names_its_proposer(session, clock, programme):
    councillor = UserFactory(name="Wendy Griggs")
    work_programme.propose(
        session,
        programme.committee,
        topic="Home to school transport",
        reason="Complaints",
        method="",
        user_id=councillor.id,
        now=clock.now,
    )
    session.commit()
    again = work_programme.programme_for(
        session, programme.committee, programme.year_start, audience=EVERYONE
    )
    book = load_workbook(io.BytesIO(programme_export.programme_xlsx(again, YEAR)))
    assert book["2 Proposed"]["A2"].value == "Home to school transport\nProposed by Wendy Griggs"


def test_export_file_names_carry_the_slug_and_year(programme):
    name = programme_export.export_filename(programme.committee, YEAR, "xlsx")
    assert name == "work-programme-cyps-panel-2026-27.xlsx"


# Attaching the PDF to the agenda


def _meeting_with_items(committee, *titles_and_kinds, status="scheduled"):
    meeting = MeetingFactory(committee=committee, status=status)
    items = [AgendaItemFactory(meeting=meeting, title=t, kind=k) for t, k in titles_and_kinds]
    return meeting, items


def test_the_work_programme_item_is_found_by_kind_or_title(programme):
    committee = programme.committee
    _, items = _meeting_with_items(
        committee, ("Budget", "report"), ("The Panel's WORK PLAN", "report")
    )
    assert programme_attach.work_programme_item(items) is items[1]
    _, items = _meeting_with_items(
        committee, ("Budget", "report"), ("Forward plan", "work_programme")
    )
    assert programme_attach.work_programme_item(items) is items[1]
    _, items = _meeting_with_items(committee, ("Work programme review", "report"))
    assert programme_attach.work_programme_item(items) is items[0]
    _, items = _meeting_with_items(committee, ("Budget", "report"))
    assert programme_attach.work_programme_item(items) is None


def test_attaching_adds_then_replaces_the_programme_document(session, clock, programme):
    meeting, (item,) = _meeting_with_items(
        programme.committee, ("Panel's Work Plan", "work_programme")
    )
    officer = UserFactory()
    first = programme_attach.attach_to_agenda(
        session, meeting, text_pdf("One", 1), user=officer, now=clock.now, year_label=YEAR
    )
    session.commit()
    assert first.item_id == item.id
    assert first.filename == "work-programme-cyps-panel-2026-27.pdf"
    assert first.uploaded_by_id == officer.id
    second = programme_attach.attach_to_agenda(
        session,
        meeting,
        text_pdf("Two", 2),
        user=officer,
        now=clock.advance(hours=1),
        year_label=YEAR,
    )
    session.commit()
    session.refresh(first)
    assert first.replaced_by_id == second.id
    assert second.page_count == 2 and second.position == first.position


def test_attaching_replaces_a_work_plan_uploaded_by_hand(session, clock, programme):
    from scrutiny.services.files import documents

    meeting, (item,) = _meeting_with_items(programme.committee, ("Panel's Work Plan", "report"))
    by_hand = documents.add_document(
        session,
        item,
        text_pdf("Old", 1),
        filename="plan.pdf",
        title="Work plan",
        now=clock.now,
        user_id=None,
    )
    session.commit()
    attached = programme_attach.attach_to_agenda(
        session, meeting, text_pdf("New", 1), user=None, now=clock.now, year_label=YEAR
    )
    session.commit()
    session.refresh(by_hand)
    assert by_hand.replaced_by_id == attached.id


def test_an_agenda_without_a_work_programme_item_is_refused(session, clock, programme):
    meeting, _ = _meeting_with_items(programme.committee, ("Budget", "report"))
    with pytest.raises(DomainError, match="This agenda has no work programme item; add one first"):
        programme_attach.attach_to_agenda(
            session, meeting, text_pdf("One", 1), user=None, now=clock.now, year_label=YEAR
        )
    assert session.query(ReportDocument).count() == 0


@pytest.mark.parametrize("status", ["cancelled", "minutes_approved"])
def test_a_closed_agenda_is_refused(session, clock, programme, status):
    meeting, _ = _meeting_with_items(
        programme.committee, ("Panel's Work Plan", "work_programme"), status=status
    )
    with pytest.raises(DomainError, match="closed"):
        programme_attach.attach_to_agenda(
            session, meeting, text_pdf("One", 1), user=None, now=clock.now, year_label=YEAR
        )
    assert session.query(ReportDocument).count() == 0
