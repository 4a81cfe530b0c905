"""Full non-directed COW dyad-year panel 1816-2024 with every dyad-level verb whose data are
in the mirror: Amity vs plain pandas.

The verbs (issue 15): ATOP, MIDs, wars, NMC, contiguity, capital distance, minimum distance,
COW majors, democracy, IGOs, SDP/GDP, strategic rivalries, CREG fractionalization, rugged
terrain, latent territorial threat, arms races, the G-W code crosswalk, Archigos and peace
spells (19 verbs, 89 columns). Left out, and why: ``add_cow_trade``'s dyadic flows and
``add_sim_gdp_pop`` (their files are not in the mirror), ``add_fpsim`` (a similarity
measure, benchmarked in ``bench_similarity.py``), the state- and leader-level verbs.

Both builds start from the same in-memory input tables (the one-time reading of the original
files through ``amity.sources.frame`` is done once, before timing, for both sides). Each timed
Amity run starts with its memos cleared, so preparing the source tables (collapsing
directed tables, expanding spells to years) is counted on both sides. The outputs are
asserted identical (values, missing cells, dtypes, column order) before any figure is printed.
Wall and CPU time are both reported (the machine is shared). Last, the directed G-W
leader-dyad-years 1870-2015 are built once and timed (the issue's "under a minute").

Run: ``AMITY_MIRROR=../shared/data .venv/bin/python benchmarks/bench_panel.py``
(``make bench`` does this for every benchmark). ``AMITY_BENCH_VERBS=core`` times the four
verbs of the first round only (ATOP, MIDs, wars, NMC).
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


CORE = os.environ.get("AMITY_BENCH_VERBS", "all") == "core"
TABLES = ("cow_states", "atop_dyad_year", "cow_mid_ddydisps", "cow_mid_dirdisps",
          "cow_war_inter", "cow_nmc")
MORE = ("cow_contdir", "cow_capitals", "cow_mindist", "cow_majors", "ccode_democracy",
        "cow_igo_ndy", "cow_sdp_gdp", "tss_rivalries", "creg", "rugged", "terrthreat",
        "grh_arms_races", "cow_gw_years", "gw_cow_years", "archigossums")
VERBS = ("add_atop", "add_mids", "add_wars", "add_nmc") + (() if CORE else (
    "add_contiguity", "add_capital_distance", "add_minimum_distance", "add_cow_majors",
    "add_democracy", "add_igos", "add_sdp_gdp", "add_strategic_rivalries",
    "add_creg_fractionalization", "add_rugged_terrain", "add_latent_territorial_threat",
    "add_arms_races", "add_gwcode_to_cow", "add_archigos", "add_spells"))


def inputs() -> dict[str, pd.DataFrame]:
    return {t: frame(t) for t in TABLES + (() if CORE else MORE)}


# ------------------------------------------------------------------ Amity

def amity_build(_inp: dict) -> pd.DataFrame:
    from amity import panel as P
    from amity.panel import _common

    fns = [P.verb(v) for v in VERBS]
    for name, mod in list(sys.modules.items()):     # every prepared-table memo of the verbs
        if name.startswith("amity.panel.") and hasattr(mod, "_CACHE"):
            mod._CACHE._memo.clear()
    for memo in (_common._KEY_MEMO, _common._SIDE_MEMO, _common._RANGE_MEMO):
        memo.clear()                                # the panels' grids: built in each run
    p = P.create_dyad_years(years=YEARS)
    for fn in fns:
        p = fn(p)
    return p


# ------------------------------------------------------------------ plain pandas

def _fold(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(c1=df[["ccode1", "ccode2"]].min(axis=1),
                     c2=df[["ccode1", "ccode2"]].max(axis=1))


def _pandas_core(inp: dict) -> pd.DataFrame:
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

    # ATOP: max over both directions, valued level, 0 where covered and absent, NA after 2018
    ob = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    a = _fold(inp["atop_dyad_year"]).groupby(keys, as_index=False)[ob].max()
    # the valued level of amity.concepts.atop_level: consultation counts as 2 (commit 02cbfe3)
    a["atop_value"] = np.select([(a.atop_defense > 0) | (a.atop_offense > 0),
                                 (a.atop_neutral > 0) | (a.atop_consul > 0), a.atop_nonagg > 0],
                                [3, 2, 1], 0)
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


def _years_of(df: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """One row per spell and year (``_row``: the spell's position in ``df``)."""
    x = df.reset_index(drop=True).assign(_row=lambda f: np.arange(len(f)))
    x["year"] = [list(range(a, b + 1)) for a, b in zip(x[first], x[last])]
    return x.explode("year").astype({"year": "int64"}).reset_index(drop=True)


def _by_side(d: pd.DataFrame, t: pd.DataFrame, cols: dict, first, last,
             on_year: bool = True) -> pd.DataFrame:
    """A state-year table (``ccode, year``; or ``ccode`` only) merged once per side:
    columns ``c1, c2`` for each ``c`` in ``cols`` ({column: dtype}); <NA> outside."""
    keys = ["ccode", "year"] if on_year else ["ccode"]
    t = t[keys + list(cols)].astype({k: "int32" for k in keys})
    got = {}
    for side in ("1", "2"):
        m = d[[f"ccode{side}", "year"]].merge(
            t.rename(columns={"ccode": f"ccode{side}"}), how="left",
            on=[f"ccode{side}"] + (["year"] if on_year else []))
        got[side] = m
    cov = pd.Series(True, index=d.index)
    if first is not None:
        cov &= d.year >= first
    if last is not None:
        cov &= d.year <= last
    for c, dt in cols.items():
        for side in ("1", "2"):
            d[f"{c}{side}"] = got[side][c].astype("float64").astype(dt).where(cov)
    return d


def _by_dyad(d: pd.DataFrame, t: pd.DataFrame, cols: dict, first, last) -> pd.DataFrame:
    """A non-directed dyad-year table merged on ``ccode1 < ccode2, year``: cols is
    {column: (dtype, fill for unlisted rows or None)}; <NA> outside [first, last]."""
    t = t[["ccode1", "ccode2", "year", *cols]].astype(
        {"ccode1": "int32", "ccode2": "int32", "year": "int32"}).assign(_hit=True)
    m = d[["ccode1", "ccode2", "year"]].merge(t, how="left", on=["ccode1", "ccode2", "year"])
    hit = m["_hit"].notna().to_numpy()
    cov = ((d.year >= first) & (d.year <= last)).to_numpy()
    for c, (dt, fill) in cols.items():
        v = m[c].astype("float64")
        if fill is not None:
            v = v.where(hit, fill)
        d[c] = v.astype(dt).where(cov)
    return d


def _fold_min(df: pd.DataFrame) -> pd.DataFrame:
    a, b = df.ccode1.to_numpy(), df.ccode2.to_numpy()
    return df.assign(ccode1=np.minimum(a, b), ccode2=np.maximum(a, b))


def _sphere_km(lat1, lng1, lat2, lng2):
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lng2 - lng1)
    num = np.hypot(np.cos(p2) * np.sin(dl),
                   np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl))
    den = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return 6378137.0 * np.arctan2(num, den) / 1000.0


