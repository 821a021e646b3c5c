"""OParl 1.1 objects built from public data only: no draft meeting, no unpublished agenda, no
exempt (Part 2) item or its documents, no inactive committee, no e-mail address.

One body (the council). Committees are Organizations, councillors Persons, report items
Papers (each considered once, a Consultation), report documents Files, venues Locations.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from scrutiny.models.committees import Committee, Membership
from scrutiny.models.meetings import PUBLIC_STATUSES, AgendaItem, Meeting, MeetingStatus
from scrutiny.models.meetings import ReportDocument as Document
from scrutiny.models.people import User
from scrutiny.services.files import documents

VERSION = "https://schema.oparl.org/1.1/"
BODY_ID = 1
#: List kinds served under /body/1/<kind>, with the OParl type of their objects.
LISTS = {
    "organizations": "Organization",
    "people": "Person",
    "memberships": "Membership",
    "meetings": "Meeting",
    "agenda-items": "AgendaItem",
    "papers": "Paper",
    "consultations": "Consultation",
    "files": "File",
    "locations": "Location",
}


@dataclass(frozen=True)
class Site:
    """Where the API and the web pages live, and what the council is called."""

    api: str  # "https://host/oparl/v1"
    web: str  # "https://host"
    council: str

    def url(self, kind: str, key: int | str) -> str:
        """The URL of one object: /oparl/v1/<kind>/<key>."""
        return f"{self.api}/{kind}/{key}"


def _stamp(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _common(site: Site, kind: str, key: int | str, row, web: str | None = None) -> dict:
    out = {"id": site.url(kind, key), "type": f"{VERSION}{kind.capitalize()}"}
    if kind == "agendaitem":
        out["type"] = f"{VERSION}AgendaItem"
    for name, moment in (
        ("created", getattr(row, "created_at", None)),
        ("modified", getattr(row, "updated_at", None)),
    ):
        if moment is not None:
            out[name] = _stamp(moment)
    if web:
        out["web"] = f"{site.web}{web}"
    out["deleted"] = False
    return out


# --- What is public -------------------------------------------------------------------------


def public_meetings() -> Select:
    """Meetings the public sees: not drafts, of active committees."""
    return (
        select(Meeting)
        .join(Committee, Meeting.committee_id == Committee.id)
        .where(Meeting.status != MeetingStatus.DRAFT, Committee.active.is_(True))
    )


def public_items() -> Select:
    """Agenda items the public sees: published agendas, never exempt items."""
    return (
        select(AgendaItem)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(Committee, Meeting.committee_id == Committee.id)
        .where(
            Meeting.status.in_(PUBLIC_STATUSES),
            Committee.active.is_(True),
            AgendaItem.exempt.is_(False),
        )
    )


def public_papers() -> Select:
    """Report items on published agendas (a Paper each), never exempt ones."""
    return public_items().where(AgendaItem.kind == "report")


def public_files() -> Select:
    """Current documents of public agenda items."""
    items = public_items().with_only_columns(AgendaItem.id)
    return select(Document).where(Document.item_id.in_(items), Document.replaced_by_id.is_(None))


def public_committees() -> Select:
    """Active committees."""
    return select(Committee).where(Committee.active.is_(True))


def public_memberships() -> Select:
    """Memberships of active committees."""
    return select(Membership).join(Committee).where(Committee.active.is_(True))


def public_people() -> Select:
    """People who sit (or sat) on an active committee."""
    return select(User).where(
        User.id.in_(public_memberships().with_only_columns(Membership.user_id))
    )


def location_key(venue: str) -> str:
    """A stable id for a venue's text."""
    return hashlib.sha256(venue.strip().encode()).hexdigest()[:16]


def venues(session: Session, since: datetime | None = None) -> list[tuple[str, datetime]]:
    """Distinct venues of public meetings with when each last changed, by name."""
    query = (
        public_meetings()
        .with_only_columns(Meeting.venue, func.max(Meeting.updated_at))
        .where(Meeting.venue != "")
        .group_by(Meeting.venue)
        .order_by(Meeting.venue)
    )
    rows = [(v, m) for v, m in session.execute(query)]
    if since is not None:
        rows = [(v, m) for v, m in rows if m.replace(tzinfo=m.tzinfo or UTC) >= since]
    return rows


# --- Objects ----------------------------------------------------------------------------------


def system(site: Site) -> dict:
    """The System object: the API's entry point."""
    return {
        "id": f"{site.api}/system",
        "type": f"{VERSION}System",
        "oparlVersion": VERSION,
        "body": f"{site.api}/bodies",
        "name": f"{site.council} scrutiny",
        "website": site.web + "/",
        "product": "https://github.com/scrutiny",
        "web": site.web + "/",
        "deleted": False,
    }


def body(site: Site) -> dict:
    """The one Body: the council."""
    out = {
        "id": site.url("body", BODY_ID),
        "type": f"{VERSION}Body",
        "system": f"{site.api}/system",
        "name": site.council,
        "website": site.web + "/",
        "legislativeTerm": [],
        "web": site.web + "/committees/",
        "deleted": False,
    }
    names = {
        "organizations": "organization",
        "people": "person",
        "meetings": "meeting",
        "papers": "paper",
        "agenda-items": "agendaItem",
        "consultations": "consultation",
        "files": "file",
        "locations": "locationList",
        "memberships": "membership",
    }
    for kind, field in names.items():
        out[field] = f"{site.url('body', BODY_ID)}/{kind}"
    return out


