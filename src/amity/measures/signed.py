"""The system's signed graph for one year, built from the closeness index.

Every pair of system members gets its closeness (:mod:`amity.measures.closeness`); a pair whose
closeness lies inside the *neutral band* ``|x| < threshold`` has no tie (0), not a weak + or −.
The default band is 0.1 — one tenth of the index's range, the same floor below which the
phase detector reads a change as noise — and a user may set any threshold in [0, 1).
A pair with no evidence that year (closeness NaN) has no tie either.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Sequence

import numpy as np
import pandas as pd

from amity import concepts
from amity.errors import InputError
from amity.measures import closeness as _c
from amity.sources.closeness_data import ClosenessData

if TYPE_CHECKING:   # imported where a graph is built (networkx takes 0.1 s to import)
    import networkx as nx

NEUTRAL_BAND = concepts.NEUTRAL_BAND


def check_threshold(threshold: float) -> float:
    """A neutral-band threshold must be a number in [0, 1) (:func:`amity.concepts.check_band`)."""
    return concepts.check_band(threshold, "--threshold")


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
    return concepts.neutral_band(C, check_threshold(threshold), weighted=weighted)


def to_graph(labels: Sequence[str], S: np.ndarray) -> nx.Graph:
    """networkx graph with edge attributes ``weight`` (closeness) and ``sign`` (±1)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(labels)
    iu, ju = np.nonzero(np.triu(S, 1))
    for i, j in zip(iu, ju):
        w = float(S[i, j])
        g.add_edge(labels[i], labels[j], weight=w, sign=int(np.sign(w)))
    return g


def year_closeness(year: int, *, con=None, mirror=None, da: ClosenessData | None = None,
                   states: Iterable[str] | None = None, method: str = "v2") -> pd.DataFrame:
    """Closeness of every pair of system members in ``year`` (from the store's precomputed
    table when it holds the year, otherwise computed), read through ``da`` (default: a
    :class:`ClosenessData` over ``con`` and ``mirror``). ``states`` restricts to actor ids.
    ``method="v3"``: ``closeness`` is the stored v3 posterior mean (v2 kept as
    ``closeness_v2``; no current fit is an error naming ``amity closeness-build``)."""
    da = da if da is not None else ClosenessData(con, mirror)
    d = _year_closeness_v2(year, da, states)
    if method == "v3":
        from amity.measures.closeness_model import MODEL_VERSION

        d = da.v3_year_rows(MODEL_VERSION, d)
    return d


def _year_closeness_v2(year: int, da: ClosenessData,
                       states: Iterable[str] | None = None) -> pd.DataFrame:
    d = da.closeness_year(year, states)
    if d is not None:
        return d.reset_index(drop=True)
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


def system_graph(year: int, threshold: float = NEUTRAL_BAND, *, con=None, mirror=None,
                 da: ClosenessData | None = None, states: Iterable[str] | None = None,
                 weighted: bool = True, graph: bool = True, method: str = "v2"
                 ) -> tuple[list[str], np.ndarray, nx.Graph | None]:
    """The system's signed weighted graph in ``year``: ``(labels, S, graph)`` (``graph=False``:
    no networkx graph, None in its place; networkx takes 0.1-0.3 s to import). ``method``:
    the closeness the legs carry (``v2`` or ``v3``, see :func:`year_closeness`)."""
    t = check_threshold(threshold)
    d = year_closeness(year, con=con, mirror=mirror, da=da, states=states, method=method)
    labels = list(states) if states is not None else None
    labs, C = matrix_from_pairs(d, labels)
    S = signed_matrix(C, t, weighted=weighted)
    return labs, S, (to_graph(labs, S) if graph else None)
