"""Opening an uploaded PDF with limits, and removing its active content before it is kept.

A PDF's streams are compressed: a few hundred kilobytes can inflate to gigabytes. `clean`
opens the file with pikepdf (qpdf) under per-stream memory limits, inflates every stream once
to count what the whole file inflates to, and refuses it past SCRUTINY_MAX_PDF_INFLATED_MB.
It then removes what a PDF can do rather than show: JavaScript, actions run on opening or on
events (/OpenAction, /AA), launching programs, submitting forms, embedded and attached files,
multimedia (/RichMedia, movies, sounds) and XFA forms. Links to web pages and within the
document stay. Last, pypdf (which merges agenda packs) must read every page's content, so a
file that passes here can always go into a pack.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from flask import current_app
from pikepdf.settings import set_qpdf_limits
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from scrutiny.services.core.errors import DomainError

#: No stream may inflate past this, so pypdf (75MB a stream by default) can always merge it.
MAX_STREAM_BYTES = 70 * 1024 * 1024
#: Filters qpdf decodes without image codecs; streams with others (JPEG...) count as stored.
_GENERAL_FILTERS = {"/FlateDecode", "/LZWDecode", "/RunLengthDecode", "/ASCII85Decode",
                    "/ASCIIHexDecode", "/Fl", "/LZW", "/RL", "/A85", "/AHx"}  # fmt: skip
#: qpdf has no memory limit for LZW: each code (9 bits or more) yields at most 4,096 bytes.
_LZW_WORST_RATIO = 4096
#: Actions a link, bookmark or form field may keep; every other kind is removed.
_SAFE_ACTIONS = {"/GoTo", "/URI", "/Named", "/Thread"}
#: Keys removed wherever they appear, and what they are called in the log.
_ACTIVE_KEYS = {
    "/OpenAction": "automatic actions",
    "/AA": "automatic actions",
    "/JavaScript": "JavaScript",
    "/JS": "JavaScript",
    "/EmbeddedFiles": "embedded files",
    "/EF": "embedded files",
    "/XFA": "XFA forms",
    "/RichMediaContent": "multimedia",
    "/Collection": "embedded files",
}
#: Annotations removed from pages: attachments and multimedia players.
_ACTIVE_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}

NOT_A_PDF = "The file is not a PDF or Word document"
DAMAGED = "The PDF is damaged and cannot be read"
PROTECTED = "The PDF is password-protected: upload it without a password"


@dataclass
class CleanPdf:
    """A PDF fit to keep and publish, with its page count and what was taken out of it."""

    data: bytes
    page_count: int
    removed: list[str]


def max_inflated_bytes() -> int:
    """The most a PDF's streams may inflate to in all (SCRUTINY_MAX_PDF_INFLATED_MB)."""
    return current_app.config["SCRUTINY_MAX_PDF_INFLATED_MB"] * 1024 * 1024


def _too_large(limit: int) -> DomainError:
    return DomainError(
        f"The PDF is too large once uncompressed (more than {limit // (1024 * 1024)}MB). "
        'Save it again with "Reduce file size" or "Print to PDF", or split it, and upload it again',
        field="file",
    )


def _filters(stream: pikepdf.Stream) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(name) for name in value]
    return [str(value)]


def _inflated_size(stream: pikepdf.Stream, room: int, limit: int) -> int:
    filters = _filters(stream)
    raw = len(stream.read_raw_bytes())
    if not filters or not set(filters) <= _GENERAL_FILTERS:
        return raw
    if ("/LZWDecode" in filters or "/LZW" in filters) and raw * _LZW_WORST_RATIO > room:
        raise _too_large(limit)
    try:
        return len(stream.read_bytes())
    except pikepdf.DataDecodingError as error:
        if "limit" in str(error).lower():
            raise _too_large(limit) from error
        return raw  # damaged data viewers skip over too: count what is stored


def _check_inflation(pdf: pikepdf.Pdf, limit: int) -> None:
    total = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            total += _inflated_size(obj, limit - total, limit)
            if total > limit:
                raise _too_large(limit)


def _unsafe_action(value) -> bool:
    if not isinstance(value, pikepdf.Dictionary):
        return False
    kind = str(value.get("/S", ""))
    if kind not in _SAFE_ACTIONS:
        return True
    uri = value.get("/URI")
    return uri is not None and str(uri).strip().lower().startswith(("javascript:", "file:"))


def _clean_dictionary(obj: pikepdf.Dictionary, removed: set[str]) -> None:
    for key, label in _ACTIVE_KEYS.items():
        if key in obj:
            del obj[key]
            removed.add(label)
    for key in ("/A", "/Next", "/PA"):
        if key in obj and (key == "/Next" or _unsafe_action(obj[key])):
            del obj[key]
            removed.add("actions")
    annotations = obj.get("/Annots")
    if isinstance(annotations, pikepdf.Array):
        kept = [a for a in annotations if str(a.get("/Subtype", "")) not in _ACTIVE_ANNOTATIONS]
        if len(kept) != len(annotations):
            obj["/Annots"] = pikepdf.Array(kept)
            removed.add("attachments and multimedia")
    for key in list(obj.keys()):
        _clean_direct(obj[key], removed)


def _clean_direct(value, removed: set[str]) -> None:
    """Clean dictionaries nested directly inside an object (indirect ones are visited anyway)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return
    if isinstance(value, pikepdf.Array):
        for element in value:
            _clean_direct(element, removed)
    elif isinstance(value, pikepdf.Dictionary):
        _clean_dictionary(value, removed)


def sanitise(pdf: pikepdf.Pdf) -> list[str]:
    """Remove active content from an open PDF; returns what kinds were removed."""
    removed: set[str] = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            _clean_dictionary(obj, removed)
    _clean_dictionary(pdf.trailer, removed)
    return sorted(removed)


def _check_mergeable(data: bytes) -> int:
    """Pages pypdf reads from `data`, having decoded every page's content as a pack merge does."""
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        page.get_contents()
    return len(reader.pages)


def _open(data: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise DomainError(PROTECTED, field="file") from error
    if pdf.is_encrypted:
        pdf.close()
        raise DomainError(PROTECTED, field="file")
    return pdf


def clean(data: bytes, limit: int | None = None) -> CleanPdf:
    """Check a PDF inflates to no more than `limit` bytes (the setting by default) and can be
    merged into packs, and return it without active content; DomainError on "file" if not."""
    if not data.startswith(b"%PDF-"):
        raise DomainError(NOT_A_PDF, field="file")
    limit = limit if limit is not None else max_inflated_bytes()
    per_stream = min(limit, MAX_STREAM_BYTES)
    set_qpdf_limits(  # process-wide; the same values every time, so safe to repeat
        flate_max_memory=per_stream,
        png_max_memory=per_stream,
        tiff_max_memory=per_stream,
        run_length_max_memory=per_stream,
    )
    try:
        with _open(data) as pdf:
            _check_inflation(pdf, limit)
            removed = sanitise(pdf)
            output = io.BytesIO()
            pdf.save(
                output,
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                deterministic_id=True,
            )
        cleaned = output.getvalue()
        pages = _check_mergeable(cleaned)
    except DomainError:
        raise
    except (pikepdf.PdfError, PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise DomainError(DAMAGED, field="file") from error
    if pages == 0:
        raise DomainError("The PDF has no pages", field="file")
    return CleanPdf(cleaned, pages, removed)
