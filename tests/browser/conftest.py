"""Fixtures for the real-browser journeys: a live server, Debian's Chromium, demo data and axe.

The server runs the session's `app` in a background thread. Pages are opened at
http://localhost:<port>: the app sets Secure session cookies even in tests, and Chromium treats
localhost (and 127.0.0.1) as a secure context, so it stores and sends those cookies over plain
HTTP. Both host names were tried with Debian's Chromium 156 and both keep the session; localhost
is used as the name a developer would type.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from scrutiny import REPOSITORY_ROOT
from scrutiny.demo import council as demo
from scrutiny.extensions import db
from scrutiny.services.core import clocks

# Never fetch Playwright's own browser build; Debian's Chromium is used instead.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SCRIPT = REPOSITORY_ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The WCAG 2.2 AA rule sets axe runs on every page.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Milliseconds Playwright waits for an element or a navigation before failing.
TIMEOUT_MS = 10_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The app served over HTTP on a free loopback port; yields its base URL."""
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://localhost:{port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, launched once for the whole run."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is not installed: `make test` installs it with apt-get")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def demo_data() -> None:
    """The demonstration council, committed so the server thread's own session can see it."""
    demo.load_demo(db.session, clocks.now())
    db.session.commit()
    # End the test thread's session: on SQLite every transaction starts with BEGIN IMMEDIATE,
    # so a stray query here would hold the write lock while the server tries to write.
    db.session.remove()


@pytest.fixture
def page(browser: Browser, live_server: str, demo_data) -> Iterator[Page]:
    """A fresh browser tab (its own cookies) on the live server, with the demo data loaded.

    Fails the test if the browser saw a JavaScript error or any response of 400 or more.
    """
    # The app's Content-Security-Policy stays on: axe is evaluated through the DevTools protocol
    # (which CSP does not govern), so any script the app itself loads in breach of it shows up.
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    tab.on(
        "console",
        lambda message: (
            problems.append(f"Console error: {message.text}") if message.type == "error" else None
        ),
    )
    tab.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status} from {response.url}")
            if response.status >= 400
            else None
        ),
    )
    yield tab
    context.close()
    if problems:
        pytest.fail("The browser met problems:\n" + "\n".join(problems))


def _describe(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  at {' '.join(node['target'])}")
    return "\n".join(lines)


@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    """Run axe-core's WCAG 2.2 A and AA rules on the page as it is now; fail on any violation."""

    def check(page: Page) -> None:
        page.wait_for_load_state()
        if page.evaluate("typeof window.axe") == "undefined":
            page.evaluate(AXE_SCRIPT.read_text())
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        if result["violations"]:
            pytest.fail(_describe(page.url, result["violations"]))

    return check


@pytest.fixture
def sign_in(page: Page) -> Callable[..., None]:
    """Fill in and send the sign-in form as a person would; the caller checks what follows."""

    def fill_and_send(email: str, password: str = demo.DEMO_PASSWORD) -> None:
        page.get_by_label("Email address").fill(email)
        # exact: the "Show password" toggle's aria-label also contains "password".
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()

    return fill_and_send
