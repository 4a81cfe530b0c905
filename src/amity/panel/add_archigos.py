"""``add_archigos``: leader transitions and who led each state in a year (Archigos 4.1)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.panel._common import (PreparedCache, code_col, join_monadic, left_join_checked,
                                 mask_outside, panel_meta)
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = 1870, coverage("archigos")[1]     # archigossums starts in 1870
NUMBERS = {"leadertransition": "Int8", "irregular": "Int8", "n_leaders": "Int8"}
TEXTS = ("jan1obsid", "dec31obsid")


def cow_sums(sums: pd.DataFrame, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """``archigossums`` on COW codes: G-W codes crosswalked by year; Serbia's 2006 is one
    row (G-W 340 dropped, 345's last leader ``SER-2006``), as peacesciencer does."""
    from amity.panel.add_gwcode_to_cow import crosswalk

    cw = crosswalk("gwcode", LAST, con, mirror)
    t = sums.merge(cw, on=["gwcode", "year"], how="left", validate="many_to_one")
    t = t[t["ccode"].notna() & ~((t["gwcode"] == 340) & (t["year"] == 2006))].copy()
    t.loc[(t["gwcode"] == 345) & (t["year"] == 2006), "dec31obsid"] = "SER-2006"
    t["ccode"] = t["ccode"].astype("int64")
    t = t.drop(columns="gwcode").drop_duplicates(["ccode", "year"])
    return t.reset_index(drop=True)


def add_archigos(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add Archigos 4.1 state-year summaries, as peacesciencer's ``add_archigos``:
    ``leadertransition`` (1 if a leader left office that year), ``irregular`` (1 if one left
    irregularly), ``n_leaders`` (leaders in office during the year), ``jan1obsid`` and
    ``dec31obsid`` (who held office on 1 January and 31 December); suffixes ``1``/``2`` on
    dyad-years. COW panels get the G-W summaries through the year-by-year crosswalk. Missing
    outside 1870–2015."""
    meta = panel_meta(panel)
    system = meta["system"]
    sums = dataset("archigossums", con=con, mirror=mirror)
    t = sums if system == "gw" else _CACHE.get(("cow",), sums,
                                               lambda s: cow_sums(s, con, mirror))
    out = join_monadic(panel, t, NUMBERS, source="archigos", first=FIRST, last=LAST,
                       verb="add_archigos", system=system)
    cc = code_col(system)
    sides = [""] if meta["kind"] == "state_year" else (
        ["1", "2"] if meta["kind"] == "dyad_year" else ["1", "2", "3"])
    for side in sides:
        names = {c: f"{c}{side}" for c in TEXTS}
        right = t[[cc, "year", *TEXTS]].rename(columns={cc: f"{cc}{side}", **names})
        right[f"{cc}{side}"] = right[f"{cc}{side}"].astype(out[f"{cc}{side}"].dtype)
        right["year"] = right["year"].astype(out["year"].dtype)
        out = left_join_checked(out, right, [f"{cc}{side}", "year"], source="archigossums")
        for c in names.values():
            out[c] = out[c].astype("string")
        out = mask_outside(out, list(names.values()), FIRST, LAST)
    return out
