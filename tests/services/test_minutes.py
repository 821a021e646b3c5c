"""Minutes: attendance rules, numbering across the municipal year, approval and locking."""

from datetime import UTC, date, datetime, time

import pytest

from scrutiny.models import Action, MeetingStatus, Minute, Recommendation
from scrutiny.services.core.errors import DomainError
from scrutiny.services.minutes import minute_numbering, minutes, minutes_attendance
from tests.factories import (
    AgendaItemFactory,
    CommitteeFactory,
    MeetingFactory,
    MembershipFactory,
    PostFactory,
    UserFactory,
)


def _held(committee, when, items=3, **kwargs):
    meeting = MeetingFactory(committee=committee, starts_at=when, status="held", **kwargs)
    for n in range(items):
        AgendaItemFactory(meeting=meeting, title=f"Item {n + 1}", position=(n + 1) * 10)
    return meeting


@pytest.fixture
def panel():
    committee = CommitteeFactory(minute_prefix="CAY")
    MembershipFactory(committee=committee, role="chairman", user=UserFactory(name="Wendy Griggs"))
    MembershipFactory(committee=committee, role="member", user=UserFactory(name="Ann Harley"))
    MembershipFactory(committee=committee, role="member", user=UserFactory(name="Huw James"))
    return committee


def _member(panel, name):
    return next(m.user for m in panel.memberships if m.user.name == name)


def test_minutes_are_numbered_on_through_the_municipal_year_and_restart_in_may(session, panel):
    june = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC), items=4)
    september = _held(panel, datetime(2026, 9, 10, 9, tzinfo=UTC), items=3)
    next_june = _held(panel, datetime(2027, 6, 10, 9, tzinfo=UTC), items=2)
    numbers = [
        [m.number for m in minute_numbering.start_minutes(session, meeting, expected_version=None)]
        for meeting in (june, september, next_june)
    ]
    assert numbers == [[1, 2, 3, 4], [5, 6, 7], [1, 2]]
    assert june.status == MeetingStatus.MINUTES_DRAFT
    assert minutes.minute_reference(june, minutes.minutes_of(session, june)[0]) == "CAY 1"


def test_minutes_cannot_be_started_twice(session, panel):
    june = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC))
    minute_numbering.start_minutes(session, june, expected_version=None)
    with pytest.raises(DomainError, match="once the meeting has been held"):
        minute_numbering.start_minutes(session, june, expected_version=None)
    assert session.query(Minute).count() == 3


def _attendance(session, meeting, panel, **overrides):
    kinds = {m.user_id: "present" for m in panel.memberships}
    kinds.update(overrides.pop("kinds", {}))
    minutes_attendance.record_attendance(
        session,
        meeting,
        member_kinds=kinds,
        substitutes=overrides.pop("substitutes", []),
        officers=[("Sheila Smith", "Children's Services")],
        commenced=time(10, 5),
        concluded=time(12, 10),
        expected_version=None,
    )


def test_attendance_starts_from_membership_and_records_substitutes(session, panel):
    meeting = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC))
    expected = [
        e.membership.user.name for e in minutes_attendance.expected_members(session, meeting)
    ]
    assert expected == ["Wendy Griggs", "Ann Harley", "Huw James"]
    other = CommitteeFactory()
    substitute = MembershipFactory(committee=other, user=UserFactory(name="Karin Haverson")).user
    huw = _member(panel, "Huw James")
    _attendance(
        session, meeting, panel, kinds={huw.id: "apologies"}, substitutes=[(substitute.id, huw.id)]
    )
    rows = {a.display_name: a for a in minutes_attendance.attendance(session, meeting)}
    assert rows["Huw James"].kind == "apologies"
    assert rows["Karin Haverson"].substitute_for == huw
    assert rows["Wendy Griggs"].role == "chairman"
    assert rows["Sheila Smith"].service == "Children's Services"
    assert meeting.commenced_at == datetime(2026, 6, 11, 9, 5, tzinfo=UTC)


def test_a_substitute_must_be_a_member_of_some_committee(session, panel):
    meeting = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC))
    stranger = UserFactory(name="Not A Councillor")
    huw = _member(panel, "Huw James")
    with pytest.raises(DomainError, match="not a member of any committee"):
        _attendance(
            session,
            meeting,
            panel,
            kinds={huw.id: "apologies"},
            substitutes=[(stranger.id, huw.id)],
        )


def test_every_member_must_be_accounted_for(session, panel):
    meeting = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC))
    with pytest.raises(DomainError, match="Record whether Huw James was present"):
        minutes_attendance.record_attendance(
            session,
            meeting,
            member_kinds={
                _member(panel, "Wendy Griggs").id: "present",
                _member(panel, "Ann Harley").id: "present",
            },
            substitutes=[],
            officers=[],
            commenced=None,
            concluded=None,
            expected_version=None,
        )


