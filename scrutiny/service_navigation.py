"""The GOV.UK service navigation bar, drawn once per set of links and reused.

Every page draws the bar, and its macro is a large share of what a signed-in page costs. The
bar depends only on the service's name and address and on the reader's links (which follow
from their roles and the page's section); the account links at its end (the reader's name, the
sign-out form with its one-time token) change per reader and request, so they are put into the
drawn bar on each view.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment
from markupsafe import Markup, escape

MACRO = "govuk_frontend_jinja/components/service-navigation/macro.html"
#: Where the account links go in a remembered bar (no link text or name can contain it).
_ACCOUNT_LINKS = Markup("\x00account-links\x00")


def service_navigation(
    env: Environment, service_name: str, service_url: str, links: list[dict], account_links
) -> Markup:
    """The service navigation bar with `links` and, at its end, `account_links` (HTML)."""
    key = tuple(tuple(sorted(link.items())) for link in links)
    bar = _drawn_bar(env, service_name, service_url, key)
    return bar.replace(_ACCOUNT_LINKS, escape(account_links))


@lru_cache(maxsize=512)
def _drawn_bar(env: Environment, service_name: str, service_url: str, links: tuple) -> Markup:
    """The GOV.UK macro's bar for these links, with a marker where the account links go."""
    macro = env.get_template(MACRO).module.govukServiceNavigation
    return macro(
        {
            "serviceName": service_name,
            "serviceUrl": service_url,
            "navigation": [dict(link) for link in links],
            "navigationLabel": "Main menu",
            "slots": {"navigationEnd": _ACCOUNT_LINKS},
        }
    )
