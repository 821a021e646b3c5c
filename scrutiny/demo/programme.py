"""Demo work programme: the panel's Work Programme of February 2023, the last pages of seed 003.

Sections 1(A) to 4 are loaded as written in the seed, for the municipal year of the as-of day,
with the briefings and the agenda-report meetings moved to the demo's timeline. Sections 5
and 6 are views over the recommendations, which minutes.py creates. Loading twice adds nothing
the second time.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.committees import Committee
from scrutiny.models.meetings import AgendaItem, Meeting
from scrutiny.models.programme import ProgrammeItem, Section
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.meetings.meetings import municipal_year_start

#: 1(A) active projects and working groups, in the seed's order.
ACTIVE: list[dict] = [
    {
        "topic": "CYPS Working Group – Careleavers Not in Education, Employment or Training",
        "reason": "This group involves building on the work with partners around North Somerset "
        "Care Leavers who are not in education, employment or training",
        "method": "The Working Group focusses on understanding the barriers along with the "
        "opportunities. The Group to construct an appreciative enquiry sort of approach, "
        "bringing in the learning from across council services as well as partner agencies and "
        "the Corporate Parenting Panel",
        "timeline": "Final meeting 14 October 2022",
        "progress": "14 October 2022 Discussed was: actioning mentoring help for care leavers.",
        "contact": "Lisa Zakheim / Bethany Swann",
    },
    {
        "topic": "CYPS Working Group – SEND Improvement Plan (Formerly the Accelerated Progress "
        "Plan working group)",
        "reason": "The working group to identify and recommend further effective delivery of the "
        "Council SEND Improvement plan in relation to the experiences of Parents and Carers.",
        "method": "Scrutinise parents and carers experiences with SEND services in North Somerset "
        "and their partners.",
        "timeline": "Final meeting 17 January 2023",
        "progress": "1 November 2022; 17 January 2023 Updates on previously identified actions; "
        "feedback on the visit to Baytree School, Home to School Transport, direct payments; "
        "update on SEND review; SEND update from new Head of SEND.",
        "contact": "Pip Hesketh",
    },
    {
        "topic": "CYPS Working Group – Front Door",
        "reason": "To hear from partner agency representatives",
        "method": "",
        "timeline": "Final meeting to be 27 February 2023",
        "progress": "28 November 2022 Discussed were: the Ofsted review; Multi-Agency "
        "Safeguarding Hub",
        "contact": "Becky Hopkins",
    },
    {
        # The seed's text extraction reads "School Organis ation".
        "topic": "School Organisation Scrutiny Steering Group",
        "reason": "1. In-depth investigations of proposed school changes\n"
        "2. Pupil Projections – methodology as applied generally and in particular in respect of "
        "new builds, including affordable housing\n"
        "3. Admission Arrangements\n"
        "Note: The School Organisation Group is a standing sub-group of the CYPS Policy and "
        "Scrutiny Panel and not a task and finish scrutiny working group.",
        "method": "Steering Group\n"
        "Corporate Aim: Promoting lifelong learning opportunities\n"
        "Key issues for the public\n"
        "New National Code\n"
        "To include Education Transformation (see below)",
        "timeline": "Varied, depending on work strand\n"
        "Ongoing - to meet as required.\n"
        "Regular reporting to Panel",
        "progress": "1 February 2023 Discussed were: Term dates and admission arrangements 2024-25",
        "contact": "Cllr Wendy Griggs/ Sally Varley",
    },
]

#: 1(B) scheduled projects: the seed names the topic only.
SCHEDULED: list[dict] = [{"topic": "Home to School Transport"}]

#: 2 proposed projects: none in the seed.
PROPOSED: list[dict] = []

#: 3 briefings and workshops. The seed has separate Outcome and Progress columns; the model has
#: one `progress` field, shown as "Outcome and progress", so they are joined with a space.
BRIEFINGS: list[dict] = [
    {
        "topic": "Joint CYPS/ASH: Recommissioning of Pizey",
        "reason": "To brief Members on the recommissioning of the Pizey Road respite centre",
        "held_on": -56,
        "progress": "Members briefed. Members support recommissioning",
        "contact": "Alison Stone, Kate Williams, Teresa Stanley",
    },
    {
        "topic": "Joint CYPS/HOSP: Mental Health Needs Assessment update briefing",
        "reason": "To brief Members on the findings from the Mental Health Needs Assessment",
        "held_on": -20,
        "progress": "Members briefed.",
        "contact": "Matt Lenny, Georgie MacArthur",
    },
]

#: 4 agenda reports: (meeting heading, which meeting of the timeline, rows). Each row is (report
#: title, purpose, outcomes, contact, title of the demo agenda item the report became or None).
#: The seed's Progress column is empty for every report, so `progress` holds the outcomes. The
#: heading is kept in `timeline`: the demo has no meeting for the informal meeting 1.
AGENDA_REPORTS: list[tuple[str, str, list[tuple[str, str, str, str, str | None]]]] = [
    (
        "Panel Meeting 1 ({day}) - informal meeting",
        "informal",
        [
            (
                "Annual Directorate Statement – Children's Services",
                "To outline the key commitments of each directorate for the year ahead to show "
                "how we will contribute to the Corporate Plan. Annual Directorate Statements are "
                "then used to inform Service Strategies, Team Plans and appraisals.",
                "i) That the Panel notes the plans for 2022/23.\n"
                "ii) That the Panel consider the ADS when setting their Work Plan.",
                "Sheila Smith",
                None,
            ),
            (
                "Overview of Findings from CAMHS Working Group",
                "To update Scrutiny Panels on Findings from CAMHS Working Group",
                "i) HOSP/CYPS calls on the council, CCG and system partners to work together to "
                "begin to close the estimated £700k funding gap and to specifically improve "
                "services for eating disorders, learning disabilities, and primary & infant "
                "mental health services\n"
                "ii) A progress report be provided to CYPS by no later than October 2022 "
                "outlining the steps that have been taken to improve parity from a funding and "
                "service delivery model perspective, and where gaps remain, what steps will be "
                "taken to improve these.",
                "Councillor Ciarán Cronnelly",
                None,
            ),
            (
                "Resetting the Education Agenda for North Somerset",
                "To update the Panel on work to re-set the education agenda for North Somerset",
                "Members to receive an update on resetting the education agenda in North Somerset.",
                "Pip Hesketh",
                None,
            ),
            (
                "Community of Practice SEND",
                "To update the Panel on Community of Practice in North Somerset",
                "Continue with work programme\n"
                "Ensure the Community is credited with its work\n"
                "Build habits and new ways of working\n"
                "Consider transferability to other areas of work",
                "Councillor Catherine Gibbons, Pip Hesketh",
                None,
            ),
            (
                "North Somerset's Annual Children's Social Care Complaints and Complements Report "
                "for 2020/21 Financial Year",
                "The annual report for 2020/21 covers the Council's actions and responses to "
                "complaints and complements about Children's Social Care.",
                "That the panel review and consider the content of the Annual Report on "
                "Children's Services Complaints and Complements and any further actions.",
                "Steve Devine, Sally Varley",
                None,
            ),
            (
                "Adoption West Update Report",
                "To update the Panel on Ofsted's inspection of Adoption West.",
                "i) That the Panel notes the outcome of Ofsted's inspection of Adoption West.\n"
                "ii) That the Panel highlights any risks or areas for further scrutiny.\n"
                "iii) That the Panel considers feedback it would wish to give to Adoption West "
                "via the current joint scrutiny arrangements.",
                "Sheila Smith, Becky Hopkins",
                None,
            ),
            (
                "Performance Monitoring Report",
                "The Children and Young People's Services Policy and Scrutiny Panel receive "
                "regular performance management reports to help members evaluate the extent to "
                "which the council and its partners are achieving key plans and objectives for "
                "children and young people's services, and to provide appropriate challenge and "
                "suggestions to improve performance.",
                "To note the performance information presented in this report and to give "
                "comment on both areas for improvement and good performance",
                "Becky Hopkins",
                None,
            ),
            (
                # The seed's table is garbled here: its outcomes survive only as
                # "... medium-term position.", so they are left empty.
                "Month 12 Children's Services Budget Monitor",
                "This report summarises and discusses the 2021/22 spend against budget for "
                "children's services, highlighting key variances, movements and contextual "
                "information. The report also makes reference to the principles and outcomes "
                "associated with the setting of the 2022/23 budget and on-going financial risks.",
                "",
                "Sindy Dube, Katherine Sokol",
                None,
            ),
        ],
    ),
    (
        "Panel Meeting 2 ({day})",
        "last",
        [
            (
                "Children's Improvement Progress",
                "That Members note the progress made in relation to two different service "
                "areas: the Front Door and our Care Leavers' Service.",
                "Progress noted.",
                "Sheila Smith",
                "Children's Improvement Progress",
            ),
            (
                "Update on CYPS task-and-finish groups",
                "i) That the Panel considers the activities of the CYPS working groups; and\n"
                "ii) That Members take this into account when setting the Panel's Work Plan.",
                "Panel updated.",
                "Cllr Wendy Griggs",
                "CYPS task-and-finish groups update",
            ),
            (
                "Schools Capital Programme",
                "That the Panel notes the progress made on schemes to date and comments, if "
                "required, on future plans.",
                "Progress noted.",
                "Sally Varley",
                "Schools Capital Programme",
            ),
            (
                "Adoption West Annual Report",
                "That Members note the report and advise officers of any areas about which they "
                "would like further information.",
                "Report noted.",
                "Becky Hopkins",
                "Adoption West Annual Report",
            ),
            (
                "Month 5 Budget Monitor",
                "That the Panel notes the 2022/23 forecast spend against budget for children's "
                "services and the risks and opportunities associated with the medium-term "
                "position.",
                "Budget forecast noted.",
                "Sindy Dube",
                "Month 5 Children's Services Budget Monitor",
            ),
            (
                "Annual Complaints and Compliments report 2021-22",
                "That Members review the content of the Annual Report on Children's Services "
                "Complaints and Complements referred to this panel for consideration and any "
                "further actions.",
                "Contents of report reviewed.",
                "Katherine Webb",
                "North Somerset Annual Children's Social Care Complaints and Compliments "
                "report for the 2021-22 financial year",
            ),
            (
                "Future Governance of the Music Service",
                "i) To recommend approval to the Executive of the proposal that the Music Service "
                "form a tri-LA shared service with B&NES and South Gloucestershire.\n"
                "ii) To recommend approval to the Executive of the shared service being "
                "established as an independent organisation outside the 3 Councils, taking "
                "forward and expanding a broader, universal youth music education offer on "
                "behalf of the 3 Councils.",
                "Approvals to Executive Member noted.",
                "Simon Lock",
                "Future Governance of the Music Service",
            ),
        ],
    ),
    (
        "Panel Meeting 3 ({day})",
        "next",
        [
            (
                "Month 9 Budget Monitor",
                "Budget monitoring",
                "",
                "Sindy Dube",
                "Month 9 Report to CYPS Scrutiny February 2023",
            ),
            (
                "Improvement in Children's Services",
                "To update the Panel on the directorate's progress since the Inspection of Local "
                "Authority Children's Services (ILACS) in 2020 and the Ofsted/CQC SEND Revisit in "
                "2021.",
                "",
                "Sheila Smith",
                "Improvement in Children's Services 2020 – to date",
            ),
            (
                "Development of Family Hubs",
                "To provide the Panel with the vision for the system wide Family Hub model within "
                "North Somerset.",
                "",
                "Tracey Lewis / Dawn Newton",
                "Family Hubs and Children's Centres",
            ),
            (
                "Corporate Parenting",
                "To note the progress since 2019 and take the opportunity to consider what more "
                "this Panel could contribute in its role as a Corporate Parent.",
                "",
                "Sheila Smith",
                "Corporate Parenting",
            ),
        ],
    ),
]


def _meeting_on(session: Session, committee: Committee, day: date) -> Meeting | None:
    for meeting in session.scalars(select(Meeting).where(Meeting.committee_id == committee.id)):
        if to_local(meeting.starts_at).date() == day:
            return meeting
    return None


def _agenda_item(session: Session, meeting: Meeting | None, title: str | None):
    if meeting is None or title is None:
        return None
    return session.scalar(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.title == title)
    )


def _rows(session: Session, committee: Committee, tl: Timeline) -> list[tuple[Section, dict]]:
    """Every seed row as (section, fields), in the seed's order."""
    rows = [(Section.ACTIVE, r) for r in ACTIVE]
    rows += [(Section.SCHEDULED, r) for r in SCHEDULED]
    rows += [(Section.PROPOSED, r) for r in PROPOSED]
    rows += [(Section.BRIEFING, {**r, "held_on": tl.days(r["held_on"])}) for r in BRIEFINGS]
    days = {
        "informal": tl.last_meeting - timedelta(weeks=18),
        "last": tl.last_meeting,
        "next": tl.next_meeting,
    }
    for heading, which, reports in AGENDA_REPORTS:
        day = days[which]
        heading = heading.format(day=format_day(day))
        meeting = _meeting_on(session, committee, day)
        for title, purpose, outcomes, contact, agenda_title in reports:
            fields = {
                "topic": title,
                "reason": purpose,
                "progress": outcomes,
                "contact": contact,
                "timeline": heading,
                "planned_meeting": meeting,
                "agenda_item": _agenda_item(session, meeting, agenda_title),
            }
            rows.append((Section.AGENDA_REPORT, fields))
    return rows


def load_programme(session: Session, committee: Committee, tl: Timeline) -> int:
    """Create the seed's work programme rows for this municipal year that are missing; returns
    how many."""
    year_start = municipal_year_start(tl.as_of)
    existing = set(
        session.execute(
            select(ProgrammeItem.section, ProgrammeItem.topic).where(
                ProgrammeItem.committee_id == committee.id,
                ProgrammeItem.year_start == year_start,
            )
        ).all()
    )
    created = 0
    positions: dict[Section, int] = {}
    for section, fields in _rows(session, committee, tl):
        position = positions[section] = positions.get(section, 0) + 1
        if (section.value, fields["topic"]) in existing:
            continue
        fields = dict(fields)
        meeting = fields.pop("planned_meeting", None)
        item = fields.pop("agenda_item", None)
        row = ProgrammeItem(
            committee_id=committee.id,
            year_start=year_start,
            section=section.value,
            position=position,
            planned_meeting_id=meeting.id if meeting else None,
            agenda_item_id=item.id if item else None,
            **fields,
        )
        session.add(row)
        session.flush()
        if item is not None:
            item.planned_report_id = row.id
        created += 1
    return created
