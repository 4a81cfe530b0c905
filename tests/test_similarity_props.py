"""Property tests: ranges, symmetry and agreement between the scalar and matrix forms."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from amity.measures.balance import triad_census, triad_census_loop
from amity.measures.similarity import (cohen_kappa, s_score, scotts_pi, similarity_matrices)

codes = arrays(np.float64, st.tuples(st.integers(2, 6), st.integers(2, 9)),
               elements=st.sampled_from([0.0, 1.0, 2.0, 3.0, np.nan]))


@settings(max_examples=40, deadline=None)
@given(codes)
def test_matrix_forms_agree_and_stay_in_range(P):
    got = similarity_matrices(P, ("s_abs", "s_sq", "kappa", "pi"))
    n = P.shape[0]
    for i in range(n):
        for j in range(n):
            a, b = P[i], P[j]
            for m, ref in (("s_abs", s_score(a, b, 3)), ("s_sq", s_score(a, b, 9, True)),
                           ("kappa", cohen_kappa(a, b, "absolute", [0, 1, 2, 3])),
                           ("pi", scotts_pi(a, b, "absolute", [0, 1, 2, 3]))):
                v = got[m][i, j]
                assert (np.isnan(v) and np.isnan(ref)) or abs(v - ref) < 1e-9
    for m in ("s_abs", "s_sq"):
        v = got[m][~np.isnan(got[m])]
        assert np.all(v <= 1 + 1e-12) and np.all(v >= -1 - 1e-12)
    for m in ("kappa", "pi"):
        v = got[m][~np.isnan(got[m])]
        assert np.all(v <= 1 + 1e-9)
        np.testing.assert_allclose(got[m], got[m].T, atol=1e-12, equal_nan=True)


signed = arrays(np.float64, st.integers(3, 9).map(lambda n: (n, n)),
                elements=st.sampled_from([-1.0, 0.0, 1.0]))


@settings(max_examples=40, deadline=None)
@given(signed)
def test_census_matches_loop(S):
    S = np.triu(S, 1)
    S = S + S.T
    assert triad_census(S) == triad_census_loop(S)
