"""``add_archigos``: leader transitions and who led each state in a year (Archigos 4.1)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import PreparedCache, join_monadic, monadic_cells, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = 1870, coverage("archigos")[1]     # archigossums starts in 1870
NUMBERS = {"leadertransition": "Int8", "irregular": "Int8", "n_leaders": "Int8"}
TEXTS = ("jan1obsid", "dec31obsid")


def cow_sums(sums: pd.DataFrame, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """``archigossums`` on COW codes: G-W codes crosswalked by year; Serbia's 2006 is one
    row (G-W 340 dropped, 345's last leader ``SER-2006``), as peacesciencer does."""
    from amity.panel.add_gwcode_to_cow import crosswalk

    cw = crosswalk("gwcode", LAST, con, mirror)
    t = sums.merge(cw, on=["gwcode", "year"], how="left", validate="many_to_one")
    t = t[t["ccode"].notna() & ~((t["gwcode"] == 340) & (t["year"] == 2006))].copy()
    t.loc[(t["gwcode"] == 345) & (t["year"] == 2006), "dec31obsid"] = "SER-2006"
    t["ccode"] = t["ccode"].astype("int64")
    t = t.drop(columns="gwcode").drop_duplicates(["ccode", "year"])
    return t.reset_index(drop=True)


def add_archigos(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add Archigos 4.1 state-year summaries, as peacesciencer's ``add_archigos``:
    ``leadertransition`` (1 if a leader left office that year), ``irregular`` (1 if one left
    irregularly), ``n_leaders`` (leaders in office during the year), ``jan1obsid`` and
    ``dec31obsid`` (who held office on 1 January and 31 December); suffixes ``1``/``2`` on
    dyad-years. COW panels get the G-W summaries through the year-by-year crosswalk. Missing
    outside 1870–2015."""
    meta = panel_meta(panel)
    system = meta["system"]
    sums = dataset("archigossums", con=con, mirror=mirror)
    t, ids = _CACHE.get(("prepared", system), sums, lambda s: _prepare(s, system, con, mirror))
    out = join_monadic(panel, t, NUMBERS, source="archigos", first=FIRST, last=LAST,
                       verb="add_archigos", system=system)
    # the two leader ids: each side's table row found once on the (year x code) grid, then
    # the strings taken from the table's distinct ids (no merge per side)
    _, sides, idx, cells, rows, size = monadic_cells(
        panel, t, first=FIRST, last=LAST, verb="add_archigos", system=system,
        source="archigos")
    flats = {}
    for c in TEXTS:
        flats[c] = np.full(size, -1, np.int32)
        flats[c][cells] = ids[c][0][rows]
    new = {}
    for side in sides:
        for c in TEXTS:
            name = f"{c}{side}"
            if name in out.columns:
                raise InputError(f"panel already has column {name!r} (was add_archigos "
                                 "applied twice?)", field=name)
            new[name] = _strings(idx[side].take(flats[c]), ids[c][1])
    attrs = dict(out.attrs)
    res = pd.concat([out, pd.DataFrame(new, index=out.index)], axis=1)
    res.attrs = attrs
    return res


def _prepare(sums: pd.DataFrame, system: str, con: Any, mirror: Any):
    """The summaries on the panel's codes and, for each leader-id column, its codes
    (int32, -1 where missing) and distinct ids."""
    t = sums if system == "gw" else cow_sums(sums, con, mirror)
    import pyarrow as pa

    ids = {}
    for c in TEXTS:
        k, cats = pd.factorize(t[c])
        ids[c] = (k.astype(np.int32), pa.array(cats.to_numpy(dtype=object), type=pa.large_string()))
    return t, ids


def _strings(codes: np.ndarray, cats: Any) -> pd.arrays.ArrowStringArray:
    """``cats[codes]`` (``cats`` a pyarrow string array) as a pandas ``string`` array,
    missing where ``codes`` is -1."""
    import pyarrow as pa

    miss = codes < 0
    taken = cats.take(pa.array(np.where(miss, 0, codes), mask=miss))
    return pd.arrays.ArrowStringArray(pa.chunked_array([taken]))
