"""Dittmer's strategic triangle: patterns, roles, neutral band, periods."""
from __future__ import annotations

import pytest

from amity.errors import InputError
from amity.measures.triangle import classify, triangle_series


def test_four_patterns_and_roles():
    t = classify({"CHN-RUS": 0.6, "CHN-USA": 0.3, "RUS-USA": 0.2})
    assert t.pattern == "menage_a_trois" and t.balanced is True
    assert set(t.roles.values()) == {"friend"}

    t = classify({"CHN-RUS": 0.6, "CHN-USA": 0.3, "RUS-USA": -0.5})
    assert t.pattern == "romantic_triangle" and t.balanced is False
    assert t.pivot == "CHN"
    assert t.roles == {"CHN": "pivot", "RUS": "wing", "USA": "wing"}

    t = classify({"CHN-RUS": 0.6, "CHN-USA": -0.3, "RUS-USA": -0.5})
    assert t.pattern == "stable_marriage" and t.balanced is True
    assert t.outcast == "USA"
    assert t.roles == {"CHN": "partner", "RUS": "partner", "USA": "outcast"}

    t = classify({"CHN-RUS": -0.6, "CHN-USA": -0.3, "RUS-USA": -0.5})
    assert t.pattern == "unit_veto" and t.balanced is False
    assert set(t.roles.values()) == {"foe"}


def test_1970s_us_pivot_reading():
    # the textbook case: after 1972 the US is the pivot between a hostile China and USSR
    t = classify({"USA-CHN": 0.2, "USA-SUN": 0.15, "CHN-SUN": -0.7}, band=0.1)
    assert t.pattern == "romantic_triangle" and t.pivot == "USA"


def test_neutral_band_rule():
    legs = {"CHN-RUS": 0.6, "CHN-USA": 0.05, "RUS-USA": -0.5}
    t = classify(legs, band=0.1)
    assert t.pattern == "incomplete" and t.balanced is None
    assert t.signs == {"CHN-RUS": 1, "CHN-USA": 0, "RUS-USA": -1}
    assert t.roles == {"CHN": "partner", "RUS": "partner", "USA": "foe"}
    t = classify({"A-B": 0.01, "A-C": -0.02, "B-C": 0.5}, band=0.1)
    assert t.roles["A"] == "detached"
    # with a narrower band the same legs make a full pattern
    assert classify(legs, band=0.01).pattern == "romantic_triangle"   # CHN is the pivot
    # the band edge belongs to the tie: |x| >= band
    assert classify({"A-B": 0.1, "A-C": 0.1, "B-C": 0.1}, band=0.1).pattern == "menage_a_trois"


def test_key_forms_and_bad_input():
    t = classify({("A", "B"): 1, ("C", "A"): 1, ("B", "C"): -1})
    assert t.pivot == "A"
    t = classify({"CHN-QING-RUS-EMPIRE": 0.5, "CHN-QING-GBR": -0.5, "RUS-EMPIRE-GBR": -0.5},
                 actors=["CHN-QING", "RUS-EMPIRE", "GBR"])
    assert t.outcast == "GBR"
    for bad in ({"A-B": 1, "A-C": 1}, {"A-B": 1, "B-A": 1, "A-C": 1},
                {"A-A": 1, "A-B": 1, "B-C": 1}, {"A-B": "x", "A-C": 1, "B-C": 1}):
        with pytest.raises(InputError):
            classify(bad)
    with pytest.raises(InputError):
        classify({"A-B": 1, "A-C": 1, "B-C": 1}, band=1.0)
    with pytest.raises(InputError):
        classify({"A-B": 1, "A-C": 1, "B-C": 1}, actors=["A", "A", "B"])
    assert classify({"A-B": None, "A-C": 1, "B-C": 1}).pattern == "missing"


def test_series_periods():
    years = [1969, 1970, 1971, 1972, 1973, 1975, 1976]
    legs = [
        {"USA-CHN": -0.5, "USA-SUN": -0.4, "CHN-SUN": -0.6},   # unit veto
        {"USA-CHN": -0.5, "USA-SUN": -0.4, "CHN-SUN": -0.6},
        {"USA-CHN": 0.05, "USA-SUN": -0.2, "CHN-SUN": -0.6},   # incomplete
        {"USA-CHN": 0.3, "USA-SUN": 0.2, "CHN-SUN": -0.6},     # romantic, US pivot
        {"USA-CHN": 0.3, "USA-SUN": 0.25, "CHN-SUN": -0.5},
        {"USA-CHN": 0.3, "USA-SUN": 0.25, "CHN-SUN": -0.5},    # after a gap (1974)
        {"USA-CHN": 0.3, "USA-SUN": -0.25, "CHN-SUN": -0.5},   # stable marriage
    ]
    out = triangle_series(years, legs, band=0.1, actors=["USA", "CHN", "SUN"])
    assert out["actors"] == ["USA", "CHN", "SUN"]
    assert [y["year"] for y in out["years"]] == years
    per = [(p["start"], p["end"], p["pattern"]) for p in out["periods"]]
    assert per == [(1969, 1970, "unit_veto"), (1971, 1971, "incomplete"),
                   (1972, 1973, "romantic_triangle"), (1975, 1975, "romantic_triangle"),
                   (1976, 1976, "stable_marriage")]
    assert out["periods"][2]["roles"]["USA"] == "pivot"
    assert out["periods"][4]["roles"]["SUN"] == "outcast"
    by_year = triangle_series(years, dict(zip(years, legs)), band=0.1)
    assert by_year["periods"] == out["periods"]
    with pytest.raises(InputError):
        triangle_series([1970, 1970], legs[:2])
    with pytest.raises(InputError):
        triangle_series([1970], legs[:2])


def test_pandas_missing_leg_is_missing():
    import pandas as pd

    assert classify({"A-B": pd.NA, "A-C": 1, "B-C": 1}).pattern == "missing"
    assert classify({"A-B": float("nan"), "A-C": 1, "B-C": 1}).balanced is None
