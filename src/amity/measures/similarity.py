"""Foreign-policy similarity of two states' portfolios (alliances or UN votes).

A *portfolio* is one state's row of codes over K items: its valued alliance tie to every
member of the system (itself included) in a year, or its vote on every roll call of a year.
Missing codes (NaN) are allowed: a pair is compared over the items both states have.

Measures
--------
* Signorino & Ritter's S (absolute or squared distance; optionally weighted, e.g. by CINC);
* Cohen's kappa and Scott's pi, nominal or distance-weighted (Häge 2011);
* Kendall's tau-b (the measure of Bueno de Mesquita 1975 on alliance portfolios).

The scalar functions take two 1-D portfolios; :func:`similarity_matrix` computes one measure
for all pairs of rows of a portfolio matrix at once with a handful of matrix products
(indicator matrices per category), which is what the panel verb and the benchmarks use.

References
----------
Signorino, C. S. & Ritter, J. M. (1999). Tau-b or not tau-b: measuring the similarity of
foreign policy positions. *International Studies Quarterly* 43(1), 115-144.
Häge, F. M. (2011). Choice or circumstance? Adjusting measures of foreign policy similarity
for chance agreement. *Political Analysis* 19(3), 287-305.
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
Psychological Measurement* 20(1), 37-46.
Scott, W. A. (1955). Reliability of content analysis: the case of nominal scale coding.
*Public Opinion Quarterly* 19(3), 321-325.
Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika* 33(3), 239-251.
"""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from amity import concepts
from amity.errors import InputError

__all__ = [
    "s_score", "cohen_kappa", "scotts_pi", "kendall_tau_b", "similarity_matrix",
    "alliance_portfolios", "vote_portfolios", "alliance_values", "MEASURES", "DMAX",
    "similarity_by_year", "pair_similarity", "portfolio_year", "similarity_matrices",
]

#: measure names accepted by :func:`similarity_matrix`
MEASURES = ("s_abs", "s_sq", "kappa", "pi", "taub")
#: the usual d_max of S for the two portfolio kinds, by distance ("abs" / "sq")
DMAX = {"alliances": {"abs": 3.0, "sq": 9.0}, "votes": {"abs": 2.0, "sq": 4.0},
        "binary": {"abs": 1.0, "sq": 1.0}}
_METRICS = ("nominal", "absolute", "squared")


