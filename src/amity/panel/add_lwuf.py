"""``add_lwuf``: leaders' willingness to use force (Carter & Smith 2020)."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from amity.errors import InputError
from amity.panel._common import left_join_checked
from amity.sources.access import dataset
from amity.sources.lwuf import COLUMNS


def leader_join(panel: pd.DataFrame, table: str, allowed: Iterable[str],
                keep: str | Iterable[str] | None, verb: str, con: Any = None,
                mirror: Any = None) -> pd.DataFrame:
    """Left-join a per-leader ``table`` (keyed ``obsid``) to leader-years (``obsid``) or
    leader-dyad-years (``obsid1``, ``obsid2``: suffixes ``1``/``2``)."""
    allowed = tuple(allowed)
    cols = list(allowed) if keep is None else ([keep] if isinstance(keep, str) else list(keep))
    bad = [c for c in cols if c not in allowed]
    if bad or not cols:
        raise InputError(f"unknown column(s) {bad}; choose from {', '.join(allowed)}",
                         field="keep")
    if "obsid" in panel.columns:
        sides = [""]
    elif {"obsid1", "obsid2"} <= set(panel.columns):
        sides = ["1", "2"]
    else:
        raise InputError(f"{verb} serves leader-years (obsid) and leader-dyad-years (obsid1, "
                         "obsid2): build them with create_leader_years() or "
                         "create_leader_dyad_years()", field="panel")
    t = dataset(table, con=con, mirror=mirror)[["obsid", *cols]]
    out = panel
    for side in sides:
        right = t.rename(columns={"obsid": f"obsid{side}", **{c: f"{c}{side}" for c in cols}})
        right[f"obsid{side}"] = right[f"obsid{side}"].astype(str).astype(object)
        key = out[f"obsid{side}"]
        attrs = dict(out.attrs)
        tmp = out.assign(**{f"obsid{side}": key.astype(str).astype(object)})
        tmp.attrs = attrs
        joined = left_join_checked(tmp, right, f"obsid{side}", source=table)
        joined[f"obsid{side}"] = key.values      # the panel's own column back (categorical)
        out = joined
    meta = dict(out.attrs.get("amity") or {})
    from amity.sources import coverage

    meta["coverage"] = {**(meta.get("coverage") or {}), table: list(coverage(table))}
    out.attrs["amity"] = meta                # (for --cite: the datasets a panel used)
    return out


def add_lwuf(panel: pd.DataFrame, keep: str | Iterable[str] | None = None, *, con: Any = None,
             mirror: Any = None) -> pd.DataFrame:
    """Add Carter & Smith's (2020) estimates of a leader's willingness to use force by
    Archigos ``obsid``, as peacesciencer's ``add_lwuf(keep=...)``: ``theta1_mean``,
    ``theta1_sd`` ... ``theta4_mean``, ``theta4_sd`` (four model variants) or those in
    ``keep``; ``...1``/``...2`` on leader-dyad-years. A leader they do not estimate is
    missing."""
    return leader_join(panel, "lwuf", COLUMNS, keep, "add_lwuf", con, mirror)
