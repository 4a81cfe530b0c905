"""Democracy scores (peacesciencer's ``ccode_democracy``): one row per COW state-year,
``ccode, year, v2x_polyarchy`` (V-Dem electoral democracy, 0..1), ``polity2`` (Polity,
-10..10) and ``xm_qudsest`` (Marquez's extended UDS), 1816-2020.
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

_BIB = """@article{coppedge2020vdem,
  author = {Coppedge, Michael and others},
  title = {{V-Dem} Codebook v10},
  journal = {Varieties of Democracy (V-Dem) Project}, year = {2020}
}
@misc{marshall2017polity,
  author = {Marshall, Monty G. and Gurr, Ted Robert and Jaggers, Keith},
  title = {Polity {IV} Project: Political Regime Characteristics and Transitions, 1800--2016},
  howpublished = {Center for Systemic Peace}, year = {2017}
}
@misc{marquez2016xm,
  author = {Marquez, Xavier},
  title = {A Quick Method for Extending the Unified Democracy Scores},
  howpublished = {SSRN 2753830}, year = {2016}
}
""" + PEACESCIENCER_BIB

COLUMNS = ("v2x_polyarchy", "polity2", "xm_qudsest")


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["democracy"], "ccode_democracy")
    require_columns(df, ["ccode", "year", *COLUMNS])
    df = coerce_int(df, ["ccode", "year"], rejects, allow_na=False)
    out = pd.DataFrame({"ccode": df["ccode"].astype("int64"), "year": df["year"].astype("int64")})
    for c in COLUMNS:
        out[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    return {"ccode_democracy": out.reset_index(drop=True)}


SOURCES = [
    Source(
        name="ccode_democracy", title="Democracy: V-Dem polyarchy, Polity, Xm (peacesciencer)",
        version="peacesciencer 1.2", years=(1816, 2020),
        license="V-Dem CC BY-SA; Polity and Xm: free with citation", bibtex=_BIB,
        files=(FileSpec("democracy", "peacesciencer/rda/ccode_democracy.rda",
                        raw_url(PEACESCIENCER, "data/ccode_democracy.rda"),
                        "d4695e3cd670ec9ec4685b80862f9ccc452b1b4dd605b0c35e1ab2b086cfebbb"),),
        reader=_read, tables=("ccode_democracy",),
    ),
]
