"""An event folder made read-only in the middle of an ingest (issue 19: two such trials exited
0): the run stops with one line naming the file it could not write and exit 4, reports no
file as ingested, keeps the store consistent (`db check` ok), and a re-run once the folder is
writable again ends with every row stored once."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from amity.reliability.boundary import describe
from amity.reliability.faults import _writable, no_override_prefix


def test_an_oserror_without_filename_names_the_path_in_its_message():
    e = OSError(13, "Failed to open local file '/data/s.duckdb.events/x-1991.parquet'. "
                    "Detail: [errno 13] Permission denied")
    line, code = describe(e)
    assert code == 4
    assert line.startswith("/data/s.duckdb.events/x-1991.parquet: permission denied;")
    line, code = describe(OSError(28, "no room left"))
    assert code == 4 and line == "disk full: [Errno 28] no room left; free space, or choose " \
                                 "another disk"


def _parts(ev: Path) -> int:
    """Parquet files under the event folder now (the ingest adds and removes its staging
    files meanwhile: os.walk passes over a folder that vanishes)."""
    return sum(n.endswith(".parquet") for _, _, files in os.walk(ev) for n in files)


def _amity(env, *args, prefix=()):
    return subprocess.run([*prefix, sys.executable, "-m", "amity", *args], env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_event_folder_made_read_only_during_an_ingest(tmp_path):
    pre = no_override_prefix()
    assert pre is not None, "running as root needs setpriv (util-linux) for the read-only fault"
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = dict(os.environ, AMITY_DB=str(tmp_path / "s.duckdb"),
               PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("AMITY_EVENTS_DIR", None)
    files_dir = tmp_path / "files"
    r = _amity(env, "events", "synth", "--rows", "240000", "--rows-per-file", "12000",
               "--out", str(files_dir))
    assert r.returncode == 0, r.stderr
    files = sorted(str(p) for p in files_dir.iterdir())
    assert len(files) == 20
    r = _amity(env, "events", "ingest", files[0], "--format", "gdelt2")
    assert r.returncode == 0, r.stderr
    ev = Path(str(tmp_path / "s.duckdb") + ".events")
    parts0 = _parts(ev)
    p = subprocess.Popen([*pre, sys.executable, "-m", "amity", "events", "ingest", *files[1:],
                          "--format", "gdelt2", "--batch-rows", "12000", "--json"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.time()
    # once the run has written its first part, take the folder's write bits away
    while (time.time() - t0 < 300 and p.poll() is None
           and _parts(ev) <= parts0):
        time.sleep(0.02)
    assert p.poll() is None, "the ingest ended before the fault could be injected"
    _writable([ev], False)
    try:
        out, err = p.communicate(timeout=600)
    finally:
        _writable([ev], True)
    lines = [x for x in err.splitlines() if x.strip()]
    assert p.returncode == 4, err[-2000:]
    assert len(lines) == 1 and "Traceback" not in err, err[-2000:]
    assert "permission denied" in lines[0] and str(ev) in lines[0], lines[0]
    assert out.strip() == ""            # nothing reported as ingested
    r = _amity(env, "db", "check", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["ok"], r.stdout[-2000:]
    # writable again: the re-run stores what was not committed, and nothing twice
    r = _amity(env, "events", "ingest", *files[1:], "--format", "gdelt2", "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    r = _amity(env, "events", "stats", "--json")
    assert r.returncode == 0, r.stderr
    st = json.loads(r.stdout)
    assert (st["files_ingested"], st["rows_ingested"], st["rows"]) == (20, 240000, 240000), st
