"""Phases of a closeness series: change points (PELT), levels, trends and plain labels.

:class:`PhaseDetector` is a scikit-learn-style estimator: ``fit(series)`` learns the
breakpoints (attributes ending in ``_``), ``predict()`` returns the segments. The segmentation
is ruptures' PELT (Killick, Fearnhead & Eckley 2012) with ``jump=1`` (a break may fall on any
year; ruptures' default ``jump=5`` would only allow every fifth year) and a penalty chosen by
one rule for every series:

.. math::

    \\beta = 2\\,\\hat\\sigma^2 \\log n, \\qquad
    \\hat\\sigma = \\max\\Big(\\frac{\\operatorname{MAD}(\\Delta x)}{0.6745\\sqrt 2},\\ \\sigma_{min}\\Big)

— the BIC cost of one more break for a Gaussian mean-shift model (two parameters per break:
its place and the new level), with the noise level estimated robustly from the first
differences (a level shift moves only one difference, so the median absolute deviation of the
differences ignores it; dividing by √2 undoes the differencing) and floored at
``sigma_min = 0.1``, the resolution below which the closeness index is not read as meaningful.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from amity.errors import InputError

SIGMA_MIN = 0.1
#: label thresholds on the segment's mean level and its trend (closeness units per year)
LEVELS = (0.6, 0.3, 0.1, -0.1, -0.3, -0.6)
TREND = 0.02


def robust_sigma(x: np.ndarray) -> float:
    """Noise level from the median absolute deviation of the first differences.

    ``sigma = 1.4826 * median(|d - median(d)|) / sqrt(2)``, ``d = diff(x)``. 0 for n < 3.
    """
    x = np.asarray(x, dtype=float)
    if len(x) < 3:
        return 0.0
    d = np.diff(x)
    mad = np.median(np.abs(d - np.median(d)))
    return float(mad / 0.6745 / np.sqrt(2.0))


def bic_penalty(x: np.ndarray, sigma_min: float = SIGMA_MIN) -> float:
    """``2 * sigma^2 * log(n)`` with the robust sigma floored at ``sigma_min``."""
    n = max(len(x), 2)
    s = max(robust_sigma(x), sigma_min)
    return float(2.0 * s * s * np.log(n))


def label(mean: float, trend: float, previous_mean: float | None = None) -> str:
    """Plain word for a phase from its mean level and trend (per year).

    ===============  ===========================================================
    mean ≥ 0.6       alliance
    0.3 … 0.6        partnership
    0.1 … 0.3        rapprochement if rising (trend ≥ +0.02/yr), cooling if
                     falling (≤ −0.02/yr), otherwise cordial
    −0.1 … 0.1       rapprochement if rising, estrangement if falling, détente if
                     it follows a phase below −0.1, otherwise neutral
    −0.3 … −0.1      détente if rising, otherwise estrangement
    −0.6 … −0.3      rivalry
    < −0.6           hostility
    ===============  ===========================================================
    """
    hi, mid, lo, nlo, nmid, nhi = LEVELS
    if mean >= hi:
        return "alliance"
    if mean >= mid:
        return "partnership"
    if mean >= lo:
        if trend >= TREND:
            return "rapprochement"
        if trend <= -TREND:
            return "cooling"
        return "cordial"
    if mean > nlo:
        if trend >= TREND:
            return "rapprochement"
        if trend <= -TREND:
            return "estrangement"
        if previous_mean is not None and previous_mean < nlo:
            return "détente"
        return "neutral"
    if mean > nmid:
        return "détente" if trend >= TREND else "estrangement"
    if mean > nhi:
        return "rivalry"
    return "hostility"


def pelt_l2(x: np.ndarray, pen: float, min_size: int = 2) -> list[int]:
    """PELT (Killick, Fearnhead & Eckley 2012) with the l2 cost and ``jump=1``: the segment
    ends (the last is ``len(x)``) minimising the summed within-segment squared deviations
    plus ``pen`` per segment.

    A line-for-line port of ``ruptures.Pelt(model="l2", jump=1).fit(x).predict(pen)``
    (ruptures 1.1): the same candidate set, pruning rule, sums in the same order and ties
    broken the same way, so the breaks are the ones ruptures finds. Amity carries it because
    importing ruptures imports scipy.stats and scipy.signal (0.6-1 s of every ``amity dyad``
    before any work); the segment cost is O(1) from cumulative sums.
    """
    x = np.asarray(x, dtype=float).reshape(len(x), -1)
    n = len(x)
    if min_size > n:     # ruptures' sanity check (no break, jump=1)
        raise InputError(f"a series of {n} values cannot hold a phase of {min_size}",
                         field="min_size")
    cs = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    cq = np.vstack([np.zeros((1, x.shape[1])), np.cumsum(x * x, axis=0)])

    def error(start: int, end: int) -> float:
        m = end - start
        s_ = cs[end] - cs[start]
        q = cq[end] - cq[start]
        return float(max((q - s_ * s_ / m).sum(), 0.0))

    partitions: dict[int, dict[tuple[int, int], float]] = {0: {(0, 0): 0}}
    admissible: list[int] = []
    for bkp in [k for k in range(0, n) if k >= min_size] + [n]:
        admissible.append(bkp - min_size)
        subproblems = []
        for t in admissible:
            left = partitions.get(t)
            if left is None:          # no partition of 0:t exists
                continue
            tmp = left.copy()
            tmp[(t, bkp)] = error(t, bkp) + pen
            subproblems.append(tmp)
        partitions[bkp] = min(subproblems, key=lambda d: sum(d.values()))
        best = sum(partitions[bkp].values())
        admissible = [t for t, part in zip(admissible, subproblems)
                      if sum(part.values()) <= best + pen]
    best_partition = partitions[n]
    del best_partition[(0, 0)]
    return sorted(e for _s, e in best_partition)


@dataclass
class Phase:
    start: int
    end: int
    mean: float
    trend: float
    label: str
    n: int
    facts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "mean": round(self.mean, 4),
                "trend": round(self.trend, 4), "label": self.label, "n": self.n,
                "facts": self.facts}


class PhaseDetector:
    """Change-point segmentation of an annual series into labelled phases.

    Parameters
    ----------
    penalty : "bic" or float
        "bic" applies the module's rule (see the module docstring); a float is used as is.
    min_size : int
        Shortest phase, in observations (default 2).
    model : str
        ruptures cost model ("l2": changes in mean).

    Attributes
    ----------
    breakpoints_ : list of int
        Indices (into the fitted series) where a new phase starts.
    break_years_ : list of int
        The years those phases start.
    penalty_ : float
        The penalty used.
    sigma_ : float
        The robust noise estimate (before the floor).
    segments_ : list of Phase
    """

    def __init__(self, penalty: str | float = "bic", min_size: int = 2, model: str = "l2"):
        self.penalty = penalty
        self.min_size = min_size
        self.model = model

    def fit(self, series: pd.Series | Sequence[float], years: Iterable[int] | None = None):
        """Fit on a series (a pandas Series indexed by year, or values plus ``years``).

        Missing values are dropped (a gap is not a phase); the series must keep at least one
        observation.
        """
        if isinstance(series, pd.Series) and years is None:
            s = pd.to_numeric(series, errors="coerce")
            yrs = np.asarray(s.index, dtype=int)
            x = s.to_numpy(dtype=float)
        else:
            x = np.asarray(series, dtype=float)
            yrs = np.asarray(list(years) if years is not None else range(len(x)), dtype=int)
            if len(yrs) != len(x):
                raise InputError("years and values differ in length", field="years")
        ok = ~np.isnan(x)
        x, yrs = x[ok], yrs[ok]
        if len(x) == 0:
            raise InputError("the series has no observed value to segment", field="series")
        if isinstance(self.penalty, str):
            if self.penalty != "bic":
                raise InputError(f"unknown penalty rule {self.penalty!r} (use 'bic' or a number)",
                                 field="penalty")
            pen = bic_penalty(x)
        else:
            pen = float(self.penalty)
            if not np.isfinite(pen) or pen < 0:
                raise InputError("penalty must be a non-negative number", field="penalty")
        if self.min_size < 1:
            raise InputError("min_size must be at least 1", field="min_size")
        self.sigma_ = robust_sigma(x)
        self.penalty_ = pen
        if len(x) >= 2 * self.min_size:
            if self.model == "l2":
                ends = pelt_l2(x, pen, self.min_size)
            else:   # another ruptures cost model (ruptures imported only here)
                import ruptures as rpt

                ends = rpt.Pelt(model=self.model, min_size=self.min_size,
                                jump=1).fit(x).predict(pen=pen)
        else:
            ends = [len(x)]
        self.breakpoints_ = [int(e) for e in ends[:-1]]
        self.break_years_ = [int(yrs[e]) for e in self.breakpoints_]
        self.x_, self.years_ = x, yrs
        segs = []
        prev = None
        for a, b in zip([0] + self.breakpoints_, self.breakpoints_ + [len(x)]):
            xs, ys = x[a:b], yrs[a:b]
            mean = float(xs.mean())
            trend = float(np.polyfit(ys, xs, 1)[0]) if len(xs) >= 2 and np.ptp(ys) > 0 else 0.0
            segs.append(Phase(int(ys[0]), int(ys[-1]), mean, trend, label(mean, trend, prev),
                              int(len(xs))))
            prev = mean
        self.segments_ = segs
        return self

    def predict(self, series=None, years=None) -> list[Phase]:
        """The segments (fitting first when a series is given)."""
        if series is not None:
            self.fit(series, years)
        if not hasattr(self, "segments_"):
            raise InputError("PhaseDetector is not fitted: call fit(series) first")
        return self.segments_

    def fit_predict(self, series, years=None) -> list[Phase]:
        return self.fit(series, years).segments_


def attach_facts(phases: list[Phase], facts: pd.DataFrame | None, window: int = 1) -> list[Phase]:
    """Attach to each phase the facts dated within ``window`` years of its start.

    The first phase gets the facts around its own start too (what opened it, when known).
    """
    if facts is None or len(facts) == 0:
        return phases
    ys = pd.to_numeric(facts["year_start"], errors="coerce").to_numpy(dtype=float)
    keys = [k for k in ("date", "kind", "name", "sign", "goldstein", "description", "prov_ref")
            if k in facts.columns]
    cols = {k: facts[k].tolist() for k in keys}
    for ph in phases:
        idx = np.nonzero((ys >= ph.start - window) & (ys <= ph.start + window))[0]
        ph.facts = [{k: _plain(cols[k][i]) for k in keys} for i in idx]
    return phases


def _plain(x):
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    if x is pd.NA:
        return None
    if hasattr(x, "tolist"):
        return x.tolist()
    return x
