"""COW state capitals (peacesciencer's ``cow_capitals``): one row per state and capital
episode, ``ccode, capital, stdate, enddate, lat, lng``; open episodes end 2024-12-31.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from amity.sources.base import (
    PEACESCIENCER,
    PEACESCIENCER_BIB,
    FileSpec,
    Source,
    coerce_int,
    raw_url,
    read_rda,
    require_columns,
)


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["capitals"], "cow_capitals")
    require_columns(df, ["ccode", "capital", "stdate", "enddate", "lat", "lng"])
    df = coerce_int(df, ["ccode"], rejects, allow_na=False)
    out = pd.DataFrame({"ccode": df["ccode"].astype("int64"),
                        "capital": df["capital"].astype("string")})
    out["stdate"] = pd.to_datetime(df["stdate"].astype("string"), format="%Y-%m-%d")
    out["enddate"] = pd.to_datetime(df["enddate"].astype("string"), format="%Y-%m-%d")
    out["lat"] = pd.to_numeric(df["lat"], errors="coerce").astype("float64")
    out["lng"] = pd.to_numeric(df["lng"], errors="coerce").astype("float64")
    ok = out["stdate"].notna() & out["enddate"].notna() & out["lat"].notna() & out["lng"].notna()
    return {"cow_capitals": out[ok & (out["enddate"] >= out["stdate"])].reset_index(drop=True)}


SOURCES = [
    Source(
        name="cow_capitals", title="Capitals of COW states with coordinates (peacesciencer)",
        version="peacesciencer 1.2", years=(1816, 2024), license="GPL-2 (peacesciencer)",
        bibtex=PEACESCIENCER_BIB,
        files=(FileSpec("capitals", "peacesciencer/rda/cow_capitals.rda",
                        raw_url(PEACESCIENCER, "data/cow_capitals.rda"),
                        "8659cd333a0cade601fd66f8de7e610962904c9562db5d07eaf4ccec862a6a0d"),),
        reader=_read, tables=("cow_capitals",),
    ),
]
