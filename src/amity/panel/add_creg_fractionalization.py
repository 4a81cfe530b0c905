"""``add_creg_fractionalization``: CREG ethnic and religious fractionalization/polarization."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.panel._common import PreparedCache, code_col, join_monadic, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("creg")   # from the Source record
COLUMNS = ("ethfrac", "ethpol", "relfrac", "relpol")


def creg_state_years(creg: pd.DataFrame, code: str) -> pd.DataFrame:
    """One row per ``code, year`` (``code`` ``ccode`` or ``gwcode``), by peacesciencer's rule
    for the codes CREG lists twice in a year: a value missing in one row is taken from the
    other, then the row with the highest ``ethfrac`` (then ``relfrac``) is kept."""
    t = creg[creg[code].notna()][[code, "year", *COLUMNS]].copy()
    t[code] = t[code].astype("int64")
    g = t.groupby([code, "year"])
    n = g[code].transform("size")
    for c in COLUMNS:
        t[c] = t[c].where(~(t[c].isna() & (n > 1)), g[c].transform("max"))
    t = t.drop_duplicates()
    t = t.sort_values([code, "year", "ethfrac", "relfrac"], ascending=[True, True, False, False],
                      na_position="last", kind="stable")
    return t.drop_duplicates([code, "year"]).reset_index(drop=True)


def add_creg_fractionalization(panel: pd.DataFrame, *, con: Any = None,
                               mirror: Any = None) -> pd.DataFrame:
    """Add ``ethfrac, ethpol, relfrac, relpol`` (CREG, Nardulli et al. 2012) to state-years
    (``...1``/``...2`` on dyad-years, ``1..3`` on triads), COW or G-W, as peacesciencer's
    ``add_creg_fractionalization``: the probability that two random citizens differ in
    ethnic group (religion), and the matching polarization. Missing where CREG has no
    estimate and outside 1945–2013."""
    system = panel_meta(panel)["system"]
    t = _CACHE.get(("creg", system), dataset("creg", con=con, mirror=mirror),
                   lambda c: creg_state_years(c, code_col(system)))
    return join_monadic(panel, t, {c: "Float64" for c in COLUMNS}, source="creg",
                        first=FIRST, last=LAST, verb="add_creg_fractionalization",
                        system=system)
