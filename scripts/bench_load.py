"""`make bench`'s two load checks: 1 worker against 2 on the tracker (reads must not queue on
the write lock), and a mixed load of readers and writers that must end with no error and no
lost update."""

from __future__ import annotations

import re
import statistics
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

#: Hidden fields of the action update form (CSRF token, version, one-time token), any order.
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
_NAME, _VALUE = re.compile(r'name="([^"]+)"'), re.compile(r'value="([^"]*)"')
MARK = "bench-mixed"


def scaling(env: dict, root: Path, path: str, cookie: str, seconds: int, rounds: int) -> dict:
    """req/s of `path` served by 1 worker and by 2, 8 clients, median over rounds, with the
    page cache off: every request then runs the page's queries, so the ratio shows whether
    reads queue on the database (with the cache on, a kept page costs about 1 ms and `ab`,
    sharing the CPUs, sets the pace)."""
    from bench import ab, start

    env = {**env, "SCRUTINY_PAGE_CACHE": "false"}
    rates: dict[int, list[float]] = {1: [], 2: []}
    for workers in (1, 2):
        process, base = start("wsgi:app", env, workers, root)
        try:
            ab(base + path, 1, 2, cookie)  # warm every worker
            for _ in range(rounds):
                rates[workers].append(ab(base + path, seconds, 8, cookie)["rps"])
        finally:
            process.terminate()
            process.wait(timeout=30)
    one, two = statistics.median(rates[1]), statistics.median(rates[2])
    return {"path": path, "one_worker_rps": one, "two_workers_rps": two, "ratio": two / one}


class UpdateWriter(threading.Thread):
    """Posts progress updates to one action through the app's own form, as a signed-in officer
    would: load the page, send its hidden fields back with a new update. A refusal because
    another writer got there first ("someone else changed") is a detected conflict, not an
    error."""

    def __init__(self, base: str, cookie: str, action_id: int, name: str):
        super().__init__(daemon=True)
        self.url = f"{base}/actions/{action_id}"
        self.cookie, self.name = cookie, name
        self.saved: list[str] = []
        self.conflicts = self.errors = 0
        self.problems: list[str] = []  # the first few errors, described
        self.stop = threading.Event()

    def run(self) -> None:
        opener = urllib.request.build_opener(_NoRedirect)
        n = 0
        while not self.stop.is_set():
            n += 1
            narrative = f"{MARK} {self.name} {n}"
            try:
                outcome = self._post(opener, narrative)
            except OSError as error:
                outcome = f"{type(error).__name__}: {error}"
            if outcome == "saved":
                self.saved.append(narrative)
            elif outcome == "conflict":
                self.conflicts += 1
            else:
                self.errors += 1
                if len(self.problems) < 5:
                    self.problems.append(f"{narrative}: {outcome}")

    def _post(self, opener, narrative: str) -> str:
        response = opener.open(self._request())
        for cookie in response.headers.get_all("Set-Cookie") or []:
            if cookie.startswith("session="):  # the form's CSRF secret joins the session
                self.cookie = cookie.split(";", 1)[0]
        page = response.read().decode()
        fields = {}
        for tag in _HIDDEN.findall(page):
            name, value = _NAME.search(tag), _VALUE.search(tag)
            if name:
                fields[name[1]] = value[1] if value else ""
        fields.update(rag="amber", narrative=narrative, next_steps="")
        data = urllib.parse.urlencode(fields).encode()
        try:
            answer = opener.open(self._request(data))
        except urllib.error.HTTPError as redirect:
            return "saved" if redirect.code in (302, 303) else f"HTTP {redirect.code}"
        text = answer.read().decode()
        if "while you were editing it" in text:
            return "conflict"
        title = re.search(r"<title>(.*?)</title>", text, re.S)
        return f"HTTP {answer.status}: {title[1].strip() if title else 'no title'}"

    def _request(self, data: bytes | None = None) -> urllib.request.Request:
        # the user agent the cookie was signed in with (sign-in sessions are tied to it)
        headers = {"Cookie": self.cookie, "User-Agent": "ApacheBench/2.3"}
        return urllib.request.Request(self.url, data=data, headers=headers)  # noqa: S310 - loopback


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def mixed(env: dict, root: Path, db: str, officer: str, path: str, seconds: int) -> dict:
    """`seconds` of 8 readers on `path` and 2 writers posting updates to the same action
    (2 workers); then every update a writer was told was saved is looked for in the database."""
    from bench import ab, connect, start

    conn, mark = connect(db)
    action_id = conn.execute("SELECT min(id) FROM actions").fetchone()[0]
    process, base = start("wsgi:app", env, 2, root)
    writers = [UpdateWriter(base, officer, action_id, name) for name in ("W1", "W2")]
    try:
        for writer in writers:
            writer.start()
        readers = ab(base + path, seconds, 8, officer)
        for writer in writers:
            writer.stop.set()
            writer.join(timeout=60)
    finally:
        process.terminate()
        process.wait(timeout=30)
    stored = {
        row[0]
        for row in conn.execute(
            f"SELECT narrative FROM action_updates WHERE narrative LIKE {mark}",  # noqa: S608
            (MARK + " %",),
        )
    }
    conn.close()
    saved = [n for writer in writers for n in writer.saved]
    return {
        "seconds": seconds,
        "reads": readers,
        "updates_saved": len(saved),
        "conflicts_detected": sum(w.conflicts for w in writers),
        "lost_updates": len([n for n in saved if n not in stored]),
        "errors": readers["errors"] + sum(w.errors for w in writers),
        "reader_errors": readers["errors"],
        "writer_problems": [problem for w in writers for problem in w.problems],
    }


def lines(result: dict) -> list[str]:
    """The two checks as lines under the benchmark's table."""
    s, m = result["scaling"], result["mixed"]
    return [
        f"Workers on `{s['path']}` (page cache off): 1 worker {s['one_worker_rps']:.1f} req/s, "
        f"2 workers {s['two_workers_rps']:.1f} req/s ({s['ratio']:.2f}x)",
        f"Mixed load ({m['seconds']} s: 8 readers on the tracker, 2 writers posting updates to "
        f"one action): {m['reads']['rps']:.1f} reads/s, {m['updates_saved']} updates saved, "
        f"{m['conflicts_detected']} conflicts detected, {m['lost_updates']} lost, "
        f"{m['errors']} errors",
        *(f"  writer error: {problem}" for problem in m["writer_problems"]),
    ]