# --------------------------------------------------------------------------- helpers
def _pair(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise InputError(f"portfolios differ in length: {x.size} vs {y.size}", field="y")
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


def _dist(a: np.ndarray, b: np.ndarray, metric: str) -> np.ndarray:
    if metric == "nominal":
        return (a != b).astype(float)
    if metric == "absolute":
        return np.abs(a - b)
    if metric == "squared":
        return (a - b) ** 2
    raise InputError(f"unknown metric {metric!r}; use one of {', '.join(_METRICS)}",
                     field="metric")


def _categories(x: np.ndarray, y: np.ndarray, categories) -> np.ndarray:
    if categories is None:
        return np.unique(np.concatenate([x, y]))
    cats = np.asarray(sorted(set(float(c) for c in categories)), dtype=float)
    extra = np.setdiff1d(np.unique(np.concatenate([x, y])), cats)
    if extra.size:
        raise InputError(f"codes {extra.tolist()} are not among the categories {cats.tolist()}",
                         field="categories")
    return cats


def _chance_corrected(x, y, metric: str, categories, pooled: bool) -> float:
    x, y = _pair(x, y)
    if x.size == 0:
        return float("nan")
    cats = _categories(x, y, categories)
    d_obs = _dist(x, y, metric).mean()
    px = np.array([(x == c).mean() for c in cats])
    py = np.array([(y == c).mean() for c in cats])
    if pooled:
        px = py = (px + py) / 2.0
    dd = _dist(cats[:, None], cats[None, :], metric)
    d_exp = float(px @ dd @ py)
    if d_exp <= 1e-15:
        return float("nan")
    return float(1.0 - d_obs / d_exp)


# --------------------------------------------------------------------------- scalar measures
def s_score(x, y, dmax: float, squared: bool = False, weights=None) -> float:
    r"""Signorino & Ritter's S between two portfolios.

    .. math::  S = 1 - \frac{2 \sum_k w_k\, d(x_k, y_k)}{d_{max} \sum_k w_k}

    with :math:`d(a,b) = |a-b|` (or :math:`(a-b)^2` when ``squared``) and :math:`w_k = 1`
    unless ``weights`` (e.g. each item-state's CINC share) are given. S lies in [-1, 1]; it is 1
    for identical portfolios and -1 when every item is at maximal distance.

    Parameters
    ----------
    x, y : array-like of float
        The two portfolios over the same K items; NaN marks a missing code, and the pair is
        compared over the items both have.
    dmax : float
        The largest possible distance: 3 (abs) / 9 (sq) for valued alliances coded 0-3,
        2 / 4 for UN votes coded 1-3, 1 for binary codes.
    squared : bool
        Squared instead of absolute distance.
    weights : array-like, optional
        Non-negative weight of each item.

    Returns
    -------
    float
        S, or NaN when no item is common to both portfolios (or all common weights are 0).

    References
    ----------
    Signorino & Ritter (1999), *ISQ* 43(1):115-144.
    """
    if not dmax or dmax <= 0:
        raise InputError(f"dmax must be positive, got {dmax!r}", field="dmax")
    xa = np.asarray(x, dtype=float).ravel()
    ya = np.asarray(y, dtype=float).ravel()
    if xa.shape != ya.shape:
        raise InputError(f"portfolios differ in length: {xa.size} vs {ya.size}", field="y")
    w = np.ones_like(xa) if weights is None else np.asarray(weights, dtype=float).ravel()
    if w.shape != xa.shape:
        raise InputError(f"weights have length {w.size}, portfolios {xa.size}", field="weights")
    if np.any(w < 0) or np.any(np.isnan(w)):
        raise InputError("weights must be non-negative numbers", field="weights")
    keep = ~(np.isnan(xa) | np.isnan(ya))
    xa, ya, w = xa[keep], ya[keep], w[keep]
    tot = w.sum()
    if xa.size == 0 or tot <= 0:
        return float("nan")
    d = _dist(xa, ya, "squared" if squared else "absolute")
    return float(1.0 - 2.0 * (w * d).sum() / (tot * dmax))


def cohen_kappa(x, y, metric: str = "nominal", categories=None) -> float:
    r"""Cohen's kappa between two portfolios, nominal or distance-weighted (Häge 2011).

    .. math::  \kappa = 1 - D_o / D_e,\quad D_o = \frac1K \sum_k d(x_k, y_k),\quad
               D_e = \sum_a \sum_b p_x(a)\, p_y(b)\, d(a, b)

    where :math:`p_x, p_y` are each state's own distribution of codes over the K common
    items and d is 0/1 (``"nominal"``), :math:`|a-b|` (``"absolute"``) or :math:`(a-b)^2`
    (``"squared"``). For nominal d this is the familiar
    :math:`(P_o - P_e)/(1 - P_e)`.

    Returns NaN when :math:`D_e = 0` (both portfolios constant and identical: agreement
    cannot be told from chance) or no item is common. Example: x = (1,1,0,0),
    y = (1,0,0,0) gives 0.5.

    References
    ----------
    Cohen (1960); Häge (2011), *Political Analysis* 19(3):287-305.
    """
    return _chance_corrected(x, y, metric, categories, pooled=False)


def scotts_pi(x, y, metric: str = "nominal", categories=None) -> float:
    r"""Scott's pi between two portfolios, nominal or distance-weighted (Häge 2011).

    As :func:`cohen_kappa` but the expected disagreement uses the pooled distribution
    :math:`p(a) = (p_x(a) + p_y(a))/2` for both states:
    :math:`D_e = \sum_a \sum_b p(a)\, p(b)\, d(a, b)`, :math:`\pi = 1 - D_o/D_e`.
    Example: x = (1,1,0,0), y = (1,0,0,0) gives 7/15 = 0.4667. NaN when :math:`D_e = 0`.

    References
    ----------
    Scott (1955); Häge (2011).
    """
    return _chance_corrected(x, y, metric, categories, pooled=True)


def kendall_tau_b(x, y) -> float:
    r"""Kendall's tau-b between two portfolios (over their common items).

    .. math::  \tau_b = \frac{n_c - n_d}{\sqrt{(n_0 - n_1)(n_0 - n_2)}}

    over the :math:`n_0 = K(K-1)/2` pairs of items: :math:`n_c` concordant, :math:`n_d`
    discordant, :math:`n_1` / :math:`n_2` tied in x / in y. NaN when either portfolio is
    constant. Equals ``scipy.stats.kendalltau(x, y).statistic``.

    References
    ----------
    Kendall (1945); Bueno de Mesquita (1975) introduced it for alliance portfolios.
    """
    x, y = _pair(x, y)
    if x.size < 2:
        return float("nan")
    sx = np.sign(x[:, None] - x[None, :])
    sy = np.sign(y[:, None] - y[None, :])
    iu = np.triu_indices(x.size, 1)
    sx, sy = sx[iu], sy[iu]
    den = np.sqrt(np.abs(sx).sum() * np.abs(sy).sum())
    if den == 0:
        return float("nan")
    return float((sx * sy).sum() / den)


# --------------------------------------------------------------------------- all pairs
def _indicators(P: np.ndarray, cats: np.ndarray) -> np.ndarray:
    """(m*n, K) stack of 0/1 indicator matrices, one block of n rows per category."""
    return np.concatenate([(P == c) for c in cats], axis=0).astype(np.float64)


def similarity_matrix(P, measure: str = "s_abs", dmax: float | None = None, weights=None,
                      categories: Sequence[float] | None = None,
                      metric: str | None = None) -> np.ndarray:
    r"""One similarity measure for every pair of rows of a portfolio matrix, vectorized.

    Parameters
    ----------
    P : array-like, shape (n, K)
        Row i is state i's portfolio over K items; NaN = missing (each pair is compared over
        the items both rows have). A :class:`pandas.DataFrame` is accepted.
    measure : {"s_abs", "s_sq", "kappa", "pi", "taub"}
        S with absolute / squared distance, Cohen's kappa, Scott's pi, Kendall's tau-b.
    dmax : float, optional
        d_max of S; default: the largest distance between the codes present (so 3 / 9 for
        alliances coded 0-3 when a 0 and a 3 occur). Pass it explicitly for a fixed scale.
    weights : array-like of length K, optional
        Item weights for S (e.g. CINC); ignored by the other measures.
    categories : sequence of float, optional
        The code set (default: the codes present in P).
    metric : {"nominal", "absolute", "squared"}, optional
        Distance of kappa/pi (default ``"absolute"``, as in Häge 2011 for ordinal codes).

    Returns
    -------
    numpy.ndarray, shape (n, n)
        Symmetric; NaN where undefined (no common item; kappa/pi with :math:`D_e = 0`;
        tau-b with a constant portfolio).

    Notes
    -----
    With :math:`I_a` the n×K indicator of code a (0 where missing), :math:`M` the observed
    mask and :math:`W = diag(w)`:
    :math:`\sum_k w_k d(x_{ik}, x_{jk}) = \sum_{a,b} d(a,b) (I_a W I_b^T)_{ij}`;
    the common-item marginals are :math:`(I_a M^T)_{ij}`. For the absolute distance between
    ordered codes the m² blocks reduce to one product per threshold between codes (see
    ``_dist_sum``); complete portfolios need no marginal products at all. Tau-b uses the
    sign matrices over item pairs:
    :math:`n_c - n_d = \Sigma_x \Sigma_y^T`.
    """
    if isinstance(P, pd.DataFrame):
        P = P.to_numpy(dtype=float, na_value=np.nan)
    P = np.asarray(P, dtype=float)
    if P.ndim != 2:
        raise InputError(f"portfolio matrix must be 2-D, got shape {P.shape}", field="P")
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}",
                         field="measure")
    n, K = P.shape
    obs = ~np.isnan(P)
    if measure == "taub":
        return _taub_matrix(P, obs)
    cats = (np.unique(P[obs]) if categories is None
            else np.asarray(sorted(set(float(c) for c in categories)), dtype=float))
    if cats.size == 0:
        return np.full((n, n), np.nan)
    m = cats.size
    if measure in ("s_abs", "s_sq"):
        metric_ = "absolute" if measure == "s_abs" else "squared"
    else:
        metric_ = metric or "absolute"
    dd = _dist(cats[:, None], cats[None, :], metric_)
    extra = np.setdiff1d(np.unique(P[obs]), cats)
    if extra.size:
        raise InputError(f"codes {extra.tolist()} are not among the categories {cats.tolist()}",
                         field="categories")
    full = bool(obs.all())
    if measure in ("s_abs", "s_sq"):
        w = None if weights is None else np.asarray(weights, dtype=float).ravel()
        if w is not None:
            if w.shape != (K,):
                raise InputError(f"weights have length {w.size}, portfolios {K}",
                                 field="weights")
            if np.any(w < 0) or np.any(np.isnan(w)):
                raise InputError("weights must be non-negative numbers", field="weights")
        if dmax is None:
            dmax = float(dd.max()) if dd.max() > 0 else 1.0
        if dmax <= 0:
            raise InputError(f"dmax must be positive, got {dmax!r}", field="dmax")
        dsum = _dist_sum(P, obs, cats, metric_, w, full)
        wsum = _common(obs, w, full)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = 1.0 - 2.0 * dsum / (wsum * dmax)
        out[~(wsum > 0)] = np.nan
        return out
    # kappa / pi
    k = _common(obs, None, full)                    # common items per pair
    d_obs = _dist_sum(P, obs, cats, metric_, None, full)
    if full:
        # marginals do not depend on the partner: p (m, n); D_e = p_i' dd p_j for all pairs
        p = np.stack([(P == c).sum(axis=1) for c in cats]).astype(np.float64) / K
        G = p.T @ dd @ p
        if measure == "pi":
            g = np.diag(G)
            d_exp = (g[:, None] + g[None, :] + G + G.T) / 4.0
        else:
            d_exp = G
        with np.errstate(invalid="ignore", divide="ignore"):
            out = 1.0 - (d_obs / k) / d_exp
    else:
        dt = _dtype(P, None)
        I = _indicators(P, cats).astype(dt)
        C = (I @ obs.astype(dt).T).astype(np.float64).reshape(cats.size, n, n)
        with np.errstate(invalid="ignore", divide="ignore"):
            px = C / k                              # p_i(a) over the pair's common items
            py = np.transpose(C, (0, 2, 1)) / k     # p_j(b)
            if measure == "pi":
                px = py = (px + py) / 2.0
            Q = np.tensordot(dd, py, axes=(1, 0))   # (m, n, n): sum_b d(a,b) p_j(b)
            d_exp = (px * Q).sum(axis=0)
            out = 1.0 - (d_obs / k) / d_exp
    out[(k <= 0) | ~(d_exp > 1e-12)] = np.nan
    return out


