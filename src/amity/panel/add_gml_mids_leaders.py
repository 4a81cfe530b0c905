"""``add_gml_mids`` on leader-dyad-years: GML disputes matched to the two leaders."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import left_join_checked, mask_outside
from amity.sources import coverage
from amity.sources.access import dataset

FIRST, LAST = coverage("gml_mid_leaders")   # from the Source record
INIT = ("sidea-all-joiners", "sidea-with-joiners", "sidea-orig")


def add_gml_mids_leaders(panel: pd.DataFrame, *, init: str = "sidea-all-joiners",
                         con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """GML MIDs on COW leader-dyad-years (``create_leader_dyad_years("cow")``), as
    peacesciencer's ``add_gml_mids`` there: ``gmlmidongoing``, ``gmlmidonset`` (0/1) for
    the two leaders' states with these two leaders in office, and on directed frames
    ``gmlmidongoing_init``, ``gmlmidonset_init`` (leader 1 started it: in office at the
    dispute's start, on side A, by ``init``: ``"sidea-orig"`` an originator,
    ``"sidea-with-joiners"``/``"sidea-all-joiners"`` also a joiner; default as
    peacesciencer, all joiners). Unlisted rows are 0 inside 1816–2010, missing outside."""
    if init not in INIT:
        raise InputError(f"init must be one of {', '.join(INIT)}", field="init")
    need = {"ccode1", "ccode2", "obsid1", "obsid2", "year"}
    if not need <= set(panel.columns):
        raise InputError("add_gml_mids on leader-dyad-years needs ccode1, ccode2, obsid1, "
                         "obsid2, year: build them with create_leader_dyad_years('cow')",
                         field="panel")
    t = dataset("gml_mid_leaders", con=con, mirror=mirror)
    t = t[t["obsid1"].notna() & t["obsid2"].notna()]
    keys = ["ccode1", "ccode2", "obsid1", "obsid2", "year"]
    # several disputes of one leader pair in a year: ongoing/onset are "any"
    s1, o1 = t["sidea1"].fillna(0).to_numpy(), t["orig1"].fillna(0).to_numpy()
    if init == "sidea-orig":
        side = (s1 == 1) & (o1 == 1)
    elif init == "sidea-with-joiners":
        side = (s1 == 1) | ((o1 == 0) & (s1 == 1))
    else:
        side = (s1 == 1) | (o1 == 0)
    ongo = t["gmlmidongoing"].fillna(0).to_numpy() == 1
    started = (t["obsid_start1"].astype(str).to_numpy() == t["obsid1"].astype(str).to_numpy())
    g = pd.DataFrame({k: t[k].astype(str) if k.startswith("obsid") else t[k].astype("int64")
                      for k in keys})
    g["gmlmidongoing"] = ongo.astype("int8")
    g["gmlmidonset"] = (t["gmlmidonset"].fillna(0).to_numpy() == 1).astype("int8")
    g["gmlmidongoing_init"] = (ongo & started & side).astype("int8")
    g["gmlmidonset_init"] = (g["gmlmidonset"].to_numpy() == 1) & (g["gmlmidongoing_init"] == 1)
    g["gmlmidonset_init"] = g["gmlmidonset_init"].astype("int8")
    g = g.groupby(keys, as_index=False).max()
    directed = bool((panel["ccode1"].to_numpy() > panel["ccode2"].to_numpy()).any())
    cols = ["gmlmidongoing", "gmlmidonset"] + (
        ["gmlmidongoing_init", "gmlmidonset_init"] if directed else [])
    g = g[keys + cols]
    attrs = dict(panel.attrs)
    tmp = panel.assign(obsid1=panel["obsid1"].astype(str), obsid2=panel["obsid2"].astype(str))
    for k in ("ccode1", "ccode2", "year"):
        g[k] = g[k].astype(tmp[k].dtype)
    out = left_join_checked(tmp, g, keys, source="gml_mid_leaders")
    out["obsid1"], out["obsid2"] = panel["obsid1"].values, panel["obsid2"].values
    y = out["year"].to_numpy()
    inside = (y >= FIRST) & (y <= LAST)
    for c in cols:
        v = out[c].to_numpy(dtype="float64", na_value=np.nan)
        v = np.where(np.isnan(v) & inside, 0, v)
        miss = np.isnan(v)
        out[c] = pd.arrays.IntegerArray(np.where(miss, 0, v).astype("int8"), miss)
    out = mask_outside(out, cols, FIRST, LAST)
    meta = dict(attrs.get("amity") or {})
    meta["coverage"] = {**(meta.get("coverage") or {}), "gml_mid_leaders": [FIRST, LAST]}
    out.attrs = {**attrs, "amity": meta}
    return out
