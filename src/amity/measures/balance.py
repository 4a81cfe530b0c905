"""Structural balance of a signed graph: triads, census, indices, frustration, factions.

Pure functions over a signed adjacency matrix ``S`` (numpy, symmetric, 0 on the diagonal,
entries in {-1, 0, +1} or weighted in [-1, 1]) or a :class:`networkx.Graph` whose edges carry a
``sign`` or ``weight`` attribute (converted by :func:`as_signed_matrix`).

Heider (1946), Cartwright & Harary (1956): a triangle is balanced iff the product of its signs
is positive (+++ and +--); a signed graph is balanced iff its nodes split into two camps with
every positive edge inside a camp and every negative edge across.

References
----------
Cartwright, D. & Harary, F. (1956). Structural balance: a generalization of Heider's theory.
*Psychological Review* 63(5), 277-293.
Estrada, E. (2019). Rethinking structural balance in signed social networks. *Discrete
Applied Mathematics* 268, 70-90.
Aref, S., Mason, A. J. & Wilson, M. C. (2018). Computing the line index of balance using
integer programming optimisation. In *Optimization Problems in Graph Theory*, Springer.
Aref, S. & Wilson, M. C. (2019). Balance and frustration in signed networks. *Journal of
Complex Networks* 7(2), 163-189.
"""
from __future__ import annotations

import sys
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

import numpy as np

from amity import concepts
from amity.errors import InputError

__all__ = [
    "signed_adjacency", "as_signed_matrix", "triad_pattern", "is_balanced", "triad_census",
    "triad_census_loop", "triangle_index", "walk_index", "frustration_index",
    "FrustrationResult", "balance_report", "check_threshold",
]

PATTERNS = ("+++", "++-", "+--", "---")


# --------------------------------------------------------------------------- inputs
def check_threshold(threshold: float, name: str = "threshold") -> float:
    """Validate a neutral-band threshold: a number in [0, 1) (:func:`amity.concepts.check_band`)."""
    return concepts.check_band(threshold, name)


def as_signed_matrix(S: Any, labels: Sequence | None = None, *, sign_only: bool = False
                     ) -> tuple[np.ndarray, list]:
    """A validated float matrix (and node labels) from an array or a networkx graph.

    For a graph, an edge's value is its ``sign`` attribute if present, else its ``weight``
    (default 1). Arrays must be square and symmetric; the diagonal is ignored (set to 0);
    NaN entries are read as 0 (no tie). ``sign_only`` reduces values to their signs.
    """
    # a networkx graph can only have been built with networkx imported: an array needs no
    # networkx import (0.1-0.3 s of a command's start)
    nx = sys.modules.get("networkx")
    if nx is not None and isinstance(S, nx.Graph):
        if S.is_directed():
            raise InputError("signed graph must be undirected", field="S")
        nodes = list(S.nodes) if labels is None else list(labels)
        pos = {u: i for i, u in enumerate(nodes)}
        A = np.zeros((len(nodes), len(nodes)))
        for u, v, d in S.edges(data=True):
            if u == v or u not in pos or v not in pos:
                continue
            val = d.get("sign", d.get("weight", 1.0))
            A[pos[u], pos[v]] = A[pos[v], pos[u]] = float(val)
        labels = nodes
    else:
        A = np.array(S, dtype=float, copy=True)
        if A.ndim != 2 or A.shape[0] != A.shape[1]:
            raise InputError(f"signed adjacency must be a square matrix, got shape {A.shape}",
                             field="S")
        A[np.isnan(A)] = 0.0
        if not np.allclose(A, A.T, atol=1e-9):
            i, j = np.argwhere(~np.isclose(A, A.T, atol=1e-9))[0]
            raise InputError(f"signed adjacency is not symmetric: S[{i},{j}]={A[i, j]} but "
                             f"S[{j},{i}]={A[j, i]}", field="S")
        labels = list(range(A.shape[0])) if labels is None else list(labels)
    if len(labels) != A.shape[0]:
        raise InputError(f"{len(labels)} labels for {A.shape[0]} nodes", field="labels")
    if len(set(labels)) != len(labels):
        dup = sorted({str(x) for x in labels if list(labels).count(x) > 1})
        raise InputError(f"repeated actor(s): {', '.join(dup)}", field="labels")
    np.fill_diagonal(A, 0.0)
    if sign_only:
        A = np.sign(A)
    return A, labels


