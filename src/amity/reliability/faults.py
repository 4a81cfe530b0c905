"""Fault harness (``make faults``): kill the write paths, starve their writes, feed hostile
input, and count what happened.

Every trial runs the real CLI as a child process (``python -m amity``):

* **kills**: ``events ingest`` and ``db restore`` are SIGKILLed after a random delay within a
  clean run's duration; the command is then re-run and the store must answer exactly as an
  uninterrupted run (dyad-year digest and ``db check`` clean): no lost or duplicated row;
* **write faults**: the same commands under a file-size limit (``ulimit -f``, RLIMIT_FSIZE),
  and an ingest into a read-only event folder or a read-only store (as root, under
  ``setpriv`` without the capabilities that override permissions): they must exit non-zero
  with one line (no traceback), and a re-run without the fault must converge;
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
import threading
import time
from pathlib import Path
from typing import Any

import duckdb

TIMEOUT = 120.0


def _env(db: Path, work: Path) -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[2])
    e = dict(os.environ, AMITY_DB=str(db), AMITY_LOG_DIR=str(work / "logs"),
             PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    e.pop("AMITY_EVENTS_DIR", None)
    e.pop("AMITY_EVENTS_CRASH", None)
    return e


def no_override_prefix() -> list[str] | None:
    """A command prefix under which file permissions hold: as root, ``setpriv`` drops the
    capabilities that override them (``[]`` when not root; None as root without setpriv)."""
    if os.geteuid() != 0:
        return []
    exe = shutil.which("setpriv")
    if exe is None:
        return None
    return [exe, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def _writable(paths: list[Path], on: bool) -> None:
    """Add or remove the write bits of ``paths`` and everything under them (a file that a
    running command removes meanwhile is passed over)."""
    for top in paths:
        items = [top]
        if top.is_dir():
            for root, dirs, files in os.walk(top):   # os.walk passes over vanished folders
                items += [Path(root, n) for n in dirs + files]
        for q in items:
            try:
                mode = q.stat().st_mode
                q.chmod(mode | 0o200 if on else mode & ~0o222)
            except FileNotFoundError:
                continue


def _cli(args: list[str], db: Path, work: Path, *, kill_after: float | None = None,
         fsize: int | None = None, prefix: list[str] | None = None) -> dict[str, Any]:
    def limit():
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    t0 = time.monotonic()
    p = subprocess.Popen([*(prefix or []), sys.executable, "-m", "amity", *args],
                         env=_env(db, work),
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
    """A digest of what the store answers about its events: the dyad-year aggregates that
    ``amity events aggregate`` writes, every row sorted, and their count. Floats are taken
    to 10 significant digits: a sum's last bits depend on the order its parts are read in
    (the same events ingested in other batches), a lost or doubled event changes far more."""
    import pyarrow.parquet as pq

    out = work / f"agg-{db.stem}.parquet"
    out.unlink(missing_ok=True)
    r = _cli(["events", "aggregate", "--by", "dyad-year", "--out", str(out)], db, work)
    if r["rc"] != 0 or not out.is_file():
        return "error:" + ((r["err"] or "").strip().splitlines() or ["?"])[-1]
    t = pq.read_table(out)
    cols = [[float(f"{v:.10g}") if isinstance(v, float) else v for v in t.column(c).to_pylist()]
            for c in t.column_names]
    rows = sorted(map(str, zip(*cols)))
    out.unlink(missing_ok=True)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest() + f":{len(rows)}"


def _check_ok(db: Path, work: Path) -> bool:
    return _cli(["db", "check", "--json"], db, work)["rc"] == 0


def _traceback(r: dict[str, Any]) -> bool:
    return "Traceback (most recent call last)" in (r["err"] or "")


def _facts_digest(db: Path, work: Path) -> str:
    """A digest of the store's facts (relation ids), read in this process."""
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as e:
        return "error:" + str(e).splitlines()[0]
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM relations ORDER BY id").fetchall()]
    except duckdb.Error as e:
        return "error:" + str(e).splitlines()[0]
    finally:
        con.close()
    return hashlib.sha256("|".join(ids).encode()).hexdigest() + f":{len(ids)}"


#: the text ``extract --store`` is killed while reading and storing
ARTICLE = ("On 3 March 2022 Russia invaded Ukraine. The United States imposed sanctions on "
           "Russia on 5 March 2022. China and Russia signed a treaty of friendship in July 2001. "
           "India and Pakistan held talks in Islamabad on 4 May 2021. France condemned the "
           "attack on 6 June 2023.\n")


