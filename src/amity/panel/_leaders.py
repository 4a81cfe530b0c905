"""Leader spells shared by ``create_leader_days``, ``create_leader_years`` and
``create_leader_dyad_years``: Archigos 4.1 tenures, optionally standardized to a state
system's membership days (peacesciencer's ``standardize``)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.sources.access import dataset

#: date-level COW codes peacesciencer assigns where the G-W -> COW crosswalk is too coarse:
#: obsid, switch date, code before, code from that date (Yemen 1990, Germany 1990)
_SPLITS = (("YEM-1978", "1990-05-22", 678, 679), ("GFR-1982", "1990-10-03", 260, 255))
#: G-W code, first year, last year, COW code: periods COW has and G-W lacks (Morocco,
#: Saudi Arabia), kept for leaders whose state is a COW member then
_EXTRA = ((600, 1905, 1912, 600), (670, 1927, 1932, 670))


def tenures(con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Archigos spells: ``obsid, gwcode, leader, gender, yrborn, start, end`` (dates)."""
    a = dataset("archigos", con=con, mirror=mirror)
    return pd.DataFrame({
        "obsid": a["obsid"].astype(str).to_numpy(), "gwcode": a["gwcode"].to_numpy(dtype="int64"),
        "leader": a["leader"].astype(str).to_numpy(), "gender": a["gender"].astype(str).to_numpy(),
        "yrborn": a["yrborn"].to_numpy(dtype="float64", na_value=np.nan),
        "start": pd.to_datetime(a["startdate"]).to_numpy().astype("datetime64[D]"),
        "end": pd.to_datetime(a["enddate"]).to_numpy().astype("datetime64[D]")})


def _year_pieces(t: pd.DataFrame) -> pd.DataFrame:
    """Each tenure cut at year ends: one row per leader and calendar year, ``s, e``."""
    y0 = t["start"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    y1 = t["end"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    n = y1 - y0 + 1
    row = np.repeat(np.arange(len(t)), n)
    year = np.repeat(y0, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    out = t.iloc[row].reset_index(drop=True)
    jan1 = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    dec31 = (year - 1969).astype("datetime64[Y]").astype("datetime64[D]") - np.timedelta64(1, "D")
    out["year"] = year
    out["s"] = np.maximum(out["start"].to_numpy().astype("datetime64[D]"), jan1)
    out["e"] = np.minimum(out["end"].to_numpy().astype("datetime64[D]"), dec31)
    return out


def _cow_codes(p: pd.DataFrame, con: Any, mirror: Any) -> pd.DataFrame:
    """Year pieces with their COW code (the G-W -> COW crosswalk by year, 2020 codes
    carried on, peacesciencer's corrections); pieces without a COW code are dropped."""
    from amity.panel.add_gwcode_to_cow import crosswalk

    cw = crosswalk("gwcode", int(p["year"].max()) if len(p) else None, con, mirror)
    cw = cw.rename(columns={"ccode": "code"})
    cw["code"] = cw["code"].astype("Int64")
    q = p.merge(cw, on=["gwcode", "year"], how="left", validate="many_to_one")
    code = q["code"].to_numpy(dtype="float64", na_value=np.nan)
    for g, a, b, c in _EXTRA:
        m = (q["gwcode"].to_numpy() == g) & (q["year"].to_numpy() >= a) & (q["year"].to_numpy() <= b)
        code[m] = c
    q["code"] = code
    pieces = [q]
    for obsid, day, before, after in _SPLITS:
        m = (q["obsid"] == obsid).to_numpy()
        if not m.any():
            continue
        d = np.datetime64(day)
        sub = q[m]
        lo = sub[sub["s"] < d].assign(code=float(before))
        lo["e"] = np.minimum(lo["e"].to_numpy().astype("datetime64[D]"), d - np.timedelta64(1, "D"))
        hi = sub[sub["e"] >= d].assign(code=float(after))
        hi["s"] = np.maximum(hi["s"].to_numpy().astype("datetime64[D]"), d)
        pieces = [x[~m] if x is q else x for x in pieces] + [lo, hi]
        q = pieces[0]
    q = pd.concat(pieces, ignore_index=True)
    q = q[q["code"].notna()].copy()
    q["code"] = q["code"].astype("int64")
    return q


def _intersect(p: pd.DataFrame, spells: pd.DataFrame) -> pd.DataFrame:
    """Pieces cut to the days their state (``code``) is a system member."""
    m = p.reset_index(drop=True).assign(_row=lambda d: np.arange(len(d))).merge(
        spells.rename(columns={"start": "ms", "end": "me"}), on="code", how="inner")
    s = np.maximum(m["s"].to_numpy().astype("datetime64[D]"), m["ms"].to_numpy().astype("datetime64[D]"))
    e = np.minimum(m["e"].to_numpy().astype("datetime64[D]"), m["me"].to_numpy().astype("datetime64[D]"))
    m["s"], m["e"] = s, e
    m = m[s <= e].drop(columns=["ms", "me"])
    return m.sort_values(["_row", "s"], kind="stable").drop(columns="_row").reset_index(drop=True)


def leader_pieces(standardize: str = "none", *, con: Any = None, mirror: Any = None,
                  end: int | None = None) -> tuple[pd.DataFrame, str]:
    """Leader-year pieces ``obsid, code, leader, gender, yrborn, start, end, year, s, e``
    (``[s, e]`` the leader's days in office that year, cut to membership when standardized)
    and the code column name (``gwcode`` or ``ccode``)."""
    if standardize not in ("none", "gw", "cow"):
        raise InputError("standardize must be 'none', 'gw' or 'cow'", field="standardize")
    p = _year_pieces(tenures(con, mirror))
    if standardize == "none":
        return p.assign(code=p["gwcode"]), "gwcode"
    from amity.panel.create_state_days import membership_spells

    spells = membership_spells(standardize, end=end or max(2015, int(p["year"].max())),
                               mirror=mirror, con=con)
    if standardize == "gw":
        return _intersect(p.assign(code=p["gwcode"]), spells), "gwcode"
    return _intersect(_cow_codes(p, con, mirror), spells), "ccode"


def leader_year_rows(pieces: pd.DataFrame, cc: str) -> pd.DataFrame:
    """Distinct leader-years ``obsid, leader, <cc>, gender, leaderage, year, yrinoffice``."""
    first = pieces["start"].to_numpy().astype("datetime64[Y]").astype(int) + 1970
    out = pd.DataFrame({
        "obsid": pieces["obsid"].to_numpy(), "leader": pieces["leader"].to_numpy(),
        cc: pieces["code"].to_numpy(dtype="int64"), "gender": pieces["gender"].to_numpy(),
        "leaderage": _int_or_na(pieces["year"].to_numpy() - pieces["yrborn"].to_numpy()),
        "year": pieces["year"].to_numpy(dtype="int64"),
        "yrinoffice": pieces["year"].to_numpy(dtype="int64") - first + 1})
    return out.drop_duplicates().reset_index(drop=True)


def _int_or_na(v: np.ndarray):
    miss = np.isnan(v)
    return pd.arrays.IntegerArray(np.where(miss, 0, v).astype("int64"), miss)
