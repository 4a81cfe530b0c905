"""Load on loopback: N requests at C concurrency against `amity serve`, with and without an
event ingest running through the same server (DuckDB lets one process write the file, so
writes go through the server).

Two phases, side by side in one run, over one store:

* baseline: the request mix alone;
* under ingest: the same mix while a writer POSTs event files to ``/events/ingest`` one after
  another (each POST clears the answer cache, so cached answers are recomputed too).

Reports requests/s, p50/p95/p99/max latency per phase, the ratio under-ingest / baseline,
errors (any non-2xx or transport error; the target is 0) and of them the 5xx answers, the rows ingested against the rows
written, and `amity db check` on the store afterwards.

    .venv/bin/python benchmarks/bench_load.py                 # 10,000 requests at 50
    .venv/bin/python benchmarks/bench_load.py --requests 2000 --concurrency 20 --rows 50000
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
AMITY = str(Path(sys.executable).with_name("amity"))
TOKEN = "load-test-token-7f3a"

# (weight, path) of the request mix: cached measures, store queries, registry lookups
MIX = [
    (25, "/dyad/CHN/RUS?from=1990&to=2020"),
    (10, "/triangle/CHN/RUS/USA?from=2000&to=2020"),
    (20, "/facts?a=CHN&b=RUS&from=1949&to=2024"),
    (10, "/treaties?a=CHN&b=RUS"),
    (15, "/actors/resolve?name=Moscow&at=1960"),
    (10, "/actors/resolve?name=Chinese"),
    (10, "/health"),
]


STATES = ["USA", "CHN", "RUS", "GBR", "FRA", "DEU", "JPN", "IND", "PRK", "KOR", "UKR", "IRN",
          "ISR", "TUR", "PAK", "BRA", "CAN", "MEX", "EGY", "POL", "VNM", "CUB", "SYR", "IRQ"]
NAMES = ["Moscow", "Chinese", "Soviet Union", "Peking", "Britain", "West Germany", "Korea",
         "Persia", "Ottoman Empire", "Washington", "Tokyo", "Kyiv", "Delhi", "Havana"]


def unique_plan(n: int, seed: int) -> list[str]:
    """``n`` distinct store reads (no two alike, so none is a cache hit): facts of a random
    pair over random years, treaties of a pair, actors at a random date, a name resolved at a
    random year."""
    rnd = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        k = rnd.random()
        a, b = rnd.sample(STATES, 2)
        y0 = rnd.randint(1816, 2020)
        y1 = rnd.randint(y0, 2024)
        if k < 0.4:
            p = f"/facts?a={a}&b={b}&from={y0}&to={y1}&limit={rnd.randint(1, 1000)}"
        elif k < 0.6:
            p = f"/facts?a={a}&from={y0}&to={y1}&limit={rnd.randint(1, 1000)}"
        elif k < 0.75:
            p = f"/treaties?a={a}&b={b}"
        elif k < 0.9:
            p = f"/actors/resolve?name={rnd.choice(NAMES)}&at={y0}-{rnd.randint(1, 12):02d}"
        else:
            p = f"/actors?at={y0}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}&kind=state"
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, int(round(q / 100 * (len(xs) - 1)))))
    return xs[k]


async def _load(url: str, n: int, conc: int, seed: int, unique: bool = False) -> dict:
    rnd = random.Random(seed)
    paths = [p for w, p in MIX for _ in range(w)]
    plan = unique_plan(n, seed) if unique else [rnd.choice(paths) for _ in range(n)]
    lat: list[float] = []
    starts: list[float] = []          # perf_counter at each request's start, beside ``lat``
    errors: list[str] = []
    n5xx = 0
    sem = asyncio.Semaphore(conc)
    # one connection per request: a pooled keep-alive connection that uvicorn closes as idle
    # (5 s) at the moment the client reuses it fails as a transport error that says nothing
    # about the server; loopback connects cost well under a millisecond
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120.0) as client:
        async def one(p: str) -> None:
            nonlocal n5xx
            async with sem:
                t0 = time.perf_counter()
                try:
                    r = await client.get(p)
                    ok = 200 <= r.status_code < 300
                    n5xx += r.status_code >= 500
                    if not ok:
                        errors.append(f"{r.status_code} {p} {r.text[:120]}")
                except httpx.HTTPError as e:
                    errors.append(f"{type(e).__name__} {p}")
                lat.append((time.perf_counter() - t0) * 1000)
                starts.append(t0)

        t0 = time.perf_counter()
        await asyncio.gather(*(one(p) for p in plan))
        wall = time.perf_counter() - t0
    return {"requests": n, "concurrency": conc, "seconds": round(wall, 2),
            "rps": round(n / wall, 1), "p50_ms": round(_pct(lat, 50), 1),
            "p95_ms": round(_pct(lat, 95), 1), "p99_ms": round(_pct(lat, 99), 1),
            "max_ms": round(max(lat), 1), "mean_ms": round(statistics.fmean(lat), 1),
            "errors": len(errors), "5xx": n5xx, "error_examples": errors[:5],
            "_samples": list(zip(starts, lat))}


def _window(samples: list[tuple[float, float]], t_end: float) -> dict:
    """p50/p99 of the requests that started before ``t_end`` (while the ingest ran)."""
    lat = [ms for t, ms in samples if t < t_end]
    if not lat:
        return {"requests": 0}
    return {"requests": len(lat), "p50_ms": round(_pct(lat, 50), 1),
            "p99_ms": round(_pct(lat, 99), 1),
            "p99_over_p50": round(_pct(lat, 99) / _pct(lat, 50), 2)}


async def _ingest_while(url: str, files: list[Path], stop: asyncio.Event) -> dict:
    """POST the files one by one (token-gated writes) until done; then wait for ``stop``."""
    out = {"posts": 0, "rows": 0, "errors": [], "seconds": 0.0}
    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=300.0,
                                 headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        for f in files:
            if stop.is_set():
                break
            r = await client.post("/events/ingest", json={"paths": [str(f)], "format": "gdelt2"})
            out["posts"] += 1
            if r.status_code != 200:
                out["errors"].append(f"{r.status_code} {r.text[:200]}")
                continue
            out["rows"] += int(r.json()["rows"])
    out["ended_at"] = time.perf_counter()
    out["seconds"] = round(out["ended_at"] - t0, 2)
    return out


async def _phase_with_ingest(url: str, n: int, conc: int, files: list[Path],
                             unique: bool = False) -> tuple[dict, dict]:
    stop = asyncio.Event()
    ing = asyncio.create_task(_ingest_while(url, files, stop))
    await asyncio.sleep(0.5)        # the first POST is under way before the reads start
    res = await _load(url, n, conc, seed=2, unique=unique)
    stop.set()
    done = await ing
    res["while_ingesting"] = _window(res["_samples"], done.pop("ended_at"))
    return res, done


LOAD0 = [round(x, 2) for x in os.getloadavg()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=10_000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--rows", type=int, default=200_000, help="synthetic events to ingest")
    ap.add_argument("--files", type=int, default=40, help="event files they are split into")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--unique", action="store_true",
                    help="every request a distinct store read (no cache hits) instead of the "
                         "mix")
    a = ap.parse_args()

    from amity import store
    from amity.events.synth import synth
    from amity.knowledge import load_curated

    tmp = Path(tempfile.mkdtemp(prefix="amity-load-"))
    db = tmp / "load.duckdb"
    con = store.connect(db)
    load_curated(con)
    con.close()
    ev = tmp / "events"
    synth(a.rows, ev, fmt="gdelt2", seed=3, years=(2000, 2020),
          rows_per_file=max(1, a.rows // a.files))
    files = sorted(ev.glob("*.CSV"))

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, AMITY_API_TOKEN=TOKEN, AMITY_DB=str(db))
    server = subprocess.Popen([AMITY, "serve", "--port", str(port), "--db", str(db),
                               "--log-level", "error", "--ingest-dir", str(ev)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.time() > deadline:
                raise SystemExit(f"server did not start: {server.stderr.read()[-2000:]}")
            time.sleep(0.2)
        for _, p in MIX:  # warm: first answers computed and cached
            httpx.get(url + p, timeout=300)
        base = asyncio.run(_load(url, a.requests, a.concurrency, seed=1, unique=a.unique))
        under, ing = asyncio.run(_phase_with_ingest(url, a.requests, a.concurrency, files,
                                                    unique=a.unique))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    # the rest of the files, if the load finished first, then check the store
    from amity.events.ingest import ingest
    from amity.reliability import check_path

    for r in (base, under):
        r.pop("_samples", None)

    rest = ingest([str(f) for f in files], "gdelt2", db=db)
    rep = check_path(db)
    con = store.connect(db, read_only=True)
    stored = con.execute("SELECT coalesce(sum(rows), 0) FROM event_files").fetchone()[0]
    con.close()
    out = {
        "load_average_before": LOAD0, "cpus": os.cpu_count(),
        "command": " ".join(["benchmarks/bench_load.py"] + sys.argv[1:]),
        "baseline": base, "under_ingest": under,
        "unique": a.unique,
        "p99_over_p50": {ph: round(out_[ph]["p99_ms"] / out_[ph]["p50_ms"], 2)
                         if out_[ph]["p50_ms"] else None
                         for out_ in [{"baseline": base, "under_ingest": under}]
                         for ph in ("baseline", "under_ingest")},
        "ratio_p50": round(under["p50_ms"] / base["p50_ms"], 2) if base["p50_ms"] else None,
        "ratio_p99": round(under["p99_ms"] / base["p99_ms"], 2) if base["p99_ms"] else None,
        "ingest": {**ing, "rows_after_rest": int(rest["rows"]), "rows_stored": int(stored),
                   "rows_written": a.rows, "files": len(files)},
        "db_check_ok": rep.ok,
    }
    if a.json:
        print(json.dumps(out, indent=2))
    else:
        for name in ("baseline", "under_ingest"):
            r = out[name]
            print(f"{name:13s} {r['requests']} req @ {r['concurrency']}: {r['rps']} req/s, "
                  f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms, "
                  f"max {r['max_ms']} ms, errors {r['errors']} (5xx {r['5xx']})")
        w = out["under_ingest"]["while_ingesting"]
        if w["requests"]:
            print(f"  of them the {w['requests']} started while the ingest ran: p50 "
                  f"{w['p50_ms']} ms, p99 {w['p99_ms']} ms, p99 / p50 x{w['p99_over_p50']}")
        print(f"ratio under ingest / baseline: p50 x{out['ratio_p50']}, p99 x{out['ratio_p99']}")
        print(f"p99 / p50: baseline x{out['p99_over_p50']['baseline']}, under ingest "
              f"x{out['p99_over_p50']['under_ingest']}")
        i = out["ingest"]
        print(f"ingest through the server: {i['posts']} POSTs, {i['rows']} rows in "
              f"{i['seconds']} s, errors {len(i['errors'])}; stored {i['rows_stored']} of "
              f"{i['rows_written']} rows; db check ok: {out['db_check_ok']}")
    bad = base["errors"] + under["errors"] + len(ing["errors"])
    if bad or out["ingest"]["rows_stored"] != a.rows or not rep.ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