def _store_digest(db: Path, work: Path) -> str:
    """What a user sees in the store (facts, datasets and their rows, quarantine, reader
    evidence, committed events: :func:`amity.reliability.crash.snapshot`), hashed."""
    from amity.reliability.crash import snapshot

    try:
        snap = snapshot(db)
    except (duckdb.Error, OSError) as e:   # a store that cannot be read is a finding
        return "error:" + str(e).splitlines()[0]
    return hashlib.sha256(json.dumps(snap, sort_keys=True, default=str).encode()).hexdigest()


def hostile_commands(work: Path, backup: Path, files: list[str]) -> list[list[str]]:
    """CLI commands given input each must refuse with one line and a non-zero exit."""
    import gzip
    import zipfile

    h = work / "hostile"
    h.mkdir(exist_ok=True)
    csv = h / "x.csv"
    csv.write_text("a,b\n1,2\n")
    empty = h / "empty.duckdb"
    empty.write_bytes(b"")
    noise = h / "noise.duckdb"
    noise.write_bytes(random.Random(7).randbytes(70_000))
    trunc = h / "trunc.duckdb"
    trunc.write_bytes(Path(backup).read_bytes()[:5000])
    deep = h / "deep.jsonl"
    deep.write_text('{"id": "1", "text": ' + "[" * 50000 + "]" * 50000 + "}\n")
    deep_obj = h / "deepobj.jsonl"
    deep_obj.write_text('{"a":' * 20000 + "1" + "}" * 20000 + "\n")
    bad_gz = h / "bad.CSV.gz"
    bad_gz.write_bytes(b"\x1f\x8b\x08\x00garbage")
    bomb = h / "20150219000000.export.CSV.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as fh:
        z = b"\0" * (1 << 20)
        for _ in range(100):
            fh.write(z)
    zbomb = h / "20150219001500.export.CSV.zip"
    with zipfile.ZipFile(zbomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("x.CSV", "w") as fh:
            z = b"\0" * (1 << 20)
            for _ in range(100):
                fh.write(z)
    fake_zip = h / "20150219003000.export.CSV.zip"
    fake_zip.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    empty_zip = h / "20150219004500.export.CSV.zip"
    with zipfile.ZipFile(empty_zip, "w"):
        pass
    binary = h / "bin.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    emptydir = h / "emptydir"
    emptydir.mkdir(exist_ok=True)
    bad_curated = h / "facts_bad.csv"
    bad_curated.write_text("kind,date,source\ntreaty,notadate,NOSUCH\n")
    missing = h / "missing"
    ro = "/proc/amity-cannot-write"
    cmds: list[list[str]] = []
    for bad in (csv, h, empty, noise, trunc):
        cmds += [["db", "status", "--db", str(bad)], ["db", "check", "--db", str(bad)],
                 ["dyad", "CHN", "RUS", "--db", str(bad)]]
    for bad in (csv, h, empty, noise, trunc, missing / "b.duckdb"):
        cmds.append(["db", "restore", str(bad)])
    cmds += [["db", "backup", ro + "/b.duckdb"], ["db", "backup", str(h)]]
    cmds += [["extract", "--jsonl", str(deep)], ["extract", "--jsonl", str(deep_obj)],
             ["extract", "--jsonl", str(missing / "x.jsonl")],
             ["extract", "--jsonl", str(h)],
             ["extract", "--jsonl", str(binary)]]
    for bad in (bad_gz, bomb, zbomb, fake_zip, empty_zip):
        cmds.append(["events", "ingest", str(bad), "--format", "gdelt2"])
    cmds += [["events", "ingest", str(csv), "--format", "nosuch"],
             ["events", "ingest", str(missing / "*.CSV"), "--format", "gdelt2"],
             ["events", "ingest", str(missing / "f.CSV"), "--format", "gdelt2"],
             ["events", "ingest", files[0], "--format", "gdelt2", "--since", "yesterday"],
             ["events", "ingest", files[0], "--format", "gdelt2", "--batch-rows", "0"],
             ["events", "ingest", files[0], "--format", "gdelt2", "--batch-rows", "-5"],
             ["events", "aggregate", "--by", "century", "--out", str(h / "a.parquet")],
             ["events", "aggregate", "--by", "dyad-year", "--out", str(h / "a.csv")],
             ["events", "stats", "--events-dir", str(missing)],
             ["load", "nmc6", "--mirror", str(missing)],
             ["load", "nmc6", "--mirror", str(emptydir)],
             ["load", "nosuchdataset"],
             ["dyad", "NOSUCHACTOR", "USA"],
             ["dyad", "USA", "USA"],
             ["dyad", "USA", "RUS", "--from", "2020", "--to", "1990"],
             ["dyad", "USA", "RUS", "--from", "1500"],
             ["dyad", "USA", "RUS", "--to", "3000"],
             ["dyad", "USA", "RUS", "--from", "9223372036854775808"],
             ["dyad", "USA", "RUS", "--chart", str(h / "c.txt")],
             ["dyad", "USA", "RUS", "--chart", ro + "/c.png"],
             ["dyad", "\x01", "USA"],
             ["dyad", "A" * 5000, "USA"],
             ["compare", "CHN-RUS"],
             ["compare", "CHNRUS", "USA-GBR"],
             ["compare", "CHN-RUS", "CHN-RUS"],
             ["triangle", "CHN", "RUS"],
             ["triangle", "CHN", "CHN", "USA"],
             ["triangle", "CHN", "RUS", "NOSUCH"],
             ["balance", "--year", "1500"],
             ["balance", "--year", "2000", "--threshold", "2"],
             ["balance", "--year", "2000", "--states", "USA,NOSUCH"],
             ["coalition", "--target", "NOSUCH", "--year", "2000"],
             ["coalition", "--target", "RUS", "--year", "3000"],
             ["coalition", "--target", "RUS", "--year", "2022", "--k", "0"],
             ["treaties", "NOSUCH"],
             ["facts", "RUS", "--from", "2020", "--to", "1990"],
             ["actor", "zzzzzzzzzz"],
             ["actors", "--at", "1960-13-45"],
             ["panel", "nosuchkind", "--from", "2000", "--to", "2001"],
             ["panel", "dyad-years", "--from", "2000", "--to", "2001", "--add", "nosuch"],
             ["panel", "dyad-years", "--from", "2001", "--to", "2000"],
             ["curated", "load", "--file", str(csv)],
             ["curated", "load", "--file", str(bad_curated)],
             ["curated", "load", "--file", str(missing / "f.csv")],
             ["curated", "load", "--file", str(h)],
             ["curated", "load", "--file", str(binary)],
             ["brief", "CHN", "RUS"],
             ["brief", "CHN", "RUS", "USA", "--out", str(h / "brief.txt")],
             ["serve", "--port", "70000"],
             ["serve", "--timeout", "-1"],
             ["serve", "--ingest-dir", str(missing)]]
    return cmds


def hostile_api(work: Path, db: Path) -> dict[str, Any]:
    """Hostile requests against the API (:mod:`amity.api.hostile`), run in a child process
    (the harness sits below the faces and does not import them)."""
    r = subprocess.run([sys.executable, "-m", "amity.api.hostile", str(work), str(db)],
                       env=_env(db, work), capture_output=True, text=True, timeout=1800)
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"tried": 0, "refused": 0, "5xx": 0, "hangs": 0,
                "failures": ["the API campaign crashed: " + (r.stderr or "")[-500:]]}


