"""``add_atop``: ATOP 5.1 alliance obligations on dyad-year and triad-year panels."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.panel._common import PreparedCache, join_dyadic
from amity.sources import get
from amity.sources.access import dataset

_CACHE = PreparedCache()

COLUMNS = {"atop_defense": "Int8", "atop_offense": "Int8", "atop_neutral": "Int8",
           "atop_nonagg": "Int8", "atop_consul": "Int8", "atop_value": "Int8"}


def atop_table(con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Non-directed ATOP 5.1 dyad-years (max over both directions), memoized."""
    from amity.sources.atop import atop_nondirected

    return _CACHE.get(("atop",), dataset("atop_dyad_year", con=con, mirror=mirror),
                      atop_nondirected)


def add_atop(panel: pd.DataFrame, *, value: bool = True, con: Any = None,
             mirror: Any = None) -> pd.DataFrame:
    """Add ATOP 5.1 obligations: ``atop_defense, atop_offense, atop_neutral, atop_nonagg,
    atop_consul`` (0/1) and, with ``value``, ``atop_value``.

    A dyad has an obligation in a year if either member owes it to the other under any
    alliance in force that year (ATOP's directed dyad-year flags, folded with max over both
    directions, as peacesciencer's ``add_atop_alliance``). ``atop_value`` is Amity's coarse
    depth code (:func:`amity.concepts.atop_level`): 3 defense or offense, 2 neutrality or
    consultation, 1 non-aggression only, 0 none.
    Years outside ATOP's coverage (1815–2018) are missing, never 0. Triad-year panels get
    one column per pair (``_12, _13, _23``). COW panels only.

    References
    ----------
    Leeds, B. A., Ritter, J. M., Mitchell, S. M., & Long, A. G. (2002). Alliance Treaty
    Obligations and Provisions, 1815–1944. International Interactions 28(3), 237–260.
    """
    src = get("atop")
    cols = dict(COLUMNS)
    if not value:
        cols.pop("atop_value")
    return join_dyadic(panel, atop_table(con, mirror), cols, source="atop",
                       first=src.years[0], last=src.years[1], verb="add_atop")
