"""Finding past meetings: upcoming and past lists, a municipal-year selector, a month calendar
(a real table with day headers), recent meetings on committee pages, and attendance figures
per member per year (cancelled meetings left out, apologies apart, unpublished minutes hidden
from the public)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from scrutiny.extensions import db
from scrutiny.models.minutes import Attendance
from tests.factories import CommitteeFactory, MeetingFactory, MembershipFactory, UserFactory


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def _table(page: str) -> str:
    return page.split("<table")[1].split("</table>")[0]


@pytest.fixture
def world():
    """A panel meeting in three municipal years (the clock says 15 June 2026), a draft and a
    cancelled meeting, and a member with recorded attendance."""
    panel = CommitteeFactory(name="Health Panel", slug="health")
    other = CommitteeFactory(name="Audit Committee", slug="audit")
    member = UserFactory(name="Cllr Ada Jones", roles=["councillor"])
    MembershipFactory(committee=panel, user=member, starts_on=date(2024, 5, 1))

    def meeting(day, status="minutes_approved", committee=panel, published=True, **kw):
        return MeetingFactory(
            committee=committee, status=status, starts_at=datetime(*day, 9, tzinfo=UTC),
            minutes_published_at=datetime(*day, 18, tzinfo=UTC) if published else None, **kw,
        )  # fmt: skip

    m = {
        "2024-jun": meeting((2024, 6, 10)),
        "2025-mar": meeting((2025, 3, 3)),  # still 2024/25
        "2025-jul": meeting((2025, 7, 7)),
        "2025-sep": meeting((2025, 9, 8), status="cancelled", published=False),
        "2026-jan": meeting((2026, 1, 12), published=False),  # minutes not yet published
        "2026-jun": meeting((2026, 6, 29), status="published", published=False),
        "2026-jul": meeting((2026, 7, 20), status="draft", published=False),
        "audit": meeting((2026, 6, 22), status="published", committee=other, published=False),
    }
    kinds = {"2024-jun": "present", "2025-mar": "apologies", "2025-jul": "present",
             "2025-sep": "present", "2026-jan": "absent"}  # fmt: skip
    for key, kind in kinds.items():
        db.session.add(Attendance(meeting_id=m[key].id, user_id=member.id, kind=kind))
    db.session.add(Attendance(meeting_id=m["audit"].id, user_id=member.id, kind="substitute"))
    db.session.commit()
    return {"panel": panel, "member": member, "meetings": m}


def test_upcoming_by_default_and_past_latest_first(client, world):
    table = _table(_text(client.get("/meetings/?committee=health")))
    assert "Monday 29 June 2026" in table and "2025" not in table
    assert "Monday 20 July 2026" not in table  # a draft, not for the public
    past = _text(client.get("/meetings/?committee=health&when=past"))
    dates = re.findall(r"\w+day \d+ \w+ \d{4}", _table(past))
    assert dates[:3] == ["Monday 12 January 2026", "Monday 8 September 2025", "Monday 7 July 2025"]
    assert "5 past meetings" in past


def test_the_municipal_year_selector_runs_may_to_may(client, world):
    page = _text(client.get("/meetings/?committee=health&when=past"))
    assert re.findall(r'<option value="(\d+)"\s*>(\d{4}/\d\d)', page) == [
        ("2026", "2026/27"), ("2025", "2025/26"), ("2024", "2024/25"),
    ]  # fmt: skip
    table = _table(_text(client.get("/meetings/?committee=health&year=2024")))
    assert re.findall(r"\w+day \d+ \w+ \d{4}", table) == [
        "Monday 10 June 2024", "Monday 3 March 2025",
    ]  # fmt: skip
    assert client.get("/meetings/?year=twenty").status_code == 400


def test_month_calendar_is_a_table_with_day_headers_and_a_list(client, world):
    page = _text(client.get("/meetings/calendar?month=2026-06"))
    assert '<h1 class="govuk-heading-l">June 2026</h1>' in page
    table = _table(page)
    headers = re.findall(r'<th scope="col"[^>]*><abbr title="(\w+)"', table)
    assert headers == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    rows = table.split("<tbody")[1].split("</tr>")
    week = next(r for r in rows if "Health Panel" in r)
    cells = week.split("<td")[1:]
    assert "<strong>29</strong>" in cells[0] and "10:00am Health Panel" in cells[0]  # BST
    assert "Audit Committee" in table and "2 meetings in June 2026" in page
    assert 'aria-current="date"' in table  # 15 June, today
    assert "Monday 29 June 2026, 10:00am</a>: Health Panel" in page  # the list fallback
    only = _text(client.get("/meetings/calendar?month=2026-06&committee=audit"))
    assert "Health Panel" not in _table(only) and "1 meeting in June 2026" in only
    assert "July 2026" in _text(client.get("/meetings/calendar?month=2026-07"))
    assert client.get("/meetings/calendar?month=2026-13").status_code == 400


def test_committee_page_lists_recent_meetings_and_links_to_past_and_calendar(client, world):
    page = _text(client.get("/committees/health"))
    recent = page.split("Recent</h3>")[1].split("</ul>")[0]
    assert re.findall(r"\w+day \d+ \w+ \d{4}", recent)[:2] == [
        "Monday 12 January 2026", "Monday 8 September 2025",
    ]  # fmt: skip
    assert "/meetings/?committee=health&amp;when=past" in page
    assert "/meetings/calendar?committee=health" in page


def test_member_page_shows_attendance_per_year_without_cancelled(client, client_as, world):
    page = _text(client.get(f"/committees/members/{world['member'].id}"))
    table = _table(page.split("Attendance at meetings")[1])
    body = table.split("<tbody")[1].split(">", 1)[1]
    rows = [re.sub(r"<[^>]+>", "|", r) for r in body.split("</tr>")[:-1]]
    cells = [[c.strip() for c in r.split("|") if c.strip()] for r in rows]
    # 2024/25: present once, apologies once; 2025/26: present (cancelled not counted); the
    # January 2026 absence is not public until its minutes are.
    assert cells == [
        ["2025/26", "Health Panel", "1", "1", "0", "0", "100%", "0"],
        ["2024/25", "Health Panel", "2", "1", "1", "0", "50%", "0"],
    ]
    officer = client_as("officer")
    staff = _table(_text(officer.get(f"/committees/members/{world['member'].id}")).split(
        "Attendance at meetings")[1])  # fmt: skip
    audit_row = staff.split("Audit Committee")[1].split("</tr>")[0]
    assert audit_row.rstrip().endswith('numeric">1</td>')  # staff see unpublished records
    health = staff.split("2025/26")[1].split("Health Panel")[1].split("</tr>")[0]
    assert "50%" in health  # present in July, absent in January
