"""Fixtures shared by the page tests of plans and actions."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.extensions import db
from scrutiny.services.plans import plans


@pytest.fixture
def plan():
    """A 2026 service plan with one priority."""
    made = plans.create_plan(
        db.session,
        title="Children's Support and Safeguarding Service Plan",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    plans.add_priority(db.session, made, title="Fundamental 1 – Seeing and Hearing")
    db.session.commit()
    return made
