"""Forward plan, decision records and call-in rules, without HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scrutiny.models import AuditEvent, ProgrammeItem, Reminder
from scrutiny.services.core.errors import DomainError
from scrutiny.services.decisions import call_in, decision_records, forward_plan
from scrutiny.services.decisions.decision_reminders import remind_decisions
from scrutiny.services.home.work_queue_decisions import decisions_queue
from tests.factories import CommitteeFactory, MeetingFactory, MembershipFactory, UserFactory

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)  # Monday


@pytest.fixture
def panel():
    return CommitteeFactory(name="Resources Panel", slug="resources")


def _entry(session, panel, decision_on=date(2026, 7, 30), **fields):
    return forward_plan.create_entry(
        session,
        panel,
        matter="Sale of the old depot",
        maker_kind="executive",
        maker="The Executive",
        decision_on=decision_on,
        key=True,
        **fields,
    )


def _record(session, entry, decided_on):
    return decision_records.create_record(
        session,
        entry.committee,
        entry=entry,
        **decision_records.draft_from_entry(entry) | {"decided_on": decided_on},
        decision="Sell the depot",
        reasons="Surplus",
    )


def test_entry_published_in_time_can_be_taken_as_key(session, panel):
    entry = _entry(session, panel)
    assert forward_plan.deadline(entry) == date(2026, 7, 1)
    assert forward_plan.notice_state(entry, date(2026, 6, 15)).tone == "grey"
    assert forward_plan.notice_state(entry, date(2026, 6, 26)).tone == "orange"
    forward_plan.publish(entry, NOW)
    assert "noticed in time" in forward_plan.notice_state(entry, date(2026, 6, 15)).label
    record = _record(session, entry, date(2026, 7, 30))
    decision_records.publish(session, record, datetime(2026, 7, 30, 12, tzinfo=UTC))
    assert record.call_in_closes_at.astimezone(UTC) == datetime(2026, 8, 6, 16, tzinfo=UTC)


def test_late_key_decision_is_refused_unless_urgency_is_recorded(session, panel):
    entry = _entry(session, panel, decision_on=date(2026, 7, 1))
    forward_plan.publish(entry, NOW)  # 15 June: only 15 clear days
    record = _record(session, entry, date(2026, 7, 1))
    with pytest.raises(DomainError, match="not on the forward plan 28 clear days"):
        decision_records.publish(session, record, datetime(2026, 7, 1, 12, tzinfo=UTC))
    with pytest.raises(DomainError, match="5 clear days"):
        forward_plan.use_general_exception(
            entry, chair_notified_on=date(2026, 6, 26), published_on=date(2026, 6, 26), reason="x"
        )
    forward_plan.use_general_exception(
        entry,
        chair_notified_on=date(2026, 6, 25),
        published_on=date(2026, 6, 25),
        reason="Grant deadline",
    )
    decision_records.publish(session, record, datetime(2026, 7, 1, 12, tzinfo=UTC))
    assert forward_plan.urgency_report(session, date(2026, 5, 1), date(2027, 4, 30)) == [entry]


def test_special_urgency_needs_the_chairs_agreement(session, panel):
    entry = _entry(session, panel, decision_on=date(2026, 6, 17))
    record = _record(session, entry, date(2026, 6, 17))
    with pytest.raises(DomainError):
        decision_records.publish(session, record, NOW)
    forward_plan.use_special_urgency(
        entry, chair_agreed_by="Cllr Chair", chair_agreed_on=date(2026, 6, 16), reason="Safety"
    )
    decision_records.publish(session, record, NOW)
    assert entry.urgency == "special_urgency"


def test_private_meeting_notices(session, panel):
    entry = _entry(session, panel, private=True, exempt_paragraph="3", private_reason="Prices")
    forward_plan.publish(entry, NOW)
    assert forward_plan.private_notice_problems(entry) == [
        "The further notice (5 clear days before) is not recorded yet"
    ]
    with pytest.raises(DomainError, match="by 24 July 2026"):
        forward_plan.record_further_notice(
            entry, published_on=date(2026, 7, 25), representations="", response=""
        )
    with pytest.raises(DomainError, match="response"):
        forward_plan.record_further_notice(
            entry, published_on=date(2026, 7, 20), representations="Hold it in public", response=""
        )
    forward_plan.record_further_notice(
        entry, published_on=date(2026, 7, 20), representations="Public!", response="Prices only"
    )
    assert forward_plan.private_notice_problems(entry) == []


def test_private_entry_needs_a_paragraph(session, panel):
    with pytest.raises(DomainError, match="paragraph"):
        _entry(session, panel, private=True, private_reason="x")


def test_pick_into_work_programme_once(session, panel):
    entry = _entry(session, panel)
    row = forward_plan.pick_for_scrutiny(session, entry, NOW)
    assert isinstance(row, ProgrammeItem) and row.section == "scheduled"
    assert row.topic == "Pre-decision scrutiny: Sale of the old depot"
    with pytest.raises(DomainError, match="already"):
        forward_plan.pick_for_scrutiny(session, entry, NOW)


def test_call_in_journey(session, panel, clock):
    members = [
        MembershipFactory(committee=panel, user=UserFactory(roles=["councillor"])).user
        for _ in range(3)
    ]
    outsider = UserFactory(roles=["councillor"])
    officer = UserFactory(roles=["officer"])
    entry = _entry(session, panel, decision_on=date(2026, 6, 10))
    entry.published_at = datetime(2026, 5, 1, tzinfo=UTC)
    record = _record(session, entry, date(2026, 6, 15))
    decision_records.publish(session, record, NOW)
    with pytest.raises(DomainError, match="call-in window closes"):
        decision_records.implement(record, NOW)
    with pytest.raises(DomainError, match="sit on the scrutiny committee"):
        call_in.start(session, record, outsider, reasons="No", now=NOW)
    made = call_in.start(session, record, members[0], reasons="Undervalue", now=NOW)
    assert made.lodged_at is None and "1 of 3" in call_in.stage(made)
    call_in.sign(session, made, members[1], NOW)
    with pytest.raises(DomainError, match="already signed"):
        call_in.sign(session, made, members[1], NOW)
    call_in.sign(session, made, members[2], NOW)
    assert made.lodged_at == NOW
    assert remind_decisions(session, NOW) >= 1
    assert any("ruling" in i.text for i in decisions_queue(session, NOW).items)
    call_in.rule(session, made, valid=True, reason="", user=officer, now=NOW)
    assert made.consider_by == date(2026, 6, 29)
    late = MeetingFactory(committee=panel, starts_at=datetime(2026, 7, 1, 9, tzinfo=UTC))
    with pytest.raises(DomainError, match="by 29 June 2026"):
        call_in.schedule(made, late)
    meeting = MeetingFactory(committee=panel, starts_at=datetime(2026, 6, 25, 9, tzinfo=UTC))
    call_in.schedule(made, meeting)
    after = datetime(2026, 6, 30, 9, tzinfo=UTC)
    with pytest.raises(DomainError, match="called in"):
        decision_records.implement(record, after)
    with pytest.raises(DomainError, match="concerns"):
        call_in.record_outcome(made, outcome="referred_back", concerns="", on=date(2026, 6, 25))
    call_in.record_outcome(
        made, outcome="referred_back", concerns="Get a valuation", on=date(2026, 6, 25)
    )
    assert "reconsideration" in call_in.stage(made)
    call_in.record_reconsideration(made, text="Sale confirmed at new value", on=date(2026, 6, 29))
    decision_records.implement(record, after)
    session.flush()
    assert record.implemented_at == after
    kinds = {e.object_type for e in session.query(AuditEvent)}
    assert {"forward_plan_entries", "decision_records", "call_ins", "call_in_signatures"} <= kinds


def test_urgent_decision_has_no_call_in_and_may_be_implemented_at_once(session, panel):
    entry = _entry(session, panel)
    entry.published_at = datetime(2026, 5, 1, tzinfo=UTC)
    record = _record(session, entry, date(2026, 7, 30))
    record.urgent, record.urgent_reason = True, "Flooding"
    decision_records.publish(session, record, NOW)
    assert record.call_in_closes_at is None
    decision_records.implement(record, NOW)


def test_forward_plan_reminder_goes_to_officers_once(session, panel):
    UserFactory(roles=["officer"])
    _entry(session, panel, decision_on=date(2026, 7, 20))  # deadline 21 June
    assert remind_decisions(session, NOW) == 1
    assert remind_decisions(session, NOW) == 0
    reminder = session.query(Reminder).one()
    assert reminder.due_on == date(2026, 6, 21) and "forward plan" in reminder.text


def test_the_decisions_calendar_holds_no_control_characters():
    """An old row's control characters never reach the calendar (RFC 5545 text allows tab)."""
    from types import SimpleNamespace

    from icalendar import Calendar

    record = SimpleNamespace(
        id=7, version=1, decided_on=date(2026, 7, 1), call_in_closes_at=None, exempt=False,
        title="Sale\x0b of the\x1f depot", decision="Agreed\r\nto sell\x0c", public_summary="",
    )  # fmt: skip
    data = decision_records.decisions_calendar(
        [record], base_url="https://scrutiny.example", host="scrutiny.example",
        now=datetime(2026, 7, 2, tzinfo=UTC),
    )  # fmt: skip
    assert not any(b < 32 and b not in b"\t\r\n" for b in data)
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Decision: Sale of the depot"
    assert str(event["DESCRIPTION"]) == "Agreed\nto sell"
