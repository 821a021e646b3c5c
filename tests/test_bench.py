"""`make bench` keeps working: a tiny run (a small generated plan, one round of one second on
two pages, a two-second mixed load) builds its database, serves the app and its floors with
gunicorn, drives them with `ab`, posts updates beside the readers and prints the table."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("ab") is None, reason="ab (apache2-utils): make system-packages")
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="the benchmark builds its own SQLite database; once per CI run is enough",
)
def test_a_tiny_benchmark_run_prints_the_table(tmp_path):
    out = tmp_path / "result.json"
    command = [sys.executable, "scripts/bench.py", "--actions=60", "--updates=1", "--seconds=1"]
    run = subprocess.run(
        [*command, "--rounds=1", "--pages=2", "--mixed-seconds=2", f"--workdir={tmp_path}"]
        + [f"--json={out}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "| Page | req/s | p50 ms | p95 ms | floor B req/s |" in run.stdout
    assert "`/actions?overdue=1`" in run.stdout and "Largest app worker RSS" in run.stdout
    result = json.loads(out.read_text())
    assert result["floor_a_rps"] > 0
    assert result["floor_c_rps"] > 0 and result["floor_c_errors"] == 0
    assert "Floor C (an empty signed-in GOV.UK page)" in run.stdout
    for row in result["pages"]:
        assert row["rps"] > 0 and row["floor_b_rps"] > 0 and row["errors"] == 0, row
        assert row["statements"] > 3, row
    assert result["writer_ms"]["count"] > 0 and result["worker_rss_mb"] > 10
    assert "Workers on `/actions` (page cache off): 1 worker" in run.stdout
    assert result["scaling"]["one_worker_rps"] > 0 and result["scaling"]["two_workers_rps"] > 0
    mixed = result["mixed"]
    assert mixed["updates_saved"] > 0 and mixed["reads"]["rps"] > 0, mixed
    assert mixed["lost_updates"] == 0 and mixed["errors"] == 0, mixed
