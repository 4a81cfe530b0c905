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


def test_fpsim_by_hand_uk_prussia_1816(env_mirror):
    # ATOP 5.1 in 1816: every tie of the 23 COW members is a defense pact (value 3).
    # UK (200) is allied with Prussia, Austria, Russia; Prussia (255) with the UK, Austria,
    # Russia and the six German members (245, 267, 269, 271, 273, 275); Hanover and
    # Mecklenburg (240, 280) are in ATOP but not COW members in 1816. With 3 on the
    # diagonal, the two portfolios over the 23 members are 3 at 4 and at 10 states, the
    # first inside the second: they differ (by 3) at the 6 German members.
    p = create_dyad_years(years=(1816, 1816))
    f = add_fpsim(p, ["srsvaa", "srsvas", "kappavaa", "pivaa", "taub"])
    r = f[(f.ccode1 == 200) & (f.ccode2 == 255)].iloc[0]
    n, d = 23, 6
    s = 1 - 2 * (d * 3) / (n * 3)                       # S, absolute: 11/23
    assert abs(r.srsvaa - 11 / 23) < 1e-12 and abs(s - 11 / 23) < 1e-12
    assert abs(r.srsvas - (1 - 2 * (d * 9) / (n * 9))) < 1e-12     # squared: also 11/23
    # kappa: observed mean |x - y| = 18/23; expected 3 * (19/23 * 10/23 + 4/23 * 13/23)
    assert abs(r.kappavaa - (1 - (18 / 23) / (3 * (19 * 10 + 4 * 13) / 23**2))) < 1e-12
    assert abs(r.kappavaa - 52 / 121) < 1e-12
    # Scott's pi: pooled shares 32/46 (0) and 14/46 (3)
    assert abs(r.pivaa - 43 / 112) < 1e-12
    # tau-b of two 0/3 portfolios: the phi of the 2x2 table (4, 0 / 6, 13)
    assert abs(r.taub - 52 / (4 * 19 * 10 * 13) ** 0.5) < 1e-12
    # the UK and Russia have the same four allies: every measure is 1
    ru = f[(f.ccode1 == 200) & (f.ccode2 == 365)].iloc[0]
    assert [ru.srsvaa, ru.kappavaa, ru.pivaa, ru.taub] == [1.0, 1.0, 1.0, 1.0]
