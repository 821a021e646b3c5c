"""The agenda pack: a front sheet and agenda with page ranges, then every report, numbered.

The public pack leaves exempt (Part 2) items and their documents out entirely; the members'
pack includes them. Carried overdue actions and responses print as a table (macros/rollover.html)
under the item they belong to (Part 2 lines only in the members' pack). The front sheet is HTML
rendered by WeasyPrint as tagged PDF (PDF/UA-1) and kept whole, tags included; the reports
are appended with pypdf, stamped with page numbers that run on from the front sheet (marked as
pagination artifacts), and bookmarked at their first page by item number and title. The
reports' own tags do not survive the merge: the pack is a convenience copy, and each report
is downloadable on its own from the agenda page (the accessible route). Every report is
checked and cleaned again as it goes in (pdf_safety), so no pack carries active content, and
a report that cannot be read safely is left out, named on the front sheet and flagged to
officers (`ReportDocument.pack_problem`) instead of failing the whole pack.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, render_template
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from sqlalchemy.orm import Session

from scrutiny.models.committees import MembershipRole
from scrutiny.models.meetings import Meeting, ReportDocument
from scrutiny.services.actions import carried_lines
from scrutiny.services.core.clocks import to_local
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import documents, pdf_safety, pdfs, report_templates
from scrutiny.services.meetings import agenda
from scrutiny.services.people import committees


@dataclass
class PackEntry:
    """One agenda item as printed in a pack, with its documents and their page range."""

    number: int
    item: object
    documents: list[ReportDocument] = field(default_factory=list)
    missing: list[ReportDocument] = field(default_factory=list)
    #: Documents left out because they could not be read safely.
    failed: list[ReportDocument] = field(default_factory=list)
    first_page: int | None = None
    last_page: int | None = None

    @property
    def page_range(self) -> str:
        if self.first_page is None:
            return ""
        if self.first_page == self.last_page:
            return f"(Page {self.first_page})"
        return f"(Pages {self.first_page} - {self.last_page})"


def pack_entries(session: Session, meeting: Meeting, *, include_exempt: bool) -> list[PackEntry]:
    """The items a pack prints, in order; exempt items only when `include_exempt`."""
    numbered = agenda.number_items(agenda.agenda_items(session, meeting))
    chosen = numbered.all if include_exempt else numbered.public
    entries = []
    for numbered_item in chosen:
        docs = list(numbered_item.item.documents)
        entries.append(
            PackEntry(
                number=numbered_item.number,
                item=numbered_item.item,
                documents=[d for d in docs if d.pdf_sha256],
                missing=[d for d in docs if not d.pdf_sha256],
            )
        )
    return entries


def _assign_pages(entries: list[PackEntry], first_page: int) -> int:
    page = first_page
    for entry in entries:
        pages = sum(d.page_count or 0 for d in entry.documents)
        if pages:
            entry.first_page, entry.last_page = page, page + pages - 1
            page += pages
        else:
            entry.first_page = entry.last_page = None
    return page - 1


def _membership(session: Session, meeting: Meeting) -> dict[str, list]:
    day = to_local(meeting.starts_at).date()
    groups: dict[str, list] = {"councillors": [], "added": [], "right_to_speak": []}
    for membership in committees.current_members(session, meeting.committee, day):
        role = MembershipRole(membership.role)
        if role == MembershipRole.ADDED_MEMBER:
            groups["added"].append(membership)
        elif role == MembershipRole.RIGHT_TO_SPEAK:
            groups["right_to_speak"].append(membership)
        elif role != MembershipRole.SUBSTITUTE:
            groups["councillors"].append(membership)
    return groups


def _front_html(
    session: Session,
    meeting: Meeting,
    entries,
    *,
    include_exempt: bool,
    dispatched: datetime,
    now: datetime,
) -> str:
    """The front sheet and agenda as HTML: also the pack's fingerprint, so it prints live data.

    Each overdue item prints its own carried lines (latest update and RAG as they are now, days
    overdue as at dispatch), not the text the roll-over last wrote into the item.
    """
    return render_template(
        "packs/front.html",
        meeting=meeting,
        entries=entries,
        include_exempt=include_exempt,
        membership=_membership(session, meeting),
        starts=to_local(meeting.starts_at),
        dispatched=to_local(dispatched),
        signatory=current_app.config["SCRUTINY_PACK_SIGNATORY"],
        carried=carried_lines.lines_by_item(session, meeting, to_local(dispatched).date()),
        front_sheet_lines=report_templates.lines,
        front_sheet_financial_headers=report_templates.FINANCIAL_HEADERS,
    )


def _stamp(writer: PdfWriter, page: PageObject, text: str) -> None:
    """Write `text` centred near the bottom of a page (Helvetica, no font embedding)."""
    box = page.mediabox
    x = float(box.left) + float(box.width) / 2 - len(text) * 2.5
    y = float(box.bottom) + 18
    overlay = PageObject.create_blank_page(width=box.width, height=box.height)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/PackF1"): font})}
    )
    content = DecodedStreamObject()
    stamp = f"BT /PackF1 9 Tf {x:.1f} {y:.1f} Td ({text}) Tj ET"
    content.set_data(f"/Artifact <</Type /Pagination>> BDC {stamp} EMC".encode("latin-1"))
    overlay[NameObject("/Contents")] = writer._add_object(content)
    page.merge_page(overlay)


def fingerprint(session: Session, meeting: Meeting, *, include_exempt: bool, now: datetime) -> str:
    """A hash of everything a pack is made from, so a cached pack is used only while current.

    It hashes the front sheet's HTML itself (every word the front sheet and agenda print:
    wording, membership, carried lines, page ranges) and each document's PDF hash, so nothing
    printed can change without the fingerprint changing.
    """
    entries = pack_entries(session, meeting, include_exempt=include_exempt)
    _assign_pages(entries, 2)
    html = _front_html(
        session,
        meeting,
        entries,
        include_exempt=include_exempt,
        dispatched=meeting.published_at or now,
        now=now,
    )
    digest = hashlib.sha256(html.encode())
    digest.update(str(pdf_safety.max_inflated_bytes()).encode())
    for entry in entries:
        for document in entry.documents:
            digest.update(document.pdf_sha256.encode())
    return digest.hexdigest()


def _readable(document: ReportDocument) -> PdfReader | None:
    """The document's PDF checked and cleaned for the pack, or None with `pack_problem` set."""
    try:
        clean = pdf_safety.clean(documents.path_for(document.pdf_sha256).read_bytes())
    except DomainError as error:
        problem = error.message
    except OSError:
        problem = "The file is missing from the document store"
    else:
        if document.pack_problem is not None:
            document.pack_problem = None
        return PdfReader(io.BytesIO(clean.data))
    if document.pack_problem != problem[:300]:
        document.pack_problem = problem[:300]
    return None