def signed_adjacency(closeness_matrix: Any, threshold: float = concepts.NEUTRAL_BAND, *,
                     weighted: bool = False) -> np.ndarray:
    """Signed adjacency from a matrix of pairwise closeness in [-1, 1].

    Neutral band: a pair with ``|x| < threshold`` (or NaN, or on the diagonal) gets 0, i.e.
    no tie; otherwise the tie is ``sign(x)`` (default) or ``x`` itself (``weighted=True``).
    ``threshold`` must lie in [0, 1); with 0 every non-zero closeness is a tie.

    Returns
    -------
    numpy.ndarray, symmetric with 0 diagonal.
    """
    t = check_threshold(threshold)
    C, _ = as_signed_matrix(closeness_matrix)
    return concepts.neutral_band(C, t, weighted=weighted)


# --------------------------------------------------------------------------- triads
def _sgn(v: float) -> int:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        raise InputError("a triad leg is missing (NaN)", field="leg")
    return 1 if v > 0 else (-1 if v < 0 else 0)


def triad_pattern(a: float, b: float, c: float) -> str:
    """Sign pattern of a triangle with legs a, b, c, sorted: "+++", "++-", "+--" or "---".

    Raises :class:`~amity.errors.InputError` when a leg is 0 (no tie: not a triangle).
    """
    s = [_sgn(a), _sgn(b), _sgn(c)]
    if 0 in s:
        raise InputError("a leg is 0 (neutral): three ties are needed for a triad pattern",
                         field="leg")
    npos = s.count(1)
    return {3: "+++", 2: "++-", 1: "+--", 0: "---"}[npos]


def is_balanced(*legs) -> bool:
    """Heider balance: True iff the product of the signs is positive.

    Accepts three legs (``is_balanced(a, b, c)``), a pattern string (``is_balanced("+--")``)
    or a signed matrix / graph (balanced iff its frustration index is 0, i.e. it splits into
    two camps; decided exactly by a two-colouring search in linear time).
    """
    if len(legs) == 3:
        return triad_pattern(*legs) in ("+++", "+--")
    if len(legs) == 1 and isinstance(legs[0], str):
        p = legs[0].replace("−", "-")
        if p not in PATTERNS:
            raise InputError(f"unknown triad pattern {legs[0]!r}", field="pattern")
        return p in ("+++", "+--")
    if len(legs) == 1:
        A, _ = as_signed_matrix(legs[0], sign_only=True)
        return _two_colourable(A) is not None
    raise InputError("is_balanced takes three legs, a pattern or a signed matrix", field="legs")


def _two_colourable(A: np.ndarray) -> np.ndarray | None:
    """A ±1 camp assignment satisfying every tie, or None (BFS with parity)."""
    n = A.shape[0]
    col = np.zeros(n, dtype=int)
    for s in range(n):
        if col[s]:
            continue
        col[s] = 1
        stack = [s]
        while stack:
            u = stack.pop()
            for v in np.flatnonzero(A[u]):
                want = col[u] * int(A[u, v])
                if col[v] == 0:
                    col[v] = want
                    stack.append(v)
                elif col[v] != want:
                    return None
    return col


