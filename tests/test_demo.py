"""The demo council reproduces seed 003's agenda of 24 February 2023 and its public pack."""

import io
import re
from datetime import UTC, datetime

from pypdf import PdfReader

from scrutiny.extensions import db
from scrutiny.models import Meeting, MeetingStatus
from scrutiny.services import agenda, demo


def _load(clock):
    demo.load_demo(db.session, clock.now)
    db.session.commit()


def test_the_february_2023_agenda_matches_seed_003(clock):
    _load(clock)
    meeting = (
        db.session.query(Meeting)
        .filter_by(starts_at=datetime(2023, 2, 24, 10, 0, tzinfo=UTC))
        .one()
    )
    numbered = agenda.number_items(agenda.agenda_items(db.session, meeting)).all
    assert [(n.number, n.item.title) for n in numbered] == [
        (1, "Addresses by Members of the Public (Standing Order SSO9)"),
        (2, "Apologies for Absence and Notifications for Substitutes"),
        (3, "Declaration of disclosable pecuniary interest (Standing Order 37)"),
        (4, "Minutes"),
        (5, "Matters referred by Council, the Executive, other Committees and Panels (if any)"),
        (6, "Month 9 Report to CYPS Scrutiny February 2023"),
        (7, "Improvement in Children's Services 2020 – to date"),
        (8, "Family Hubs and Children's Centres"),
        (9, "Corporate Parenting"),
        (10, "Panel's Work Plan"),
    ]
    assert numbered[6].item.presenting_officer == "Report of the Director, Children's Services"
    assert meeting.published_at.date().isoformat() == "2023-02-16"


def test_the_february_2023_public_pack_has_consistent_page_ranges(clock, client):
    _load(clock)
    meeting = (
        db.session.query(Meeting)
        .filter_by(starts_at=datetime(2023, 2, 24, 10, 0, tzinfo=UTC))
        .one()
    )
    response = client.get(f"/meetings/{meeting.id}/pack.pdf")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages]
    front = "\n".join(pages[:3])
    ranges = dict(re.findall(r"\n(\d+)\. [^\n]*?\(Pages (\d+) - \d+\)", front))
    assert set(ranges) == {"4", "6", "7", "8", "9", "10"}
    first_minutes = int(ranges["4"])
    assert "Minutes of 20 October 2022" in pages[first_minutes - 1]
    assert "Corporate Parenting" in pages[int(ranges["9"]) - 1]
    assert len(pages) == int(ranges["10"]) + 7


def test_the_demo_schedules_this_and_next_municipal_year(clock):
    _load(clock)
    upcoming = db.session.query(Meeting).filter(Meeting.starts_at > clock.now).all()
    assert len(upcoming) >= 5
    assert {m.status for m in upcoming} == {MeetingStatus.SCHEDULED}
    assert max(m.starts_at for m in upcoming).year == 2028


def test_the_october_2022_minutes_match_seed_003_and_were_approved_in_february(clock, client):
    from scrutiny.models import MinutesApproval, Recommendation

    _load(clock)
    october = (
        db.session.query(Meeting)
        .filter_by(starts_at=datetime(2022, 10, 20, 9, 0, tzinfo=UTC))
        .one()
    )
    assert october.status == MeetingStatus.MINUTES_APPROVED
    approval = db.session.query(MinutesApproval).filter_by(meeting_id=october.id).one()
    assert approval.at_meeting.starts_at == datetime(2023, 2, 24, 10, 0, tzinfo=UTC)
    recommendations = db.session.query(Recommendation).order_by(Recommendation.id).all()
    assert [r.reference for r in recommendations] == ["CAY 12(1)", "CAY 12(2)"]
    assert "tri-LA shared service" in recommendations[0].text
    page = client.get(f"/meetings/{october.id}/minutes").get_data(as_text=True)
    assert "Meeting Commenced: 10.05 am" in page
    assert "Wendy Griggs (Chairman), Donald Davies (Vice-chairman)" in page
    assert "Karin Haverson (substitute)" in page
    assert "Apologies:</strong> Councillors: Ciaran Cronnelly" in page
    assert "CAY 13 The Panel&#39;s Work Plan" in page
