"""A page whose content is remembered whole between views (`cached_reads`): the layout
(with the reader's name and sign-out form) is rendered each time around content built once per
key until a table it read changes."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import render_template, request
from markupsafe import Markup

from scrutiny.blueprints.params import link_args
from scrutiny.extensions import db
from scrutiny.services.core import cached_reads


def remembered_page(
    template: str,
    content: str,
    name: str,
    parts: Hashable,
    build: Callable[[], dict],
    **around,
) -> str:
    """`template` (which shows `body`, with `around`'s values) around `content` rendered with
    `build()`'s values.

    `parts` must hold everything the content depends on besides its tables and its address
    (path and query, which are added here): the reader's audience or id, the day, the page.
    Rows the content shows must be loaded inside `build`, so the tables they come from are
    noted (a row already in the session when `build` runs is read without SQL).
    """
    address = (request.script_root, request.path, sorted(link_args().items()))
    body = cached_reads.remembered(
        db.session, name, (parts, address), lambda: render_template(content, **build())
    )
    return render_template(template, body=Markup(body), **around)  # noqa: S704 - our template, escaped as it rendered