def triad_census(S: Any) -> dict[str, int]:
    r"""Count the closed triads of a signed graph by sign pattern, with matrix products.

    With :math:`P = [S>0]` and :math:`N = [S<0]` (both symmetric, zero diagonal):

    .. math::
       \#{+}{+}{+} = tr(P^3)/6,\quad \#{+}{+}{-} = tr(P^2 N)/2,\quad
       \#{+}{-}{-} = tr(P N^2)/2,\quad \#{-}{-}{-} = tr(N^3)/6

    (a ++- triangle is traversed by two closed walks of the form +,+,- , one per direction;
    a +++ triangle by six). Consistency: :math:`tr(S^3)/6 = (\#{+}{+}{+} + \#{+}{-}{-}) -
    (\#{+}{+}{-} + \#{-}{-}{-})` and :math:`tr(|S|^3)/6` = all triangles. Only signs count.

    Returns
    -------
    dict {"+++": n, "++-": n, "+--": n, "---": n}
    """
    A, _ = as_signed_matrix(S)
    P = (A > 0).astype(np.float64)
    N = (A < 0).astype(np.float64)
    PP = P @ P
    NN = N @ N
    return {
        "+++": int(round(float(np.sum(PP * P)) / 6)),
        "++-": int(round(float(np.sum(PP * N)) / 2)),
        "+--": int(round(float(np.sum(NN * P)) / 2)),
        "---": int(round(float(np.sum(NN * N)) / 6)),
    }


def triad_census_loop(S: Any) -> dict[str, int]:
    """The same census by a plain loop over all node triples (reference and benchmark)."""
    A, _ = as_signed_matrix(S)
    n = A.shape[0]
    rows = A.tolist()
    out = {p: 0 for p in PATTERNS}
    for i in range(n):
        ri = rows[i]
        for j in range(i + 1, n):
            a = ri[j]
            if a == 0:
                continue
            rj = rows[j]
            for k in range(j + 1, n):
                b, c = ri[k], rj[k]
                if b == 0 or c == 0:
                    continue
                npos = (a > 0) + (b > 0) + (c > 0)
                out[("---", "+--", "++-", "+++")[npos]] += 1
    return out


def triangle_index(S: Any) -> float:
    """Share of balanced triangles: (#+++ + #+--) / all triangles; NaN without triangles."""
    c = S if isinstance(S, dict) else triad_census(S)
    tot = sum(c[p] for p in PATTERNS)
    return float("nan") if tot == 0 else (c["+++"] + c["+--"]) / tot


def walk_index(S: Any, beta: float = 1.0) -> float:
    r"""Estrada's walk-based balance index.

    .. math::  K = \frac{tr\, e^{\beta S}}{tr\, e^{\beta |S|}}
               = \frac{\sum_i e^{\beta\lambda_i(S)}}{\sum_i e^{\beta\lambda_i(|S|)}}

    Closed walks of every length, down-weighted by 1/k!; 1 for a balanced graph, smaller
    the more negative closed walks there are. Weighted entries are used as they are.
    Computed with both spectra shifted by :math:`\lambda_{max}(|S|)` (no overflow).

    References
    ----------
    Estrada (2019), *Discrete Applied Mathematics* 268:70-90.
    """
    A, _ = as_signed_matrix(S)
    if A.shape[0] == 0:
        return float("nan")
    ls = np.linalg.eigvalsh(beta * A)
    la = np.linalg.eigvalsh(beta * np.abs(A))
    top = max(la.max(), ls.max())
    return float(np.exp(ls - top).sum() / np.exp(la - top).sum())


# --------------------------------------------------------------------------- frustration
@dataclass
class FrustrationResult:
    """Frustration index of a signed graph and the two-faction partition attaining it.

    ``value`` is the (weighted) number of frustrated edges of ``partition`` (negative ties
    inside a camp, positive ties across); ``lower_bound`` a proven lower bound; ``exact``
    tells whether ``value`` is proven minimal (then ``lower_bound == value``).
    """

    value: float
    lower_bound: float
    exact: bool
    partition: tuple[list, list]
    frustrated_edges: list[tuple[Any, Any, float]] = field(default_factory=list)
    method: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["partition"] = [list(self.partition[0]), list(self.partition[1])]
        d["frustrated_edges"] = [{"a": a, "b": b, "value": v} for a, b, v in
                                 self.frustrated_edges]
        return d


def _frustration_of(A: np.ndarray, W: np.ndarray, s: np.ndarray) -> float:
    bad = (A * s[:, None] * s[None, :]) < 0
    return float(np.triu(W * bad, 1).sum())


