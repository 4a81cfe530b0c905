"""Minimum distance between states (peacesciencer's ``cow_mindist``, from CShapes 2.0):
one row per non-directed COW dyad-year ``ccode1 < ccode2, year, mindist`` (km between the
closest points of the two territories), 1886-2019.
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

_BIB = """@article{schvitz2022cshapes,
  author = {Schvitz, Guy and Girardin, Luc and R{\\"u}egger, Seraina and Weidmann, Nils B. and Cederman, Lars-Erik and Gleditsch, Kristian Skrede},
  title = {Mapping the International System, 1886--2019: The {CShapes} 2.0 Dataset},
  journal = {Journal of Conflict Resolution},
  volume = {66}, number = {1}, pages = {144--161}, year = {2022}
}
""" + PEACESCIENCER_BIB


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["mindist"], "cow_mindist")
    require_columns(df, ["ccode1", "ccode2", "year", "mindist"])
    df = coerce_int(df, ["ccode1", "ccode2", "year"], rejects, allow_na=False)
    out = pd.DataFrame({c: df[c].astype("int64") for c in ("ccode1", "ccode2", "year")})
    out["mindist"] = pd.to_numeric(df["mindist"], errors="coerce").astype("float64")
    return {"cow_mindist": out.reset_index(drop=True)}


SOURCES = [
    Source(
        name="cow_mindist", title="Minimum distance between COW states, CShapes 2.0 (peacesciencer)",
        version="CShapes 2.0", years=(1886, 2019), license="CShapes: CC BY-NC-SA 4.0",
        bibtex=_BIB,
        files=(FileSpec("mindist", "peacesciencer/rda/cow_mindist.rda",
                        raw_url(PEACESCIENCER, "data/cow_mindist.rda"),
                        "9fa13d911c454d463044bf13a711c64b90a6131246e2d239dcdf4d01f2f263b4"),),
        reader=_read, tables=("cow_mindist",),
    ),
]
