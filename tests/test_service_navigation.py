"""The service navigation bar is drawn once per set of links and reused, and reads exactly as
the GOV.UK macro draws it, with each reader's own account links at its end."""

from __future__ import annotations

import re

from markupsafe import Markup

from scrutiny.service_navigation import MACRO, service_navigation


def _bar(page: str) -> str:
    return re.search(r'<section aria-label="Service information".*?</section>', page, re.S)[0]


def test_the_bar_is_the_macros_own_with_the_account_links_put_in(app):
    links = [
        {"href": "/", "text": "Dashboard", "current": True, "active": False},
        {"href": "/actions", "text": "Plans & actions", "current": False, "active": False},
    ]
    account = Markup('<li class="govuk-service-navigation__item">Brent Cross</li>')
    macro = app.jinja_env.get_template(MACRO).module.govukServiceNavigation
    expected = macro(
        {
            "serviceName": "Scrutiny",
            "serviceUrl": "/",
            "navigation": links,
            "navigationLabel": "Main menu",
            "slots": {"navigationEnd": account},
        }
    )
    drawn = service_navigation(app.jinja_env, "Scrutiny", "/", links, account)
    assert drawn == expected and "Plans &amp; actions" in drawn
    other = service_navigation(app.jinja_env, "Scrutiny", "/", links, Markup("<li>Sindy</li>"))
    assert "<li>Sindy</li>" in other and "Brent Cross" not in other


def test_each_reader_sees_their_own_name_links_and_current_section(client_as):
    officer, councillor = client_as("officer", name="Brent Cross"), client_as("councillor")
    actions_bar = _bar(officer.get("/actions").get_data(as_text=True))
    assert "Brent Cross" in actions_bar and "Manage committees" in actions_bar
    meetings_bar = _bar(officer.get("/meetings/").get_data(as_text=True))
    assert re.search(r'href="/meetings/"\s+aria-current="page"', meetings_bar)
    assert not re.search(r'href="/meetings/"\s+aria-current="page"', actions_bar)
    theirs = _bar(councillor.get("/meetings/").get_data(as_text=True))
    assert councillor.user.name in theirs and "Brent Cross" not in theirs
    assert "Manage committees" not in theirs
