"""``add_cow_trade``: COW Trade 4.0, national totals on any panel and dyadic flows on
dyad-years when the dyadic file is at hand."""
from __future__ import annotations

import warnings
from typing import Any

import pandas as pd

from amity.errors import AmityError
from amity.panel._common import code_col, join_dyadic, join_monadic, panel_meta
from amity.sources import coverage, get
from amity.sources.access import dataset
from amity.sources.cow_trade import FLOWS

FIRST, LAST = coverage("cow_trade_sy")   # from the Source record


def dyadic_available(mirror: Any = None) -> bool:
    """Whether ``Dyadic_COW_4.0.csv`` is in the mirror or the download cache (no download)."""
    from amity.sources.fetch import local_copy

    return local_copy(get("cow_trade_dyadic").files[0], "cow_trade_dyadic", mirror) is not None


def add_cow_trade(panel: pd.DataFrame, *, dyadic: bool | None = None,
                  trade: pd.DataFrame | None = None, con: Any = None,
                  mirror: Any = None) -> pd.DataFrame:
    """Add COW Trade 4.0 (1870–2014), as peacesciencer's ``add_cow_trade``.

    State-years get ``imports`` and ``exports`` (current million USD; triads and, with
    ``dyadic=False``, dyads get them per side: ``imports1, exports1...``). Dyad-years get
    ``flow1`` (imports of ccode1 from ccode2), ``flow2`` (imports of ccode2 from ccode1),
    ``smoothflow1``, ``smoothflow2``, oriented to each row's own order in directed panels,
    from ``Dyadic_COW_4.0.csv`` (registered as ``cow_trade_dyadic`` with its sha256; not
    in the shared mirror). When that file is neither in the mirror nor in the cache the
    dyadic columns are skipped with a warning saying how to get it (``amity data fetch
    cow_trade_dyadic``); nothing is downloaded implicitly. ``trade=`` passes the dyadic
    table directly. Missing (never 0) where COW records no flow and outside 1870–2014.
    """
    meta = panel_meta(panel)
    cols = {"imports": "Float64", "exports": "Float64"}
    if meta["kind"] == "state_year" or meta["kind"] == "triad_year" or dyadic is False:
        return join_monadic(panel, dataset("cow_trade_sy", con=con, mirror=mirror), cols,
                            source="cow_trade_sy", first=FIRST, last=LAST, verb="add_cow_trade")
    if trade is None:
        if not dyadic_available(mirror) and dyadic is None:
            warnings.warn("add_cow_trade: dyadic COW trade skipped: Dyadic_COW_4.0.csv is not "
                          "in the mirror or the cache; run `amity data fetch cow_trade_dyadic` "
                          "(81,656,373 bytes, sha256 checked) or put it at "
                          "cow-trade/Dyadic_COW_4.0.csv in the mirror; the panel is unchanged",
                          UserWarning, stacklevel=2)
            return panel
        try:
            trade = dataset("cow_trade_dyadic", con=con, mirror=mirror)
        except AmityError as e:
            if dyadic:
                raise
            warnings.warn(f"add_cow_trade: dyadic COW trade skipped: {e}", UserWarning,
                          stacklevel=2)
            return panel
    first, last = coverage("cow_trade_dyadic")
    out = join_dyadic(panel, trade, {c: "Float64" for c in FLOWS}, source="cow_trade_dyadic",
                      first=first, last=last, fill={c: None for c in FLOWS},
                      verb="add_cow_trade")
    cc = code_col(meta["system"])
    rev = (panel[f"{cc}1"].to_numpy() > panel[f"{cc}2"].to_numpy())
    if rev.any():                       # the table is ccode1 < ccode2: turn the flows round
        for a, b in (("flow1", "flow2"), ("smoothflow1", "smoothflow2")):
            x, y = out[a].copy(), out[b].copy()
            out[a] = x.where(~rev, y)
            out[b] = y.where(~rev, x)
    return out
