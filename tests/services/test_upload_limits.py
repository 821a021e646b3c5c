"""Decompression bombs: zips checked before parsing, PDFs opened with limits and cleaned."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from scrutiny.models import ReportDocument
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import documents
from scrutiny.services.files.simple_pdf import text_pdf
from scrutiny.services.meetings import packs
from scrutiny.services.plans import plan_import
from tests.crafted_files import (
    active_content,
    active_pdf,
    lying_zip,
    office_zip,
    pdf_bomb,
    zeros_zip,
)
from tests.factories import AgendaItemFactory


@pytest.fixture
def low_limits(app, monkeypatch):
    """Limits of 2MB unpacked, so the bombs stay small."""
    monkeypatch.setitem(app.config, "SCRUTINY_MAX_UNPACKED_MB", 2)
    monkeypatch.setitem(app.config, "SCRUTINY_MAX_PDF_INFLATED_MB", 2)


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if openpyxl or LibreOffice is ever handed the file."""

    def never(*args, **kwargs):
        raise AssertionError("the file was parsed before it was checked")

    monkeypatch.setattr(plan_import, "load_workbook", never)
    monkeypatch.setattr(documents, "convert_docx", never)


def _upload(session, clock, data, item=None, title="Report"):
    return documents.add_document(
        session,
        item or AgendaItemFactory(),
        data,
        filename=f"{title}.pdf",
        title=title,
        now=clock.now,
        user_id=None,
    )


def test_an_xlsx_unpacking_past_the_limit_is_refused_before_it_is_read(low_limits, no_parsing):
    with pytest.raises(DomainError, match=r"spreadsheet is too large once unpacked \(more than 2"):
        plan_import.detect_type(zeros_zip("xlsx", 5))


def test_a_member_compressed_far_beyond_normal_is_refused(no_parsing):
    with pytest.raises(DomainError, match="unpacks to more than 100 times its size"):
        plan_import.detect_type(zeros_zip("xlsx", 1))


def test_a_zip_with_too_many_members_is_refused(app, monkeypatch, no_parsing):
    monkeypatch.setitem(app.config, "SCRUTINY_MAX_ZIP_MEMBERS", 5)
    many = office_zip("xlsx", {f"xl/worksheets/sheet{n}.xml": b"<x/>" for n in range(10)})
    with pytest.raises(DomainError, match=r"holds too many parts \(12; at most 5"):
        plan_import.detect_type(many)


def test_a_zip_whose_header_lies_about_its_size_is_refused(no_parsing):
    """The directory claims 1,000 bytes; the member really inflates to 5MB."""
    with pytest.raises(DomainError, match="spreadsheet is damaged and cannot be read"):
        plan_import.detect_type(lying_zip("xlsx", 5))


def test_an_ordinary_spreadsheet_still_passes():
    assert plan_import.detect_type(office_zip("xlsx", {"xl/sheet.xml": b"<r/>" * 1000})) == "xlsx"


def test_a_word_document_bomb_is_refused_before_conversion(session, clock, low_limits, no_parsing):
    with pytest.raises(DomainError, match="Word document is too large once unpacked"):
        _upload(session, clock, zeros_zip("docx", 5))
    assert session.query(ReportDocument).count() == 0


@pytest.mark.parametrize(("megabytes", "streams"), [(5, 1), (1, 3)])
def test_a_pdf_inflating_past_the_limit_is_refused(session, clock, low_limits, megabytes, streams):
    with pytest.raises(DomainError, match=r"PDF is too large once uncompressed \(more than 2MB"):
        _upload(session, clock, pdf_bomb(megabytes, streams))
    assert session.query(ReportDocument).count() == 0


def test_active_content_is_removed_before_the_pdf_is_kept_and_links_stay(session, clock):
    original = active_pdf()
    assert {"/OpenAction", "/AA", "/JS", "/Launch", "/EmbeddedFiles", "/FileAttachment"} <= (
        active_content(original)
    )
    document = _upload(session, clock, original)
    stored = documents.path_for(document.sha256).read_bytes()
    assert active_content(stored) == {"web link"}
    assert document.page_count == 2
    assert document.pdf_sha256 == document.sha256
    assert document.size == len(stored)


def test_packs_carry_no_active_content_even_from_documents_kept_before_the_check(session, clock):
    item = AgendaItemFactory()
    _upload(session, clock, text_pdf("Budget", 1), item=item, title="Budget")
    legacy = _legacy(session, item, active_pdf(), pages=2, title="Old report")
    for include_exempt in (False, True):
        pack = packs.build_pack(session, item.meeting, include_exempt=include_exempt, now=clock.now)
        assert active_content(pack) <= {"web link"}
        assert len(PdfReader(io.BytesIO(pack)).pages) >= 4
    assert legacy.pack_problem is None


def _legacy(session, item, data: bytes, *, pages: int, title: str) -> ReportDocument:
    """A document stored before uploads were checked: its bytes kept exactly as they came."""
    digest = hashlib.sha256(data).hexdigest()
    path = documents.path_for(digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    document = ReportDocument(
        item_id=item.id,
        position=9,
        title=title,
        filename=f"{title}.pdf",
        file_type="pdf",
        size=len(data),
        sha256=digest,
        pdf_sha256=digest,
        page_count=pages,
    )
    session.add(document)
    session.flush()
    session.refresh(item)
    return document


def test_one_bad_document_is_left_out_of_the_pack_and_flagged(session, clock, low_limits):
    item = AgendaItemFactory(title="Month 9 budget")
    good = _upload(session, clock, text_pdf("Budget", 3), item=item, title="Budget")
    bomb = _legacy(session, item, pdf_bomb(5), pages=1, title="Inflated appendix")
    pack = packs.build_pack(session, item.meeting, include_exempt=False, now=clock.now)
    reader = PdfReader(io.BytesIO(pack))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Inflated appendix: not included in this pack" in text
    assert "Budget" in text
    front_pages = len(reader.pages) - good.page_count
    assert f"(Pages {front_pages + 1} - {front_pages + 3})" in text
    assert bomb.pack_problem.startswith("The PDF is too large once uncompressed")
    assert good.pack_problem is None
