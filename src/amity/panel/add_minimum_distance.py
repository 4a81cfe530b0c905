"""``add_minimum_distance``: km between the closest points of two states' territories."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel._common import (PreparedCache, fold_dyads, join_dyadic, join_monadic,
                                 panel_meta)
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("cow_mindist")   # from the Source record


def _nondirected(t: pd.DataFrame) -> pd.DataFrame:
    if "ccode1" not in t.columns:        # the G-W table: same layout on gwcode1, gwcode2
        t = t.rename(columns={"gwcode1": "ccode1", "gwcode2": "ccode2"})
    return fold_dyads(t["year"].to_numpy(), t["ccode1"].to_numpy(), t["ccode2"].to_numpy(),
                      {"mindist": (t["mindist"].to_numpy(dtype="float64", na_value=np.nan),
                                   "min")})


def _state_min(nd: pd.DataFrame) -> pd.DataFrame:
    both = pd.concat([nd.rename(columns={"ccode1": "ccode"})[["ccode", "year", "mindist"]],
                      nd.rename(columns={"ccode2": "ccode"})[["ccode", "year", "mindist"]]])
    out = both.groupby(["ccode", "year"], as_index=False)["mindist"].min()
    return out.rename(columns={"mindist": "minmindist"})


def add_minimum_distance(panel: pd.DataFrame, *, con: Any = None,
                         mirror: Any = None) -> pd.DataFrame:
    """Add ``mindist`` (dyad-years; ``mindist_12, _13, _23`` on triad-years) or
    ``minmindist`` (state-years: the state's smallest distance to any other state that year),
    in km, as peacesciencer's ``add_minimum_distance``. A dyad-year the source does not list
    (a state not yet on CShapes' map, as Canada in 1920) is missing, not 0; so is every
    year outside 1886-2019. 0 means the two territories touch. COW panels read
    ``cow_mindist``, G-W panels ``gw_mindist``.
    """
    meta = panel_meta(panel)
    system = meta["system"]
    name = "cow_mindist" if system == "cow" else "gw_mindist"
    src = dataset(name, con=con, mirror=mirror)
    nd = _CACHE.get(("mindist", system), src, _nondirected)
    if meta["kind"] == "state_year":
        sm = _CACHE.get(("minmindist", system), src, lambda t: _state_min(_nondirected(t)))
        if system == "gw":
            sm = sm.rename(columns={"ccode": "gwcode"})
        return join_monadic(panel, sm, {"minmindist": "Float64"}, source=name,
                            first=FIRST, last=LAST, verb="add_minimum_distance", system=system)
    return join_dyadic(panel, nd, {"mindist": "Float64"}, source=name,
                       first=FIRST, last=LAST, fill={"mindist": None},
                       verb="add_minimum_distance", system=system)
