"""Public pages for visitors who are not signed in: cached whole, with ETag and Last-Modified.

A page's cache key holds its address, the host, the local date, the latest of its `moments`
already passed (for pages that split past from future by the clock, such as meeting starts)
and the change stamps of every table the page read when it was last rendered
(`services/core/table_changes`). Any committed change to one of those tables gives a new key,
so a cached page is never stale. Signed-in people, whose pages carry their name, a sign-out
form and exempt items they may see, always get a fresh page; so does anyone with a message
waiting (a flash). The same key, hashed, is the page's ETag, and a conditional request that
still matches is answered with 304.

A visitor who sends no cookie at all is answered by `PageFront`, in front of Flask, with the
finished response kept whole (security headers included): one small query for the stamps, one
cache read, nothing else. `PageFront` also answers signed-in readers' repeat views of the pages
kept for each of them (`reader_pages`). Everyone else, and every page not yet kept, goes
through Flask.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Request

from scrutiny import REPOSITORY_ROOT
from scrutiny.extensions import cache, db
from scrutiny.services.core import clocks, table_changes

_TABLES_KEY = "page-tables:"
#: Prefix of a kept page's cache key: the page is (body, headers, the tokens it holds).
PAGE_KEY = "page:"
#: Where a rendered page asks `PageFront` to keep the finished response: (tag, its tokens).
KEEP_MARK = "scrutiny.page_cache.keep"
#: Headers not kept with a page: set afresh for every response.
_UNKEPT = frozenset({"content-length", "date", "set-cookie"})
_KNOWN_LIMIT = 10_000
_READS = ("GET", "HEAD")

log = logging.getLogger(__name__)

#: A page's moments: every clock boundary it depends on (for example each meeting's start).
Moments = Callable[[Session], list[datetime]]


@dataclass(frozen=True)
class _Known:
    """What the page at an address read when last rendered, and the moments it keys on."""

    tables: list[str]
    moments: Moments | None


@dataclass(frozen=True)
class _Boundaries:
    """A moments function's answer, valid while the stamps of the tables it read are these."""

    stamps_key: str
    times: list[datetime]


@dataclass
class _Memory:
    """This process's memory for one app: address -> what its page read; moments answers;
    (reader, address) -> what the reader's page read."""

    known: dict[str, _Known] = field(default_factory=dict)
    boundaries: dict[Moments, tuple[list[str], _Boundaries]] = field(default_factory=dict)
    readers: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def remember(self, address: str, known: _Known) -> None:
        if len(self.known) >= _KNOWN_LIMIT:
            self.known.clear()
        self.known[address] = known

    def remember_reader(self, reader: str, address: str, tables: list[str]) -> None:
        if len(self.readers) >= _KNOWN_LIMIT:
            self.readers.clear()
        self.readers[(reader, address)] = tables


def memory_of(app: Flask) -> _Memory:
    """What this process remembers about kept pages."""
    return app.extensions["scrutiny.page_cache"]


def public_page(moments: Moments | None = None):
    """Serve the view from the page cache to visitors who are not signed in.

    `moments`, if given, returns every clock boundary the page depends on (for example every
    meeting's start); the page is keyed on the latest one already passed.
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
        and request.method in _READS
        and not current_user.is_authenticated
        and "_flashes" not in session
    )


def address_of(asked: Request) -> str:
    """A page's address in cache keys: scheme, host, path and the query, sorted."""
    query = sorted(asked.args.items(multi=True))
    return f"{asked.scheme}://{asked.host}{asked.path}?{query!r}"


@dataclass(frozen=True)
class _Key:
    """Everything a page's key holds but the tables: its address, the day and moments passed."""

    address: str
    today: date
    passed: tuple[datetime | None, datetime | None]

    def tag(self, salt: str, stamps: table_changes.Stamps, tables: list[str]) -> str:
        """The page's cache key and ETag."""
        text = f"{salt}|{self.address}|{self.today.isoformat()}|{self.passed}|"
        return hashlib.sha256((text + stamps.key(tables)).encode()).hexdigest()[:40]

    def last_modified(self, stamps: table_changes.Stamps, tables: list[str]) -> datetime:
        """The latest of: the last change to a table read, the start of today (the page shows
        today's dates and deadlines) and the clock boundary passed."""
        midnight = datetime.combine(self.today, time(), tzinfo=clocks.local_zone())
        moments = (stamps.last_changed(tables), midnight.astimezone(UTC), self.passed[1])
        return max(m for m in moments if m is not None).replace(microsecond=0)


