"""The system's signed graph for one year, built from the closeness index.

Every pair of system members gets its closeness (:mod:`amity.measures.closeness`); a pair whose
closeness lies inside the *neutral band* ``|x| < threshold`` has no tie (0), not a weak + or −.
The default band is 0.1 — one tenth of the index's range, the same floor below which the
phase detector reads a change as noise — and a user may set any threshold in [0, 1).
A pair with no evidence that year (closeness NaN) has no tie either.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import networkx as nx
import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.measures import closeness as _c

NEUTRAL_BAND = 0.1


def check_threshold(threshold: float) -> float:
    """A neutral-band threshold must be a number in [0, 1)."""
    try:
        t = float(threshold)
    except (TypeError, ValueError):
        raise InputError(f"threshold must be a number in [0, 1), got {threshold!r}",
                         field="--threshold") from None
    if not (0.0 <= t < 1.0) or np.isnan(t):
        raise InputError(f"threshold must be in [0, 1), got {threshold!r}", field="--threshold")
    return t


def matrix_from_pairs(frame: pd.DataFrame, labels: Sequence[str] | None = None,
                      value: str = "closeness", a: str = "id_a", b: str = "id_b"
                      ) -> tuple[list[str], np.ndarray]:
    """Symmetric matrix (NaN where no pair row, 0 diagonal) from a pair frame (pure)."""
    labs = list(labels) if labels is not None else sorted(set(frame[a]) | set(frame[b]))
    pos = {x: i for i, x in enumerate(labs)}
    n = len(labs)
    M = np.full((n, n), np.nan)
    ia = frame[a].map(pos)
    ib = frame[b].map(pos)
    ok = ia.notna() & ib.notna()
    ia = ia[ok].astype(int).to_numpy()
    ib = ib[ok].astype(int).to_numpy()
    v = frame.loc[ok, value].to_numpy(dtype=float)
    M[ia, ib] = v
    M[ib, ia] = v
    np.fill_diagonal(M, 0.0)
    return labs, M


def signed_matrix(C: np.ndarray, threshold: float = NEUTRAL_BAND, weighted: bool = True
                  ) -> np.ndarray:
    """Apply the neutral band: ``x`` (or ``sign(x)``) where ``|x| >= threshold``, else 0."""
    t = check_threshold(threshold)
    C = np.asarray(C, dtype=float)
    keep = np.abs(np.nan_to_num(C)) >= t
    if t == 0.0:
        keep &= np.nan_to_num(C) != 0
    out = np.where(keep, np.nan_to_num(C) if weighted else np.sign(np.nan_to_num(C)), 0.0)
    np.fill_diagonal(out, 0.0)
    return out


def to_graph(labels: Sequence[str], S: np.ndarray) -> nx.Graph:
    """networkx graph with edge attributes ``weight`` (closeness) and ``sign`` (±1)."""
    g = nx.Graph()
    g.add_nodes_from(labels)
    iu, ju = np.nonzero(np.triu(S, 1))
    for i, j in zip(iu, ju):
        w = float(S[i, j])
        g.add_edge(labels[i], labels[j], weight=w, sign=int(np.sign(w)))
    return g


def year_closeness(year: int, *, con=None, mirror: str | Path | None = None,
                   da: _c.DataAccess | None = None,
                   states: Iterable[str] | None = None) -> pd.DataFrame:
    """Closeness of every pair of system members in ``year`` (from the store's precomputed
    table when it holds the year, otherwise computed). ``states`` restricts to actor ids."""
    if _c.has_closeness_table(con):
        d = con.execute(f"SELECT * FROM {_c.CLOSENESS_TABLE} WHERE year = ?", [year]).df()
        if len(d):
            if states is not None:
                s = set(states)
                d = d[d["id_a"].isin(s) & d["id_b"].isin(s)]
            return d.reset_index(drop=True)
    da = da or _c.DataAccess(con, mirror)
    members = None
    if states is not None:
        members = []
        for s in states:
            c = _c._cow_of(s)
            if c is None:
                raise InputError(f"{s} has no COW code: it cannot enter the system graph",
                                 field="--states")
            members.append(c)
    f = _c.year_frame(year, da=da, members=members)
    return _c.closeness(f)


def system_graph(year: int, threshold: float = NEUTRAL_BAND, *, con=None,
                 mirror: str | Path | None = None, states: Iterable[str] | None = None,
                 weighted: bool = True) -> tuple[list[str], np.ndarray, nx.Graph]:
    """The system's signed weighted graph in ``year``: ``(labels, S, graph)``."""
    t = check_threshold(threshold)
    d = year_closeness(year, con=con, mirror=mirror, states=states)
    labels = list(states) if states is not None else None
    labs, C = matrix_from_pairs(d, labels)
    S = signed_matrix(C, t, weighted=weighted)
    return labs, S, to_graph(labs, S)
