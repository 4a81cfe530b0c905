"""COW inter-state wars 4.0 as directed dyad-years (peacesciencer ``cow_war_inter.rda``).

The table holds each pair in both directions and 56 duplicate dyad-years (two wars between
the same pair in one year); :func:`war_nondirected` collapses them. Coverage 1816–2003.
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

_BIB = """@book{sarkees2010resort,
  author = {Sarkees, Meredith Reid and Wayman, Frank Whelon},
  title = {Resort to War: 1816--2007},
  publisher = {CQ Press}, address = {Washington, DC}, year = {2010}
}
""" + PEACESCIENCER_BIB

_KEYS = ["warnum", "ccode1", "ccode2", "year"]


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["inter"], "cow_war_inter")
    require_columns(df, [*_KEYS, "cowinterongoing", "cowinteronset"])
    df = coerce_int(df, _KEYS, rejects, allow_na=False)
    rest = [c for c in df.columns if c not in _KEYS]
    df = coerce_int(df, rest, rejects)
    df = reindex(df)
    for c in ("batdeath1", "batdeath2"):
        if c in df.columns:
            df[c] = df[c].mask(df[c] < 0)
    return {"cow_war_inter": df}


def war_nondirected(dy: pd.DataFrame) -> pd.DataFrame:
    """Non-directed war dyad-years: ``cowinterongoing``, ``cowinteronset`` (max over the
    pair's wars and both directions) and ``cowinter_wars`` (distinct wars that year)."""
    f = lambda c: dy[c].to_numpy(dtype="float64", na_value=np.nan)  # noqa: E731
    g = fold_pairs(dy["ccode1"].to_numpy(), dy["ccode2"].to_numpy(), dy["year"].to_numpy(),
                   {"cowinterongoing": np.nan_to_num(f("cowinterongoing")),
                    "cowinteronset": np.nan_to_num(f("cowinteronset"))},
                   {"cowinter_wars": dy["warnum"].to_numpy(dtype="int64")})
    for c in ("cowinterongoing", "cowinteronset", "cowinter_wars"):
        g[c] = g[c].astype(np.int16)
    return g


SOURCES = [
    Source(
        name="cow_war", title="COW inter-state wars 4.0, dyad-years (peacesciencer)",
        version="4.0", years=(1816, 2003), license="COW: free for use with citation",
        bibtex=_BIB,
        files=(FileSpec("inter", "peacesciencer/rda/cow_war_inter.rda",
                        raw_url(PEACESCIENCER, "data/cow_war_inter.rda"),
                        "d727523be3ab6f35653adc62a9b893101c8342e152af084d96f1297bb9a56131"),),
        reader=_read, tables=("cow_war_inter",),
    ),
]