def _local_search(A: np.ndarray, W: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Best-improvement single flips until no flip lowers the frustration.

    With weights w_ij = |S_ij| and signs, frustration = (sum|S| - s'Ss/2)/2 over i<j, and
    flipping i changes it by s_i (S s)_i: flip the most negative while one is negative.
    """
    s = s.astype(float).copy()
    g = A @ s
    n = len(s)
    for _ in range(50 * n + 100):
        gain = s * g
        i = int(np.argmin(gain))
        if gain[i] >= -1e-12:
            break
        s[i] = -s[i]
        g += 2 * s[i] * A[:, i]
    return s


def _heuristic(A: np.ndarray, W: np.ndarray, restarts: int, seed: int) -> np.ndarray:
    n = A.shape[0]
    rng = np.random.default_rng(seed)
    starts = [np.ones(n)]
    if n > 1:
        _, vec = np.linalg.eigh(A)
        v = vec[:, -1]
        starts.append(np.where(v >= 0, 1.0, -1.0))
    starts += [rng.choice([-1.0, 1.0], size=n) for _ in range(restarts)]
    best, best_f = None, np.inf
    for s0 in starts:
        s = _local_search(A, W, s0)
        # iterated local search: kick a few nodes, keep the better
        f = _frustration_of(A, W, s)
        for _ in range(20):
            t = s.copy()
            k = max(1, n // 20)
            idx = rng.choice(n, size=min(k, n), replace=False)
            t[idx] = -t[idx]
            t = _local_search(A, W, t)
            ft = _frustration_of(A, W, t)
            if ft <= f:
                s, f = t, ft
        if f < best_f - 1e-12:
            best, best_f = s, f
    return best


def _triangle_packing_bound(A: np.ndarray, W: np.ndarray) -> float:
    """Edge-disjoint unbalanced triangles, packed greedily: each needs a frustrated edge.

    The bound is the sum over the packed triangles of their lightest edge weight (1 each
    for signs).
    """
    n = A.shape[0]
    free = A != 0
    np.fill_diagonal(free, False)
    sg = np.sign(A)
    lb = 0.0
    for i in range(n):
        for j in np.flatnonzero(free[i, i + 1:]) + i + 1:
            if not free[i, j]:
                continue
            cand = free[i] & free[j] & (sg[i] * sg[j] * sg[i, j] < 0)
            cand[[i, j]] = False
            ks = np.flatnonzero(cand)
            if ks.size == 0:
                continue
            k = ks[0]
            lb += min(W[i, j], W[i, k], W[j, k])
            free[i, j] = free[j, i] = free[i, k] = free[k, i] = free[j, k] = free[k, j] = False
    return float(lb)


#: graphs of at most this many nodes are solved by enumerating every split (2^(n-1) of them)
EXHAUSTIVE_MAX_NODES = 12


def _exhaustive(A: np.ndarray, W: np.ndarray):
    """Exact frustration by trying every two-camp split of a small graph (the node of
    highest degree fixed in the first camp, as in :func:`_milp`); the first split of least
    frustration in binary order. Small systems (a handful of states) are solved so without
    importing scipy.optimize and HiGHS (0.3-1 s of a command's start)."""
    n = A.shape[0]
    iu, ju = np.nonzero(np.triu(A != 0, 1))
    if iu.size == 0:
        return np.ones(n), 0.0, 0.0, True
    root = int(np.argmax((A != 0).sum(axis=1)))
    others = [i for i in range(n) if i != root]
    bits = (np.arange(2 ** len(others))[:, None] >> np.arange(len(others))[None, :]) & 1
    s = np.ones((len(bits), n))
    s[:, others] = 1.0 - 2.0 * bits
    cost = ((A[iu, ju] * s[:, iu] * s[:, ju]) < 0) @ W[iu, ju]
    best = int(np.argmin(cost))
    val = float(cost[best])
    return s[best], val, val, True


def _milp(A: np.ndarray, W: np.ndarray, time_limit: float | None):
    """Exact frustration by integer programming (Aref et al. 2018 formulation).

    Binary x_i (camp) and f_e (edge frustrated); positive edge: f >= x_i - x_j and
    f >= x_j - x_i; negative edge: f >= x_i + x_j - 1 and f >= 1 - x_i - x_j;
    minimise sum w_e f_e; x of the highest-degree node fixed to 0.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    n = A.shape[0]
    iu, ju = np.nonzero(np.triu(A != 0, 1))
    m = iu.size
    if m == 0:
        return np.ones(n), 0.0, 0.0, True
    nv = n + m
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0
    for e in range(m):
        i, j = iu[e], ju[e]
        fe = n + e
        if A[i, j] > 0:
            # f - x_i + x_j >= 0 ; f + x_i - x_j >= 0
            for a, b in ((-1, 1), (1, -1)):
                rows += [r, r, r]; cols += [fe, i, j]; vals += [1, a, b]
                lo.append(0); hi.append(np.inf); r += 1
        else:
            # f - x_i - x_j >= -1 ; f + x_i + x_j >= 1
            rows += [r, r, r]; cols += [fe, i, j]; vals += [1, -1, -1]
            lo.append(-1); hi.append(np.inf); r += 1
            rows += [r, r, r]; cols += [fe, i, j]; vals += [1, 1, 1]
            lo.append(1); hi.append(np.inf); r += 1
    Acon = coo_matrix((vals, (rows, cols)), shape=(r, nv)).tocsr()
    c = np.concatenate([np.zeros(n), W[iu, ju]])
    lb = np.zeros(nv)
    ub = np.ones(nv)
    root = int(np.argmax((A != 0).sum(axis=1)))
    ub[root] = 0.0
    opts = {"disp": False}
    if time_limit is not None:
        opts["time_limit"] = float(time_limit)
    res = milp(c, constraints=LinearConstraint(Acon, lo, hi), integrality=np.ones(nv),
               bounds=Bounds(lb, ub), options=opts)
    if res.x is None:
        return None, np.inf, float(getattr(res, "mip_dual_bound", 0.0) or 0.0), False
    x = np.round(res.x[:n])
    s = np.where(x > 0.5, -1.0, 1.0)
    val = float(res.fun)
    proven = res.status == 0
    bound = val if proven else float(getattr(res, "mip_dual_bound", 0.0) or 0.0)
    return s, val, bound, proven


def frustration_index(S: Any, labels: Sequence | None = None, *, exact: bool | None = None,
                      time_limit: float | None = 10.0, weighted: bool = False,
                      restarts: int = 8, seed: int = 0, exact_max_nodes: int = 20
                      ) -> FrustrationResult:
    r"""Frustration index (line index of balance) and a two-faction partition attaining it.

    .. math::  L(S) = \min_{s \in \{\pm1\}^n} \sum_{i<j,\, S_{ij} \ne 0}
               w_{ij}\,[\,S_{ij} s_i s_j < 0\,]

    the least (weighted) number of edges whose removal or sign flip makes the graph
    balanced: negative ties inside a camp plus positive ties across camps. ``w = 1``
    (count of edges), or ``|S_ij|`` when ``weighted``.

    Method
    ------
    * exact (default for graphs of at most ``exact_max_nodes`` = 20 nodes, or ``exact=True``):
      up to :data:`EXHAUSTIVE_MAX_NODES` = 12 nodes every split is tried (``method
      "exhaustive"``); larger graphs go to the binary linear program of Aref, Mason & Wilson (2018) solved by
      :func:`scipy.optimize.milp` (HiGHS) within ``time_limit`` seconds; if the limit is hit
      the heuristic below runs too, the better partition is kept and the lower bound is the
      larger of the solver's dual bound and the triangle bound, ``exact=False`` unless they
      meet (sparse graphs of 30 nodes solve in well under a second; dense random ones of
      40 nodes may not finish in 10 s);
    * heuristic (larger graphs, or ``exact=False``): best-improvement single-node flips
      (flip i while :math:`s_i (S s)_i < 0`) from the all-one start, the sign of the leading
      eigenvector of S, and ``restarts`` random starts (``seed``), each followed by 20 rounds
      of iterated local search (flip ~5% of the nodes, descend again, keep if not worse).
      Lower bound: a greedy packing of edge-disjoint unbalanced triangles (each needs at
      least one frustrated edge). When the two meet, ``exact`` is True.

    Returns
    -------
    FrustrationResult
        ``partition`` lists the node labels of each camp (the larger camp first),
        ``frustrated_edges`` the (a, b, value) ties that break the balance.

    References
    ----------
    Harary (1959); Aref, Mason & Wilson (2018); Aref & Wilson (2019).
    """
    A, lab = as_signed_matrix(S, labels)
    if not weighted:
        A = np.sign(A)
    W = np.abs(A)
    n = A.shape[0]
    if n == 0:
        return FrustrationResult(0.0, 0.0, True, ([], []), [], "empty")
    use_exact = (n <= exact_max_nodes) if exact is None else bool(exact)
    s = None
    val, bound, proven = np.inf, 0.0, False
    if use_exact and n <= EXHAUSTIVE_MAX_NODES:
        s, val, bound, proven = _exhaustive(A, W)
        method = "exhaustive"
    elif use_exact:
        s, val, bound, proven = _milp(A, W, time_limit)
        method = "milp" if proven else "milp (time limit)"
    if not proven:
        # heuristic, alone or to improve on an unfinished integer program
        sh = _heuristic(A, W, restarts, seed)
        vh = _frustration_of(A, W, sh)
        bound = max(bound, _triangle_packing_bound(A, W))
        if s is None or vh < val:
            s, val = sh, vh
        proven = abs(val - bound) < 1e-9
        heur = "local search; bound by edge-disjoint unbalanced triangles"
        method = heur if not use_exact else f"milp (time limit) + {heur}"
    val = _frustration_of(A, W, s)
    if not weighted:
        val, bound = float(round(val)), float(np.ceil(bound - 1e-9))
    camp1 = [lab[i] for i in range(n) if s[i] > 0]
    camp2 = [lab[i] for i in range(n) if s[i] <= 0]
    if len(camp2) > len(camp1):
        camp1, camp2 = camp2, camp1
    bad = np.argwhere(np.triu((A * s[:, None] * s[None, :]) < 0, 1))
    frus = [(lab[i], lab[j], float(A[i, j])) for i, j in bad]
    return FrustrationResult(value=float(val), lower_bound=float(min(bound, val)),
                             exact=bool(proven), partition=(camp1, camp2),
                             frustrated_edges=frus, method=method)


# --------------------------------------------------------------------------- report
def balance_report(S: Any, labels: Sequence | None = None, *, exact: bool | None = None,
                   time_limit: float | None = 10.0, seed: int = 0) -> dict:
    """Census, triangle index, walk index, frustration and factions of a signed graph.

    Returns
    -------
    dict with ``n_nodes, n_edges, n_positive, n_negative, census, n_triangles,
    triangle_index, walk_index, frustration`` (the :class:`FrustrationResult` as a dict,
    whose ``partition`` are the two factions and ``frustrated_edges`` the legs that
    frustrate the balance) and ``balanced`` (frustration 0).
    """
    A, lab = as_signed_matrix(S, labels)
    census = triad_census(A)
    fr = frustration_index(A, lab, exact=exact, time_limit=time_limit, seed=seed)
    up = np.triu(A, 1)
    return {
        "n_nodes": int(A.shape[0]),
        "n_edges": int((up != 0).sum()),
        "n_positive": int((up > 0).sum()),
        "n_negative": int((up < 0).sum()),
        "census": census,
        "n_triangles": int(sum(census.values())),
        "triangle_index": triangle_index(census),
        "walk_index": walk_index(A),
        "frustration": fr.to_dict(),
        "factions": [list(fr.partition[0]), list(fr.partition[1])],
        "balanced": fr.value == 0,
    }
