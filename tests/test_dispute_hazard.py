"""The dispute hazard of closeness v3.5 (local likelihood with a gamma prior): kernel sums,
the conjugate posterior and the leave-one-out predictive by hand, the carry past a source's
end, the kernel chosen by the data, and the value's scale."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from amity.measures.dispute_hazard import (CountItem, DisputeHazard, discounted_sums,
                                           nb_loo_loglik)


def _fixed(short=0.5, long=0.9, mix=0.2, prior=1.0, base=0.01, items=(CountItem("mid", 1),)):
    m = DisputeHazard(items=items)
    m.short_, m.long_, m.mix_, m.prior_strength_, m.base_rate_ = short, long, mix, prior, base
    m.item_rates_ = {it.column: 1.0 for it in items}
    return m


def test_discounted_sums_by_hand():
    M = np.array([[1.0, 0.0, 2.0]])
    # two-sided: t=0: 1 + 0.25*2 = 1.5; t=1: 0.5 + 0.5*2 = 1.5; t=2: 2 + 0.25 = 2.25
    assert discounted_sums(M, 0.5).tolist() == [[1.5, 1.5, 2.25]]
    # one-sided: 1, 0.5, 2.25
    assert discounted_sums(M, 0.5, two_sided=False).tolist() == [[1.0, 0.5, 2.25]]
    assert discounted_sums(np.array([[np.nan, 1.0]]), 0.5).tolist() == [[0.5, 1.0]]


def test_posterior_by_hand():
    m = _fixed()
    panel = pd.DataFrame({"year": [2000, 2001, 2002], "ccode_a": 2, "ccode_b": 20,
                          "mid": [1.0, 0.0, 0.0]})
    a, b = m.posterior(panel)
    K = lambda d: 0.8 * 0.5 ** d + 0.2 * 0.9 ** d          # noqa: E731
    for t in range(3):
        assert a[t] == pytest.approx(1.0 * 0.01 + K(t))
        assert b[t] == pytest.approx(1.0 + K(t) + K(abs(t - 1)) + K(abs(t - 2)))
    af, bf = m.posterior(panel, two_sided=False)
    assert af[1] == pytest.approx(0.01 + K(1)) and bf[1] == pytest.approx(1 + K(0) + K(1))


def test_loo_predictive_is_the_negative_binomial():
    y, a, b, n = np.array([0.0, 1.0, 2.0]), np.array([0.3, 0.7, 1.5]), np.array([2.0, 5.0, 1.0]), np.ones(3)
    want = np.mean([stats.nbinom.logpmf(int(yy), aa, bb / (bb + 1)) for yy, aa, bb in zip(y, a, b)])
    assert nb_loo_loglik(y, a, b, n) == pytest.approx(want)


def _simulated(seed=3, dyads=120, years=80):
    rng = np.random.default_rng(seed)
    rows, rival = [], []
    for d in range(dyads):
        hot = d < dyads // 4
        for t in range(years):
            inside = hot and 20 <= t < 60                    # a forty-year rivalry
            rate = 0.25 if inside else 0.004
            rows.append({"year": 1900 + t, "ccode_a": 2, "ccode_b": 100 + d,
                         "mid_hostlev": float(rng.random() < rate) * 4.0,
                         "war": float(rng.random() < (0.05 if inside else 0.0005))})
            rival.append(inside)
    return pd.DataFrame(rows), np.array(rival)


def test_fit_ranks_rivalry_years_and_chooses_the_kernel_by_the_data():
    panel, rival = _simulated()
    m = DisputeHazard(items=(CountItem("mid_hostlev", 1.0),)).fit(panel)
    assert m.short_ in m.short and m.long_ in m.long and m.mix_ in m.mix
    assert m.loglik_ == pytest.approx(m.profile_["loglik"].max())
    assert m.base_rate_ == pytest.approx((panel["mid_hostlev"] >= 1).mean())
    post = m.predict(panel)
    quiet_rival = rival & (panel["mid_hostlev"].to_numpy() == 0)
    # a quiet year inside the rivalry still reads a far higher hazard than peace years
    assert post.loc[quiet_rival, "hazard"].median() > 10 * post.loc[~rival, "hazard"].median()
    assert (post["hazard_value"] <= 0).all() and (post["hazard_lo"] <= post["hazard"]).all()
    assert (post["hazard"] <= post["hazard_hi"]).all()
    # the scale: the war years' mean value is the war band's mean
    war = panel["war"].to_numpy() >= 1
    assert post.loc[war, "hazard_value"].mean() == pytest.approx(m.war_value_, rel=0.02)
    q = war.mean()
    assert m.war_value_ == pytest.approx(-stats.norm.pdf(stats.norm.ppf(q)) / q)
    assert set(post["regime"]) <= {"war", "dispute", "elevated", "peace"}
    again = DisputeHazard.from_dict(m.to_dict()).predict(panel)
    assert np.allclose(again["hazard_value"], post["hazard_value"])


def test_filtered_hazard_ignores_later_years():
    panel, _ = _simulated(dyads=30, years=40)
    m = DisputeHazard(items=(CountItem("mid_hostlev", 1.0),)).fit(panel)
    changed = panel.copy()
    late = changed["year"] >= 1920
    changed.loc[late, "mid_hostlev"] = 4.0 - changed.loc[late, "mid_hostlev"]
    a, b = m.predict(panel), m.predict(changed)
    early = ~late.to_numpy()
    assert np.allclose(a.loc[early, "hazard_filtered"], b.loc[early, "hazard_filtered"])
    assert not np.allclose(a.loc[early, "hazard"], b.loc[early, "hazard"])


def test_carried_past_the_source_end_keeps_the_rate_and_widens():
    m = _fixed(prior=0.001, base=0.01)
    years = list(range(2000, 2010))
    mid = [1.0, 0, 1, 0, 1, 0, np.nan, np.nan, np.nan, np.nan]   # the source ends in 2005
    panel = pd.DataFrame({"year": years, "ccode_a": 2, "ccode_b": 20, "mid": mid})
    a, b = m.posterior(panel)
    rate = a / b
    assert rate[6:] == pytest.approx([rate[5]] * 4, rel=1e-3)     # the 2005 rate is carried
    width = stats.gamma.ppf(0.95, a, scale=1 / b) - stats.gamma.ppf(0.05, a, scale=1 / b)
    assert all(np.diff(width[5:]) > 0)                            # and its interval widens


def test_value_scale_and_errors():
    m = _fixed(base=0.01)
    m.war_value_, m.war_log_ratio_ = -3.0, np.log(11.0)
    assert m.value(0.0) == 0.0
    assert m.value(0.1) == pytest.approx(-3.0)                    # log(1 + 0.1/0.01) = log 11
    with pytest.raises(ValueError, match="no observed dispute years"):
        DisputeHazard(items=(CountItem("mid", 1),)).fit(
            pd.DataFrame({"year": [2000], "ccode_a": [2], "ccode_b": [20], "mid": [0.0]}))
    from amity.errors import NotFittedError

    with pytest.raises(NotFittedError, match="closeness-build"):
        DisputeHazard().predict(pd.DataFrame({"year": [2000], "ccode_a": [2], "ccode_b": [20]}))


def test_an_irregular_change_of_government_cuts_the_links_by_the_chosen_share():
    M = np.array([[1.0, 0.0, 0.0, 0.0]])
    link = np.array([[1.0, 0.5, 1.0, 1.0]])        # a break in year 1: the link 1 -> 2 halves
    # t=0: 1; t=1: 0.5; t=2: 0.25 * 0.5; t=3: 0.125 * 0.5
    assert discounted_sums(M, 0.5, link=link).tolist() == [[1.0, 0.5, 0.125, 0.0625]]
    back = np.array([[0.0, 0.0, 0.0, 1.0]])
    assert discounted_sums(back, 0.5, link=link).tolist() == [[0.0625, 0.125, 0.5, 1.0]]


def test_fit_chooses_how_much_evidence_crosses_a_break():
    # every dyad's hazard is reset at a change of government half-way: before, a rivalry;
    # after, peace; the leave-one-out likelihood prefers not to carry the rivalry across
    rng = np.random.default_rng(5)
    rows = []
    for d in range(80):
        for t in range(60):
            rate = 0.3 if t < 30 else 0.002
            rows.append({"year": 1900 + t, "ccode_a": 2, "ccode_b": 100 + d,
                         "mid_hostlev": float(rng.random() < rate), "leader_break": float(t == 29),
                         "war": float(t == 5 and d < 10)})
    panel = pd.DataFrame(rows)
    m = DisputeHazard(items=(CountItem("mid_hostlev", 1.0),)).fit(panel)
    assert m.cross_ < 1.0 and set(m.profile_["cross"]) == {0.0, 0.25, 0.5, 1.0}
    without = DisputeHazard(items=(CountItem("mid_hostlev", 1.0),)).fit(
        panel.drop(columns="leader_break"))
    assert without.cross_ == 1.0                  # no break column: nothing is cut
    after = panel["year"].between(1931, 1935).to_numpy()
    assert m.predict(panel).loc[after, "hazard"].mean() < \
        without.predict(panel.drop(columns="leader_break")).loc[after, "hazard"].mean()


def test_a_new_state_under_an_old_code_starts_a_new_record():
    # a rivalry of thirty years under one actor, then a revolution (polity_break in year 29):
    # the posterior of every later year equals the one computed on the later years alone,
    # and the earlier years' equals the one computed on them alone (the link is cut outright,
    # whatever the likelihood would choose)
    rng = np.random.default_rng(11)
    rows = []
    for t in range(60):
        rows.append({"year": 1900 + t, "ccode_a": 2, "ccode_b": 710,
                     "mid": float(rng.random() < (0.4 if t < 30 else 0.02)),
                     "polity_break": float(t == 29)})
    panel = pd.DataFrame(rows)
    m = _fixed()
    a, b = m.posterior(panel)
    late = panel["year"] >= 1930
    a2, b2 = m.posterior(panel[late].drop(columns="polity_break"))
    assert np.allclose(a[late.to_numpy()], a2) and np.allclose(b[late.to_numpy()], b2)
    a1, b1 = m.posterior(panel[~late].drop(columns="polity_break"))
    assert np.allclose(a[~late.to_numpy()], a1) and np.allclose(b[~late.to_numpy()], b1)
    # without the column the rivalry's evidence reaches the later years
    a0, _ = m.posterior(panel.drop(columns="polity_break"))
    assert a0[30] > a[30] + 0.1