def _passed(memory, moments, stamps, now, session):
    """The latest boundary before `now` and the latest at or before it (a page rendered at a
    boundary's exact moment is kept apart from both sides), from this process's memory while
    the tables the moments came from are unchanged. None if unknown and there is no session."""
    if moments is None:
        return (None, None)
    tables, known = memory.boundaries.get(moments, ([], None))
    if known is None or known.stamps_key != stamps.key(tables):
        if session is None:
            return None
        with table_changes.reading() as read:
            times = sorted(moments(session))
        tables = sorted(read)
        known = _Boundaries(stamps.key(tables), times)
        memory.boundaries[moments] = (tables, known)
    before, at = bisect_left(known.times, now), bisect_right(known.times, now)
    return (known.times[before - 1] if before else None, known.times[at - 1] if at else None)


def _serve(view, args, kwargs, moments):
    memory = memory_of(current_app)
    address = address_of(request)
    stamps = table_changes.read_once(db.session)
    key = _Key(address, clocks.today(), _passed(memory, moments, stamps, clocks.now(), db.session))
    known = _tables_read(memory, address, moments)
    kept = _kept_response(request, key, stamps, known.tables) if known else None
    if kept is not None:
        return kept
    return _render(view, args, kwargs, memory, key, stamps, moments)


def _tables_read(memory: _Memory, address: str, moments) -> _Known | None:
    """What the page at `address` read when last rendered: this process's memory first, then
    the shared cache (any answer is safe: the page is found only under the stamps of the
    tables its own render read)."""
    known = memory.known.get(address)
    if known is None:
        tables = cache.get(_TABLES_KEY + address)
        if tables is not None:
            known = _Known(tables, moments)
            memory.remember(address, known)
    return known


def _render(view, args, kwargs, memory, key, stamps, moments):
    """Run the view, noting the tables it reads; ask for a plain 200 page to be kept."""
    with table_changes.reading() as read:
        response = current_app.make_response(view(*args, **kwargs))
    if not _keepable(response):
        return response
    tables = sorted(read)
    tag = key.tag(current_app.config["SCRUTINY_PAGE_CACHE_SALT"], stamps, tables)
    cache.set(_TABLES_KEY + key.address, tables)
    memory.remember(key.address, _Known(tables, moments))
    if request.method == "GET":
        request.environ[KEEP_MARK] = (tag, None)
    return _headers(response, tag, key.last_modified(stamps, tables))


def _keepable(response: Response) -> bool:
    """A plain 200 page that neither changed the session nor holds a form token (a token is
    tied to one visitor's session: kept, it would be handed to everyone)."""
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and not session.modified
        and form_token_field() not in g
    )


def form_token_field() -> str:
    """Flask-WTF's name for the form token: in the session (its secret), in `g` once made for
    a page, and on forms."""
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def _still_fresh(asked: Request, tag: str, modified: datetime) -> bool:
    if asked.if_none_match:
        return asked.if_none_match.contains_weak(tag)
    since = asked.if_modified_since
    return since is not None and modified <= since


def _headers(response: Response, tag: str, modified: datetime) -> Response:
    response.set_etag(tag, weak=True)
    response.last_modified = modified
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response


