"""``add_ucdp_onsets``: UCDP conflict-onset counts on state-years (Gleditsch–Ward codes)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.errors import InputError
from amity.panel._common import join_monadic, require_panel
from amity.sources import coverage
from amity.sources.access import dataset
from amity.sources.ucdp_onsets import COLUMNS

FIRST, LAST = coverage("ucdp_onsets")   # from the Source record


def add_ucdp_onsets(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add UCDP onset counts (v19.1) to state-years, as peacesciencer's ``add_ucdp_onsets``:
    ``sumnewconf`` (new conflicts of the state that year) and ``sumonset1``, ``sumonset2``,
    ``sumonset3``, ``sumonset5``, ``sumonset10`` (new conflict episodes: a new conflict or
    one resuming after more than 1, 2, 3, 5 or 10 years). They are counts: ``sumonset1 > 0``
    is an onset year.

    A G-W state-year the data do not list gets 0 inside 1946–2017; years outside are missing
    (peacesciencer prints 0 for them, e.g. the United States in 1816: that 0 is not in the
    data). A COW state-year panel matches on its ``gwcode`` column
    (:func:`add_gwcode_to_cow` first).
    """
    meta = require_panel(panel, ("state_year",), verb="add_ucdp_onsets")
    code = None
    if meta["system"] == "cow":
        if "gwcode" not in panel.columns:
            raise InputError("add_ucdp_onsets matches on Gleditsch–Ward codes: build the panel "
                             "with system='gw', or add them first with add_gwcode_to_cow()",
                             field="gwcode")
        code = "gwcode"
    t = dataset("ucdp_onsets", con=con, mirror=mirror)
    out = join_monadic(panel, t, {c: "Int16" for c in COLUMNS}, source="ucdp_onsets",
                       first=FIRST, last=LAST, verb="add_ucdp_onsets", system="gw", code=code)
    inside = (out["year"] >= FIRST) & (out["year"] <= LAST)
    if code is not None:
        inside &= out["gwcode"].notna()
    for c in COLUMNS:
        out[c] = out[c].mask(inside & out[c].isna(), 0)
    return out
