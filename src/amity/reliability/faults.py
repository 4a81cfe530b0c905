"""Fault harness (``make faults``): kill the write paths, starve their writes, feed hostile
input, and count what happened.

Every trial runs the real CLI as a child process (``python -m amity``):

* **kills**: ``events ingest`` and ``db restore`` are SIGKILLed after a random delay within a
  clean run's duration; the command is then re-run and the store must answer exactly as an
  uninterrupted run (dyad-year digest and ``db check`` clean): no lost or duplicated row;
* **write faults**: the same commands under a file-size limit (``ulimit -f``, RLIMIT_FSIZE):
  they must exit non-zero with one line (no traceback), and a re-run without the limit must
  converge;
* **hostile inputs**: commands given inputs that must be refused with one line and a
  non-zero exit, within a time limit (a hang counts as a failure).

``python -m amity.reliability.faults [--kills N] [--seed S]`` prints the counts as JSON and
exits 1 on any traceback, hang, lost or duplicated row.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TIMEOUT = 120.0


def _env(db: Path, work: Path) -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[2])
    e = dict(os.environ, AMITY_DB=str(db), AMITY_LOG_DIR=str(work / "logs"),
             PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    e.pop("AMITY_EVENTS_DIR", None)
    e.pop("AMITY_EVENTS_CRASH", None)
    return e


def _cli(args: list[str], db: Path, work: Path, *, kill_after: float | None = None,
         fsize: int | None = None) -> dict[str, Any]:
    def limit():
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    t0 = time.monotonic()
    p = subprocess.Popen([sys.executable, "-m", "amity", *args], env=_env(db, work),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         preexec_fn=limit if fsize is not None else None)
    killed = hung = False
    try:
        out, err = p.communicate(timeout=kill_after if kill_after is not None else TIMEOUT)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        killed, hung = kill_after is not None, kill_after is None
    return {"rc": p.returncode, "out": out, "err": err, "killed": killed, "hung": hung,
            "seconds": time.monotonic() - t0}


def _digest(db: Path, work: Path) -> str:
    """A digest of what the store answers about its events (dyad-year aggregates)."""
    r = _cli(["events", "aggregate", "--by", "dyad-year", "--json"], db, work)
    if r["rc"] != 0:
        return "error:" + (r["err"].strip().splitlines() or ["?"])[-1]
    return hashlib.sha256(r["out"].encode()).hexdigest()


def _check_ok(db: Path, work: Path) -> bool:
    return _cli(["db", "check", "--json"], db, work)["rc"] == 0


def _traceback(r: dict[str, Any]) -> bool:
    return "Traceback (most recent call last)" in (r["err"] or "")


def run(kills: int = 10, seed: int = 0, work: Path | None = None) -> dict[str, Any]:
    from amity.events.synth import synth

    rng = random.Random(seed)
    work = Path(work or tempfile.mkdtemp(prefix="amity-faults-"))
    counts = {"kills": 0, "kills_survived": 0, "write_faults": 0, "write_faults_survived": 0,
              "inputs_tried": 0, "inputs_refused": 0, "tracebacks": 0, "hangs": 0,
              "lost_or_duplicated": 0, "failures": []}

    def fail(what: str, r: dict[str, Any] | None = None) -> None:
        tail = "" if r is None else (r["err"] or "").strip()[-300:]
        counts["failures"].append(f"{what}: {tail}")

    g = work / "gdelt"
    synth(6000, g, fmt="gdelt2", seed=seed, years=(2001, 2004), rows_per_file=1000)
    files = [str(p) for p in sorted(g.glob("*.CSV"))]
    ingest = ["events", "ingest", *files, "--format", "gdelt2", "--batch-rows", "1500"]
    # the reference: an uninterrupted ingest, and a backup of it
    ref = work / "ref.duckdb"
    r = _cli(ingest, ref, work)
    if r["rc"] != 0:
        raise RuntimeError("the clean ingest failed: " + r["err"][-500:])
    t_ingest = r["seconds"]
    want = _digest(ref, work)
    bk = work / "bk.duckdb"
    _cli(["db", "backup", str(bk)], ref, work)
    half = work / "half.duckdb"       # a store with other events, to restore over
    _cli(["events", "ingest", files[0], "--format", "gdelt2"], half, work)
    t_restore = _cli(["db", "restore", str(bk)], work / "probe.duckdb", work)["seconds"]

    paths = [("ingest", ingest, t_ingest), ("restore", ["db", "restore", str(bk)], t_restore)]
    for i in range(kills):
        name, args, dur = paths[i % len(paths)]
        db = work / f"k{i}.duckdb"
        if name == "restore":
            shutil.copy(half, db)
            if Path(str(half) + ".events").is_dir():
                shutil.copytree(Path(str(half) + ".events"), Path(str(db) + ".events"))
        delay = rng.uniform(0.3, max(0.4, dur))
        r = _cli(args, db, work, kill_after=delay)
        counts["kills"] += int(r["killed"])
        if _traceback(r):
            counts["tracebacks"] += 1
            fail(f"{name} traceback before kill", r)
        r2 = _cli(args, db, work)                     # re-run to completion
        got = _digest(db, work)
        if r2["rc"] != 0 or _traceback(r2):
            counts["tracebacks"] += int(_traceback(r2))
            fail(f"{name} re-run after kill at {delay:.2f}s", r2)
        elif got != want or not _check_ok(db, work):
            counts["lost_or_duplicated"] += 1
            fail(f"{name} killed at {delay:.2f}s did not converge")
        elif r["killed"]:
            counts["kills_survived"] += 1

    for i, fsize in enumerate((4096, 65536, 1 << 20)):
        for name, args in (("ingest", ingest), ("restore", ["db", "restore", str(bk)])):
            db = work / f"w{i}{name}.duckdb"
            if name == "restore":
                shutil.copy(half, db)
            r = _cli(args, db, work, fsize=fsize)
            counts["write_faults"] += 1
            if r["hung"]:
                counts["hangs"] += 1
                fail(f"{name} hung under ulimit -f {fsize}")
                continue
            if _traceback(r):
                counts["tracebacks"] += 1
                fail(f"{name} under ulimit -f {fsize}", r)
                continue
            lines = [x for x in (r["err"] or "").splitlines() if x.strip().startswith("error")]
            if r["rc"] == 0 or len(lines) == 1:
                r2 = _cli(args, db, work)
                if r2["rc"] == 0 and _digest(db, work) == want:
                    counts["write_faults_survived"] += 1
                else:
                    counts["lost_or_duplicated"] += 1
                    fail(f"{name} after ulimit -f {fsize} did not converge", r2)
            else:
                fail(f"{name} under ulimit -f {fsize}: not one line", r)

    csv = work / "x.csv"
    csv.write_text("a,b\n1,2\n")
    deep = work / "deep.jsonl"
    deep.write_text('{"id": "1", "text": ' + "[" * 50000 + "]" * 50000 + "}\n")
    bad_gz = work / "bad.CSV.gz"
    bad_gz.write_bytes(b"\x1f\x8b\x08\x00garbage")
    hostile = [
        ["db", "status", "--db", str(csv)],
        ["db", "status", "--db", str(work)],
        ["db", "check", "--db", str(csv)],
        ["db", "restore", str(csv)],
        ["db", "restore", str(work / "missing.duckdb")],
        ["extract", "--jsonl", str(deep)],
        ["events", "ingest", str(bad_gz), "--format", "gdelt2"],
        ["events", "ingest", str(csv), "--format", "nosuch"],
        ["events", "aggregate", "--by", "century"],
        ["events", "stats", "--events-dir", str(work / "nowhere")],
        ["load", "nmc6", "--mirror", str(work / "MISSING_DIR")],
        ["dyad", "NOSUCHACTOR", "USA"],
        ["dyad", "USA", "RUS", "--from", "2020", "--to", "1990"],
        ["curated", "load", "--file", str(csv)],
        ["db", "backup", "/proc/amity-cannot-write/b.duckdb"],
    ]
    for args in hostile:
        db = work / "hostile.duckdb"
        r = _cli(args, db, work)
        counts["inputs_tried"] += 1
        if r["hung"]:
            counts["hangs"] += 1
            fail(f"hang: amity {' '.join(args)}")
        elif _traceback(r):
            counts["tracebacks"] += 1
            fail(f"traceback: amity {' '.join(args)}", r)
        elif r["rc"] != 0:
            counts["inputs_refused"] += 1
        else:
            fail(f"exit 0 on bad input: amity {' '.join(args)}", r)
    counts["work"] = str(work)
    counts["ok"] = not counts["failures"]
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m amity.reliability.faults")
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    a = ap.parse_args(argv)
    res = run(a.kills, a.seed)
    if not a.keep and res["ok"]:
        shutil.rmtree(res["work"], ignore_errors=True)
    print(json.dumps(res, indent=2))
    return 0 if res["ok"] else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
