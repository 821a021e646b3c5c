"""`make bench`: the app under gunicorn at county scale beside two floors, driven by `ab`.

Builds (once, then reuses) a SQLite database with the demonstration council and a generated
plan (`flask demo generate`), records the SQL each measured page runs, then starts three gunicorn
servers with the same settings: the app, floor A (hello-world Flask), floor B (raw sqlite3
replaying the page's own SQL) and floor C (an empty signed-in GOV.UK page on the same stack;
scripts/bench_floors.py). Each round runs floors A and C, then for each page floor B and the
page, so slow drift hits all alike. Prints req/s, p50 and p95, the page's
share of each floor, statements per request, a writer's wait for the lock while 8 clients load
the tracker, and the workers' memory. Loopback only; every run is bounded in time.

    python scripts/bench.py [--actions 50000] [--seconds 5] [--rounds 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path

import bench_load

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's scrutiny, however the script is started
SECRET = "bench-only-secret"  # noqa: S105 - a throw-away database on loopback
#: (label, path, who signs in: officer, owner or nobody); {plan} and {meeting} are filled in.
PAGES = [
    ("/actions", "/actions", "officer"),
    ("/actions?overdue=1", "/actions?overdue=1", "officer"),
    ("/actions?rag=red", "/actions?rag=red", "officer"),
    ("/actions?plan=P&page=5", "/actions?plan={plan}&page=5", "officer"),
    ("/my-actions", "/my-actions", "owner"),
    ("/recommendations", "/recommendations", "officer"),
    ("/plans", "/plans", "officer"),
    ("/plans/P", "/plans/{plan}", "officer"),
    ("/meetings/M (public)", "/meetings/{meeting}", None),
]


def _env(db: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db,
        "CACHE_DIR": str(Path(os.environ.get("BENCH_WORKDIR", "/tmp/scrutiny-bench")) / "cache"),
        "SECRET_KEY": SECRET,
        "SCRUTINY_SECURE_COOKIES": "false",
        "SCRUTINY_FORCE_HTTPS": "false",
        "PYTHONPATH": str(ROOT),
    }


def _is_built(url: str, actions: int) -> bool:
    """Whether the database at `url` already holds a county of this size."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).exists()
    from sqlalchemy import create_engine, text

    from scrutiny.config import normalise_database_url

    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT to_regclass('actions') IS NOT NULL")).scalar()
            return (
                bool(found)
                and conn.execute(text("SELECT count(*) FROM actions")).scalar() >= actions
            )
    finally:
        engine.dispose()


def build_database(workdir: Path, actions: int, updates: int, url: str | None = None) -> str:
    """The county database for this size (a SQLite file in `workdir`, or the PostgreSQL
    database at `url`), built with the app's own commands unless present; its URL."""
    db = url or f"sqlite:///{workdir / f'bench-{actions}x{updates}.db'}"
    if _is_built(db, actions):
        return db
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    env = _env(db)
    for command in (
        ["db", "upgrade"],
        ["demo", "load"],
        ["demo", "generate", f"--actions={actions}", f"--updates-per-action={updates}"],
    ):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    return db


def _sign_in(client, email: str) -> str:
    """Sign `email` in through the form and view the home page; the session cookie as
    `name=value`."""
    from scrutiny.demo.council import DEMO_PASSWORD

    form = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
    data = {"email": email, "password": DEMO_PASSWORD}
    if token:
        data["csrf_token"] = token[1]
    assert client.post("/sign-in", data=data).status_code == 302, f"could not sign in {email}"
    # one page, as a browser would show after signing in: the session then holds its form
    # token, so the cookie `ab` replays unchanged is a settled one (docs/performance.md)
    assert client.get("/dashboard").status_code == 200
    cookie = client.get_cookie("session")
    return f"session={cookie.value}"


