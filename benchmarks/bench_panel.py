"""Full COW dyad-year panel 1816-2024 with ATOP, MIDs, wars and NMC: Amity vs plain pandas.

Both builds start from the same in-memory input tables (the one-time reading of the original
files through ``amity.sources.frame`` is done once, before timing, for both sides). Each timed
Amity run starts with its memos cleared, so collapsing the directed source tables is counted
on both sides. The outputs are asserted identical (values, missing cells, dtypes, order)
before any figure is printed.

Run: ``AMITY_MIRROR=../shared/data .venv/bin/python benchmarks/bench_panel.py``
(``make bench`` does this for every benchmark).
"""
from __future__ import annotations

import datetime as _dt
import gc
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from amity import config  # noqa: E402
from amity.sources import frame  # noqa: E402

YEARS = (1816, 2024)
REPEAT = int(os.environ.get("AMITY_BENCH_REPEAT", "7"))
END_MD = 12 * 32 + 31


def inputs() -> dict[str, pd.DataFrame]:
    return {t: frame(t) for t in ("cow_states", "atop_dyad_year", "cow_mid_ddydisps",
                                  "cow_mid_dirdisps", "cow_war_inter", "cow_nmc")}


# ------------------------------------------------------------------ Amity

def amity_build(_inp: dict) -> pd.DataFrame:
    from amity.panel import add_atop, add_mids, add_nmc, add_wars, create_dyad_years
    from amity.panel import _common, add_atop as _a, add_mids as _m, add_wars as _w  # noqa

    for mod in ("add_atop", "add_mids", "add_wars"):
        sys.modules[f"amity.panel.{mod}"]._CACHE._memo.clear()
    _common._KEY_MEMO.clear()
    p = create_dyad_years(years=YEARS)
    return add_nmc(add_wars(add_mids(add_atop(p))))


# ------------------------------------------------------------------ plain pandas

