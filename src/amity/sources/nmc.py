"""COW National Material Capabilities: NMC 7.0 (peacesciencer) and the NMC 6.0 abridged CSV.

CINC (Composite Index of National Capability) of state i in year t is the mean of its shares
of the system totals of six indicators (military expenditure, military personnel, iron and
steel production, primary energy consumption, total and urban population):
``cinc_it = (1/6) * sum_k x_kit / sum_j x_kjt`` (Singer, Bremer & Stuckey 1972).

nmc   NMC 7.0, 1816–2022, table ``cow_nmc`` (ccode, year, milex, milper, irst, pec, tpop,
      upop, cinc).
nmc6  NMC 6.0 abridged (the COW CSV; -9 = missing), 1816–2016, table ``cow_nmc6``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from amity.sources.base import (
    PEACESCIENCER,
    PEACESCIENCER_BIB,
    SLIDE_DECK,
    FileSpec,
    Source,
    coerce_float,
    coerce_int,
    raw_url,
    read_csv,
    read_rda,
    reindex,
    require_columns,
)

_BIB = """@incollection{singer1972capability,
  author = {Singer, J. David and Bremer, Stuart and Stuckey, John},
  title = {Capability Distribution, Uncertainty, and Major Power War, 1820--1965},
  booktitle = {Peace, War, and Numbers},
  editor = {Russett, Bruce},
  publisher = {Sage}, address = {Beverly Hills}, pages = {19--48}, year = {1972}
}"""
_BIB7 = _BIB + """
""" + PEACESCIENCER_BIB

INDICATORS = ["milex", "milper", "irst", "pec", "tpop", "upop"]


def _read7(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["nmc"], "cow_nmc")
    require_columns(df, ["ccode", "year", *INDICATORS, "cinc"])
    df = coerce_int(df, ["ccode", "year"], rejects, allow_na=False)
    df = coerce_float(df, [*INDICATORS, "cinc"], rejects)
    df = reindex(df)
    for c in INDICATORS:
        df[c] = df[c].mask(df[c] < 0)
    return {"cow_nmc": df[["ccode", "year", *INDICATORS, "cinc"]]}


def _read6(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_csv(paths["nmc"])
    require_columns(df, ["stateabb", "ccode", "year", *INDICATORS, "cinc"])
    df = coerce_int(df, ["ccode", "year"], rejects, allow_na=False)
    df = coerce_float(df, [*INDICATORS, "cinc"], rejects)
    df = reindex(df)
    for c in [*INDICATORS, "cinc"]:
        df[c] = df[c].mask(df[c] == -9)
    df["stateabb"] = df["stateabb"].astype("string")
    return {"cow_nmc6": df[["stateabb", "ccode", "year", *INDICATORS, "cinc"]]}


SOURCES = [
    Source(
        name="nmc", title="COW National Material Capabilities 7.0 (peacesciencer)",
        version="7.0", years=(1816, 2022), license="COW: free for use with citation",
        bibtex=_BIB7,
        files=(FileSpec("nmc", "peacesciencer/rda/cow_nmc.rda",
                        raw_url(PEACESCIENCER, "data/cow_nmc.rda"),
                        "c265ab4ffa73c87ddc565ce08a12963e8a6aa5020a56e3658108add14b24e82d"),),
        reader=_read7, tables=("cow_nmc",),
    ),
    Source(
        name="nmc6", title="COW National Material Capabilities 6.0, abridged CSV",
        version="6.0", years=(1816, 2016), license="COW: free for use with citation",
        bibtex=_BIB,
        files=(FileSpec("nmc", "cow-raw/NMC-60-abridged.csv",
                        raw_url(SLIDE_DECK, "NMC-60-abridged.csv"),
                        "cd8465ea476da51d3e91261e216e96cfaf1fbf309dbe6bfc25a99bfb9fa7cfde"),),
        reader=_read6, tables=("cow_nmc6",),
    ),
]
