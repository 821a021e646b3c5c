"""Report documents checked by content and versioned; packs with page ranges and no leaks."""

import io
import zipfile

import pikepdf
import pytest
from pypdf import PdfReader

from scrutiny.models import ReportDocument
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import documents, pdfs
from scrutiny.services.files.simple_pdf import text_pdf
from scrutiny.services.meetings import packs
from tests.factories import AgendaItemFactory, MeetingFactory, MembershipFactory
from tests.pdf_checks import pdfua_errors


def _upload(session, item, clock, data=None, title="Report", pages=3):
    return documents.add_document(
        session,
        item,
        data if data is not None else text_pdf(title, pages),
        filename=f"{title}.pdf",
        title=title,
        now=clock.now,
        user_id=None,
    )


def test_a_pdf_is_stored_by_hash_with_its_page_count(session, clock):
    item = AgendaItemFactory()
    document = _upload(session, item, clock, pages=7)
    assert document.file_type == "pdf"
    assert document.page_count == 7
    assert documents.path_for(document.sha256).read_bytes().startswith(b"%PDF-")
    assert document.pdf_sha256 == document.sha256


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text pretending to be a PDF", "must be a PDF or a Word"),
        (b"%PDF-1.4 but then rubbish", "damaged"),
        (b"", "empty"),
        (b"MZ\x90\x00 an executable", "must be a PDF or a Word"),
    ],
)
def test_files_are_checked_by_content_not_name(session, clock, data, message):
    item = AgendaItemFactory()
    with pytest.raises(DomainError, match=message):
        _upload(session, item, clock, data=data)
    assert session.query(ReportDocument).count() == 0


def test_files_over_the_size_limit_are_refused(session, clock, app):
    item = AgendaItemFactory()
    app.config["SCRUTINY_MAX_UPLOAD_MB"] = 1
    try:
        with pytest.raises(DomainError, match="smaller than 1MB"):
            _upload(session, item, clock, data=b"%PDF-" + b"0" * (1024 * 1024 + 1))
    finally:
        app.config["SCRUTINY_MAX_UPLOAD_MB"] = 20


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_word_document_without_a_converter_is_kept_and_flagged(session, clock, monkeypatch):
    monkeypatch.setattr(documents, "converter", lambda: None)
    item = AgendaItemFactory()
    document = _upload(session, item, clock, data=_docx())
    assert document.file_type == "docx"
    assert document.pdf_sha256 is None
    entries = packs.pack_entries(session, item.meeting, include_exempt=False)
    assert entries[0].missing == [document]


def test_replacing_keeps_the_old_version(session, clock):
    item = AgendaItemFactory()
    first = _upload(session, item, clock, title="Report v1")
    second = documents.replace_document(
        session,
        first,
        text_pdf("v2", 2),
        filename="v2.pdf",
        title=None,
        now=clock.now,
        user_id=None,
    )
    session.commit()
    assert first.replaced_by_id == second.id
    assert second.title == "Report v1"
    assert [d.id for d in item.documents] == [second.id]
    assert [d.id for d in documents.versions(session, second)] == [second.id, first.id]
    with pytest.raises(DomainError, match="already been replaced"):
        documents.replace_document(
            session,
            first,
            text_pdf("v3", 1),
            filename="v3.pdf",
            title=None,
            now=clock.now,
            user_id=None,
        )


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_public_pack_has_page_ranges_and_leaves_exempt_items_out(session, clock):
    meeting = MeetingFactory(status="published", published_at=clock.now)
    MembershipFactory(committee=meeting.committee, role="chairman")
    report = AgendaItemFactory(meeting=meeting, title="Month 9 budget", position=10)
    appendix_item = AgendaItemFactory(meeting=meeting, title="Family hubs", position=20)
    secret = AgendaItemFactory(
        meeting=meeting,
        title="Placement contract",
        position=30,
        exempt=True,
        exempt_paragraph=3,
        exempt_reason="Commercial",
    )
    _upload(session, report, clock, title="Budget report", pages=3)
    _upload(session, appendix_item, clock, title="Hubs report", pages=2)
    _upload(session, appendix_item, clock, title="Hubs appendix", pages=1)
    _upload(session, secret, clock, title="Contract terms", pages=4)
    session.commit()

    public = _pdf_text(packs.build_pack(session, meeting, include_exempt=False, now=clock.now))
    text = "\n".join(public)
    assert "Public Document Pack" in public[0]
    assert "Placement contract" not in text and "Contract terms" not in text
    front = next(n for n, page in enumerate(public) if "Budget report" in page)
    assert f"Month 9 budget (Pages {front + 1} - {front + 3})" in text
    assert f"Family hubs (Pages {front + 4} - {front + 6})" in text
    assert f"Page {front + 1}" in public[front]
    assert len(public) == front + 6

    members = _pdf_text(packs.build_pack(session, meeting, include_exempt=True, now=clock.now))
    assert "Placement contract" in "\n".join(members)
    assert len(members) == len(public) + 4


