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
from amity.measures.votes import CATEGORIES, vote_agreement, yearly_agreement  # noqa: F401
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

#: vote source -> (table, registry source whose Source record gives the coverage years)
SOURCES = {"unvotes": ("un_votes", "unvotes"), "voeten": ("un_votes_voeten", "unvotes_voeten")}


def load_votes(source: str = "unvotes", *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """The tidy vote table of ``source`` (store first, else the mirror/cache)."""
    if source not in SOURCES:
        raise InputError(f"unknown vote source {source!r}; use {', '.join(SOURCES)}",
                         field="source")
    return dataset(SOURCES[source][0], con=con, mirror=mirror)


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