def similarity_matrices(P, measures: Sequence[str] = ("s_abs", "s_sq", "kappa", "pi"), *,
                        dmax_abs: float = 3.0, dmax_sq: float = 9.0, weights=None,
                        categories: Sequence[float] = (0, 1, 2, 3), check: bool = True
                        ) -> dict[str, np.ndarray]:
    """Several measures for all pairs at once, sharing the work between them.

    Same definitions as :func:`similarity_matrix` (kappa and pi with the absolute distance;
    ``weights`` apply to S only), but the distance sums and marginals are computed once: S
    abs, kappa and pi share one absolute-distance sum. ``check=False`` skips the code
    validation for callers that built ``P`` themselves.
    """
    P = np.asarray(P, dtype=float)
    n, K = P.shape
    obs = ~np.isnan(P)
    cats = np.asarray(sorted(set(float(c) for c in categories)), dtype=float)
    if check:
        extra = np.setdiff1d(np.unique(P[obs]), cats)
        if extra.size:
            raise InputError(f"codes {extra.tolist()} are not among the categories "
                             f"{cats.tolist()}", field="categories")
        for m in measures:
            if m not in MEASURES:
                raise InputError(f"unknown measure {m!r}; use one of {', '.join(MEASURES)}",
                                 field="measures")
    full = bool(obs.all())
    w = None if weights is None else np.asarray(weights, dtype=float).ravel()
    out: dict[str, np.ndarray] = {}
    need_abs = any(m in ("s_abs", "kappa", "pi") for m in measures)
    abs_u = _dist_sum(P, obs, cats, "absolute", None, full) if need_abs else None
    k = _common(obs, None, full)
    with np.errstate(invalid="ignore", divide="ignore"):
        if "s_abs" in measures:
            dsum = abs_u if w is None else _dist_sum(P, obs, cats, "absolute", w, full)
            wsum = k if w is None else _common(obs, w, full)
            r = 1.0 - 2.0 * dsum / (wsum * dmax_abs)
            r[~(wsum > 0)] = np.nan
            out["s_abs"] = r
        if "s_sq" in measures:
            dsum = _dist_sum(P, obs, cats, "squared", w, full)
            wsum = k if w is None else _common(obs, w, full)
            r = 1.0 - 2.0 * dsum / (wsum * dmax_sq)
            r[~(wsum > 0)] = np.nan
            out["s_sq"] = r
        if "kappa" in measures or "pi" in measures:
            dd = np.abs(cats[:, None] - cats[None, :])
            if full:
                p = np.stack([(P == c).sum(axis=1) for c in cats]).astype(np.float64) / K
                G = p.T @ dd @ p
                g = np.diag(G)
                de = {"kappa": G, "pi": (g[:, None] + g[None, :] + G + G.T) / 4.0}
            else:
                dt = _dtype(P, None)
                I = _indicators(P, cats).astype(dt)
                C = (I @ obs.astype(dt).T).astype(np.float64).reshape(cats.size, n, n)
                px = C / k
                py = np.transpose(C, (0, 2, 1)) / k
                pp = (px + py) / 2.0
                de = {"kappa": (px * np.tensordot(dd, py, axes=(1, 0))).sum(axis=0),
                      "pi": (pp * np.tensordot(dd, pp, axes=(1, 0))).sum(axis=0)}
            for m in ("kappa", "pi"):
                if m in measures:
                    r = 1.0 - (abs_u / k) / de[m]
                    r[(k <= 0) | ~(de[m] > 1e-12)] = np.nan
                    out[m] = r
        if "taub" in measures:
            out["taub"] = _taub_matrix(P, obs)
    return out


