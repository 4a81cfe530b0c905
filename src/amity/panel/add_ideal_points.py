"""``add_ideal_points``: UN General Assembly ideal points per state and the dyadic distance.

Bailey, Strezhnev & Voeten (2017) estimate one ideal point θ per state and year from UNGA
votes, bridged across years by repeated resolutions. This verb adds each side's θ and the
distance |θ_i - θ_j| (the dyadic measure the authors recommend over raw agreement scores).

Reference: Bailey, M. A., Strezhnev, A. & Voeten, E. (2017). Estimating dynamic state
preferences from United Nations voting data. *Journal of Conflict Resolution* 61(2), 430-456.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import (
    code_col,
    mark_coverage,
    mask_outside,
    nullable,
    pair_suffixes,
    require_panel,
)
from amity.sources import coverage
from amity.sources.access import dataset

_FIRST, _LAST = coverage("idealpoints")   # the Source record
#: estimate name -> (column in the source table, coverage years): ``idealpointfp`` spans the
#: Source record's years; the other two estimates end a year earlier (empty in its last year)
ESTIMATES = {
    "fp": ("idealpointfp", (_FIRST, _LAST)),
    "all": ("idealpointall", (_FIRST, _LAST - 1)),
    "legacy": ("idealpointlegacy", (_FIRST, _LAST - 1)),
}


def load_ideal_points(*, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """The ideal-point table (store first, else the mirror/cache)."""
    return dataset("un_ideal_points", con=con, mirror=mirror)


def _lookup(table: pd.DataFrame, col: str, codes: np.ndarray, years: np.ndarray) -> np.ndarray:
    key_t = table["ccode"].to_numpy(np.int64) * 10_000 + table["year"].to_numpy(np.int64)
    order = np.argsort(key_t)
    key_t = key_t[order]
    val = table[col].to_numpy(dtype=float)[order]
    q = codes.astype(np.int64) * 10_000 + years.astype(np.int64)
    pos = np.clip(np.searchsorted(key_t, q), 0, max(len(key_t) - 1, 0))
    out = np.full(len(q), np.nan)
    if len(key_t):
        found = key_t[pos] == q
        out[found] = val[pos[found]]
    return out


def add_ideal_points(panel: pd.DataFrame, *, estimate: str = "fp",
                     ideal_points: pd.DataFrame | None = None, con: Any = None,
                     mirror: Any = None) -> pd.DataFrame:
    """Add UNGA ideal points to a COW state-, dyad- or triad-year panel.

    Columns: on a state-year panel ``idealpoint``; on a dyad-year panel ``idealpoint1``,
    ``idealpoint2`` and ``idealpoint_dist`` = |θ1 - θ2|; on a triad-year panel
    ``idealpoint1..3`` and ``idealpoint_dist_12``, ``_13``, ``_23``. All Float64; missing where
    a state has no estimate that year and everywhere outside 1946-2024 (``estimate="fp"``) or
    1946-2023 (``"all"``, ``"legacy"``; ``idealpointall`` is empty in 2024). A left join: the
    row count and order never change.

    Parameters
    ----------
    estimate : {"fp", "all", "legacy"}
        ``fp``: final-passage votes only (the release's headline series); ``all``: all votes;
        ``legacy``: the session-based estimates of earlier releases.
    ideal_points : DataFrame, optional
        Columns ``ccode, year`` and the estimate's column; default the loaded/mirrored source.
    """
    if estimate not in ESTIMATES:
        raise InputError(f"unknown estimate {estimate!r}; use fp, all or legacy",
                         field="estimate")
    meta = require_panel(panel, ("state_year", "dyad_year", "triad_year"), "cow",
                         verb="add_ideal_points")
    col, (first, last) = ESTIMATES[estimate]
    if ideal_points is None:
        ideal_points = load_ideal_points(con=con, mirror=mirror)
    if col not in ideal_points.columns:
        raise InputError(f"ideal-point table lacks column {col!r}", field=col)
    out = panel.copy()
    out.attrs = dict(panel.attrs)
    c = code_col("cow")
    year = out["year"].to_numpy()
    cols: list[str] = []

    def put(name: str, arr: np.ndarray) -> None:
        out[name] = nullable(np.nan_to_num(arr), ~np.isnan(arr), "Float64")
        cols.append(name)

    if meta["kind"] == "state_year":
        put("idealpoint", _lookup(ideal_points, col, out[c].to_numpy(), year))
    else:
        k = 2 if meta["kind"] == "dyad_year" else 3
        theta = {i: _lookup(ideal_points, col, out[f"{c}{i}"].to_numpy(), year)
                 for i in range(1, k + 1)}
        for i in range(1, k + 1):
            put(f"idealpoint{i}", theta[i])
        for a, b, sfx in pair_suffixes(meta["kind"]):
            put(f"idealpoint_dist{sfx}", np.abs(theta[int(a)] - theta[int(b)]))
    mask_outside(out, cols, first, last)
    mark_coverage(out, f"ideal_points_{estimate}", first, last)
    return out
