"""``add_wars``: COW inter-state wars on dyadic panels."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.panel._common import PreparedCache, join_dyadic
from amity.sources import get
from amity.sources.access import dataset

_CACHE = PreparedCache()


def war_table(con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Non-directed war dyad-years (duplicates collapsed), memoized."""
    from amity.sources.wars import war_nondirected

    return _CACHE.get(("war",), dataset("cow_war_inter", con=con, mirror=mirror),
                      war_nondirected)


def add_wars(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add ``cowinterongoing``, ``cowinteronset`` (0/1) and ``cowinter_wars`` (number of
    distinct inter-state wars the pair fights on opposite sides that year).

    The COW table lists each pair in both directions and some pairs twice in a year (two
    wars); both are collapsed before the join, so the row count never changes. Covered pairs
    at peace get 0; years outside 1816–2003 are missing.

    References
    ----------
    Sarkees, M. R., & Wayman, F. W. (2010). Resort to War: 1816–2007. CQ Press.
    """
    src = get("cow_war")
    return join_dyadic(panel, war_table(con, mirror),
                       {"cowinterongoing": "Int8", "cowinteronset": "Int8",
                        "cowinter_wars": "Int8"},
                       source="cow_war", first=src.years[0], last=src.years[1],
                       verb="add_wars")
