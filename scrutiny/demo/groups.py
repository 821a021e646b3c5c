"""Demo data: the panel's two working groups as task-and-finish groups (seed 003, section 1(A)).

The groups' committees and members are made by demo.py; this adds their terms of reference, a
session each from the seed's progress column, and links each to its work programme row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrutiny.demo.timeline import Timeline
from scrutiny.models.committees import Committee
from scrutiny.models.people import User
from scrutiny.models.programme import ProgrammeItem
from scrutiny.models.task_groups import GroupSession, TaskGroup

#: committee name, programme topic prefix, scope, status, starts and ends (days from the as-of
#: day), sessions (days from the as-of day, kind, title)
GROUPS = [
    (
        "CYPS Working Group – SEND Improvement Plan",
        "CYPS Working Group – SEND Improvement Plan",
        "Parents' and carers' experiences of SEND services in North Somerset and their partners.",
        "reporting",
        -200,
        -21,
        [
            (-120, "visit", "Visit to Baytree School"),
            (-21, "meeting", "Update from the new Head of SEND"),
        ],
    ),
    (
        "CYPS Working Group – Front Door",
        "CYPS Working Group – Front Door",
        "The Front Door and the Multi-Agency Safeguarding Hub, heard from partner agencies.",
        "active",
        -90,
        60,
        [(-30, "evidence", "The Ofsted review and the Multi-Agency Safeguarding Hub")],
    ),
]


def load_groups(session: Session, panel: Committee, lead_officer: User | None, tl: Timeline) -> int:
    """Give the demo's working groups their TaskGroup rows; returns how many were made."""
    made = 0
    for name, topic, scope, status, starts, ends, sessions in GROUPS:
        committee = session.scalar(
            select(Committee).where(Committee.name == name, Committee.parent_id == panel.id)
        )
        if committee is None or session.scalar(
            select(TaskGroup.id).where(TaskGroup.committee_id == committee.id)
        ):
            continue
        row = session.scalar(
            select(ProgrammeItem).where(
                ProgrammeItem.committee_id == panel.id, ProgrammeItem.topic.startswith(topic)
            )
        )
        group = TaskGroup(
            committee=committee,
            programme_item=row,
            topic=row.topic if row else name,
            reason=row.reason if row else "",
            method=row.method if row else "",
            timeline=row.timeline if row else "",
            scope=scope,
            starts_on=tl.days(starts),
            ends_on=tl.days(ends),
            status=status,
            lead_officer=lead_officer,
        )
        session.add(group)
        for held_on, kind, title in sessions:
            session.add(
                GroupSession(
                    group=group,
                    committee_id=committee.id,
                    kind=kind,
                    held_on=tl.days(held_on),
                    title=title,
                )
            )
        made += 1
    session.flush()
    return made
