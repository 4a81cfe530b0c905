"""``add_strategic_rivalries``: Thompson–Sakuwa–Suhas strategic rivalries on COW panels."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel._common import PreparedCache, join_dyadic, join_monadic, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
# from the Source records: the file reaches back to 1494, COW panels start with the state list
FIRST = max(coverage("cow_states")[0], coverage("tss_rivalries")[0])
LAST = coverage("tss_rivalries")[1]
TYPES = ("positional", "spatial", "ideological", "interventionary")


def rivalry_years(riv: pd.DataFrame) -> pd.DataFrame:
    """One row per rivalry and year from 1816: ``tssr_id, ccode1, ccode2, year`` (as the
    file orders the pair) and the type flags. Austria (300) is 305 from 1919, as
    peacesciencer recodes the Austria–Serbia rivalry."""
    n = (riv["end"] - riv["start"] + 1).to_numpy(dtype="int64")
    row = np.repeat(np.arange(len(riv)), n)
    year = (np.repeat(riv["start"].to_numpy(dtype="int64"), n)
            + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)))
    out = pd.DataFrame({"tssr_id": riv["tssr_id"].to_numpy()[row], "year": year})
    for s in ("1", "2"):
        c = riv[f"ccode{s}"].to_numpy()[row]
        out[f"ccode{s}"] = np.where((c == 300) & (year >= 1919), 305, c)
    for t in TYPES:
        out[t] = riv[t].to_numpy()[row]
    return out[out["year"] >= FIRST].reset_index(drop=True)


def _dyadic(riv: pd.DataFrame) -> pd.DataFrame:
    ry = rivalry_years(riv)
    a, b = ry["ccode1"].to_numpy(), ry["ccode2"].to_numpy()
    ry["ccode1"], ry["ccode2"] = np.minimum(a, b), np.maximum(a, b)
    # two rivalries of one pair in one year would multiply rows: keep the first id, a type
    # flag is 1 when either rivalry has it
    agg = {"tssr_id": "min", **{t: "max" for t in TYPES}}
    out = ry.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(agg)
    out["ongoingrivalry"] = 1
    return out


def _monadic(riv: pd.DataFrame) -> pd.DataFrame:
    ry = rivalry_years(riv)
    both = pd.concat([ry.rename(columns={"ccode1": "ccode"}).drop(columns="ccode2"),
                      ry.rename(columns={"ccode2": "ccode"}).drop(columns="ccode1")])
    out = both.groupby(["ccode", "year"], as_index=False)[list(TYPES)].sum()
    return out.rename(columns={t: f"n_{t}" for t in TYPES})


def add_strategic_rivalries(panel: pd.DataFrame, *, con: Any = None,
                            mirror: Any = None) -> pd.DataFrame:
    """Add strategic rivalries (Thompson, Sakuwa & Suhas 2022), as peacesciencer's
    ``add_strategic_rivalries``.

    Dyad-years get ``tssr_id`` (missing when no rivalry), ``positional, spatial,
    ideological, interventionary`` (0/1) and ``ongoingrivalry`` (1 in a rivalry year, 0
    not), the same in both directions; state-years get ``n_positional, n_spatial,
    n_ideological, n_interventionary``: how many rivalries of each type the state is in.
    Years after 2020 are missing, never 0. COW panels only.
    """
    riv = dataset("tss_rivalries", con=con, mirror=mirror)
    if panel_meta(panel)["kind"] == "state_year":
        t = _CACHE.get(("tss_sy",), riv, _monadic)
        out = join_monadic(panel, t, {f"n_{x}": "Int16" for x in TYPES},
                           source="tss_rivalries", first=FIRST, last=LAST,
                           verb="add_strategic_rivalries")
        inside = (out["year"] >= FIRST) & (out["year"] <= LAST)
        for x in TYPES:
            out[f"n_{x}"] = out[f"n_{x}"].mask(inside & out[f"n_{x}"].isna(), 0)
        return out
    t = _CACHE.get(("tss_dy",), riv, _dyadic)
    cols = {"tssr_id": "Int16", **{x: "Int8" for x in TYPES}, "ongoingrivalry": "Int8"}
    return join_dyadic(panel, t, cols, source="tss_rivalries", first=FIRST, last=LAST,
                       fill={"tssr_id": None}, verb="add_strategic_rivalries")