def test_a_110_page_pack_with_10_reports_builds_quickly(session, clock):
    import time

    meeting = MeetingFactory(status="published", published_at=clock.now)
    for n in range(10):
        item = AgendaItemFactory(meeting=meeting, title=f"Report {n}", position=(n + 1) * 10)
        _upload(session, item, clock, title=f"Report {n}", pages=11)
    session.commit()
    started = time.perf_counter()
    data = packs.build_pack(session, meeting, include_exempt=False, now=clock.now)
    elapsed = time.perf_counter() - started
    assert len(PdfReader(io.BytesIO(data)).pages) >= 110
    assert elapsed < 10, f"the pack took {elapsed:.1f}s"


def test_uploads_record_whether_the_pdf_is_tagged(session, clock, monkeypatch):
    item = AgendaItemFactory()
    untagged = _upload(session, item, clock, title="Scanned report")
    tagged_pdf = pdfs.html_to_pdf(
        '<html lang="en-GB"><head><title>Report</title></head><body><h1>Report</h1></body></html>'
    )
    tagged = _upload(session, item, clock, data=tagged_pdf, title="Tagged report")
    assert (untagged.tagged, tagged.tagged) == (False, True)
    monkeypatch.setattr(documents, "converter", lambda: None)
    word = _upload(session, item, clock, data=_docx(), title="Word")
    assert word.tagged is None


def test_the_pack_keeps_the_front_sheet_tagged_and_bookmarks_each_report(session, clock):
    meeting = MeetingFactory(status="published", published_at=clock.now)
    budget = AgendaItemFactory(meeting=meeting, title="Month 9 budget", position=10)
    AgendaItemFactory(meeting=meeting, title="Apologies", position=15)
    hubs = AgendaItemFactory(meeting=meeting, title="Family hubs", position=20)
    _upload(session, budget, clock, title="Budget report", pages=3)
    _upload(session, hubs, clock, title="Hubs report", pages=2)
    _upload(session, hubs, clock, title="Hubs appendix", pages=1)
    session.commit()

    data = packs.build_pack(session, meeting, include_exempt=False, now=clock.now)
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    first = {name: next(n for n, text in enumerate(pages) if name in text) for name in
             ("Budget report", "Hubs report", "Hubs appendix")}  # fmt: skip
    marks = {}
    for mark in reader.outline:
        if isinstance(mark, list):
            marks.update({f"  {m.title}": reader.get_destination_page_number(m) for m in mark})
        else:
            marks[mark.title] = reader.get_destination_page_number(mark)
    assert marks["1. Month 9 budget"] == first["Budget report"]
    assert marks["3. Family hubs"] == first["Hubs report"]
    assert marks["  Hubs appendix"] == first["Hubs appendix"]
    assert not any("Apologies" in title for title in marks)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "en-GB"
        assert "/StructTreeRoot" in pdf.Root
    assert pdfua_errors(data, pages=range(1, first["Budget report"] + 1)) == []
