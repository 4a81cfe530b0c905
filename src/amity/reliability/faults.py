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
    """A digest of what the store answers about its events: the dyad-year aggregates that
    ``amity events aggregate`` writes, every row sorted, and their count."""
    import pyarrow.parquet as pq

    out = work / f"agg-{db.stem}.parquet"
    out.unlink(missing_ok=True)
    r = _cli(["events", "aggregate", "--by", "dyad-year", "--out", str(out)], db, work)
    if r["rc"] != 0 or not out.is_file():
        return "error:" + ((r["err"] or "").strip().splitlines() or ["?"])[-1]
    t = pq.read_table(out)
    rows = sorted(map(str, zip(*[t.column(c).to_pylist() for c in t.column_names])))
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
    """Hostile requests against the API in process (a copy of the store, writes on, an
    ingest folder): each must get a 4xx (or a 2xx where the input is merely odd), never a
    5xx, an exception or a timeout."""
    import warnings

    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    from amity.api import create_app

    adb = work / "api.duckdb"
    shutil.copy(db, adb)
    if Path(str(db) + ".events").is_dir():
        shutil.copytree(Path(str(db) + ".events"), Path(str(adb) + ".events"),
                        dirs_exist_ok=True)
    inbox = work / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / "ok.CSV").write_text("")
    secret = work / "secret.txt"
    secret.write_text("secret")
    if not (inbox / "link.CSV").exists():
        (inbox / "link.CSV").symlink_to(secret)
    tok = "harness-token"
    auth = {"Authorization": f"Bearer {tok}"}
    mirror = os.environ.get("AMITY_MIRROR") or None
    app = create_app(adb, token=tok, timeout=30, ingest_dirs=[str(inbox)], mirror=mirror,
                     allowed_hosts=["127.0.0.1", "localhost", "testserver"])
    big = "9223372036854775808"
    L = "A" * 5000
    gets = [
        f"/panel?states={big}&from=2000&to=2001", f"/dyad/CHN/RUS?from={big}",
        f"/dyad/CHN/RUS?to=-{big}", "/dyad/CHN/RUS?from=abc", "/dyad/CHN/RUS?from=1.5",
        f"/dyad/{L}/RUS", "/dyad/%00/RUS", "/dyad/%F0%9F%92%A9/RUS", "/dyad/CHN/RUS/zzz",
        "/dyad/RUS/RUS", "/dyad/CHN/RUS?from=2020&to=1990", "/triangle/CHN/RUS/USA?band=NaN",
        "/triangle/CHN/RUS/USA?band=-1", "/triangle/CHN/RUS/USA?band=inf",
        "/triangle/CHN/CHN/USA", f"/triangle/CHN/RUS/{L}",
        "/compare?pairs=CHNRUS", "/compare?pairs=CHN-RUS,CHN-RUS", "/compare?pairs=",
        "/compare?pairs=" + ",".join(f"USA-S{i}" for i in range(50)),
        "/balance?year=1500", f"/balance?year={big}", "/balance?year=2000&threshold=NaN",
        "/balance?year=2000&threshold=5", "/balance?year=2000&states=",
        "/balance?year=2000&states=" + ",".join(f"S{i}" for i in range(400)),
        "/balance?year=2000&states=USA,NOSUCH", "/coalition?target=RUS&year=2022&k=0",
        f"/coalition?target=RUS&year=2022&k={big}", "/coalition?target=RUS&year=2022&top=-1",
        "/coalition?target=&year=2022", f"/coalition?target={L}&year=2022",
        "/coalition?target=RUS&year=3000", "/treaties?a=", f"/treaties?a={L}",
        "/treaties?a=NOSUCH", "/facts?a=RUS&kind=zzz",
        "/facts?a=RUS&" + "&".join("kind=war" for _ in range(100)), "/facts?limit=0",
        f"/facts?limit={big}", "/facts?from=2020&to=1990", f"/facts?a={L}",
        "/actors?at=99999", "/actors?at=1960-13-45", "/actors?at=%00", "/actors?kind=zzz",
        "/actors?system=zzz", "/actors/resolve?name=", f"/actors/resolve?name={L}",
        "/actors/resolve?name=Russia&at=abc", "/actors/resolve?name=%ED%A0%80",
        "/panel?from=1&to=2", "/panel?from=2000&to=2001&kind=zzz",
        "/panel?from=2000&to=2001&add=zzz", "/panel?from=2000&to=2001&system=zzz",
        "/static/../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/etc/passwd", "/nosuch", "/" + "x" * 10000,
    ]
    if mirror:    # panels read the datasets: without them the answer is 503 (unavailable)
        gets += ["/panel?from=1816&to=2024&kind=dyad_year",
                 "/panel?from=2000&to=2001&states=USA,NOSUCH"]
    else:
        gets.remove(f"/panel?states={big}&from=2000&to=2001")
    posts: list[tuple[str, Any, dict]] = [
        ("/extract", '{"text": "\\ud800 Russia"}', {}),      # a lone surrogate, as JSON
        ("/extract", '{"text": "\\udfff\\ud800"}', {}),
        ("/extract", {"text": ""}, {}),
        ("/extract", {"text": 5}, {}),
        ("/extract", {"text": "Russia met China.", "date": "2022-13-40"}, {}),
        ("/extract", {"text": "Russia met China.", "date": big}, {}),
        ("/extract", {}, {}),
        ("/extract", [1, 2], {}),
        ("/extract", "[" * 5000 + "]" * 5000, {}),
        ("/extract", {"text": "x" * 2_000_000}, {}),
        ("/extract?store=true", {"text": "Russia met China."}, {}),
        ("/extract?store=true", {"text": "Russia met China."}, {"Authorization": "Bearer x"}),
        ("/events/ingest", {"paths": ["/etc/passwd"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["/etc/shadow"], "format": "icews"}, auth),
        ("/events/ingest", {"paths": ["/**/*.x"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [str(inbox / "**" / "*.CSV")], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [str(inbox / "link.CSV")], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [str(inbox / ".." / "secret.txt")], "format": "gdelt2"},
         auth),
        ("/events/ingest", {"paths": ["../secret.txt"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["\x00"], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": [], "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"] * 2000, "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"], "format": "nope"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"], "format": "gdelt2", "since": "zz"}, auth),
        ("/events/ingest", {"paths": "ok.CSV", "format": "gdelt2"}, auth),
        ("/events/ingest", {"paths": ["ok.CSV"], "format": "gdelt2"}, {}),
        ("/ingest/curated", {"files": ["/etc/passwd"]}, auth),
        ("/ingest/curated", {"files": [str(inbox / "link.CSV")]}, auth),
        ("/ingest/curated", {"files": "x"}, auth),
        ("/ingest/curated", None, {"Authorization": "Basic abc"}),
        ("/ingest/curated", None, {"Authorization": "Bearer " + "x" * 10000}),
    ]
    hosts = ["evil.example", "127.0.0.1.evil.example", "", "[::1", "a" * 300]
    out = {"tried": 0, "refused": 0, "5xx": 0, "hangs": 0, "failures": []}
    with TestClient(app, raise_server_exceptions=False) as c:
        def one(what: str, call) -> None:
            out["tried"] += 1
            try:
                r = call()
            except Exception as e:  # noqa: BLE001 - an exception out of the app is a crash
                out["failures"].append(f"api exception on {what[:120]}: {type(e).__name__}")
                return
            if r.status_code == 504:
                out["hangs"] += 1
                out["5xx"] += 1
                out["failures"].append(f"api timeout on {what[:120]}")
            elif r.status_code >= 500:
                out["5xx"] += 1
                out["failures"].append(f"api {r.status_code} on {what[:120]}: {r.text[:200]}")
            elif r.status_code >= 400:
                out["refused"] += 1

        for u in gets:
            one("GET " + u, lambda u=u: c.get(u))
        for u, body, hd in posts:
            if isinstance(body, str):
                one("POST " + u, lambda u=u, body=body, hd=hd: c.post(
                    u, content=body, headers={**hd, "Content-Type": "application/json"}))
            else:
                one("POST " + u, lambda u=u, body=body, hd=hd: c.post(u, json=body, headers=hd))
        for hv in hosts:
            one("Host " + hv, lambda hv=hv: c.get("/health", headers={"Host": hv}))
        for ct in ("text/plain", "application/xml", "multipart/form-data; boundary=x"):
            one("POST /extract as " + ct, lambda ct=ct: c.post(
                "/extract", content=b"text=Russia", headers={"Content-Type": ct}))
        one("POST /extract not UTF-8", lambda: c.post(
            "/extract", content=b'{"text": "\xff\xfe Russia"}',
            headers={"Content-Type": "application/json"}))
        one("GET with a body over the limit", lambda: c.post(
            "/extract", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"}))
    return out


def run(kills: int = 10, seed: int = 0, work: Path | None = None) -> dict[str, Any]:
    from amity.events.synth import synth

    rng = random.Random(seed)
    work = Path(work or tempfile.mkdtemp(prefix="amity-faults-"))
    counts = {"kills": 0, "kills_survived": 0, "write_faults": 0, "write_faults_survived": 0,
              "inputs_tried": 0, "inputs_refused": 0, "tracebacks": 0, "hangs": 0,
              "api_5xx": 0, "lost_or_duplicated": 0, "failures": []}

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

    # ---------------------------------------------------------------- write faults
    def converge(name: str, args: list[str], db: Path, r: dict[str, Any], what: str,
                 check=None) -> None:
        counts["write_faults"] += 1
        if r["hung"]:
            counts["hangs"] += 1
            fail(f"{name} hung under {what}")
            return
        if _traceback(r):
            counts["tracebacks"] += 1
            fail(f"{name} under {what}", r)
            return
        lines = [x for x in (r["err"] or "").splitlines() if x.strip().startswith("error")]
        if r["rc"] != 0 and len(lines) != 1:
            fail(f"{name} under {what}: not one line", r)
            return
        r2 = _cli(args, db, work)
        ok = r2["rc"] == 0 and (check() if check else _digest(db, work) == want)
        if ok:
            counts["write_faults_survived"] += 1
        else:
            counts["lost_or_duplicated"] += 1
            fail(f"{name} after {what} did not converge", r2)

    restore = ["db", "restore", str(bk)]
    for i, fsize in enumerate((4096, 16384, 65536, 262144, 1 << 20, 4 << 20)):
        for name, args in (("ingest", ingest), ("restore", restore)):
            db = work / f"w{i}{name}.duckdb"
            if name == "restore":
                shutil.copy(half, db)
            r = _cli(args, db, work, fsize=fsize)
            converge(name, args, db, r, f"ulimit -f {fsize}")
    # the curated layer under a file-size limit, then without: the same facts as a clean load
    cur_ref = work / "curated-ref.duckdb"
    _cli(["curated", "load"], cur_ref, work)
    want_facts = _facts_digest(cur_ref, work)
    for fsize in (4096, 65536):
        db = work / f"wc{fsize}.duckdb"
        r = _cli(["curated", "load"], db, work, fsize=fsize)
        converge("curated load", ["curated", "load"], db, r, f"ulimit -f {fsize}",
                 check=lambda db=db: _facts_digest(db, work) == want_facts)
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

    # ---------------------------------------------------------------- hostile CLI input
    for args in hostile_commands(work, bk, files):
        db = work / "hostile.duckdb"
        r = _cli(args, db, work)
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
