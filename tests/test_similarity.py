"""Foreign-policy similarity: hand-computed values, identities, the vectorized all-pairs
matrix against the scalar functions, portfolios from small ATOP and vote fixtures."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats

from amity.errors import InputError
from amity.measures.similarity import (alliance_portfolios, alliance_values, cohen_kappa,
                                       kendall_tau_b, pair_similarity, s_score, scotts_pi,
                                       similarity_by_year, similarity_matrix, vote_portfolios)

X = (1, 1, 0, 0)
Y = (1, 0, 0, 0)


def test_kappa_and_pi_hand_values():
    # P_o = 3/4; kappa: P_e = .5*.75 + .5*.25 = .5 -> (.75-.5)/.5 = 0.5
    assert cohen_kappa(X, Y) == pytest.approx(0.5)
    # pi: pooled p(1) = 3/8, p(0) = 5/8, P_e = 34/64 -> (.75 - 34/64)/(1 - 34/64) = 7/15
    assert scotts_pi(X, Y) == pytest.approx(7 / 15)
    assert round(scotts_pi(X, Y), 4) == 0.4667
    # binary codes: absolute distance = nominal distance
    assert cohen_kappa(X, Y, "absolute") == pytest.approx(0.5)
    assert scotts_pi(X, Y, "squared") == pytest.approx(7 / 15)


def test_s_hand_values():
    # one disagreement of size 1 over 4 items, dmax 1: S = 1 - 2*1/4 = 0.5
    assert s_score(X, Y, dmax=1) == pytest.approx(0.5)
    x, y = (3, 0, 2, 1), (3, 3, 0, 1)
    # |d| = 0,3,2,0 -> 1 - 2*5/(4*3) = 1/6 ; squared: 0,9,4,0 -> 1 - 2*13/(4*9) = 5/18
    assert s_score(x, y, dmax=3) == pytest.approx(1 / 6)
    assert s_score(x, y, dmax=9, squared=True) == pytest.approx(5 / 18)
    # opposite extremes everywhere -> -1
    assert s_score((0, 0, 3), (3, 3, 0), dmax=3) == pytest.approx(-1.0)


def test_weighted_s_by_cinc():
    x, y = (3, 0, 2, 1), (3, 3, 0, 1)
    w = np.array([0.20, 0.05, 0.10, 0.65])           # CINC shares of the four item-states
    # weighted: 1 - 2*(0.05*3 + 0.10*2)/(1.0*3) = 1 - 0.7/3
    assert s_score(x, y, dmax=3, weights=w) == pytest.approx(1 - 0.7 / 3)
    M = similarity_matrix(np.array([x, y], float), "s_abs", dmax=3, weights=w)
    assert M[0, 1] == pytest.approx(1 - 0.7 / 3)
    # equal weights give the unweighted S
    assert s_score(x, y, 3, weights=[2, 2, 2, 2]) == pytest.approx(s_score(x, y, 3))


def test_identities_and_undefined():
    p = (3, 0, 1, 2, 0)
    assert s_score(p, p, 3) == 1.0
    assert s_score(p, p, 9, squared=True) == 1.0
    assert cohen_kappa(p, p) == pytest.approx(1.0)
    assert scotts_pi(p, p, "absolute") == pytest.approx(1.0)
    assert kendall_tau_b(p, p) == pytest.approx(1.0)
    # constant identical portfolios: chance agreement is total -> undefined
    c = (0, 0, 0, 0)
    assert np.isnan(cohen_kappa(c, c))
    assert np.isnan(scotts_pi(c, c))
    assert np.isnan(kendall_tau_b(c, c))
    assert s_score(c, c, 3) == 1.0          # S ignores chance: two states with no allies
    # no common item
    assert np.isnan(s_score([1, np.nan], [np.nan, 2], 2))
    assert np.isnan(cohen_kappa([1, np.nan], [np.nan, 2]))


def test_tau_b_matches_scipy():
    rng = np.random.default_rng(3)
    for _ in range(20):
        x = rng.integers(0, 4, 15)
        y = rng.integers(0, 4, 15)
        ref = scipy.stats.kendalltau(x, y).statistic
        got = kendall_tau_b(x, y)
        if np.isnan(ref):
            assert np.isnan(got)
        else:
            assert got == pytest.approx(ref, abs=1e-12)


@pytest.mark.parametrize("measure", ["s_abs", "s_sq", "kappa", "pi", "taub"])
def test_matrix_equals_scalar_loop_with_missing(measure):
    rng = np.random.default_rng(7)
    P = rng.integers(0, 4, (9, 14)).astype(float)
    P[rng.random(P.shape) < 0.2] = np.nan
    P[4] = 2.0                               # a constant row
    cats = [0, 1, 2, 3]
    M = similarity_matrix(P, measure, dmax=3 if measure == "s_abs" else 9, categories=cats)
    f = {"s_abs": lambda a, b: s_score(a, b, 3),
         "s_sq": lambda a, b: s_score(a, b, 9, squared=True),
         "kappa": lambda a, b: cohen_kappa(a, b, "absolute", cats),
         "pi": lambda a, b: scotts_pi(a, b, "absolute", cats),
         "taub": kendall_tau_b}[measure]
    L = np.array([[f(P[i], P[j]) for j in range(9)] for i in range(9)])
    assert np.array_equal(np.isnan(M), np.isnan(L))
    np.testing.assert_allclose(M[~np.isnan(M)], L[~np.isnan(L)], atol=1e-12)
    np.testing.assert_allclose(np.nan_to_num(M), np.nan_to_num(M.T), atol=1e-12)


def test_kappa_relations():
    # pi <= kappa is not a law, but with equal marginals they coincide
    x = (1, 2, 3, 1, 2, 3)
    y = (3, 2, 1, 1, 2, 3)
    assert cohen_kappa(x, y) == pytest.approx(scotts_pi(x, y))
    # perfect disagreement on binary codes with equal marginals: kappa = -1
    assert cohen_kappa((0, 1, 0, 1), (1, 0, 1, 0)) == pytest.approx(-1.0)


def test_bad_input():
    with pytest.raises(InputError):
        s_score([1, 2], [1, 2, 3], 3)
    with pytest.raises(InputError):
        s_score([1, 2], [1, 2], 0)
    with pytest.raises(InputError):
        cohen_kappa([1, 2], [1, 2], metric="cosine")
    with pytest.raises(InputError):
        similarity_matrix(np.zeros((2, 2)), "jaccard")
    with pytest.raises(InputError):
        s_score([1, 2], [1, 2], 3, weights=[-1, 1])


ATOP = pd.DataFrame({
    # 2 -> 20 defense (asymmetric: only one direction coded), 20 <-> 200 neutrality,
    # 2 <-> 200 non-aggression, 200 <-> 365 consultation + non-aggression
    "ccode1": [2, 20, 200, 2, 200, 200, 365],
    "ccode2": [20, 200, 20, 200, 2, 365, 200],
    "year": [1950] * 7,
    "atop_defense": [1, 0, 0, 0, 0, 0, 0],
    "atop_offense": [0, 0, 0, 0, 0, 0, 0],
    "atop_neutral": [0, 1, 1, 0, 0, 0, 0],
    "atop_nonagg": [0, 0, 0, 1, 1, 1, 1],
    "atop_consul": [0, 0, 0, 0, 0, 1, 1],
})


def test_alliance_values_and_portfolios():
    v = alliance_values(ATOP)
    got = {(r.a, r.b): r.value for r in v.itertuples()}
    assert got == {(2, 20): 3, (20, 200): 2, (2, 200): 1, (200, 365): 2}
    P = alliance_portfolios(ATOP, 1950, [2, 20, 200, 365, 710])
    assert list(P.index) == [2, 20, 200, 365, 710]
    expect = np.array([[3, 3, 1, 0, 0],
                       [3, 3, 2, 0, 0],
                       [1, 2, 3, 2, 0],
                       [0, 0, 2, 3, 0],
                       [0, 0, 0, 0, 3]], float)
    np.testing.assert_array_equal(P.to_numpy(), expect)
    # S of 2 and 20 over the five items: |d| = 0,0,1,0,0 -> 1 - 2/15
    assert s_score(P.loc[2], P.loc[20], 3) == pytest.approx(1 - 2 / 15)


def test_similarity_by_year_and_pair():
    members = {1950: [2, 20, 200, 365, 710]}
    df = similarity_by_year("alliances", ATOP, members, [1950], ("s_abs", "kappa"))
    assert len(df) == 10
    row = df[(df.ccode1 == 2) & (df.ccode2 == 20)].iloc[0]
    assert row.s_abs == pytest.approx(1 - 2 / 15)
    ps = pair_similarity("alliances", ATOP, [(1950, 20, 2)], "s_abs", members_by_year=members)
    assert ps.value.iloc[0] == pytest.approx(1 - 2 / 15)
    assert ps.n_items.iloc[0] == 5
    # not a member that year -> NaN, not 0
    ps = pair_similarity("alliances", ATOP, [(1950, 2, 999)], "s_abs", members_by_year=members)
    assert np.isnan(ps.value.iloc[0])


def test_vote_portfolios_missing_is_not_disagreement():
    votes = pd.DataFrame({
        "rcid": [1, 1, 1, 2, 2, 2, 3, 3],
        "ccode": [2, 365, 710, 2, 365, 710, 2, 710],
        "vote": [1, 3, 3, 2, 8, 2, 1, 9],          # 8 absent, 9 non-member
        "year": [2000] * 8,
    })
    P = vote_portfolios(votes, 2000)
    assert list(P.columns) == [1, 2, 3]
    assert np.isnan(P.loc[365, 2]) and np.isnan(P.loc[710, 3]) and np.isnan(P.loc[365, 3])
    # 2 vs 710 compared over rcid 1, 2: codes (1,2) vs (3,2): S = 1 - 2*2/(2*2) = 0
    assert s_score(P.loc[2], P.loc[710], 2) == pytest.approx(0.0)
    words = votes.assign(vote=["yes", "no", "no", "abstain", None, "abstain", "yes", None])
    P2 = vote_portfolios(words, 2000)
    np.testing.assert_array_equal(np.nan_to_num(P2.to_numpy()), np.nan_to_num(P.to_numpy()))
    with pytest.raises(InputError):
        vote_portfolios(votes.drop(columns="rcid"), 2000)


def test_fused_matrices_equal_single_measure():
    from amity.measures.similarity import similarity_matrices

    rng = np.random.default_rng(5)
    for missing in (False, True):
        P = rng.integers(0, 4, (8, 10)).astype(float)
        if missing:
            P[rng.random(P.shape) < 0.25] = np.nan
        w = rng.random(10)
        got = similarity_matrices(P, ("s_abs", "s_sq", "kappa", "pi", "taub"), weights=w)
        for m in ("s_abs", "s_sq", "kappa", "pi", "taub"):
            want = similarity_matrix(P, m, dmax={"s_abs": 3, "s_sq": 9}.get(m),
                                     weights=w if m.startswith("s_") else None,
                                     categories=[0, 1, 2, 3])
            np.testing.assert_allclose(got[m], want, atol=1e-12, equal_nan=True)
    with pytest.raises(InputError):
        similarity_matrices(np.array([[0.0, 7.0], [1.0, 2.0]]))


@pytest.mark.parametrize("metric", ["nominal", "squared"])
@pytest.mark.parametrize("fn, measure", [(cohen_kappa, "kappa"), (scotts_pi, "pi")])
def test_matrix_other_metrics(metric, fn, measure):
    rng = np.random.default_rng(9)
    P = rng.integers(1, 4, (7, 12)).astype(float)
    P[rng.random(P.shape) < 0.15] = np.nan
    M = similarity_matrix(P, measure, metric=metric, categories=[1, 2, 3])
    L = np.array([[fn(P[i], P[j], metric, [1, 2, 3]) for j in range(7)] for i in range(7)])
    np.testing.assert_allclose(M, L, atol=1e-12, equal_nan=True)
