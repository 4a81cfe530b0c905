"""Militarized interstate disputes: COW MID 5 and Gibler–Miller–Little (GML) MIDs.

Both as curated by peacesciencer (original ``.rda`` files):

cow_mid  MID 5.0, 1816–2014: ``cow_mid_disps`` (dispute level), ``cow_mid_ddydisps``
         (directed dyad-year, one dispute per dyad-year as peacesciencer whittles it),
         ``cow_mid_dirdisps`` (directed dispute-dyad-year; several disputes per dyad-year,
         i.e. duplicate dyad-years: collapse before joining).
gml_mid  GML MID 2.2.1, 1816–2010: ``gml_mid_disps``, ``gml_mid_ddydisps``.

Negative codes (-9, fatality levels unknown) become missing.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from amity.sources.base import (
    PEACESCIENCER,
    PEACESCIENCER_BIB,
    FileSpec,
    Source,
    coerce_int,
    fold_pairs,
    raw_url,
    read_rda,
    reindex,
    require_columns,
)

_COW_BIB = """@article{palmer2022mid5,
  author = {Palmer, Glenn and McManus, Roseanne W. and D'Orazio, Vito and Kenwick, Michael R. and Karstens, Mikaela and Bloch, Chase and Dietrich, Nick and Kahn, Kayla and Ritter, Kellan and Soules, Michael J.},
  title = {The {MID5} Dataset, 2011--2014: Procedures, Coding Rules, and Description},
  journal = {Conflict Management and Peace Science},
  volume = {39}, number = {4}, pages = {470--482}, year = {2022},
  doi = {10.1177/0738894221995743}
}
""" + PEACESCIENCER_BIB
_GML_BIB = """@article{gibler2016gml,
  author = {Gibler, Douglas M. and Miller, Steven V. and Little, Erin K.},
  title = {An Analysis of the Militarized Interstate Dispute ({MID}) Dataset, 1816--2001},
  journal = {International Studies Quarterly},
  volume = {60}, number = {4}, pages = {719--730}, year = {2016},
  doi = {10.1093/isq/sqw045}
}
""" + PEACESCIENCER_BIB


def _read_table(path: Path, obj: str, keys: list[str], rejects: list | None,
                also: tuple[str, ...] = ()) -> pd.DataFrame:
    df = read_rda(path, obj)
    require_columns(df, [*keys, *also])
    df = coerce_int(df, keys, rejects, allow_na=False)
    rest = [c for c in df.columns if c not in keys]
    df = coerce_int(df, rest, rejects)
    df = reindex(df)
    for c in rest:
        df[c] = df[c].mask(df[c] < 0)
    return df


def _reader(prefix: str, with_dir: bool):
    short = prefix.split("_")[0]    # cow_mid -> cow (column cowmidongoing)

    def read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
        out = {
            f"{prefix}_disps": _read_table(paths["disps"], f"{prefix}_disps",
                                           ["dispnum", "styear"], rejects),
            f"{prefix}_ddydisps": _read_table(
                paths["ddy"], f"{prefix}_ddydisps", ["dispnum", "ccode1", "ccode2", "year"],
                rejects, (f"{short}midongoing", f"{short}midonset", "hostlev", "fatality")),
        }
        if with_dir:
            out[f"{prefix}_dirdisps"] = _read_table(
                paths["dir"], f"{prefix}_dirdisps", ["dispnum", "ccode1", "ccode2", "year"],
                rejects, ("dispongoing", "disponset"))
        return out
    return read


def mid_nondirected(ddy: pd.DataFrame, prefix: str = "cowmid",
                    dirdisps: pd.DataFrame | None = None) -> pd.DataFrame:
    """Non-directed MID dyad-years (``ccode1 < ccode2``) from a directed dyad-year table.

    Columns: ``{prefix}ongoing``, ``{prefix}onset`` (0/1), ``{prefix}_hostlev`` (highest
    hostility level reached in the dispute, 1–5), ``{prefix}_fatality`` (dispute fatality
    level, 0–6), and with ``dirdisps`` ``{prefix}_count`` (distinct disputes the pair is in
    that year). Both directions are folded with max, so duplicate dyad-years cannot multiply
    rows in a join.
    """
    on = [c for c in ddy.columns if c.endswith("ongoing")][0]
    ons = [c for c in ddy.columns if c.endswith("onset")][0]
    f = lambda d, c: d[c].to_numpy(dtype="float64", na_value=np.nan)  # noqa: E731
    g = fold_pairs(ddy["ccode1"].to_numpy(), ddy["ccode2"].to_numpy(), ddy["year"].to_numpy(),
                   {f"{prefix}ongoing": np.nan_to_num(f(ddy, on)),
                    f"{prefix}onset": np.nan_to_num(f(ddy, ons)),
                    f"{prefix}_hostlev": f(ddy, "hostlev"),
                    f"{prefix}_fatality": f(ddy, "fatality")})
    if dirdisps is not None:
        # every dispute of the dyad-year counts for ongoing/onset/count (the whittled table
        # keeps one dispute per dyad-year); levels come from the whittled table
        don = [c for c in dirdisps.columns if c.endswith("ongoing")][0]
        dons = [c for c in dirdisps.columns if c.endswith("onset")][0]
        cnt = fold_pairs(dirdisps["ccode1"].to_numpy(), dirdisps["ccode2"].to_numpy(),
                         dirdisps["year"].to_numpy(),
                         {f"{prefix}ongoing": np.nan_to_num(f(dirdisps, don)),
                          f"{prefix}onset": np.nan_to_num(f(dirdisps, dons))},
                         {f"{prefix}_count": dirdisps["dispnum"].to_numpy(dtype="int64")})
        # union of the two key sets, in numpy (both outputs of fold_pairs are sorted)
        def key(d: pd.DataFrame) -> np.ndarray:
            return ((d["ccode1"].to_numpy(np.int64) * 1000 + d["ccode2"].to_numpy(np.int64))
                    * 10_000 + d["year"].to_numpy(np.int64))

        kc, kw = key(cnt), key(g)
        uk = np.union1d(kc, kw)
        ic, iw = np.searchsorted(uk, kc), np.searchsorted(uk, kw)
        merged: dict[str, np.ndarray] = {
            "ccode1": (uk // 10_000 // 1000).astype(np.int32),
            "ccode2": (uk // 10_000 % 1000).astype(np.int32),
            "year": (uk % 10_000).astype(np.int32)}
        for c in (f"{prefix}ongoing", f"{prefix}onset"):
            v = np.zeros(len(uk))
            v[ic] = cnt[c].to_numpy(dtype="float64")
            v[iw] = np.maximum(v[iw], g[c].to_numpy(dtype="float64"))
            merged[c] = v
        cntv = np.ones(len(uk), np.int16)
        cntv[ic] = cnt[f"{prefix}_count"].to_numpy()
        merged[f"{prefix}_count"] = cntv
        for c in (f"{prefix}_hostlev", f"{prefix}_fatality"):
            v = np.full(len(uk), np.nan)
            v[iw] = g[c].to_numpy(dtype="float64", na_value=np.nan)
            merged[c] = v
        g = pd.DataFrame(merged)
    for c in (f"{prefix}ongoing", f"{prefix}onset"):
        g[c] = g[c].astype(np.int16)
    for c in (f"{prefix}_hostlev", f"{prefix}_fatality"):
        g[c] = g[c].astype("Float64").astype("Int16")
    return g


def _ps(name: str, key: str, sha: str) -> FileSpec:
    return FileSpec(key, f"peacesciencer/rda/{name}.rda",
                    raw_url(PEACESCIENCER, f"data/{name}.rda"), sha)


SOURCES = [
    Source(
        name="cow_mid", title="COW Militarized Interstate Disputes 5.0 (peacesciencer)",
        version="5.0", years=(1816, 2014), license="COW: free for use with citation",
        bibtex=_COW_BIB,
        files=(_ps("cow_mid_disps", "disps", "b0dedb0e905411c506edc29c102766056f61c3fce9c67b7a925e7076028ed34a"),
               _ps("cow_mid_ddydisps", "ddy", "2db5aeef570a727cd4b28d7f56ad49193d79bbb018019e9225d53321a11d5e45"),
               _ps("cow_mid_dirdisps", "dir", "7b9fc5fd0785b423b7ddc8b9319fa30d4e2c8a005342b88c2b1d87b7a6e62a0e")),
        reader=_reader("cow_mid", True),
        tables=("cow_mid_disps", "cow_mid_ddydisps", "cow_mid_dirdisps"),
    ),
    Source(
        name="gml_mid", title="Gibler–Miller–Little MIDs 2.2.1 (peacesciencer)",
        version="2.2.1", years=(1816, 2010), license="free for use with citation",
        bibtex=_GML_BIB,
        files=(_ps("gml_mid_disps", "disps", "a0eedf4fa05b60d3015437aeeee410a0b080e7a2e317ab8a2899479e878f450d"),
               _ps("gml_mid_ddydisps", "ddy", "46ce6732909e62b555546ceeeb2f380415c4153fa1cb05824a837ec45a4aa7ce")),
        reader=_reader("gml_mid", False),
        tables=("gml_mid_disps", "gml_mid_ddydisps"),
    ),
]
