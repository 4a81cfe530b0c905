"""``add_gwcode_to_cow``: the Gleditsch–Ward code of each COW state in each year."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.errors import InputError
from amity.panel._common import PreparedCache, join_monadic, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("state_crosswalk")   # from the Source record


def _carried(t: pd.DataFrame, frm: str, to: str, until: int) -> pd.DataFrame:
    t = t[t[frm].notna()][[frm, "year", to]]
    t = t.astype({frm: "int64", "year": "int64"})
    last = t[t["year"] == LAST]
    extra = [last.assign(year=y) for y in range(LAST + 1, until + 1)]
    return pd.concat([t, *extra], ignore_index=True) if extra else t.reset_index(drop=True)


def crosswalk(frm: str, until: int | None = None, con: Any = None,
              mirror: Any = None) -> pd.DataFrame:
    """``frm, year, other`` rows: ``frm="ccode"`` gives each COW state-year's ``gwcode``
    (peacesciencer's ``cow_gw_years``), ``frm="gwcode"`` each G-W state-year's ``ccode``
    (``gw_cow_years``). The crosswalk ends in 2020; ``until`` carries the 2020 codes of the
    states alive then through that year (no code has changed since)."""
    table, to = (("cow_gw_years", "gwcode") if frm == "ccode" else ("gw_cow_years", "ccode"))
    until = max(int(until or LAST), LAST)
    return _CACHE.get((frm, until), dataset(table, con=con, mirror=mirror),
                      lambda t: _carried(t, frm, to, until))


def add_code(panel: pd.DataFrame, frm: str, verb: str, con: Any = None,
             mirror: Any = None) -> pd.DataFrame:
    meta = panel_meta(panel)
    to = "gwcode" if frm == "ccode" else "ccode"
    want = "cow" if frm == "ccode" else "gw"
    if meta["system"] != want:
        raise InputError(f"{verb} serves {want.upper()} panels; this one is "
                         f"{meta['system'].upper()}", field="system")
    if any(c in panel.columns for c in (to, f"{to}1", f"{to}2", f"{to}3")):
        raise InputError(f"the panel already has {to} columns", field=to)
    until = int(panel["year"].max()) if len(panel) else None
    t = crosswalk(frm, until, con, mirror)
    return join_monadic(panel, t, {to: "Int16"}, source="state_crosswalk", first=FIRST,
                        last=None, verb=verb, system=want)


def add_gwcode_to_cow(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add ``gwcode`` (state-years) or ``gwcode1, gwcode2`` (dyad-years; ``1..3`` triads) to a
    COW panel: the G-W code of the same state in that year, as peacesciencer's
    ``add_gwcode_to_cow``. Codes follow the year: COW 345 (Yugoslavia, then Serbia) is G-W
    345 to 2005 and 340 from 2006; COW 255/260 Germany map by year too. A COW state-year
    with no G-W counterpart is missing. Years after 2020 (the crosswalk's end) keep the 2020
    codes. Rows and order unchanged."""
    return add_code(panel, "ccode", "add_gwcode_to_cow", con, mirror)


