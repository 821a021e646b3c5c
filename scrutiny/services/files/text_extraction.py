"""The words in an uploaded report, for search: pypdf for PDFs, python-docx for Word files.

Extraction never stops an upload: a file whose text cannot be read is stored and indexed by
its title only.
"""

from __future__ import annotations

import io
import logging
import warnings

import docx
from pypdf import PdfReader

from scrutiny.services.core.text_safety import clean_text

#: Pages read from a PDF and characters kept, whatever the file's size.
MAX_PAGES = 500
MAX_CHARS = 200_000

log = logging.getLogger(__name__)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    pages = []
    total = 0
    for page in reader.pages[:MAX_PAGES]:
        text = page.extract_text() or ""
        pages.append(text)
        total += len(text)
        if total >= MAX_CHARS:
            break
    return "\n".join(pages)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def extract_text(data: bytes, file_type: str) -> str | None:
    """The text of a PDF or DOCX (at most MAX_CHARS), or None if it cannot be read."""
    reader = _pdf_text if file_type == "pdf" else _docx_text
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            text = reader(data)
    except Exception:  # noqa: BLE001 - any unreadable file is stored without its text
        log.warning("Could not read the text of an uploaded %s", file_type, exc_info=True)
        return None
    return clean_text(text)[:MAX_CHARS] or None
