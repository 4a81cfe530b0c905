"""Steadiness of a series and ranking of pairs, on hand-computed series."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from amity.errors import InputError
from amity.measures.steadiness import rank_pairs, steadiness


def test_hand_series():
    s = {2000: 0.1, 2001: 0.3, 2002: -0.2, 2003: 0.4, 2004: 0.5}
    st = steadiness(s)
    assert st["mean"] == pytest.approx(0.22)
    # changes 0.2, -0.5, 0.6, 0.1: mean 0.1, sample sd sqrt((0.01+0.36+0.25+0)/3)
    assert st["volatility"] == pytest.approx(math.sqrt(0.62 / 3))
    assert st["share_positive"] == pytest.approx(0.8)
    assert st["sign_changes"] == 2
    assert st["longest_positive_spell"] == {"start": 2000, "end": 2001, "years": 2}
    assert st["worst_year"] == {"year": 2002, "value": -0.2}
    assert st["n_years"] == 5 and (st["start"], st["end"]) == (2000, 2004)


def test_gaps_zeros_and_missing():
    s = pd.Series([0.5, 0.6, None, 0.7, 0.0, -0.1, 0.2], index=[1990, 1991, 1992, 1993, 1994,
                                                             1995, 1996])
    st = steadiness(s)
    assert st["n_years"] == 6                      # the NaN year is dropped
    # the gap at 1992 breaks the positive spell and the chain of changes
    assert st["longest_positive_spell"] == {"start": 1990, "end": 1991, "years": 2}
    assert st["sign_changes"] == 2                 # + + + (0) - + : zero skipped
    # consecutive changes: 0.1 (90-91), -0.7 (93-94), -0.1, 0.3
    ch = [0.1, -0.7, -0.1, 0.3]
    m = sum(ch) / 4
    assert st["volatility"] == pytest.approx(math.sqrt(sum((c - m) ** 2 for c in ch) / 3))
    empty = steadiness({})
    assert empty["n_years"] == 0 and empty["worst_year"] is None


def test_rank_pairs_rule():
    steady_warm = {y: 0.6 for y in range(2000, 2011)}
    steady_cool = {y: 0.2 for y in range(2000, 2011)}
    jumpy = {y: (0.8 if y % 2 else -0.1) for y in range(1995, 2011)}
    out = rank_pairs({"PRK-RUS": jumpy, "CHN-RUS": steady_warm, "X-Y": steady_cool})
    assert [r["pair"] for r in out] == ["CHN-RUS", "X-Y", "PRK-RUS"]
    assert out[0]["steadiness_rank"] == out[1]["steadiness_rank"] == 1   # tie on steadiness
    # jumpy averages (5*0.8 - 6*0.1)/11 = 0.309 over 2000-2010: second on level
    assert [r["level_rank"] for r in out] == [1, 3, 2]
    assert all(r["span"] == [2000, 2010] for r in out)                   # common span
    full = rank_pairs({"PRK-RUS": jumpy, "CHN-RUS": steady_warm}, common_span=False)
    assert {r["pair"]: r["span"] for r in full}["PRK-RUS"] == [1995, 2010]
    with pytest.raises(InputError):
        rank_pairs({"A-B": {1990: 1.0}, "C-D": {2000: 1.0}})
    with pytest.raises(InputError):
        rank_pairs({})
    with pytest.raises(InputError):
        steadiness([(2000, 1.0), (2000, 2.0)])


def test_nullable_series():
    s = pd.Series([0.1, None, 0.3], index=[2000, 2001, 2002], dtype="Float64")
    st = steadiness(s)
    assert st["n_years"] == 2 and st["mean"] == pytest.approx(0.2)
    assert st["longest_positive_spell"]["years"] == 1     # 2001 is missing: the spell breaks
