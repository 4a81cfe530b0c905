"""``create_leader_years``: one row per Archigos leader and calendar year in office."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.panel._common import year_bounds
from amity.sources import coverage
from amity.panel._leaders import leader_pieces, leader_year_rows


def create_leader_years(standardize: str = "none", years: Any = None, *, con: Any = None,
                        mirror: Any = None) -> pd.DataFrame:
    """Leader-years from Archigos 4.1 (1840–2015), as peacesciencer's
    ``create_leaderyears``: ``obsid, leader, gwcode, gender, leaderage, year, yrinoffice``
    (``ccode`` instead of ``gwcode`` with ``standardize="cow"``). A leader is in a year when
    in office on any of its days; ``yrinoffice`` counts calendar years from 1 (Carter
    1977–1981: 1..5), ``leaderage`` is ``year - yrborn``.

    ``standardize="gw"`` keeps the leader-years whose days in office meet G-W membership of
    the state; ``"cow"`` maps the G-W code to COW by year (peacesciencer's corrections:
    Morocco 1905–1912, Saudi Arabia 1927–1932, Yemen and Germany by date in 1990) and keeps
    those meeting COW membership. ``years`` keeps an inclusive range.
    """
    pieces, cc = leader_pieces(standardize, con=con, mirror=mirror)
    df = leader_year_rows(pieces, cc)
    lo, hi = year_bounds(years)
    if lo is not None:
        df = df[df["year"] >= lo]
    if hi is not None:
        df = df[df["year"] <= hi]
    df = df.reset_index(drop=True)
    df.attrs["amity"] = {"kind": "leader_year", "system": "cow" if cc == "ccode" else "gw",
                         "directed": False, "standardize": standardize, "coverage": {
                             "archigos": list(coverage("archigos"))}}
    return df
