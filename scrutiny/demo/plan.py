"""Demo data: seed 003's "Children's Support and Safeguarding Service Plan – Jan 2023 to December
2023", monitored by the CYPS panel and loaded through the spreadsheet import as a council would
load it, with the progress updates of progress.py (seed 003's own among them). Its months are
moved so the plan starts a quarter before the last full quarter (see timeline.py).

`PLAN_CSV` is the plan as a council keeps it: one row per action, with the fundamental, its
focus and (on its first row) its impact statements, the action and the "Who is leading on these
actions, and by when?" cell, each as written in the seed, list numbers and all. Two things are
not quite as printed: Fundamental 4's actions 8 and 9, run together on one line by the PDF, are
two rows; and the PDF lost part of Fundamental 4's second impact statement, marked […].
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.demo import progress
from scrutiny.demo.timeline import Timeline
from scrutiny.models.actions import Action
from scrutiny.models.committees import Committee
from scrutiny.models.people import Post, User
from scrutiny.models.plans import ServicePlan
from scrutiny.services.actions import actions
from scrutiny.services.plans import plan_import, plans
from scrutiny.services.recommendations.response_deadlines import add_months

#: The seed's title; its months move with the plan's (see `title_for`).
TITLE = "Children's Support and Safeguarding Service Plan – January 2023 to December 2023"
SERVICE = "Children's Support and Safeguarding"
OWNER_POST = "Assistant Director, Children's Support and Safeguarding"
#: Days into its first month the plan was entered: "monthly" and "6 monthly" are due from then.
ENTERED_AFTER = 9

PLAN_CSV = """\
Fundamental,Focus,Actions needed to address this priority,"Who is leading on these actions, and by when?",How will we know when our activity has had an impact?
"Fundamental 1 – Seeing and Hearing","Family Support and Safeguarding","Introduce a guidance document clarifying the different routes feedback is sought from children and their families and a plan to support the delivery","1. Head of QA (March 2023)","Children and young people benefit form timely and robust assessment of their needs and any identified risks. This results in the right intervention/support being provided at the right time and by the right services.

Children and their families are not subjected to unnecessary assessments and processes.

Children and their families know where to seek support.

Children and young people experience that their voices are heard and their experiences are understood.

Children and young people are involved in the co-production of practice developments and this has a positive impact on their lives."
"Fundamental 1 – Seeing and Hearing",,"2. Ensure that feedback from children, their families and involved professionals informs our practice development","2. All of CSLT (March 2023)",
"Fundamental 1 – Seeing and Hearing",,"3.Launch revised Practice Standards which incorporate our Practice Fundamentals","3.Service Improvement Lead and PSW (February 2023)",
"Fundamental 1 – Seeing and Hearing",,"4. Strengthen our practice, ensuring that we triangulate information and are professionally curious in our interactions with children, their families and professionals (Focused Visit September 2022).","4.All of CSLT (December 2023)",
"Fundamental 1 – Seeing and Hearing",,"5. Strengthen all council and partnership understanding of Corporate Parenting responsibilities and their role as 'corporate parents' to offer practical support and identifiable actions that enable sustainable improved outcomes and life chances for children and young people including employment, education, training and volunteering opportunities (ILACS March 2020)","5. Assistant Director, Young Director and Head of Corporate Parenting (June 2023)",
"Fundamental 1 – Seeing and Hearing",,"6. Produce a clear whole service Commissioning Plan outlining our commissioning intentions and commissioned services including contract review arrangements.","6. Head of Commissioning (January 2023)",
"Fundamental 1 – Seeing and Hearing",,"7. Set out a clear Commissioning Plan which strengthens a spectrum of support through Short Breaks and Community Support","7. Head of Commissioning (January 2023)",
"Fundamental 1 – Seeing and Hearing",,"8. Increase connection and networking with children, young people, parents and carers – building a co-productive relationship","8. All of CSLT (December 2023)",
"Fundamental 2 – Understanding","Family Support and Safeguarding","1. Go Live with a Multi-Agency Safeguarding Hub at the Front Door (ILACS March 20202 and Focused Visit September 2022)","Head of Service Front Door and Head of Service Improvement Lead (January 2023)","The lived experiences of children and their wishes and feelings are well understood and inform assessment and planning.

