"""The demo council keeps seed 003's content (agenda, pack, minutes, work programme, working
groups, recommendations, service plan) on the dates of its timeline around the as-of day."""

import io
import re
from datetime import time, timedelta

from pypdf import PdfReader

from scrutiny.demo import council as demo
from scrutiny.demo.timeline import timeline_for
from scrutiny.extensions import db
from scrutiny.models import Meeting, MeetingStatus
from scrutiny.services.actions.dues import Recurrence, period_end
from scrutiny.services.core.clocks import format_day, to_local
from scrutiny.services.core.exemption import EVERYONE
from scrutiny.services.meetings import agenda, meetings
from scrutiny.services.recommendations.response_deadlines import add_months, response_deadline


def _load(clock):
    """Load the demo around the clock's day; returns its timeline."""
    demo.load_demo(db.session, clock.now)
    db.session.commit()
    return timeline_for(to_local(clock.now).date())


def _meeting_on(day):
    return (
        db.session.query(Meeting).filter_by(starts_at=meetings.local_datetime(day, time(10))).one()
    )


def test_the_next_meetings_draft_agenda_is_seed_003s_february_2023_agenda(clock):
    tl = _load(clock)
    meeting = _meeting_on(tl.next_meeting)
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
        # Added by the product: the accepted Music Service response, and this morning's
        # roll-over of what is overdue.
        (10, "Executive responses to scrutiny recommendations"),
        (11, "Overdue actions and responses"),
        (12, "Panel's Work Plan"),
    ]
    assert numbered[6].item.presenting_officer == "Report of the Director, Children's Services"
    assert format_day(tl.last_meeting) in numbered[3].item.description
    assert meeting.status == MeetingStatus.DRAFT and meeting.published_at is None
    assert tl.as_of < meetings.deadline_for(meeting) <= tl.as_of + timedelta(days=14)


def test_the_next_meetings_pack_has_consistent_page_ranges(clock, client_as):
    tl = _load(clock)
    meeting = _meeting_on(tl.next_meeting)
    response = client_as("officer").get(f"/meetings/{meeting.id}/pack.pdf")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages]
    minutes_heading = f"Minutes of {format_day(tl.last_meeting)}"
    # The front sheet and agenda, up to the first page of the minutes (item 4's first page).
    front = "\n".join(pages[: next(i for i, p in enumerate(pages) if minutes_heading in p)])
    ranges = dict(re.findall(r"\n(\d+)\. [^\n]*?\(Pages (\d+) - \d+\)", front))
    assert {"4", "6", "7", "8", "9", "12"} <= set(ranges)
    first_minutes = int(ranges["4"])
    assert minutes_heading in pages[first_minutes - 1]
    assert "Corporate Parenting" in pages[int(ranges["9"]) - 1]
    assert len(pages) == int(ranges["12"]) + 7


def test_the_demo_schedules_this_and_next_municipal_year(clock):
    tl = _load(clock)
    upcoming = (
        db.session.query(Meeting)
        .filter(Meeting.starts_at > clock.now)
        .order_by(Meeting.starts_at)
        .all()
    )
    assert len(upcoming) == 7
    assert upcoming[0].status == MeetingStatus.DRAFT
    assert {m.status for m in upcoming[1:]} == {MeetingStatus.SCHEDULED}
    assert to_local(upcoming[-1].starts_at).date() == tl.later_meetings[-1]
    assert tl.later_meetings[-1] > tl.as_of + timedelta(days=365)


def test_the_last_meetings_draft_minutes_are_seed_003s_october_2022_minutes(clock, client):
    from scrutiny.models import MinutesApproval, Recommendation

    tl = _load(clock)
    last = _meeting_on(tl.last_meeting)
    assert last.status == MeetingStatus.MINUTES_DRAFT
    assert db.session.query(MinutesApproval).filter_by(meeting_id=last.id).count() == 0
    recommendations = db.session.query(Recommendation).order_by(Recommendation.id).all()
    assert [r.source for r in recommendations[:2]] == ["CAY 12(1)", "CAY 12(2)"]
    assert "tri-LA shared service" in recommendations[0].text
    page = client.get(f"/meetings/{last.id}/minutes").get_data(as_text=True)
    assert "Meeting Commenced: 10.05 am" in page
    assert "Wendy Griggs (Chairman), Donald Davies (Vice-chairman)" in page
    assert "Karin Haverson (substitute)" in page
    assert "Apologies:</strong> Councillors: Ciaran Cronnelly" in page
    assert "CAY 13 The Panel&#39;s Work Plan" in page


