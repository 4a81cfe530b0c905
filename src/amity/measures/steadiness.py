"""Steadiness of a yearly series (e.g. a pair's closeness) and ranking of pairs by it.

A series is anything that maps years to values: a :class:`pandas.Series` indexed by year, a
``{year: value}`` dict, or a sequence of ``(year, value)`` pairs. Missing values (None/NaN)
are dropped; the statistics use the remaining years.
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
import pandas as pd

from amity.errors import InputError

__all__ = ["steadiness", "rank_pairs", "as_series"]


def as_series(series: Any, name: str = "series") -> pd.Series:
    """A float series indexed by int year, sorted, NaN dropped; InputError on bad input."""
    if isinstance(series, pd.Series):
        s = series.copy()
    elif isinstance(series, Mapping):
        s = pd.Series(dict(series), dtype="float64")
    else:
        try:
            pairs = [(y, v) for y, v in series]
            s = pd.Series([v for _, v in pairs], index=[y for y, _ in pairs], dtype="float64")
        except (TypeError, ValueError):
            raise InputError(f"{name}: expected a year-indexed series, a {{year: value}} dict "
                             "or (year, value) pairs", field=name) from None
    try:
        idx = pd.Index([int(y) for y in s.index])
    except (TypeError, ValueError):
        raise InputError(f"{name}: years must be integers", field=name) from None
    if idx.has_duplicates:
        raise InputError(f"{name}: repeated year(s) {sorted(set(idx[idx.duplicated()]))}",
                         field=name)
    s = pd.Series(pd.to_numeric(s.to_numpy(), errors="coerce"), index=idx, dtype="float64")
    return s.dropna().sort_index()


def _runs(years: np.ndarray, mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of consecutive calendar years where mask is True -> [(start, end), ...]."""
    out: list[tuple[int, int]] = []
    start = prev = None
    for y, m in zip(years.tolist(), mask.tolist()):
        if m and start is not None and y == prev + 1:
            prev = y
            continue
        if start is not None:
            out.append((start, prev))
            start = None
        if m:
            start = prev = y
    if start is not None:
        out.append((start, prev))
    return out


def steadiness(series: Any) -> dict:
    """Summary of how steady a yearly series is.

    Returns
    -------
    dict
        * ``mean``: mean level;
        * ``volatility``: sample standard deviation (ddof=1) of the year-to-year changes
          :math:`x_t - x_{t-1}` between consecutive calendar years (a gap breaks the chain);
          NaN with fewer than two such changes;
        * ``share_positive``: share of years with a value > 0;
        * ``sign_changes``: how often the sign flips between successive observed years,
          zeros skipped (+, 0, - counts one flip);
        * ``longest_positive_spell``: ``{"start", "end", "years"}`` of the longest run of
          consecutive years > 0 (the earliest on ties), or None;
        * ``worst_year``: ``{"year", "value"}`` of the minimum (the earliest on ties);
        * ``n_years``; also ``start``, ``end``.

    All None/NaN when the series is empty.
    """
    s = as_series(series)
    n = len(s)
    if n == 0:
        return {"mean": float("nan"), "volatility": float("nan"), "share_positive": float("nan"),
                "sign_changes": 0, "longest_positive_spell": None, "worst_year": None,
                "n_years": 0, "start": None, "end": None}
    years = s.index.to_numpy()
    vals = s.to_numpy()
    consecutive = np.diff(years) == 1
    changes = np.diff(vals)[consecutive]
    vol = float(np.std(changes, ddof=1)) if changes.size >= 2 else float("nan")
    sg = np.sign(vals)
    sg = sg[sg != 0]
    flips = int((sg[1:] != sg[:-1]).sum()) if sg.size > 1 else 0
    spells = _runs(years, vals > 0)
    best = None
    for a, b in spells:
        if best is None or (b - a) > (best[1] - best[0]):
            best = (a, b)
    wi = int(np.argmin(vals))
    return {
        "mean": float(vals.mean()),
        "volatility": vol,
        "share_positive": float((vals > 0).mean()),
        "sign_changes": flips,
        "longest_positive_spell": (None if best is None else
                                   {"start": int(best[0]), "end": int(best[1]),
                                    "years": int(best[1] - best[0] + 1)}),
        "worst_year": {"year": int(years[wi]), "value": float(vals[wi])},
        "n_years": int(n),
        "start": int(years[0]),
        "end": int(years[-1]),
    }


def rank_pairs(series_by_pair: Mapping[str, Any], common_span: bool = True) -> list[dict]:
    """Rank pairs by steadiness, then by level, over a common span of years.

    Ranking rule
    ------------
    1. With ``common_span`` (default) every series is cut to the years observed in all of
       them, so the pairs are judged on the same years; an empty intersection is an error.
    2. Steadier first: ascending ``volatility`` (NaN last), then fewer ``sign_changes``,
       then a higher ``share_positive``.
    3. Ties left after that go to the higher ``mean`` (level), then the pair name.

    Each entry also carries ``steadiness_rank`` (rule 2 alone) and ``level_rank``
    (descending mean), so a face can say "steadier but cooler".

    Returns
    -------
    list of dict: ``{"pair", "rank", "steadiness_rank", "level_rank", "span": [start, end],
    **steadiness(series)}`` in rank order.
    """
    if not series_by_pair:
        raise InputError("no pairs to rank", field="pairs")
    ser = {str(k): as_series(v, name=str(k)) for k, v in series_by_pair.items()}
    if len(ser) != len(series_by_pair):
        raise InputError("repeated pair names", field="pairs")
    if common_span:
        common = None
        for s in ser.values():
            common = set(s.index) if common is None else common & set(s.index)
        if not common:
            raise InputError("the pairs share no year with data: nothing to compare over a "
                             "common span", field="pairs")
        keep = sorted(common)
        ser = {k: s.loc[keep] for k, s in ser.items()}
    stats = {k: steadiness(s) for k, s in ser.items()}

    def nanlast(x: float) -> float:
        return np.inf if x is None or np.isnan(x) else x

    def nanfirst_neg(x: float) -> float:
        return np.inf if x is None or np.isnan(x) else -x

    st_key = {k: (nanlast(v["volatility"]), v["sign_changes"], nanfirst_neg(v["share_positive"]))
              for k, v in stats.items()}
    lv_order = sorted(stats, key=lambda k: (nanfirst_neg(stats[k]["mean"]), k))
    order = sorted(stats, key=lambda k: (st_key[k], nanfirst_neg(stats[k]["mean"]), k))
    out = []
    for r, k in enumerate(order, start=1):
        d = {"pair": k, "rank": r,
             "steadiness_rank": 1 + sorted(set(st_key.values())).index(st_key[k]),
             "level_rank": lv_order.index(k) + 1,
             "span": [stats[k]["start"], stats[k]["end"]]}
        d.update(stats[k])
        out.append(d)
    return out
