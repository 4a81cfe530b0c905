"""UCDP/PRIO Armed Conflict Dataset (peacesciencer's ``ucdp_acd``): one row per conflict-year,
``conflict_id, year, gwno_a, gwno_a_2nd, gwno_b, gwno_b_2nd, incompatibility, intensity_level``
(1: 25–999 battle deaths in the year, 2: 1,000 or more), ``type_of_conflict`` (extrasystemic,
interstate, intrastate, internationalized intrastate). Side codes are Gleditsch–Ward numbers;
``gwno_b`` is set for interstate conflicts only.
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
    reindex,
    require_columns,
)

_BIB = """@article{gleditsch2002armed,
  author = {Gleditsch, Nils Petter and Wallensteen, Peter and Eriksson, Mikael and Sollenberg, Margareta and Strand, H{\\aa}vard},
  title = {Armed Conflict 1946--2001: A New Dataset},
  journal = {Journal of Peace Research},
  volume = {39}, number = {5}, pages = {615--637}, year = {2002}
}
""" + PEACESCIENCER_BIB

_INT = ["conflict_id", "year", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd",
        "intensity_level"]


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["acd"], "ucdp_acd")
    require_columns(df, _INT + ["type_of_conflict", "incompatibility"])
    df = coerce_int(df, ["conflict_id", "year", "gwno_a", "intensity_level"], rejects,
                    allow_na=False)
    df = coerce_int(df, ["gwno_a_2nd", "gwno_b", "gwno_b_2nd"], rejects, allow_na=True)
    df = reindex(df)
    out = df[_INT + ["type_of_conflict", "incompatibility"]].copy()
    out["type_of_conflict"] = out["type_of_conflict"].astype("string")
    out["incompatibility"] = out["incompatibility"].astype("string")
    return {"ucdp_acd": out.reset_index(drop=True)}


SOURCES = [
    Source(
        name="ucdp_acd", title="UCDP/PRIO Armed Conflict Dataset (peacesciencer)",
        version="peacesciencer fe150a2", years=(1946, 2024),
        license="UCDP: free with citation", bibtex=_BIB,
        files=(FileSpec("acd", "peacesciencer/rda/ucdp_acd.rda",
                        raw_url(PEACESCIENCER, "data/ucdp_acd.rda"),
                        "e040581fa00a27a21544c5cc8d012fb841d64f2bb99d1a483c6ae68c465e6bdc"),),
        reader=_read, tables=("ucdp_acd",),
    ),
]
