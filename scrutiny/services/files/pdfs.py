"""Printing HTML to PDF with WeasyPrint: the one place every generated PDF is made."""

from __future__ import annotations

import io

import pikepdf
from weasyprint import HTML

from scrutiny.services.core.text_safety import clean_text

#: Every PDF the product prints is tagged PDF/UA-1: a structure tree (headings, lists, tables
#: with their header cells), MarkInfo, the document's language (from <html lang>) and its
#: title (from <title>, shown instead of the file name).
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """The page printed as a tagged PDF (PDF/UA-1), without the characters XML cannot hold:
    WeasyPrint prints them as empty boxes and they break the PDF's text layer (copying,
    search, screen readers)."""
    return _scope_headers(HTML(string=clean_text(html)).write_pdf(pdf_variant=PDF_VARIANT))


def _children(element: pikepdf.Object) -> list[pikepdf.Dictionary]:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _scope_headers(data: bytes) -> bytes:
    """Each table header cell (/TH) given its /Scope: Column in a row of headers, Row where it
    heads a row of data. WeasyPrint links data cells to their headers (/Headers) but leaves
    the header cells' scope out, which some readers and checkers rely on."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return data
        stack, rows = list(_children(root)), []
        while stack:
            element = stack.pop()
            if element.S == "/TR":
                rows.append(element)
            else:
                stack.extend(_children(element))
        for row in rows:
            cells = _children(row)
            scope = "/Column" if all(cell.S == "/TH" for cell in cells) else "/Row"
            for cell in cells:
                if cell.S == "/TH":
                    attributes = cell.get("/A")
                    if not isinstance(attributes, pikepdf.Dictionary):
                        attributes = cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
                    attributes.Scope = pikepdf.Name(scope)
        output = io.BytesIO()
        pdf.save(output)
        return output.getvalue()
