"""Committees, memberships and posts: the rules that keep them consistent."""

from datetime import date

import pytest

from scrutiny.services.core.errors import ConcurrentEditError, DomainError
from scrutiny.services.people import committees, posts
from tests.factories import CommitteeFactory, MembershipFactory, PostFactory, UserFactory


def test_task_and_finish_group_needs_a_parent_panel(session):
    with pytest.raises(DomainError, match="needs a parent panel"):
        committees.create_committee(
            session, name="SEND working group", kind="task_and_finish", minute_prefix="SEND"
        )
    panel = CommitteeFactory()
    group = committees.create_committee(
        session,
        name="SEND working group",
        kind="task_and_finish",
        minute_prefix="send",
        parent_id=panel.id,
    )
    assert group.parent == panel
    assert group.slug == "send-working-group"
    assert group.minute_prefix == "SEND"


def test_slug_must_be_unique(session):
    CommitteeFactory(slug="cyps-panel")
    with pytest.raises(DomainError, match="already uses the slug"):
        committees.create_committee(
            session, name="CYPS Panel", slug="cyps-panel", kind="scrutiny_panel", minute_prefix="C"
        )


def test_a_committee_cannot_be_its_own_ancestor(session):
    panel = CommitteeFactory()
    group = CommitteeFactory(kind="task_and_finish", parent=panel)
    with pytest.raises(DomainError, match="cannot be its own parent"):
        committees.update_committee(
            session,
            panel,
            name=panel.name,
            slug=panel.slug,
            kind=panel.kind,
            minute_prefix="SP",
            parent_id=group.id,
            remit=None,
            active=True,
            expected_version=panel.version,
        )


def test_stale_edit_of_a_committee_is_refused(session):
    panel = CommitteeFactory(name="Old name")
    opened_version = panel.version
    panel.remit = "Changed by someone else"
    session.commit()
    with pytest.raises(ConcurrentEditError, match="Someone else changed this committee"):
        committees.update_committee(
            session,
            panel,
            name="New name",
            slug=panel.slug,
            kind=panel.kind,
            minute_prefix="SP",
            parent_id=None,
            remit=None,
            active=True,
            expected_version=opened_version,
        )
    assert panel.name == "Old name"


def test_only_one_chairman_at_a_time(session):
    panel = CommitteeFactory()
    MembershipFactory(committee=panel, role="chairman", starts_on=date(2026, 5, 1))
    newcomer = UserFactory()
    with pytest.raises(DomainError, match="is already chairman"):
        committees.add_membership(
            session, panel, user_id=newcomer.id, role="chairman", starts_on=date(2026, 6, 1)
        )


def test_a_person_cannot_hold_overlapping_memberships_of_one_committee(session):
    membership = MembershipFactory(starts_on=date(2026, 5, 1))
    with pytest.raises(DomainError, match="already on this committee"):
        committees.add_membership(
            session,
            membership.committee,
            user_id=membership.user_id,
            role="substitute",
            starts_on=date(2026, 9, 1),
        )


def test_current_members_lists_the_chairman_first_and_skips_past_members(session):
    panel = CommitteeFactory()
    MembershipFactory(committee=panel, role="member", user=UserFactory(name="Ann Harley"))
    MembershipFactory(committee=panel, role="chairman", user=UserFactory(name="Wendy Griggs"))
    MembershipFactory(
        committee=panel, role="member", ends_on=date(2026, 2, 1), user=UserFactory(name="Gone")
    )
    names = [m.user.name for m in committees.current_members(session, panel, date(2026, 6, 15))]
    assert names == ["Wendy Griggs", "Ann Harley"]


def test_end_date_before_start_is_refused(session):
    membership = MembershipFactory(starts_on=date(2026, 5, 1))
    with pytest.raises(DomainError, match="on or after the start date"):
        committees.end_membership(membership, date(2026, 4, 1), expected_version=None)


def test_a_new_post_holder_takes_over_and_the_old_holding_is_kept(session):
    post = PostFactory(name="Head of Commissioning")
    leaver, joiner = UserFactory(name="Leaver"), UserFactory(name="Joiner")
    old = posts.add_holder(session, post, user_id=leaver.id, starts_on=date(2025, 1, 1))
    posts.end_holding(old, date(2026, 3, 31), expected_version=old.version)
    posts.add_holder(session, post, user_id=joiner.id, starts_on=date(2026, 4, 1))
    session.commit()
    assert posts.current_holders(session, post, date(2026, 3, 31)) == [leaver]
    assert posts.current_holders(session, post, date(2026, 4, 1)) == [joiner]
    assert len(posts.post_holdings(session, post)) == 2


def test_post_names_are_unique(session):
    PostFactory(name="Principal Social Worker")
    with pytest.raises(DomainError, match="already exists"):
        posts.create_post(session, name="Principal Social Worker")