def _fold(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(c1=df[["ccode1", "ccode2"]].min(axis=1),
                     c2=df[["ccode1", "ccode2"]].max(axis=1))


def pandas_build(inp: dict) -> pd.DataFrame:
    now = _dt.date.today().year
    st = inp["cow_states"].astype({"ccode": "int64", "styear": "int64", "endyear": "int64",
                                   "stmonth": "int64", "stday": "int64",
                                   "endmonth": "int64", "endday": "int64"})
    st = st.assign(last=np.where(st.open_end, max(now, int(st.endyear.max())), st.endyear))
    st = st.assign(year=[list(range(a, b + 1)) for a, b in zip(st.styear, st["last"])])
    sy = st.explode("year").astype({"year": "int64"})
    sy["s"] = np.where(sy.year == sy.styear, sy.stmonth * 32 + sy.stday, 0)
    sy["e"] = np.where((sy.year == sy["last"]) & ~sy.open_end, sy.endmonth * 32 + sy.endday,
                       END_MD)
    sy = sy[(sy.year >= YEARS[0]) & (sy.year <= YEARS[1])]
    sy = sy.groupby(["ccode", "year"], as_index=False).agg(s=("s", "min"), e=("e", "max"))
    d = sy.merge(sy, on="year", suffixes=("1", "2"))
    d = d[(d.ccode1 < d.ccode2) & (np.maximum(d.s1, d.s2) <= np.minimum(d.e1, d.e2))]
    d = d[["ccode1", "ccode2", "year"]].sort_values(["year", "ccode1", "ccode2"])
    d = d.reset_index(drop=True).astype("int32")
    keys = ["c1", "c2", "year"]

    # ATOP: max over both directions, valued code, 0 where covered and absent, NA after 2018
    ob = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    a = _fold(inp["atop_dyad_year"]).groupby(keys, as_index=False)[ob].max()
    a["atop_value"] = np.select([(a.atop_defense > 0) | (a.atop_offense > 0), a.atop_neutral > 0,
                                 (a.atop_nonagg > 0) | (a.atop_consul > 0)], [3, 2, 1], 0)
    a = a.rename(columns={"c1": "ccode1", "c2": "ccode2"}).astype(
        {"ccode1": "int32", "ccode2": "int32", "year": "int32"})
    d = d.merge(a, on=["ccode1", "ccode2", "year"], how="left")
    cov = (d.year >= 1815) & (d.year <= 2018)
    for c in ob + ["atop_value"]:
        d[c] = d[c].fillna(0).astype("Int8").where(cov)

    # MIDs: dispute-dyad-years for ongoing/onset/count, whittled table for levels
    dd = _fold(inp["cow_mid_dirdisps"])
    cnt = dd.groupby(keys, as_index=False).agg(cowmidongoing=("dispongoing", "max"),
                                               cowmidonset=("disponset", "max"),
                                               cowmid_count=("dispnum", "nunique"))
    w = _fold(inp["cow_mid_ddydisps"]).groupby(keys, as_index=False).agg(
        on=("cowmidongoing", "max"), ons=("cowmidonset", "max"),
        cowmid_hostlev=("hostlev", "max"), cowmid_fatality=("fatality", "max"))
    m = cnt.merge(w, on=keys, how="outer")
    m["cowmidongoing"] = np.fmax(m.cowmidongoing.astype("float64"), m.on.astype("float64"))
    m["cowmidonset"] = np.fmax(m.cowmidonset.astype("float64"), m.ons.astype("float64"))
    m["cowmid_count"] = m.cowmid_count.fillna(1)
    m = m.drop(columns=["on", "ons"]).rename(columns={"c1": "ccode1", "c2": "ccode2"})
    m = m.astype({"ccode1": "int32", "ccode2": "int32", "year": "int32"})
    m["_hit"] = True
    d = d.merge(m, on=["ccode1", "ccode2", "year"], how="left")
    cov = (d.year >= 1816) & (d.year <= 2014)
    hit = d.pop("_hit").notna()
    for c, t in (("cowmidongoing", "Int8"), ("cowmidonset", "Int8"), ("cowmid_hostlev", "Int8"),
                 ("cowmid_fatality", "Int8"), ("cowmid_count", "Int16")):
        v = d[c].astype("Float64")
        d[c] = v.mask(~hit, 0).astype(t).where(cov)
    d = d[[c for c in d.columns if c not in ("cowmid_count",)] + ["cowmid_count"]]

    # wars: collapse duplicates and directions
    wr = _fold(inp["cow_war_inter"]).groupby(keys, as_index=False).agg(
        cowinterongoing=("cowinterongoing", "max"), cowinteronset=("cowinteronset", "max"),
        cowinter_wars=("warnum", "nunique"))
    wr = wr.rename(columns={"c1": "ccode1", "c2": "ccode2"}).astype(
        {"ccode1": "int32", "ccode2": "int32", "year": "int32"})
    d = d.merge(wr, on=["ccode1", "ccode2", "year"], how="left")
    cov = (d.year >= 1816) & (d.year <= 2003)
    for c in ("cowinterongoing", "cowinteronset", "cowinter_wars"):
        d[c] = d[c].fillna(0).astype("Int8").where(cov)

    # NMC: CINC of each side
    n = inp["cow_nmc"][["ccode", "year", "cinc"]].astype({"ccode": "int32", "year": "int32"})
    for side in ("1", "2"):
        d = d.merge(n.rename(columns={"ccode": f"ccode{side}", "cinc": f"cinc{side}"}),
                    on=[f"ccode{side}", "year"], how="left")
        d[f"cinc{side}"] = d[f"cinc{side}"].astype("Float64")
    return d


# ------------------------------------------------------------------ harness

def _time(fn, inp) -> float:
    gc.collect()
    t = time.perf_counter()
    fn(inp)
    return time.perf_counter() - t


def _peak(fn, inp) -> float:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn(inp)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> int:
    if config.mirror_dir() is None:
        print("skipped: no data mirror (set AMITY_MIRROR)")
        return 0
    t0 = time.perf_counter()
    inp = inputs()                                   # one-time reading, excluded from both
    read_s = time.perf_counter() - t0
    ours = amity_build(inp)
    base = pandas_build(inp)
    ours_cmp = ours.reset_index(drop=True)
    ours_cmp.attrs = {}
    pd.testing.assert_frame_equal(ours_cmp, base, check_exact=True)
    ta, tp = [], []
    for _ in range(REPEAT):                          # interleaved: same machine state
        ta.append(_time(amity_build, inp))
        tp.append(_time(pandas_build, inp))
    ma, mp = statistics.median(ta), statistics.median(tp)
    res = {
        "rows": len(ours), "columns": len(ours.columns), "identical": True,
        "repeat": REPEAT, "read_inputs_s": round(read_s, 3),
        "amity_median_s": round(ma, 4), "amity_min_s": round(min(ta), 4),
        "pandas_median_s": round(mp, 4), "pandas_min_s": round(min(tp), 4),
        "ratio_median": round(mp / ma, 2), "ratio_min": round(min(tp) / min(ta), 2),
        "amity_peak_mib": round(_peak(amity_build, inp), 1),
        "pandas_peak_mib": round(_peak(pandas_build, inp), 1),
        "cpus": os.cpu_count(), "load_avg": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(res, indent=2))
    print(f"panel: {res['rows']:,} dyad-years, Amity {ma:.3f} s vs pandas {mp:.3f} s "
          f"(median of {REPEAT}): {res['ratio_median']}x faster; peak traced memory "
          f"{res['amity_peak_mib']} MiB vs {res['pandas_peak_mib']} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
