"""Structural balance on hand-built signed graphs with known values."""
from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

from amity.errors import InputError
from amity.measures.balance import (balance_report, frustration_index, is_balanced,
                                    signed_adjacency, triad_census, triad_census_loop,
                                    triad_pattern, triangle_index, walk_index)


def sym(n, edges):
    S = np.zeros((n, n))
    for i, j, s in edges:
        S[i, j] = S[j, i] = s
    return S


def brute_frustration(S):
    n = S.shape[0]
    best = math.inf
    for bits in itertools.product([1, -1], repeat=n - 1):
        s = np.array((1,) + bits)
        f = np.triu((S * s[:, None] * s[None, :]) < 0, 1).sum()
        best = min(best, f)
    return best


def planted(n, flips, density, seed):
    """A balanced graph (two camps) with `flips` edges given the wrong sign."""
    rng = np.random.default_rng(seed)
    camp = rng.choice([-1, 1], n)
    S = np.where(rng.random((n, n)) < density, np.outer(camp, camp), 0).astype(float)
    S = np.triu(S, 1)
    S = S + S.T
    iu = np.argwhere(np.triu(S != 0, 1))
    for i, j in iu[rng.choice(len(iu), flips, replace=False)]:
        S[i, j] = S[j, i] = -S[i, j]
    return S


def test_triad_patterns_and_heider():
    assert triad_pattern(1, 1, 1) == "+++"
    assert triad_pattern(0.4, -0.2, 0.9) == "++-"
    assert triad_pattern(-1, 1, -1) == "+--"
    assert triad_pattern(-1, -1, -1) == "---"
    assert is_balanced(1, 1, 1) and is_balanced(1, -1, -1)
    assert not is_balanced(1, 1, -1) and not is_balanced(-1, -1, -1)
    assert is_balanced("+--") and not is_balanced("++-")
    with pytest.raises(InputError):
        triad_pattern(1, 0, 1)


def test_census_hand_graph():
    # K4 on 0..3: edges 01+ 02+ 03- 12+ 13- 23-
    S = sym(4, [(0, 1, 1), (0, 2, 1), (0, 3, -1), (1, 2, 1), (1, 3, -1), (2, 3, -1)])
    # triangles: 012 +++, 013 +--, 023 +--, 123 +--
    assert triad_census(S) == {"+++": 1, "++-": 0, "+--": 3, "---": 0}
    assert triangle_index(S) == 1.0
    assert is_balanced(S)                  # camps {0,1,2} and {3}
    S[0, 3] = S[3, 0] = 1                  # now 013 and 023 are ++-
    assert triad_census(S) == {"+++": 1, "++-": 2, "+--": 1, "---": 0}
    assert triangle_index(S) == pytest.approx(0.5)
    assert not is_balanced(S)


def test_census_trace_identities_and_loop():
    rng = np.random.default_rng(11)
    for n in (5, 12, 30):
        S = rng.choice([-1.0, 0.0, 1.0], (n, n), p=[0.35, 0.3, 0.35])
        S = np.triu(S, 1)
        S = S + S.T
        c = triad_census(S)
        assert c == triad_census_loop(S)
        A = np.abs(S)
        assert sum(c.values()) == round(np.trace(A @ A @ A) / 6)
        assert c["+++"] + c["+--"] - c["++-"] - c["---"] == round(np.trace(S @ S @ S) / 6)


def test_walk_index_values():
    # balanced graph: S is switching-equivalent to |S|, same spectrum -> 1
    S = planted(12, 0, 0.6, 1)
    assert walk_index(S) == pytest.approx(1.0)
    # triangle with one negative leg: spectrum of S is (-2, 1, 1), of |S| (2, -1, -1)
    T = sym(3, [(0, 1, 1), (0, 2, 1), (1, 2, -1)])
    want = (math.exp(-2) + 2 * math.e) / (math.exp(2) + 2 * math.exp(-1))
    assert walk_index(T) == pytest.approx(want)        # 0.6858
    assert walk_index(-np.abs(T)) == pytest.approx(want)


