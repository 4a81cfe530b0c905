r"""Closeness v3: a dynamic latent-variable measurement model of how close two states are.

Model
-----
A relation has two dimensions, each a :class:`DynamicFactor`: **peace** (the hostility
items: MID hostility, fatal MIDs, war, UCDP interstate conflict, security sanctions; larger is
less hostile) and **alignment** (ATOP obligations by pact size, UN vote kappa, ideal-point
distance, IGO co-membership, the other sanctions, event tone). :class:`ClosenessModel`
fits both and combines them (see its docstring). Within a factor, each dyad :math:`d` has one
latent value :math:`x_{dt}` per year, an AR(1) process with stationary variance 1 (the scale
is fixed by the prior, not by a loading):

.. math::

    x_{d,1816} \sim N(0, 1), \qquad x_{dt} = \rho\, x_{d,t-1} + \sqrt{1-\rho^2}\,\eta_{dt},
    \quad \eta_{dt} \sim N(0, 1).

Every indicator :math:`k` observed in a dyad-year is a noisy function of :math:`x_{dt}`:

* ordinal and binary indicators follow an ordered probit,
  :math:`P(y \le c \mid x) = \Phi(\tau_{kc} - \beta_k' z_{dt} - \lambda_k x)`, with loading
  :math:`\lambda_k` (bounded, :math:`|\lambda_k| \le 3`), thresholds
  :math:`\tau_{k1} < \dots` and, for the hostility items, structural covariates
  :math:`z_{dt}` (land contiguity, contiguity by water, a major power in the dyad:
  :data:`STRUCTURE`) that shift the thresholds: the same hostility yields a dispute more
  often between neighbours and with a great power, so a dispute says less about the relation
  where the opportunity is large;
* continuous indicators, standardized within each year, are Gaussian,
  :math:`y = \alpha_{dk} + \lambda_k x + \varepsilon`, :math:`\varepsilon \sim N(0, \sigma_k^2/w)`,
  with a dyad intercept :math:`\alpha_{dk}` and weight :math:`w = \min(n, 10)` for events
  (n events; :data:`amity.concepts.EVENT_WEIGHT_CAP`) and 1 otherwise. In a year the event
  store covers only in part (coverage :math:`c < 1`), the store's events weigh
  :math:`\min(n, 10c)`: the share :math:`c` of what a full year at the same rate would weigh
  (the panel's ``events_n``, :mod:`amity.assembly.closeness_inputs`), and the year's
  ``indicators`` name ``events_goldstein~partial`` with the coverage.

A year without an indicator contributes nothing: the posterior there rests on the prior and
the neighbouring years, so its interval widens (it is never re-weighted). Indicators are
conditionally independent given the latent; dyads are independent given the parameters.

Fitting (``fit``) is a Laplace-approximate EM: each E-step linearizes every observation's
log-likelihood at the current posterior mode (a Gaussian pseudo-observation with the
likelihood's gradient and curvature), runs a vectorized Kalman filter and
Rauch–Tung–Striebel smoother over all dyads at once, and repeats; each M-step updates the
Gaussian items in closed form, the probit items by maximizing their marginal likelihood
under the Gaussian posterior (:math:`\Phi((\tau - \beta'z - \lambda m)/\sqrt{1 + \lambda^2 v})`,
exact for a probit), and :math:`\rho` by maximizing the expected complete-data
log-likelihood of the AR(1) prior. Each factor's sign is fixed by its anchor item (bilateral
alliances load positively on alignment, MID hostility negatively on peace). The *filtered*
posterior (``closeness_filtered``) is a causal pass: each year is linearized at its own
filtered mode, so nothing after year t enters it.

Output: ``closeness = 2\Phi(m) - 1`` for the posterior mean :math:`m` of the combined
latent: its place in the stationary distribution of relations (0 is the prior median, ±1
the extremes), and the 90% interval ``2\Phi(m \mp 1.645\sqrt v) - 1``.

References: Schnakenberg & Fariss (2014), Dynamic patterns of human rights practices, PSRM
2(1); Terechshenko (2020), Hot under the collar: a latent measure of interstate hostility,
JPR 57(6); Bailey, Strezhnev & Voeten (2017), Estimating dynamic state preferences from UN
voting data, JCR 61(2); Durbin & Koopman (2012), Time Series Analysis by State Space
Methods, ch. 4 and 10.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd
from scipy import optimize, special

from amity import concepts

#: model version written next to every table and parameter set it produces
MODEL_VERSION = "closeness-v3.6"
FIRST_YEAR = concepts.FIRST_YEAR      # the grid's first year (one definition: amity.concepts)
Z90 = 1.6448536269514722


@dataclass(frozen=True)
class Item:
    """One indicator of the model: panel column, kind, and (ordinal) recoding of its values
    into categories 0..C."""
    column: str
    kind: str                       # "ordinal" or "gaussian"
    cuts: tuple[float, ...] = ()    # ordinal: value >= cuts[i] -> category i + 1
    transform: str = "z"            # gaussian: "z" (within-year z-score) or "log1p_z"
    weight_by: str | None = None    # gaussian: column giving evidence counts


#: the indicators (docs/MEASURES.md lists their meaning and sources)
ITEMS: tuple[Item, ...] = (
    Item("atop_bilateral", "ordinal", (1, 2, 3)),
    Item("mid_hostlev", "ordinal", (1, 4, 5)),       # none / threat-display / force / war
    Item("mid_fatal", "ordinal", (1,)),
    Item("war", "ordinal", (1,)),
    Item("ucdp_conflict", "ordinal", (1, 2)),
    Item("sanction_security", "ordinal", (1,)),
    Item("sanction_normative", "ordinal", (1,)),
    Item("sanction_policy", "ordinal", (1,)),
    Item("un_kappa", "gaussian"),
    Item("ideal_distance", "gaussian"),
    Item("events_goldstein", "gaussian", weight_by="events_n"),
)
#: indicators whose information is carried past their source's last year (the prior's
#: memory does the carrying; the table flags those years)
STICKY = {"atop_bilateral": 2018, "mid_hostlev": 2014}
#: starting loadings (their signs orient the latent: positive = close)
_START = {"atop_bilateral": 1.0, "atop_multilateral": 0.5, "mid_hostlev": -1.0,
          "mid_fatal": -1.0, "war": -1.5, "ucdp_conflict": -1.0, "sanction_security": -0.7,
          "sanction_normative": -0.5, "sanction_policy": -0.3, "un_kappa": 0.5,
          "ideal_distance": -0.5, "igos": 0.3, "events_goldstein": 0.5}
#: the two dimensions of a relation (docs/MEASURES.md): the items of each factor
HOSTILITY_ITEMS: tuple[Item, ...] = tuple(i for i in ITEMS if i.column in (
    "mid_hostlev", "mid_fatal", "war", "ucdp_conflict"))
ALIGNMENT_ITEMS: tuple[Item, ...] = tuple(i for i in ITEMS if i not in HOSTILITY_ITEMS)
_MSTEP_CAP = 40000     # per category, cells used by a probit M-step (weighted subsample)


# --------------------------------------------------------------------------- data layout
@dataclass
class Grid:
    """Dyads x years arrays of a panel: ``Y[k]`` (float, NaN = missing), ``W[k]`` weights."""
    dyads: pd.DataFrame            # ccode_a, ccode_b per row
    years: np.ndarray              # the grid's years (consecutive)
    Y: dict[str, np.ndarray]
    W: dict[str, np.ndarray]
    rows: np.ndarray               # panel row -> (dyad index, year index)
    cols: np.ndarray
    Z: np.ndarray | None = None    # D x T x K structural covariates (STRUCTURE), or None
    cut: np.ndarray | None = None  # D x T: True where the link from year t to t+1 is cut


#: the panel column marking a new state under either code (``polity_break``): the latent's
#: AR(1) link from that year to the next is cut, as the dispute hazard's kernel is
CUT_COLUMN = "polity_break"
#: structural covariates that shift the thresholds of the hostility items (opportunity, not
#: relation: neighbours and major powers fight more for the same hostility)
STRUCTURE = ("contig_land", "contig_sea", "major_power")


def structure_covariates(panel: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns of :data:`STRUCTURE` from the panel's ``contiguity`` (COW type 1 = land,
    2-5 = by water up to 400 miles, 6 or missing = none) and ``major_a/major_b``."""
    n = len(panel)
    c = panel["contiguity"].to_numpy(float) if "contiguity" in panel else np.full(n, np.nan)
    ma = panel["major_a"].to_numpy(float) if "major_a" in panel else np.zeros(n)
    mb = panel["major_b"].to_numpy(float) if "major_b" in panel else np.zeros(n)
    return pd.DataFrame({"contig_land": (c == 1).astype(float),
                         "contig_sea": ((c >= 2) & (c <= 5)).astype(float),
                         "major_power": ((np.nan_to_num(ma) > 0) | (np.nan_to_num(mb) > 0))
                         .astype(float)})


