"""The search page: linked from the header, highlighted results, filters, pages, and a secret
word in a Part 2 report found only by those entitled to it; `flask search reindex`."""

from __future__ import annotations

import json

import pytest

from scrutiny.models import SearchDocument
from scrutiny.services.public import search_index
from tests.services.test_search import SECRET, search_world  # noqa: F401 - the fixture `world`


def test_the_header_links_to_search_and_results_show_highlighted_snippets(client, world):
    home = client.get("/").get_data(as_text=True)
    assert 'href="/search"' in home
    page = client.get("/search?q=weekend").get_data(as_text=True)
    assert "1 result" in page
    assert "<mark>Weekend</mark> opening of libraries" in page
    assert 'href="/documents/' in page and "Libraries report" in page


@pytest.mark.parametrize("who", [None, "outsider", "other_owner"])
def test_a_secret_word_in_an_exempt_report_is_hidden_from_those_not_entitled(
    client, sign_in_as, world, who
):
    browser = client if who is None else sign_in_as(world[who])
    page = browser.get(f"/search?q={SECRET}").get_data(as_text=True)
    assert "No results" in page
    assert SECRET not in page.replace(f'value="{SECRET}"', "").replace(f"Search: {SECRET}", "")


def test_a_member_of_the_committee_finds_the_exempt_report_marked_exempt(sign_in_as, world):
    member = sign_in_as(world["member"])
    page = member.get(f"/search?q={SECRET}&kind=document").get_data(as_text=True)
    assert "Contract report" in page and "Exempt" in page
    assert f"<mark>{SECRET}</mark>" in page


def test_the_committee_filter_narrows_results_and_stays_selected(sign_in_as, world):
    officer = sign_in_as(world["officer"])
    other = world["other"].id
    page = officer.get(f"/search?q=library&committee={other}").get_data(as_text=True)
    assert "closures draft" in page and "opening hours" not in page
    assert f'<option value="{other}" selected' in page
    everything = officer.get("/search?q=library").get_data(as_text=True)
    assert "closures draft" in everything and "opening hours" in everything


def test_an_unknown_kind_is_ignored_and_crafted_numbers_or_dates_are_refused(client, world):
    page = client.get("/search?q=library&kind=zzz")
    assert page.status_code == 200 and "opening hours" in page.get_data(as_text=True)
    for crafted in ("committee=abc", "from=notadate", "page=-3", "committee=%C2%B2"):
        assert client.get(f"/search?q=library&{crafted}").status_code == 400


def test_an_empty_search_shows_just_the_box(client, world):
    page = client.get("/search").get_data(as_text=True)
    assert 'id="q"' in page and "No results" not in page and "app-search-result" not in page


def test_flask_search_reindex_rebuilds_the_index(app, session, world):
    session.execute(SearchDocument.__table__.delete())
    session.commit()
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["document"] == 2
    assert session.query(SearchDocument).filter_by(kind="document").count() == 2
    assert search_index.MODELS.keys() == json.loads(result.output).keys()
