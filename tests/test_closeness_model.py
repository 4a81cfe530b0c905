"""Closeness v3: the Kalman smoother against a hand computation, the probit pieces against
numerical derivatives, the estimator on a simulated panel (it recovers the latent's order and
the loadings' signs), and its bad input (not fitted, another model version)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from amity.errors import NotFittedError, StaleModelError
from amity.measures.closeness_model import (
    ClosenessModel,
    DynamicFactor,
    Item,
    _probit_terms,
    kalman_smooth,
)
from amity.measures.validation import roc_auc


def test_roc_auc_hand_value():
    # pairs (pos, neg): (0.35>0.1) (0.35<0.4) (0.8>0.1) (0.8>0.4): 3 of 4
    assert roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert roc_auc([1, 1, 1], [0, 1, 0]) == 0.5


def test_kalman_one_series_by_hand():
    # rho = 0.5, two years; one Gaussian observation z = 1 with precision 4 in year 1 only
    rho = 0.5
    G = np.array([[4.0 * 1.0, 0.0]])     # gradient at xhat = 0: h * (z - 0)
    H = np.array([[4.0, 0.0]])
    mf, Pf, ms, Ps, C = kalman_smooth(G, H, np.zeros((1, 2)), rho)
    # year 1: prior N(0, 1); posterior precision 5, mean 4/5
    assert Pf[0, 0] == pytest.approx(0.2)
    assert mf[0, 0] == pytest.approx(0.8)
    # year 2: predicted mean 0.4, variance 0.25 * 0.2 + 0.75 = 0.8; no observation
    assert mf[0, 1] == pytest.approx(0.4)
    assert Pf[0, 1] == pytest.approx(0.8)
    # smoothing changes nothing in year 1 (no later evidence)
    assert ms[0, 0] == pytest.approx(0.8)
    assert Ps[0, 0] == pytest.approx(0.2)
    # lag-one covariance J * P_s(2) with J = 0.2 * 0.5 / 0.8
    assert C[0, 1] == pytest.approx(0.125 * 0.8)


def test_probit_terms_match_numerical_derivatives():
    tau = np.array([-0.5, 0.7, 1.9])
    lam = 1.3
    x = np.array([-1.0, 0.2, 1.5, 0.0])
    y = np.array([0.0, 1.0, 3.0, 2.0])

    def logp(xx):
        t = np.concatenate([[-np.inf], tau, [np.inf]])
        yi = y.astype(int)
        return np.log(stats.norm.cdf(t[yi + 1] - lam * xx) - stats.norm.cdf(t[yi] - lam * xx))

    g, h = _probit_terms(y, x, lam, tau)
    e = 1e-5
    gn = (logp(x + e) - logp(x - e)) / (2 * e)
    hn = -(logp(x + e) - 2 * logp(x) + logp(x - e)) / (e * e)
    assert np.allclose(g, gn, atol=1e-5)
    assert np.allclose(h, hn, atol=1e-3)


def _simulated_panel(seed: int = 1, dyads: int = 300, years: int = 40) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    rho = 0.9
    x = np.zeros((dyads, years))
    x[:, 0] = rng.normal(size=dyads)
    for t in range(1, years):
        x[:, t] = rho * x[:, t - 1] + np.sqrt(1 - rho ** 2) * rng.normal(size=dyads)
    rows = []
    for d in range(dyads):
        for t in range(years):
            xi = x[d, t]
            rows.append({"year": 1816 + t, "ccode_a": 2 + d, "ccode_b": 2000 + d,
                         "ally": float(xi + rng.normal() > 1.0),
                         "fight": float(-1.5 * xi + rng.normal() > 2.0),
                         "votes": 0.8 * xi + rng.normal(scale=0.6)})
    return pd.DataFrame(rows), x


ITEMS_SIM = (Item("ally", "ordinal", (1,)), Item("fight", "ordinal", (1,)),
             Item("votes", "gaussian"))


def test_model_recovers_simulated_latent():
    panel, x = _simulated_panel()
    m = DynamicFactor(items=ITEMS_SIM, max_iter=25, anchor="ally").fit(panel)
    assert m.loadings_["ally"] > 0 and m.loadings_["fight"] < 0
    assert 0.75 < m.rho_ < 0.98
    post = m.predict(panel)
    truth = x.reshape(-1)
    r = np.corrcoef(post["latent"], truth)[0, 1]
    # the votes carry a dyad intercept (structure), so only within-dyad movements and the
    # ordinal items place the level: the order is still recovered
    assert r > 0.7
    assert (post["closeness_lo"] <= post["closeness"]).all()
    assert (post["closeness"] <= post["closeness_hi"]).all()
    assert post["indicators"].iloc[0] == "ally,fight,votes"
    # predict never refits: the same parameters give the same posterior
    again = m.predict(panel)
    assert np.array_equal(post["latent"].to_numpy(), again["latent"].to_numpy())
    # round trip of the stored parameters
    m2 = DynamicFactor.from_dict(m.to_dict())
    assert np.allclose(m2.predict(panel)["latent"], post["latent"])


def test_missing_years_widen_the_interval():
    panel, _ = _simulated_panel(dyads=120, years=30)
    m = DynamicFactor(items=ITEMS_SIM, max_iter=15, anchor="ally").fit(panel)
    gap = panel.copy()
    sel = (gap["ccode_a"] == 2) & (gap["year"] >= 1830)
    gap.loc[sel, ["ally", "fight", "votes"]] = np.nan
    a = m.predict(panel)
    b = m.predict(gap)
    width_a = (a["closeness_hi"] - a["closeness_lo"])[sel.to_numpy()].mean()
    width_b = (b["closeness_hi"] - b["closeness_lo"])[sel.to_numpy()].mean()
    assert width_b > width_a + 0.1
    assert b.loc[sel.to_numpy(), "indicators"].eq("").all()


def test_not_fitted_and_stale_version():
    with pytest.raises(NotFittedError, match="amity closeness-build"):
        ClosenessModel().predict(pd.DataFrame({"year": [2000], "ccode_a": [2], "ccode_b": [20]}))
    with pytest.raises(StaleModelError, match="refit"):
        ClosenessModel.from_dict({"version": "closeness-v0"})


def _two_factor_panel(seed: int = 3, dyads: int = 200, years: int = 40):
    """Peace (p) drives the fights, alignment (a) the alliances and the votes."""
    rng = np.random.default_rng(seed)
    rho = 0.9

    def ar():
        x = np.zeros((dyads, years))
        x[:, 0] = rng.normal(size=dyads)
        for t in range(1, years):
            x[:, t] = rho * x[:, t - 1] + np.sqrt(1 - rho ** 2) * rng.normal(size=dyads)
        return x

    p, a = ar(), ar()
    rows = []
    for d in range(dyads):
        for t in range(years):
            rows.append({"year": 1816 + t, "ccode_a": 2 + d, "ccode_b": 2000 + d,
                         "mid_hostlev": float(-1.5 * p[d, t] + rng.normal() > 1.5),
                         "atop_bilateral": float(a[d, t] + rng.normal() > 1.0),
                         "un_kappa": 0.8 * a[d, t] + rng.normal(scale=0.6)})
    return pd.DataFrame(rows), p, a


def test_two_factors_combine_peace_and_alignment():
    panel, p, a = _two_factor_panel()
    hostile = (Item("mid_hostlev", "ordinal", (1,)),)
    align = (Item("atop_bilateral", "ordinal", (1,)), Item("un_kappa", "gaussian"))
    m = ClosenessModel(hostility_items=hostile, alignment_items=align, alignment_weight=0.5,
                       max_iter=20, peace_model="factor").fit(panel)
    # orientation: fights load negatively on peace, alliances positively on alignment
    assert m.loadings_["mid_hostlev"] < 0 and m.loadings_["atop_bilateral"] > 0
    post = m.predict(panel)
    assert np.corrcoef(post["peace"], p.reshape(-1))[0, 1] > 0.5
    assert np.corrcoef(post["alignment"], a.reshape(-1))[0, 1] > 0.6
    # closeness is 2 Phi(z) - 1 of z = (peace + w alignment) / sqrt(1 + w^2)
    z = (post["peace"] + 0.5 * post["alignment"]) / np.sqrt(1.25)
    assert np.allclose(post["closeness"], 2 * stats.norm.cdf(z) - 1)
    assert (post["closeness_lo"] <= post["closeness"]).all()
    assert (post["closeness"] <= post["closeness_hi"]).all()
    truth = ((p + 0.5 * a) / np.sqrt(1.25)).reshape(-1)
    assert np.corrcoef(post["latent"], truth)[0, 1] > 0.6
    # the stored parameters give the same posterior
    again = ClosenessModel.from_dict(m.to_dict()).predict(panel)
    assert np.allclose(again["closeness"], post["closeness"])
    table = m.parameter_table()
    assert set(table["factor"]) == {"peace", "alignment"}


def test_filtered_value_ignores_later_years():
    """The filtered closeness of year t is the same whatever happens after t (no later year
    enters through the linearization point of the ordinal items)."""
    panel, _, _ = _two_factor_panel(dyads=60, years=30)
    hostile = (Item("mid_hostlev", "ordinal", (1,)),)
    align = (Item("atop_bilateral", "ordinal", (1,)), Item("un_kappa", "gaussian"))
    m = ClosenessModel(hostility_items=hostile, alignment_items=align, max_iter=10,
                       peace_model="factor").fit(panel)
    changed = panel.copy()
    late = changed["year"] >= 1836
    changed.loc[late, "mid_hostlev"] = 1.0 - changed.loc[late, "mid_hostlev"]
    changed.loc[late, "un_kappa"] = -changed.loc[late, "un_kappa"]
    a, b = m.predict(panel), m.predict(changed)
    early = ~late.to_numpy()
    assert np.allclose(a.loc[early, "closeness_filtered"], b.loc[early, "closeness_filtered"])
    # the smoothed value does use the later years
    assert not np.allclose(a.loc[early, "closeness"], b.loc[early, "closeness"])


def test_kalman_cut_link_splits_the_series():
    # a cut after year 2 of 5 gives the same filter and smoother as two separate series
    rng = np.random.default_rng(2)
    G = rng.normal(size=(1, 5))
    H = np.abs(rng.normal(size=(1, 5))) + 0.5
    cut = np.zeros((1, 5), dtype=bool)
    cut[0, 2] = True
    rho = 0.8
    mf, Pf, ms, Ps, C = kalman_smooth(G, H, np.zeros((1, 5)), rho, cut)
    first = kalman_smooth(G[:, :3], H[:, :3], np.zeros((1, 3)), rho)
    second = kalman_smooth(G[:, 3:], H[:, 3:], np.zeros((1, 2)), rho)
    assert np.allclose(ms[0, :3], first[2][0]) and np.allclose(Ps[0, :3], first[3][0])
    assert np.allclose(ms[0, 3:], second[2][0]) and np.allclose(Ps[0, 3:], second[3][0])
    assert C[0, 3] == 0.0                          # no covariance across the cut
    # without the cut the second part borrows from the first
    ms0 = kalman_smooth(G, H, np.zeros((1, 5)), rho)[2]
    assert not np.allclose(ms0[0, 3:], second[2][0])


def test_double_centering_removes_each_states_position():
    # an additive pattern u_a + u_b plus a dyad term: with 60 states the centering leaves the
    # dyad term (up to O(1/n)) and drops the states' positions
    from amity.measures.closeness_model import double_centered

    rng = np.random.default_rng(3)
    n = 60
    u = rng.normal(0, 2, n)
    a, b = np.triu_indices(n, 1)
    e = rng.normal(0, 0.5, len(a))
    e -= e.mean()
    x = u[a] + u[b] + e
    dc = double_centered(x, a + 1, b + 1, np.full(len(a), 1990))
    assert np.corrcoef(x, e)[0, 1] < 0.3
    assert np.corrcoef(dc, e)[0, 1] > 0.95
    assert abs(float(np.mean(dc))) < 1e-9


def test_state_intercepts_recover_additive_effects():
    from amity.measures.closeness_model import _state_intercepts

    rng = np.random.default_rng(4)
    n = 30
    mu = rng.normal(0, 1, n)
    a, b = np.triu_indices(n, 1)
    sw = rng.integers(1, 40, len(a)).astype(float)
    sr = sw * (mu[a] + mu[b])                 # every year's residual is exactly mu_a + mu_b
    dy = pd.DataFrame({"ccode_a": a + 100, "ccode_b": b + 100})
    alpha = _state_intercepts(sr, sw, dy, sweeps=400)
    np.testing.assert_allclose(alpha, mu[a] + mu[b], atol=1e-4)