def test_frustration_known_values():
    # odd cycle with one negative edge: 1
    C5 = sym(5, [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1), (4, 0, -1)])
    r = frustration_index(C5)
    assert (r.value, r.exact) == (1.0, True)
    # all-negative K_n: frustration = C(floor(n/2), 2) + C(ceil(n/2), 2)
    for n in (4, 5, 7):
        K = -(np.ones((n, n)) - np.eye(n))
        want = math.comb(n // 2, 2) + math.comb(n - n // 2, 2)
        assert frustration_index(K).value == want
        assert frustration_index(K, exact=False).value == want
    # all-negative Petersen graph: |E| - maxcut = 15 - 12 = 3
    P = -nx.to_numpy_array(nx.petersen_graph())
    assert frustration_index(P).value == 3
    assert frustration_index(P, exact=False).value == 3


def test_small_graphs_exhaustive_and_milp_agree():
    """Up to 12 nodes the exact frustration is found by trying every split (no scipy.optimize
    import); it equals the integer program's value, and its partition attains it."""
    from amity.measures import balance as B

    for seed in range(8):
        n = 5 + seed % 8
        S = planted(n, 2 + seed % 3, 0.6, seed)
        ex = frustration_index(S)
        assert ex.method == "exhaustive" and ex.exact
        A = np.sign(S)
        _s, milp_value, _b, proven = B._milp(A, np.abs(A), 10.0)
        assert proven and ex.value == milp_value == brute_frustration(S)
        camp = {i: 1 for i in ex.partition[0]} | {i: -1 for i in ex.partition[1]}
        s = np.array([camp[i] for i in range(n)])
        assert np.triu((S * s[:, None] * s[None, :]) < 0, 1).sum() == ex.value
    assert frustration_index(planted(13, 3, 0.6, 1)).method == "milp"


def test_frustration_exact_equals_brute_force_and_heuristic_is_bounded():
    for seed in range(6):
        S = planted(11, 4, 0.7, seed)
        want = brute_frustration(S)
        ex = frustration_index(S)
        assert ex.exact and ex.value == want
        he = frustration_index(S, exact=False, seed=seed)
        assert he.lower_bound <= want <= he.value
        assert he.value == want            # small graphs: local search finds the optimum
        # the partition really attains the value
        camp = {i: 1 for i in he.partition[0]} | {i: -1 for i in he.partition[1]}
        s = np.array([camp[i] for i in range(11)])
        assert np.triu((S * s[:, None] * s[None, :]) < 0, 1).sum() == he.value
        assert len(he.frustrated_edges) == he.value


def test_frustration_large_graph_heuristic_with_bound():
    S = planted(120, 6, 0.5, 42)
    r = frustration_index(S, exact=False)
    assert r.value <= 6                    # at most the planted flips
    assert r.lower_bound <= r.value
    assert r.lower_bound >= 1
    assert not r.exact or r.value == r.lower_bound


def test_signed_adjacency_neutral_band():
    C = np.array([[0, 0.5, -0.05, np.nan],
                  [0.5, 0, -0.3, 0.1],
                  [-0.05, -0.3, 0, 0.099],
                  [np.nan, 0.1, 0.099, 0]])
    S = signed_adjacency(C, 0.1)
    np.testing.assert_array_equal(S, [[0, 1, 0, 0], [1, 0, -1, 1], [0, -1, 0, 0], [0, 1, 0, 0]])
    W = signed_adjacency(C, 0.1, weighted=True)
    assert W[1, 2] == -0.3 and W[0, 2] == 0
    for bad in (1.0, -0.1, 2, "x"):
        with pytest.raises(InputError):
            signed_adjacency(C, bad)
    with pytest.raises(InputError):
        signed_adjacency(np.array([[0, 1], [0.5, 0]]))      # not symmetric
    with pytest.raises(InputError):
        signed_adjacency(np.zeros((2, 3)))


def test_networkx_input_and_report():
    G = nx.Graph()
    G.add_edge("USA", "GBR", sign=1)
    G.add_edge("USA", "RUS", sign=-1)
    G.add_edge("GBR", "RUS", sign=-1)
    G.add_edge("RUS", "CHN", sign=1)
    G.add_edge("USA", "CHN", sign=-1)
    rep = balance_report(G)
    assert rep["census"] == {"+++": 0, "++-": 0, "+--": 2, "---": 0}
    assert rep["balanced"] and rep["frustration"]["value"] == 0
    assert sorted(map(sorted, rep["factions"])) == [["CHN", "RUS"], ["GBR", "USA"]]
    G.add_edge("GBR", "CHN", sign=1)
    rep = balance_report(G)
    assert rep["frustration"]["value"] == 1
    assert rep["frustration"]["frustrated_edges"][0]["a"] in ("GBR", "CHN")
    with pytest.raises(InputError):
        balance_report(np.zeros((3, 3)), ["A", "B", "A"])      # repeated actors
