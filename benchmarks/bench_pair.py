"""`amity dyad` for one pair over 1816-2025, in-process, from a loaded store.

Baseline: the same call computing every dataset component from the mirror's files (no
precomputed table). Candidate: the same call once `build_closeness_table` has filled the
store. Both run side by side in this process, after one warm-up call each (interpreter start
and first imports excluded, as the goal states).
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from amity.app.closeness import build_closeness_table
from amity.app.reports import dyad, ensure_curated
from amity.store import connect


def timed(fn, n=5):
    fn()
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        base_db = connect(Path(d) / "base.duckdb")
        ensure_curated(base_db)
        t_base = timed(lambda: dyad("CHN", "RUS", 1816, 2025, con=base_db))
        fast_db = connect(Path(d) / "fast.duckdb")
        ensure_curated(fast_db)
        t0 = time.perf_counter()
        info = build_closeness_table(fast_db)
        t_build = time.perf_counter() - t0
        t_fast = timed(lambda: dyad("CHN", "RUS", 1816, 2025, con=fast_db))
        a = dyad("CHN", "RUS", 1816, 2025, con=base_db)
        b = dyad("CHN", "RUS", 1816, 2025, con=fast_db)
        same = all((x["closeness"] is None and y["closeness"] is None)
                   or abs((x["closeness"] or 0) - (y["closeness"] or 0)) < 1e-9
                   for x, y in zip(a["series"], b["series"]))
    print(f"build_closeness_table 1816-2025: {info['rows']} dyad-years in {t_build:.1f} s")
    print(f"dyad CHN RUS 1816-2025, no table (baseline): {t_base * 1000:.0f} ms (median of 5)")
    print(f"dyad CHN RUS 1816-2025, precomputed table:   {t_fast * 1000:.0f} ms (median of 5)")
    print(f"ratio {t_base / t_fast:.1f}x; same series: {same}")


if __name__ == "__main__":
    main()
