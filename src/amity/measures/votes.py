"""UN General Assembly vote agreement and Cohen's kappa for every pair of states (pure).

The formulas are in :mod:`amity.panel.add_un_votes` (the panel verb that attaches them to
dyad-years); the voting blocs of :mod:`amity.measures.coalitions` and closeness' vote input use
the same functions, so all three count the same thing. Votes are coded 1 yes / 2 abstain /
3 no; anything else is "did not vote".
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError

CATEGORIES = (1, 2, 3)   # yes, abstain, no


def _distance(metric: str) -> np.ndarray:
    c = np.asarray(CATEGORIES, dtype=float)
    if metric == "nominal":
        return (c[:, None] != c[None, :]).astype(float)
    if metric == "absolute":
        return np.abs(c[:, None] - c[None, :])
    if metric == "squared":
        return (c[:, None] - c[None, :]) ** 2
    raise InputError(f"unknown metric {metric!r}; use nominal, absolute or squared",
                     field="metric")


def vote_agreement(P: Any, metric: str = "nominal") -> dict[str, np.ndarray]:
    """Common votes, agreement share and Cohen's kappa for every pair of rows of ``P``.

    Parameters
    ----------
    P : array-like, shape (n_states, n_rollcalls)
        Votes coded 1 yes / 2 abstain / 3 no; NaN (or any other code) = did not vote.
    metric : {"nominal", "absolute", "squared"}
        Distance between categories used by kappa (the agreement share is always exact
        equality).

    Returns
    -------
    dict of (n_states, n_states) arrays
        ``n`` (int, common votes), ``agree`` (share of identical votes, NaN when n = 0) and
        ``kappa`` (NaN when n = 0 or D_e = 0). The diagonal compares a state with itself.

    Examples
    --------
    >>> r = vote_agreement([[1, 1, 3, 3], [1, 3, 3, 3]])
    >>> float(r["agree"][0, 1]), float(r["kappa"][0, 1])
    (0.75, 0.5)
    """
    P = np.asarray(P, dtype=float)
    if P.ndim != 2:
        raise InputError(f"vote matrix must be 2-D, got shape {P.shape}", field="P")
    ind = [(P == c).astype(np.float64) for c in CATEGORIES]
    M = ind[0] + ind[1] + ind[2]                       # voted (1/2/3)
    # one product gives every block: A = [I_yes; I_abstain; I_no; M], G = A A^T
    m = P.shape[0]
    G = np.vstack([*ind, M])
    G = G @ G.T
    blk = [slice(i * m, (i + 1) * m) for i in range(4)]
    n = G[blk[3], blk[3]]                                          # common votes
    N = [[G[blk[a], blk[b]] for b in range(3)] for a in range(3)]  # joint counts i=a, j=b
    mi = [G[blk[a], blk[3]] for a in range(3)]         # i's count of a on common votes
    mj = [G[blk[3], blk[b]] for b in range(3)]         # j's count of b on common votes
    d = _distance(metric)
    with np.errstate(invalid="ignore", divide="ignore"):
        agree = (N[0][0] + N[1][1] + N[2][2]) / n
        Do = sum(d[a, b] * N[a][b] for a in range(3) for b in range(3)) / n
        De = sum(d[a, b] * mi[a] * mj[b] for a in range(3) for b in range(3)) / (n * n)
        kappa = 1.0 - Do / De
    kappa[(n == 0) | ~(De > 1e-12)] = np.nan
    agree[n == 0] = np.nan
    return {"n": n.round().astype(np.int64), "agree": agree, "kappa": kappa}


def yearly_agreement(votes: pd.DataFrame, *, by: str = "state", metric: str = "nominal",
                     years: Any = None):
    """Yield ``(year, codes, result)`` per year: sorted COW codes and :func:`vote_agreement`.

    ``by="seat"`` gives every vote cast in China's seat to 710 (the ROC's votes 1946-1971 are
    then China's); the default ``"state"`` keeps each vote with the state that cast it.
    """
    need = {"ccode", "rcid", "vote", "year"}
    missing = need - set(votes.columns)
    if missing:
        raise InputError(f"vote table lacks column(s) {sorted(missing)}", field=sorted(missing)[0])
    if by not in ("state", "seat"):
        raise InputError(f"by must be 'state' or 'seat', got {by!r}", field="by")
    v = votes[["ccode", "rcid", "vote", "year"] + (["seat"] if "seat" in votes else [])]
    v = v[v["vote"].notna() & v["ccode"].notna()]
    if by == "seat" and "seat" in v:
        v = v.copy()
        v.loc[v["seat"] == "CHN", "ccode"] = 710
    year = v["year"].to_numpy(dtype=np.int64)
    order = np.argsort(year, kind="stable")
    year = year[order]
    code = v["ccode"].to_numpy(dtype=np.int64)[order]
    rcid = v["rcid"].to_numpy()[order]
    vote = v["vote"].to_numpy(dtype=float, na_value=np.nan)[order]
    yrs, starts = np.unique(year, return_index=True)
    ends = np.append(starts[1:], len(year))
    wanted = None if years is None else set(int(y) for y in years)
    for y, a, b in zip(yrs, starts, ends):
        if wanted is not None and int(y) not in wanted:
            continue
        codes, si = np.unique(code[a:b], return_inverse=True)
        rcids, ri = np.unique(rcid[a:b], return_inverse=True)
        P = np.full((len(codes), len(rcids)), np.nan)
        P[si, ri] = vote[a:b]
        yield int(y), codes, vote_agreement(P, metric)


__all__ = ["CATEGORIES", "vote_agreement", "yearly_agreement"]
