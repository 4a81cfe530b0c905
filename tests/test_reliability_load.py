"""The load script, bounded for CI: a few hundred requests at 20 concurrency against a real
`amity serve` on loopback while event files are ingested through the server. Zero errors,
every row stored, `amity db check` clean afterwards. (The full run, 10,000 requests at 50, is
`benchmarks/bench_load.py`; figures in docs/PERFORMANCE.md.)"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_bounded_load_with_ingest_through_the_server(mirror):
    cmd = [sys.executable, str(ROOT / "benchmarks" / "bench_load.py"), "--requests", "400",
           "--concurrency", "20", "--rows", "6000", "--files", "3", "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert p.stdout.strip(), p.stderr[-3000:]
    out = json.loads(p.stdout)
    assert out["baseline"]["errors"] == 0, out["baseline"]["error_examples"]
    assert out["under_ingest"]["errors"] == 0, out["under_ingest"]["error_examples"]
    assert out["ingest"]["errors"] == [] and out["ingest"]["rows_stored"] == 6000
    assert out["db_check_ok"] is True
    assert p.returncode == 0
    for phase in ("baseline", "under_ingest"):
        r = out[phase]
        assert r["requests"] == 400 and 0 < r["p50_ms"] <= r["p99_ms"] <= r["max_ms"]
        assert r["5xx"] == 0
