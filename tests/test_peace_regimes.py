"""The peace regimes of closeness v3 (a hidden Markov model): forward-backward against a hand
enumeration, the band scores against the normal distribution, recovery of known transitions
and emissions from a simulated panel, quiet years as evidence, a causal filter, and the
combination with the alignment factor."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from amity.errors import NotFittedError
from amity.measures.closeness_model import ClosenessModel, Item
from amity.measures.peace_regimes import PeaceRegimes, _band_means

MID = (Item("mid_hostlev", "ordinal", (1,)),)


def test_forward_backward_matches_enumeration():
    # two regimes, three years, one binary item; every path enumerated by hand
    start = np.array([0.2, 0.8])
    A = np.array([[0.7, 0.3], [0.1, 0.9]])
    emit = np.array([[0.5, 0.5], [0.95, 0.05]])          # P(y | regime)
    y = [1, 0, 0]
    logE = np.log(np.stack([emit[:, v] for v in y]))[None, :, :]
    present = np.ones((1, 3), dtype=bool)
    linked = np.array([[False, True, True]])
    alpha, gamma, xi, ll = PeaceRegimes._forward_backward(logE, present, linked, start, A)
    joint = {}
    for path in itertools.product(range(2), repeat=3):
        p = start[path[0]] * emit[path[0], y[0]]
        for t in (1, 2):
            p *= A[path[t - 1], path[t]] * emit[path[t], y[t]]
        joint[path] = p
    total = sum(joint.values())
    assert ll == pytest.approx(np.log(total))
    for t in range(3):
        p0 = sum(v for k, v in joint.items() if k[t] == 0) / total
        assert gamma[0, t, 0] == pytest.approx(p0)
    # filtered at year 1 uses year 1 only: P(s1 = 0 | y1) by Bayes
    f0 = start[0] * emit[0, 1] / (start @ emit[:, 1])
    assert alpha[0, 0, 0] == pytest.approx(f0)
    # expected transitions sum to the two links
    assert xi.sum() == pytest.approx(2.0)


def test_band_means_of_the_normal():
    # two halves of N(0, 1): means -/+ phi(0) / 0.5
    m = _band_means(np.array([0.5, 0.5]))
    assert m == pytest.approx([-2 * stats.norm.pdf(0), 2 * stats.norm.pdf(0)])
    # the mean over all bands is 0 (the bands partition the distribution)
    s = np.array([0.01, 0.04, 0.95])
    assert float(s @ _band_means(s)) == pytest.approx(0.0, abs=1e-12)


def _simulated(seed=5, dyads=300, years=60):
    rng = np.random.default_rng(seed)
    A = np.array([[0.9, 0.1], [0.02, 0.98]])
    p_mid = np.array([0.5, 0.01])
    rows, states = [], []
    for d in range(dyads):
        s = int(rng.random() < 0.9)
        for t in range(years):
            if t:
                s = int(rng.random() < A[s, 1])
            states.append(s)
            rows.append({"year": 1900 + t, "ccode_a": 2 + d, "ccode_b": 2000 + d,
                         "mid_hostlev": float(rng.random() < p_mid[s])})
    return pd.DataFrame(rows), np.array(states), A, p_mid


def test_fit_recovers_transitions_and_emissions():
    panel, states, A, p_mid = _simulated()
    m = PeaceRegimes(items=MID, n_states=2, structure=(), shrinkage=1.0).fit(panel)
    # regime 0 is the hostile one (ordered by the probability of a quiet year)
    assert m.transitions_[0, 0] == pytest.approx(A[0, 0], abs=0.04)
    assert m.transitions_[1, 1] == pytest.approx(A[1, 1], abs=0.01)
    e = m.emissions_["mid_hostlev"][0]
    assert e[0, 1] == pytest.approx(p_mid[0], abs=0.05)
    assert e[1, 1] == pytest.approx(p_mid[1], abs=0.01)
    post = m.predict(panel)
    truth = np.where(states == 0, "hostility", "peace")
    assert (post["regime"].to_numpy() == truth).mean() > 0.9
    assert m.loglik_trace_[-1] >= m.loglik_trace_[0]
    # the stored parameters give the same posterior (predict never refits)
    again = PeaceRegimes.from_dict(m.to_dict()).predict(panel)
    assert np.allclose(again["latent"], post["latent"])
    table = m.parameter_table()
    assert {"transition", "entry", "mid_hostlev"} <= set(table["item"])


def test_quiet_years_restore_peace_and_filter_is_causal():
    panel, _, _, _ = _simulated(dyads=200, years=40)
    m = PeaceRegimes(items=MID, n_states=2, structure=()).fit(panel)
    # one dyad: disputes in its first five years, then twenty quiet years
    one = pd.DataFrame({"year": np.arange(1900, 1925), "ccode_a": 2, "ccode_b": 3,
                        "mid_hostlev": [1.0] * 5 + [0.0] * 20})
    post = m.predict(one)
    # filtered: each quiet year is more evidence of peace
    late = post["latent_filtered"].to_numpy()[5:]
    assert (np.diff(late) > 0).all()
    assert late[-1] > late[0] + 1.0
    assert post["latent"].iloc[12] > post["latent"].iloc[2] + 1.0
    assert post["p_hostility"].iloc[2] > 0.9 and post["p_peace"].iloc[-1] > 0.9
    # the filtered value of year t does not change when later years do
    changed = one.copy()
    changed.loc[changed["year"] >= 1912, "mid_hostlev"] = 1.0
    a, b = m.predict(one), m.predict(changed)
    early = (one["year"] < 1912).to_numpy()
    assert np.allclose(a.loc[early, "latent_filtered"], b.loc[early, "latent_filtered"])
    assert not np.allclose(a.loc[early, "latent"], b.loc[early, "latent"])


def test_not_fitted_and_bad_regime_count():
    with pytest.raises(NotFittedError, match="amity closeness-build"):
        PeaceRegimes().predict(pd.DataFrame({"year": [2000], "ccode_a": [2], "ccode_b": [20]}))
    with pytest.raises(ValueError, match="n_states"):
        PeaceRegimes(n_states=9).fit(pd.DataFrame({"year": [2000], "ccode_a": [2],
                                                    "ccode_b": [20], "mid_hostlev": [0.0]}))


def test_hazard_ratios_by_hand():
    # two dyads x two years, two regimes: posterior weights and MIDs chosen so the counts are
    # easy: regime 0 holds weight 1.5 with 1.2 of it on MID years, regime 1 weight 2.5 with 0.3
    from types import SimpleNamespace

    Y = np.array([[1.0, 0.0], [1.0, np.nan]])
    gamma = np.array([[[0.6, 0.4], [0.3, 0.7]], [[0.6, 0.4], [0.5, 0.5]]])
    m = PeaceRegimes(items=MID, n_states=2)
    hr = m._hazard_ratios(SimpleNamespace(Y={"mid_hostlev": Y}), gamma)
    # observed cells: (0,0) MID, (0,1) quiet, (1,0) MID; the NaN cell is left out
    r0 = (0.6 + 0.6 + 0.5) / (1.5 + 1.0)
    r1 = (0.4 + 0.4 + 0.5) / (1.5 + 1.0)
    assert hr == pytest.approx([np.log(r0 / r1), 0.0])


@pytest.mark.parametrize("combination", ["evidence", "bands"])
def test_closeness_combines_regimes_and_alignment(combination):
    rng = np.random.default_rng(11)
    panel, states, _, _ = _simulated(dyads=150, years=40)
    a = np.zeros(len(panel))
    for d in range(150):
        sl = slice(d * 40, (d + 1) * 40)
        a[sl] = rng.normal() + np.cumsum(rng.normal(scale=0.2, size=40))
    panel["atop_bilateral"] = (a + rng.normal(size=len(a)) > 1.0).astype(float)
    panel["un_kappa"] = 0.8 * a + rng.normal(scale=0.5, size=len(a))
    align = (Item("atop_bilateral", "ordinal", (1,)), Item("un_kappa", "gaussian"))
    m = ClosenessModel(hostility_items=MID, alignment_items=align, alignment_weight=0.5,
                       structure=(), n_regimes=2, max_iter=10, combination=combination,
                       peace_model="regimes").fit(panel)
    post = m.predict(panel)
    if combination == "bands":
        z = (post["peace"] + 0.5 * post["alignment"]) / np.sqrt(1.25)
    else:
        # peace is the regime's value: 0 at peace, the war band's mean in the worst regime,
        # in between by the log ratio of the MID hazard; alignment adds with weight 0.5
        ev = m.peace_.evidence_values_
        assert ev[-1] == 0.0 and ev[0] == pytest.approx(m.peace_.state_values_[0])
        assert m.peace_.hazard_ratios_[0] > 0
        assert (post["peace"] <= 1e-12).all()
        z = post["peace"] + 0.5 * post["alignment"]
    assert np.allclose(post["closeness"], 2 * stats.norm.cdf(z) - 1)
    assert (post["closeness_lo"] <= post["closeness"]).all()
    assert (post["closeness"] <= post["closeness_hi"]).all()
    # hostile regime years read lower than peaceful ones, alignment orders the rest
    hostile = states == 0
    assert post.loc[hostile, "closeness"].mean() < post.loc[~hostile, "closeness"].mean() - 0.5
    assert np.corrcoef(post["alignment"], a)[0, 1] > 0.6
    assert set(post["regime"]) == {"hostility", "peace"}
    again = ClosenessModel.from_dict(m.to_dict()).predict(panel)
    assert np.allclose(again["closeness"], post["closeness"])
    table = m.parameter_table()
    assert set(table["factor"]) == {"peace", "alignment"}
