"""``add_mids``: militarized interstate disputes (COW MID 5 or GML) on dyadic panels."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.errors import InputError
from amity.panel._common import PreparedCache, join_dyadic
from amity.sources import get
from amity.sources.access import dataset

_CACHE = PreparedCache()


def mid_table(source: str = "cow", con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Non-directed MID dyad-years for ``source`` ("cow" or "gml"), memoized."""
    from amity.sources.mids import mid_nondirected

    if source == "cow":
        ddy = dataset("cow_mid_ddydisps", con=con, mirror=mirror)
        dirs = dataset("cow_mid_dirdisps", con=con, mirror=mirror)
        return _CACHE.get(("cow", id(dirs)), ddy,
                          lambda d: mid_nondirected(d, "cowmid", dirs))
    if source == "gml":
        ddy = dataset("gml_mid_ddydisps", con=con, mirror=mirror)
        return _CACHE.get(("gml",), ddy, lambda d: mid_nondirected(d, "gmlmid"))
    raise InputError(f"unknown MID source {source!r}; use 'cow' or 'gml'", field="source")


def add_mids(panel: pd.DataFrame, *, source: str = "cow", con: Any = None,
             mirror: Any = None) -> pd.DataFrame:
    """Add dispute columns (prefix ``cowmid`` or ``gmlmid``).

    ``{p}ongoing`` 1 if the pair is on opposite sides of a MID ongoing that year,
    ``{p}onset`` 1 if a MID between them began that year, ``{p}_hostlev`` the highest
    hostility level (1 no militarized action ... 5 war) of the pair's dispute,
    ``{p}_fatality`` the dispute's fatality level (0 none ... 6 >999; missing where
    unknown), and for COW ``cowmid_count`` the number of distinct disputes. Covered pairs
    with no dispute get 0; years outside coverage (COW MID 5: 1816–2014, GML: 1816–2010)
    are missing. Dispute values come from peacesciencer's dyad-year tables (one dispute per
    dyad-year, chosen by peacesciencer's whittling rules); both directions folded with max.

    References
    ----------
    Palmer, G. et al. (2022). The MID5 Dataset, 2011–2014. CMPS 39(4), 470–482.
    Gibler, D. M., Miller, S. V., & Little, E. K. (2016). An Analysis of the Militarized
    Interstate Dispute (MID) Dataset, 1816–2001. ISQ 60(4), 719–730.
    """
    p = {"cow": "cowmid", "gml": "gmlmid"}.get(source)
    if p is None:
        raise InputError(f"unknown MID source {source!r}; use 'cow' or 'gml'", field="source")
    src = get("cow_mid" if source == "cow" else "gml_mid")
    cols = {f"{p}ongoing": "Int8", f"{p}onset": "Int8", f"{p}_hostlev": "Int8",
            f"{p}_fatality": "Int8"}
    if source == "cow":
        cols["cowmid_count"] = "Int16"
    return join_dyadic(panel, mid_table(source, con, mirror), cols, source=src.name,
                       first=src.years[0], last=src.years[1], verb="add_mids")


def add_gml_mids(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None,
                 **leader_kw: Any) -> pd.DataFrame:
    """:func:`add_mids` with ``source="gml"`` (Gibler–Miller–Little MIDs, 1816–2010).

    On leader-dyad-years (``obsid1, obsid2`` columns) the disputes are matched to the two
    leaders: see :func:`amity.panel.add_gml_mids_leaders.add_gml_mids_leaders` (``init=``).
    """
    if {"obsid1", "obsid2"} <= set(panel.columns):
        from amity.panel.add_gml_mids_leaders import add_gml_mids_leaders

        return add_gml_mids_leaders(panel, con=con, mirror=mirror, **leader_kw)
    return add_mids(panel, source="gml", con=con, mirror=mirror)
