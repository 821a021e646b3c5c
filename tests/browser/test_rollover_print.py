"""The printed roll-over table as Chromium renders it: the pack's front sheet HTML (the page
WeasyPrint prints) is checked with axe-core and read row by row like a member would."""

from __future__ import annotations

import pytest
from flask import render_template
from playwright.sync_api import Browser, expect

from scrutiny.services.actions import carried_lines
from scrutiny.services.core.clocks import to_local
from scrutiny.services.meetings import packs
from tests.services.test_rollover_print import LONG, meeting  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_the_roll_over_table_reads_as_a_table_in_chromium(
    browser: Browser,
    session,
    meeting,  # noqa: F811
    clock,
    assert_accessible,
    tmp_path,  # noqa: F811
):
    entries = packs.pack_entries(session, meeting, include_exempt=False)
    html = render_template(
        "packs/front.html",
        meeting=meeting,
        entries=entries,
        include_exempt=False,
        membership={},
        starts=to_local(meeting.starts_at),
        dispatched=to_local(clock.now),
        signatory="Monitoring Officer",
        carried=carried_lines.lines_by_item(session, meeting, to_local(clock.now).date()),
    )
    context = browser.new_context(viewport={"width": 800, "height": 1100})
    page = context.new_page()
    try:
        page.set_content(html)
        table = page.get_by_role("table", name="Overdue actions and responses carried")
        headers = table.locator("thead th").all_inner_texts()
        assert headers[:3] == ["Reference", "Action or recommendation", "Owner posts"]
        assert headers[-1] == "RAG"
        row = table.get_by_role("row").filter(has_text="CYPS-A2")
        expect(row.get_by_role("cell")).to_have_text(
            [
                "CYPS-A2",
                "Recruit two psychologists",
                "Head of Service CYPS-A2",
                "1 May 2026",
                "1 May 2026",
                "45",
                "1",
                "Red: Advert drew no applicants",
                "Red",
            ]
        )
        expect(table.get_by_role("cell", name=LONG)).to_have_count(1)
        expect(
            table.get_by_role("rowheader").or_(table.locator("th[scope=colgroup]"))
        ).to_have_text(["Executive responses awaited", "Actions from the panel's minutes"])
        assert_accessible(page)
        page.screenshot(path=str(tmp_path / "rollover.png"), full_page=True)
    finally:
        context.close()
