"""``add_capital_distance``: great-circle km between two states' capitals."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import (PreparedCache, join_monadic, monadic_cells, panel_meta,
                                 set_meta)
from amity.sources import coverage
from amity.sources.access import dataset

_CACHE = PreparedCache()
FIRST, LAST = coverage("cow_capitals")   # from the Source record
R_EARTH = 6378137.0   # metres, the sphere of geosphere::distVincentySphere


def sphere_km(lat1, lng1, lat2, lng2) -> np.ndarray:
    """Great-circle distance in km on a sphere of radius 6,378,137 m (Vincenty's formula
    for the sphere: stable for near and antipodal points). NaN in, NaN out."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lng2, float) - np.asarray(lng1, float))
    num = np.hypot(np.cos(p2) * np.sin(dl),
                   np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dl))
    den = np.sin(p1) * np.sin(p2) + np.cos(p1) * np.cos(p2) * np.cos(dl)
    return R_EARTH * np.arctan2(num, den) / 1000.0


def capital_years(caps: pd.DataFrame, transsum: str = "first") -> pd.DataFrame:
    """``ccode, year, lat, lng``: the capital in force on the first (``"first"``) or last
    (``"last"``) day of the year on which the state has one."""
    sy = caps["stdate"].dt.year.to_numpy(dtype="int64")
    ey = caps["enddate"].dt.year.to_numpy(dtype="int64")
    n = ey - sy + 1
    row = np.repeat(np.arange(len(caps)), n)
    year = np.repeat(sy, n) + (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n))
    if transsum == "first":    # the episode's first day inside the year; earliest wins
        day = np.where(year == sy[row], caps["stdate"].dt.day_of_year.to_numpy()[row], 1)
        key = day
    else:                      # its last day inside the year; latest wins
        day = np.where(year == ey[row], caps["enddate"].dt.day_of_year.to_numpy()[row], 366)
        key = -day
    df = pd.DataFrame({"ccode": caps["ccode"].to_numpy()[row], "year": year, "_k": key,
                       "_row": row, "lat": caps["lat"].to_numpy()[row],
                       "lng": caps["lng"].to_numpy()[row]})
    df = df.sort_values(["ccode", "year", "_k", "_row"], kind="stable")
    df = df.drop_duplicates(["ccode", "year"], keep="first")
    return df[["ccode", "year", "lat", "lng"]].reset_index(drop=True)


def _with_coords(panel: pd.DataFrame, cy: pd.DataFrame, system: str = "cow",
                 source: str = "cow_capitals") -> pd.DataFrame:
    plain = panel.copy()
    plain.attrs = {"amity": dict(panel_meta(panel))}
    for c in ("lat", "lng"):
        for s in ("", "1", "2", "3"):
            if f"_cap{c}{s}" in plain.columns:
                raise InputError(f"panel has reserved column _cap{c}{s}", field="panel")
    t = cy.rename(columns={"lat": "_caplat", "lng": "_caplng"})
    if system == "gw":
        t = t.rename(columns={"ccode": "gwcode"})
    return join_monadic(plain, t, {"_caplat": "Float64", "_caplng": "Float64"},
                        source=source, first=FIRST, last=LAST,
                        verb="add_capital_distance", system=system)


def _f(s: pd.Series) -> np.ndarray:
    return s.to_numpy(dtype="float64", na_value=np.nan)