FOLLOW_UPS = {
    "Follow-up review (6 months): CAY/2026/01",
    "Follow-up review (12 months): CAY/2026/01",
}


def _programme(tl):
    from scrutiny.models import Committee
    from scrutiny.services.programme import work_programme

    panel = db.session.query(Committee).filter_by(slug="cyps-panel").one()
    year_start = meetings.municipal_year_start(tl.as_of)
    return work_programme.programme_for(db.session, panel, year_start, audience=EVERYONE)


def test_the_demo_loads_the_february_2023_work_programme_of_seed_003(clock):
    from scrutiny.models.programme import Section

    tl = _load(clock)
    programme = _programme(tl)
    sections = {s.value: rows for s, rows in programme.sections.items()}
    assert [r.topic for r in sections["active"]] == [
        "CYPS Working Group – Careleavers Not in Education, Employment or Training",
        "CYPS Working Group – SEND Improvement Plan (Formerly the Accelerated Progress Plan "
        "working group)",
        "CYPS Working Group – Front Door",
        "School Organisation Scrutiny Steering Group",
    ]
    steering = sections["active"][3]
    assert steering.contact == "Cllr Wendy Griggs/ Sally Varley"
    assert "Term dates and admission arrangements 2024-25" in steering.progress
    assert [r.topic for r in sections["scheduled"]] == ["Home to School Transport"]
    assert sections["proposed"] == []
    assert [(r.topic, r.held_on) for r in sections["briefing"]] == [
        ("Joint CYPS/ASH: Recommissioning of Pizey", tl.days(-56)),
        ("Joint CYPS/HOSP: Mental Health Needs Assessment update briefing", tl.days(-20)),
    ]
    assert sections["briefing"][0].progress == "Members briefed. Members support recommissioning"
    # The product adds the accepted recommendation's follow-up reviews; the seed's rows are these.
    reports = [r for r in sections[Section.AGENDA_REPORT.value] if r.topic not in FOLLOW_UPS]
    assert len(reports) == 19
    by_meeting = {}
    for row in reports:
        day = to_local(row.planned_meeting.starts_at).date() if row.planned_meeting else None
        by_meeting.setdefault(day, []).append(row.topic)
    assert by_meeting[None][0] == "Annual Directorate Statement – Children's Services"
    assert len(by_meeting[None]) == 8
    assert by_meeting[tl.last_meeting][-1] == "Future Governance of the Music Service"
    assert len(by_meeting[tl.last_meeting]) == 7
    assert by_meeting[tl.next_meeting] == [
        "Month 9 Budget Monitor",
        "Improvement in Children's Services",
        "Development of Family Hubs",
        "Corporate Parenting",
    ]
    assert [r.position for r in reports] == list(range(1, 20))
    assert reports[8].progress == "Progress noted."


def test_the_programme_reports_are_on_their_meetings_agendas(clock):
    from scrutiny.services.programme import work_programme

    tl = _load(clock)
    reports = _programme(tl).sections
    planned = [
        r
        for rows in reports.values()
        for r in rows
        if r.planned_meeting is not None and r.topic not in FOLLOW_UPS
    ]
    assert len(planned) == 11
    assert all(r.agenda_item_id is not None for r in planned)
    for meeting in {r.planned_meeting for r in planned}:
        assert work_programme.planned_reports(db.session, meeting) == []


def test_loading_the_demo_twice_adds_no_programme_rows(clock):
    from scrutiny.models.programme import ProgrammeItem

    tl = _load(clock)
    this_year = ProgrammeItem.year_start == meetings.municipal_year_start(tl.as_of)
    count = db.session.query(ProgrammeItem).count()
    assert demo.load_demo(db.session, clock.now)["programme"] == 0
    assert db.session.query(ProgrammeItem).count() == count
    seed_rows = ProgrammeItem.topic.not_like("Follow-up review%")
    assert db.session.query(ProgrammeItem).filter(this_year, seed_rows).count() == 26


def test_this_years_programme_document_shows_seed_003s_sections(clock, app):
    from flask import render_template
    from weasyprint import HTML

    from scrutiny.services.meetings.meetings import municipal_year_label

    tl = _load(clock)
    programme = _programme(tl)
    year = municipal_year_label(tl.as_of)
    with app.test_request_context():
        html = render_template(
            "programme/document.html", committee=programme.committee, programme=programme, year=year
        )
    reader = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for heading in (
        f"Work Programme {year}",
        "1(A) Active projects",
        "1(B) Scheduled projects",
        "2 Proposed projects",
        "3 Briefings and workshops",
        "4 Agenda reports",
        "5 Recommendations awaiting the executive's response",
        "6 Progress on implementing recommendations",
    ):
        assert heading in text
    for topic in (
        "School Organisation Scrutiny Steering Group",
        "Home to School Transport",
        "Recommissioning of Pizey",
        "Future Governance of the Music Service",
        "Development of Family Hubs",
        "CAY 12(1)",
    ):
        assert topic in text


