"""``add_igos``: shared IGO memberships of a dyad (COW IGO 3.0, ``dyadigos``)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import PreparedCache, fold_dyads, join_dyadic, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("cow_igo")   # from the Source record


def _nondirected(t: pd.DataFrame) -> pd.DataFrame:
    # both orders listed: one row, the larger count
    return fold_dyads(t["year"].to_numpy(), t["ccode1"].to_numpy(), t["ccode2"].to_numpy(),
                      {"dyadigos": (t["dyadigos"].to_numpy(dtype="float64", na_value=np.nan),
                                    "max")})


def add_igos(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add ``dyadigos``: how many intergovernmental organizations both states are full
    members of (COW IGO 3.0, Pevehouse et al. 2020), as peacesciencer's ``add_igos`` on
    dyad-years (``dyadigos_12, _13, _23`` on triad-years). A dyad-year the source does not
    list, and every year after 2014, is missing (not 0). COW dyad- and triad-years only
    (state-year counts are not served yet).
    """
    if panel_meta(panel)["kind"] == "state_year":
        raise InputError("add_igos serves dyad-year and triad-year panels; state-year IGO "
                         "counts are not served yet", field="panel")
    t = _CACHE.get(("igo_ndy",), dataset("cow_igo_ndy", con=con, mirror=mirror), _nondirected)
    return join_dyadic(panel, t, {"dyadigos": "Int16"}, source="cow_igo", first=FIRST,
                       last=LAST, fill={"dyadigos": None}, verb="add_igos")
