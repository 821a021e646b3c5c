"""The annual report's call-in and pre-decision scrutiny figures, counted at the cut-off from the
executive decision records, and shown in their numbered section."""

from __future__ import annotations

from datetime import UTC, date, datetime

from scrutiny.extensions import db
from scrutiny.models import CallIn, CallInSignature, DecisionRecord, ForwardPlanEntry
from scrutiny.services.decisions import forward_plan
from scrutiny.services.reports import annual_report_data
from scrutiny.services.reports.annual_report_outline import outline
from tests.factories import CommitteeFactory, UserFactory

YEAR = date(2025, 5, 1)
CUT_OFF = date(2026, 4, 30)


def _decision(panel, title: str, published: datetime | None = None) -> DecisionRecord:
    record = DecisionRecord(
        committee=panel,
        title=title,
        maker_kind="officer",
        maker="Director",
        decided_on=published.date() if published else date(2025, 9, 1),
        decision=f"{title}: decided",
        published_at=published,
    )
    db.session.add(record)
    return record


def _call_in(record, lodged: datetime, **fields) -> CallIn:
    starter = UserFactory(roles=["councillor"])
    call_in = CallIn(decision=record, reasons="Reasons", started_by=starter, lodged_at=lodged)
    for name, value in fields.items():
        setattr(call_in, name, value)
    db.session.add(call_in)
    db.session.add(CallInSignature(call_in=call_in, user=starter, signed_at=lodged))
    return call_in


def _figures(block: dict) -> dict[str, int]:
    return {f["key"]: f["value"] for f in block["decisions"]["figures"]}


def test_call_ins_and_pre_decision_scrutiny_are_counted_at_the_cut_off(clock):
    panel = CommitteeFactory(name="Resources Panel", slug="resources")
    other = CommitteeFactory(name="Other Panel", slug="other")
    at = datetime(2025, 9, 2, 9, tzinfo=UTC)
    _call_in(
        _decision(panel, "Depot sale", at),
        at,
        valid=True,
        ruled_on=date(2025, 9, 3),
        outcome="referred_back",
        outcome_on=date(2025, 9, 20),
        concerns="Valuation",
    )
    _call_in(
        _decision(panel, "Library hours", at),
        at,
        valid=False,
        ruled_on=date(2025, 9, 3),
        validity_reason="Outside the window",
    )
    # Decided after the cut-off: still awaiting the committee at the cut-off.
    _call_in(
        _decision(panel, "Bus subsidy", at),
        datetime(2026, 4, 20, 9, tzinfo=UTC),
        valid=True,
        ruled_on=date(2026, 4, 21),
        outcome="no_further_action",
        outcome_on=date(2026, 5, 10),
    )
    _call_in(_decision(panel, "Last year", at), datetime(2025, 3, 1, 9, tzinfo=UTC))
    _call_in(_decision(other, "Other panel's decision", at), at)
    entry = ForwardPlanEntry(
        committee=panel,
        matter="Leisure centre contract",
        maker_kind="executive",
        maker="The Executive",
        decision_on=date(2025, 11, 20),
        published_at=datetime(2025, 9, 1, 9, tzinfo=UTC),
    )
    db.session.add(entry)
    db.session.flush()
    clock.now = datetime(2025, 9, 5, 9, tzinfo=UTC)
    forward_plan.pick_for_scrutiny(db.session, entry, clock.now)
    db.session.flush()

    data = annual_report_data.gather(db.session, [panel], YEAR, CUT_OFF)
    block = data["committees"][0]
    figures = _figures(block)
    assert figures["call_ins_made"] == 3
    assert figures["call_ins_invalid"] == 1
    assert figures["call_ins_referred_back"] == 1
    assert figures["call_ins_no_further_action"] == 0  # its outcome came after the cut-off
    assert figures["call_ins_referred_to_council"] == 0
    assert figures["pre_decision"] == 1
    states = {r["title"]: r["state"] for r in block["decisions"]["call_ins"]}
    assert states["Bus subsidy"] == "awaiting the committee"
    assert "Other panel's decision" not in states and "Last year" not in states

    sections = {s["title"]: s for s in outline(data, {})}
    section = sections["Call-in and pre-decision scrutiny"]
    texts = [b["text"] for p in section["paragraphs"] for b in p.get("bullets", [])]
    assert any(t.startswith("Depot sale (Referred back") for t in texts)
    assert "Leisure centre contract (20 November 2025)" in texts
    assert section["paragraphs"][0]["number"].endswith(".1")


def test_a_report_issued_before_call_in_existed_keeps_its_numbering(clock):
    panel = CommitteeFactory()
    data = annual_report_data.gather(db.session, [panel], YEAR, CUT_OFF)
    for block in data["committees"]:
        del block["decisions"]
    words = {"priorities": "Housing."}
    titles = [(s["number"], s["title"]) for s in outline(data, words)]
    assert "Call-in and pre-decision scrutiny" not in [t for _, t in titles]
    assert titles[-1] == ("7", "Priorities for next year")