def test_the_working_groups_are_task_and_finish_groups_one_active_one_reporting(clock):
    from scrutiny.models import TaskGroup

    tl = _load(clock)
    groups = db.session.query(TaskGroup).order_by(TaskGroup.id).all()
    assert [(g.committee.name, g.status) for g in groups] == [
        ("CYPS Working Group – SEND Improvement Plan", "reporting"),
        ("CYPS Working Group – Front Door", "active"),
    ]
    assert all(g.programme_item is not None for g in groups)
    assert groups[0].sessions[0].title == "Visit to Baytree School"
    assert groups[0].ends_on < tl.as_of < groups[1].ends_on
    assert demo.load_demo(db.session, clock.now)["task_groups"] == 0


def test_the_recommendations_one_accepted_one_awaiting_one_overdue(clock, client):
    from scrutiny.models import Recommendation

    tl = _load(clock)
    first, second, camhs = db.session.query(Recommendation).order_by(Recommendation.id).all()
    assert first.submission is second.submission
    assert first.submission.submitted_on == tl.submitted_on
    assert 28 <= (tl.as_of - tl.submitted_on).days <= 45
    assert first.response_due_on == second.response_due_on == response_deadline(tl.submitted_on)
    assert second.response_due_on > tl.as_of
    assert first.status == "in_progress" and first.response.kind == "accepted"
    assert second.status == "submitted" and second.response is None
    assert camhs.status == "submitted" and camhs.response_due_on == tl.days(-10)
    assert camhs.submission.submitted_on >= camhs.agreed_on
    page = client.get(f"/recommendations/{camhs.id}").get_data(as_text=True)
    assert "Response overdue" in page and format_day(tl.days(-10)) in page
    assert "estimated £700k funding gap" in page
    page = client.get(f"/recommendations/{first.id}").get_data(as_text=True)
    assert "Accepted" in page and "Business case agreed" in page
    assert demo.load_demo(db.session, clock.now)["recommendations"] == 0


