"""API latency of the dyad endpoint under 50 concurrent clients on loopback.

Setup: a store with the curated layer (datasets read from the mirror when one is configured)
served by ``amity serve`` in its own process; the load generator (httpx, asyncio) runs in this
process, so both share the machine's cores (2 in CI) — the latencies include the client's own
work. The pairs are requested once first (the API caches each pair's answer in-process),
then ``--requests`` requests go out from ``--clients`` concurrent clients over the pairs in turn.

Baseline, in the same script: the same answer computed in-process by the function behind the
endpoint (:func:`amity.api.service.dyad_view`, no HTTP, no cache) — what every request would
cost without the cache.

    python benchmarks/bench_api.py [--requests 2000] [--clients 50]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PAIRS = [("CHN", "RUS"), ("PRK", "RUS"), ("USA", "RUS"), ("CHN", "USA"), ("RUS", "UKR")]
YEARS = {"from": 1949, "to": 2025}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, int(round(q / 100 * (len(xs) - 1)))))
    return xs[k]


async def _request(reader, writer, path: str) -> tuple[int, int]:
    """One HTTP/1.1 keep-alive GET on an open connection: (status, body bytes)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for ln in lines[1:]:
        k, _, v = ln.partition(":")
        if k.lower() == "content-length":
            length = int(v)
    body = await reader.readexactly(length)
    return status, len(body)


async def _load(port: int, n: int, clients: int) -> tuple[list[float], int, float, int]:
    """``clients`` concurrent keep-alive connections issue ``n`` GETs back to back.

    A minimal asyncio client (no HTTP library) keeps the load generator's own CPU cost low,
    since it shares the cores with the server."""
    lat: list[float] = []
    errors = 0
    nbytes = 0
    counter = iter(range(n))
    paths = [f"/dyad/{a}/{b}?from={YEARS['from']}&to={YEARS['to']}" for a, b in PAIRS]

    async def worker():
        nonlocal errors, nbytes
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for i in counter:
                t = time.perf_counter()
                try:
                    status, nbytes = await _request(reader, writer, paths[i % len(paths)])
                    ok = status == 200
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    ok = False
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                lat.append(time.perf_counter() - t)
                errors += not ok
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*[worker() for _ in range(clients)])
    return lat, errors, time.perf_counter() - t0, nbytes


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=50)
    args = ap.parse_args()

    from amity import store
    from amity.knowledge import load_curated

    tmp = Path(tempfile.mkdtemp(prefix="amity-bench-api-"))
    db = tmp / "bench.duckdb"
    con = store.connect(db)
    load_curated(con)

    # baseline: the function behind the endpoint, in-process, no cache
    from amity.api.service import dyad_view

    base_times = []
    for a, b in PAIRS:
        t = time.perf_counter()
        dyad_view(a, b, YEARS["from"], YEARS["to"], con=con)
        base_times.append(time.perf_counter() - t)
    con.close()

    port = _free_port()
    env = {**os.environ, "AMITY_DB": str(db)}
    env.pop("AMITY_API_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "amity", "serve", "--port", str(port),
                             "--log-level", "error"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        t0 = time.time()
        while True:
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.time() - t0 > 90:
                raise SystemExit("server did not start: " + proc.stderr.read().decode())
            time.sleep(0.2)
        warm = []
        for a, b in PAIRS:  # first request per pair computes and caches
            t = time.perf_counter()
            r = httpx.get(f"{url}/dyad/{a}/{b}", params=YEARS, timeout=300)
            r.raise_for_status()
            warm.append(time.perf_counter() - t)
        try:  # the lightest event loop for the load generator too
            import uvloop

            runner = uvloop.run
        except ImportError:
            runner = asyncio.run
        lat, errors, wall, nbytes = runner(_load(port, args.requests, args.clients))
        health = httpx.get(url + "/health").json()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)

    ms = [x * 1000 for x in lat]
    p50, p99 = _pct(ms, 50), _pct(ms, 99)
    base_ms = statistics.median(base_times) * 1000
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"cores: {os.cpu_count()} (server process and load generator share them); "
          f"load average {load}")
    print(f"baseline (in-process dyad_view, no HTTP, no cache): median {base_ms:.0f} ms per "
          f"pair over {len(PAIRS)} pairs, {YEARS['from']}-{YEARS['to']}")
    print(f"first request per pair (computes + caches): median "
          f"{statistics.median(warm) * 1000:.0f} ms")
    print(f"API /dyad under {args.clients} concurrent clients: {len(ms)} requests, "
          f"{errors} errors, p50 {p50:.1f} ms, p90 {_pct(ms, 90):.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(ms):.1f} ms, {len(ms) / wall:.0f} req/s, {nbytes / 1024:.0f} KiB per "
          "answer")
    print(f"ratio baseline / API p50: {base_ms / p50:.0f}x; cache {health['cache']}")
    print(f"goal p99 <= 50 ms and 0 errors: {'met' if p99 <= 50 and errors == 0 else 'NOT met'}")


if __name__ == "__main__":
    main()
