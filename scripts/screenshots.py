#!/usr/bin/env python3
"""The README's screenshots (docs/images/), taken from the demo council in Debian's Chromium.

Loads the demo into a temporary SQLite database (built around today, or --as-of), serves the
app on a free loopback port with its clock held at 09:00 on that day, and saves what a visitor
and each demo role see: the committee page (signed out), the officer's view of the next
meeting, every role's home page and the issued highlight report. Playwright drives the
`chromium` on the PATH; no browser is ever downloaded.

    make screenshots                      # or: .venv/bin/python scripts/screenshots.py
    .venv/bin/python scripts/screenshots.py --as-of 2026-12-02 --out /tmp/shots
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path

os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from scrutiny import create_app  # noqa: E402
from scrutiny.demo import council as demo  # noqa: E402
from scrutiny.extensions import db  # noqa: E402
from scrutiny.models import Meeting, MeetingStatus, PlanReport  # noqa: E402
from scrutiny.services.core import clocks  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
WIDTH = 1280
#: The role each home page is saved for, by the demo sign-in that has it first.
HOME_PAGES = {roles[0]: email for email, _name, roles in demo.DEMO_LOGINS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_app(workdir: Path, moment: datetime) -> Flask:
    """The app on a fresh SQLite database in `workdir`, migrated and holding the demo."""
    app = create_app(
        {
            "INSTANCE_PATH": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'demo.db'}",
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with clocks.fixed_at(moment):
            demo.load_demo(db.session, moment)
        db.session.commit()
    return app


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app served over HTTP in a background thread; yields its base URL."""
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def targets(app: Flask) -> tuple[int, int]:
    """The next meeting's id (its agenda in draft) and the issued highlight report's id."""
    with app.app_context():
        meeting = db.session.scalar(
            select(Meeting.id)
            .where(Meeting.status == MeetingStatus.DRAFT)
            .order_by(Meeting.starts_at)
        )
        report = db.session.scalar(select(PlanReport.id).where(PlanReport.kind == "highlight"))
        db.session.remove()
    return meeting, report


def shoot(browser: Browser, base: str, out: Path, app: Flask) -> list[Path]:
    """Save every screenshot the README shows; returns their paths."""
    meeting_id, report_id = targets(app)
    saved: list[Path] = []

    def save(email: str | None, path: str, name: str, height: int) -> None:
        context = browser.new_context(base_url=base, viewport={"width": WIDTH, "height": height})
        tab = context.new_page()
        if email:
            tab.goto("/sign-in")
            tab.get_by_label("Email address").fill(email)
            tab.get_by_label("Password", exact=True).fill(demo.DEMO_PASSWORD)
            tab.get_by_role("button", name="Sign in").click()
            tab.wait_for_load_state()
        tab.goto(path)
        target = out / name
        tab.screenshot(path=str(target))
        saved.append(target)
        context.close()

    save(None, "/committees/cyps-panel", "committee.png", 900)
    save(HOME_PAGES["officer"], f"/meetings/{meeting_id}", "agenda.png", 1000)
    save(HOME_PAGES["officer"], f"/reports/{report_id}", "highlight-report.png", 1000)
    for role, email in HOME_PAGES.items():
        save(email, "/dashboard", f"home-{role}.png", 1000)
    return saved


def main(argv: list[str] | None = None) -> int:
    """Build, serve and photograph the demo; prints each file written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        parser.error("Debian's chromium is not on the PATH: `make system-packages` installs it")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scrutiny-shots-") as workdir:
        probe = create_app({"INSTANCE_PATH": workdir, "DATABASE_URL": "sqlite://"})
        with probe.app_context():
            day = args.as_of or clocks.today()
            moment = datetime.combine(day, time(9), tzinfo=clocks.local_zone()).astimezone(UTC)
        app = build_app(Path(workdir), moment)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        clocks.set_clock(lambda: moment)
        try:
            with serving(app) as base, sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS, headless=True
                )
                for path in shoot(browser, base, args.out, app):
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                browser.close()
        finally:
            clocks.set_clock(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
