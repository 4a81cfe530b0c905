r"""The peace dimension of closeness v3.5 and v3.6: each dyad's yearly hazard of a militarized dispute,
estimated by local likelihood with a gamma prior.

Why not regimes
---------------
The six-regime hidden Markov model of v3.4 (:mod:`amity.measures.peace_regimes`) forgets the
*rate* of a dyad's disputes between them: after three quiet years its posterior is back at
peace, whether the dyad has had one dispute in a century or one every four years. A rivalry
is the second case (Goertz & Diehl 1993: a persistent state of recurrent conflict), and the
record of how often a dyad has come to blows over the surrounding decades is what tells it
apart. A rate that borrows from the years on both sides keeps that record.

Model
-----
Each dyad :math:`d` has a yearly hazard :math:`\theta_{dt}` of a dispute. Item :math:`k`
(a MID of any hostility level in the year; a UCDP interstate conflict, which runs past the
MID data's end in 2014) is a Poisson count with mean :math:`c_k \theta_{dt}` in each year it
is observed (:math:`c_1 = 1`; :math:`c_k` is the item's frequency relative to the first item
in the dyad-years both observe). The hazard moves slowly, so year :math:`s` says something
about year :math:`t`: its likelihood enters the posterior of year :math:`t` raised to the
kernel weight :math:`K(t - s)` (a local, or discounted, likelihood: Tibshirani & Hastie 1987;
Smith 1979),

.. math::

    K(\Delta) = (1 - \alpha)\,\omega_1^{|\Delta|} + \alpha\,\omega_2^{|\Delta|},
    \qquad K(0) = 1,

a short memory :math:`\omega_1` (disputes cluster in consecutive years) mixed with a long
one :math:`\omega_2` (rivalries recur over decades). With the gamma prior
:math:`\theta \sim \text{Gamma}(s\bar r, s)` (the pooled rate :math:`\bar r`, prior strength
:math:`s` pseudo-years) the posterior of each dyad-year is conjugate,

.. math::

    \theta_{dt} \mid y \sim \text{Gamma}\Big(s\bar r + \sum_{k,s} K(t-s)\, y_{kds},\;
        s + \sum_{k,s} K(t-s)\, c_k\, n_{kds}\Big),

with :math:`n_{kds} = 1` where item :math:`k` is observed and 0 elsewhere: a year without
data adds nothing, so past a source's end the posterior drifts back to the prior and its
interval widens (``carried``). The *filtered* posterior sums over :math:`s \le t` only.

A government replaced by force or from outside (Archigos: an irregular entry or a foreign
imposition, in either state: ``leader_break``) need not inherit its predecessor's disputes:
the kernel's link from that year to the next is multiplied by :math:`\psi` (the share of the
evidence that crosses it, 1 = no cut), chosen with the kernel. A new state under an old code
(``polity_break``: the code passes by a revolution to another actor of Amity's registry, as
China's 710 from the Republic to the People's Republic in 1949) cuts the link outright: the
disputes of the Republic of China are not a record of the People's Republic. That cut is a
definition of the dyad (the record of two actors), not a parameter: it is never chosen by
the likelihood.

Fitting (``fit``) chooses :math:`(\psi, \omega_1, \omega_2, \alpha, s)` on a grid by the
leave-one-year-out predictive log-likelihood of the first item: each observed dyad-year's
count is predicted, negative binomial, from the posterior without that year (likelihood
cross-validation of the kernel: the data choose how far a dispute's evidence reaches).

References: Tibshirani & Hastie (1987), Local likelihood estimation, JASA 82(398); Smith
(1979), A generalization of the Bayesian steady forecasting model, JRSS B 41(3); Harvey &
Fernandes (1989), Time series models for count or qualitative observations, JBES 7(4);
Goertz & Diehl (1993), Enduring rivalries, ISQ 37(2).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np
import pandas as pd
from scipy import special


@dataclass(frozen=True)
class CountItem:
    """A dispute indicator: the panel column and the value from which a year counts."""
    column: str
    at_least: float = 1.0


#: the dispute items: a MID of any level, a UCDP interstate conflict (1946-2024)
DISPUTE_ITEMS: tuple[CountItem, ...] = (CountItem("mid_hostlev", 1.0),
                                        CountItem("ucdp_conflict", 1.0))
#: the columns that count as disputes (war anchors the scale; a fatal MID is a MID year)
DISPUTE_COLUMNS = ("mid_hostlev", "ucdp_conflict")
#: the descriptive label of each dyad-year (``regime``), most hostile first
HAZARD_LABELS = ("war", "dispute", "elevated", "peace")
#: the kernel grid searched by ``fit``
SHORT = (0.3, 0.5, 0.7)
LONG = (0.9, 0.95, 0.98)
MIX = (0.0, 0.02, 0.05, 0.1, 0.2)
PRIOR = (0.1, 0.25, 0.5, 1.0, 2.0)
#: how much of the evidence crosses an irregular change of government (``leader_break``)
CROSS = (0.0, 0.25, 0.5, 1.0)


def _grid_index(panel: pd.DataFrame):
    a = panel["ccode_a"].to_numpy(np.int64)
    b = panel["ccode_b"].to_numpy(np.int64)
    yr = panel["year"].to_numpy(np.int64)
    uk, inv = np.unique(a * 10000 + b, return_inverse=True)
    y0 = int(yr.min())
    return inv, (yr - y0).astype(np.int64), len(uk), int(yr.max()) - y0 + 1


def discounted_sums(M: np.ndarray, omega: float, two_sided: bool = True,
                    link: np.ndarray | None = None) -> np.ndarray:
    r"""Kernel sums :math:`\sum_s \omega^{|t-s|} \prod_{u} \ell_{du}\, M_{ds}` along the last
    axis (NaN counts 0), the product over the links :math:`\ell_{du}` between years ``u`` and
    ``u + 1`` that lie between s and t (``link`` dyads x years, 1 where absent); with
    ``two_sided=False`` only :math:`s \le t`. Pure; ``M`` is dyads x years.

    >>> discounted_sums(np.array([[1.0, 0.0, 0.0]]), 0.5).tolist()
    [[1.0, 0.5, 0.25]]
    """
    X = np.nan_to_num(np.asarray(M, dtype=float))
    L = None if link is None else np.asarray(link, dtype=float)
    f = np.empty_like(X)
    acc = np.zeros(X.shape[0])
    for t in range(X.shape[1]):
        acc = X[:, t] + (omega * acc if L is None or t == 0 else omega * L[:, t - 1] * acc)
        f[:, t] = acc
    if not two_sided:
        return f
    b = np.empty_like(X)
    acc = np.zeros(X.shape[0])
    for t in range(X.shape[1] - 1, -1, -1):
        acc = X[:, t] + (omega * acc if L is None else omega * L[:, t] * acc)
        b[:, t] = acc
    return f + b - X


def nb_loo_loglik(y: np.ndarray, a: np.ndarray, b: np.ndarray, n: np.ndarray) -> float:
    r"""Mean negative-binomial log predictive of counts ``y`` with exposure ``n`` under
    Gamma(``a``, ``b``) posteriors that leave each count out:
    :math:`\log\Gamma(a+y) - \log\Gamma(a) - \log y! + a\log\frac{b}{b+n} + y\log\frac{n}{b+n}`."""
    y = np.asarray(y, float)
    ll = a * np.log(b / (b + n))
    pos = y > 0
    ll[pos] += (special.gammaln(a[pos] + y[pos]) - special.gammaln(a[pos])
                - special.gammaln(y[pos] + 1) + y[pos] * np.log(n[pos] / (b[pos] + n[pos])))
    return float(ll.mean())


def _carry(A: np.ndarray, B: np.ndarray, n: np.ndarray, omega: float) -> None:
    r"""Past the last year an item is observed anywhere (a source's end, e.g. the MIDs' 2014),
    carry each dyad's evidence of that year forward at the long memory: years
    :math:`t > E` get :math:`\omega_2^{t-E}` times year :math:`E`'s sums, so the rate is kept
    and its interval widens (without this, every dyad would drift to the pooled rate)."""
    seen = np.flatnonzero(n.any(axis=0))
    if not len(seen) or seen[-1] == n.shape[1] - 1:
        return
    e = int(seen[-1])
    lam = omega ** np.arange(1, n.shape[1] - e)
    A[:, e + 1:] = A[:, [e]] * lam
    B[:, e + 1:] = B[:, [e]] * lam


class DisputeHazard:
    """Each dyad-year's hazard of a militarized dispute (see the module docstring;
    scikit-learn style: ``fit`` returns self, learned attributes end in ``_``).

    Parameters
    ----------
    items : the dispute indicators (:class:`CountItem`), the first sets the hazard's unit.
    short, long, mix, prior : the grids of :math:`\\omega_1, \\omega_2, \\alpha, s`.
    war_column : the yearly war indicator that anchors the value's scale (``_anchor``).
    cross, break_column : the grid of :math:`\\psi` and the dyad-year column marking an
        irregular change of government in either state (the link to the next year is
        multiplied by :math:`\\psi`).
    cut_column : the dyad-year column marking a new state under either code
        (``polity_break``): the link to the next year is 0.

    Attributes (after ``fit``)
    --------------------------
    base_rate_ : pooled yearly rate of the first item; item_rates_ : :math:`c_k` per item;
    short_, long_, mix_, prior_strength_, cross_ : the chosen kernel, prior and share of the
    evidence that crosses an irregular change of government; loglik_ : its
    leave-one-out log predictive per dyad-year; profile_ : every grid point's value;
    n_obs_ : observed dyad-years per item; n_events_ : dispute years per item; rho_ : the
    kernel's weight at one year, :math:`K(1)`; war_share_, war_value_, war_log_ratio_ : the
    scale's anchor.

    Value
    -----
    What closeness reads is ``hazard_value``
    :math:`e = v \\log(1 + \\theta/\\bar r) / g_w \\le 0`: 0 for a hazard far below the pooled
    rate, linear in the log hazard ratio above it (the latent scale of a logit item model),
    and on average the war band's mean :math:`v` in war years. Its 90% interval maps the
    gamma posterior's quantiles (the map is monotone).
    """

    def __init__(self, items: Iterable[CountItem] = DISPUTE_ITEMS, short=SHORT, long=LONG,
                 mix=MIX, prior=PRIOR, war_column: str = "war", cross=CROSS,
                 break_column: str = "leader_break", cut_column: str = "polity_break"):
        self.items = items
        self.cut_column = cut_column
        self.war_column = war_column
        self.cross = cross
        self.break_column = break_column
        self.short = short
        self.long = long
        self.mix = mix
        self.prior = prior

    def _links(self, panel: pd.DataFrame, cross: float):
        """Dyads x years links to the next year: ``cross`` from a year with an irregular
        change of government in either state, 0 from a year with a new state under either
        code, 1 elsewhere (None when no link is below 1)."""
        cut_column = getattr(self, "cut_column", None)
        marks = []
        if self.break_column in panel and cross != 1.0:
            marks.append((self.break_column, cross))
        if cut_column is not None and cut_column in panel:
            marks.append((cut_column, 0.0))
        hits = [(panel[c].to_numpy(dtype=float) >= 1, v) for c, v in marks]
        hits = [(h, v) for h, v in hits if h.any()]
        if not hits:
            return None
        inv, cols, D, T = _grid_index(panel)
        L = np.ones((D, T))
        for hit, v in hits:                     # the cut is applied last: it always wins
            L[inv[hit], cols[hit]] = np.minimum(L[inv[hit], cols[hit]], v)
        return L

    def _arrays(self, panel: pd.DataFrame):
        inv, cols, D, T = _grid_index(panel)
        Y, N = [], []
        for it in tuple(self.items):
            x = (panel[it.column].to_numpy(dtype=float) if it.column in panel
                 else np.full(len(panel), np.nan))
            obs = ~np.isnan(x)
            y = np.zeros((D, T))
            n = np.zeros((D, T))
            y[inv[obs], cols[obs]] = (x[obs] >= it.at_least).astype(float)
            n[inv[obs], cols[obs]] = 1.0
            Y.append(y)
            N.append(n)
        return inv, cols, Y, N

    def fit(self, panel: pd.DataFrame, progress: Any = None) -> "DisputeHazard":
        """Estimate the item rates and choose the kernel and prior (returns self)."""
        items = tuple(self.items)
        if not items:
            raise ValueError("DisputeHazard needs at least one item")
        _, _, Y, N = self._arrays(panel)
        self.n_obs_ = {it.column: int(n.sum()) for it, n in zip(items, N)}
        self.n_events_ = {it.column: int(y.sum()) for it, y in zip(items, Y)}
        if self.n_obs_[items[0].column] == 0 or self.n_events_[items[0].column] == 0:
            raise ValueError(f"no observed dispute years in {items[0].column!r}: "
                             "the hazard cannot be estimated")
        self.base_rate_ = self.n_events_[items[0].column] / self.n_obs_[items[0].column]
        rates = {items[0].column: 1.0}
        for it, y, n in zip(items[1:], Y[1:], N[1:]):
            both = (n > 0) & (N[0] > 0)
            e0 = float(Y[0][both].sum())
            rates[it.column] = float(y[both].sum()) / e0 if e0 > 0 else (
                float(y.sum()) / max(float(n.sum()), 1.0) / self.base_rate_)
        self.item_rates_ = rates
        y0, n0 = Y[0], N[0]
        obs = n0 > 0
        yv, nv = y0[obs], n0[obs]
        profile = []
        crosses = tuple(self.cross) if self.break_column in panel else (1.0,)
        for psi in crosses:
            L = self._links(panel, psi)
            sums = {w: (discounted_sums(y0, w, link=L), discounted_sums(n0, w, link=L))
                    for w in sorted(set(self.short) | set(self.long))}
            for w1 in self.short:
                for w2 in self.long:
                    for al in self.mix:
                        if al == 0.0 and w2 != self.long[0]:
                            continue                  # alpha = 0 ignores omega_2
                        sy = ((1 - al) * sums[w1][0] + al * sums[w2][0])[obs] - yv
                        sn = ((1 - al) * sums[w1][1] + al * sums[w2][1])[obs] - nv
                        for s in self.prior:
                            ll = nb_loo_loglik(yv, s * self.base_rate_ + sy, s + sn, nv)
                            profile.append({"cross": psi, "short": w1, "long": w2, "mix": al,
                                            "prior": s, "loglik": ll})
            if progress is not None:
                progress(len(profile), float("nan"))
        best = max(profile, key=lambda r: r["loglik"])
        self.short_, self.long_, self.mix_ = best["short"], best["long"], best["mix"]
        self.cross_ = best["cross"]
        self.prior_strength_ = best["prior"]
        self.loglik_ = best["loglik"]
        self.profile_ = pd.DataFrame(profile)
        self.rho_ = (1 - self.mix_) * self.short_ + self.mix_ * self.long_   # K(1)
        self._anchor(panel)
        return self

    def _anchor(self, panel: pd.DataFrame) -> None:
        r"""The scale of ``hazard_value``: the war dyad-years' share :math:`q` of the years a
        war is observed fixes the war band's mean :math:`v = -\phi(\Phi^{-1}(q))/q` (the mean
        of the lowest :math:`q` of a standard normal) and the mean log ratio
        :math:`g_w` of the war years; without a war column the band is that of the
        dispute years."""
        col = self.war_column if self.war_column in panel else tuple(self.items)[0].column
        x = panel[col].to_numpy(dtype=float)
        thr = 1.0
        war = x >= thr
        q = float(war.sum()) / max(float((~np.isnan(x)).sum()), 1.0)
        if not 0 < q < 1:
            raise ValueError(f"{col!r} has no war years to anchor the hazard's scale")
        z = special.ndtri(q)
        self.war_share_ = q
        self.war_value_ = float(-np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi) / q)
        a, b = self.posterior(panel)
        self.war_log_ratio_ = float(np.log1p((a / b)[war] / self.base_rate_).mean())

    def _fitted(self) -> None:
        if not hasattr(self, "short_"):
            from amity.errors import NotFittedError

            raise NotFittedError("the dispute hazard is not fitted: run `amity closeness-build`")

    def posterior(self, panel: pd.DataFrame, two_sided: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """Gamma shape and rate of each panel row's hazard (never refits)."""
        self._fitted()
        inv, cols, Y, N = self._arrays(panel)
        L = self._links(panel, getattr(self, "cross_", 1.0))
        A = np.zeros_like(Y[0])
        B = np.zeros_like(Y[0])
        for it, y, n in zip(tuple(self.items), Y, N):
            c = self.item_rates_.get(it.column, 1.0)
            Ak = np.zeros_like(A)
            Bk = np.zeros_like(B)
            for wt, w in ((1 - self.mix_, self.short_), (self.mix_, self.long_)):
                if wt > 0:
                    Ak += wt * discounted_sums(y, w, two_sided, L)
                    Bk += wt * c * discounted_sums(n, w, two_sided, L)
            _carry(Ak, Bk, n, self.long_)
            A += Ak
            B += Bk
        s = self.prior_strength_
        return (s * self.base_rate_ + A)[inv, cols], (s + B)[inv, cols]

    def value(self, rate) -> np.ndarray:
        """The value of a yearly hazard on the closeness scale (see Value above)."""
        return self.war_value_ * np.log1p(np.asarray(rate, float) / self.base_rate_) \
            / self.war_log_ratio_

    def predict(self, panel: pd.DataFrame) -> pd.DataFrame:
        """Per panel row: ``hazard`` (posterior mean), ``hazard_lo``/``hazard_hi`` (90%),
        ``hazard_filtered`` (years up to t), ``hazard_evidence`` (kernel-weighted observed
        years: 0 = prior only); ``hazard_value``, ``hazard_value_sd`` (the 90% interval's
        half-width over 1.645) and ``hazard_value_filtered``; ``latent``/``latent_sd``/
        ``latent_filtered`` (the same values, for the factor interface); ``regime`` (``war``
        or ``dispute`` in a year with one, else ``elevated`` at or above the pooled rate,
        else ``peace``: a label, not an input of the score) and ``indicators``."""
        a, b = self.posterior(panel)
        af, bf = self.posterior(panel, two_sided=False)
        m = a / b
        lo, hi = special.gammaincinv(a, 0.05) / b, special.gammaincinv(a, 0.95) / b
        e = self.value(m)
        esd = (self.value(lo) - self.value(hi)) / (2 * 1.6448536269514722)
        ef = self.value(af / bf)
        out = pd.DataFrame({"hazard": m, "hazard_lo": lo, "hazard_hi": hi,
                            "hazard_filtered": af / bf,
                            "hazard_evidence": b - self.prior_strength_,
                            "hazard_value": e, "hazard_value_sd": esd,
                            "hazard_value_filtered": ef,
                            "latent": e, "latent_sd": esd, "latent_filtered": ef})
        label = np.where(m >= self.base_rate_, "elevated", "peace").astype(object)
        seen = np.zeros(len(panel), dtype=bool)
        parts = []
        for it in tuple(self.items):
            x = (panel[it.column].to_numpy(dtype=float) if it.column in panel
                 else np.full(len(panel), np.nan))
            seen |= x >= it.at_least
            parts.append(np.where(~np.isnan(x), it.column, ""))
        label[seen] = "dispute"
        if self.war_column in panel:
            label[panel[self.war_column].to_numpy(dtype=float) >= 1] = "war"
        out["regime"] = label
        joined = np.asarray(parts[0], dtype=object)
        for q in parts[1:]:
            q = np.asarray(q, dtype=object)
            both = (joined != "") & (q != "")
            joined = np.where(both, joined + "," + q, np.where(joined != "", joined, q))
        out["indicators"] = joined
        out["carried"] = ""
        return out

    def parameter_table(self) -> pd.DataFrame:
        """One row per item (its relative rate, dispute years and observed years), the
        kernel and prior, and the scale's anchor (``regime`` column: the row's kind)."""
        self._fitted()
        rows = [{"item": k, "regime": "rate",
                 "p_distant": f"relative rate {self.item_rates_[k]:.4f}, "
                              f"{self.n_events_.get(k, 0)} dispute years",
                 "n_obs": self.n_obs_.get(k)} for k in self.item_rates_]
        rows.append({"item": "kernel", "regime": "all",
                     "p_distant": f"short {self.short_:.2f}, long {self.long_:.2f}, "
                                  f"across an irregular change of government "
                                  f"{self.cross_:.2f}, "
                                  f"mix {self.mix_:.2f}, prior {self.prior_strength_:.2f} "
                                  f"pseudo-years, pooled rate {self.base_rate_:.5f}, "
                                  f"leave-one-out log predictive {self.loglik_:.5f}",
                     "n_obs": None})
        rows.append({"item": "anchor", "regime": "all",
                     "p_distant": f"war share {self.war_share_:.5f}, band mean "
                                  f"{self.war_value_:+.2f}, mean log ratio "
                                  f"{self.war_log_ratio_:.3f}", "n_obs": None})
        return pd.DataFrame(rows)

    def to_dict(self) -> dict[str, Any]:
        self._fitted()
        return {"kind": "dispute_hazard",
                "items": [{"column": i.column, "at_least": i.at_least} for i in self.items],
                "base_rate": self.base_rate_, "item_rates": self.item_rates_,
                "short": self.short_, "long": self.long_, "mix": self.mix_,
                "prior_strength": self.prior_strength_, "loglik": self.loglik_,
                "cross": self.cross_, "break_column": self.break_column,
                "cut_column": self.cut_column,
                "n_obs": self.n_obs_, "n_events": self.n_events_,
                "war_column": self.war_column, "war_share": self.war_share_,
                "war_value": self.war_value_, "war_log_ratio": self.war_log_ratio_}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DisputeHazard":
        m = cls(items=tuple(CountItem(i["column"], float(i["at_least"])) for i in d["items"]),
                war_column=d.get("war_column", "war"),
                break_column=d.get("break_column", "leader_break"),
                cut_column=d.get("cut_column", "polity_break"))
        m.cross_ = float(d.get("cross", 1.0))
        m.base_rate_ = float(d["base_rate"])
        m.item_rates_ = {k: float(v) for k, v in d["item_rates"].items()}
        m.short_, m.long_, m.mix_ = float(d["short"]), float(d["long"]), float(d["mix"])
        m.prior_strength_ = float(d["prior_strength"])
        m.loglik_ = float(d["loglik"])
        m.n_obs_ = {k: int(v) for k, v in d["n_obs"].items()}
        m.n_events_ = {k: int(v) for k, v in d["n_events"].items()}
        m.war_share_ = float(d["war_share"])
        m.war_value_ = float(d["war_value"])
        m.war_log_ratio_ = float(d["war_log_ratio"])
        m.rho_ = (1 - m.mix_) * m.short_ + m.mix_ * m.long_
        return m
