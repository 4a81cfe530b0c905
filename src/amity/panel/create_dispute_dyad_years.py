"""``create_dispute_dyad_years``: directed dispute-dyad-years (one row per MID, ordered pair
and year), the frame the ``whittle_conflicts_*`` verbs reduce to one row per dyad-year.

Also the shared step of those verbs (:func:`whittle`): group the rows by dyad-year and keep,
within each group, the rows a rule selects; single-row groups are always kept.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import left_join_checked
from amity.sources.access import dataset

#: conflict source -> (dispute-dyad-year table, dispute table, onset column)
SOURCES = {"cow": ("cow_mid_dirdisps", "cow_mid_disps", "disponset"),
           "gml": ("gml_dirdisp", "gml_mid_disps", "midonset")}
DISPUTE_COLUMNS = ("fatality", "hostlev", "mindur", "maxdur", "recip", "stmon")


def create_dispute_dyad_years(source: str = "cow", *, con: Any = None,
                              mirror: Any = None) -> pd.DataFrame:
    """Directed dispute-dyad-years of COW MID 5 (``source="cow"``: ``cow_mid_dirdisps``,
    11,390 rows, 1816–2014) or GML MID 2.2.1 (``"gml"``: ``gml_dirdisp``, 1816–2010): keys
    ``dispnum, ccode1, ccode2, year``, the onset column (``disponset`` / ``midonset``) and
    the participants' values. A pair in several disputes in a year has several rows; the
    ``whittle_conflicts_*`` verbs choose one, as peacesciencer documents in "Coerce
    dispute-year data into dyad-year data"."""
    if source not in SOURCES:
        raise InputError(f"unknown conflict source {source!r}; use 'cow' or 'gml'",
                         field="source")
    df = dataset(SOURCES[source][0], con=con, mirror=mirror).copy()
    df = df.sort_values(["ccode1", "ccode2", "year"], kind="stable").reset_index(drop=True)
    df.attrs = {"amity": {"kind": "dispute_dyad_year", "system": "cow", "directed": True,
                          "conflict": source, "coverage": {}}}
    return df


def conflict_of(frame: pd.DataFrame, verb: str) -> str:
    """The conflict source of a dispute-dyad-year frame ("cow" or "gml")."""
    meta = frame.attrs.get("amity") if isinstance(frame.attrs, dict) else None
    if isinstance(meta, dict) and meta.get("kind") == "dispute_dyad_year":
        return meta["conflict"]
    for src, (_, _, onset) in SOURCES.items():
        if {"dispnum", "ccode1", "ccode2", "year", onset} <= set(frame.columns):
            return src
    raise InputError(f"{verb} works on dispute-dyad-years (several rows per dyad-year, one per "
                     "dispute): build them with create_dispute_dyad_years('cow' or 'gml')",
                     field="panel")


def with_dispute_column(frame: pd.DataFrame, col: str, *, con: Any = None,
                        mirror: Any = None) -> pd.DataFrame:
    """``frame`` with the dispute-level ``col`` (from the dispute table) when it lacks it."""
    if col in frame.columns:
        return frame
    src = conflict_of(frame, "whittle")
    disps = dataset(SOURCES[src][1], con=con, mirror=mirror)[["dispnum", col]]
    return left_join_checked(frame, disps, "dispnum", source=SOURCES[src][1])


def whittle(frame: pd.DataFrame, keep: Callable[[pd.DataFrame, np.ndarray], np.ndarray],
            verb: str) -> pd.DataFrame:
    """Rows of ``frame`` kept by ``keep(frame, group)`` (``group`` numbers the dyad-years),
    sorted by ``ccode1, ccode2, year`` (stable, so ties keep their order); attrs kept."""
    conflict_of(frame, verb)
    attrs = dict(frame.attrs)
    f = frame.sort_values(["ccode1", "ccode2", "year"], kind="stable")
    key = (f["ccode1"].to_numpy(np.int64) * 1000 + f["ccode2"].to_numpy(np.int64)) * 10_000 \
        + f["year"].to_numpy(np.int64)
    new = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    group = np.cumsum(new) - 1
    mask = keep(f, group)
    out = f.loc[mask].reset_index(drop=True)
    out.attrs = attrs
    return out


def group_extreme(values: np.ndarray, group: np.ndarray, highest: bool = True) -> np.ndarray:
    """True where ``values`` equal their group's maximum (or minimum)."""
    n = int(group.max()) + 1 if len(group) else 0
    best = np.full(n, -np.inf if highest else np.inf)
    (np.maximum if highest else np.minimum).at(best, group, values)
    return values == best[group]


def column(frame: pd.DataFrame, col: str) -> np.ndarray:
    v = frame[col].to_numpy(dtype="float64", na_value=np.nan)
    if np.isnan(v).any():
        raise InputError(f"column {col!r} has missing values; the whittle rule needs them",
                         field=col)
    return v
