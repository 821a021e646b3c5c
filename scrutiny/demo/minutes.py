"""Demo minutes: seed 003's minutes of 20 October 2022 as the draft minutes of the panel's last
meeting, published and awaiting approval at the next meeting (the dates moved by the timeline)."""

from __future__ import annotations

from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import AgendaItem, ItemKind, Meeting, MeetingStatus
from scrutiny.models.minutes import Attendance, Minute
from scrutiny.models.people import User
from scrutiny.services.core.clocks import format_day
from scrutiny.services.meetings import agenda
from scrutiny.services.meetings.meetings import local_datetime, municipal_year_label
from scrutiny.services.minutes import minute_numbering, minutes

RECEIVED = "that the report be received and that Members' comments be forwarded to officers in the form of minutes."

#: (kind, title, narrative, discussion, outcome kind, outcome text, parts)
OCTOBER_2022: list[tuple] = [
    (
        ItemKind.PUBLIC_ADDRESSES,
        "Public Discussion (Standing Order SSO 9)",
        "None.",
        "",
        "none",
        "",
        [],
    ),
    (
        ItemKind.REPORT,
        "Election of the Vice-Chairman for the {year} municipal year",
        "",
        "",
        "resolved",
        "that the election of Councillor Donald Davies as Vice-chairman at the "
        "informal meeting of {informal} be endorsed.",
        [],
    ),
    (
        ItemKind.DECLARATIONS,
        "Declaration of Disclosable Pecuniary Interest (Standing Order 37)",
        "None.",
        "",
        "none",
        "",
        [],
    ),
    (
        ItemKind.MINUTES,
        "Minutes",
        "Minutes of the Panel meeting held on {previous} – to approve "
        "as a correct record.\nNotes of the informal panel meeting held on {informal} – for noting.",
        "",
        "resolved",
        "that",
        [
            "the minutes of the meeting of {previous} be approved as a correct record; and that",
            "the notes of the informal meeting of {informal} be noted.",
        ],
    ),
    (
        ItemKind.MATTERS_REFERRED,
        "Matters referred by Council, the Executive, other Committees and Panels (if any)",
        "None.",
        "",
        "none",
        "",
        [],
    ),
    (
        ItemKind.REPORT,
        "Children's Improvement Progress",
        "The Director of Children's Services presented the report, which updated the Panel on the "
        "Ofsted visit to the Front Door service, and the follow-up visit by Mark Riddell (the DfE's "
        "national advisor on care leavers) to the Care Leavers' Service.\nAttention was drawn to the "
        "key performance indicators, which compared with statistical neighbours and national "
        "comparators.",
        "How many positions were open in the service, and how many agency staff were being "
        "employed to fill in the gaps? There was an increase in the number of vacancies which were "
        "being filled in by locum staff.\nWas there an update on home-educated children? The numbers "
        "of these were slowly reducing, although there was a concern that these children showed an "
        "increase in anxiety post-Covid.",
        "concluded",
        RECEIVED,
        [],
    ),
    (
        ItemKind.REPORT,
        "CYPS task-and-finish groups update",
        "The Chairman presented the report, which updated the Panel on the activities of the three "
        "task-and-finish groups set up by the Panel, as well as the activity of the School "
        "Organisation Standing Group. The work of the Care Leavers NEET working group was now "
        "complete, and a report would be sent to Members in due course.",
        "",
        "concluded",
        RECEIVED,
        [],
    ),
    (
        ItemKind.REPORT,
        "Schools Capital Programme",
        "The Head of Strategic Planning & Governance updated the Panel on the details of the Basic "
        "Need allocations, the Special Provision High Needs grant, and the School Condition "
        "allocation announced by the Department for Education in March.",
        "",
        "concluded",
        RECEIVED,
        [],
    ),
    (
        ItemKind.REPORT,
        "Adoption West Annual Report",
        "The Assistant Director of Children's Services presented the 2021/22 Annual Report from "
        "Adoption West, the Regional Adoption Agency commissioned by six local authorities "
        "including North Somerset.",
        "",
        "concluded",
        RECEIVED,
        [],
    ),
    (
        ItemKind.REPORT,
        "Month 5 Children's Services Budget Monitor",
        "The report was presented by the Principal Accountant (Children's Services), and focused on "
        "the forecast spend against budget, and the risks and opportunities associated with the "
        "medium-term position.",
        "",
        "concluded",
        RECEIVED,
        [],
    ),
    (
        ItemKind.REPORT,
        "North Somerset Annual Children's Social Care Complaints and Compliments "
        "report for the 2021-22 financial year",
        "The Interim Directorate Governance and Complaints Manager presented the report. There had "
        "been 43 complaints and 19 compliments in the 2021/22 financial year.",
        "",
        "concluded",
        RECEIVED,
        [],
    ),
    (
        ItemKind.REPORT,
        "Future Governance of the Music Service",
        "The Head of North Somerset and South Gloucestershire Music Services presented the report "
        "which proposed that North Somerset Music Service merge with Bath and North East Somerset "
        "and South Gloucestershire Music Services and spin out of the local authority into an "
        "independent company.",
        "",
        "concluded",
        "that",
        [
            "the Panel recommend approval to the Executive of the proposal that the Music Service "
            "form a tri-LA shared service with B&NES and South Gloucestershire; and that",
            "the Panel recommend approval to the Executive of the shared service being established "
            "as an independent organisation outside the three Councils, taking forward and "
            "expanding a broader, universal youth music education offer on behalf of the three "
            "Councils.",
        ],
    ),
    (
        ItemKind.WORK_PROGRAMME,
        "The Panel's Work Plan",
        "The Scrutiny Officer discussed the Panel's work plan and invited discussion with Members "
        "for additional items to add to it, as well as picking up any actions from the meeting.",
        "",
        "concluded",
        "that the work plan be updated.",
        [],
    ),
]

