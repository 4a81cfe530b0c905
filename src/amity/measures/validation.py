"""Validation statistics of a measure against outside codings (pure).

* :func:`roc_auc` — the probability that a random positive scores above a random negative
  (ties count one half): the Mann–Whitney U statistic divided by ``n_pos * n_neg``
  (Hanley & McNeil 1982).
"""
from __future__ import annotations

import numpy as np
from scipy import stats


def roc_auc(score, label) -> float:
    """ROC AUC of ``score`` for the 0/1 ``label`` (NaN scores and labels are dropped).

    Examples
    --------
    >>> roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])
    0.75
    """
    s = np.asarray(score, dtype=float)
    y = np.asarray(label, dtype=float)
    ok = ~np.isnan(s) & ~np.isnan(y)
    s, y = s[ok], y[ok] > 0
    npos, nneg = int(y.sum()), int((~y).sum())
    if npos == 0 or nneg == 0:
        return float("nan")
    r = stats.rankdata(s)
    u = r[y].sum() - npos * (npos + 1) / 2.0
    return float(u / (npos * nneg))


__all__ = ["roc_auc"]
