"""Demo data: the progress updates of the demo service plan, so its highlight report has a real
quarter to report on.

The plan starts a quarter before the last full quarter (see timeline.py). `HISTORY` is what the
owners reported in those two quarters (the seed's January to June): early actions completed or
re-dated with a reason, the monthly ones updated each quarter, and the reasons, achievements and
remedial actions of seed 001's highlight report where they fit an action of seed 003's plan.
`RECENT` is what they reported since the reports were issued: seed 003's own progress updates, as
written, and the monthly returns, so that on the as-of day only a handful of actions are overdue,
by days or weeks. Months in the text are the seed's 2023 months, moved like the plan's.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.actions import Action
from scrutiny.models.people import User
from scrutiny.services.actions import actions

#: A new due that is never less than this many days after the update that sets it.
MIN_NOTICE = 14

# (fundamental, action number, (seed month, day) of the update, RAG, progress, further actions
# for next period, new due (days from the as-of day, or a (seed month, day)), its reason)
HISTORY = [
    # The quarter before the last full quarter (the seed's January to March).
    (2, 1, (1, 27), "blue", "Multi-Agency Safeguarding Hub live at the Front Door.", "", None, ""),
    (4, 1, (1, 30), "blue",
     "Learning and Development offer agreed, aligned with the Practice Framework, with a "
     "programme of Continuous Practice Development sessions.", "", None, ""),
    (1, 6, (1, 31), "blue",
     "Whole service Commissioning Plan published, with contract review arrangements.", "",
     None, ""),
    (1, 7, (1, 31), "amber",
     "Short Breaks and Community Support plan drafted; consultation with parent carers extended.",
     "Finalise the plan when the consultation closes.", -5,
     "Consultation with parent carers extended."),
    (4, 3, (2, 15), "amber",
     "QA practice themes shared through staff bulletins; not yet through CPD sessions.",
     "Add QA themes to the CPD programme.", None, ""),
    (4, 4, (2, 20), "red", "Dip review activity not yet started in most teams.",
     "Heads of Service to agree a dip review timetable for every team.", None, ""),
    (1, 3, (2, 24), "blue", "Revised Practice Standards launched.", "", None, ""),
    (4, 5, (2, 27), "amber",
     "Review of the Quality Assurance and Performance Meeting under way.",
     "Agree the revised terms of reference.", None, ""),
    (3, 3, (2, 28), "amber",
     "The partnership CSE strategy group is making good progress under police leadership.",
     "Complete the Needs Assessment that informs the strategy.", (5, 28),
     "The strategy is to be informed by the Needs Assessment, which is not yet complete."),
    (4, 6, (3, 10), "amber",
     "Supervision audit: not all records focus on the child's lived experience.",
     "Supervision workshops for Team Managers.", None, ""),
    (5, 3, (3, 14), "green", "Leadership team met Team Managers as planned.", "", None, ""),
    (6, 1, (3, 21), "green", "Monthly service newsletter issued.", "", None, ""),
    # The last full quarter (the seed's April to June): the highlight report's quarter.
    (4, 5, (4, 5), "blue",
     "Quality Assurance and Performance Meeting functions reviewed; revised terms of reference "
     "agreed.", "", None, ""),
    (1, 1, (4, 12), "blue",
     "Guidance on the routes by which feedback is sought from children and their families "
     "published, with a plan to support its delivery.", "", None, ""),
    (1, 2, (4, 20), "amber",
     "Feedback from children and families is collected through the new routes but does not yet "
     "consistently inform practice development.",
     "Include what children and families told us in every practice development proposal.", 45,
     "Waiting for the first feedback gathered through the new guidance."),
    (3, 4, (4, 26), "blue",
     "The Children in Care Council and Care Leavers' Council now meet the leadership team each "
     "quarter and shaped the offer to care experienced young people.", "", None, ""),
    (3, 5, (5, 10), "blue",
     "Offer to care experienced young people published. Care leaver now engaged in work "
     "experience at Viridor and conversations with Skanska and local Chamber of Commerce "
     "underway to extend the model.", "", None, ""),
    (4, 3, (5, 15), "green", "QA practice themes now part of the CPD programme.", "", None, ""),
    (2, 3, (5, 17), "blue",
     "Family group conferencing service is now fully staffed with conferences to be rolled out "
     "across the county in July 2023.", "", None, ""),
    (4, 4, (6, 2), "green", "Dip reviews now take place in every team.", "", None, ""),
    (3, 8, (5, 24), "amber",
     "Edge of care work is progressing more slowly than anticipated due to staffing issues.",
     "A Strategic Manager for Prevention will be in post from August 2023 and will drive this "
     "work forward. Development of Teenage strategy, particularly in relation to edge of care "
     "support, beginning August 2023.", -12,
     "Edge of care work is progressing more slowly than anticipated due to staffing issues."),
    (3, 3, (5, 27), "amber",
     "Needs Assessment complete; strategy drafted with the Exploitation Working Group.",
     "Launch the strategy across the partnership.", -26,
     "Partnership sign-off moved to the next meeting of the Exploitation Working Group."),
    (3, 2, (6, 6), "amber",
     "Lead Social Worker for exploitation in post; a plan to improve practice in relation to "
     "exploitation and missing is being drafted.",
     "Complete the plan on exploitation and missing.", None, ""),
    (2, 4, (6, 7), "blue",
     "Preparing for Adulthood strategy agreed with health and education partners.", "", None,
     ""),
    (3, 11, (6, 9), "amber",
     "Poor response to advertisement for psychologists to join the emotional health and "
     "well-being team means the team is not yet able to function at capacity.",
     "Re-advertisement of psychologist posts for the emotional health and well-being team, "
     "prioritising well-being of children looked after and care leavers.", None, ""),
    (4, 6, (6, 12), "green", "Supervision workshops held for every Team Manager.", "", None, ""),
    (5, 3, (6, 13), "green", "Leadership team met Team Managers as planned.", "", None, ""),
    (3, 6, (6, 14), "amber",
     "Placement stability remains a concern for children who have been looked after for more "
     "than 2 and half years. Examination of the data indicates that some foster carers struggle "
     "to manage children as they approach adolescence.",
     "A revised training programme for foster carers focussing on building carer and child "
     "resilience is one of a range of measures in place to address this.", None, ""),
    (1, 5, (6, 16), "amber",
     "Corporate Parenting sessions held for councillors; partner agencies' sessions not yet "
     "arranged.", "Arrange sessions with partner agencies and local employers.", 30,
     "Partner agencies asked to hold the sessions after their own summer planning."),
    (5, 2, (6, 18), "amber", "Further leadership sessions and coaching under way.",
     "Arrange the follow-up leadership session.", None, ""),
    (2, 2, (6, 20), "amber",
     "Complex and chronic need cases at the Front Door now reviewed weekly; a Front Door Action "
     "Plan is being drafted.", "Agree the Front Door Action Plan.", None, ""),
    (6, 1, (6, 20), "green", "Monthly service newsletter issued.", "", None, ""),
    (5, 1, (6, 21), "amber",
     "Significant improvement in permanent staffing in the Assessment and Children Looked After "
     "teams. There remain challenges in recruiting permanent staff to safeguarding teams.",
     'Recruitment fair and "Try before you Apply" social worker recruitment initiatives from '
     "August 2023, with a focus on the safeguarding teams.", None, ""),
    (5, 5, (6, 23), "green",
     "Corporate staff survey and SWORD survey results shared with teams.", "", None, ""),
    (6, 2, (6, 28), "blue", "MOMO now used by every team to hear children's views.", "", None,
     ""),
]  # fmt: skip

# (fundamental, action number, days before the as-of day, RAG, progress, further actions, new
# due (days from the as-of day), its reason): seed 003's "Progress update" and "Any
# further/additional actions needed for next period" as written, in the seed's order, with the
# monthly returns since the quarter's reports were issued.
RECENT = [
    (4, 4, -38, "green", "Dip reviews completed in every team.", "", None, ""),
    (5, 3, -31, "green", "Leadership team met Team Managers as planned.", "", None, ""),
    (3, 10, -30, "amber",
     "Audit of plans: most are outcome focused; back-up plans are not yet consistently in place.",
     "Practice workshops on back-up plans for every team.", 35,
     "Practice workshops on back-up plans to be held first."),
    (4, 6, -24, "green", "Supervision audit shows improvement.", "", None, ""),
    (4, 3, -20, "green", "QA practice themes shared in the staff bulletin.", "", None, ""),
    (2, 2, -16, "green",
     "Front Door Action Plan in place – refer to plan for details", "", 60,
     "Timescales now follow the Front Door Action Plan."),
    (3, 2, -13, "amber",
     "Plan to improve practice in relation to exploitation and missing in place in development "
     "– see plan", "", 40, "The plan on exploitation and missing is still in development."),
    (3, 6, -10, "amber",
     "Permanence Action Plan in place – see plan. Permanence planning workshops held with teams. "
     "Permanence tracking meetings are being reviewed.", "", 25,
     "Permanence tracking meetings are being reviewed."),
    (6, 1, -9, "green", "Monthly service newsletter issued.", "", None, ""),
    (3, 9, -7, "green",
     "Youth Justice Plan in place and approved by the Youth Justice Board and the Children and "
     "Young People's Partnership Board", "", None, ""),
    (5, 1, -4, "green",
     "Workforce Development Strategy and plan in place – see plan.", "", None, ""),
    (5, 2, -2, "amber",
     "Leadership programme has being commissioned and was delivered in October and November "
     "2022 – further sessions and coaching to continue into 2023",
     "Follow-up leadership session to be arranged for January 2023.", 45,
     "Further sessions and coaching to continue."),
]  # fmt: skip


#: The actions whose `RECENT` update is seed 003's own.
SEED_003 = frozenset({(2, 2), (3, 2), (3, 6), (3, 9), (5, 1), (5, 2)})


def _record(session, action, officer, tl, when: date, row: tuple) -> None:
    """One update; a new due is never sooner than MIN_NOTICE days after it."""
    rag, narrative, next_steps, new_due, reason = row
    if isinstance(new_due, int):
        new_due = max(tl.days(new_due), when + timedelta(days=MIN_NOTICE))
    elif new_due is not None:
        new_due = tl.plan_day(*new_due)
    actions.record_update(
        session,
        action,
        rag=rag,
        narrative=tl.move_months(narrative),
        next_steps=tl.move_months(next_steps),
        due_on=new_due,
        due_reason=reason,
        user=officer,
        now=tl.at(when),
        expected_version=None,
    )


def record_history(
    session: Session, by_number: dict[tuple[int, int], Action], officer: User, tl: Timeline
) -> None:
    """The updates of the plan's first two quarters, up to the end of the last full quarter."""
    for fundamental, number, (month, day), *row in HISTORY:
        action = by_number[(fundamental, number)]
        _record(session, action, officer, tl, tl.plan_day(month, day), tuple(row))


def record_recent(
    session: Session, by_number: dict[tuple[int, int], Action], officer: User, tl: Timeline
) -> None:
    """The updates made since the quarter's reports were issued (seed 003's among them)."""
    for fundamental, number, days, *row in RECENT:
        action = by_number[(fundamental, number)]
        _record(session, action, officer, tl, tl.days(days), tuple(row))
