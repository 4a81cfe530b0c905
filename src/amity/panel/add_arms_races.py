"""``add_arms_races``: Gibler–Rider–Hutchison conventional arms races on dyad-years."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel._common import PreparedCache, join_dyadic, join_monadic, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("grh_arms_races")   # from the Source record


def race_years(races: pd.DataFrame) -> pd.DataFrame:
    """One row per race and year: ``race_id, ccode1 < ccode2, year``."""
    sy = races["styear"].to_numpy(dtype="int64")
    n = races["endyear"].to_numpy(dtype="int64") - sy + 1
    row = np.repeat(np.arange(len(races)), n)
    year = np.repeat(sy, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    a = races["ccode1"].to_numpy(dtype="int64")[row]
    b = races["ccode2"].to_numpy(dtype="int64")[row]
    return pd.DataFrame({"race_id": races["race_id"].to_numpy(dtype="int64")[row],
                         "ccode1": np.minimum(a, b), "ccode2": np.maximum(a, b), "year": year})


def _dyadic(races: pd.DataFrame) -> pd.DataFrame:
    ry = race_years(races)
    out = ry.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(race_id=("race_id", "min"))
    out["armsrace"] = 1
    return out


def _monadic(races: pd.DataFrame) -> pd.DataFrame:
    ry = race_years(races)
    both = pd.concat([ry[["ccode1", "year"]].rename(columns={"ccode1": "ccode"}),
                      ry[["ccode2", "year"]].rename(columns={"ccode2": "ccode"})])
    return both.groupby(["ccode", "year"], as_index=False).size().rename(
        columns={"size": "armsraces"})


def add_arms_races(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add conventional arms races during rivalry (Gibler, Rider & Hutchison 2005; the
    table peacesciencer ships as ``grh_arms_races``, 71 races 1854–1984, from a study of
    1816–1993): dyad-years get ``armsrace`` (1 in a race year of the pair, else 0) and
    ``race_id`` (missing without a race), the same in both directions (``_12, _13, _23`` on
    triads); state-years get ``armsraces``, the number of races the state is in. Years
    outside 1816–1993 are missing, never 0. COW panels only."""
    races = dataset("grh_arms_races", con=con, mirror=mirror)
    if panel_meta(panel)["kind"] == "state_year":
        t = _CACHE.get(("sy",), races, _monadic)
        out = join_monadic(panel, t, {"armsraces": "Int8"}, source="grh_arms_races",
                           first=FIRST, last=LAST, verb="add_arms_races")
        inside = (out["year"] >= FIRST) & (out["year"] <= LAST)
        out["armsraces"] = out["armsraces"].mask(inside & out["armsraces"].isna(), 0)
        return out
    t = _CACHE.get(("dy",), races, _dyadic)
    return join_dyadic(panel, t, {"armsrace": "Int8", "race_id": "Int16"},
                       source="grh_arms_races", first=FIRST, last=LAST,
                       fill={"race_id": None}, verb="add_arms_races")
