"""add_fpsim: the FPSIM column names peacesciencer's add_fpsim uses (reference/add_fpsim.html:
``keep = c("kappaba", "kappavv")``), equal to add_similarity's values; US-UK 2000 vote kappa
computed by hand from the roll calls; missing outside the sources' years."""
from __future__ import annotations

import numpy as np
import pytest

from amity.errors import InputError
from amity.panel import add_fpsim, add_similarity, create_dyad_years


@pytest.fixture(scope="module")
def panel(env_mirror):
    return create_dyad_years(years=(2000, 2021), states=["USA", "GBR", "RUS"])


@pytest.fixture(scope="module")
def fp(panel):
    return add_fpsim(panel, ["kappavaa", "kappavv", "srsvaa"])


def test_columns_and_alias(panel, fp):
    assert list(fp.columns) == ["ccode1", "ccode2", "year", "kappavaa", "srsvaa", "kappavv"]
    assert len(fp) == len(panel)
    v = add_similarity(panel, on="votes", measures=("kappa",))
    a = add_similarity(panel, on="alliances", measures=("kappa", "s_abs"))
    assert fp.kappavv.equals(v.vote_kappa) or \
        np.allclose(fp.kappavv.to_numpy(float, na_value=np.nan),
                    v.vote_kappa.to_numpy(float, na_value=np.nan), equal_nan=True)
    assert np.allclose(fp.kappavaa.to_numpy(float, na_value=np.nan),
                       a.ally_kappa.to_numpy(float, na_value=np.nan), equal_nan=True)
    assert np.allclose(fp.srsvaa.to_numpy(float, na_value=np.nan),
                       a.ally_s_abs.to_numpy(float, na_value=np.nan), equal_nan=True)


def test_hand_computed_vote_kappa(fp, env_mirror):
    from amity.measures.similarity import cohen_kappa, vote_portfolios
    from amity.panel.add_similarity import load_votes

    w = vote_portfolios(load_votes(), 2000)
    x, y = w.loc[2].to_numpy(), w.loc[200].to_numpy()
    ok = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[ok], y[ok]
    # Cohen's kappa with absolute distance: 1 - mean|x-y| / mean over all pairs of |a-b|
    do = np.abs(x - y).mean()
    de = np.abs(x[:, None] - y[None, :]).mean()
    hand = 1 - do / de
    assert abs(hand - cohen_kappa(x, y, "absolute")) < 1e-9
    got = fp[(fp.ccode1 == 2) & (fp.ccode2 == 200) & (fp.year == 2000)].kappavv.item()
    assert abs(got - hand) < 1e-9


def test_missing_outside_and_refusals(fp, panel):
    assert fp[fp.year > 2020].kappavv.isna().all()
    assert fp[fp.year > 2018].kappavaa.isna().all()
    assert fp[fp.year <= 2018].kappavaa.notna().all()
    with pytest.raises(InputError, match="binary"):
        add_fpsim(panel, "kappaba")
    with pytest.raises(InputError):
        add_fpsim(panel, "nonsense")
