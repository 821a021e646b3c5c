"""Checks that a PDF the product printed is tagged for screen readers (PDF/UA-1)."""

import io
import tempfile

import pikepdf
from pdfua import Severity, validate


def _roles(element, found: set[str]) -> set[str]:
    kids = element.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.add(str(kid.S))
            _roles(kid, found)
    return found


def pdfua_errors(data: bytes, *, pages: range | None = None) -> list[str]:
    """The `pdfua` checker's errors (optionally only on 1-based `pages`), as readable lines."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(data)
        file.flush()
        report = validate(file.name)
    return [
        f"{finding.rule_id} p{finding.location.page}: {finding.message}"
        for finding in report.findings
        if finding.severity >= Severity.ERROR and (pages is None or finding.location.page in pages)
    ]


def assert_accessible(data: bytes, *, title: str, tables: bool = False) -> set[str]:
    """The PDF is tagged (structure tree, MarkInfo), in British English, titled, passes the
    `pdfua` checker without errors; returns the structure roles it uses."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        with pdf.open_metadata() as meta:
            assert title in meta["dc:title"]
        roles = _roles(pdf.Root.StructTreeRoot, set())
    assert {"/Document", "/H1", "/P"} <= roles
    if tables:
        assert {"/Table", "/TH", "/TD"} <= roles
    assert pdfua_errors(data) == []
    return roles