def _dtype(P: np.ndarray, w) -> type:
    """float32 is exact for integer codes and counts (< 2**24); float64 otherwise."""
    if w is None and P.shape[1] < 100_000:
        v = P[~np.isnan(P)]
        if v.size == 0 or (np.all(v == np.round(v)) and np.abs(v).max() <= 64):
            return np.float32
    return np.float64


def _common(obs: np.ndarray, w, full: bool) -> np.ndarray:
    """(Weighted) number of items both rows have: M W M^T."""
    n, K = obs.shape
    if full:
        tot = float(K if w is None else w.sum())
        return np.full((n, n), tot)
    M = obs.astype(np.float64)
    Mw = M if w is None else M * w[None, :]
    return Mw @ M.T


def _dist_sum(P: np.ndarray, obs: np.ndarray, cats: np.ndarray, metric: str, w,
              full: bool) -> np.ndarray:
    r"""Sum over common items of w_k d(x_ik, x_jk) for every pair, with few matrix products.

    * absolute: :math:`|a-b| = \sum_t \delta_t |[a \ge c_t] - [b \ge c_t]|` over the
      thresholds between consecutive codes (gap :math:`\delta_t`), so with
      :math:`B_t = [P \ge c_t]`: :math:`\sum_t \delta_t (B_t W M^T + M W B_t^T - 2 B_t W B_t^T)`;
    * squared: :math:`Z^2 W M^T + M W Z^{2T} - 2 Z W Z^T` (Z = P with 0 where missing);
    * nominal: common items minus :math:`\sum_a I_a W I_a^T`.
    """
    dt = _dtype(P, w)
    n, K = P.shape
    M = obs.astype(dt)
    wv = np.ones(K, dtype=dt) if w is None else w.astype(dt)
    out = np.zeros((n, n))
    if metric == "absolute":
        for lo, hi in zip(cats[:-1], cats[1:]):
            B = ((P >= hi) & obs).astype(dt)
            Bw = B * wv[None, :]
            if full:
                r = Bw.sum(axis=1).astype(np.float64)
                cross = r[:, None] + r[None, :]
            else:
                R = (Bw @ M.T).astype(np.float64)
                cross = R + R.T
            out += (hi - lo) * (cross - 2.0 * (Bw @ B.T).astype(np.float64))
        return out
    if metric == "squared":
        Z = np.where(obs, P, 0.0).astype(dt)
        Zw = Z * wv[None, :]
        if full:
            r = (Zw * Z).sum(axis=1).astype(np.float64)
            sq = r[:, None] + r[None, :]
        else:
            R = ((Zw * Z) @ M.T).astype(np.float64)
            sq = R + R.T
        return sq - 2.0 * (Zw @ Z.T).astype(np.float64)
    if metric == "nominal":
        same = np.zeros((n, n))
        for c in cats:
            I = ((P == c) & obs).astype(dt)
            same += ((I * wv[None, :]) @ I.T).astype(np.float64)
        return _common(obs, w, full) - same
    raise InputError(f"unknown metric {metric!r}; use one of {', '.join(_METRICS)}",
                     field="metric")


