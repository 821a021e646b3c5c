"""The audit trail records who changed what, when, without views having to ask."""

from datetime import date

from scrutiny.models import AuditEvent
from scrutiny.services.core import audit
from scrutiny.services.people import accounts, committees
from tests.factories import CommitteeFactory, UserFactory


def test_creating_and_changing_a_committee_is_recorded_with_the_actor(session, clock):
    officer = UserFactory(name="Brent Cross")
    with audit.acting_as(officer.id):
        committee = committees.create_committee(
            session, name="Health Overview Panel", kind="scrutiny_panel", minute_prefix="HOP"
        )
        session.commit()
        clock.advance(minutes=10)
        committees.update_committee(
            session,
            committee,
            name="Health Overview and Scrutiny Panel",
            slug=committee.slug,
            kind="scrutiny_panel",
            minute_prefix="HOSP",
            parent_id=None,
            remit=None,
            active=True,
            expected_version=committee.version,
        )
        session.commit()

    created, changed = reversed(audit.history_for(session, committee))
    assert created.action == "create"
    assert created.changes["name"] == [None, "Health Overview Panel"]
    assert changed.action == "update"
    assert changed.actor.name == "Brent Cross"
    assert changed.at == clock.now
    assert changed.changes == {
        "name": ["Health Overview Panel", "Health Overview and Scrutiny Panel"],
        "minute_prefix": ["HOP", "HOSP"],
    }


def test_membership_changes_appear_in_the_committee_history(session):
    committee = CommitteeFactory()
    person = UserFactory(name="Wendy Griggs")
    membership = committees.add_membership(
        session, committee, user_id=person.id, role="chairman", starts_on=date(2026, 5, 20)
    )
    session.commit()
    committees.end_membership(membership, date(2027, 5, 19), expected_version=membership.version)
    session.commit()
    summaries = [(e.action, e.summary) for e in audit.history_for(session, committee)]
    assert ("create", "Membership: Wendy Griggs (Chairman)") in summaries
    ended = audit.history_for(session, committee)[0]
    assert ended.changes == {"ends_on": [None, "2027-05-19"]}


def test_role_changes_and_deactivation_are_recorded_but_not_password_hashes(session):
    user = UserFactory(roles=["councillor"])
    accounts.update_user(
        session,
        user,
        email=user.email,
        name=user.name,
        roles=["councillor", "executive"],
        expected_version=user.version,
    )
    session.commit()
    accounts.set_password(user, "a long new password")
    accounts.set_active(user, False)
    session.commit()
    events = audit.history_for(session, user)
    assert events[1].changes == {"role_rows": [["councillor"], ["councillor", "executive"]]}
    assert events[0].changes == {"active": [True, False]}
    assert all("password_hash" not in e.changes for e in session.query(AuditEvent))


def test_system_changes_are_labelled(session):
    with audit.acting_as(label="flask demo load"):
        committee = CommitteeFactory()
    event = audit.history_for(session, committee)[0]
    assert event.actor is None
    assert event.actor_label == "flask demo load"
