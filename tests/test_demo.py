"""The demo council reproduces seed 003's agenda of 24 February 2023 and its public pack."""

import io
import re
from datetime import UTC, datetime

from pypdf import PdfReader

from scrutiny.demo import council as demo
from scrutiny.extensions import db
from scrutiny.models import Meeting, MeetingStatus
from scrutiny.services.core.exemption import EVERYONE
from scrutiny.services.meetings import agenda


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
    assert [r.source for r in recommendations] == ["CAY 12(1)", "CAY 12(2)"]
    assert "tri-LA shared service" in recommendations[0].text
    page = client.get(f"/meetings/{october.id}/minutes").get_data(as_text=True)
    assert "Meeting Commenced: 10.05 am" in page
    assert "Wendy Griggs (Chairman), Donald Davies (Vice-chairman)" in page
    assert "Karin Haverson (substitute)" in page
    assert "Apologies:</strong> Councillors: Ciaran Cronnelly" in page
    assert "CAY 13 The Panel&#39;s Work Plan" in page


def _programme_2022():
    from datetime import date

    from scrutiny.models import Committee
    from scrutiny.services.programme import work_programme

    panel = db.session.query(Committee).filter_by(slug="cyps-panel").one()
    return work_programme.programme_for(db.session, panel, date(2022, 5, 1), audience=EVERYONE)


def test_the_demo_loads_the_february_2023_work_programme_of_seed_003(clock):
    from datetime import date

    from scrutiny.models.programme import Section

    _load(clock)
    programme = _programme_2022()
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
        ("Joint CYPS/ASH: Recommissioning of Pizey", date(2022, 11, 28)),
        ("Joint CYPS/HOSP: Mental Health Needs Assessment update briefing", date(2023, 2, 7)),
    ]
    assert sections["briefing"][0].progress == "Members briefed. Members support recommissioning"
    reports = sections[Section.AGENDA_REPORT.value]
    assert len(reports) == 19
    by_meeting = {}
    for row in reports:
        day = row.planned_meeting.starts_at.date() if row.planned_meeting else None
        by_meeting.setdefault(day, []).append(row.topic)
    assert by_meeting[None][0] == "Annual Directorate Statement – Children's Services"
    assert len(by_meeting[None]) == 8
    assert by_meeting[date(2022, 10, 20)][-1] == "Future Governance of the Music Service"
    assert len(by_meeting[date(2022, 10, 20)]) == 7
    assert by_meeting[date(2023, 2, 24)] == [
        "Month 9 Budget Monitor",
        "Improvement in Children's Services",
        "Development of Family Hubs",
        "Corporate Parenting",
    ]
    assert [r.position for r in reports] == list(range(1, 20))
    assert reports[8].progress == "Progress noted."


def test_the_programme_reports_are_on_their_held_meetings_agendas(clock):
    from scrutiny.services.programme import work_programme

    _load(clock)
    reports = _programme_2022().sections
    planned = [r for rows in reports.values() for r in rows if r.planned_meeting is not None]
    assert len(planned) == 11
    assert all(r.agenda_item_id is not None for r in planned)
    for meeting in {r.planned_meeting for r in planned}:
        assert work_programme.planned_reports(db.session, meeting) == []


def test_loading_the_demo_twice_adds_no_programme_rows(clock):
    from scrutiny.models.programme import ProgrammeItem

    _load(clock)
    count = db.session.query(ProgrammeItem).count()
    assert demo.load_demo(db.session, clock.now)["programme"] == 0
    assert db.session.query(ProgrammeItem).count() == count == 26


def test_the_2022_23_programme_document_shows_seed_003s_sections(clock, app):
    from flask import render_template
    from weasyprint import HTML

    _load(clock)
    programme = _programme_2022()
    with app.test_request_context():
        html = render_template(
            "programme/document.html",
            committee=programme.committee,
            programme=programme,
            year="2022/23",
        )
    reader = PdfReader(io.BytesIO(HTML(string=html).write_pdf()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for heading in (
        "Work Programme 2022/23",
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


def test_the_working_groups_are_task_and_finish_groups_linked_to_their_programme_rows(clock):
    from scrutiny.models import TaskGroup

    _load(clock)
    groups = db.session.query(TaskGroup).order_by(TaskGroup.id).all()
    assert [g.committee.name for g in groups] == [
        "CYPS Working Group – SEND Improvement Plan",
        "CYPS Working Group – Front Door",
    ]
    assert all(g.programme_item is not None and g.status == "active" for g in groups)
    assert groups[0].sessions[0].title == "Visit to Baytree School"
    assert demo.load_demo(db.session, clock.now)["task_groups"] == 0


def test_the_music_service_recommendations_are_submitted_and_one_is_overdue(clock, client):
    from scrutiny.models import Recommendation

    _load(clock)
    first, second = db.session.query(Recommendation).order_by(Recommendation.id).all()
    assert first.submission is second.submission
    assert first.response_due_on == datetime(2022, 12, 24).date()
    assert first.status == "in_progress" and first.response.kind == "accepted"
    assert second.status == "submitted" and second.response is None
    page = client.get(f"/recommendations/{second.id}").get_data(as_text=True)
    assert "Response overdue" in page and "24 December 2022" in page
    page = client.get(f"/recommendations/{first.id}").get_data(as_text=True)
    assert "Accepted" in page and "Business case agreed" in page
    assert demo.load_demo(db.session, clock.now)["recommendations"] == 0


def test_the_seed_service_plan_is_loaded_through_the_import_with_updates(clock):
    from scrutiny.demo import plan as demo_plan
    from scrutiny.models import Action, ActionUpdate, Post, ServicePlan
    from scrutiny.services.plans import plans

    _load(clock)
    plan = db.session.query(ServicePlan).filter_by(title=demo_plan.TITLE).one()
    assert plan.committee.slug == "cyps-panel"
    assert (plan.starts_on.isoformat(), plan.ends_on.isoformat()) == ("2023-01-01", "2023-12-31")
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
    assert {("ongoing", None), ("none", None)} <= labels
    assert plans.due_of(action(1, 1)).label == "March 2023"
    assert [p.name for p in action(1, 1).owner_posts] == ["Head of QA"]
    assert action(1, 1).description.startswith("Introduce a guidance document")
    assert plans.due_of(action(2, 5)).label == "Not set"
    assert [p.name for p in action(2, 5).owner_posts] == ["All of CSLT"]
    assert plans.due_of(action(4, 3)).label == "Monthly (next 31 January 2023)"
    assert {p.name for p in action(4, 3).owner_posts} == {
        "Principal Social Worker",
        "Head of Service Quality Assurance",
    }
    assert plans.due_of(action(5, 5)).label == "6 monthly (next 31 March 2023)"
    assert plans.due_of(action(6, 4)).label == "Ongoing"
    assert [p.name for p in action(6, 4).owner_posts] == ["HOS"]
    assert plans.due_of(action(6, 7)).label == "August 2023"
    assert db.session.query(Post).filter_by(name="PSW").count() == 0

    updates = db.session.query(ActionUpdate).join(Action).filter(Action.plan_id == plan.id).all()
    assert len(updates) == 6
    assert {u.rag for u in updates} == {"green", "amber"}
    assert action(3, 9).latest_rag == "green"
    assert action(3, 9).updates[0].narrative.startswith("Youth Justice Plan in place")
    assert action(5, 2).updates[0].next_steps.startswith("Follow-up leadership session")
    assert demo.load_demo(db.session, clock.now)["plan"] == 0