def _taub_matrix(P: np.ndarray, obs: np.ndarray) -> np.ndarray:
    n, K = P.shape
    iu = np.triu_indices(K, 1)
    Z = np.where(obs, P, 0.0)
    S = np.sign(Z[:, iu[0]] - Z[:, iu[1]])          # (n, K(K-1)/2)
    Mp = (obs[:, iu[0]] & obs[:, iu[1]]).astype(np.float64)
    S = S * Mp
    num = S @ S.T
    A = np.abs(S) @ Mp.T                            # A[i,j]: pairs untied in i, both seen by j
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / np.sqrt(A * A.T)
    out[~(A * A.T > 0)] = np.nan
    return out


# --------------------------------------------------------------------------- portfolios
_ATOP_COLS = ("ccode1", "ccode2", "year", "atop_defense", "atop_offense", "atop_neutral",
              "atop_nonagg", "atop_consul")


def alliance_values(atop: pd.DataFrame) -> pd.DataFrame:
    """Valued, non-directed alliance ties per dyad-year from an ATOP dyad-year frame.

    Value 3 = defense and/or offense, 2 = neutrality and/or consultation, 1 = non-aggression
    only, 0 = none (Chiba, Johnson & Leeds 2015 coding, as in Miller's fpsim scripts); the
    dyad takes the maximum over both directions (obligations can be asymmetric).

    Parameters
    ----------
    atop : DataFrame
        Columns ``ccode1, ccode2, year, atop_defense, atop_offense, atop_neutral,
        atop_nonagg, atop_consul`` (0/1), as in peacesciencer's ``atop_alliance``.

    Returns
    -------
    DataFrame with columns ``a, b, year, value`` (a < b, value in 1..3; absent rows are 0).
    """
    missing = [c for c in _ATOP_COLS if c not in atop.columns]
    if missing:
        raise InputError(f"ATOP frame lacks column(s) {missing}", field=missing[0])
    f = atop.loc[:, list(_ATOP_COLS)]
    val = concepts.atop_level_frame(f).astype(int)
    c1 = f["ccode1"].astype(int).to_numpy()
    c2 = f["ccode2"].astype(int).to_numpy()
    out = pd.DataFrame({"a": np.minimum(c1, c2), "b": np.maximum(c1, c2),
                        "year": f["year"].astype(int).to_numpy(), "value": val})
    out = out[(out["value"] > 0) & (out["a"] != out["b"])]
    return out.groupby(["a", "b", "year"], as_index=False)["value"].max()