PRESENT = [
    "Wendy Griggs",
    "Donald Davies",
    "Mark Aplin",
    "Caroline Cherry",
    "Hugh Gregor",
    "Ann Harley",
    "Timothy Snaden",
]
SUBSTITUTES = ["Karin Haverson", "Ian Parker", "Richard Tucker"]
APOLOGIES = [
    "Ciaran Cronnelly",
    "Mark Crosby",
    "Nicola Holland",
    "Ruth Jacobs",
    "Huw James",
    "Lisa Pilgrim",
    "Richard Westwood",
]
OFFICERS = [
    ("Sheila Smith", "Children's Services"),
    ("Becky Hopkins", "Children's Services"),
    ("Sally Varley", "Children's Services"),
    ("Katherine Webb", "Children's Services"),
    ("Simon Lock", "Children's Services"),
    ("Sindy Dube", "Corporate Services"),
    ("Brent Cross", "Corporate Services"),
]


def _meeting(session: Session, panel: Committee, day: date) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(
            Meeting.committee_id == panel.id, Meeting.starts_at == local_datetime(day, time(10))
        )
    )


def _user(session: Session, name: str) -> User | None:
    return session.scalar(select(User).where(User.name == name))


def _dated(text: str, tl: Timeline) -> str:
    """The seed's dates of earlier meetings, moved to before the demo's last meeting."""
    return text.format(
        previous=format_day(tl.last_meeting - timedelta(weeks=20)),
        informal=format_day(tl.last_meeting - timedelta(weeks=18)),
        year=municipal_year_label(tl.last_meeting).replace("/", "-"),
    )


def load_minutes(session: Session, panel: Committee, officer: User, tl: Timeline) -> int:
    """Minute the last meeting and publish the draft; 1 if created, 0 if done before."""
    meeting = _meeting(session, panel, tl.last_meeting)
    if meeting is None or session.scalar(select(Minute.id).where(Minute.meeting_id == meeting.id)):
        return 0
    for row in agenda.agenda_items(session, meeting):
        session.delete(row)
    session.flush()
    for position, (kind, title, *_rest) in enumerate(OCTOBER_2022, start=1):
        session.add(
            AgendaItem(meeting=meeting, position=position * 10, kind=kind, title=_dated(title, tl))
        )
    session.flush()
    roles = {m.user_id: m.role for m in panel.memberships}
    for kind, names in (
        ("present", PRESENT),
        ("apologies", APOLOGIES),
        ("substitute", SUBSTITUTES),
    ):
        for name in names:
            user = _user(session, name)
            session.add(
                Attendance(
                    meeting_id=meeting.id, user_id=user.id, kind=kind, role=roles.get(user.id)
                )
            )
    for name, service in OFFICERS:
        session.add(Attendance(meeting_id=meeting.id, name=name, service=service, kind="officer"))
    meeting.commenced_at = local_datetime(tl.last_meeting, time(10, 5))
    meeting.concluded_at = local_datetime(tl.last_meeting, time(12, 10))
    meeting.status = MeetingStatus.HELD
    created = minute_numbering.start_minutes(session, meeting, expected_version=None)
    for minute, (_k, _t, narrative, discussion, outcome, text, parts) in zip(
        created, OCTOBER_2022, strict=True
    ):
        minutes.update_minute(
            session,
            minute,
            narrative=_dated(narrative, tl),
            discussion=discussion,
            outcome_kind=outcome,
            outcome_text=_dated(text, tl),
            parts=[_dated(part, tl) for part in parts],
            user=officer,
            expected_version=None,
        )
    music = created[11]
    session.refresh(music)
    for part in music.parts:
        minutes.create_recommendation(
            session,
            part,
            text=minutes.recommendation_text(part.text),
            addressed_to="The Executive",
            user=officer,
        )
    minutes.publish_draft(
        meeting, now=tl.at(tl.minutes_published_on, time(9)), expected_version=None
    )
    return 1