def _jsonable(value):
    """Statement parameters as JSON: dates and times tagged so floor B can rebuild them."""
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def record(db: str, wanted: list) -> tuple[list[tuple[str, str, str | None]], dict, dict]:
    """In-process: the pages (ids filled in), each page's statements, and a session cookie
    per person (made with the servers' secret key, so gunicorn accepts them)."""
    os.environ.update(_env(db))
    from sqlalchemy import event, func, select

    from scrutiny import create_app
    from scrutiny.extensions import db as sa
    from scrutiny.models.meetings import Meeting
    from scrutiny.models.plans import ServicePlan

    app = create_app({"SCRUTINY_PAGE_CACHE": False})  # floor B: the SQL when nothing is cached
    with app.app_context():
        plan = sa.session.scalar(select(func.max(ServicePlan.id)))
        meeting = sa.session.scalar(
            select(Meeting.id).where(Meeting.status == "published").order_by(Meeting.id)
        ) or sa.session.scalar(select(Meeting.id).order_by(Meeting.id))
    pages = [(label, path.format(plan=plan, meeting=meeting), who) for label, path, who in wanted]
    environ = {"HTTP_USER_AGENT": "ApacheBench/2.3", "REMOTE_ADDR": "127.0.0.1"}
    clients, cookies = {}, {}
    for who in ("officer", "owner"):
        clients[who] = app.test_client()
        clients[who].environ_base.update(environ)
        cookies[who] = _sign_in(clients[who], f"{who}@example.org")
    clients[None] = app.test_client()
    statements: dict[str, list] = {}
    for index, (_, path, who) in enumerate(pages):
        seen: list = []

        def keep(conn, cursor, statement, parameters, context, executemany, seen=seen):
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                kept = parameters if isinstance(parameters, dict) else list(parameters or ())
                seen.append([statement, _jsonable(kept)])

        with app.app_context():
            event.listen(sa.engine, "before_cursor_execute", keep)
            response = clients[who].get(path)
            event.remove(sa.engine, "before_cursor_execute", keep)
        assert response.status_code == 200, (path, response.status_code)
        statements[str(index)] = seen
    return pages, statements, cookies


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app: str, env: dict, workers: int, chdir: Path) -> tuple[subprocess.Popen, str]:
    """gunicorn serving `app` on a free loopback port; (process, base URL) once it answers."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--chdir", str(chdir), "--log-level", "warning", app],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - loopback
            return process, base
        except urllib.error.HTTPError:
            return process, base
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def ab(url: str, seconds: int, concurrency: int, cookie: str | None = None) -> dict:
    """req/s, p50 and p95 (ms) and failures from one bounded `ab` run against `url`."""
    command = ["ab", "-q", "-t", str(seconds), "-n", "1000000", "-c", str(concurrency)]
    if cookie:
        command += ["-C", cookie]
    out = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    text = out.stdout
    rate = re.search(r"Requests per second:\s+([\d.]+)", text)
    if rate is None and "Complete requests:      0" not in text:
        raise RuntimeError(f"ab failed on {url}: {out.stderr or text}")
    failed = int(re.search(r"Failed requests:\s+(\d+)", text)[1])
    # ab also counts a body whose length differs from the first one's: not an error on a page
    # whose content changes while it runs (the mixed load), so it is reported apart
    lengths = re.search(r"Receive: \d+, Length: (\d+)", text)
    changed = int(lengths[1]) if lengths else 0
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", text)
    return {
        "rps": float(rate[1]) if rate else 0.0,
        "p50": _percentile(text, 50),
        "p95": _percentile(text, 95),
        "errors": failed - changed + (int(non2xx[1]) if non2xx else 0),
        "lengths_changed": changed,
    }


def warm(base: str, paths: list[str], cookies: list[str | None]) -> None:
    """A few requests per page, so each worker has imported and compiled what it needs."""
    for path, cookie in zip(paths, cookies, strict=True):
        command = ["ab", "-q", "-n", "8", "-c", "2", "-s", "120"]
        subprocess.run(
            [*command, *(["-C", cookie] if cookie else []), base + path],
            capture_output=True,
            timeout=600,
        )


def _percentile(text: str, pct: int) -> float:
    found = re.search(rf"^\s*{pct}%\s+(\d+)", text, re.M)
    return float(found[1]) if found else float("nan")


def connect(db: str):
    """An autocommitting connection to the bench database, and its parameter mark."""
    if db.startswith("sqlite:///"):
        conn = sqlite3.connect(db.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn, "?"
    import psycopg

    return psycopg.connect(db.replace("postgresql+psycopg", "postgresql"), autocommit=True), "%s"


class Writer(threading.Thread):
    """Writes one row every 50 ms in a transaction (BEGIN IMMEDIATE on SQLite), timing each
    from BEGIN to COMMIT: what a POST waits for the database while readers load it."""

    def __init__(self, db: str):
        super().__init__(daemon=True)
        self.db, self.waits, self.stop = db, [], threading.Event()

    def run(self) -> None:
        conn, mark = connect(self.db)
        begin = "BEGIN IMMEDIATE" if self.db.startswith("sqlite:///") else "BEGIN"
        update = f"UPDATE actions SET version = version WHERE id = {mark}"  # noqa: S608 - a mark
        row = conn.execute("SELECT min(id) FROM actions").fetchone()[0]
        while not self.stop.wait(0.05):
            started = time.perf_counter()
            conn.execute(begin)
            conn.execute(update, (row,))
            conn.execute("COMMIT")
            self.waits.append((time.perf_counter() - started) * 1000)
        conn.close()


def worker_rss_mb(master: subprocess.Popen) -> float:
    """The largest resident memory of the gunicorn master's workers, in MB."""
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master.pid)], capture_output=True, text=True
    ).stdout
    sizes = [int(line) for line in out.split()]
    return max(sizes, default=0) / 1024