def alliance_portfolios(atop: pd.DataFrame, year: int, states: Iterable[int]) -> pd.DataFrame:
    """Valued alliance portfolios of the system members in one year.

    Parameters
    ----------
    atop : DataFrame
        ATOP dyad-year obligations (see :func:`alliance_values`), or the already valued
        frame it returns (columns ``a, b, year, value``).
    year : int
    states : iterable of int
        COW codes of the members of the system that year: the rows and the K items.

    Returns
    -------
    DataFrame, shape (n, n)
        Index and columns = ``states`` (sorted, unique); entry (i, k) = value of i's tie to
        k (3/2/1/0), 3 on the diagonal (each state is allied with itself).
    """
    states = sorted(set(int(s) for s in states))
    if "value" not in atop.columns:
        atop = alliance_values(atop)
    pos = {s: i for i, s in enumerate(states)}
    M = np.zeros((len(states), len(states)))
    yr = atop[atop["year"] == year]
    ia = yr["a"].map(pos)
    ib = yr["b"].map(pos)
    ok = ia.notna() & ib.notna()
    ia = ia[ok].astype(int).to_numpy()
    ib = ib[ok].astype(int).to_numpy()
    v = yr["value"][ok].to_numpy(dtype=float)
    M[ia, ib] = np.maximum(M[ia, ib], v)
    M[ib, ia] = np.maximum(M[ib, ia], v)
    np.fill_diagonal(M, 3.0)
    return pd.DataFrame(M, index=states, columns=states)


def _year_slices(vals: pd.DataFrame) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """{year: (a, b, value)} arrays of a valued alliance frame, for fast per-year portfolios."""
    v = vals.sort_values("year", kind="stable")
    y = v["year"].to_numpy(np.int64)
    a = v["a"].to_numpy(np.int64)
    b = v["b"].to_numpy(np.int64)
    val = v["value"].to_numpy(np.float64)
    out = {}
    if len(y):
        cuts = np.flatnonzero(np.diff(y)) + 1
        for s0, e0 in zip(np.r_[0, cuts], np.r_[cuts, len(y)]):
            out[int(y[s0])] = (a[s0:e0], b[s0:e0], val[s0:e0])
    return out


def _portfolio_arrays(sl, states: np.ndarray) -> np.ndarray:
    """Portfolio matrix over sorted unique ``states`` from one year's (a, b, value) arrays."""
    n = len(states)
    M = np.zeros((n, n))
    if sl is not None and len(sl[0]):
        a, b, v = sl
        ia = np.searchsorted(states, a)
        ib = np.searchsorted(states, b)
        ia_c, ib_c = np.minimum(ia, n - 1), np.minimum(ib, n - 1)
        ok = (states[ia_c] == a) & (states[ib_c] == b)
        ia, ib, v = ia_c[ok], ib_c[ok], v[ok]
        np.maximum.at(M, (ia, ib), v)
        np.maximum.at(M, (ib, ia), v)
    np.fill_diagonal(M, 3.0)
    return M


_VOTE_WORDS = {"yes": 1.0, "abstain": 2.0, "no": 3.0, "y": 1.0, "a": 2.0, "n": 3.0}