def _load_documents(entries: list[PackEntry]) -> dict[int, PdfReader]:
    """Readers for the documents that can go in, by id; the others move to `entry.failed`."""
    readers = {}
    for entry in entries:
        for document in list(entry.documents):
            reader = _readable(document)
            if reader is None:
                entry.documents.remove(document)
                entry.failed.append(document)
            else:
                readers[document.id] = reader
    return readers


def _append_entry(writer: PdfWriter, entry: PackEntry, readers: dict[int, PdfReader]) -> None:
    """The item's documents appended, bookmarked "5. Title" at the first page of its report,
    with a bookmark per document under it when there are several."""
    firsts = []
    for document in entry.documents:
        firsts.append(len(writer.pages))
        writer.append(readers[document.id], import_outline=False)
        for page in writer.pages[firsts[-1] :]:
            if "/StructParents" in page:  # its tags are not carried into the pack
                del page[NameObject("/StructParents")]
    if not firsts:
        return
    title = f"{entry.number}. {entry.item.title}"
    parent = writer.add_outline_item(title=title, page_number=firsts[0], is_open=False)
    if len(firsts) > 1:
        for document, first in zip(entry.documents, firsts, strict=True):
            writer.add_outline_item(title=document.title, page_number=first, parent=parent)


def build_pack(session: Session, meeting: Meeting, *, include_exempt: bool, now: datetime) -> bytes:
    """The whole pack as PDF bytes; a document that cannot be read safely is left out and its
    `pack_problem` set (the caller commits it)."""
    entries = pack_entries(session, meeting, include_exempt=include_exempt)
    readers = _load_documents(entries)
    dispatched = meeting.published_at or now
    front_pages = 1
    front = b""
    for _ in range(4):  # page ranges can change the front sheet's length; settle it
        _assign_pages(entries, front_pages + 1)
        html = _front_html(
            session,
            meeting,
            entries,
            include_exempt=include_exempt,
            dispatched=dispatched,
            now=now,
        )
        front = pdfs.html_to_pdf(html)
        pages = len(PdfReader(io.BytesIO(front)).pages)
        if pages == front_pages:
            break
        front_pages = pages
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(front)))  # keeps its structure tree
    for entry in entries:
        _append_entry(writer, entry, readers)
    for number, page in enumerate(writer.pages[front_pages:], start=front_pages + 1):
        _stamp(writer, page, f"Page {number}")
    writer.add_metadata(
        {
            "/Title": f"{meeting.committee.name}, {to_local(meeting.starts_at):%d %B %Y}",
            "/Producer": "Scrutiny",
        }
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