def measure(args, db: str, pages, statements, cookies) -> dict:
    """Interleaved rounds of floor A, then floor B and the page for each page."""
    queries = Path(args.workdir) / "floor_b_queries.json"
    queries.write_text(json.dumps(statements))
    env = {**_env(db), "BENCH_DATABASE_URL": db, "BENCH_QUERIES": str(queries)}
    servers = {
        "app": start("wsgi:app", env, args.workers, ROOT),
        "a": start("bench_floors:floor_a", env, args.workers, ROOT / "scripts"),
        "b": start("bench_floors:floor_b", env, args.workers, ROOT / "scripts"),
        "c": start("bench_floors:floor_c", env, args.workers, ROOT / "scripts"),
    }
    runs: dict = {
        "a": [],
        "c": [],
        "pages": {i: {"app": [], "b": []} for i in range(len(pages))},
    }
    waits: list[float] = []
    try:
        floor_c_cookie = _floor_c_cookie(servers["c"][1])
        warm(servers["app"][1], [p for _, p, _ in pages], [cookies.get(w) for _, _, w in pages])
        for _ in range(args.rounds):
            runs["a"].append(ab(servers["a"][1] + "/", args.seconds, args.concurrency))
            runs["c"].append(
                ab(servers["c"][1] + "/", args.seconds, args.concurrency, floor_c_cookie)
            )
            for i, (_, path, who) in enumerate(pages):
                b = ab(f"{servers['b'][1]}/{i}", args.seconds, args.concurrency)
                runs["pages"][i]["b"].append(b)
                writer = Writer(db) if i == 0 else None
                if writer:
                    writer.start()
                url = servers["app"][1] + path
                runs["pages"][i]["app"].append(
                    ab(url, args.seconds, args.concurrency, cookies.get(who))
                )
                if writer:
                    writer.stop.set()
                    writer.join()
                    waits += writer.waits
        rss = worker_rss_mb(servers["app"][0])
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(timeout=30)
    return _summarise(runs, pages, statements, waits, rss)


