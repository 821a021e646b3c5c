"""The annual report as a Word document officers can edit: real headings, Word's own multi-level
numbering ("2", "2.1", as in seed 002) and tables whose header rows repeat on each page."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from scrutiny.services.core.text_safety import clean_text
from scrutiny.services.programme.programme_export import repeat_header

#: An id for our list definition, well clear of any the default template uses.
ABSTRACT_ID = 90
_LEVELS = (("%1", 0), ("%1.%2", 1))


def _numbering(document) -> int:
    """Add a two-level list ("2" for sections, "2.1" for paragraphs); its numId."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="720"/></w:pPr></w:lvl>'
        for text, level in _LEVELS
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ABSTRACT_ID}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = numbering.add_num(ABSTRACT_ID)
    return num.numId


def _number(paragraph, num_id: int, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    num_pr.append(ilvl)
    num_pr.append(num)
    properties.append(num_pr)


def _table(document, table: dict) -> None:
    grid = document.add_table(rows=1, cols=len(table["headers"]))
    grid.style = "Table Grid"
    repeat_header(grid.rows[0])
    for cell, heading in zip(grid.rows[0].cells, table["headers"], strict=True):
        cell.paragraphs[0].add_run(clean_text(heading)).bold = True
    for row in table["rows"]:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = clean_text(value["text"])


def annual_report_docx(title: str, front: list[tuple[str, str]], sections: list[dict]) -> bytes:
    """The report: title, front block (label, words), then each numbered section."""
    document = Document()
    document.core_properties.title = clean_text(title)
    document.add_heading(clean_text(title), level=1)
    for label, words in front:
        if words:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(clean_text(words))
    num_id = _numbering(document)
    for section in sections:
        heading = document.add_heading(clean_text(section["title"]), level=2)
        _number(heading, num_id, 0)
        for para in section["paragraphs"]:
            paragraph = document.add_paragraph()
            _number(paragraph, num_id, 1)
            if para.get("heading"):
                paragraph.add_run(clean_text(para["heading"]) + ". ").bold = True
            if para.get("text"):
                paragraph.add_run(clean_text(para["text"]))
            for item in para.get("bullets", []):
                document.add_paragraph(clean_text(item["text"]), style="List Bullet")
            if para.get("table"):
                _table(document, para["table"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