def vote_portfolios(votes: pd.DataFrame, year: int | None = None, *, state_col: str = "ccode",
                    item_col: str = "rcid", vote_col: str = "vote") -> pd.DataFrame:
    """UN General Assembly vote portfolios: one row per state, one column per roll call.

    Codes: 1 yes, 2 abstain, 3 no. Absent (8), not a member (9) and anything else are
    missing (NaN), never disagreement; pairs are then compared over their common votes.
    Vote words ("yes"/"abstain"/"no", as in the ``unvotes`` package) are accepted too.

    Parameters
    ----------
    votes : DataFrame
        Columns ``state_col`` (default ``ccode``), ``item_col`` (``rcid``), ``vote_col``
        (``vote``) and, when ``year`` is given, ``year``.
    year : int, optional
        Keep that year's roll calls only.

    Returns
    -------
    DataFrame indexed by state, columns = roll-call ids (sorted), values in {1, 2, 3, NaN}.
    """
    need = [state_col, item_col, vote_col] + (["year"] if year is not None else [])
    missing = [c for c in need if c not in votes.columns]
    if missing:
        raise InputError(f"vote frame lacks column(s) {missing}", field=missing[0])
    f = votes if year is None else votes[votes["year"] == year]
    v = f[vote_col]
    if not pd.api.types.is_numeric_dtype(v):
        code = v.astype(str).str.strip().str.lower().map(_VOTE_WORDS)
        num = pd.to_numeric(v, errors="coerce")
        code = code.fillna(num)
    else:
        code = v.astype(float)
    code = code.where(code.isin([1.0, 2.0, 3.0]))
    g = pd.DataFrame({"s": f[state_col].to_numpy(), "k": f[item_col].to_numpy(),
                      "v": code.to_numpy(dtype=float)})
    g = g.dropna(subset=["s"])
    wide = g.pivot_table(index="s", columns="k", values="v", aggfunc="first", dropna=False)
    wide = wide.sort_index().reindex(sorted(wide.columns), axis=1)
    wide.index.name = state_col
    wide.columns.name = item_col
    return wide.astype(float)


# --------------------------------------------------------------------------- all dyad-years
_DEFAULT_METRIC = {"s_abs": None, "s_sq": None, "kappa": "absolute", "pi": "absolute",
                   "taub": None}


def _dmax_for(on: str, measure: str) -> float | None:
    if measure == "s_abs":
        return DMAX[on]["abs"]
    if measure == "s_sq":
        return DMAX[on]["sq"]
    return None


def portfolio_year(on: str, data: pd.DataFrame, year: int,
                   members: Iterable[int] | None = None) -> pd.DataFrame:
    """The portfolio matrix of one year: alliances over ``members``, or that year's votes.

    For ``on="votes"`` rows are the states that voted (restricted to ``members`` if given)
    and the items the year's roll calls.
    """
    if on == "alliances":
        if members is None:
            raise InputError("alliance portfolios need the system members of the year",
                             field="members")
        return alliance_portfolios(data, year, members)
    if on == "votes":
        P = vote_portfolios(data, year)
        if members is not None:
            P = P.loc[P.index.isin(set(int(m) for m in members))]
        return P
    raise InputError(f"unknown portfolio kind {on!r}; use 'alliances' or 'votes'", field="on")