def pandas_build(inp: dict) -> pd.DataFrame:
    d = _pandas_core(inp)
    if CORE:
        return d
    # contiguity: episodes (ccode1 < ccode2) by year; the type of the year's first month
    cd = inp["cow_contdir"]
    cd = cd[cd.ccode1 < cd.ccode2].assign(sy=lambda f: f.stdate.dt.year,
                                          ey=lambda f: f.enddate.dt.year)
    cy = _years_of(cd, "sy", "ey")
    cy["month"] = np.where(cy.year == cy.sy, cy.stdate.dt.month, 1)
    cy = cy.sort_values(["ccode1", "ccode2", "year", "month", "_row"]).drop_duplicates(
        ["ccode1", "ccode2", "year"])
    d = _by_dyad(d, cy, {"conttype": ("Int8", 0)}, 1816, 2016)

    # capital distance: the capital held first in each year, km on the sphere
    caps = inp["cow_capitals"].assign(sy=lambda f: f.stdate.dt.year,
                                      ey=lambda f: f.enddate.dt.year)
    ky = _years_of(caps, "sy", "ey")
    ky["day"] = np.where(ky.year == ky.sy, ky.stdate.dt.day_of_year, 1)
    ky = ky.sort_values(["ccode", "year", "day", "_row"]).drop_duplicates(["ccode", "year"])
    ll = d[["ccode1", "ccode2", "year"]].copy()
    ll = _by_side(ll, ky, {"lat": "float64", "lng": "float64"}, 1816, 2024)
    d["capdist"] = pd.array(_sphere_km(ll.lat1.to_numpy(float), ll.lng1.to_numpy(float),
                                       ll.lat2.to_numpy(float), ll.lng2.to_numpy(float)),
                            dtype="Float64")

    # minimum distance: both orders folded, smallest kept; unlisted dyad-years missing
    md = _fold_min(inp["cow_mindist"])
    md = md[md.ccode1 != md.ccode2].groupby(["ccode1", "ccode2", "year"],
                                            as_index=False)["mindist"].min()
    d = _by_dyad(d, md, {"mindist": ("Float64", None)}, 1886, 2019)

    # COW majors: 1 in a year of a major-power spell, 0 else, <NA> after 2016
    mj = _years_of(inp["cow_majors"].astype({"styear": "int64", "endyear": "int64"}),
                   "styear", "endyear").assign(cowmaj=1).drop_duplicates(["ccode", "year"])
    for side in ("1", "2"):
        m = d[[f"ccode{side}", "year"]].merge(
            mj[["ccode", "year", "cowmaj"]].astype({"ccode": "int32", "year": "int32"})
            .rename(columns={"ccode": f"ccode{side}"}), how="left", on=[f"ccode{side}", "year"])
        d[f"cowmaj{side}"] = m["cowmaj"].fillna(0).astype("Int8").where(
            (d.year >= 1816) & (d.year <= 2016))

    d = _by_side(d, inp["ccode_democracy"], {"v2x_polyarchy": "Float64", "polity2": "Int8",
                                             "xm_qudsest": "Float64"}, 1816, 2020)

    # IGOs: shared full memberships, unlisted dyad-years missing
    ig = _fold_min(inp["cow_igo_ndy"].astype({"dyadigos": "float64"}))
    ig = ig[ig.ccode1 != ig.ccode2].groupby(["ccode1", "ccode2", "year"],
                                            as_index=False)["dyadigos"].max()
    d = _by_dyad(d, ig, {"dyadigos": ("Int16", None)}, 1816, 2014)

    d = _by_side(d, inp["cow_sdp_gdp"], {c: "Float64" for c in (
        "wbgdp2011est", "wbpopest", "sdpest", "wbgdppc2011est")}, 1800, 2016)

    # strategic rivalries: rivalry-years from 1816 (Austria 300 is 305 from 1919), folded
    types = ["positional", "spatial", "ideological", "interventionary"]
    rv = _years_of(inp["tss_rivalries"], "start", "end")
    for s in ("ccode1", "ccode2"):
        rv[s] = rv[s].where(~((rv[s] == 300) & (rv.year >= 1919)), 305)
    rv = _fold_min(rv[rv.year >= 1816])
    rv = rv.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(
        tssr_id=("tssr_id", "min"), **{x: (x, "max") for x in types})
    rv["ongoingrivalry"] = 1
    d = _by_dyad(d, rv, {"tssr_id": ("Int16", None), **{x: ("Int8", 0) for x in types},
                         "ongoingrivalry": ("Int8", 0)}, 1816, 2020)

    # CREG: a value missing in one of a code's two rows comes from the other, then the row
    # with the highest ethfrac (then relfrac)
    fr = ["ethfrac", "ethpol", "relfrac", "relpol"]
    cg = inp["creg"]
    cg = cg[cg.ccode.notna()][["ccode", "year", *fr]].astype({"ccode": "int64"})
    g = cg.groupby(["ccode", "year"])
    n = g["ccode"].transform("size")
    for c in fr:
        cg[c] = cg[c].where(~(cg[c].isna() & (n > 1)), g[c].transform("max"))
    cg = cg.drop_duplicates().sort_values(["ccode", "year", "ethfrac", "relfrac"],
                                          ascending=[True, True, False, False],
                                          na_position="last", kind="stable")
    d = _by_side(d, cg.drop_duplicates(["ccode", "year"]), {c: "Float64" for c in fr},
                 1945, 2013)

    rg = inp["rugged"]
    d = _by_side(d, rg[rg.ccode.notna()], {"rugged": "Float64", "newlmtnest": "Float64"},
                 None, None, on_year=False)

    d = _by_side(d, inp["terrthreat"], {c: "Float64" for c in (
        "lterrthreat", "sd", "lwr", "upr", "m_lterrthreat", "m_sd", "m_lwr", "m_upr")},
        1816, 2010)

    # arms races: race-years folded, lowest race id kept
    ar = _fold_min(_years_of(inp["grh_arms_races"], "styear", "endyear"))
    ar = ar.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(
        race_id=("race_id", "min"))
    ar["armsrace"] = 1
    d = _by_dyad(d, ar, {"armsrace": ("Int8", 0), "race_id": ("Int16", None)}, 1816, 1993)

    # G-W codes by year (the crosswalk ends in 2020: its 2020 rows carried to 2024)
    cw = inp["cow_gw_years"]
    cw = cw[cw.ccode.notna()][["ccode", "year", "gwcode"]].astype({"ccode": "int64"})
    cw = pd.concat([cw] + [cw[cw.year == 2020].assign(year=y) for y in range(2021, 2025)],
                   ignore_index=True)
    d = _by_side(d, cw, {"gwcode": "Int16"}, 1816, None)

    # Archigos state-year sums on COW codes: G-W codes crosswalked by year, Serbia 2006 one row
    gc = inp["gw_cow_years"]
    gc = gc[gc.gwcode.notna()][["gwcode", "year", "ccode"]].astype({"gwcode": "int64"})
    sums = inp["archigossums"].merge(gc, on=["gwcode", "year"], how="left")
    sums = sums[sums.ccode.notna() & ~((sums.gwcode == 340) & (sums.year == 2006))].copy()
    sums.loc[(sums.gwcode == 345) & (sums.year == 2006), "dec31obsid"] = "SER-2006"
    sums = sums.astype({"ccode": "int64"}).drop(columns="gwcode").drop_duplicates(
        ["ccode", "year"])
    d = _by_side(d, sums, {c: "Int8" for c in ("leadertransition", "irregular", "n_leaders")},
                 1870, 2015)
    cov = (d.year >= 1870) & (d.year <= 2015)
    for side in ("1", "2"):
        m = d[[f"ccode{side}", "year"]].merge(
            sums[["ccode", "year", "jan1obsid", "dec31obsid"]].astype(
                {"ccode": "int32", "year": "int32"}).rename(columns={"ccode": f"ccode{side}"}),
            how="left", on=[f"ccode{side}", "year"])
        for c in ("jan1obsid", "dec31obsid"):
            d[f"{c}{side}"] = m[c].astype("string").where(cov)

    # peace spells of the MID and war columns: event-free rows right before each row, per
    # dyad; a gap in the years, an event or a missing row before starts again at 0
    s = d[["ccode1", "ccode2", "year"]].sort_values(["ccode1", "ccode2", "year"])
    same = (s.ccode1 == s.ccode1.shift()) & (s.ccode2 == s.ccode2.shift())
    consec = same & (s.year - s.year.shift() == 1)
    for col, name in (("cowmidongoing", "cowmidspell"), ("cowinterongoing", "cowinterspell")):
        e = d[col].reindex(s.index).astype("float64")
        na, hit = e.isna(), e == 1
        start = ~consec | (hit | na).shift(fill_value=False) | na
        sp = s.groupby(start.cumsum()).cumcount()
        d[name] = sp.where(~na).astype("Int32").reindex(d.index)
    return d


