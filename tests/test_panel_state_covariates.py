"""add_creg_fractionalization, add_rugged_terrain, add_latent_territorial_threat,
add_sdp_gdp: the reference pages' printed rows (site/docs/reference/<verb>.html), COW and
G-W, the source's own values for sampled states, missing outside the sources' years."""
from __future__ import annotations

import numpy as np
import pytest

from amity.errors import InputError
from amity.panel import (add_creg_fractionalization, add_latent_territorial_threat,
                         add_rugged_terrain, add_sdp_gdp, create_dyad_years, create_state_years)


@pytest.fixture(scope="module")
def ddy(env_mirror):
    return create_dyad_years(directed=True, years=(1816, 2024))


@pytest.fixture(scope="module")
def sy(env_mirror):
    return create_state_years(years=(1816, 2024))


@pytest.fixture(scope="module")
def gw(env_mirror):
    return create_state_years("gw", years=(1816, 2024))


def _row(df, **k):
    m = np.ones(len(df), bool)
    for c, v in k.items():
        m &= (df[c] == v).to_numpy()
    return df[m].iloc[0]


def test_creg(ddy, sy, gw, env_mirror):
    # reference/add_creg_fractionalization.html: cow_ddy 2,214,930 rows (2-20 in 1920: all
    # NA), state-years 17,511 (US 1816: NA), G-W 20,652
    d = add_creg_fractionalization(ddy)
    assert len(d) == 2_214_930
    assert d[(d.ccode1 == 2) & (d.ccode2 == 20) & (d.year == 1920)][
        ["ethfrac1", "ethfrac2", "relpol1", "relpol2"]].isna().all().all()
    s = add_creg_fractionalization(sy)
    assert len(s) == 17_511 and s[s.year < 1945].ethfrac.isna().all()
    assert s[s.year > 2013].ethfrac.isna().all()
    assert len(add_creg_fractionalization(gw)) == 20_652
    from amity.sources.access import dataset

    creg = dataset("creg")
    once = creg[creg.ccode.notna() & ~creg.duplicated(["ccode", "year"], keep=False)]
    g = s.set_index(["ccode", "year"])
    n = 0
    for _, r in once.sample(60, random_state=1).iterrows():
        if (r.ccode, r.year) in g.index:
            assert abs(g.loc[(r.ccode, r.year), "ethfrac"] - r.ethfrac) < 1e-12
            n += 1
    assert n >= 50
    # a code CREG lists twice in a year: the higher ethfrac wins
    twice = creg[creg.ccode.notna() & creg.duplicated(["ccode", "year"], keep=False)]
    r = twice.iloc[0]
    assert abs(g.loc[(r.ccode, r.year), "ethfrac"]
               - twice[(twice.ccode == r.ccode) & (twice.year == r.year)].ethfrac.max()) < 1e-12


def test_rugged(ddy, sy, gw):
    # reference/add_rugged_terrain.html: 2-20: rugged1 1.07, newlmtnest1 3.21, rugged2 0.775,
    # newlmtnest2 2.80; the US in 1816 (COW and G-W): 1.07, 3.21
    d = add_rugged_terrain(ddy)
    assert len(d) == 2_214_930
    r = _row(d, ccode1=2, ccode2=20, year=1920)
    assert round(r.rugged1, 2) == 1.07 and round(r.newlmtnest1, 2) == 3.21
    assert round(r.rugged2, 3) == 0.775 and round(r.newlmtnest2, 2) == 2.80
    for frame, code in ((sy, "ccode"), (gw, "gwcode")):
        s = add_rugged_terrain(frame)
        u = _row(s, **{code: 2, "year": 1816})
        assert round(u.rugged, 2) == 1.07 and round(u.newlmtnest, 2) == 3.21
        us = s[s[code] == 2]
        assert us.rugged.nunique() == 1 and us.rugged.notna().all()    # every year the same


def test_latent_territorial_threat(sy):
    # reference/add_latent_territorial_threat.html: create_stateyears() |>
    # add_latent_territorial_threat(keep = 'lterrthreat'): 17,511 rows, the US 1816-1825
    s = add_latent_territorial_threat(sy, keep="lterrthreat")
    assert len(s) == 17_511 and list(s.columns) == ["ccode", "year", "lterrthreat"]
    us = s[s.ccode == 2].head(10).lterrthreat.round(3).tolist()
    assert us == [0.268, 0.190, 0.266, 0.192, 0.150, 0.146, 0.149, 0.146, 0.137, 0.132]
    assert s[s.year > 2010].lterrthreat.isna().all()
    full = add_latent_territorial_threat(create_dyad_years(years=(2000, 2000), states=["USA", "CAN"]))
    assert {"lterrthreat1", "lterrthreat2", "m_upr1", "m_upr2"} <= set(full.columns)
    with pytest.raises(InputError):
        add_latent_territorial_threat(sy, keep="nope")


def test_sdp_gdp(ddy, sy, gw):
    # reference/add_sdp_gdp.html: 2-20 in 1920: 27.6, 18.4, 27.5, 9.19; the US in 1816:
    # 23.6, 15.9, 22.9, 7.66 (COW)
    d = add_sdp_gdp(ddy)
    r = _row(d, ccode1=2, ccode2=20, year=1920)
    assert [round(r[c], 2) for c in ("wbgdp2011est1", "wbpopest1", "sdpest1",
                                     "wbgdppc2011est1")] == [27.64, 18.45, 27.52, 9.19]
    s = add_sdp_gdp(sy)
    u = _row(s, ccode=2, year=1816)
    assert [round(u[c], 1) for c in ("wbgdp2011est", "wbpopest", "sdpest")] == [23.6, 15.9, 22.9]
    assert round(u.wbgdppc2011est, 2) == 7.66
    assert s[s.year > 2016].sdpest.isna().all() and s[s.year <= 2016].sdpest.notna().mean() > .9
    g = add_sdp_gdp(gw)
    assert len(g) == 20_652 and g[g.year > 2015].sdpest.isna().all()
    assert round(_row(g, gwcode=2, year=1816).sdpest, 3) == 22.849     # G-W's own table