Children and young people benefit form timely and robust assessment of their needs and any identified risks. This results in the right intervention/support being provided at the right time and by the right services.

Children and their families a will not be subjected to unnecessary assessments and processes.

Children and their families know where to seek support.

Young people experience seamless transitions and have transition plans in place which clearly identify what needs to happen based on assessed need."
"Fundamental 2 – Understanding",,"2. Develop the quality and depth of social work practice at the Front Door when children are in complex or chronic need (Focused Visit September 2022)","2. Head of Service Front Door (April 2023)",
"Fundamental 2 – Understanding",,"3. Develop family led practice with a focus on robustly exploring and reviewing family network options to support or as an alternative to care","3. PSW and all Heads of Service (April 2023)",
"Fundamental 2 – Understanding",,"4. Develop a strategy in relation to Preparing for Adulthood to ensure plans are in place at the right time and young people are well supported through this transition","4. Head of Service Improvement Lead (April 2023)",
"Fundamental 2 – Understanding",,"5.Ensure every child open to our services has an up-to-date assessment of need in line with practice standards","5. All of CSLT",
"Fundamental 2 – Understanding",,"6. Establish a clear offer for Parent Carers","6. Head of Service Improvement Lead",
"Fundamental 3 – Responding","Family Support and Safeguarding","Continue to develop family hubs to coordinate multi-agency Early Help activity for children and their families and to ensure the most effective use of resources in the community","1. Head of Service Front Door (December 2023)","Children and young people experience a responsive service.

Children and young people benefit form timely and robust assessment of their needs and any identified risks. This results in the right intervention/support being provided at the right time and by the right services.

Children and their families are not subjected to unnecessary assessments and processes.

Children and their families know where to seek support.

Children and young people are supported, the risks to them reduced and they feel safer in their communities as a result of proactive disruption activity and the development of trusted relationships to enable positive engagement.

Children and young people benefit from purposeful planning, informed by creative direct work, which supports more children and young people to remain safely within their families, or secures permanence for them in a timely manner where this is not possible (e.g. through special guardianship or adoption).

Children in care, care leavers and our vulnerable children all benefit from a North Somerset wide focus on 'corporate parenting 'to improve their outcomes (e.g. health, education and housing)."
"Fundamental 3 – Responding",,"2. Strengthen our understanding of, and response to, children at risk of exploitation across the partnership to include introduction of a Lead Social Worker for exploitation (ILACS March 2020 and Focused Visit September 2022)","2. PSW (June 2023)",
"Fundamental 3 – Responding",,"3. Exploitation Strategy, informed by the Needs Assessment, to be written and launched across the partnership","3. PSW with the Exploitation Working Group (February 2023)",
"Fundamental 3 – Responding",,"Strengthen engagement with our Children in Care and Care Leaver's Council to inform service developments","4.Young Director, Assistant Director and Head of Corporate Parenting (March 2023)",
"Fundamental 3 – Responding",,"5. Strengthen and publish our offer to care experienced young people. To include recommendations from 'Sky's the Limit' report","5. Head of Corporate Parenting and Young Director (March 2023)",
"Fundamental 3 – Responding",,"6. Refresh our Permanence Strategy; to include the introduction of permanence planning meetings to ensure every child who needs one has a clear permanence plan and that consideration of all permanence options is clearly evidenced","6. Heads of Family Support and Safeguarding and Corporate Parenting (April 2023)",
"Fundamental 3 – Responding",,"7. Review Sufficiency Strategy to include family link scheme, professional foster carers, parent and child foster carers and crisis/assessment response for children with complex needs","7. Heads of Service Commissioning and Corporate Parenting",
"Fundamental 3 – Responding",,"8. Complete proposal for an in-house flexible and agile service to support children to remain within their families and implement","8. Head of Service Front Door (March 2023)",
"Fundamental 3 – Responding",,"9. Deliver on the Youth Justice Plan","9. Head of Service Youth Offending (December 2023)",
"Fundamental 3 – Responding",,"10. Continue to improve the quality of plans across the service to ensure they address: the child's needs and the identified worries; they are clear, strength based and achievable; outcome focused; reflect the views and wishes of the child; and, back up plans are in place. Systems work to support (ILACS March 2020 point 8 and Focused Visit Dec 2021)","10. All of CSLT (July 2023)",
"Fundamental 3 – Responding",,"11. Work with the ICB and health providers to ensure children in care have timely access to health assessments, dental appointments and emotional and mental health support","11. Assistant Director and Head of Corporate Parenting",
"Fundamental 3 – Responding",,"12. Prepare for the introduction of Liberty Protection Safeguards by ensuring a firm understanding of Mental Capacity Act and Deprivation of Liberty","12. Head of Service Improvement Lead",
"Fundamental 4 – Outcomes","Family Support and Safeguarding","Review and update the Learning and Development offer for 2023/24 to align with our Practice Framework, including a programme of Continuous Practice Development sessions","1. PSW (January 2023)","Children and their families receive effective, impactful interventions and support which are focussed on assessed needs and improve outcomes.

