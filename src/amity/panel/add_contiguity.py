"""``add_contiguity``: COW direct contiguity type on dyad-years (``conttype``)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import PreparedCache, join_dyadic
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("cow_contdir")   # from the Source record


def _dyad_years(cd: pd.DataFrame, slice_: str) -> pd.DataFrame:
    cd = cd[cd["ccode1"] < cd["ccode2"]].reset_index(drop=True)
    sy = cd["stdate"].dt.year.to_numpy(dtype="int64")
    sm = cd["stdate"].dt.month.to_numpy(dtype="int64")
    ey = cd["enddate"].dt.year.to_numpy(dtype="int64")
    em = cd["enddate"].dt.month.to_numpy(dtype="int64")
    n = ey - sy + 1
    row = np.repeat(np.arange(len(cd)), n)
    year = np.repeat(sy, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    if slice_ == "first":   # the episode's first month inside the year; earliest wins
        month = np.where(year == sy[row], sm[row], 1)
        pick = -month
    else:                   # the episode's last month inside the year; latest wins
        month = np.where(year == ey[row], em[row], 12)
        pick = month
    df = pd.DataFrame({"ccode1": cd["ccode1"].to_numpy()[row],
                       "ccode2": cd["ccode2"].to_numpy()[row], "year": year,
                       "conttype": cd["conttype"].to_numpy()[row], "_pick": pick,
                       "_row": row if slice_ == "last" else -row})
    df = df.sort_values(["ccode1", "ccode2", "year", "_pick", "_row"], kind="stable")
    df = df.drop_duplicates(["ccode1", "ccode2", "year"], keep="last")
    return df[["ccode1", "ccode2", "year", "conttype"]].reset_index(drop=True)


def contiguity_table(slice: str = "first", con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Non-directed dyad-years ``ccode1 < ccode2, year, conttype`` from COW direct
    contiguity, one row per dyad-year where some episode is in force, memoized."""
    if slice not in ("first", "last"):
        raise InputError(f"slice must be 'first' or 'last', got {slice!r}", field="slice")
    return _CACHE.get(("contdir", slice), dataset("cow_contdir", con=con, mirror=mirror),
                      lambda t: _dyad_years(t, slice))


def add_contiguity(panel: pd.DataFrame, *, slice: str = "first", con: Any = None,
                   mirror: Any = None) -> pd.DataFrame:
    """Add ``conttype``: 1 land or river border, 2..5 separated by at most 12, 24, 150 or
    400 miles of water, 0 not contiguous; dyad-years (directed or not) and triad-years
    (``conttype_12, _13, _23``).

    COW records contiguity episodes by month. When a dyad's relation changes within a year,
    ``slice="first"`` keeps the type in force in the year's first recorded month,
    ``slice="last"`` the one in its last, as peacesciencer's ``add_contiguity``. Years after
    2016 (the data's end) are missing, never 0. COW panels only.

    References
    ----------
    Stinnett, D. M., Tir, J., Schafer, P., Diehl, P. F., & Gochman, C. (2002). The
    Correlates of War Project Direct Contiguity Data, Version 3. CMPS 19(2), 59–67.
    """
    return join_dyadic(panel, contiguity_table(slice, con, mirror), {"conttype": "Int8"},
                       source="cow_contdir", first=FIRST, last=LAST, verb="add_contiguity")