def _floor_c_cookie(base: str) -> str:
    """The session cookie floor C gives at its bench-only sign-in, settled like the app's
    (`ab`'s browser name, the form token made by a first view; checked: its page shows the
    signed-in layout with that cookie)."""
    agent = {"User-Agent": "ApacheBench/2.3"}
    signing_in = urllib.request.Request(base + "/sign-in", headers=agent)  # noqa: S310
    with urllib.request.urlopen(signing_in, timeout=30) as response:  # noqa: S310
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    request = urllib.request.Request(base + "/", headers={"Cookie": cookie, **agent})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        if "Sign out" not in response.read().decode():
            raise RuntimeError("floor C did not draw its signed-in page")
        settled = response.headers.get("Set-Cookie")
    return settled.split(";", 1)[0] if settled else cookie


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _summarise(runs, pages, statements, waits, rss) -> dict:
    floor_a = _median(runs["a"], "rps")
    floor_c = _median(runs["c"], "rps")
    rows = []
    for i, (label, _, who) in enumerate(pages):
        app, b = runs["pages"][i]["app"], runs["pages"][i]["b"]
        rps, floor_b = _median(app, "rps"), _median(b, "rps")
        rows.append(
            {
                "page": label,
                "rps": rps,
                "p50": _median(app, "p50"),
                "p95": _median(app, "p95"),
                "floor_b_rps": floor_b,
                "of_a": rps / floor_a if floor_a else float("nan"),
                "of_b": rps / floor_b if floor_b else float("nan"),
                "of_c": rps / floor_c if floor_c and who else None,
                "statements": len(statements[str(i)]),
                "errors": sum(r["errors"] for r in app),
            }
        )
    waits = sorted(waits) or [0.0]
    return {
        "floor_a_rps": floor_a,
        "floor_c_rps": floor_c,
        "floor_c_errors": sum(r["errors"] for r in runs["c"]),
        "pages": rows,
        "writer_ms": {
            "count": len(waits),
            "p50": waits[len(waits) // 2],
            "p95": waits[int(len(waits) * 0.95)],
            "max": waits[-1],
        },
        "worker_rss_mb": rss,
    }


def table(result: dict) -> str:
    """The result as a Markdown table and two lines."""
    lines = [
        f"Floor A (hello-world Flask): {result['floor_a_rps']:.0f} req/s",
        f"Floor C (an empty signed-in GOV.UK page): {result['floor_c_rps']:.0f} req/s",
        "",
        "| Page | req/s | p50 ms | p95 ms | floor B req/s | of A | of B | of C | statements "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["pages"]:
        of_c = "" if r["of_c"] is None else f"{r['of_c']:.2f}"
        lines.append(
            f"| `{r['page']}` | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | "
            f"{r['floor_b_rps']:.1f} | {r['of_a']:.2f} | {r['of_b']:.2f} | {of_c} | "
            f"{r['statements']} | {r['errors']} |"
        )
    w = result["writer_ms"]
    lines += [
        "",
        f"Writer (BEGIN, IMMEDIATE on SQLite, to COMMIT, every 50 ms while "
        f"{result['pages'][0]['page'] if result['pages'] else 'nothing'} is loaded): "
        f"p50 {w['p50']:.1f} ms, p95 {w['p95']:.1f} ms, max {w['max']:.1f} ms ({w['count']})",
        f"Largest app worker RSS: {result['worker_rss_mb']:.0f} MB",
    ]
    return "\n".join(lines)


def load_checks(args, db: str, officer: str) -> dict:
    """1 worker against 2 on the tracker, then the mixed load of readers and writers."""
    env = _env(db)
    return {
        "scaling": bench_load.scaling(env, ROOT, "/actions", officer, args.seconds, args.rounds),
        "mixed": bench_load.mixed(env, ROOT, db, officer, "/actions", args.mixed_seconds),
    }


def main(argv: list[str] | None = None) -> dict:
    """Build, record, measure and print; returns the result."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=50_000)
    parser.add_argument("--updates", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=5, help="Per run (ab counts whole seconds).")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=int, default=len(PAGES), help="Measure the first N.")
    parser.add_argument("--only", default="", help="Measure only pages whose label has this.")
    parser.add_argument(
        "--mixed-seconds",
        type=int,
        default=60,
        help="The mixed load's length (0: skip both "
        "load checks, 1 worker against 2 and the mixed load).",
    )
    parser.add_argument("--workdir", default="/tmp/scrutiny-bench")
    parser.add_argument("--json", help="Also write the result here.")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="A PostgreSQL database to build and measure instead of a SQLite file "
        "(scripts/with-postgres.sh sets DATABASE_URL).",
    )
    args = parser.parse_args(argv)
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    os.environ["BENCH_WORKDIR"] = args.workdir
    db = build_database(Path(args.workdir), args.actions, args.updates, args.database_url)
    wanted = [page for page in PAGES[: args.pages] if args.only in page[0]]
    pages, statements, cookies = record(db, wanted)
    result = measure(args, db, pages, statements, cookies)
    print(table(result))
    if args.mixed_seconds:
        result.update(load_checks(args, db, cookies["officer"]))
        print("\n".join(bench_load.lines(result)))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