def _recode(x: np.ndarray, cuts: tuple[float, ...]) -> np.ndarray:
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    out[ok] = np.searchsorted(np.asarray(cuts, float), x[ok], side="right")
    return out


def _by_year_z(x: np.ndarray, years: np.ndarray) -> np.ndarray:
    out = np.full(x.shape, np.nan)
    s = pd.Series(x)
    g = s.groupby(years)
    mu = g.transform("mean").to_numpy()
    sd = g.transform("std").to_numpy()
    ok = ~np.isnan(x) & (sd > 0)
    out[ok] = (x[ok] - mu[ok]) / sd[ok]
    return out


def double_centered(x: np.ndarray, a: np.ndarray, b: np.ndarray, years: np.ndarray) -> np.ndarray:
    r"""A dyadic value net of each state's position in its year: the two-way centering
    :math:`x_{ab,t} - \bar x_{a\cdot,t} - \bar x_{b\cdot,t} + \bar x_{\cdot\cdot,t}`, with
    :math:`\bar x_{a\cdot,t}` the mean of state a's values with all its partners that year and
    :math:`\bar x_{\cdot\cdot,t}` the year's mean (the double centering of classical
    multidimensional scaling, Torgerson 1952; the additive row and column effects of dyadic
    data, Warner, Kenny & Stoto 1979). It removes what belongs to one state alone: the
    United States' distance from the General Assembly's majority, which is the same for
    Japan and for Cuba, so what is left ranks a dyad against what its two members' positions
    predict. NaN stays NaN; pure.

    >>> d = np.array([1.0, 2.0, 3.0]); a = np.array([1, 1, 2]); b = np.array([2, 3, 3])
    >>> double_centered(d, a, b, np.zeros(3, int)).round(3).tolist()
    [-0.5, 0.0, 0.5]

    (Each state's mean leaves out the state itself, so an additive pattern is removed up to a
    term of order 1/n: visible with three states, negligible with a year's 50 to 190.)
    """
    x = np.asarray(x, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    if not ok.any():
        return out
    xo, ao, bo, yo = x[ok], np.asarray(a)[ok], np.asarray(b)[ok], np.asarray(years)[ok]
    key_a = yo.astype(np.int64) * 100000 + ao
    key_b = yo.astype(np.int64) * 100000 + bo
    keys, inv = np.unique(np.concatenate([key_a, key_b]), return_inverse=True)
    n = len(xo)
    tot = np.bincount(inv, np.concatenate([xo, xo]), len(keys))
    cnt = np.bincount(inv, None, len(keys))
    mean = tot / cnt
    uy, iy = np.unique(yo, return_inverse=True)
    gm = np.bincount(iy, xo) / np.bincount(iy)
    out[ok] = xo - mean[inv[:n]] - mean[inv[n:]] + gm[iy]
    return out


def make_grid(panel: pd.DataFrame, items: Iterable[Item] = ITEMS,
              structure: Iterable[str] = ()) -> Grid:
    """Arrange a panel (one row per dyad-year) on a dyads x years grid (pure)."""
    a = panel["ccode_a"].to_numpy(np.int64)
    b = panel["ccode_b"].to_numpy(np.int64)
    yr = panel["year"].to_numpy(np.int64)
    key = a * 10000 + b
    uk, inv = np.unique(key, return_inverse=True)
    y0, y1 = int(min(FIRST_YEAR, yr.min())), int(yr.max())
    years = np.arange(y0, y1 + 1)
    D, T = len(uk), len(years)
    cols = (yr - y0).astype(np.int64)
    Y, W = {}, {}
    for it in items:
        x = panel[it.column].to_numpy(dtype=float) if it.column in panel else np.full(len(panel), np.nan)
        if it.kind == "ordinal":
            v = _recode(x, it.cuts)
        elif it.transform == "log1p_z":
            v = _by_year_z(np.log1p(x), yr)
        elif it.transform == "centered_z":
            v = _by_year_z(double_centered(x, a, b, yr), yr)
        else:
            v = _by_year_z(x, yr)
        M = np.full((D, T), np.nan, dtype=np.float32)
        M[inv, cols] = v
        Y[it.column] = M
        w = np.ones(len(panel), dtype=np.float32)
        if it.weight_by is not None and it.weight_by in panel:
            n = panel[it.weight_by].to_numpy(dtype=float)
            w = np.clip(np.nan_to_num(n, nan=0.0), 0, concepts.EVENT_WEIGHT_CAP).astype(np.float32)
        Wm = np.zeros((D, T), dtype=np.float32)
        Wm[inv, cols] = w
        W[it.column] = Wm
    dy = pd.DataFrame({"ccode_a": (uk // 10000).astype(np.int32),
                       "ccode_b": (uk % 10000).astype(np.int32)})
    Z = None
    structure = tuple(structure)
    if structure:
        sc = structure_covariates(panel)
        Z = np.zeros((D, T, len(structure)), dtype=np.float32)
        for j, name in enumerate(structure):
            Z[inv, cols, j] = sc[name].to_numpy(np.float32)
    cut = None
    if CUT_COLUMN in panel:
        hit = panel[CUT_COLUMN].to_numpy(dtype=float) >= 1
        if hit.any():
            cut = np.zeros((D, T), dtype=bool)
            cut[inv[hit], cols[hit]] = True
    return Grid(dy, years, Y, W, inv, cols, Z, cut)


def indicator_names(names: list[str], obs: np.ndarray, panel: pd.DataFrame,
                    items: Iterable[Item]) -> list[str]:
    """The ``indicators`` of each row: the items observed, comma-separated. An item weighed
    by the event count (``weight_by="events_n"``) in a year the event store covers only in
    part (the panel's ``events_partial``) is named ``<item>~partial(<coverage>%)``, e.g.
    ``events_goldstein~partial(0.55%)`` for two days of a year: the year's events are a
    sample of that part, weighed by it (issue 17)."""
    ev = {it.column for it in items if it.weight_by == "events_n"}
    part = (panel["events_partial"].to_numpy(bool) if "events_partial" in panel
            else np.zeros(len(panel), bool))
    cov = (panel["events_coverage"].to_numpy(float) if "events_coverage" in panel
           else np.full(len(panel), np.nan))
    out = []
    for i, row in enumerate(obs):
        toks = []
        for n, o in zip(names, row):
            if not o:
                continue
            if n in ev and part[i]:
                c = 0.0 if np.isnan(cov[i]) else 100.0 * cov[i]
                n = f"{n}~partial({c:.2g}%)"
            toks.append(n)
        out.append(",".join(toks))
    return out


# --------------------------------------------------------------------------- likelihoods
def _probit_terms(y: np.ndarray, x: np.ndarray, lam: float, tau: np.ndarray,
                  shift: np.ndarray | float = 0.0):
    """Gradient and curvature (negative second derivative) in x of log P(y | x) for an
    ordered probit :math:`P(y \\le c) = \\Phi(\\tau_c - s - \\lambda x)`, elementwise; y holds
    categories 0..C (no NaN); ``s`` is the structural shift of the cell (0 without one)."""
    t = np.concatenate([[-np.inf], tau, [np.inf]])
    yi = y.astype(np.int64)
    u = t[yi + 1] - shift - lam * x
    lo = t[yi] - shift - lam * x
    # P = Phi(u) - Phi(lo), computed on the tail that keeps precision
    logp = _log_diff_ndtr(u, lo)
    p = np.exp(logp)
    pu = np.where(np.isfinite(u), np.exp(-0.5 * u * u) / np.sqrt(2 * np.pi), 0.0)
    pl = np.where(np.isfinite(lo), np.exp(-0.5 * lo * lo) / np.sqrt(2 * np.pi), 0.0)
    with np.errstate(invalid="ignore"):
        uu = np.where(np.isfinite(u), u * pu, 0.0)
        ll = np.where(np.isfinite(lo), lo * pl, 0.0)
    p = np.maximum(p, 1e-300)
    A = (pl - pu) / p
    g = lam * A
    h = lam * lam * (A * A - (ll - uu) / p)
    return g, np.maximum(h, 1e-8)


def _log_diff_ndtr(u: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """log(Phi(u) - Phi(lo)) for u > lo, stable in both tails."""
    # for the upper tail use Phi(-lo) - Phi(-u)
    flip = lo > 0
    a = np.where(flip, -lo, u)
    b = np.where(flip, -u, lo)
    la = special.log_ndtr(a)
    lb = special.log_ndtr(b)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = la + np.log1p(-np.exp(np.minimum(lb - la, -1e-16)))
    return np.where(np.isfinite(d), d, -700.0)


def _probit_nll(params: np.ndarray, y: np.ndarray, m: np.ndarray, v: np.ndarray,
                w: np.ndarray, ncat: int, Z: np.ndarray | None = None) -> float:
    """Marginal negative log-likelihood (per weighted observation) of an ordered probit
    under a Gaussian posterior N(m, v) of the latent; params = (loading, first threshold,
    log gaps of the others, structural coefficients for the columns of ``Z``)."""
    k = 0 if Z is None else Z.shape[1]
    lam = params[0]
    tau = np.cumsum(np.concatenate([[params[1]], np.exp(params[2:len(params) - k])]))
    shift = 0.0 if not k else Z @ params[len(params) - k:]
    s = np.sqrt(1.0 + lam * lam * v)
    t = np.concatenate([[-np.inf], tau, [np.inf]])
    yi = y.astype(np.int64)
    u = (t[yi + 1] - shift - lam * m) / s
    lo = (t[yi] - shift - lam * m) / s
    return -float(np.sum(w * _log_diff_ndtr(u, lo))) / max(float(w.sum()), 1.0)


# --------------------------------------------------------------------------- smoother
def _rho_at(rho: float, cut: np.ndarray | None, t: int):
    """The AR(1) coefficient from year t-1 to t of each series: 0 where that link is cut."""
    if cut is None:
        return rho
    return np.where(cut[:, t - 1], 0.0, rho)


def kalman_smooth(G: np.ndarray, H: np.ndarray, xhat: np.ndarray, rho: float,
                  cut: np.ndarray | None = None):
    """Filter and smoother of the AR(1) latent for many series at once.

    Pseudo-observations enter through the log-likelihood's gradient ``G`` and curvature
    ``H`` at the linearization point ``xhat`` (each D x T; H = 0 where nothing is observed).
    ``cut`` (D x T, optional) marks the years whose link to the next is cut: the next year
    starts afresh from the stationary prior N(0, 1).
    Returns filtered mean and variance, smoothed mean and variance, and the smoothed lag-one
    covariances ``C[:, t] = Cov(x_t, x_{t-1})``.
    """
    D, T = G.shape
    mf = np.empty((D, T))
    Pf = np.empty((D, T))
    ap = np.empty((D, T))
    pp = np.empty((D, T))
    a, p = np.zeros(D), np.ones(D)
    for t in range(T):
        if t:
            r = _rho_at(rho, cut, t)
            a = r * mf[:, t - 1]
            p = r * r * Pf[:, t - 1] + (1.0 - r * r)
        ap[:, t], pp[:, t] = a, p
        h = H[:, t]
        P = 1.0 / (1.0 / p + h)
        mf[:, t] = P * (a / p + G[:, t] + h * xhat[:, t])
        Pf[:, t] = P
    ms = np.empty((D, T))
    Ps = np.empty((D, T))
    C = np.zeros((D, T))
    ms[:, -1], Ps[:, -1] = mf[:, -1], Pf[:, -1]
    for t in range(T - 2, -1, -1):
        J = Pf[:, t] * _rho_at(rho, cut, t + 1) / pp[:, t + 1]
        ms[:, t] = mf[:, t] + J * (ms[:, t + 1] - ap[:, t + 1])
        Ps[:, t] = Pf[:, t] + J * J * (Ps[:, t + 1] - pp[:, t + 1])
        C[:, t + 1] = J * Ps[:, t + 1]
    return mf, Pf, ms, Ps, C


# --------------------------------------------------------------------------- estimator
class DynamicFactor:
    """One dynamic ordinal/Gaussian factor over a set of items (scikit-learn style).

    Parameters
    ----------
    items : the indicators (default :data:`ITEMS`).
    anchor : the item whose loading keeps its starting sign (:data:`_START`), which orients
        the latent; ``max_loading`` bounds every ordinal loading (see the module docstring).
    max_iter : EM iterations at most; ``tol``: stop when no parameter moves more than this.
    laplace_steps : re-linearizations of the likelihood per E-step.

    Attributes (after ``fit``)
    --------------------------
    loadings_, thresholds_, intercepts_, noise_ : per item (thresholds for ordinal items,
    intercept and noise variance for Gaussian ones); rho_ : AR(1) coefficient;
    n_obs_ : observed cells per item; n_iter_ : EM iterations run; loglik_trace_ : the
    approximate marginal log-likelihood per observation after each iteration.
    """

    def __init__(self, items: Iterable[Item] = ITEMS, max_iter: int = 40, tol: float = 2e-3,
                 laplace_steps: int = 2, seed: int = 0, max_loading: float | None = 3.0,
                 anchor: str | None = "atop_bilateral", structure: Iterable[str] = (),
                 intercepts: str = "dyad"):
        self.items = items
        self.intercepts = intercepts
        self.structure = tuple(structure)
        self.max_loading = max_loading
        self.anchor = anchor
        self.max_iter = max_iter
        self.tol = tol
        self.laplace_steps = laplace_steps
        self.seed = seed

    # ---------------------------------------------------------------- E-step pieces
    def _terms(self, grid: Grid, xhat: np.ndarray, params: dict, t: int | None = None):
        """Gradient and curvature of every item's log-likelihood at ``xhat`` (D x T, or the
        column of year index ``t`` only when ``t`` is given: xhat is then D x 1)."""
        G = np.zeros(xhat.shape)
        H = np.zeros(xhat.shape)
        for it in self.items:
            Y = grid.Y[it.column] if t is None else grid.Y[it.column][:, t:t + 1]
            ok = ~np.isnan(Y)
            if not ok.any():
                continue
            lam = params["loadings"][it.column]
            x = xhat[ok]
            if it.kind == "ordinal":
                beta = params.get("structure", {}).get(it.column)
                shift = 0.0
                if beta is not None and grid.Z is not None and len(beta):
                    Zk = grid.Z if t is None else grid.Z[:, t:t + 1]
                    shift = Zk[ok] @ np.asarray(beta, float)
                g, h = _probit_terms(Y[ok], x, lam, np.asarray(params["thresholds"][it.column]),
                                     shift)
            else:
                Wk = grid.W[it.column] if t is None else grid.W[it.column][:, t:t + 1]
                w = Wk[ok]
                s2 = params["noise"][it.column]
                al = np.broadcast_to(np.asarray(params["intercepts"][it.column], float)
                                     .reshape(-1, 1), Y.shape)[ok]
                r = Y[ok] - al - lam * x
                g = w * lam * r / s2
                h = w * lam * lam / s2 + 0.0 * r
            G[ok] += g
            H[ok] += h
        return G, H

    def _estep(self, grid: Grid, params: dict, xhat: np.ndarray, steps: int):
        for _ in range(steps):
            G, H = self._terms(grid, xhat, params)
            mf, Pf, ms, Ps, C = kalman_smooth(G, H, xhat, params["rho"], grid.cut)
            xhat = ms
        return mf, Pf, ms, Ps, C

    def _filter(self, grid: Grid, params: dict, newton: int = 4):
        """The causal filter: the posterior of year t from the years up to t only, each
        year's likelihood linearized at that year's own filtered mode (iterated Laplace), so
        no later year enters through the linearization point."""
        D, T = len(grid.dyads), len(grid.years)
        rho = params["rho"]
        mf, Pf = np.empty((D, T)), np.empty((D, T))
        a, p = np.zeros(D), np.ones(D)
        for t in range(T):
            if t:
                r = _rho_at(rho, grid.cut, t)
                a = r * mf[:, t - 1]
                p = r * r * Pf[:, t - 1] + (1.0 - r * r)
            x = a.copy()
            for _ in range(newton):
                g, h = self._terms(grid, x[:, None], params, t)
                g, h = g[:, 0], h[:, 0]
                P = 1.0 / (1.0 / p + h)
                x = P * (a / p + g + h * x)
            mf[:, t], Pf[:, t] = x, P
        return mf, Pf

    # ---------------------------------------------------------------- M-step
    def _mstep(self, grid: Grid, params: dict, m, v, C, rng) -> dict:
        new = {"loadings": {}, "thresholds": {}, "intercepts": {}, "noise": {}, "structure": {}}
        for it in self.items:
            Y = grid.Y[it.column]
            ok = ~np.isnan(Y)
            if not ok.any():
                continue
            y, mm, vv = Y[ok].astype(float), m[ok], v[ok]
            if it.kind == "gaussian":
                w = grid.W[it.column][ok].astype(float)
                W = np.where(ok, grid.W[it.column], 0.0)
                Yz = np.where(ok, Y, 0.0)
                lam = float(params["loadings"][it.column])
                sw = W.sum(axis=1)
                for _ in range(3):   # intercepts and the loading, by coordinate ascent
                    sr = (W * (Yz - lam * m)).sum(axis=1)
                    if self.intercepts == "state":
                        alpha = _state_intercepts(sr, sw, grid.dyads)
                    elif self.intercepts == "none":
                        alpha = np.zeros(len(sw))
                    else:
                        alpha = np.where(sw > 0, sr / np.maximum(sw, 1e-12), 0.0)
                    R = Yz - alpha[:, None]
                    lam = float((W * R * m).sum() / (W * (m * m + v)).sum())
                al = alpha[:, None] * np.ones_like(m)
                al = al[ok]
                s2 = float((w * ((y - al - lam * mm) ** 2 + lam * lam * vv)).sum() / ok.sum())
                new["intercepts"][it.column] = alpha
                new["loadings"][it.column] = lam
                new["noise"][it.column] = max(s2, 1e-3)
                continue
            ncat = len(it.cuts) + 1
            idx, wts = [], []
            for c in range(ncat):
                ic = np.flatnonzero(y == c)
                if len(ic) > _MSTEP_CAP:
                    pick = rng.choice(ic, _MSTEP_CAP, replace=False)
                    idx.append(pick)
                    wts.append(np.full(len(pick), len(ic) / _MSTEP_CAP))
                elif len(ic):
                    idx.append(ic)
                    wts.append(np.ones(len(ic)))
            ii = np.concatenate(idx)
            ww = np.concatenate(wts)
            tau0 = np.asarray(params["thresholds"][it.column], float)
            beta0 = np.asarray(params.get("structure", {}).get(it.column, []), float)
            Zs = grid.Z[ok][ii].astype(float) if (grid.Z is not None and len(beta0)) else None
            x0 = np.concatenate([[params["loadings"][it.column], tau0[0]],
                                 np.log(np.maximum(np.diff(tau0), 1e-3)), beta0])
            bounds = None
            if self.max_loading is not None:
                b = float(self.max_loading)
                x0[0] = float(np.clip(x0[0], -b, b))
                bounds = [(-b, b)] + [(None, None)] * (len(x0) - 1)
            res = optimize.minimize(_probit_nll, x0, args=(y[ii], mm[ii], vv[ii], ww, ncat, Zs),
                                    method="L-BFGS-B", bounds=bounds, options={"maxiter": 30})
            p = res.x
            nb = len(beta0)
            if nb:
                new["structure"][it.column] = [float(b) for b in p[len(p) - nb:]]
                p = p[:len(p) - nb]
            new["loadings"][it.column] = float(p[0])
            new["thresholds"][it.column] = [float(t) for t in
                                            np.cumsum(np.concatenate([[p[1]], np.exp(p[2:])]))]
        # AR(1): maximize E log p(x) over rho (stationary variance 1), over the links not cut
        keep = np.ones(m[:, 1:].shape) if grid.cut is None else (~grid.cut[:, :-1]).astype(float)
        S11 = float((keep * (m[:, 1:] ** 2 + v[:, 1:])).sum())
        S00 = float((keep * (m[:, :-1] ** 2 + v[:, :-1])).sum())
        S10 = float((keep * (m[:, 1:] * m[:, :-1] + C[:, 1:])).sum())
        n = float(keep.sum())

        def nll(r):
            q = 1 - r * r
            return 0.5 * n * np.log(q) + 0.5 * (S11 - 2 * r * S10 + r * r * S00) / q

        new["rho"] = float(optimize.minimize_scalar(nll, bounds=(0.0, 0.999),
                                                    method="bounded").x)
        return new

    def _start(self, grid: Grid) -> dict:
        params = {"loadings": {}, "thresholds": {}, "intercepts": {}, "noise": {}, "rho": 0.9,
                  "structure": {}}
        from scipy.stats import norm

        for it in self.items:
            Y = grid.Y[it.column]
            params["loadings"][it.column] = _START.get(it.column, 0.3)
            if it.kind == "ordinal":
                y = Y[~np.isnan(Y)]
                ncat = len(it.cuts) + 1
                cum = np.array([(y <= c).mean() if len(y) else (c + 1) / ncat
                                for c in range(ncat - 1)])
                cum = np.clip(cum, 1e-4, 1 - 1e-4)
                tau = norm.ppf(cum) * np.sqrt(1 + params["loadings"][it.column] ** 2)
                tau = np.maximum.accumulate(tau + np.arange(len(tau)) * 1e-3)
                params["thresholds"][it.column] = [float(t) for t in tau]
                if self.structure:
                    params["structure"][it.column] = [0.0] * len(self.structure)
            else:
                params["intercepts"][it.column] = np.zeros(len(grid.dyads))
                params["noise"][it.column] = 1.0
        return params

    def fit(self, panel: pd.DataFrame, progress: Any = None) -> "DynamicFactor":
        """Estimate the item parameters and rho on a panel of dyad-years (returns self)."""
        grid = make_grid(panel, self.items, self.structure)
        rng = np.random.default_rng(self.seed)
        params = self._start(grid)
        xhat = np.zeros((len(grid.dyads), len(grid.years)))
        trace = []
        it = 0
        for it in range(1, self.max_iter + 1):
            mf, Pf, m, v, C = self._estep(grid, params, xhat, self.laplace_steps)
            xhat = m
            new = self._mstep(grid, params, m, v, C, rng)
            if self.anchor and _anchor_sign(new, self.anchor) < 0:   # orient the latent
                new = _flip(new)
                xhat = -xhat
            delta = _max_change(params, new)
            params = new
            trace.append(delta)
            if progress is not None:
                progress(it, delta)
            if delta < self.tol:
                break
        self._set(params)
        self.dyads_ = grid.dyads.copy()
        self.n_iter_ = it
        self.change_trace_ = trace
        self.n_obs_ = {k.column: int((~np.isnan(grid.Y[k.column])).sum()) for k in self.items}
        return self

    def _set(self, params: dict) -> None:
        self.loadings_ = dict(params["loadings"])
        self.thresholds_ = {k: list(v) for k, v in params["thresholds"].items()}
        self.intercepts_ = dict(params["intercepts"])
        self.noise_ = dict(params["noise"])
        self.rho_ = float(params["rho"])
        self.structure_ = {k: list(v) for k, v in params.get("structure", {}).items()}

    def _params(self) -> dict:
        if not hasattr(self, "rho_"):
            from amity.errors import NotFittedError

            raise NotFittedError("the closeness model is not fitted: run `amity closeness-build`")
        return {"loadings": self.loadings_, "thresholds": self.thresholds_,
                "intercepts": self.intercepts_, "noise": self.noise_, "rho": self.rho_,
                "structure": getattr(self, "structure_", {})}

    def predict(self, panel: pd.DataFrame) -> pd.DataFrame:
        """Posterior of every dyad-year of ``panel`` with the fitted parameters (never refits).

        Returns a frame aligned with ``panel`` rows: ``latent`` (posterior mean), ``latent_sd``,
        ``closeness``, ``closeness_lo``, ``closeness_hi`` (90%), ``latent_filtered`` and
        ``closeness_filtered`` (from the years up to t only), ``indicators`` (the items observed
        that year, comma-separated) and ``carried`` (sticky items past their source's end).
        """
        params = dict(self._params())
        grid = make_grid(panel, self.items, self.structure)
        params["intercepts"] = self._aligned_intercepts(grid)
        xhat = np.zeros((len(grid.dyads), len(grid.years)))
        _, _, m, v, _ = self._estep(grid, params, xhat, self.laplace_steps + 1)
        mf, Pf = self._filter(grid, params)
        r, c = grid.rows, grid.cols
        mean, sd = m[r, c], np.sqrt(v[r, c])
        out = pd.DataFrame({"latent": mean, "latent_sd": sd})
        out["closeness"] = 2 * special.ndtr(mean) - 1
        out["closeness_lo"] = 2 * special.ndtr(mean - Z90 * sd) - 1
        out["closeness_hi"] = 2 * special.ndtr(mean + Z90 * sd) - 1
        out["latent_filtered"] = mf[r, c]
        out["closeness_filtered"] = 2 * special.ndtr(mf[r, c]) - 1
        names = [it.column for it in self.items]
        obs = np.stack([~np.isnan(grid.Y[n][r, c]) for n in names], axis=1)
        out["indicators"] = indicator_names(names, obs, panel, self.items)
        yr = panel["year"].to_numpy()
        carried = []
        for y in yr:
            carried.append(",".join(k for k, last in STICKY.items() if y > last))
        out["carried"] = carried
        return out

    def _aligned_intercepts(self, grid: Grid) -> dict:
        """Dyad intercepts of the Gaussian items for the dyads of ``grid``: the fitted ones
        (a dyad the fit never saw gets 0, the system-wide mean)."""
        fitted = getattr(self, "dyads_", None)
        out = {}
        for col, a in self.intercepts_.items():
            a = np.asarray(a, dtype=float)
            if fitted is None or len(fitted) != len(a):
                out[col] = np.zeros(len(grid.dyads))
                continue
            key = fitted["ccode_a"].to_numpy(np.int64) * 10000 + fitted["ccode_b"].to_numpy(np.int64)
            look = pd.Series(a, index=key)
            k2 = grid.dyads["ccode_a"].to_numpy(np.int64) * 10000 + grid.dyads["ccode_b"].to_numpy(np.int64)
            out[col] = look.reindex(k2).fillna(0.0).to_numpy()
        return out

    def to_dict(self) -> dict:
        """The fitted parameters as plain data (stored with the model version)."""
        p = self._params()
        dy = getattr(self, "dyads_", pd.DataFrame({"ccode_a": [], "ccode_b": []}))
        return {"version": MODEL_VERSION, "anchor": self.anchor, "max_loading": self.max_loading,
                "intercepts_kind": self.intercepts,
                "structure_columns": list(self.structure), "structure": p["structure"],
                "items": [{"column": it.column, "kind": it.kind, "cuts": list(it.cuts),
                           "transform": it.transform, "weight_by": it.weight_by}
                          for it in self.items],
                "rho": p["rho"], "loadings": p["loadings"], "thresholds": p["thresholds"],
                "dyads": [[int(a), int(b)] for a, b in zip(dy["ccode_a"], dy["ccode_b"])],
                "intercepts": {k: [float(x) for x in np.asarray(v, float)]
                               for k, v in p["intercepts"].items()},
                "noise": p["noise"],
                "n_obs": getattr(self, "n_obs_", {}), "n_iter": getattr(self, "n_iter_", None)}

    @classmethod
    def from_dict(cls, d: dict) -> "DynamicFactor":
        """A fitted factor from :meth:`to_dict` output."""
        m = cls(anchor=d.get("anchor"), max_loading=d.get("max_loading"),
                intercepts=d.get("intercepts_kind", "dyad"),
                structure=tuple(d.get("structure_columns", ())), items=tuple(Item(i["column"], i["kind"], tuple(i["cuts"]), i["transform"],
                                 i["weight_by"]) for i in d["items"]))
        m._set({"loadings": d["loadings"], "thresholds": d["thresholds"],
                "intercepts": d["intercepts"], "noise": d["noise"], "rho": d["rho"],
                "structure": d.get("structure", {})})
        dy = np.asarray(d.get("dyads", []), dtype=np.int64).reshape(-1, 2)
        m.dyads_ = pd.DataFrame({"ccode_a": dy[:, 0].astype(np.int32),
                                 "ccode_b": dy[:, 1].astype(np.int32)})
        m.n_obs_ = dict(d.get("n_obs", {}))
        m.n_iter_ = d.get("n_iter")
        return m

    def parameter_table(self) -> pd.DataFrame:
        """One row per item: kind, loading, thresholds or intercept and noise, observations."""
        p = self._params()
        rows = []
        for it in self.items:
            rows.append({"item": it.column, "kind": it.kind,
                         "loading": p["loadings"].get(it.column, np.nan),
                         "thresholds": ", ".join(f"{t:.2f}" for t in p["thresholds"].get(it.column, [])),
                         "intercept": float(np.mean(p["intercepts"][it.column]))
                         if it.column in p["intercepts"] else np.nan,
                         "noise": p["noise"].get(it.column, np.nan),
                         "structure": ", ".join(f"{n} {b:+.2f}" for n, b in zip(
                             self.structure, p["structure"].get(it.column, []))),
                         "n_obs": getattr(self, "n_obs_", {}).get(it.column)})
        return pd.DataFrame(rows)


def _state_intercepts(sr: np.ndarray, sw: np.ndarray, dyads: pd.DataFrame,
                      sweeps: int = 25) -> np.ndarray:
    r"""Dyad intercepts :math:`\alpha_d = \mu_a + \mu_b` of a Gaussian item from one effect per
    state (the additive sender/receiver effects of dyadic data: Warner, Kenny & Stoto 1979;
    Hoff 2005), by weighted least squares over the dyads' sums: ``sr[d]`` is
    :math:`\sum_t w_{dt} r_{dt}` (the residual before intercepts) and ``sw[d]`` the weight
    :math:`\sum_t w_{dt}`. Gauss–Seidel sweeps over the two roles; pure.

    A state's effect is its distance from everyone (the United States' isolation in the
    General Assembly); what is left is a level that compares dyads with each other, where a
    dyad's own intercept would leave only each dyad's movement about its own mean.
    """
    a = dyads["ccode_a"].to_numpy(np.int64)
    b = dyads["ccode_b"].to_numpy(np.int64)
    codes, inv = np.unique(np.concatenate([a, b]), return_inverse=True)
    ia, ib = inv[:len(a)], inv[len(a):]
    S = len(codes)
    wsum = np.bincount(ia, sw, S) + np.bincount(ib, sw, S)
    mu = np.zeros(S)
    for _ in range(sweeps):
        num = np.bincount(ia, sr - sw * mu[ib], S) + np.bincount(ib, sr - sw * mu[ia], S)
        new = np.where(wsum > 0, num / np.maximum(wsum, 1e-12), 0.0)
        # each state's exact update given its partners' effects, all at once and damped
        if np.max(np.abs(new - mu)) < 1e-6:
            mu = new
            break
        mu = 0.5 * (mu + new)
    return np.where(sw > 0, mu[ia] + mu[ib], 0.0)


def _anchor_sign(p: dict, anchor: str) -> float:
    """+1 when the anchor item's loading has its starting sign (the latent reads 'close'),
    else -1."""
    lam = p["loadings"].get(anchor, 0.0)
    return float(np.sign(lam * _START.get(anchor, 1.0)) or 1.0)


def _alpha(params: dict, grid: Grid, col: str) -> np.ndarray:
    """The dyad intercepts of a Gaussian item on ``grid`` as a D x 1 array."""
    a = np.asarray(params["intercepts"][col], dtype=float)
    return a.reshape(-1, 1) * np.ones((1, len(grid.years)))


def _flip(p: dict) -> dict:
    q = {"loadings": {k: -v for k, v in p["loadings"].items()},
         "thresholds": p["thresholds"], "intercepts": p["intercepts"], "noise": p["noise"],
         "rho": p["rho"], "structure": p.get("structure", {})}
    return q


def _max_change(a: dict, b: dict) -> float:
    d = abs(a["rho"] - b["rho"])
    for k, v in b["loadings"].items():
        d = max(d, abs(v - a["loadings"].get(k, 0.0)))
    for k, v in b["thresholds"].items():
        ov = a["thresholds"].get(k, v)
        d = max(d, max(abs(x - y) for x, y in zip(v, ov)))
    for k, v in b.get("structure", {}).items():
        ov = a.get("structure", {}).get(k, v)
        d = max([d] + [abs(x - y) for x, y in zip(v, ov)])
    return float(d)


class ClosenessModel:
    r"""Closeness v3: two dimensions of a relation, peace and alignment, combined.

    ``peace`` is the conflict regime of the dyad, a hidden Markov model
    (:class:`~amity.measures.peace_regimes.PeaceRegimes`, ``peace_model="regimes"``, six regimes
    by default) over MID hostility and fatalities, war and UCDP interstate conflict, or the
    v3.2 Gaussian factor (``peace_model="factor"``); ``alignment`` (:math:`a_{dt}`) a
    :class:`DynamicFactor` over bilateral ATOP obligations, UN kappa, ideal-point distance,
    the sanction classes and event tone. Each is fitted on its own (conditional independence
    between the dimensions given the data). With ``combination="evidence"`` (v3.4, default)

    .. math::

        z_{dt} = w\, a_{dt} + \sum_s \gamma_{dts} e_s, \qquad
        \text{closeness} = 2\Phi(E z_{dt}) - 1,

    where :math:`\gamma_{dts}` is the posterior probability of regime :math:`s` and
    :math:`e_s \le 0` its hazard value (0 at peace, the war band's mean at worst): alignment
    places a relation, its conflict regime pulls it down. With ``combination="bands"`` (v3.3)
    :math:`z = (p + w a)/\sqrt{1 + w^2}` with :math:`p` the regimes' band means. The
    variances of the two posteriors are added for the 90% interval. The weight
    ``alignment_weight`` (w, 0.5) and every other choice were made on the development half of
    dyads only (docs/MEASURES.md): alignment alone ranks rivals *above* the same states'
    other dyads (rivals are neighbours sharing regional pacts and voting blocs).

    Attributes after ``fit``: ``peace_``, ``alignment_`` (the fitted factors), and, merged over
    both, ``loadings_``, ``thresholds_``, ``noise_``, ``n_obs_``; ``rho_`` (per factor).
    """

    def __init__(self, hostility_items: Iterable[Item] = HOSTILITY_ITEMS,
                 alignment_items: Iterable[Item] = ALIGNMENT_ITEMS, alignment_weight: float = 0.5,
                 structure: Iterable[str] = STRUCTURE, max_iter: int = 25, tol: float = 2e-3,
                 max_loading: float | None = 3.0, laplace_steps: int = 2, seed: int = 0,
                 peace_model: str = "hazard", n_regimes: int = 6,
                 alignment_structure: Iterable[str] = (), combination: str = "evidence",
                 gaussian_intercepts: str = "dyad"):
        self.hostility_items = hostility_items
        self.gaussian_intercepts = gaussian_intercepts
        self.combination = combination
        self.peace_model = peace_model
        self.n_regimes = n_regimes
        self.alignment_structure = alignment_structure
        self.structure = structure
        self.alignment_items = alignment_items
        self.alignment_weight = alignment_weight
        self.max_iter = max_iter
        self.tol = tol
        self.max_loading = max_loading
        self.laplace_steps = laplace_steps
        self.seed = seed

    def _factor(self, items, anchor, structure=()) -> DynamicFactor:
        return DynamicFactor(items=tuple(items), anchor=anchor, structure=structure,
                             max_iter=self.max_iter,
                             tol=self.tol, laplace_steps=self.laplace_steps, seed=self.seed,
                             max_loading=self.max_loading, intercepts=self.gaussian_intercepts)

    def fit(self, panel: pd.DataFrame, progress: Any = None) -> "ClosenessModel":
        """Fit both factors on a panel of dyad-years (returns self)."""
        hi = tuple(self.hostility_items)
        ai = tuple(self.alignment_items)
        if self.combination not in ("evidence", "bands"):
            raise ValueError("combination must be 'evidence' or 'bands', not "
                             f"{self.combination!r}")
        if self.peace_model == "hazard":
            from amity.measures.dispute_hazard import DISPUTE_COLUMNS, CountItem, DisputeHazard

            counts = tuple(CountItem(i.column, float(i.cuts[0]) if i.cuts else 1.0)
                           for i in hi if i.column in DISPUTE_COLUMNS)
            if not counts and hi:
                counts = (CountItem(hi[0].column, float(hi[0].cuts[0]) if hi[0].cuts else 1.0),)
            self.peace_ = DisputeHazard(items=counts).fit(panel, progress)
        elif self.peace_model == "regimes":
            from amity.measures.peace_regimes import PeaceRegimes

            self.peace_ = PeaceRegimes(items=hi, n_states=self.n_regimes,
                                       structure=tuple(self.structure)).fit(panel, progress)
        elif self.peace_model == "factor":
            self.peace_ = self._factor(hi, _first_anchor(hi, "mid_hostlev"),
                                       tuple(self.structure)).fit(panel, progress)
        else:
            raise ValueError("peace_model must be 'hazard', 'regimes' or 'factor', not "
                             f"{self.peace_model!r}")
        self.alignment_ = self._factor(ai, _first_anchor(ai, "atop_bilateral"),
                                       tuple(self.alignment_structure)).fit(panel, progress)
        self._merge()
        return self

    def _merge(self) -> None:
        f = tuple(x for x in (self.peace_, self.alignment_) if hasattr(x, "loadings_"))
        self.loadings_ = {k: v for x in f for k, v in x.loadings_.items()}
        self.thresholds_ = {k: v for x in f for k, v in x.thresholds_.items()}
        self.noise_ = {k: v for x in f for k, v in x.noise_.items()}
        self.n_obs_ = {k: v for x in f for k, v in getattr(x, "n_obs_", {}).items()}
        self.rho_ = {"peace": self.peace_.rho_, "alignment": self.alignment_.rho_}
        self.n_iter_ = {"peace": getattr(self.peace_, "n_iter_", None),
                        "alignment": getattr(self.alignment_, "n_iter_", None)}

    def _fitted(self) -> None:
        if not hasattr(self, "peace_"):
            from amity.errors import NotFittedError

            raise NotFittedError("the closeness model is not fitted: run `amity closeness-build`")

    def predict(self, panel: pd.DataFrame) -> pd.DataFrame:
        """Posterior of every dyad-year of ``panel`` with the fitted parameters (never refits).

        Returns a frame aligned with ``panel`` rows: ``closeness``, ``closeness_lo``,
        ``closeness_hi`` (90%), ``closeness_filtered`` (from the years up to t only),
        ``peace``, ``alignment`` (the two factors' posterior means, latent scale), ``latent``
        and ``latent_sd`` (of z), ``indicators`` (the items observed that year) and ``carried``
        (sticky items past their source's end).
        """
        self._fitted()
        p = self.peace_.predict(panel)
        a = self.alignment_.predict(panel)
        w = float(self.alignment_weight)
        if self._evidence():
            # z = w a + sum_s gamma_s e_s: alignment places a dyad-year, its conflict regime
            # pulls it down by the regime's value (0 at peace; see PeaceRegimes)
            z = w * a["latent"].to_numpy() + p["hazard_value"].to_numpy()
            zf = w * a["latent_filtered"].to_numpy() + p["hazard_value_filtered"].to_numpy()
            sd = np.sqrt(w * w * a["latent_sd"].to_numpy() ** 2
                         + p["hazard_value_sd"].to_numpy() ** 2)
        else:
            s = np.sqrt(1.0 + w * w)
            z = (p["latent"].to_numpy() + w * a["latent"].to_numpy()) / s
            sd = np.sqrt(p["latent_sd"].to_numpy() ** 2
                         + w * w * a["latent_sd"].to_numpy() ** 2) / s
            zf = (p["latent_filtered"].to_numpy() + w * a["latent_filtered"].to_numpy()) / s
        out = pd.DataFrame({"closeness": 2 * special.ndtr(z) - 1,
                            "closeness_lo": 2 * special.ndtr(z - Z90 * sd) - 1,
                            "closeness_hi": 2 * special.ndtr(z + Z90 * sd) - 1,
                            "closeness_filtered": 2 * special.ndtr(zf) - 1,
                            "peace": (p["hazard_value"] if self._evidence() else p["latent"]).to_numpy(),
                            "alignment": a["latent"].to_numpy(),
                            "latent": z, "latent_sd": sd, "latent_filtered": zf})
        ind = [",".join(x for x in (u, v) if x) for u, v in zip(p["indicators"], a["indicators"])]
        out["indicators"] = ind
        if "regime" in p:
            out["regime"] = p["regime"].to_numpy()
        out["carried"] = a["carried"].to_numpy()
        return out

    def _evidence(self) -> bool:
        return self.combination == "evidence" and (hasattr(self.peace_, "evidence_values_")
                                                   or hasattr(self.peace_, "war_value_"))

    def _peace_kind(self) -> str:
        if hasattr(self.peace_, "war_value_"):
            return "hazard"
        return "regimes" if hasattr(self.peace_, "transitions_") else "factor"

    def to_dict(self) -> dict:
        """The fitted parameters as plain data (stored with the model version)."""
        self._fitted()
        return {"version": MODEL_VERSION, "alignment_weight": float(self.alignment_weight),
                "combination": self.combination,
                "peace_model": self._peace_kind(),
                "peace": self.peace_.to_dict(), "alignment": self.alignment_.to_dict()}

    @classmethod
    def from_dict(cls, d: dict) -> "ClosenessModel":
        """A fitted model from :meth:`to_dict` output (refuses another model version)."""
        from amity.errors import StaleModelError

        if d.get("version") != MODEL_VERSION:
            raise StaleModelError(
                f"stored closeness parameters are of model {d.get('version')!r}, this Amity "
                f"runs {MODEL_VERSION!r}: run `amity closeness-build` to refit")
        m = cls(alignment_weight=d["alignment_weight"], peace_model=d.get("peace_model", "factor"),
                combination=d.get("combination", "bands"))
        if m.peace_model == "hazard":
            from amity.measures.dispute_hazard import DisputeHazard

            m.peace_ = DisputeHazard.from_dict(d["peace"])
        elif m.peace_model == "regimes":
            from amity.measures.peace_regimes import PeaceRegimes

            m.peace_ = PeaceRegimes.from_dict(d["peace"])
            m.n_regimes = int(m.peace_.n_states)
        else:
            m.peace_ = DynamicFactor.from_dict(d["peace"])
        m.alignment_ = DynamicFactor.from_dict(d["alignment"])
        m.hostility_items = (HOSTILITY_ITEMS if m.peace_model == "hazard" else m.peace_.items)
        m.alignment_items = m.alignment_.items
        m._merge()
        return m

    def parameter_table(self) -> pd.DataFrame:
        """One row per item and factor: for the alignment factor (and a factor-type peace),
        loading, thresholds or intercept and noise, n; for peace regimes, each item's
        category probabilities per regime, then the transitions (see
        :meth:`amity.measures.peace_regimes.PeaceRegimes.parameter_table`). Missing cells are
        None."""
        self._fitted()
        t = []
        for name, f in (("peace", self.peace_), ("alignment", self.alignment_)):
            x = f.parameter_table()
            x.insert(0, "factor", name)
            x["rho"] = f.rho_
            t.append(x)
        out = pd.concat(t, ignore_index=True)
        return out.astype(object).where(out.notna(), None)


def _first_anchor(items: tuple[Item, ...], preferred: str) -> str | None:
    cols = [i.column for i in items]
    if preferred in cols:
        return preferred
    return next((c for c in cols if c in _START), cols[0] if cols else None)


__all__ = ["ClosenessModel", "DynamicFactor", "ITEMS", "HOSTILITY_ITEMS", "ALIGNMENT_ITEMS",
           "Item", "MODEL_VERSION", "kalman_smooth", "make_grid"]
