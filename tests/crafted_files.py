"""Hostile files built in the tests: zip bombs, lying zip headers, PDF bombs and active PDFs."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pikepdf

from scrutiny.services.files.simple_pdf import text_pdf

MB = 1024 * 1024


def office_zip(kind: str, members: dict[str, bytes] | None = None) -> bytes:
    """A minimal .xlsx ("xlsx") or .docx ("docx") with extra `members`, deflated."""
    main = "xl/workbook.xml" if kind == "xlsx" else "word/document.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, "<root/>")
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def zeros_zip(kind: str, megabytes: int) -> bytes:
    """An office zip with a member of `megabytes` of zeros (about 1,000 times compressed)."""
    return office_zip(kind, {"xl/sharedStrings.xml": b"\0" * (megabytes * MB)})


def lying_zip(kind: str, megabytes: int, claimed: int = 1000) -> bytes:
    """A zip bomb whose headers say its big member unpacks to only `claimed` bytes."""
    data = bytearray(zeros_zip(kind, megabytes))
    name = b"xl/sharedStrings.xml"
    local = data.find(b"PK\x03\x04")
    while local != -1:
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, claimed)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, claimed)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def _saved(pdf: pikepdf.Pdf) -> bytes:
    output = io.BytesIO()
    pdf.save(output, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False)
    return output.getvalue()


def pdf_bomb(megabytes: int, streams: int = 1) -> bytes:
    """A one-page PDF with `streams` FlateDecode streams each inflating to `megabytes` of zeros."""
    pdf = pikepdf.open(io.BytesIO(text_pdf("Bomb", 1)))
    packed = zlib.compress(b"\0" * (megabytes * MB), 9)
    parts = []
    for _ in range(streams):
        stream = pikepdf.Stream(pdf, packed)
        stream.Filter = pikepdf.Name.FlateDecode
        parts.append(stream)
    pdf.Root.PieceInfo = pdf.make_indirect(pikepdf.Dictionary(Data=pikepdf.Array(parts)))
    return _saved(pdf)


def _js(pdf: pikepdf.Pdf, script: str) -> pikepdf.Object:
    return pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=script))


def active_pdf() -> bytes:
    """A two-page PDF carrying JavaScript on opening, page events (/AA), a /Launch link, a JS
    name tree, an embedded file, a file-attachment annotation and one harmless web link."""
    pdf = pikepdf.open(io.BytesIO(text_pdf("Active", 2)))
    pdf.Root.OpenAction = _js(pdf, "app.alert('open')")
    pdf.Root.AA = pikepdf.Dictionary(WC=_js(pdf, "app.alert('close')"))
    embedded = pikepdf.Stream(pdf, b"MZ pretend executable")
    embedded.Type = pikepdf.Name.EmbeddedFile
    filespec = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec, F="run.exe", EF=pikepdf.Dictionary(F=embedded)
        )
    )
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array(["init", _js(pdf, "app.alert(1)")])),
        EmbeddedFiles=pikepdf.Dictionary(Names=pikepdf.Array(["run.exe", filespec])),
    )
    page = pdf.pages[0]
    page.obj.AA = pikepdf.Dictionary(O=_js(pdf, "app.alert('page')"))
    rect = pikepdf.Array([72, 72, 200, 100])
    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=filespec)
    web = pikepdf.Dictionary(S=pikepdf.Name.URI, URI="https://www.gov.uk/")
    page.obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect, A=launch
                ),  # fmt: skip
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=rect, A=web
                ),  # fmt: skip
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.FileAttachment,
                    Rect=rect,
                    FS=filespec,
                ),  # fmt: skip
            ]
        )
    )
    return _saved(pdf)


def active_content(data: bytes) -> set[str]:
    """Every kind of active content found anywhere in a PDF (empty for a clean one), plus
    "web link" when a https link survives."""
    found: set[str] = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:

        def visit(value, depth=0):
            if depth > 50:
                return
            if isinstance(value, pikepdf.Array):
                for element in value:
                    visit(element, depth + 1)
            elif isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
                for key in ("/OpenAction", "/AA", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF"):
                    if key in value:
                        found.add(key)
                kind = str(value.get("/S", ""))
                if kind in {"/JavaScript", "/Launch"}:
                    found.add(kind)
                if str(value.get("/Subtype", "")) == "/FileAttachment":
                    found.add("/FileAttachment")
                if kind == "/URI" and str(value.get("/URI", "")).startswith("https://"):
                    found.add("web link")
                if isinstance(value, pikepdf.Stream) and str(value.get("/Type")) == "/EmbeddedFile":
                    found.add("/EmbeddedFile")
                for key in list(value.keys()):
                    child = value[key]
                    if not (isinstance(child, pikepdf.Object) and child.is_indirect):
                        visit(child, depth + 1)

        for obj in pdf.objects:
            visit(obj)
    return found