Children and young people benefit from timely, inclusive, transpar[…] outcomes which is supported and enabled by practitioners who re[…] management support."
"Fundamental 4 – Outcomes",,"2. Embed the Quality Assurance Framework ensuring that the learning loop is closed and impact/improvement can be evidenced (ILACS March 2020, Focused Visit Dec 2021 and Focused Visit September 2022)","2.Head of Service Quality Assurance (December 2023)",
"Fundamental 4 – Outcomes",,"3. Respond consistently to QA practice themes with focus and purpose i.e. staff bulletins, CPD and broader Learning and Development.","3. PSW and Head of Service Quality Assurance (monthly)",
"Fundamental 4 – Outcomes",,"4.Introduce and sustain responsive dip review activity in teams (Focused Visit 2022)","4. All of CSLT (monthly)",
"Fundamental 4 – Outcomes",,"5. Review the Quality Assurance and Performance Meeting functions and impact","5. Assistant Director, Head of Quality Assurance and PSW (February 2023)",
"Fundamental 4 – Outcomes",,"6. Provide consistently high-quality supervision which is focussed on the child's lived experience and their needs, the impact of interventions and identifying outcome focused actions and plans (ILACS March 2020 recommendation 3 and Focused Visit Dec 2021)","6. All of CSLT (monthly)",
"Fundamental 4 – Outcomes",,"7.Continue to develop high quality performance management information and use to inform practice developments (ILACS March 2020)","7. All Heads of Service and Business Intelligence (December 2023)",
"Fundamental 4 – Outcomes",,"8. System improvement work to continue via the Practice Decisions meeting and Systems Governance Board","8.PSW",
"Fundamental 4 – Outcomes",,"9. Increase the quality and improve the timeliness of Social Care contributions to Education, Health and Care needs assessments","9. Head of Service Improvement Lead",
"Fundamental 5 – Relationships","Family Support and Safeguarding","Strengthen a skilled and stable workforce via a robust Workforce Development Strategy","1. PSW and HR (December 2023)","The senior leadership team will be visible and joined up in its vision, purpose and activity.

A stable workforce will provide consistency for children and families and allow practitioners to build relationships of trust and confidence and to intervene to achieve positive change together with children and their families.

A stable management team will support practitioners to provide effective interventions focussed on needs and outcomes and support continuous learning and development.

Children and their families experience a collaborative approach which gives them the confidence to engage with interventions and the motivation to make the changes identified to meet the needs of their children.

The lived experiences of children and their wishes and feelings are well understood and inform assessment and planning."
"Fundamental 5 – Relationships",,"2. Deliver a bespoke development programme for the leadership team","2. Assistant Director (June 2023)",
"Fundamental 5 – Relationships",,"3. Monthly leadership team meetings with Team Managers to support ongoing implementation of the vision and service improvement","3. All of CSLT (monthly)",
"Fundamental 5 – Relationships",,"4. Embed our Practice Framework (launched May 2022) (informed by Focused Visit Dec 2021)","4. All of CSLT (December 2023)",
"Fundamental 5 – Relationships",,"5.Continue to seek feedback via the corporate staff survey and the SWORD survey and use to inform service development","5. PSW (6 monthly)",
"Fundamental 5 – Relationships",,"6. Service wide Practice Week focused on 'Relationships Matter'","6. PSW and Head of Quality Assurance",
"Fundamental 6 - Language that Cares","Family Support and Safeguarding","Maintain momentum with monthly service newsletters to support regular communication with the service","1. PSW (monthly)","Our plans and records are written in language which is meaningful and respectful to our children and young people.

