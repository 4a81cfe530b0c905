"""GDELT fetch + ingest from a local HTTP server (run by `make bench`; docs/SCALE.md).

A synthetic month of GDELT 2.0 in the official layout (zipped 15-minute exports and a
masterfilelist.txt, written by amity.events.testing.gdelt2_mirror from amity.events.synth)
is served on 127.0.0.1 by amity.events.testing.GdeltServer, in a process of its own (a real
server's work does not compete with Amity's for one interpreter), then, side by side:

  raw     the same files downloaded by a plain loop of urllib reads (same worker count, no
          verification, nothing written): what the server gives, the ceiling;
  fetch   `amity.events.fetch.fetch` into a fresh store: list, download, size+MD5 check,
          ingest (parse, CAMEO coding, actor resolution, Parquet, manifest) on the fetch's
          ingest thread, overlapped with the downloads.

Each runs in its own process so its peak RSS is its own; fetch also runs on the first half of
the files, to show memory does not grow with the number of files.

Environment:
    AMITY_BENCH_FETCH_DAYS      days of 15-minute files (default 30: 2,880 files)
    AMITY_BENCH_FETCH_PER_FILE  events per file        (default 250; real files hold 1-3 thousand)
    AMITY_BENCH_FETCH_WORKERS   concurrent downloads   (default 4)
    AMITY_BENCH_DIR             scratch folder         (default /tmp/amity-bench-fetch)
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

DAYS = int(os.environ.get("AMITY_BENCH_FETCH_DAYS", "30"))
PER = int(os.environ.get("AMITY_BENCH_FETCH_PER_FILE", "250"))
WORKERS = int(os.environ.get("AMITY_BENCH_FETCH_WORKERS", "4"))
SCRATCH = Path(os.environ.get("AMITY_BENCH_DIR", "/tmp/amity-bench-fetch"))

#: the local server, in a process of its own (as a real server is: its work does not compete
#: with the client's for one interpreter); prints its URL, serves until stdin closes
SERVER = r"""
import sys
from amity.events.testing import GdeltServer
with GdeltServer(sys.argv[1]) as s:
    print(s.url, flush=True)
    sys.stdin.read()
"""

CHILD = r"""
import json, resource, sys, time, urllib.request, concurrent.futures as cf
from pathlib import Path
mode, srv_dir, db, n, workers, url = (sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]),
                                      int(sys.argv[5]), sys.argv[6])
lines = (Path(srv_dir) / "gdeltv2/masterfilelist.txt").read_text().split()
class s:
    pass
s.url = url
if True:
    if mode == "raw":
        urls = [u.replace("http://data.gdeltproject.org", s.url) for u in lines[2::3] if ".export." in u][:n]
        def get(u):
            with urllib.request.urlopen(u) as r:
                k = 0
                while True:
                    c = r.read(1 << 16)
                    if not c:
                        return k
                    k += len(c)
        t = time.perf_counter()
        with cf.ThreadPoolExecutor(workers) as ex:
            nbytes = sum(ex.map(get, urls))
        out = {"files": len(urls), "bytes": nbytes, "seconds": time.perf_counter() - t}
    else:
        from amity.events.fetch import fetch, master_list
        es = master_list("gdelt2", s.url)[:n]
        t = time.perf_counter()
        r = fetch("gdelt2", db=db, base=s.url, workers=workers, entries=es)
        out = {"files": r["downloaded"], "bytes": r["bytes"], "seconds": time.perf_counter() - t,
               "rows": r["ingest"]["rows"], "download_seconds": r["download_seconds"],
               "ingest_seconds": r.get("ingest_seconds", 0.0),
               "ingest_wait_seconds": r.get("ingest_wait_seconds", 0.0),
               "failed": len(r["failed"])}
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ru = resource.getrusage(resource.RUSAGE_SELF)
out["cpu_seconds"] = ru.ru_utime + ru.ru_stime
print(json.dumps(out))
"""


ENV = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))


def child(mode: str, srv: Path, db: Path, n: int, url: str) -> dict:
    p = subprocess.run([sys.executable, "-c", CHILD, mode, str(srv), str(db), str(n), str(WORKERS),
                        url], capture_output=True, text=True, env=ENV)
    if p.returncode:
        sys.exit(p.stderr)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    from amity.events.testing import gdelt2_mirror

    shutil.rmtree(SCRATCH, ignore_errors=True)
    SCRATCH.mkdir(parents=True)
    files = DAYS * 96
    t = time.perf_counter()
    entries = gdelt2_mirror(SCRATCH / "srv", files * PER, rows_per_file=PER)
    print(f"mirror: {len(entries)} files, {sum(e['size'] for e in entries) / 1e6:.1f} MB zipped, "
          f"{files * PER:,} events ({time.perf_counter() - t:.1f} s to write)")
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(SCRATCH / "srv")], env=ENV,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        raw = child("raw", SCRATCH / "srv", SCRATCH / "raw.duckdb", files, url)
        half = child("fetch", SCRATCH / "srv", SCRATCH / "half.duckdb", files // 2, url)
        full = child("fetch", SCRATCH / "srv", SCRATCH / "full.duckdb", files, url)
    finally:
        server.stdin.close()
        server.wait(30)
    mb = raw["bytes"] / 1e6
    print(f"raw server download : {raw['files']} files {mb:.1f} MB in {raw['seconds']:.2f} s "
          f"= {mb / raw['seconds']:.1f} MB/s, {raw['files'] / raw['seconds']:.0f} files/s, "
          f"CPU {raw['cpu_seconds']:.2f} s, peak RSS {raw['rss_mb']:.0f} MB")
    for name, r in (("amity fetch (half)", half), ("amity fetch+ingest", full)):
        print(f"{name:20}: {r['files']} files {r['bytes'] / 1e6:.1f} MB, {r['rows']:,} events in "
              f"{r['seconds']:.2f} s = {r['bytes'] / 1e6 / r['seconds']:.1f} MB/s, "
              f"{r['files'] / r['seconds']:.0f} files/s, {r['rows'] / r['seconds']:,.0f} events/s "
              f"(downloads {r['download_seconds']:.2f} s, ingest thread busy {r['ingest_seconds']:.2f} s, "
              f"waited for after the downloads {r['ingest_wait_seconds']:.2f} s), CPU {r['cpu_seconds']:.2f} s, "
              f"failed {r['failed']}, "
              f"peak RSS {r['rss_mb']:.0f} MB")
    print(f"fetch+ingest / raw download time: {full['seconds'] / raw['seconds']:.2f}x; "
          f"per synthetic day (96 files, {96 * PER:,} events): {full['seconds'] / DAYS:.2f} s; "
          f"peak RSS full/half: {full['rss_mb'] / half['rss_mb']:.2f}")
    if os.environ.get("AMITY_BENCH_KEEP") != "1":
        shutil.rmtree(SCRATCH, ignore_errors=True)


if __name__ == "__main__":
    main()