def test_the_seed_service_plan_is_loaded_through_the_import_with_updates(clock):
    from scrutiny.demo import plan as demo_plan
    from scrutiny.demo import progress
    from scrutiny.models import Action, ActionUpdate, Post, ServicePlan
    from scrutiny.services.plans.plan_report_data import last_full_quarter

    tl = _load(clock)
    plan = db.session.query(ServicePlan).filter_by(title=demo_plan.title_for(tl)).one()
    assert plan.committee.slug == "cyps-panel"
    # The plan has run through the last full quarter and the quarter before it.
    quarter = last_full_quarter(tl.as_of)
    assert plan.starts_on == tl.plan_start == add_months(quarter.start, -3)
    assert plan.ends_on == add_months(tl.plan_start, 12) - timedelta(days=1)
    assert [p.title for p in plan.priorities] == [
        "Fundamental 1 – Seeing and Hearing",
        "Fundamental 2 – Understanding",
        "Fundamental 3 – Responding",
        "Fundamental 4 – Outcomes",
        "Fundamental 5 – Relationships",
        "Fundamental 6 - Language that Cares",
    ]
    assert {p.focus for p in plan.priorities} == {"Family Support and Safeguarding"}
    assert plan.priorities[2].impact_statement.startswith(
        "Children and young people experience a responsive service."
    )
    found = db.session.query(Action).filter_by(plan_id=plan.id).order_by(Action.id).all()
    per_priority = [sum(a.priority_id == p.id for a in found) for p in plan.priorities]
    assert per_priority == [8, 6, 12, 9, 6, 7]

    def action(fundamental: int, number: int) -> Action:
        priority = plan.priorities[fundamental - 1]
        return next(a for a in found if a.priority_id == priority.id and a.position == number)

    labels = {(a.due_kind, a.recurrence) for a in found}
    assert {("month", None), ("recurring", "monthly"), ("recurring", "six_monthly")} <= labels
    assert {("ongoing", None), ("none", None), ("date", None)} <= labels
    assert action(1, 1).due.label == tl.move_months("March 2023")
    assert [p.name for p in action(1, 1).owner_posts] == ["Head of QA"]
    assert action(1, 1).description.startswith("Introduce a guidance document")
    assert action(2, 5).due.label == "Not set"
    assert [p.name for p in action(2, 5).owner_posts] == ["All of CSLT"]
    # Monthly: updated three weeks ago, so next due at the end of this month or the next.
    assert action(4, 3).due.label.startswith("Monthly (next ")
    assert tl.as_of < action(4, 3).due_on <= add_months(tl.as_of, 2)
    assert format_day(action(4, 3).due_on) in action(4, 3).due.label
    assert {p.name for p in action(4, 3).owner_posts} == {
        "Principal Social Worker",
        "Head of Service Quality Assurance",
    }
    # 6 monthly: updated in the last full quarter, so next due at the end of the next half-year.
    updated = to_local(action(5, 5).updates[-1].created_at).date()
    half_year_end = period_end(Recurrence.SIX_MONTHLY, updated)
    six_monthly = period_end(Recurrence.SIX_MONTHLY, half_year_end + timedelta(days=1))
    assert quarter.contains(updated)
    assert action(5, 5).due.label == f"6 monthly (next {format_day(six_monthly)})"
    assert action(6, 4).due.label == "Ongoing"
    assert [p.name for p in action(6, 4).owner_posts] == ["HOS"]
    assert action(6, 7).due.label == tl.move_months("August 2023")
    assert (action(4, 8).due_on, action(5, 6).due_on) == (tl.as_of, tl.days(4))
    assert db.session.query(Post).filter_by(name="PSW").count() == 0

    updates = db.session.query(ActionUpdate).join(Action).filter(Action.plan_id == plan.id).all()
    assert len(updates) == len(progress.HISTORY) + len(progress.RECENT)
    assert {u.rag for u in updates} == {"red", "amber", "green", "blue"}
    assert all(tl.plan_start < to_local(u.created_at).date() < tl.as_of for u in updates)
    # Seed 003's six progress updates, as written, in the last fortnight or so.
    words = {tl.move_months(r[4]) for r in progress.RECENT if (r[0], r[1]) in progress.SEED_003}
    seed = [u for u in updates if u.narrative in words]
    assert len(seed) == 6
    assert all(tl.days(-16) <= to_local(u.created_at).date() < tl.as_of for u in seed)
    assert action(3, 9).latest_rag == "green"
    assert action(3, 5).status == "complete"
    assert "work experience at Viridor" in action(3, 5).updates[-1].narrative
    assert action(3, 9).updates[0].narrative.startswith("Youth Justice Plan in place")
    assert action(5, 2).updates[0].next_steps == (
        f"Follow-up leadership session to be arranged for {tl.move_months('January 2023')}."
    )
    assert demo.load_demo(db.session, clock.now)["plan"] == 0


def test_the_highlight_report_on_the_last_full_quarter_reads_as_seed_001(clock, client_as):
    from scrutiny.demo import plan as demo_plan
    from scrutiny.models import PlanReport
    from scrutiny.services.plans.plan_report_data import last_full_quarter

    tl = _load(clock)
    quarter = last_full_quarter(tl.as_of)
    reports = {r.kind: r for r in db.session.query(PlanReport)}
    councillor = client_as("councillor")
    page = councillor.get(f"/reports/{reports['highlight'].id}").get_data(as_text=True)
    pdf = councillor.get(f"/reports/{reports['highlight'].id}.pdf")
    text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.data)).pages
    )
    for shown in (" ".join(page.split()).replace("&#39;", "'"), text):
        assert f"{format_day(quarter.start)} to {format_day(quarter.end)}" in shown
        assert "Improving" in shown  # the status trend, against the quarter before
        # Achievements, slippage with remedial actions and due revisions with reasons: seed 001.
        assert "work experience at Viridor" in shown
        assert "Placement stability remains a concern" in shown
        assert "A revised training programme for foster carers" in shown
        assert "Edge of care work is progressing more slowly than anticipated" in shown
        assert "Continue to improve the quality of plans" in shown  # a milestone next quarter
        assert "Care leavers in suitable accommodation" in shown  # the KPIs
        assert "Permanent staff recruitment remains fragile" in shown  # the risks
    assert "Issued" in page and format_day(tl.reports_issued_on) in page
    summary = councillor.get(f"/reports/{reports['summary'].id}").get_data(as_text=True)
    assert demo_plan.title_for(tl) in summary.replace("&#39;", "'")
    assert "Improving" in summary and "None this quarter." in summary
