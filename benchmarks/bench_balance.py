"""Triad census and balance (triangle index) of the whole system, every year 1816-2024.

Each year gets a signed graph over the real COW members of that year (states alive at the
list's end continue to 2024): a random closeness in [-1, 1] per pair (seeded by year) read
through the neutral band |x| < 0.1 -> no tie, as ``amity balance`` does with the closeness
index. Vectorized census (two matrix products, trace identities) against a plain Python loop
over all node triples; the loop runs on sample years and is scaled to all years by the
number of triples. The census is checked equal on the sample years.

Run: .venv/bin/python benchmarks/bench_balance.py   (needs the data mirror for the COW list)
"""
from __future__ import annotations

import os

# one BLAS thread; CPU time (time.process_time) is reported next to wall time, since the
# machine is shared
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from amity.measures.balance import (signed_adjacency, triad_census,  # noqa: E402
                                    triad_census_loop, triangle_index, walk_index)
from amity.panel.add_similarity import members_by_year  # noqa: E402

YEARS = range(1816, 2025)
SAMPLE = (1900, 1990, 2024)


def graph(year: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(year)
    C = rng.uniform(-1, 1, (n, n))
    C = np.triu(C, 1)
    return signed_adjacency(C + C.T, 0.1)


def main() -> int:
    members = members_by_year(YEARS)
    sizes = {y: len(members.get(y, [])) for y in YEARS}
    graphs = {y: graph(y, sizes[y]) for y in YEARS}

    w0, c0 = time.perf_counter(), time.process_time()
    census = {y: triad_census(graphs[y]) for y in YEARS}
    tindex = {y: triangle_index(census[y]) for y in YEARS}
    w_vec, t_vec = time.perf_counter() - w0, time.process_time() - c0

    c0 = time.process_time()
    for y in YEARS:
        walk_index(graphs[y])
    t_walk = time.process_time() - c0

    t_loop = 0.0
    c0 = time.process_time()
    for _ in range(5):
        for y in SAMPLE:
            triad_census(graphs[y])
    t_vec_sample = (time.process_time() - c0) / 5
    for y in SAMPLE:
        c0 = time.process_time()
        ref = triad_census_loop(graphs[y])
        t_loop += time.process_time() - c0
        assert ref == census[y], (y, ref, census[y])
    triples = {y: math.comb(sizes[y], 3) for y in YEARS}
    t_loop_all = t_loop * sum(triples.values()) / sum(triples[y] for y in SAMPLE)
    n24 = sizes[2024]
    print("times are CPU seconds of this process (time.process_time), one BLAS thread")
    print(f"years {YEARS.start}-{YEARS.stop - 1}: {len(YEARS)} graphs, {sizes[1816]} to "
          f"{max(sizes.values())} states; {sum(triples.values()):,} triples "
          f"({triples[2024]:,} in 2024, {n24} states)")
    print(f"vectorized census + triangle index, all years: {t_vec:.3f} s CPU, {w_vec:.3f} s "
          "wall (goal <= 1 s)")
    print(f"walk index (two symmetric eigen-decompositions a year), all years: {t_walk:.2f} s")
    print(f"sample years {SAMPLE}: loop {t_loop:.2f} s vs vectorized {t_vec_sample:.4f} s -> "
          f"{t_loop / t_vec_sample:.0f}x (goal >= 20x)")
    print(f"loop over all years, scaled by triples: {t_loop_all:.0f} s -> "
          f"{t_loop_all / t_vec:.0f}x")
    print(f"2024: census {census[2024]}, triangle index {tindex[2024]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
