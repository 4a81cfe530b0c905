"""COW Trade 4.0 (Barbieri, Keshk & Pollins 2009; Barbieri & Keshk 2016).

``cow_trade_sy``: national totals, state-years 1870-2014, ``imports`` and ``exports`` in
current million USD (peacesciencer's ``cow_trade_sy``).

``cow_trade_dyadic``: the dyadic file ``Dyadic_COW_4.0.csv`` (81,656,373 bytes) with one row
per non-directed dyad-year 1870-2014, ``ccode1 < ccode2``, ``flow1`` (imports of ccode1 from
ccode2), ``flow2`` (imports of ccode2 from ccode1) and their smoothed versions; -9 (missing)
becomes missing. The file is not in the shared mirror: ``amity data fetch cow_trade_dyadic``
downloads it (checksum verified), or place it at ``cow-trade/Dyadic_COW_4.0.csv`` in a mirror.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.sources._ps import ps_source
from amity.sources.base import PEACESCIENCER_BIB, FileSpec, Source

_BIB = """@article{barbieri2009trading,
  author = {Barbieri, Katherine and Keshk, Omar M. G. and Pollins, Brian M.},
  title = {Trading Data: Evaluating our Assumptions and Coding Rules},
  journal = {Conflict Management and Peace Science}, volume = {26}, number = {5},
  pages = {471--491}, year = {2009}
}
@misc{barbieri2016cowtrade,
  author = {Barbieri, Katherine and Keshk, Omar M. G.},
  title = {Correlates of War Project Trade Data Set Codebook, Version 4.0},
  howpublished = {\\url{https://correlatesofwar.org}}, year = {2016}
}"""

DYADIC_URL = "https://correlatesofwar.org/wp-content/uploads/Dyadic_COW_4.0.csv"
DYADIC_SHA256 = "6254b538d36bbabb93ab2c13e061a9fb4129e45aa5491b108aa98ac7425aa616"
DYADIC_BYTES = 81_656_373
FLOWS = ("flow1", "flow2", "smoothflow1", "smoothflow2")


def read_dyadic(paths: dict[str, Path], rejects: list | None = None) -> dict[str, pd.DataFrame]:
    """``Dyadic_COW_4.0.csv`` -> ``cow_trade_dyadic`` (keys and the four flows; -9 missing)."""
    path = paths["dyadic"]
    try:
        df = pd.read_csv(path, usecols=["ccode1", "ccode2", "year", *FLOWS])
    except ValueError as e:   # a column is missing
        raise InputError(f"not the COW dyadic trade file: {e}", file=str(path), line=1) from None
    out = pd.DataFrame({c: pd.to_numeric(df[c], errors="coerce").astype("int64")
                        for c in ("ccode1", "ccode2", "year")})
    for c in FLOWS:
        v = pd.to_numeric(df[c], errors="coerce").astype("float64")
        out[c] = v.where(v >= 0, np.nan)
    swap = out["ccode1"] > out["ccode2"]
    if swap.any():     # keep the file's meaning with ccode1 < ccode2
        a, b = out.loc[swap, "ccode1"].copy(), out.loc[swap, "ccode2"].copy()
        out.loc[swap, "ccode1"], out.loc[swap, "ccode2"] = b, a
        for x, y in (("flow1", "flow2"), ("smoothflow1", "smoothflow2")):
            u, w = out.loc[swap, x].copy(), out.loc[swap, y].copy()
            out.loc[swap, x], out.loc[swap, y] = w, u
    return {"cow_trade_dyadic": out}


SOURCES = [
    ps_source("cow_trade_sy", obj="cow_trade_sy", title="COW Trade 4.0 national totals, "
              "state-years (peacesciencer)", version="4.0", years=(1870, 2014),
              license="COW: free with citation", bibtex=_BIB,
              sha256="41ad9d312b6146aa9eaa70d8f5a16a0164b6e27ee4ebe86a928c2ea4de415142",
              keys=("ccode", "year"), floats=("imports", "exports")),
    Source(name="cow_trade_dyadic", title="COW Trade 4.0 dyadic flows (Dyadic_COW_4.0.csv)",
           version="4.0", years=(1870, 2014), license="COW: free with citation",
           bibtex=_BIB + "\n" + PEACESCIENCER_BIB,
           files=(FileSpec("dyadic", "cow-trade/Dyadic_COW_4.0.csv", DYADIC_URL,
                           DYADIC_SHA256, DYADIC_BYTES),),
           reader=read_dyadic, tables=("cow_trade_dyadic",), kind="optional"),
]
