"""Attaching the current work programme to a meeting's "Panel's Work Plan" agenda item.

The agenda item is the meeting's work-programme item (kind `work_programme`, from the standard
items), or failing that the first item whose title mentions the work plan or work programme.
The PDF is stored as a report document on it: a new version of the programme attached before
(the earlier version is kept, as with any replaced document), or a new document.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting, ReportDocument
from scrutiny.models.people import User
from scrutiny.services.core.errors import DomainError
from scrutiny.services.files import documents
from scrutiny.services.meetings import agenda
from scrutiny.services.programme.programme_export import FILENAME_PREFIX, export_filename

#: Words in an item's (or a document's) title that mark it as the work programme.
WORK_PLAN_WORDS = ("work plan", "work programme")

NO_ITEM_MESSAGE = "This agenda has no work programme item; add one first"


def _mentions_work_plan(title: str | None) -> bool:
    text = (title or "").lower()
    return any(words in text for words in WORK_PLAN_WORDS)


def work_programme_item(items: Iterable[AgendaItem]) -> AgendaItem | None:
    """The agenda item the work programme belongs on, or None if the agenda has none."""
    ordered = sorted(items, key=lambda i: (i.position, i.id or 0))
    for item in ordered:
        if item.kind == ItemKind.WORK_PROGRAMME:
            return item
    return next((i for i in ordered if _mentions_work_plan(i.title)), None)


def _previous_programme(item: AgendaItem) -> ReportDocument | None:
    """The item's current document that is an earlier copy of the programme, if any."""
    current = list(item.documents)
    for document in current:
        if document.filename.startswith(FILENAME_PREFIX):
            return document
    return next((d for d in current if _mentions_work_plan(d.title)), None)


def attach_to_agenda(
    session: Session,
    meeting: Meeting,
    pdf_bytes: bytes,
    *,
    user: User | None,
    now: datetime,
    year_label: str,
) -> ReportDocument:
    """Store the programme PDF on the meeting's work-programme item, as a new version of the
    programme attached before or as a new document; DomainError if there is no such item or
    the agenda is closed (cancelled meeting, approved minutes)."""
    # The same rule as for changing any agenda item (no version check: the one-click attach
    # does not depend on what the user saw).
    agenda._check_editable(meeting, None)
    item = work_programme_item(agenda.agenda_items(session, meeting))
    if item is None:
        raise DomainError(NO_ITEM_MESSAGE)
    user_id = user.id if user is not None else None
    filename = export_filename(meeting.committee, year_label, "pdf")
    title = f"Work Programme {year_label}"
    previous = _previous_programme(item)
    if previous is not None:
        return documents.replace_document(
            session, previous, pdf_bytes, filename=filename, title=title, now=now, user_id=user_id
        )
    return documents.add_document(
        session, item, pdf_bytes, filename=filename, title=title, now=now, user_id=user_id
    )
