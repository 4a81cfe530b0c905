"""COW Intergovernmental Organizations 3.0, non-directed dyad-years (peacesciencer's
``cow_igo_ndy``): ``ccode1 < ccode2, year, dyadigos`` (the number of IGOs in which both
states are full members). Coverage 1816–2014.
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

_BIB = """@article{pevehouse2020tracking,
  author = {Pevehouse, Jon C. W. and Nordstrom, Timothy and McManus, Roseanne W. and Jamison, Anne Spencer},
  title = {Tracking Organizations in the World: The Correlates of War IGO Version 3.0 Datasets},
  journal = {Journal of Peace Research},
  volume = {57}, number = {3}, pages = {492--503}, year = {2020}
}
""" + PEACESCIENCER_BIB


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["ndy"], "cow_igo_ndy")
    require_columns(df, ["ccode1", "ccode2", "year", "dyadigos"])
    df = coerce_int(df, ["ccode1", "ccode2", "year"], rejects, allow_na=False)
    df = coerce_int(df, ["dyadigos"], rejects, allow_na=True)
    df = reindex(df)
    out = pd.DataFrame({c: df[c].astype("int64") for c in ("ccode1", "ccode2", "year")})
    out["dyadigos"] = df["dyadigos"].astype("Int64")
    return {"cow_igo_ndy": out}


SOURCES = [
    Source(
        name="cow_igo", title="COW Intergovernmental Organizations 3.0, dyad-years (peacesciencer)",
        version="3.0", years=(1816, 2014), license="COW: free for use with citation",
        bibtex=_BIB,
        files=(FileSpec("ndy", "peacesciencer/rda/cow_igo_ndy.rda",
                        raw_url(PEACESCIENCER, "data/cow_igo_ndy.rda"),
                        "e663531dab70d1d46419fdf0d2d29d51b5b314eab055ea1f691d824e4d15af26"),),
        reader=_read, tables=("cow_igo_ndy",),
    ),
]
