"""Thompson & Dreyer's strategic rivalries (peacesciencer's ``td_rivalries``): one row per
rivalry, ``rivalryno, rivalryname, ccode1, ccode2, styear, endyear, region, type1..type3``.
Coded from leaders' perceptions of threat (Thompson & Dreyer 2012). Amity uses it as a
validation yardstick of the closeness model, never as an input of the index.
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

_BIB = """@book{thompson2012handbook,
  author = {Thompson, William R. and Dreyer, David R.},
  title = {Handbook of International Rivalries, 1494--2010},
  publisher = {CQ Press}, address = {Washington, DC}, year = {2012}
}
""" + PEACESCIENCER_BIB


def _read(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    df = read_rda(paths["td"], "td_rivalries")
    require_columns(df, ["rivalryno", "rivalryname", "ccode1", "ccode2", "styear", "endyear"])
    df = coerce_int(df, ["rivalryno", "ccode1", "ccode2", "styear", "endyear"], rejects,
                    allow_na=False)
    df = reindex(df)
    out = pd.DataFrame({c: df[c].astype("int64")
                        for c in ("rivalryno", "ccode1", "ccode2", "styear", "endyear")})
    out.insert(1, "rivalryname", df["rivalryname"].astype("string"))
    for c in ("region", "type1", "type2", "type3"):
        if c in df.columns:
            out[c] = df[c].astype("string")
    return {"td_rivalries": out}


SOURCES = [
    Source(
        name="td_rivalries", title="Thompson–Dreyer strategic rivalries 1494–2010 (peacesciencer)",
        version="2012", years=(1494, 2010), license="free for research with citation",
        bibtex=_BIB,
        files=(FileSpec("td", "peacesciencer/rda/td_rivalries.rda",
                        raw_url(PEACESCIENCER, "data/td_rivalries.rda"),
                        "06875a5100a9aaf83a073d6b78078722be7a0ef1c8a851ee31ad36914553c68b"),),
        reader=_read, tables=("td_rivalries",),
    ),
]
