"""``create_leader_days``: one row per Archigos leader and day in office."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.sources import coverage
from amity.panel._leaders import leader_pieces


def _cat(values: pd.Series, row: np.ndarray) -> pd.Categorical:
    """``values[row]`` as a categorical, built from codes (no per-row strings)."""
    codes, cats = pd.factorize(values, sort=True)
    return pd.Categorical.from_codes(codes[row], cats)


def create_leader_days(standardize: str = "none", *, con: Any = None,
                       mirror: Any = None) -> pd.DataFrame:
    """Leader-days from Archigos 4.1, as peacesciencer's ``create_leaderdays``: ``obsid,
    gwcode, leader, date, yrinoffice`` (``ccode`` with ``standardize="cow"``), every day
    from a leader's start date to the end date inclusive (5.3M rows); ``yrinoffice`` counts
    calendar years from 1. ``standardize="gw"``/``"cow"`` keeps the days the leader's state
    is a member of that system (see :func:`create_leader_years` for the COW mapping)."""
    p, cc = leader_pieces(standardize, con=con, mirror=mirror)
    s = p["s"].to_numpy().astype("datetime64[D]")
    e = p["e"].to_numpy().astype("datetime64[D]")
    n = np.maximum((e - s).astype(np.int64) + 1, 0)
    row = np.repeat(np.arange(len(p)), n)
    day = np.repeat(s, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)).astype(
        "timedelta64[D]")
    first = p["start"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    df = pd.DataFrame({
        "obsid": _cat(p["obsid"], row),
        cc: p["code"].to_numpy(dtype="int32")[row],
        "leader": _cat(p["leader"], row),
        "date": day.astype("datetime64[s]"),
        "yrinoffice": (p["year"].to_numpy(dtype="int32") - first.astype("int32") + 1)[row]})
    df.attrs["amity"] = {"kind": "leader_day", "system": "cow" if cc == "ccode" else "gw",
                         "directed": False, "standardize": standardize, "coverage": {
                             "archigos": list(coverage("archigos"))}}
    return df
