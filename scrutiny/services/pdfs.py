"""Printing HTML to PDF with WeasyPrint: the one place every generated PDF is made."""

from __future__ import annotations

from weasyprint import HTML

from scrutiny.services.text_safety import clean_text


def html_to_pdf(html: str) -> bytes:
    """The page printed as a PDF, without the characters XML cannot hold: WeasyPrint prints
    them as empty boxes and they break the PDF's text layer (copying, search, screen readers)."""
    return HTML(string=clean_text(html)).write_pdf()
