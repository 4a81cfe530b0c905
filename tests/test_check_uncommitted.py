"""Issue 19: `amity db check` on the parts a crashed ingest left: a warning (the store is
whole: no reader counts them) that says how many part files and rows, and who removes them;
the next ingest removes them and the check is clean."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _amity(env, *args, **kw):
    return subprocess.run([sys.executable, "-m", "amity", *args], env=env, capture_output=True,
                          text=True, timeout=300, **kw)


def test_db_check_names_uncommitted_parts_and_the_next_ingest_clears_them(tmp_path):
    from amity.events.synth import synth

    synth(2000, tmp_path / "g", fmt="gdelt2", seed=2, years=(2001, 2002), rows_per_file=1000)
    files = [str(p) for p in sorted((tmp_path / "g").glob("*.CSV"))]
    env = dict(os.environ, PYTHONPATH=SRC, AMITY_DB=str(tmp_path / "s.duckdb"))
    env.pop("AMITY_EVENTS_DIR", None)
    assert _amity(env, "events", "ingest", files[0], "--format", "gdelt2").returncode == 0
    crash = _amity(dict(env, AMITY_EVENTS_CRASH="moved"), "events", "ingest", files[1],
                   "--format", "gdelt2")
    assert crash.returncode == -9
    r = _amity(env, "db", "check", "--json")
    assert r.returncode == 0, r.stderr           # a warning: the store is whole
    f = {c["name"]: c for c in json.loads(r.stdout)["checks"]}["event parts committed"]
    assert f["ok"] is False and f["level"] == "warning" and f["count"] > 0
    assert "1,000 rows" in f["detail"] and "no reader counts them" in f["detail"]
    assert "this store's next ingest removes them" in f["detail"]
    assert _amity(env, "events", "ingest", files[1], "--format", "gdelt2").returncode == 0
    r = _amity(env, "db", "check", "--json")
    f = {c["name"]: c for c in json.loads(r.stdout)["checks"]}["event parts committed"]
    assert f["ok"] is True
