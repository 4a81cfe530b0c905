"""PhaseDetector: exact recovery of synthetic breaks, the penalty rule, labels, facts."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from amity.errors import InputError
from amity.measures.phases import PhaseDetector, attach_facts, bic_penalty, label, robust_sigma


def _steps(noise=0.03, seed=0):
    rng = np.random.default_rng(seed)
    years = np.arange(1950, 2010)
    lv = np.where(years < 1960, 0.8, np.where(years < 1989, -0.5, 0.3))
    return pd.Series(lv + rng.normal(0, noise, len(years)), index=years)


def test_breaks_recovered_exactly():
    s = _steps()
    det = PhaseDetector().fit(s)
    assert det.break_years_ == [1960, 1989]
    assert det.breakpoints_ == [10, 39]
    segs = det.predict()
    assert [(p.start, p.end) for p in segs] == [(1950, 1959), (1960, 1988), (1989, 2009)]
    assert [p.label for p in segs] == ["alliance", "rivalry", "partnership"]
    assert segs[1].mean == pytest.approx(-0.5, abs=0.02)


def test_noiseless_steps_and_min_size():
    s = pd.Series([0.0] * 5 + [1.0] * 2 + [0.0] * 5, index=range(2000, 2012))
    assert PhaseDetector(min_size=2).fit(s).break_years_ == [2005, 2007]
    assert PhaseDetector(min_size=3).fit(s).break_years_ != [2005, 2007]


def test_penalty_rule():
    x = np.array([0.0, 1.0, 0.0, 1.0, 0.0])
    d = np.diff(x)  # +-1: median 0, MAD 1
    assert robust_sigma(x) == pytest.approx(1 / 0.6745 / math.sqrt(2))
    assert bic_penalty(x) == pytest.approx(2 * robust_sigma(x) ** 2 * math.log(5))
    flat = np.zeros(30)
    assert bic_penalty(flat) == pytest.approx(2 * 0.01 * math.log(30))  # sigma floor 0.1
    det = PhaseDetector(penalty=0.5).fit(pd.Series(flat, index=range(30)))
    assert det.penalty_ == 0.5 and det.break_years_ == []


def test_missing_values_dropped_and_bad_input():
    s = _steps().astype(float)
    s.iloc[3] = np.nan
    det = PhaseDetector().fit(s)
    assert det.break_years_ == [1960, 1989]
    with pytest.raises(InputError):
        PhaseDetector().fit(pd.Series([np.nan, np.nan]))
    with pytest.raises(InputError):
        PhaseDetector(penalty="aic").fit(s)
    with pytest.raises(InputError):
        PhaseDetector().predict()


def test_labels():
    assert label(0.7, 0) == "alliance"
    assert label(0.4, 0) == "partnership"
    assert label(0.2, 0.05) == "rapprochement"
    assert label(0.2, -0.05) == "cooling"
    assert label(0.0, 0.0, previous_mean=-0.5) == "détente"
    assert label(0.0, -0.03) == "estrangement"
    assert label(-0.2, 0.0) == "estrangement"
    assert label(-0.4, 0.0) == "rivalry"
    assert label(-0.8, 0.0) == "hostility"


def test_facts_at_breaks():
    det = PhaseDetector().fit(_steps())
    facts = pd.DataFrame({"year_start": [1959, 1975, 1990], "date": ["1959", "1975", "1990"],
                          "kind": ["rupture", "summit", "summit"], "name": ["a", "b", "c"]})
    ph = attach_facts(det.segments_, facts)
    assert [f["name"] for f in ph[1].facts] == ["a"]
    assert [f["name"] for f in ph[2].facts] == ["c"]


def test_pelt_port_finds_the_breaks_ruptures_finds():
    """Amity's own l2 PELT (ruptures is no longer imported by a phase fit: its import costs
    scipy.stats) gives ruptures' breaks on step series, noise, flat runs with ties, and
    penalties from none to large, for min_size 1 to 3."""
    import ruptures as rpt

    from amity.measures.phases import pelt_l2

    rng = np.random.default_rng(7)
    series = [_steps(noise=0.08, seed=3).to_numpy(), _steps(noise=0.3, seed=11).to_numpy(),
              np.r_[np.zeros(20), np.ones(15), np.zeros(10)],          # exact ties
              np.round(rng.normal(size=60), 1), rng.normal(size=7)]
    checked = 0
    for s in series:
        for min_size in (1, 2, 3):
            for pen in (0.0, 0.05, bic_penalty(s), 5.0, 50.0):
                ref = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(s).predict(pen=pen)
                assert pelt_l2(s, pen, min_size) == ref, (len(s), min_size, pen)
                checked += 1
    assert checked == 75
    det = PhaseDetector().fit(pd.Series(series[0], index=range(len(series[0]))))
    ref = rpt.Pelt(model="l2", min_size=2, jump=1).fit(series[0]).predict(
        pen=bic_penalty(series[0]))
    assert det.breakpoints_ == ref[:-1] and len(det.breakpoints_) >= 2
