"""Report documents: checking uploads by content, storing them by hash, versions and PDFs.

Files live under SCRUTINY_DOCUMENT_DIR (instance/documents) named by their SHA-256, so the
same file is stored once and a stored file never changes. DOCX uploads are converted to PDF
for the agenda pack with LibreOffice when it is installed; otherwise they are flagged and left
out of packs until a PDF is uploaded. Word documents are checked as zips (upload_limits) before
LibreOffice sees them; PDFs are checked and cleaned of active content (pdf_safety) before they
are kept, so the stored file is the cleaned one. Whether the PDF is tagged (has a structure
tree for screen readers) is recorded, so officers are warned about an inaccessible report.
Their text is extracted for search.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pikepdf
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scrutiny.models.meetings import AgendaItem, ReportDocument
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.files import pdf_safety, text_extraction, upload_limits
from scrutiny.services.meetings import agenda

PDF_MIME = "application/pdf"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def storage_dir() -> Path:
    """Where document files are kept."""
    path = Path(current_app.config["SCRUTINY_DOCUMENT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(sha256: str) -> Path:
    """The stored file with this hash."""
    return storage_dir() / sha256[:2] / sha256


def _store(data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    target = path_for(digest)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        draft = target.with_suffix(".part")
        draft.write_bytes(data)
        draft.replace(target)
    return digest


def _is_docx(data: bytes) -> bool:
    names = upload_limits.zip_names(data)
    return names is not None and {"[Content_Types].xml", "word/document.xml"} <= names


def detect_type(data: bytes) -> str:
    """'pdf' or 'docx' from the bytes themselves (never the name); DomainError otherwise."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if _is_docx(data):
        return "docx"
    raise DomainError("The file must be a PDF or a Word (.docx) document", field="file")


def converter() -> str | None:
    """The LibreOffice command used to turn DOCX into PDF, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_docx(data: bytes) -> bytes | None:
    """The PDF made from a DOCX by LibreOffice, or None if no converter is installed or it fails."""
    command = converter()
    if command is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, file in our own temporary folder
                [command, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
                check=True,
                timeout=120,
                capture_output=True,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        result = Path(folder) / "report.pdf"
        return result.read_bytes() if result.exists() else None


def is_tagged(pdf: bytes) -> bool:
    """Whether a PDF is tagged: marked content with a structure tree screen readers can follow."""
    try:
        with pikepdf.open(io.BytesIO(pdf)) as document:
            mark_info = document.Root.get("/MarkInfo")
            marked = isinstance(mark_info, pikepdf.Dictionary) and bool(mark_info.get("/Marked"))
            tree = document.Root.get("/StructTreeRoot")
            return marked and isinstance(tree, pikepdf.Dictionary) and "/K" in tree
    except pikepdf.PdfError:
        return False


def _check_size(data: bytes) -> None:
    limit = current_app.config["SCRUTINY_MAX_UPLOAD_MB"]
    if not data:
        raise DomainError("The selected file is empty", field="file")
    if len(data) > limit * 1024 * 1024:
        raise DomainError(f"The file must be smaller than {limit}MB", field="file")


@dataclass
class _Prepared:
    file_type: str
    data: bytes  # what is kept: a PDF without active content, or the Word document
    pdf: bytes | None  # the PDF for packs, if there is one
    page_count: int | None


def _prepare(data: bytes) -> _Prepared:
    """Check an upload's size, type and what it unpacks to; a PDF comes back cleaned."""
    _check_size(data)
    file_type = detect_type(data)
    if file_type == "pdf":
        clean = pdf_safety.clean(data)
        return _Prepared(file_type, clean.data, clean.data, clean.page_count)
    upload_limits.check_zip(data, "Word document")
    converted = convert_docx(data)
    if converted is None:
        return _Prepared(file_type, data, None, None)
    try:
        clean = pdf_safety.clean(converted)
    except DomainError:
        return _Prepared(file_type, data, None, None)
    return _Prepared(file_type, data, clean.data, clean.page_count)


def store_upload(data: bytes) -> tuple[str, str]:
    """Check an upload's size, type and content and keep it (a PDF without active content);
    returns (sha256, 'pdf' or 'docx')."""
    prepared = _prepare(data)
    return _store(prepared.data), prepared.file_type


def _build(
    data: bytes, *, filename: str, title: str, now: datetime, user_id: int | None
) -> ReportDocument:
    prepared = _prepare(data)
    file_type = prepared.file_type
    clean_title = (title or "").strip() or Path(filename or "document").stem[:300]
    return ReportDocument(
        title=clean_title,
        filename=Path(filename or f"document.{file_type}").name[:255],
        file_type=file_type,
        size=len(prepared.data),
        sha256=_store(prepared.data),
        pdf_sha256=_store(prepared.pdf) if prepared.pdf else None,
        page_count=prepared.page_count,
        tagged=is_tagged(prepared.pdf) if prepared.pdf else None,
        uploaded_at=now,
        uploaded_by_id=user_id,
        extracted_text=text_extraction.extract_text(prepared.data, file_type),
    )


def add_document(
    session: Session,
    item: AgendaItem,
    data: bytes,
    *,
    filename: str,
    title: str,
    now: datetime,
    user_id: int | None,
) -> ReportDocument:
    """Attach a new document to an item, after the item's other documents."""
    if item.meeting.status in {"cancelled", "minutes_approved"}:
        raise DomainError("Documents cannot be added to this meeting any more", field="file")
    document = _build(data, filename=filename, title=title, now=now, user_id=user_id)
    last = session.scalar(
        select(func.max(ReportDocument.position)).where(ReportDocument.item_id == item.id)
    )
    document.item_id = item.id
    document.position = (last or 0) + 1
    session.add(document)
    agenda.touch(item.meeting, now)
    session.flush()
    return document


def replace_document(
    session: Session,
    old: ReportDocument,
    data: bytes,
    *,
    filename: str,
    title: str | None,
    now: datetime,
    user_id: int | None,
) -> ReportDocument:
    """Upload a new version in the same place; the old version is kept and linked to it."""
    if old.replaced_by_id is not None:
        raise DomainError("This version has already been replaced: replace the current one")
    document = _build(data, filename=filename, title=title or old.title, now=now, user_id=user_id)
    document.item_id = old.item_id
    document.position = old.position
    session.add(document)
    session.flush()
    old.replaced_by_id = document.id
    agenda.touch(old.item.meeting, now)
    return document


def versions(session: Session, document: ReportDocument) -> list[ReportDocument]:
    """Every version in the same place on the item, newest first."""
    return list(
        session.scalars(
            select(ReportDocument)
            .where(
                ReportDocument.item_id == document.item_id,
                ReportDocument.position == document.position,
            )
            .order_by(ReportDocument.uploaded_at.desc(), ReportDocument.id.desc())
        )
    )


def remove_document(
    session: Session, document: ReportDocument, *, now: datetime, expected_version: int | None
) -> None:
    """Remove a wrongly uploaded document (with its earlier versions) from an unpublished
    agenda; once published a document can only be superseded by a new version."""
    meeting = document.item.meeting
    check_version(meeting, expected_version, "this agenda")
    if meeting.is_public:
        raise DomainError(
            "The agenda has been published, so its documents stay on record: upload a new "
            "version to supersede this one instead"
        )
    removed = versions(session, document)
    for version in removed:
        version.replaced_by_id = None
    session.flush()
    for version in removed:
        session.delete(version)
    agenda.touch(meeting, now)
    session.flush()