def similarity_by_year(on: str, data: pd.DataFrame, members_by_year: dict[int, Iterable[int]]
                       | None, years: Iterable[int], measures: Sequence[str] = ("s_abs", "kappa"),
                       weights_by_year: dict[int, pd.Series] | None = None,
                       progress=None) -> pd.DataFrame:
    """Similarity of every non-directed dyad in every year (vectorized per year).

    Parameters
    ----------
    on : {"alliances", "votes"}
    data : DataFrame
        ATOP dyad-year obligations (or :func:`alliance_values` output) for alliances; the
        vote frame (``rcid, ccode, vote, year``) for votes.
    members_by_year : {year: COW codes}
        System members per year (required for alliances: the K items of the portfolio).
    years : iterable of int
    measures : names from :data:`MEASURES`; S uses d_max 3/9 (alliances) or 2/4 (votes),
        kappa and pi the absolute distance (Häge 2011).
    weights_by_year : {year: Series indexed by COW code}, optional
        Item weights (e.g. CINC) for S; items without a weight get 0.

    Returns
    -------
    DataFrame with ``ccode1 < ccode2, year`` and one float column per measure (NaN where
    undefined).
    """
    for m in measures:
        if m not in MEASURES:
            raise InputError(f"unknown measure {m!r}; use one of {', '.join(MEASURES)}",
                             field="measures")
    if on == "alliances" and "value" not in data.columns:
        data = alliance_values(data)
    if on == "votes" and "year" not in data.columns:
        raise InputError("vote frame lacks column 'year'", field="year")
    cats = [0.0, 1.0, 2.0, 3.0] if on == "alliances" else [1.0, 2.0, 3.0]
    if on == "votes":
        by_year = {int(y): g for y, g in data.groupby("year", sort=True)}
    else:
        slices = _year_slices(data)
    frames = []
    for y in years:
        y = int(y)
        members = None if members_by_year is None else members_by_year.get(y)
        if on == "alliances":
            if not members:
                continue
            states = np.unique(np.asarray(list(members), dtype=np.int64))
            P = pd.DataFrame(_portfolio_arrays(slices.get(y), states), index=states,
                             columns=states)
        else:
            g = by_year.get(y)
            if g is None or g.empty:
                continue
            P = vote_portfolios(g)
            if members is not None:
                P = P.loc[P.index.isin(set(int(m) for m in members))]
        n = len(P)
        if n < 2:
            continue
        iu = np.triu_indices(n, 1)
        codes = np.asarray(P.index, dtype=np.int64)
        out = {"ccode1": codes[iu[0]], "ccode2": codes[iu[1]],
               "year": np.full(iu[0].size, y, dtype=np.int64)}
        w = None
        if weights_by_year is not None and y in weights_by_year:
            w = pd.Series(weights_by_year[y]).reindex(P.columns).fillna(0.0).to_numpy(float)
        mats = similarity_matrices(P.to_numpy(dtype=float), measures,
                                   dmax_abs=_dmax_for(on, "s_abs"), dmax_sq=_dmax_for(on, "s_sq"),
                                   weights=w, categories=cats, check=(on == "votes"))
        for m in measures:
            out[m] = mats[m][iu]
        frames.append(out)
        if progress is not None:
            progress(y)
    if not frames:
        cols = {"ccode1": pd.Series(dtype="int64"), "ccode2": pd.Series(dtype="int64"),
                "year": pd.Series(dtype="int64")}
        cols.update({m: pd.Series(dtype="float64") for m in measures})
        return pd.DataFrame(cols)
    return pd.DataFrame({c: np.concatenate([f[c] for f in frames]) for c in frames[0]})


def pair_similarity(on: str, data: pd.DataFrame, rows: Iterable[tuple[int, int, int]],
                    measure: str = "s_abs", members_by_year: dict[int, Iterable[int]] | None = None,
                    weights_by_year: dict[int, pd.Series] | None = None) -> pd.DataFrame:
    """Similarity of one pair over years, each year with its own COW codes (lineage).

    ``rows`` are ``(year, ccode_a, ccode_b)``. Returns ``year, ccode_a, ccode_b, value,
    n_items`` (the number of items both portfolios have). A year whose portfolio lacks one of
    the two states (not a member, no votes) gets NaN.
    """
    if measure not in MEASURES:
        raise InputError(f"unknown measure {measure!r}; use one of {', '.join(MEASURES)}",
                         field="measure")
    if on == "alliances" and "value" not in data.columns:
        data = alliance_values(data)
    cats = [0.0, 1.0, 2.0, 3.0] if on == "alliances" else [1.0, 2.0, 3.0]
    if on == "votes":
        by_year = {int(y): g for y, g in data.groupby("year", sort=True)}
    else:
        slices = _year_slices(data)
    out = []
    for y, ca, cb in rows:
        y, ca, cb = int(y), int(ca), int(cb)
        val, k = float("nan"), 0
        P = None
        if on == "alliances":
            mem = set(members_by_year.get(y, ())) if members_by_year else set()
            if ca in mem and cb in mem:
                states = np.unique(np.fromiter(mem, dtype=np.int64))
                P = pd.DataFrame(_portfolio_arrays(slices.get(y), states), index=states,
                                 columns=states)
        else:
            g = by_year.get(y)
            P = None if g is None else vote_portfolios(g[g["ccode"].isin([ca, cb])])
        if P is not None and ca in P.index and cb in P.index:
            x, z = P.loc[ca].to_numpy(float), P.loc[cb].to_numpy(float)
            k = int((~np.isnan(x) & ~np.isnan(z)).sum())
            w = None
            if weights_by_year is not None and y in weights_by_year:
                w = pd.Series(weights_by_year[y]).reindex(P.columns).fillna(0.0).to_numpy(float)
            M = similarity_matrix(np.vstack([x, z]), measure, dmax=_dmax_for(on, measure),
                                  weights=w, categories=cats, metric=_DEFAULT_METRIC[measure])
            val = float(M[0, 1])
        out.append({"year": y, "ccode_a": ca, "ccode_b": cb, "value": val, "n_items": k})
    return pd.DataFrame(out, columns=["year", "ccode_a", "ccode_b", "value", "n_items"])
