"""``add_similarity``: foreign-policy similarity for every dyad-year of a panel.

Also the loaders the ``amity similarity`` command shares: the ATOP dyad-year frame, the UN
vote frame, the COW membership per year and CINC weights, each read through
:func:`amity.sources.frame` (a loaded store table, else the mirror or download cache), with
a direct read of the mirror's file as the last resort.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from amity.errors import AmityError, DataUnavailableError, InputError
from amity.measures.similarity import MEASURES, similarity_by_year
from amity.panel._common import (dyad_key, lookup, mark_coverage, mask_outside, pair_suffixes,
                                 require_panel)
from amity.sources import coverage
from amity.sources.access import dataset

__all__ = ["add_similarity", "load_atop", "load_votes", "members_by_year", "cinc_by_year",
           "COVERAGE", "coverage_of"]

#: years each portfolio kind covers (outside: <NA>)
#: what similarity is computed on -> the registry source whose Source record gives its years
COVERAGE = {"alliances": "atop", "votes": "unvotes"}


def coverage_of(on: str) -> tuple[int, int]:
    """(first, last) year similarity ``on`` ("alliances" or "votes") is defined for."""
    return coverage(COVERAGE[on])

_MIRROR_FILES = {
    "atop_alliance": "peacesciencer/parquet/atop_alliance.parquet",
    "cow_nmc": "peacesciencer/parquet/cow_nmc.parquet",
    "un_votes_voeten": "unvotes/UNVotesPublished.parquet",
}


def _frame(tables: Sequence[str], *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """First of ``tables`` that a source (or, failing that, the mirror) provides."""
    from amity import config

    errors = []
    for t in tables:
        try:
            return dataset(t, con=con, mirror=mirror)
        except AmityError as e:   # not registered / not loaded / no file: try the next
            errors.append(f"{t}: {e}")
    for t in tables:
        rel = _MIRROR_FILES.get(t)
        if rel is None:
            continue
        m = config.mirror_dir(mirror)
        if m is not None and (m / rel).is_file():
            return pd.read_parquet(m / rel)
    raise DataUnavailableError(
        f"none of the tables {', '.join(tables)} is loaded, cached or in a mirror "
        f"({'; '.join(errors)[:300]}); run `amity data load` or set AMITY_MIRROR")


def load_atop(*, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """ATOP 5.1 dyad-year obligations (peacesciencer ``atop_alliance``)."""
    return _frame(["atop_dyad_year", "atop_alliance"], con=con, mirror=mirror)


def load_votes(*, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """UNGA votes with ``rcid, year, ccode, vote`` (1/2/3, missing = absent or non-member).

    The ``unvotes`` table (to 2020, seat rules applied by its importer) is preferred; Voeten's
    file (to 2015) next.
    """
    df = _frame(["un_votes", "un_votes_voeten"], con=con, mirror=mirror)
    if "year" not in df.columns and "date" in df.columns:
        df = df.assign(year=pd.to_datetime(df["date"], errors="coerce").dt.year)
    return df


def members_by_year(years: Iterable[int], *, con: Any = None, mirror: Any = None
                    ) -> dict[int, list[int]]:
    """COW system members per year (states alive at the list's end continue to today)."""
    from amity.panel.create import member_years

    ys = sorted(set(int(y) for y in years))
    if not ys:
        return {}
    y, c = member_years("cow", (ys[0], ys[-1]), mirror=mirror, con=con)
    out: dict[int, list[int]] = {}
    for yr, code in zip(y.tolist(), c.tolist()):
        out.setdefault(yr, []).append(code)
    return out


def cinc_by_year(*, con: Any = None, mirror: Any = None) -> dict[int, pd.Series]:
    """CINC score of each state by year (NMC), for weighted S."""
    nmc = _frame(["cow_nmc"], con=con, mirror=mirror)
    if "cinc" not in nmc.columns:
        raise DataUnavailableError("the NMC table has no 'cinc' column")
    d = nmc[["ccode", "year", "cinc"]].dropna()
    return {int(y): pd.Series(g["cinc"].to_numpy(float), index=g["ccode"].astype(int).to_numpy())
            for y, g in d.groupby("year")}


def add_similarity(panel: pd.DataFrame, on: str = "alliances",
                   measures: Sequence[str] = ("s_abs", "kappa"), *, weighted: bool = False,
                   data: pd.DataFrame | None = None, con: Any = None, mirror: Any = None,
                   prefix: str | None = None) -> pd.DataFrame:
    """Add foreign-policy similarity columns to a dyad-year (or triad-year) panel.

    Parameters
    ----------
    panel : DataFrame
        A COW dyad-year panel (``ccode1, ccode2, year``; directed or not) or a triad-year
        panel (one column per leg: suffixes ``_12, _13, _23``).
    on : {"alliances", "votes"}
        Valued ATOP alliance portfolios over all system members of the year (each state 3
        with itself) or UNGA roll calls of the year (1 yes / 2 abstain / 3 no; pairs are
        compared over the votes both cast).
    measures : names among ``s_abs, s_sq, kappa, pi, taub`` (see
        :func:`amity.measures.similarity.similarity_matrix`).
    weighted : bool
        Weight S by each item-state's CINC share (NMC); kappa/pi/tau-b are unweighted.
    data : DataFrame, optional
        The ATOP or vote frame to use instead of loading it.

    Returns
    -------
    A new panel with columns ``<prefix><measure>`` (``prefix`` defaults to ``ally_`` or
    ``vote_``; ``_w`` is appended to weighted S), Float64; ``<NA>`` outside the source's
    years (alliances 1815-2018, votes 1946-2020) or where undefined.
    """
    meta = require_panel(panel, ("dyad_year", "triad_year"), "cow", verb="add_similarity")
    if on not in COVERAGE:
        raise InputError(f"on must be 'alliances' or 'votes', got {on!r}", field="on")
    measures = tuple(measures)
    if not measures or len(set(measures)) != len(measures):
        raise InputError(f"give distinct measures among {', '.join(MEASURES)}", field="measures")
    for m in measures:
        if m not in MEASURES:
            raise InputError(f"unknown measure {m!r}; use one of {', '.join(MEASURES)}",
                             field="measures")
    if weighted and on != "alliances":
        raise InputError("weighted=True (CINC weights of the partner states) applies to "
                         "alliance portfolios only", field="weighted")
    if data is None:
        data = load_atop(con=con, mirror=mirror) if on == "alliances" else \
            load_votes(con=con, mirror=mirror)
    first, last = coverage_of(on)
    yrs = panel["year"].to_numpy()
    years = sorted(set(int(y) for y in np.unique(yrs) if first <= y <= last))
    members = members_by_year(years, con=con, mirror=mirror) if on == "alliances" else None
    weights = cinc_by_year(con=con, mirror=mirror) if weighted else None
    sims = similarity_by_year(on, data, members, years, measures, weights)
    pre = prefix if prefix is not None else ("ally_" if on == "alliances" else "vote_")
    names = {m: pre + m + ("_w" if weighted and m.startswith("s_") else "") for m in measures}
    a = sims["ccode1"].to_numpy(np.int64)
    b = sims["ccode2"].to_numpy(np.int64)
    key = dyad_key(sims["year"].to_numpy(np.int64), a, b)
    order = np.argsort(key, kind="stable")
    key = key[order]
    out = panel.copy()
    out.attrs = dict(panel.attrs)
    new_cols = []
    for l, r, suf in pair_suffixes(meta["kind"]):
        c1 = out[f"ccode{l}"].to_numpy(np.int64)
        c2 = out[f"ccode{r}"].to_numpy(np.int64)
        q = dyad_key(yrs.astype(np.int64), np.minimum(c1, c2), np.maximum(c1, c2))
        pos, found = lookup(key, q)
        for m in measures:
            vals = sims[m].to_numpy(float)[order][pos]
            ok = found & ~np.isnan(vals)
            arr = pd.array(np.where(ok, vals, 0.0), dtype="Float64")
            arr[~ok] = pd.NA
            col = names[m] + suf
            if col in out.columns:
                raise InputError(f"the panel already has a column {col!r}", field=col)
            out[col] = arr
            new_cols.append(col)
    mask_outside(out, new_cols, first, last)
    mark_coverage(out, f"similarity_{on}", first, last)
    return out
