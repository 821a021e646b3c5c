"""A minimal PDF writer for plain-text pages: demo report documents and test fixtures.

Real reports are uploaded by officers; this only makes placeholder documents whose page
count and headings are known, without a layout engine.
"""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(title: str, pages: int, lines: list[str] | None = None) -> bytes:
    """An A4 PDF of `pages` pages, each headed with `title` and its page number of `pages`."""
    body_lines = lines or []
    objects: list[bytes] = []
    page_ids = [4 + 2 * n for n in range(pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for number in range(1, pages + 1):
        text = [f"BT /F1 16 Tf 56 780 Td ({_escape(title)}) Tj ET"]
        text.append(f"BT /F1 10 Tf 56 760 Td (Page {number} of {pages}) Tj ET")
        for offset, line in enumerate(body_lines[:40]):
            text.append(f"BT /F1 11 Tf 56 {730 - offset * 16} Td ({_escape(line)}) Tj ET")
        stream = "\n".join(text).encode("latin-1", "replace")
        content_id = page_ids[number - 1] + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        objects.append(
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{index} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
