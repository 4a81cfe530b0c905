"""COW Direct Contiguity 3.2 (peacesciencer's ``cow_contdir``): one row per directed dyad
and contiguity episode, ``ccode1, ccode2, conttype, stdate, enddate`` (first-of-month dates).
``conttype`` 1 land or river border, 2..5 separated by up to 12, 24, 150, 400 miles of water.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from amity.sources.base import (
    PEACESCIENCER,
    PEACESCIENCER_BIB,
    FileSpec,
    Source,
    coerce_date,
    coerce_int,
    raw_url,
    read_rda,
    reindex,
    require_columns,
)

_BIB = """@article{stinnett2002cow,
  author = {Stinnett, Douglas M. and Tir, Jaroslav and Schafer, Philip and Diehl, Paul F. and Gochman, Charles},
  title = {The Correlates of War Project Direct Contiguity Data, Version 3},
  journal = {Conflict Management and Peace Science},
  volume = {19}, number = {2}, pages = {59--67}, year = {2002}
}
""" + PEACESCIENCER_BIB


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["contdir"], "cow_contdir")
    require_columns(df, ["ccode1", "ccode2", "conttype", "stdate", "enddate"])
    df = coerce_int(df, ["ccode1", "ccode2", "conttype"], rejects, allow_na=False)
    df = coerce_date(df, ["stdate", "enddate"], rejects, open_end=None)
    # an episode without both dates cannot be placed in time: dropped
    df = reindex(df[df["stdate"].notna() & df["enddate"].notna()])
    out = pd.DataFrame({c: df[c].astype("int64") for c in ("ccode1", "ccode2", "conttype")})
    out["stdate"] = pd.to_datetime(df["stdate"], format="%Y-%m-%d")
    out["enddate"] = pd.to_datetime(df["enddate"], format="%Y-%m-%d")
    out = out[out["enddate"] >= out["stdate"]].reset_index(drop=True)
    return {"cow_contdir": out}


SOURCES = [
    Source(
        name="cow_contdir", title="COW Direct Contiguity 3.2 (peacesciencer)",
        version="3.2", years=(1816, 2016), license="COW: free for use with citation",
        bibtex=_BIB,
        files=(FileSpec("contdir", "peacesciencer/rda/cow_contdir.rda",
                        raw_url(PEACESCIENCER, "data/cow_contdir.rda"),
                        "779062fb96238a7c55dbb3436a0925f67d8f0b5bd8e522731c0c3c55f492dd70"),),
        reader=_read, tables=("cow_contdir",),
    ),
]
