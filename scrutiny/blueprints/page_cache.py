"""Public pages for visitors who are not signed in: cached whole, with ETag and Last-Modified.

A page's cache key holds its address, the host, the local date, any `moments` the view names
(the last meeting start or call-in close already passed, for pages that split past from
future by the clock) and the change stamps of every table the page read when it was last
rendered (`services/core/table_changes`). Any committed change to one of those tables gives a
new key, so a cached page is never stale. Signed-in people, whose pages carry their name, a
sign-out form and exempt items they may see, always get a fresh page; so does anyone with a
message waiting (a flash). The same key, hashed, is the page's ETag, and a conditional
request that still matches is answered with 304.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path

from flask import Response, current_app, request, session
from flask_login import current_user

from scrutiny import REPOSITORY_ROOT
from scrutiny.extensions import cache, db
from scrutiny.services.core import clocks, table_changes

#: Where a page's tables are remembered: key of its address -> the tables its render read.
_TABLES_KEY = "page-tables:"
_PAGE_KEY = "page:"
#: This process's copy of the page -> tables map, bounded (cleared when full).
_known_tables: dict[str, list[str]] = {}
_KNOWN_LIMIT = 10_000


def public_page(moments: Callable[[], datetime | None] | None = None):
    """Serve the view from the page cache to visitors who are not signed in.

    `moments`, if given, returns the latest clock boundary the page depends on that has
    passed (for example the start of the latest meeting already begun).
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable():
                return view(*args, **kwargs)
            return _serve(view, args, kwargs, moments)

        return wrapper

    return decorate


def _cacheable() -> bool:
    return (
        current_app.config["SCRUTINY_PAGE_CACHE"]
        and request.method in ("GET", "HEAD")
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def _address() -> str:
    query = sorted(request.args.items(multi=True))
    return f"{request.scheme}://{request.host}{request.path}?{query!r}"


def _serve(view, args, kwargs, moments):
    address = _address()
    stamps = table_changes.read_once(db.session)
    today = clocks.today()
    passed = moments() if moments else None
    tables = _tables_read(address)
    if tables is not None:
        tag = _etag(address, stamps.key(tables), today, passed)
        modified = _last_modified(stamps.last_changed(tables), today, passed)
        if _still_fresh(tag, modified):
            return _headers(Response(status=304), tag, modified)
        hit = cache.get(_PAGE_KEY + tag)
        if hit is not None:
            body, mimetype = hit
            return _headers(Response(body, mimetype=mimetype), tag, modified)
    return _render(view, args, kwargs, address, stamps, today, passed)


def _tables_read(address: str) -> list[str] | None:
    """The tables the page at `address` read when last rendered: this process's memory first,
    then the shared cache (any answer is safe: the page is found only under the stamps of the
    tables its own render read)."""
    tables = _known_tables.get(address)
    if tables is None:
        tables = cache.get(_TABLES_KEY + address)
        if tables is not None:
            if len(_known_tables) >= _KNOWN_LIMIT:
                _known_tables.clear()
            _known_tables[address] = tables
    return tables


def _render(view, args, kwargs, address, stamps, today, passed):
    """Run the view, noting the tables it reads; keep a plain 200 page under its key."""
    with table_changes.reading() as read:
        response = current_app.make_response(view(*args, **kwargs))
    if response.status_code != 200 or response.direct_passthrough or session.modified:
        return response
    tables = sorted(read)
    tag = _etag(address, stamps.key(tables), today, passed)
    cache.set(_TABLES_KEY + address, tables)
    _known_tables[address] = tables
    cache.set(_PAGE_KEY + tag, (response.get_data(), response.mimetype))
    return _headers(response, tag, _last_modified(stamps.last_changed(tables), today, passed))


def _etag(address: str, stamps_key: str, today, passed) -> str:
    salt = current_app.config["SCRUTINY_PAGE_CACHE_SALT"]
    text = f"{salt}|{address}|{today.isoformat()}|{passed}|{stamps_key}"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _last_modified(changed: datetime | None, today, passed: datetime | None) -> datetime:
    """The latest of: the last change to a table read, the start of today (the page shows
    today's dates and deadlines) and the clock boundary passed."""
    start_of_day = datetime.combine(today, time(), tzinfo=clocks.local_zone()).astimezone(UTC)
    return max(m for m in (changed, start_of_day, passed) if m is not None).replace(microsecond=0)


def _still_fresh(tag: str, modified: datetime) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(tag)
    since = request.if_modified_since
    return since is not None and modified <= since


def _headers(response: Response, tag: str, modified: datetime) -> Response:
    response.set_etag(tag, weak=True)
    response.last_modified = modified
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response


def register_page_cache(app) -> None:
    """Bind the cache and fix the salt that ties cached pages to this code, its templates and
    the settings pages show (a deployment or a changed setting starts afresh)."""
    cache.init_app(app)
    templates = Path(app.template_folder).rglob("*.html")
    sources = [*templates, *REPOSITORY_ROOT.glob("scrutiny/**/*.py")]
    newest = max((path.stat().st_mtime_ns for path in sources), default=0)
    settings = "|".join(
        str(app.config.get(name))
        for name in ("SCRUTINY_COUNCIL_NAME", "SCRUTINY_SERVICE_NAME", "SCRUTINY_TIMEZONE")
    )
    app.config.setdefault(
        "SCRUTINY_PAGE_CACHE_SALT",
        hashlib.sha256(f"{newest}|{len(sources)}|{settings}".encode()).hexdigest()[:16],
    )
