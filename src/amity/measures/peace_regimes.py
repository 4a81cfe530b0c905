r"""The peace dimension of closeness v3: a hidden Markov model of a dyad's conflict regime.

Why not a Gaussian factor
-------------------------
MIDs, wars, UCDP conflicts and security sanctions are rare (a MID in 0.5% of dyad-years) and
clustered in few dyads. Fitted as an ordinal factor with a Gaussian AR(1) latent (v3.2), the
EM drove the loadings to their bound and the thresholds to about 13 (any MID put the latent
four standard deviations out, a threat display as far as a war), and a quiet year said almost
nothing (P(no MID | x = -4) = 0.84), so one dispute in 1946 still read as hostility in 1958.
A discrete regime is the natural latent for such items: in a hostile regime disputes come
often, and a run of quiet years is evidence that it has ended.

Model
-----
Each dyad :math:`d` is in one of :math:`K` ordered regimes :math:`s_{dt}` each year (0 the
most hostile, :math:`K-1` peace), a first-order Markov chain with transition matrix
:math:`A` and entry distribution :math:`\pi` (the dyad's first year, or its first year back
after a gap in its existence). Given the regime, the hostility items (MID hostility level in
four categories, a fatal MID, a COW war, UCDP interstate conflict in three, a security
sanction) are independent categorical draws whose probabilities :math:`B_k[c, s, \cdot]`
depend on the regime and on the dyad-year's *structure cell* :math:`c` (land contiguity,
contiguity by water, a major power in the dyad: :data:`~amity.measures.closeness_model.STRUCTURE`):
neighbours and great powers come to blows more often for the same hostility. A missing item
contributes nothing.

Fitting is Baum–Welch (EM) vectorized over all dyads: a scaled forward–backward pass gives
each dyad-year's posterior regime probabilities :math:`\gamma_{dt}` and the expected
transitions; the M-step sets :math:`\pi`, :math:`A` and :math:`B` to the expected counts,
each structure cell's emission row shrunk towards the regime's row pooled over cells by
``shrinkage`` pseudo-observations (so a thin cell cannot reach probability 0). Regimes are
started from an ordering (war, hostility, peace) and re-sorted after the fit by their
probability of a quiet year.

Score
-----
Two scores come out of the posterior :math:`\gamma_{dts}`.

*Band means* (``latent``, v3.3): regime :math:`s` stands for a band of a standard normal peace
variable cut at the regimes' shares of all dyad-years (most hostile lowest) and scores the
band's mean :math:`v_s = (\phi(a_s) - \phi(b_s)) / (\Phi(b_s) - \Phi(a_s))`.

*Hazard values* (``hazard_value``, v3.4, what closeness reads): regime :math:`s` scores

.. math::

    e_s = v_0 \, \frac{h_s}{h_0}, \qquad
    h_s = \log \frac{P(y_1 > 0 \mid s)}{P(y_1 > 0 \mid \text{peace})},

the log ratio of its yearly chance of hostility on the first item (a MID) to the peace
regime's, estimated from the posterior-weighted dyad-years, scaled so that the most hostile
regime keeps its band mean :math:`v_0` and peace scores 0. A regime in which disputes are ten
times likelier than at peace sits at the fraction :math:`\log 10 / h_0` of the way to war.
The value of a dyad-year is :math:`\sum_s \gamma_{dts} e_s`, its variance the posterior
spread; ``hazard_value_filtered`` uses the filtered probabilities (years up to t only).

References: Rabiner (1989), A tutorial on hidden Markov models, Proc. IEEE 77(2); Baum et al.
(1970), Ann. Math. Stat. 41(1); Goertz & Diehl (1993) on rivalry as a persistent state of
recurrent conflict.
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd
from scipy import special

from amity.measures.closeness_model import HOSTILITY_ITEMS, STRUCTURE, Item, make_grid

#: regime names by number of regimes (most hostile first)
REGIME_NAMES = {2: ("hostility", "peace"), 3: ("war", "hostility", "peace"),
                4: ("war", "hostility", "tension", "peace"),
                5: ("war", "hostility", "tension", "strain", "peace"),
                6: ("war", "hostility", "crisis", "tension", "strain", "peace")}


def _start_emission(item: Item, ncat: int, K: int) -> np.ndarray:
    """Starting emission rows (K x ncat): hostile regimes put mass on the upper categories."""
    out = np.empty((K, ncat))
    for s in range(K):
        quiet = 1.0 - 0.6 * (1.0 - s / (K - 1)) ** 1.5 - 0.002   # 0.4 in the worst, ~1 in peace
        quiet = min(max(quiet, 0.3), 0.998)
        rest = np.linspace(1.0, 2.0 if s == 0 else 0.5, ncat - 1)
        out[s, 0] = quiet
        out[s, 1:] = (1.0 - quiet) * rest / rest.sum()
    return out


def _band_means(shares: np.ndarray) -> np.ndarray:
    """Mean of a standard normal within consecutive bands holding ``shares`` (lowest first)."""
    q = np.concatenate([[0.0], np.cumsum(shares)])
    q[-1] = 1.0
    a, b = special.ndtri(q[:-1]), special.ndtri(q[1:])
    pa = np.where(np.isfinite(a), np.exp(-0.5 * a * a), 0.0)
    pb = np.where(np.isfinite(b), np.exp(-0.5 * b * b), 0.0)
    return (pa - pb) / np.sqrt(2 * np.pi) / np.maximum(q[1:] - q[:-1], 1e-12)


class PeaceRegimes:
    """Hidden Markov model of a dyad's peace regime (scikit-learn style).

    Parameters
    ----------
    items : the hostility indicators (ordinal :class:`Item`; default
        :data:`~amity.measures.closeness_model.HOSTILITY_ITEMS`).
    n_states : number of ordered regimes K (2 to 4).
    structure : structural covariates whose combinations make the emission cells.
    shrinkage : pseudo-observations pulling each cell's emission row to its pooled row.
    max_iter, tol : EM iterations at most; stop when the log-likelihood per dyad-year gains
        less than ``tol``.

    Attributes (after ``fit``)
    --------------------------
    start_ : entry distribution (K); transitions_ : K x K; emissions_ : per item, an array
    cells x K x categories; shares_ : each regime's share of the dyad-years; state_values_ :
    the band mean scored for each regime; hazard_ratios_ : each regime's log hazard ratio of
    hostility against peace; evidence_values_ : the hazard value scored for each regime;
    see Score above; n_obs_ : observed cells per item; n_iter_;
    loglik_trace_ : log-likelihood per observed dyad-year after each iteration.
    """

    kind = "regimes"

    def __init__(self, items: Iterable[Item] = HOSTILITY_ITEMS, n_states: int = 3,
                 structure: Iterable[str] = STRUCTURE, shrinkage: float = 20.0,
                 max_iter: int = 60, tol: float = 1e-5, stickiness: float = 0.0):
        self.items = items
        self.stickiness = stickiness
        self.n_states = n_states
        self.structure = structure
        self.shrinkage = shrinkage
        self.max_iter = max_iter
        self.tol = tol

    # ------------------------------------------------------------------ layout
    def _layout(self, panel: pd.DataFrame):
        items = tuple(self.items)
        structure = tuple(self.structure)
        g = make_grid(panel, items, structure)
        D, T = len(g.dyads), len(g.years)
        present = np.zeros((D, T), dtype=bool)
        present[g.rows, g.cols] = True
        cell = np.zeros((D, T), dtype=np.int64)
        if g.Z is not None:
            for j in range(g.Z.shape[2]):
                cell += (g.Z[:, :, j] > 0.5).astype(np.int64) << j
        linked = np.zeros((D, T), dtype=bool)          # linked[:, t]: t-1 -> t is a transition
        linked[:, 1:] = present[:, 1:] & present[:, :-1]
        return g, present, cell, linked

    def _log_emissions(self, g, cell, emissions) -> np.ndarray:
        D, T = cell.shape
        K = self.n_states
        logE = np.zeros((D, T, K))
        for it in self.items:
            Y = g.Y[it.column]
            obs = ~np.isnan(Y)
            if not obs.any():
                continue
            lb = np.log(emissions[it.column])                  # cells x K x C
            logE[obs] += lb[cell[obs], :, Y[obs].astype(np.int64)]
        return logE

    @staticmethod
    def _forward_backward(logE, present, linked, start, A, need_xi=True):
        D, T, K = logE.shape
        mx = logE.max(axis=2, keepdims=True)
        E = np.exp(logE - mx)
        alpha = np.empty((D, T, K))
        scale = np.empty((D, T))
        prev = np.tile(start, (D, 1))
        for t in range(T):
            pred = np.where(linked[:, t:t + 1], prev @ A, start[None, :])
            a = pred * E[:, t]
            c = a.sum(axis=1)
            alpha[:, t] = a / c[:, None]
            scale[:, t] = c
            prev = alpha[:, t]
        loglik = float(np.sum((np.log(scale) + mx[:, :, 0])[present]))
        beta = np.ones((D, T, K))
        xi = np.zeros((K, K))
        for t in range(T - 2, -1, -1):
            lk = linked[:, t + 1]
            eb = E[:, t + 1] * beta[:, t + 1]
            b = eb @ A.T
            b = b / b.sum(axis=1, keepdims=True)
            beta[:, t] = np.where(lk[:, None], b, 1.0)
            if need_xi and lk.any():
                al = alpha[lk, t]
                x = al[:, :, None] * A[None, :, :] * eb[lk][:, None, :]
                x /= x.sum(axis=(1, 2), keepdims=True)
                xi += x.sum(axis=0)
        gamma = alpha * beta
        gamma /= gamma.sum(axis=2, keepdims=True)
        return alpha, gamma, xi, loglik

    # ------------------------------------------------------------------ fit
    def fit(self, panel: pd.DataFrame, progress: Any = None) -> "PeaceRegimes":
        """Baum–Welch on a panel of dyad-years (returns self)."""
        K = int(self.n_states)
        if K not in REGIME_NAMES:
            raise ValueError(f"n_states must be one of {sorted(REGIME_NAMES)}, not {K}")
        g, present, cell, linked = self._layout(panel)
        ncell = 1 << len(tuple(self.structure))
        ncat = {it.column: len(it.cuts) + 1 for it in self.items}
        em = {k: np.tile(_start_emission(it, ncat[k], K), (ncell, 1, 1))
              for it in self.items for k in [it.column]}
        stay = np.linspace(0.9, 0.995, K)
        A = np.full((K, K), 0.0)
        for s in range(K):
            A[s] = (1 - stay[s]) / (K - 1)
            A[s, s] = stay[s]
        start = np.full(K, 0.02 / (K - 1))
        start[-1] = 0.98
        nobs = max(int(present.sum()), 1)
        trace: list[float] = []
        entry = present & ~linked
        for it_ in range(int(self.max_iter)):
            logE = self._log_emissions(g, cell, em)
            _, gamma, xi, ll = self._forward_backward(logE, present, linked, start, A)
            trace.append(ll / nobs)
            if progress is not None:
                progress(it_ + 1, trace[-1] - trace[-2] if len(trace) > 1 else float("nan"))
            # M-step
            start = gamma[entry].sum(axis=0) + 1.0
            start /= start.sum()
            A = xi + 1.0
            A[np.diag_indices(K)] += float(self.stickiness) * A.sum(axis=1)
            A /= A.sum(axis=1, keepdims=True)
            for itm in self.items:
                k = itm.column
                Y = g.Y[k]
                obs = ~np.isnan(Y)
                y = Y[obs].astype(np.int64)
                c = cell[obs]
                gm = gamma[obs]                              # n x K
                cnt = np.zeros((ncell, K, ncat[k]))
                for j in range(ncat[k]):
                    sel = y == j
                    np.add.at(cnt[:, :, j], c[sel], gm[sel])
                pooled = cnt.sum(axis=0) + 0.5
                pooled /= pooled.sum(axis=1, keepdims=True)
                row = cnt + self.shrinkage * pooled[None, :, :]
                em[k] = row / row.sum(axis=2, keepdims=True)
            if len(trace) > 1 and trace[-1] - trace[-2] < self.tol:
                break
        # order regimes by their probability of a quiet year (most hostile first)
        quiet = np.zeros(K)
        for itm in self.items:
            quiet += np.log(em[itm.column][:, :, 0].mean(axis=0))
        order = np.argsort(quiet)
        self.start_ = start[order]
        self.transitions_ = A[np.ix_(order, order)]
        self.emissions_ = {k: v[:, order, :] for k, v in em.items()}
        logE = self._log_emissions(g, cell, self.emissions_)
        _, gamma, _, ll = self._forward_backward(logE, present, linked, self.start_,
                                                 self.transitions_, need_xi=False)
        self.shares_ = gamma[present].mean(axis=0)
        self.state_values_ = _band_means(self.shares_)
        self.hazard_ratios_ = self._hazard_ratios(g, gamma)
        hr = self.hazard_ratios_
        self.evidence_values_ = (self.state_values_[0] * hr / hr[0] if hr[0] > 0
                                 else np.zeros(K))
        self.n_obs_ = {it.column: int((~np.isnan(g.Y[it.column])).sum()) for it in self.items}
        self.n_iter_ = len(trace)
        self.loglik_trace_ = trace
        self.rho_ = float(np.trace(self.transitions_) / K)     # mean probability of staying
        return self

    def _hazard_ratios(self, g, gamma) -> np.ndarray:
        """Each regime's log ratio of the yearly probability of any hostility (the first
        item's category above 0, a MID when MID hostility is an item) to the peace regime's,
        from the dyad-years weighted by their posterior regime probabilities."""
        col = next(iter(self.items)).column
        Y = g.Y[col]
        obs = ~np.isnan(Y)
        gm = gamma[obs]
        hit = (Y[obs] > 0).astype(float)
        rate = (gm * hit[:, None]).sum(axis=0) + 0.5
        rate = rate / (gm.sum(axis=0) + 1.0)
        return np.log(rate / rate[-1])

    def _fitted(self) -> None:
        if not hasattr(self, "transitions_"):
            from amity.errors import NotFittedError

            raise NotFittedError("the peace regimes are not fitted: run `amity closeness-build`")

    # ------------------------------------------------------------------ predict
    def predict(self, panel: pd.DataFrame) -> pd.DataFrame:
        """Posterior regime of every dyad-year of ``panel`` with the fitted parameters.

        Returns a frame aligned with ``panel`` rows: ``latent`` (the peace value: the
        posterior mean of the regimes' band means), ``latent_sd``, ``latent_filtered``
        (years up to t only), ``hazard_value``, ``hazard_value_sd`` and
        ``hazard_value_filtered`` (the same with the hazard values), ``p_<regime>`` (smoothed
        regime probabilities), ``regime``
        (the most probable one) and ``indicators`` (the items observed that year).
        """
        self._fitted()
        g, present, cell, linked = self._layout(panel)
        logE = self._log_emissions(g, cell, self.emissions_)
        alpha, gamma, _, _ = self._forward_backward(logE, present, linked, self.start_,
                                                    self.transitions_, need_xi=False)
        v = self.state_values_
        r, c = g.rows, g.cols
        gs, af = gamma[r, c], alpha[r, c]
        m = gs @ v
        sd = np.sqrt(np.maximum((gs * (v[None, :] - m[:, None]) ** 2).sum(axis=1), 0.0))
        names = REGIME_NAMES[len(v)]
        out = pd.DataFrame({"latent": m, "latent_sd": sd, "latent_filtered": af @ v})
        ev = self.evidence_values_
        em = gs @ ev
        out["hazard_value"] = em
        out["hazard_value_sd"] = np.sqrt(np.maximum((gs * (ev[None, :] - em[:, None]) ** 2)
                                                    .sum(axis=1), 0.0))
        out["hazard_value_filtered"] = af @ ev
        for j, nm in enumerate(names):
            out[f"p_{nm}"] = gs[:, j]
        out["regime"] = np.asarray(names, dtype=object)[gs.argmax(axis=1)]
        parts = []
        for it in self.items:
            col = panel[it.column].to_numpy(dtype=float) if it.column in panel else np.full(len(panel), np.nan)
            parts.append(np.where(~np.isnan(col), it.column, ""))
        ind = [",".join(x for x in row if x) for row in zip(*parts)] if parts else [""] * len(panel)
        out["indicators"] = ind
        out["carried"] = ""
        return out

    # ------------------------------------------------------------------ persistence
    def to_dict(self) -> dict:
        """The fitted parameters as plain data."""
        self._fitted()
        return {"kind": self.kind, "n_states": int(self.n_states),
                "structure": list(self.structure), "shrinkage": float(self.shrinkage),
                "items": [{"column": i.column, "kind": i.kind, "cuts": list(i.cuts)}
                          for i in self.items],
                "start": self.start_.tolist(), "transitions": self.transitions_.tolist(),
                "emissions": {k: v.tolist() for k, v in self.emissions_.items()},
                "shares": self.shares_.tolist(), "state_values": self.state_values_.tolist(),
                "hazard_ratios": self.hazard_ratios_.tolist(),
                "evidence_values": self.evidence_values_.tolist(),
                "n_obs": self.n_obs_, "n_iter": self.n_iter_, "loglik_trace": self.loglik_trace_}

    @classmethod
    def from_dict(cls, d: dict) -> "PeaceRegimes":
        items = tuple(Item(i["column"], i["kind"], tuple(i["cuts"])) for i in d["items"])
        m = cls(items=items, n_states=d["n_states"], structure=tuple(d["structure"]),
                shrinkage=d["shrinkage"])
        m.start_ = np.asarray(d["start"])
        m.transitions_ = np.asarray(d["transitions"])
        m.emissions_ = {k: np.asarray(v) for k, v in d["emissions"].items()}
        m.shares_ = np.asarray(d["shares"])
        m.state_values_ = np.asarray(d["state_values"])
        m.hazard_ratios_ = np.asarray(d["hazard_ratios"])
        m.evidence_values_ = np.asarray(d["evidence_values"])
        m.n_obs_ = d.get("n_obs", {})
        m.n_iter_ = d.get("n_iter")
        m.loglik_trace_ = d.get("loglik_trace", [])
        m.rho_ = float(np.trace(m.transitions_) / len(m.start_))
        return m

    def parameter_table(self) -> pd.DataFrame:
        """One row per item and regime: the probability of each category in two structure
        cells (``p_distant``: no contiguity and no major power; ``p_land_contiguous``: land
        neighbours, no major power), then the transition rows, the entry distribution and each
        regime's share and band mean."""
        self._fitted()
        names = REGIME_NAMES[len(self.start_)]
        rows = []
        for k, em in self.emissions_.items():
            for s, nm in enumerate(names):
                rows.append({"item": k, "regime": nm,
                             "p_distant": ", ".join(f"{x:.4f}" for x in em[0, s]),
                             "p_land_contiguous": ", ".join(f"{x:.4f}" for x in em[1, s])
                             if em.shape[0] > 1 else "",
                             "n_obs": self.n_obs_.get(k)})
        for s, nm in enumerate(names):
            rows.append({"item": "transition", "regime": nm,
                         "p_distant": ", ".join(f"{x:.4f}" for x in self.transitions_[s]),
                         "p_land_contiguous": "",
                         "n_obs": None})
        rows.append({"item": "entry", "regime": "all",
                     "p_distant": ", ".join(f"{x:.4f}" for x in self.start_),
                     "p_land_contiguous": "", "n_obs": None})
        rows.append({"item": "share / band mean", "regime": "all",
                     "p_distant": ", ".join(f"{s:.4f} / {v:+.2f}" for s, v in
                                            zip(self.shares_, self.state_values_)),
                     "p_land_contiguous": "", "n_obs": None})
        if hasattr(self, "evidence_values_"):
            rows.append({"item": "log hazard ratio / value", "regime": "all",
                         "p_distant": ", ".join(f"{h:.2f} / {v:+.2f}" for h, v in
                                                zip(self.hazard_ratios_, self.evidence_values_)),
                         "p_land_contiguous": "", "n_obs": None})
        return pd.DataFrame(rows)


__all__ = ["PeaceRegimes", "REGIME_NAMES"]
