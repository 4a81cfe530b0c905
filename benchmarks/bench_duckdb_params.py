"""What a bound parameter costs a fresh process: DuckDB (1.5 here) imports pandas, when it is
installed, before it binds the first parameter of a query (duckdb/duckdb#18658, "Load pandas
in import cache before binding"), so any read that passes ``?`` values pays pandas' import
(0.6-1 s on this machine) even when it never builds a frame.

    AMITY_DB=store.duckdb python benchmarks/bench_duckdb_params.py [--repeat 5]

Each run is a fresh interpreter that opens the store read-only and reads one pair's rows of
the closeness table (``closeness_dyad_year``, China-Russia 1949-2025: what `amity dyad` reads),
once with the values bound as parameters and once with the same values written into the SQL
as integer literals; beside them a floor run (``import duckdb`` and a connect, no query). The
two reads must return the same rows; the script prints the medians, their ratio to the floor
and whether pandas was imported. Without a store built by `amity demo` it reads an in-memory
table of the same shape instead (say so in any figure taken from it).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

FLOOR = """
import duckdb, os, sys
con = duckdb.connect(os.environ["BENCH_DB"], read_only=os.environ["BENCH_DB"] != ":memory:")
print("pandas" in sys.modules)
"""

READ = """
import duckdb, os, sys
db = os.environ["BENCH_DB"]
con = duckdb.connect(db, read_only=db != ":memory:")
if db == ":memory:":
    con.execute("CREATE TABLE closeness_dyad_year AS SELECT (1816 + i % 210) AS year, "
                "365 AS ccode_a, 710 AS ccode_b, i / 10.0 AS closeness FROM range(2100) t(i)")
sql = ("SELECT year, closeness FROM closeness_dyad_year WHERE ccode_a = {a} AND ccode_b = {b} "
       "AND year BETWEEN {lo} AND {hi} ORDER BY year")
vals = (365, 710, 1949, 2025)
if os.environ["BENCH_MODE"] == "bound":
    rows = con.execute(sql.format(a="?", b="?", lo="?", hi="?"), list(vals)).fetchall()
else:
    rows = con.execute(sql.format(**dict(zip(("a", "b", "lo", "hi"), map(int, vals))))).fetchall()
print("pandas" in sys.modules, len(rows), hash(tuple(rows)))
"""


def run(code: str, env: dict) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(r.stderr.strip().splitlines()[-1])
    return dt, r.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    db = os.environ.get("AMITY_DB") or ":memory:"
    env = dict(os.environ, BENCH_DB=db)
    print(f"{os.cpu_count()} CPUs; load average at start {os.getloadavg()[0]:.1f}; store: "
          f"{db if db != ':memory:' else 'none (an in-memory table)'}")
    times: dict[str, list[float]] = {"floor": [], "literal": [], "bound": []}
    outs: dict[str, set[str]] = {k: set() for k in times}
    for i in range(a.repeat + 1):                # the first round warms the page cache
        for key in times:
            code = FLOOR if key == "floor" else READ
            dt, out = run(code, dict(env, BENCH_MODE=key))
            if i:
                times[key].append(dt)
                outs[key].add(out)
    lit, bound = outs["literal"], outs["bound"]
    rows = {o.split(" ", 1)[1] for o in lit | bound}
    if len(rows) != 1:
        raise SystemExit(f"the bound and the literal read differ: {sorted(rows)}")
    floor = statistics.median(times["floor"])
    print(f"{'run':10s} {'median':>8s} {'x floor':>8s}  pandas imported")
    for key in times:
        m = statistics.median(times[key])
        imported = sorted({o.split(" ", 1)[0] for o in outs[key]})
        print(f"{key:10s} {m:7.3f}s {m / floor:7.2f}x  {', '.join(imported)}")
    print(f"bound / literal: {statistics.median(times['bound']) / statistics.median(times['literal']):.2f}x"
          f" (same {rows.pop().split()[0]} rows); load average at the end "
          f"{os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
