"""A scrutiny committee's annual report to full council (seed 002): draft, words, issue, agenda.

The product drafts the figures from the records at a cut-off date (`annual_report_data`); the
officers and the chair add the words (front block, chair's foreword, "what difference scrutiny
made" case studies tied to chosen recommendations, next year's priorities). Issuing stores the
figures in `AnnualReport.snapshot`, so an issued report reads the same whatever happens to the
records afterwards; a new draft made later can be compared with it
(`annual_report_data.differences`).

`outline` turns data and words into numbered sections and paragraphs ("2.1") once, so the page,
the PDF and the Word document all number the same way.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from scrutiny.models.annual_reports import AnnualReport
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.people import User
from scrutiny.services.core.errors import DomainError, check_version
from scrutiny.services.files import documents
from scrutiny.services.meetings import agenda
from scrutiny.services.meetings.meetings import municipal_year_label, municipal_year_start
from scrutiny.services.reports.annual_report_data import gather, scrutiny_committees

DRAFT, ISSUED = "draft", "issued"
#: The front block and the other free-text words, with their labels (seed 002's front block).
TEXT_FIELDS = {
    "member": "Chair or lead member",
    "lead_officer": "Lead officer",
    "authors": "Authors",
    "contacts": "Contact details",
    "foreword": "Chair's foreword",
    "priorities": "Priorities for next year",
}
#: Longest text accepted in one field.
MAX_TEXT = 20_000


def committees_of(session: Session, report: AnnualReport) -> list[Committee]:
    """The committee reported on, or every scrutiny committee for a combined report."""
    return [report.committee] if report.committee is not None else scrutiny_committees(session)


def title_of(report: AnnualReport) -> str:
    """ "Children's Services Scrutiny Panel: Annual Report 2022/23"."""
    year = municipal_year_label(report.year_start)
    if report.committee is None:
        return f"Overview and Scrutiny: Annual Report {year}"
    return f"{report.committee.name}: Annual Report {year}"


def create(
    session: Session,
    committee: Committee | None,
    year_start: date,
    cut_off: date,
    user: User,
    now: datetime,
) -> AnnualReport:
    """A draft annual report for a committee (None: all scrutiny committees) and year."""
    if year_start != municipal_year_start(year_start):
        raise DomainError("Choose a municipal year", field="year")
    if cut_off < year_start:
        raise DomainError("The cut-off must be in or after the municipal year", field="cut_off")
    report = AnnualReport(
        committee_id=committee.id if committee else None,
        year_start=year_start,
        cut_off=cut_off,
        state=DRAFT,
        narrative={name: "" for name in TEXT_FIELDS} | {"case_studies": []},
        created_by_id=user.id,
    )
    session.add(report)
    session.flush()
    return report


def _text(value, name: str) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(f"Shorten this text to {MAX_TEXT:,} characters or fewer", field=name)
    return text


def update_narrative(
    report: AnnualReport,
    fields: dict,
    case_studies: list[tuple[int, str]],
    expected_version: int | None,
    *,
    cut_off: date | None = None,
) -> None:
    """Change a draft's words; case studies are (recommendation id, text) pairs, blank text
    dropping one. A new cut-off moves the date the figures are counted at."""
    if report.state == ISSUED:
        raise DomainError("Issued reports cannot be changed")
    check_version(report, expected_version, "this report")
    narrative = dict(report.narrative or {})
    for name in TEXT_FIELDS:
        if name in fields:
            narrative[name] = _text(fields[name], name)
    narrative["case_studies"] = [
        {"recommendation_id": int(rec_id), "text": _text(text, "case_studies")}
        for rec_id, text in case_studies
        if rec_id and (text or "").strip()
    ]
    report.narrative = narrative
    if cut_off is not None:
        if cut_off < report.year_start:
            raise DomainError("The cut-off must be in or after the municipal year", field="cut_off")
        report.cut_off = cut_off


def live_data(session: Session, report: AnnualReport, cut_off: date | None = None) -> dict:
    """The figures from today's records, at the report's cut-off (or another)."""
    return gather(
        session, committees_of(session, report), report.year_start, cut_off or report.cut_off
    )


def report_data(session: Session, report: AnnualReport) -> dict:
    """What the report shows: its snapshot once issued, the live figures while a draft."""
    if report.state == ISSUED and report.snapshot is not None:
        return report.snapshot
    return live_data(session, report)


def issue(
    session: Session,
    report: AnnualReport,
    user: User,
    now: datetime,
    expected_version: int | None = None,
) -> None:
    """Freeze the figures as they stand at the cut-off, and mark the report issued."""
    if report.state == ISSUED:
        raise DomainError("This report has already been issued")
    check_version(report, expected_version, "this report")
    report.snapshot = live_data(session, report)
    report.state = ISSUED
    report.issued_at = now
    report.issued_by_id = user.id
    session.flush()


def redraft(session: Session, report: AnnualReport, user: User, cut_off: date, now: datetime):
    """A new draft of an issued report from today's records, keeping its words."""
    fresh = create(session, report.committee, report.year_start, cut_off, user, now)
    fresh.narrative = dict(report.narrative or {})
    session.flush()
    return fresh


def filename(report: AnnualReport, extension: str) -> str:
    """ "annual-report-panel-2022-23.pdf"; a draft's marked as such."""
    who = report.committee.slug if report.committee else "scrutiny"
    year = municipal_year_label(report.year_start).replace("/", "-")
    draft = "-draft" if report.state != ISSUED else ""
    return f"annual-report-{who}-{year}{draft}.{extension}"


def put_on_agenda(
    session: Session,
    report: AnnualReport,
    meeting: Meeting,
    pdf_bytes: bytes,
    *,
    user: User | None,
    now: datetime,
) -> AgendaItem:
    """Put the issued report on a meeting's agenda as a report item with its PDF attached
    (a new version of the PDF if the item is already there)."""
    if report.state != ISSUED:
        raise DomainError("Issue the report before putting it on an agenda")
    title = title_of(report)
    item = agenda.put_generated_item(
        session,
        meeting,
        title=title,
        description="",
        purpose=f"To receive the annual report for {municipal_year_label(report.year_start)}.",
        now=now,
    )
    user_id = user.id if user is not None else None
    name = filename(report, "pdf")
    previous = next((d for d in item.documents if d.filename == name), None)
    if previous is not None:
        documents.replace_document(
            session, previous, pdf_bytes, filename=name, title=title, now=now, user_id=user_id
        )
    else:
        documents.add_document(
            session, item, pdf_bytes, filename=name, title=title, now=now, user_id=user_id
        )
    return item