def test_only_present_members_declare_interests(session, panel):
    meeting = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC))
    huw = _member(panel, "Huw James")
    _attendance(session, meeting, panel, kinds={huw.id: "apologies"})
    with pytest.raises(DomainError, match="recorded as present"):
        minutes_attendance.add_declaration(
            session,
            meeting,
            user_id=huw.id,
            item_id=None,
            kind="other_registrable",
            text="Governor",
        )
    ann = _member(panel, "Ann Harley")
    item = meeting.items[0]
    declaration = minutes_attendance.add_declaration(
        session,
        meeting,
        user_id=ann.id,
        item_id=item.id,
        kind="disclosable_pecuniary",
        text="Owns shares in the provider",
    )
    session.commit()
    assert minutes_attendance.declarations_of(session, ann, public_only=False) == [declaration]
    assert minutes_attendance.declarations_of(session, ann, public_only=True) == []


def _minuted(session, panel, officer):
    meeting = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC))
    first = minute_numbering.start_minutes(session, meeting, expected_version=None)[0]
    minutes.update_minute(
        session,
        first,
        narrative="The Director presented the report.",
        discussion="",
        outcome_kind="concluded",
        outcome_text="that",
        parts=["the report be received", "x"],
        user=officer,
        expected_version=None,
    )
    session.commit()
    return meeting, first


def test_actions_and_recommendations_come_from_outcome_parts(session, panel):
    officer = UserFactory(roles=["officer"])
    meeting, minute = _minuted(session, panel, officer)
    post = PostFactory(name="Head of Commissioning")
    action = minutes.create_action(
        session,
        minute.parts[0],
        description="Report back on vacancies",
        post_ids=[post.id],
        due_on=date(2026, 9, 30),
        user=officer,
    )
    rec = minutes.create_recommendation(
        session,
        minute.parts[1],
        text="Fund the music service",
        addressed_to="The Executive",
        user=officer,
    )
    assert action.reference == "CAY 1(1)" and action.owner_posts == [post]
    assert rec.reference == "CAY/2026/01" and rec.source == "CAY 1(2)"
    assert rec.agreed_on == date(2026, 6, 11) and rec.status == "agreed"
    with pytest.raises(DomainError, match="has an action or recommendation"):
        minutes.update_minute(
            session,
            minute,
            narrative="",
            discussion="",
            outcome_kind="concluded",
            outcome_text="that",
            parts=["only one part"],
            user=officer,
            expected_version=None,
        )
    with pytest.raises(DomainError, match="at least one owner post"):
        minutes.create_action(
            session, minute.parts[0], description="x", post_ids=[], due_on=None, user=officer
        )


def test_approval_at_the_next_meeting_locks_the_minutes(session, panel, clock):
    officer = UserFactory(roles=["officer"])
    admin = UserFactory(roles=["admin"])
    meeting, minute = _minuted(session, panel, officer)
    next_meeting = _held(panel, datetime(2026, 6, 14, 9, tzinfo=UTC))
    with pytest.raises(DomainError, match="later meeting of the same committee"):
        minutes.approve(session, meeting, at_meeting=meeting, user=officer, now=clock.now)
    approval = minutes.approve(
        session, meeting, at_meeting=next_meeting, user=officer, now=clock.now
    )
    assert approval.approved
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert minutes.is_locked(session, meeting)
    with pytest.raises(DomainError, match="already been approved"):
        minutes.approve(session, meeting, at_meeting=next_meeting, user=officer, now=clock.now)
    with pytest.raises(DomainError, match="approved and are locked"):
        minutes.update_minute(
            session,
            minute,
            narrative="Rewritten",
            discussion="",
            outcome_kind="concluded",
            outcome_text="",
            parts=["the report be received", "x"],
            user=officer,
            expected_version=None,
        )
    with pytest.raises(DomainError, match="Give the reason"):
        minutes.update_minute(
            session,
            minute,
            narrative="Corrected",
            discussion="",
            outcome_kind="concluded",
            outcome_text="that",
            parts=["the report be received", "x"],
            user=admin,
            expected_version=None,
        )
    minutes.update_minute(
        session,
        minute,
        narrative="Corrected spelling",
        discussion="",
        outcome_kind="concluded",
        outcome_text="that",
        parts=["the report be received", "x"],
        user=admin,
        expected_version=None,
        reason="Typo in a name, agreed with the chairman",
    )
    assert minute.change_reason == "Typo in a name, agreed with the chairman"


def test_informal_notes_are_noted_not_approved(session, panel, clock):
    officer = UserFactory(roles=["officer"])
    informal = _held(panel, datetime(2026, 6, 1, 9, tzinfo=UTC), formal=False)
    minute_numbering.start_minutes(session, informal, expected_version=None)
    later = _held(panel, datetime(2026, 6, 11, 9, tzinfo=UTC))
    assert minutes.previous_meeting(session, later) == informal
    approval = minutes.approve(session, informal, at_meeting=later, user=officer, now=clock.now)
    assert approval.approved is False
    assert session.query(Action).count() == session.query(Recommendation).count() == 0