# ------------------------------------------------------------------ harness

def _time(fn, inp) -> tuple[float, float]:
    """Wall and CPU seconds of one build (CPU time: what this process used, the fairer
    figure on a machine shared with other work)."""
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    fn(inp)
    return time.perf_counter() - t, time.process_time() - c


def _peak(fn, inp) -> float:
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn(inp)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _leader_dyads() -> dict:
    """The issue's second figure: directed G-W leader-dyad-years 1870-2015 under a minute."""
    from amity.panel import create_leader_dyad_years

    create_leader_dyad_years("gw", years=(1870, 2015))    # Archigos read once, as above
    gc.collect()
    t = time.perf_counter()
    ldy = create_leader_dyad_years("gw", years=(1870, 2015))
    return {"leader_dyad_years_rows": len(ldy),
            "leader_dyad_years_s": round(time.perf_counter() - t, 3)}


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
    ta, tp, ca, cp = [], [], [], []
    for _ in range(REPEAT):                          # interleaved: same machine state
        w, c = _time(amity_build, inp)
        ta.append(w)
        ca.append(c)
        w, c = _time(pandas_build, inp)
        tp.append(w)
        cp.append(c)
    ma, mp = statistics.median(ta), statistics.median(tp)
    res = {
        "rows": len(ours), "columns": len(ours.columns), "identical": True,
        "repeat": REPEAT, "read_inputs_s": round(read_s, 3),
        "amity_median_s": round(ma, 4), "amity_min_s": round(min(ta), 4),
        "pandas_median_s": round(mp, 4), "pandas_min_s": round(min(tp), 4),
        "ratio_median": round(mp / ma, 2), "ratio_min": round(min(tp) / min(ta), 2),
        "amity_cpu_median_s": round(statistics.median(ca), 4),
        "pandas_cpu_median_s": round(statistics.median(cp), 4),
        "ratio_cpu_median": round(statistics.median(cp) / statistics.median(ca), 2),
        "verbs": len(VERBS),
        "amity_peak_mib": round(_peak(amity_build, inp), 1),
        "pandas_peak_mib": round(_peak(pandas_build, inp), 1),
        "cpus": os.cpu_count(), "load_avg": [round(x, 2) for x in os.getloadavg()],
    }
    res.update(_leader_dyads())
    print(json.dumps(res, indent=2))
    print(f"panel: {res['rows']:,} dyad-years, {len(VERBS)} verbs, Amity {ma:.3f} s vs pandas {mp:.3f} s "
          f"(median of {REPEAT}): {res['ratio_median']}x faster (CPU time "
          f"{res['ratio_cpu_median']}x); peak traced memory "
          f"{res['amity_peak_mib']} MiB vs {res['pandas_peak_mib']} MiB; leader-dyad-years "
          f"1870-2015: {res['leader_dyad_years_rows']:,} rows in {res['leader_dyad_years_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
