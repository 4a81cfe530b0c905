"""Gleditsch-Ward versions of peacesciencer tables, for G-W panels:

* ``gwcode_democracy``: G-W state-years 1816-2020, ``v2x_polyarchy``, ``polity2``,
  ``xm_qudsest`` (as ``ccode_democracy``);
* ``gw_mindist``: CShapes 2.0 minimum distance between G-W states 1886-2019 (km), as
  ``cow_mindist``;
* ``gw_capitals``: capitals of G-W states with coordinates, ``gwcode, capital, stdate,
  enddate, lat, lng`` (as ``cow_capitals``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from amity.sources._ps import ps_source
from amity.sources.base import (PEACESCIENCER, PEACESCIENCER_BIB, FileSpec, Source, coerce_int,
                                raw_url, read_rda, require_columns)
from amity.sources.democracy import _BIB as _DEM_BIB

_DEM = _DEM_BIB.split("@article{miller2022peacesciencer")[0]
_CSHAPES = """@article{schvitz2022mapping,
  author = {Schvitz, Guy and Girardin, Luc and R{\\"u}egger, Seraina and Weidmann, Nils B. and Cederman, Lars-Erik and Gleditsch, Kristian Skrede},
  title = {Mapping the International System, 1886--2019: The {CShapes} 2.0 Dataset},
  journal = {Journal of Conflict Resolution}, volume = {66}, number = {1}, pages = {144--161},
  year = {2022}
}"""

def _read_capitals(paths: dict[str, Path], rejects: list | None = None):
    df = read_rda(paths["capitals"], "gw_capitals")
    require_columns(df, ["gwcode", "capital", "stdate", "enddate", "lat", "lng"])
    df = coerce_int(df, ["gwcode"], rejects, allow_na=False)
    out = pd.DataFrame({"gwcode": df["gwcode"].astype("int64"),
                        "capital": df["capital"].astype("string")})
    for c in ("stdate", "enddate"):
        out[c] = pd.to_datetime(df[c].astype("string"), format="%Y-%m-%d")
    for c in ("lat", "lng"):
        out[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
    ok = out[["stdate", "enddate", "lat", "lng"]].notna().all(axis=1)
    return {"gw_capitals": out[ok & (out["enddate"] >= out["stdate"])].reset_index(drop=True)}


SOURCES = [
    Source(name="gw_capitals", title="Capitals of G-W states with coordinates (peacesciencer)",
           version="peacesciencer 1.2", years=(1816, 2024), license="GPL-2 (peacesciencer)",
           bibtex=PEACESCIENCER_BIB,
           files=(FileSpec("capitals", "peacesciencer/rda/gw_capitals.rda",
                           raw_url(PEACESCIENCER, "data/gw_capitals.rda"),
                           "b60bf1d3111b0532fd0310caea64fa01a96fc14faac4c3ccf7d95231c95a1197"),),
           reader=_read_capitals, tables=("gw_capitals",)),
    ps_source("gwcode_democracy", obj="gwcode_democracy", title="Democracy: V-Dem polyarchy, "
              "Polity, Xm on G-W codes (peacesciencer)", version="peacesciencer 1.2",
              years=(1816, 2020), license="V-Dem CC BY-SA; Polity and Xm: free with citation",
              bibtex=_DEM,
              sha256="8688cf050074b163a4980b78339096e3dc1a515186d3124359849bc3a5cc2c7c",
              keys=("gwcode", "year"),
              floats=("v2x_polyarchy", "polity2", "xm_qudsest")),
    ps_source("gw_mindist", obj="gw_mindist", title="CShapes 2.0 minimum distance, G-W "
              "dyad-years (peacesciencer)", version="CShapes 2.0", years=(1886, 2019),
              license="CShapes: CC BY-NC-SA 4.0", bibtex=_CSHAPES,
              sha256="c5cfc974f3b3d91e31f45981332462f250794721938e2c8abeb79b8307dec990",
              keys=("gwcode1", "gwcode2", "year"), floats=("mindist",)),
]