class PageFront:
    """WSGI middleware: answers a cookieless visitor's request for a kept page, and a signed-in
    reader's request for a page kept for them (`answer_reader`), before Flask runs; and keeps
    each finished page Flask asks it to (body, headers and the tokens it holds)."""

    def __init__(
        self, app: Flask, wsgi_app, answer_reader: Callable[[Flask, dict], KeptPage | None]
    ):
        self.app, self.wsgi_app, self.answer_reader = app, wsgi_app, answer_reader
        self.cookies = (app.config["SESSION_COOKIE_NAME"], app.config["REMEMBER_COOKIE_NAME"])

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if method in _READS and self.app.config["SCRUTINY_PAGE_CACHE"]:
            if self._visitor(environ):
                response = self._kept(environ)
            else:
                response = self._reader_kept(environ) if method == "GET" else None
            if response is not None:
                return response(environ, start_response)
        if method != "GET":
            return self.wsgi_app(environ, start_response)
        return self._keeping(environ, start_response)

    def _visitor(self, environ) -> bool:
        """No cookie of ours and no credentials: nobody signed in, no message waiting."""
        cookies = environ.get("HTTP_COOKIE", "")
        return "HTTP_AUTHORIZATION" not in environ and not any(
            name in cookies for name in self.cookies
        )

    def _kept(self, environ) -> Response | KeptPage | None:
        """The kept page (or a 304) if this address's page is known and unchanged, else None.
        Any failure hands the request to Flask, which reports it properly."""
        try:
            asked = self.app.request_class(environ)
            memory = memory_of(self.app)
            known = memory.known.get(address_of(asked))
            if known is None:
                return None
            with self.app.app_context():
                return _answer(asked, memory, known, table_changes.read_directly(db.engine))
        except Exception:
            log.exception("Page front failed; the request goes to the application")
            return None

    def _reader_kept(self, environ) -> KeptPage | None:
        """The page kept for this signed-in reader, else None (also on any failure)."""
        if "HTTP_AUTHORIZATION" in environ or not memory_of(self.app).readers:
            return None
        try:
            return self.answer_reader(self.app, environ)
        except Exception:
            log.exception("Page front failed for a reader; the request goes to the application")
            return None

    def _keeping(self, environ, start_response):
        """Pass the request to Flask; keep the finished page if the view asked for it."""
        started: list = []

        def start(status, headers, exc_info=None):
            started[:] = [status, headers]
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, start)
        mark = environ.get(KEEP_MARK)
        if mark is None or not started or not started[0].startswith("200"):
            return body
        try:
            data = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        headers = started[1]
        if not any(name.lower() == "set-cookie" for name, _ in headers):
            kept = [(name, value) for name, value in headers if name.lower() not in _UNKEPT]
            tag, token = mark
            with self.app.app_context():
                cache.set(PAGE_KEY + tag, (data, kept, token))
        return [data]


def _answer(asked: Request, memory: _Memory, known: _Known, stamps) -> Response | KeptPage | None:
    """The kept page for `asked`, or a 304, or None if it is not kept under today's key."""
    passed = _passed(memory, known.moments, stamps, clocks.now(), None)
    if passed is None:
        return None
    key = _Key(address_of(asked), clocks.today(), passed)
    return _kept_response(asked, key, stamps, known.tables, page=KeptPage)


class KeptPage:
    """A kept page, answered in front of Flask as it was first sent: its body and headers
    (checked when Flask sent them), with no `Response` built around them."""

    def __init__(self, body: bytes, headers: list[tuple[str, str]]):
        self.body, self.headers = body, headers

    def __call__(self, environ, start_response):
        start_response("200 OK", [*self.headers, ("Content-Length", str(len(self.body)))])
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [self.body]


def _as_response(body: bytes, headers: list[tuple[str, str]]) -> Response:
    return Response(body, headers=headers)


def _kept_response(asked: Request, key: _Key, stamps, tables: list[str], page=_as_response):
    """A 304 if the visitor's copy still matches, else the kept page (body and the headers it
    was sent with) made by `page`, or None if nothing is kept under this key."""
    tag = key.tag(current_app.config["SCRUTINY_PAGE_CACHE_SALT"], stamps, tables)
    modified = key.last_modified(stamps, tables)
    if _still_fresh(asked, tag, modified):
        return _headers(Response(status=304), tag, modified)
    hit = cache.get(PAGE_KEY + tag)
    if hit is None:
        return None
    body, headers, _tokens = hit
    return page(body, headers)


def register_page_cache(app: Flask) -> None:
    """Bind the cache, put `PageFront` before the app, and fix the salt that ties cached pages
    to this code, its templates and the settings pages show (a deployment or a changed
    setting starts afresh)."""
    cache.init_app(app)
    app.extensions["scrutiny.page_cache"] = _Memory()
    app.config.setdefault("REMEMBER_COOKIE_NAME", "remember_token")
    from scrutiny.blueprints.reader_pages import answer_reader

    app.wsgi_app = PageFront(app, app.wsgi_app, answer_reader)
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