def organization(site: Site, committee: Committee) -> dict:
    """A committee as an Organization."""
    out = _common(site, "organization", committee.id, committee, f"/committees/{committee.slug}")
    out.update(
        body=site.url("body", BODY_ID),
        name=committee.name,
        shortName=committee.minute_prefix,
        organizationType="committee",
        classification=committee.kind_label,
        meeting=f"{site.url('organization', committee.id)}/meetings",
        membership=[site.url("membership", m.id) for m in committee.memberships],
    )
    if committee.parent_id is not None and committee.parent and committee.parent.active:
        out["subOrganizationOf"] = site.url("organization", committee.parent_id)
    return out


def membership(site: Site, row: Membership) -> dict:
    """A Membership: person, committee, role and dates."""
    out = _common(site, "membership", row.id, row)
    out.update(
        person=site.url("person", row.user_id),
        organization=site.url("organization", row.committee_id),
        role=row.role_label,
        votingRight=row.role not in {"right_to_speak", "added_member"},
        startDate=row.starts_on.isoformat(),
    )
    if row.ends_on:
        out["endDate"] = row.ends_on.isoformat()
    return out


def person(site: Site, user: User, memberships: list[Membership]) -> dict:
    """A councillor as a Person (name and memberships; never an e-mail address)."""
    out = _common(site, "person", user.id, user, f"/committees/members/{user.id}")
    out.update(
        body=site.url("body", BODY_ID),
        name=user.name,
        membership=[membership(site, m) for m in memberships],
    )
    return out


def location(site: Site, venue: str, modified: datetime | None = None) -> dict:
    """A venue as a Location."""
    out = {
        "id": site.url("location", location_key(venue)),
        "type": f"{VERSION}Location",
        "description": venue,
        "deleted": False,
    }
    if modified is not None:
        out["modified"] = _stamp(modified.replace(tzinfo=modified.tzinfo or UTC))
    return out


def file(site: Site, doc: Document) -> dict:
    """A report document as a File."""
    out = _common(site, "file", doc.id, doc)
    mime = documents.PDF_MIME if doc.file_type == "pdf" else documents.DOCX_MIME
    out.update(
        name=doc.title,
        fileName=doc.filename,
        mimeType=mime,
        size=doc.size,
        date=doc.uploaded_at.date().isoformat(),
        accessUrl=f"{site.web}/documents/{doc.id}",
        downloadUrl=f"{site.web}/documents/{doc.id}",
        agendaItem=[site.url("agendaitem", doc.item_id)],
        meeting=[site.url("meeting", doc.item.meeting_id)],
    )
    if doc.item.kind == "report":
        out["paper"] = [site.url("paper", doc.item_id)]
    return out


def agenda_item(site: Site, item: AgendaItem, number: int | None = None) -> dict:
    """A public agenda item as an AgendaItem (callers never pass an exempt one)."""
    assert not item.exempt
    out = _common(site, "agendaitem", item.id, item, f"/meetings/{item.meeting_id}#item-{item.id}")
    out.update(
        meeting=site.url("meeting", item.meeting_id),
        order=item.position,
        name=item.title,
        public=True,
    )
    if number is not None:
        out["number"] = str(number)
    if item.kind == "report":
        out["consultation"] = site.url("consultation", item.id)
    if item.documents:
        out["auxiliaryFile"] = [file(site, d) for d in item.documents]
    return out


def consultation(site: Site, item: AgendaItem) -> dict:
    """A report's consideration at its meeting."""
    out = _common(site, "consultation", item.id, item)
    out.update(
        paper=site.url("paper", item.id),
        agendaItem=site.url("agendaitem", item.id),
        meeting=site.url("meeting", item.meeting_id),
        organization=[site.url("organization", item.meeting.committee_id)],
        authoritative=False,
        role="Report for consideration",
    )
    return out


def paper(site: Site, item: AgendaItem) -> dict:
    """A report item as a Paper, its first document the main file."""
    assert not item.exempt and item.kind == "report"
    out = _common(site, "paper", item.id, item, f"/meetings/{item.meeting_id}#item-{item.id}")
    out.update(
        body=site.url("body", BODY_ID),
        name=item.title,
        paperType="Report",
        consultation=[consultation(site, item)],
    )
    published = item.meeting.published_at or item.meeting.starts_at
    out["date"] = published.date().isoformat()
    docs = item.documents
    if docs:
        out["mainFile"] = file(site, docs[0])
    if len(docs) > 1:
        out["auxiliaryFile"] = [file(site, d) for d in docs[1:]]
    return out


def meeting(site: Site, session: Session, row: Meeting) -> dict:
    """A meeting, with its public agenda items once the agenda is published."""
    from scrutiny.services.meetings.agenda import number_items

    out = _common(site, "meeting", row.id, row, f"/meetings/{row.id}")
    out.update(
        name=f"{row.committee.name}, {row.starts_at.date():%d %B %Y}",
        meetingState=row.status_label,
        cancelled=row.status == MeetingStatus.CANCELLED,
        start=_stamp(row.starts_at),
        organization=[site.url("organization", row.committee_id)],
    )
    if row.venue:
        out["location"] = location(site, row.venue)
    if row.status in PUBLIC_STATUSES:
        items = session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == row.id, AgendaItem.exempt.is_(False))
            .options(selectinload(AgendaItem.documents))
        )
        out["agendaItem"] = [
            agenda_item(site, n.item, n.number) for n in number_items(list(items)).public
        ]
    return out