def _jobs() -> int:
    """Workers for the independent runs (write faults, hostile commands): AMITY_FAULTS_JOBS,
    else the CPU count, at most 4. The kills stay one at a time (their delays are taken
    from a clean run's duration)."""
    n = os.environ.get("AMITY_FAULTS_JOBS")
    return max(1, int(n) if n else min(4, os.cpu_count() or 1))


def _parallel(fn, items) -> list:
    """``[fn(x) for x in items]`` on :func:`_jobs` threads (each call runs child processes)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(_jobs()) as pool:
        return list(pool.map(fn, list(items)))


def run(kills: int = 10, seed: int = 0, work: Path | None = None) -> dict[str, Any]:
    from amity.events.synth import synth

    rng = random.Random(seed)
    work = Path(work or tempfile.mkdtemp(prefix="amity-faults-"))
    counts = {"kills": 0, "kills_survived": 0, "write_faults": 0, "write_faults_survived": 0,
              "inputs_tried": 0, "inputs_refused": 0, "tracebacks": 0, "hangs": 0,
              "api_5xx": 0, "lost_or_duplicated": 0, "failures": [], "notes": []}

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
    if want.startswith("error:") or want.endswith(":0"):
        raise RuntimeError(f"the reference digest is not usable: {want}")
    bk = work / "bk.duckdb"
    _cli(["db", "backup", str(bk)], ref, work)
    half = work / "half.duckdb"       # a store with other events, to restore over
    _cli(["events", "ingest", files[0], "--format", "gdelt2"], half, work)
    t_restore = _cli(["db", "restore", str(bk)], work / "probe.duckdb", work)["seconds"]

    # each path: (name, args, a clean run's seconds, the digest of a store, the clean digest)
    paths = [("ingest", ingest, t_ingest, _digest, want),
             ("restore", ["db", "restore", str(bk)], t_restore, _digest, want)]
    # a dataset load and a reader store merge (`extract --store`), compared on what a user
    # sees in the store (amity.reliability.crash.snapshot: facts, datasets and their rows,
    # quarantine, reader evidence)
    doc = work / "article.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    more = [("extract", ["extract", str(doc), "--store", "--date", "2025-06-01"])]
    if os.environ.get("AMITY_MIRROR"):
        more.insert(0, ("load", ["load", "nmc6", "--skip-bad-rows"]))
    else:
        counts["notes"].append("no AMITY_MIRROR: kills during `load` not tried")
    for name, args in more:
        clean = work / f"ref-{name}.duckdb"
        r = _cli(args, clean, work)
        if r["rc"] != 0:
            raise RuntimeError(f"the clean {name} failed: " + r["err"][-500:])
        paths.append((name, args, r["seconds"], _store_digest, _store_digest(clean, work)))
    counts["kill_paths"] = [p[0] for p in paths]
    i = 0
    # until ``kills`` kills have landed (a run that finishes before its delay is no kill),
    # at most three trials per kill asked for
    while counts["kills"] < kills and i < 3 * kills:
        name, args, dur, digest, want_here = paths[i % len(paths)]
        i += 1
        db = work / f"k{i}.duckdb"
        if name == "restore":
            shutil.copy(half, db)
            if Path(str(half) + ".events").is_dir():
                shutil.copytree(Path(str(half) + ".events"), Path(str(db) + ".events"))
        delay = rng.uniform(0.3, max(0.4, 0.85 * dur))
        r = _cli(args, db, work, kill_after=delay)
        counts["kills"] += int(r["killed"])
        if _traceback(r):
            counts["tracebacks"] += 1
            fail(f"{name} traceback before kill", r)
        r2 = _cli(args, db, work)                     # re-run to completion
        got = digest(db, work)
        if r2["rc"] != 0 or _traceback(r2):
            counts["tracebacks"] += int(_traceback(r2))
            fail(f"{name} re-run after kill at {delay:.2f}s", r2)
        elif got != want_here or not _check_ok(db, work):
            counts["lost_or_duplicated"] += 1
            fail(f"{name} killed at {delay:.2f}s did not converge")
        elif r["killed"]:
            counts["kills_survived"] += 1
            counts[f"kills_{name}"] = counts.get(f"kills_{name}", 0) + 1

    # ---------------------------------------------------------------- write faults
    lock = threading.Lock()

    def converge(name: str, args: list[str], db: Path, r: dict[str, Any], what: str,
                 check=None) -> None:
        """Count one write fault: a hang or traceback fails; so does an error that is not one
        line; then a re-run without the fault must converge. Safe to call from workers."""
        bad, survived = None, False
        lines = [x for x in (r["err"] or "").splitlines() if x.strip().startswith("error")]
        if r["hung"]:
            bad = ("hangs", f"{name} hung under {what}", None)
        elif _traceback(r):
            bad = ("tracebacks", f"{name} under {what}", r)
        elif r["rc"] != 0 and len(lines) != 1:
            bad = (None, f"{name} under {what}: not one line", r)
        else:
            r2 = _cli(args, db, work)
            survived = r2["rc"] == 0 and (check() if check else _digest(db, work) == want)
            if not survived:
                bad = ("lost_or_duplicated", f"{name} after {what} did not converge", r2)
        with lock:
            counts["write_faults"] += 1
            if survived:
                counts["write_faults_survived"] += 1
            elif bad is not None:
                if bad[0]:
                    counts[bad[0]] += 1
                fail(bad[1], bad[2])

    def fault_under_fsize(job):
        i, fsize, name, args = job
        db = work / f"w{i}{name}.duckdb"
        if name == "restore":
            shutil.copy(half, db)
        r = _cli(args, db, work, fsize=fsize)
        converge(name, args, db, r, f"ulimit -f {fsize}")

    def curated_under_fsize(fsize):
        db = work / f"wc{fsize}.duckdb"
        r = _cli(["curated", "load"], db, work, fsize=fsize)
        converge("curated load", ["curated", "load"], db, r, f"ulimit -f {fsize}",
                 check=lambda db=db: _facts_digest(db, work) == want_facts)

    restore = ["db", "restore", str(bk)]
    # the curated layer under a file-size limit, then without: the same facts as a clean load
    cur_ref = work / "curated-ref.duckdb"
    _cli(["curated", "load"], cur_ref, work)
    want_facts = _facts_digest(cur_ref, work)
    jobs = [(i, fsize, name, args)
            for i, fsize in enumerate((4096, 16384, 65536, 262144, 1 << 20, 4 << 20))
            for name, args in (("ingest", ingest), ("restore", restore))]
    # each fault on its own store, so they run side by side (AMITY_FAULTS_JOBS workers)
    _parallel(fault_under_fsize, jobs)
    _parallel(curated_under_fsize, (4096, 65536))
    # the event folder is a file (cannot be written into), then the file is removed
    db = work / "wfile.duckdb"
    evf = Path(str(db) + ".events")
    evf.write_text("not a folder")
    r = _cli(ingest, db, work)
    evf.unlink()
    converge("ingest", ingest, db, r, "an event folder that is a file")
    # a backup written under a file-size limit: refused in one line, then a whole backup
    bdb = work / "wb.duckdb"
    shutil.copy(ref, bdb)
    if Path(str(ref) + ".events").is_dir():
        shutil.copytree(Path(str(ref) + ".events"), Path(str(bdb) + ".events"))
    out = work / "wb-backup.duckdb"
    r = _cli(["db", "backup", str(out)], bdb, work, fsize=65536)
    converge("backup", ["db", "backup", str(out)], bdb, r, "ulimit -f 65536",
             check=lambda: _cli(["db", "check", "--db", str(out), "--json"], bdb,
                                work)["rc"] == 0)

    # a read-only event folder, then a read-only store (file and folder): permissions that
    # hold for root too (setpriv); one line, a non-zero exit, and a re-run once writable
    pre = no_override_prefix()
    if pre is None:
        counts["notes"].append("read-only write faults skipped: root without setpriv")
    else:
        for kind in ("event folder", "store"):
            home = work / f"ro-{kind.split()[0]}"
            home.mkdir()
            db = home / "s.duckdb"
            _cli(["events", "ingest", files[0], "--format", "gdelt2"], db, work)
            targets = [Path(str(db) + ".events")] if kind == "event folder" else [home]
            _writable(targets, False)
            try:
                r = _cli(ingest, db, work, prefix=pre)
            finally:
                _writable(targets, True)
            if r["rc"] == 0:
                fail(f"ingest into a read-only {kind} exited 0", r)
            converge("ingest", ingest, db, r, f"a read-only {kind}")

    # ---------------------------------------------------------------- hostile CLI input
    hostile = hostile_commands(work, bk, files)
    # each command on its own (fresh) store, side by side; judged here in order
    runs = _parallel(lambda k: _cli(hostile[k], work / f"hostile{k}.duckdb", work),
                     range(len(hostile)))
    for args, r in zip(hostile, runs):
        counts["inputs_tried"] += 1
        if r["hung"]:
            counts["hangs"] += 1
            fail(f"hang: amity {' '.join(args)[:200]}")
        elif _traceback(r):
            counts["tracebacks"] += 1
            fail(f"traceback: amity {' '.join(args)[:200]}", r)
        elif r["rc"] == 0:
            fail(f"exit 0 on bad input: amity {' '.join(args)[:200]}", r)
        elif len([x for x in (r["err"] or "").splitlines()
                  if x.strip().lower().startswith("error")]) != 1:
            fail(f"not one error line: amity {' '.join(args)[:200]}", r)
        else:
            counts["inputs_refused"] += 1

    # ---------------------------------------------------------------- hostile API input
    api = hostile_api(work, ref)
    for k in ("tried", "refused", "5xx", "hangs"):
        counts[f"api_{k}"] = api[k]
    counts["inputs_tried"] += api["tried"]
    counts["inputs_refused"] += api["refused"]
    counts["hangs"] += api["hangs"]
    counts["failures"] += api["failures"]

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
