"""Thompson, Sakuwa and Suhas (2022) strategic rivalries (peacesciencer's ``tss_rivalries``):
one row per rivalry, ``tssr_id, rivalry, ccode1, ccode2, start, end`` and 0/1 type flags
``positional, spatial, ideological, interventionary`` (missing = 0), 1494-2020.
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

_BIB = """@book{thompson2022tss,
  author = {Thompson, William R. and Sakuwa, Kentaro and Suhas, Prashant H.},
  title = {Analyzing Strategic Rivalries in World Politics: Types of Rivalry, Regional Variation, and Escalation/De-escalation},
  publisher = {Springer}, address = {Singapore}, year = {2022}
}
""" + PEACESCIENCER_BIB

TYPES = ("positional", "spatial", "ideological", "interventionary")


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["tss"], "tss_rivalries")
    require_columns(df, ["tssr_id", "ccode1", "ccode2", "start", "end", *TYPES])
    df = coerce_int(df, ["tssr_id", "ccode1", "ccode2", "start", "end"], rejects,
                    allow_na=False)
    out = pd.DataFrame({c: df[c].astype("int64")
                        for c in ("tssr_id", "ccode1", "ccode2", "start", "end")})
    out.insert(1, "rivalry", df["rivalry"].astype("string"))
    for c in TYPES:
        out[c] = pd.to_numeric(df[c], errors="coerce").fillna(0).astype("int64")
    return {"tss_rivalries": out.reset_index(drop=True)}


SOURCES = [
    Source(
        name="tss_rivalries", title="Thompson–Sakuwa–Suhas strategic rivalries 1494–2020 (peacesciencer)",
        version="2022", years=(1494, 2020), license="free for research with citation",
        bibtex=_BIB,
        files=(FileSpec("tss", "peacesciencer/rda/tss_rivalries.rda",
                        raw_url(PEACESCIENCER, "data/tss_rivalries.rda"),
                        "7d4aabe829ed3f3d32cc16cb1cf4c4fa11588e6823a2c19d73678e29c6879f6f"),),
        reader=_read, tables=("tss_rivalries",),
    ),
]
