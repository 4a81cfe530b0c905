"""``add_un_votes``: UN General Assembly voting agreement per dyad-year.

For each dyad and calendar year: the number of roll calls on which both states cast a vote
(yes, abstain or no), the share of those on which they voted alike, and Cohen's kappa on the
three categories. Absent and not-a-member are missing (the roll call is left out for that pair),
never disagreement.

Cohen's kappa (Cohen 1960; for foreign-policy portfolios Häge 2011): over the n common votes,

    kappa = 1 - D_o / D_e,
    D_o = (1/n) Σ_k d(x_ik, x_jk),
    D_e = Σ_a Σ_b p_i(a) p_j(b) d(a, b),

with p_i(a) the share of category a among i's votes on the common roll calls. The default
distance is nominal (d = 0 if a == b else 1), which gives kappa = (P_o - P_e) / (1 - P_e) with
P_o the agreement share; ``metric="absolute"`` / ``"squared"`` treat 1 < 2 < 3 as ordered.
kappa is missing when n = 0 or D_e = 0 (both states constant on the same category).

All pairs of a year come from one matrix product over stacked indicator matrices (states x
roll calls), see :func:`vote_agreement`.
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

CATEGORIES = (1, 2, 3)   # yes, abstain, no
#: vote source -> (table, registry source whose Source record gives the coverage years)
SOURCES = {"unvotes": ("un_votes", "unvotes"), "voeten": ("un_votes_voeten", "unvotes_voeten")}


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


def load_votes(source: str = "unvotes", *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """The tidy vote table of ``source`` (store first, else the mirror/cache)."""
    if source not in SOURCES:
        raise InputError(f"unknown vote source {source!r}; use {', '.join(SOURCES)}",
                         field="source")
    return dataset(SOURCES[source][0], con=con, mirror=mirror)


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


ISSUES = {"me": "Palestinian conflict", "nu": "Nuclear weapons and nuclear material",
          "di": "Arms control and disarmament", "hr": "Human rights", "co": "Colonialism",
          "ec": "Economic development"}


def restrict_to_issue(votes: pd.DataFrame, issue: str, *,
                      issues: pd.DataFrame | None = None) -> pd.DataFrame:
    """Votes on roll calls of one issue (``me, nu, di, hr, co, ec``).

    Uses the vote table's own flag column when it has one (Voeten's file), else the
    ``un_roll_call_issues`` table (``rcid, short_name``).
    """
    if issue not in ISSUES:
        raise InputError(f"unknown issue {issue!r}; use one of {', '.join(ISSUES)}",
                         field="issue")
    if issue in votes.columns:
        return votes[votes[issue].fillna(0).astype(int) == 1]
    if issues is None:
        raise InputError("an issue filter needs the un_roll_call_issues table", field="issue")
    rc = issues.loc[issues["short_name"] == issue, "rcid"].unique()
    return votes[votes["rcid"].isin(rc)]


def add_un_votes(panel: pd.DataFrame, *, source: str = "unvotes", by: str = "state",
                 metric: str = "nominal", issue: str | None = None,
                 votes: pd.DataFrame | None = None, con: Any = None,
                 mirror: Any = None) -> pd.DataFrame:
    """Add UN General Assembly voting agreement to a COW dyad-year (or triad-year) panel.

    Columns (suffixed ``_12``, ``_13``, ``_23`` on a triad panel):

    * ``un_common`` (Int32): roll calls both states voted on (yes/abstain/no) that year;
    * ``un_agree`` (Float64): share of those with the same vote;
    * ``un_kappa`` (Float64): Cohen's kappa on yes/abstain/no (see the module docstring).

    A left join: the row count and order never change. Outside the source's years (unvotes
    1946-2020, Voeten's file 1946-2015) every column is missing; inside, a dyad with no common
    vote has ``un_common`` 0 and missing agreement and kappa.

    Parameters
    ----------
    panel : DataFrame
        A COW dyad-year or triad-year panel (``ccode1, ccode2[, ccode3], year``). A G-W panel
        or a state-year panel is refused.
    source : {"unvotes", "voeten"}
    by : {"state", "seat"}
        See :func:`yearly_agreement` (China's seat).
    metric : {"nominal", "absolute", "squared"}
        Category distance for kappa.
    issue : {"me", "nu", "di", "hr", "co", "ec"}, optional
        Only roll calls on that issue (Middle East, nuclear, disarmament, human rights,
        colonialism, economic development), as coded by Voeten; the columns keep their names
        and the coverage is recorded as ``un_votes_<issue>``.
    votes : DataFrame, optional
        A vote table in the importers' tidy shape (``ccode, rcid, vote, year``); default: the
        loaded or mirrored source.
    """
    meta = require_panel(panel, ("dyad_year", "triad_year"), "cow", verb="add_un_votes")
    first, last = coverage(SOURCES[source][1]) if source in SOURCES else (None, None)
    if votes is None:
        votes = load_votes(source, con=con, mirror=mirror)
    elif len(votes):
        first, last = int(votes["year"].min()), int(votes["year"].max())
    if issue is not None:
        iss = None
        if issue in ISSUES and issue not in votes.columns:
            iss = dataset("un_roll_call_issues", con=con, mirror=mirror)
        votes = restrict_to_issue(votes, issue, issues=iss)
    out = panel.copy()
    out.attrs = dict(panel.attrs)
    c = code_col("cow")
    year = out["year"].to_numpy()
    pairs = pair_suffixes(meta["kind"])
    cols: list[str] = []
    res = {sfx: (np.zeros(len(out), np.int64), np.full(len(out), np.nan),
                 np.full(len(out), np.nan)) for _, _, sfx in pairs}
    panel_years = set(np.unique(year).tolist())
    for y, codes, r in yearly_agreement(votes, by=by, metric=metric, years=panel_years):
        rows = np.flatnonzero(year == y)
        for a, b, sfx in pairs:
            ca = out[f"{c}{a}"].to_numpy()[rows].astype(np.int64)
            cb = out[f"{c}{b}"].to_numpy()[rows].astype(np.int64)
            ia = np.clip(np.searchsorted(codes, ca), 0, len(codes) - 1)
            ib = np.clip(np.searchsorted(codes, cb), 0, len(codes) - 1)
            ok = (codes[ia] == ca) & (codes[ib] == cb)
            n_, ag_, k_ = res[sfx]
            n_[rows[ok]] = r["n"][ia[ok], ib[ok]]
            ag_[rows[ok]] = r["agree"][ia[ok], ib[ok]]
            k_[rows[ok]] = r["kappa"][ia[ok], ib[ok]]
    for _, _, sfx in pairs:
        n_, ag_, k_ = res[sfx]
        out[f"un_common{sfx}"] = pd.array(n_, dtype="Int32")
        out[f"un_agree{sfx}"] = nullable(ag_, ~np.isnan(ag_), "Float64")
        out[f"un_kappa{sfx}"] = nullable(k_, ~np.isnan(k_), "Float64")
        cols += [f"un_common{sfx}", f"un_agree{sfx}", f"un_kappa{sfx}"]
    mask_outside(out, cols, first, last)
    name = "un_votes" if source == "unvotes" else "un_votes_voeten"
    mark_coverage(out, name + (f"_{issue}" if issue else ""), first, last)
    return out