Children and their families experience a collaborative approach which gives them the confidence to engage with interventions and the motivation to make the changes identified to meet the needs of their children.

Children and their families experience communication which is meaningful and tailored to meet their needs.

Children and young people are able to actively contribute to the development of supports, services and improved practice across Children's Services."
"Fundamental 6 - Language that Cares",,"2. Embed the use of MOMO","2. Head of Service Quality Assurance and Young Director (June 2023)",
"Fundamental 6 - Language that Cares",,"3. Roll out of the 'Language that Cares' presentation across the council and the partnership.","3. Young Director",
"Fundamental 6 - Language that Cares",,"4. Be compassionate in how we talk about and record meaningful information about children, young people, and their families including panel and meeting minutes, return home interviews, placement requests etc.","4. HOS ongoing",
"Fundamental 6 - Language that Cares",,"5. Continue to empower our colleagues to use language that is non-stigmatising and can be understood by all.","5. HOS ongoing",
"Fundamental 6 - Language that Cares",,"6. Ensure language that cares is at the forefront of all planning and development work.","6. HOS ongoing",
"Fundamental 6 - Language that Cares",,"7. Roll out language that cares to contractors and ensure placement requests are written using a strengths-based approach.","7. Head of Commissioning August 2023",
"""  # noqa: E501 - seed 003's plan, kept as written

#: Seed actions given no date that the demo dates: (fundamental, number, days after the as-of
#: day). 4.8 falls due on the as-of day, so the next morning's scheduler carries it onto the next
#: agenda; the Practice Week of 5.6 is next week, so its owners get a "due in 3 days" reminder.
DATED = [(4, 8, 0), (5, 6, 4)]


def title_for(tl: Timeline) -> str:
    """The plan's title with its period moved like its actions."""
    return tl.move_months(TITLE)


def _moved_csv(tl: Timeline) -> bytes:
    """`PLAN_CSV` with the months in its "by when" column moved to the demo's plan year."""
    rows = list(csv.reader(io.StringIO(PLAN_CSV)))
    for row in rows[1:]:
        row[3] = tl.move_months(row[3])
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def load_plan(session: Session, panel: Committee, officer: User, tl: Timeline) -> int:
    """Import the plan and record its updates up to the end of the last full quarter; returns
    the actions created, 0 if the plan was loaded before."""
    title = title_for(tl)
    if session.scalar(select(ServicePlan.id).where(ServicePlan.title == title)) is not None:
        return 0
    owner = session.scalar(select(Post).where(Post.name == OWNER_POST))
    starts_on = tl.plan_start
    plan = plans.create_plan(
        session,
        title=title,
        starts_on=starts_on,
        ends_on=add_months(starts_on, 12) - timedelta(days=1),
        service=SERVICE,
        directorate="Children's Services",
        owner_post_id=owner.id if owner else None,
        committee_id=panel.id,
    )
    loaded = plan_import.load(
        session,
        plan,
        _moved_csv(tl),
        "service-plan.csv",
        starts_on + timedelta(days=ENTERED_AFTER),
        create_posts=True,
        max_mb=1,
    )
    progress.record_history(session, actions_by_number(session, plan), officer, tl)
    return len(loaded.actions)


def actions_by_number(session: Session, plan: ServicePlan) -> dict[tuple[int, int], Action]:
    """The plan's actions by (fundamental, action number), as the seed numbers them."""
    fundamentals = {p.id: p.position for p in plan.priorities}
    found = session.scalars(select(Action).where(Action.plan_id == plan.id))
    return {(fundamentals[a.priority_id], a.position): a for a in found}


def load_recent(session: Session, officer: User, tl: Timeline) -> None:
    """The updates made since the quarter's reports were issued (after `load_plan`), and the
    dates given this morning to two undated actions (`DATED`)."""
    plan = session.scalar(select(ServicePlan).where(ServicePlan.title == title_for(tl)))
    by_number = actions_by_number(session, plan)
    progress.record_recent(session, by_number, officer, tl)
    for fundamental, number, days in DATED:
        action = by_number[(fundamental, number)]
        actions.revise_due(session, action, tl.days(days), reason="", user=officer, now=tl.now)
        action.due_kind = "date"
