"""``add_ucdp_acd``: UCDP/PRIO armed conflicts on state-years (Gleditsch–Ward codes)."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from amity.errors import InputError
from amity.panel._common import (
    PreparedCache,
    join_monadic,
    left_join_checked,
    mask_outside,
    require_panel,
)
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("ucdp_acd")   # from the Source record
TYPES = ("extrasystemic", "interstate", "intrastate", "II")
ISSUES = ("territory", "government", "both")


def _as_tuple(x: str | Iterable[str] | None, allowed: tuple[str, ...], field: str):
    if x is None:
        return None
    vals = (x,) if isinstance(x, str) else tuple(x)
    bad = [v for v in vals if v not in allowed]
    if bad:
        raise InputError(f"unknown {field} {bad}; choose from {', '.join(allowed)}", field=field)
    return vals


def ucdp_state_years(acd: pd.DataFrame, type: tuple | None = None, issue: tuple | None = None,
                     only_wars: bool = False) -> pd.DataFrame:
    """``gwcode, year, ucdpongoing, ucdponset, maxintensity, conflict_ids`` for the side-A
    state of every conflict-year kept by the filters, one row per G-W state-year.

    A conflict's onset for its side-A state is the first year that conflict appears for that
    state among the kept rows (peacesciencer's rule: a conflict that pauses and resumes has
    one onset)."""
    t = acd
    if type is not None:
        t = t[t["type_of_conflict"].isin(type)]
    if issue is not None:
        t = t[t["incompatibility"].isin(issue)]
    if only_wars:
        t = t[t["intensity_level"] == 2]
    t = t.drop_duplicates(["conflict_id", "gwno_a", "year"]).sort_values(
        ["conflict_id", "gwno_a", "year"], kind="stable")
    onset = (~t.duplicated(["conflict_id", "gwno_a"])).astype("int8")
    t = t.assign(ucdponset=onset.to_numpy())
    g = t.groupby(["gwno_a", "year"], sort=True)
    out = pd.DataFrame({
        "ucdpongoing": 1,
        "ucdponset": g["ucdponset"].max(),
        "maxintensity": g["intensity_level"].max(),
        "conflict_ids": g["conflict_id"].agg(lambda s: "; ".join(str(v) for v in s)),
    }).reset_index().rename(columns={"gwno_a": "gwcode"})
    out["gwcode"] = out["gwcode"].astype("int64")
    out["year"] = out["year"].astype("int64")
    return out


def add_ucdp_acd(panel: pd.DataFrame, type: str | Iterable[str] | None = None,
                 issue: str | Iterable[str] | None = None, *, only_wars: bool = False,
                 con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add UCDP armed conflicts to state-years, as peacesciencer's ``add_ucdp_acd``:
    ``ucdpongoing`` (1 if the state is side A of a conflict that year), ``ucdponset`` (1 if
    one of those conflicts appears for it for the first time), ``maxintensity`` (1: 25–999
    battle deaths, 2: 1,000 or more; missing without a conflict) and ``conflict_ids``.

    ``type`` keeps ``"extrasystemic"``, ``"interstate"``, ``"intrastate"`` or ``"II"``
    (internationalized intrastate) conflicts, ``issue`` ``"territory"``, ``"government"`` or
    ``"both"``; ``only_wars`` keeps war years (intensity 2). G-W state-years directly; a COW
    state-year panel needs its ``gwcode`` column first (:func:`add_gwcode_to_cow`). Years
    outside 1946–2024 are missing, never 0.
    """
    meta = require_panel(panel, ("state_year",), verb="add_ucdp_acd")
    code = None
    if meta["system"] == "cow":
        if "gwcode" not in panel.columns:
            raise InputError("add_ucdp_acd matches on Gleditsch–Ward codes: build the panel "
                             "with system='gw', or add them first with add_gwcode_to_cow()",
                             field="gwcode")
        code = "gwcode"
    types = _as_tuple(type, TYPES, "type")
    issues = _as_tuple(issue, ISSUES, "issue")
    acd = dataset("ucdp_acd", con=con, mirror=mirror)
    t = _CACHE.get(("sy", types, issues, bool(only_wars)), acd,
                   lambda a: ucdp_state_years(a, types, issues, only_wars))
    out = join_monadic(panel, t, {"ucdpongoing": "Int8", "ucdponset": "Int8",
                                  "maxintensity": "Int8"},
                       source="ucdp_acd", first=FIRST, last=LAST, verb="add_ucdp_acd",
                       system="gw", code=code)
    inside = (out["year"] >= FIRST) & (out["year"] <= LAST)
    if code is not None:
        inside &= out["gwcode"].notna()
    for c in ("ucdpongoing", "ucdponset"):
        out[c] = out[c].mask(inside & out[c].isna(), 0)
    key = code or "gwcode"
    ids = t[["gwcode", "year", "conflict_ids"]].rename(columns={"gwcode": key})
    ids[key] = ids[key].astype(out[key].dtype)
    ids["year"] = ids["year"].astype(out["year"].dtype)
    res = left_join_checked(out, ids, [key, "year"], source="ucdp_acd")
    res["conflict_ids"] = res["conflict_ids"].astype("string")
    return mask_outside(res, ["conflict_ids"], FIRST, LAST)