def add_capital_distance(panel: pd.DataFrame, *, transsum: str = "first", con: Any = None,
                         mirror: Any = None) -> pd.DataFrame:
    """Add ``capdist`` (dyad-years; ``capdist_12, _13, _23`` on triad-years): km between the
    two capitals as the crow flies, or ``mincapdist`` (state-years: the distance to the
    nearest capital of another system member that year), as peacesciencer's
    ``add_capital_distance``. In a year a capital moved, ``transsum="first"`` (``"jan1"``)
    uses the capital held first in the year, ``"last"`` (``"dec31"``) the one held last.
    Missing where a state has no recorded capital and outside 1816-2024. COW panels read
    ``cow_capitals``, G-W panels ``gw_capitals``.
    """
    transsum = {"jan1": "first", "dec31": "last"}.get(transsum, transsum)
    if transsum not in ("first", "last"):
        raise InputError(f"transsum must be 'first'/'jan1' or 'last'/'dec31', got {transsum!r}",
                         field="transsum")
    meta = panel_meta(panel)
    system = meta["system"]
    table = "cow_capitals" if system == "cow" else "gw_capitals"
    cc = "ccode" if system == "cow" else "gwcode"
    caps = dataset(table, con=con, mirror=mirror)
    cy = _CACHE.get(("capyears", transsum, system), caps, lambda t: capital_years(
        t.rename(columns={"gwcode": "ccode"}), transsum))
    if meta["kind"] == "state_year":
        from amity.panel.create import create_dyad_years

        years = panel["year"].to_numpy()
        lo, hi = (int(years.min()), int(years.max())) if len(years) else (FIRST, FIRST)
        lo, hi = max(lo, FIRST), min(hi, LAST)
        dy = create_dyad_years(system, years=(lo, hi)) if lo <= hi else None
        if dy is not None and len(dy):
            d = _with_coords(dy, cy, system, table)
            km = sphere_km(_f(d["_caplat1"]), _f(d["_caplng1"]), _f(d["_caplat2"]),
                           _f(d["_caplng2"]))
            both = pd.DataFrame({cc: np.concatenate([d[f"{cc}1"], d[f"{cc}2"]]),
                                 "year": np.concatenate([d["year"], d["year"]]),
                                 "mincapdist": np.concatenate([km, km])}).dropna()
            sm = both.groupby([cc, "year"], as_index=False)["mincapdist"].min()
        else:
            sm = pd.DataFrame({cc: [], "year": [], "mincapdist": []})
        return join_monadic(panel, sm, {"mincapdist": "Float64"}, source=table,
                            first=FIRST, last=LAST, verb="add_capital_distance", system=system)
    # distances between distinct capital locations (a few hundred), then one gather per
    # pair of sides: the trigonometry runs on ~10^5 location pairs, not on every row
    ids, locs = _CACHE.get(("locations", transsum, system), caps, lambda t: _location_ids(cy))
    t_ids = cy[["ccode", "year"]]
    if system == "gw":
        t_ids = t_ids.rename(columns={"ccode": "gwcode"})
    _, sides, idx, cells, rows, size = monadic_cells(
        panel, t_ids, first=FIRST, last=LAST, verb="add_capital_distance", system=system,
        source=table)
    n = len(locs)                      # location n: none (no capital, or outside the years)
    flat = np.full(size, n, np.int32)
    flat[cells] = np.where(ids[rows] < 0, n, ids[rows])
    lat, lng = locs[:, 0], locs[:, 1]
    dist = np.full((n + 1, n + 1), np.nan)
    if n:
        dist[:n, :n] = sphere_km(np.repeat(lat, n), np.repeat(lng, n), np.tile(lat, n),
                                 np.tile(lng, n)).reshape(n, n)
    dist = dist.reshape(-1)
    out = panel.copy(deep=False)
    if meta["kind"] == "dyad_year":
        pairs = {"capdist": ("1", "2")}
    else:
        pairs = {"capdist_12": ("1", "2"), "capdist_13": ("1", "3"), "capdist_23": ("2", "3")}
    for name, (a, b) in pairs.items():
        if name in out.columns:
            raise InputError(f"panel already has column {name!r} (was add_capital_distance "
                             "applied twice?)", field=name)
        at = idx[a].take(flat).astype(np.intp)
        at *= n + 1
        at += idx[b].take(flat)
        km = dist[at]
        out[name] = pd.arrays.FloatingArray(km, np.isnan(km))
    out.attrs = {"amity": dict(panel_meta(panel))}
    return set_meta(out, coverage={table: [FIRST, LAST]})


def _location_ids(cy: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """An id per capital-year row for its (lat, lng) (-1 where a coordinate is missing) and
    the distinct locations as an ``(n, 2)`` array."""
    lat = cy["lat"].to_numpy(dtype="float64", na_value=np.nan)
    lng = cy["lng"].to_numpy(dtype="float64", na_value=np.nan)
    ok = ~(np.isnan(lat) | np.isnan(lng))
    ids = np.full(len(cy), -1, np.int64)
    if not ok.any():
        return ids, np.zeros((0, 2))
    locs, inv = np.unique(np.column_stack([lat[ok], lng[ok]]), axis=0, return_inverse=True)
    ids[ok] = inv.reshape(-1)
    return ids, locs
