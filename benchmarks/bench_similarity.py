"""Similarity for all dyad-years 1816-2018 on valued ATOP alliance portfolios.

Vectorized (one indicator-matrix product per year and measure: S abs, S sq, kappa, pi)
against a per-dyad Python loop on the same portfolios. The loop runs on a few sample years
only (it would take minutes for all years); its all-years time is scaled from the sample by
the number of dyads per year, and the ratio on the sample years alone is reported too.
Values are checked equal on the sampled years.

Run: .venv/bin/python benchmarks/bench_similarity.py   (needs the data mirror)
"""
from __future__ import annotations

import os

# one BLAS thread: the matrices are small (n <= ~200), and the machine is shared, so CPU time
# (time.process_time) is reported next to wall time and used for the ratios
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from amity.measures.similarity import (alliance_portfolios, alliance_values,  # noqa: E402
                                       similarity_by_year)
from amity.panel.add_similarity import load_atop, members_by_year  # noqa: E402

MEASURES = ("s_abs", "s_sq", "kappa", "pi")
SAMPLE = (1900, 1950, 2000)
CATS = np.array([0.0, 1.0, 2.0, 3.0])


def loop_year(P: np.ndarray) -> dict[str, np.ndarray]:
    """Plain per-dyad loop: each pair's four measures from its two rows."""
    n, K = P.shape
    out = {m: np.full((n, n), np.nan) for m in MEASURES}
    dd = np.abs(CATS[:, None] - CATS[None, :])
    for i in range(n):
        x = P[i]
        px = np.array([(x == c).mean() for c in CATS])
        for j in range(i + 1, n):
            y = P[j]
            d = np.abs(x - y)
            out["s_abs"][i, j] = 1 - 2 * d.sum() / (K * 3)
            out["s_sq"][i, j] = 1 - 2 * (d * d).sum() / (K * 9)
            py = np.array([(y == c).mean() for c in CATS])
            do = d.mean()
            de_k = px @ dd @ py
            pp = (px + py) / 2
            de_p = pp @ dd @ pp
            out["kappa"][i, j] = 1 - do / de_k if de_k > 1e-12 else np.nan
            out["pi"][i, j] = 1 - do / de_p if de_p > 1e-12 else np.nan
    return out


def main() -> int:
    t0 = time.perf_counter()
    atop = alliance_values(load_atop())
    years = list(range(1816, 2019))
    members = members_by_year(years)
    t_load = time.perf_counter() - t0
    dyads = {y: len(members.get(y, [])) * (len(members.get(y, [])) - 1) // 2 for y in years}

    w0, c0 = time.perf_counter(), time.process_time()
    allv = similarity_by_year("alliances", atop, members, years, MEASURES)
    w_vec, t_vec = time.perf_counter() - w0, time.process_time() - c0

    c0 = time.process_time()
    for _ in range(5):
        similarity_by_year("alliances", atop, members, SAMPLE, MEASURES)
    t_vec_sample = (time.process_time() - c0) / 5

    t_loop_sample = 0.0
    t_loop_s_2000 = None
    worst = 0.0
    for y in SAMPLE:
        P = alliance_portfolios(atop, y, members[y])
        arr = P.to_numpy()
        t0 = time.process_time()
        ref = loop_year(arr)
        dt = time.process_time() - t0
        t_loop_sample += dt
        codes = np.asarray(P.index)
        got = allv[allv.year == y]
        pos = {c: k for k, c in enumerate(codes)}
        ii = got.ccode1.map(pos).to_numpy()
        jj = got.ccode2.map(pos).to_numpy()
        for m in MEASURES:
            a, b = got[m].to_numpy(), ref[m][ii, jj]
            assert np.array_equal(np.isnan(a), np.isnan(b)), (y, m)
            ok = ~np.isnan(a)
            worst = max(worst, float(np.max(np.abs(a[ok] - b[ok]))) if ok.any() else 0.0)
        if y == 2000:
            n = arr.shape[0]
            t0 = time.process_time()
            for i in range(n):
                for j in range(i + 1, n):
                    1 - 2 * np.abs(arr[i] - arr[j]).sum() / (n * 3)
            t_loop_s_2000 = time.process_time() - t0
    assert worst < 1e-9, worst
    sample_dyads = sum(dyads[y] for y in SAMPLE)
    total_dyads = sum(dyads.values())
    t_loop_all = t_loop_sample * total_dyads / sample_dyads
    print(f"data load (ATOP + COW members, excluded): {t_load:.2f} s")
    print(f"dyad-years 1816-2018: {total_dyads:,} ({len(allv):,} computed)")
    print("times are CPU seconds of this process (time.process_time), one BLAS thread")
    print(f"vectorized, 4 measures, all years: {t_vec:.2f} s CPU, {w_vec:.2f} s wall "
          "(goal <= 10 s)")
    print(f"per-dyad loop, S alone, 2000 ({len(members[2000])} states): {t_loop_s_2000:.2f} s")
    print(f"sample years {SAMPLE}: loop {t_loop_sample:.2f} s vs vectorized {t_vec_sample:.3f} s "
          f"-> {t_loop_sample / t_vec_sample:.0f}x")
    print(f"all years, loop scaled from the sample by dyad count: {t_loop_all:.0f} s "
          f"-> {t_loop_all / t_vec:.0f}x (goal >= 50x)")
    print(f"max |vectorized - loop| on the sample years: {worst:.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
