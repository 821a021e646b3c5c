"""Text as XML, spreadsheets and PDFs can hold it: the one cleaner used at every boundary.

Forms and imports clean what people type or upload; exports clean again, so rows written
before the cleaner existed (or by code) cannot break a download.
"""

from __future__ import annotations

import re

#: Characters XML 1.0 cannot hold: C0 controls other than tab, newline and carriage return,
#: lone surrogates, and the non-characters U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str | None) -> str | None:
    """Drop characters that XML (so DOCX, XLSX and PDF text) cannot hold; None stays None."""
    if value is None:
        return None
    return _NOT_XML.sub("", str(value))


def newlines_only(text: str) -> str:
    """Every line break (CR LF, or a lone CR) as one newline, the break calendars and
    spreadsheet cells know."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def calendar_text(value: str | None) -> str | None:
    """`clean_text` for an iCalendar TEXT value, which may hold no control character but tab
    (line breaks are kept as newlines, which the writer escapes)."""
    cleaned = clean_text(value)
    return None if cleaned is None else newlines_only(cleaned)
