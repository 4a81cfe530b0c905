"""add_capital_distance: peacesciencer's reference-page figures (US-Canada 735 km; the US's
nearest capital 5,905 km in 1816, 5,744 km from 1822; 17,511 state-years), the source's
coordinates for sampled dyad-years in both directions, capital moves, missing after 2024."""
from __future__ import annotations

import numpy as np
import pytest

from amity.panel import add_capital_distance, create_dyad_years, create_state_years
from amity.panel.add_capital_distance import capital_years, sphere_km




def test_sphere_km_known_values():
    assert sphere_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(2 * np.pi * 6378.137 / 360)
    assert sphere_km(90.0, 0.0, -90.0, 0.0) == pytest.approx(np.pi * 6378.137)
    assert np.isnan(sphere_km(np.nan, 0.0, 1.0, 1.0))


def test_reference_page_dyad_years(env_mirror):
    # site/docs/reference/add_capital_distance.html: cow_ddy %>% add_capital_distance():
    # 2,214,930 rows, columns ccode1 ccode2 year capdist, 2-20 is 735 km in 1920-1929
    p = add_capital_distance(create_dyad_years(directed=True, years=(1816, 2024)))
    assert len(p) == 2_214_930
    assert list(p.columns) == ["ccode1", "ccode2", "year", "capdist"]
    s = p[(p.ccode1 == 2) & (p.ccode2 == 20) & p.year.between(1920, 1929)]
    assert len(s) == 10 and (s.capdist.round(0) == 735).all()
    g = p.set_index(["ccode1", "ccode2", "year"])["capdist"]
    assert g[(20, 2, 1925)] == g[(2, 20, 1925)]


def test_reference_page_state_years(env_mirror):
    # same page: create_stateyears() %>% add_capital_distance() has 17,511 rows; the US's
    # mincapdist is 5905 in 1816-1821 and 5744 from 1822
    s = add_capital_distance(create_state_years(years=(1816, 2024)))
    assert len(s) == 17_511
    us = s[s.ccode == 2].set_index("year")["mincapdist"]
    assert (us.loc[1816:1821].round(0) == 5905).all()
    assert (us.loc[1822:1825].round(0) == 5744).all()


def test_values_from_source_coordinates_and_moves(env_mirror):
    from amity.sources.access import dataset

    caps = dataset("cow_capitals")
    p = add_capital_distance(create_dyad_years(years=(1990, 2030)))
    g = p.set_index(["ccode1", "ccode2", "year"])["capdist"]

    def coord(c, y):
        r = caps[(caps.ccode == c) & (caps.stdate.dt.year <= y) & (caps.enddate.dt.year >= y)]
        r = r.sort_values("stdate").iloc[0]
        return r.lat, r.lng

    for a, b, y in [(2, 365, 2000), (365, 710, 2010), (220, 255, 1995), (2, 900, 2015)]:
        want = sphere_km(*coord(a, y), *coord(b, y))
        assert float(g[(a, b, y)]) == pytest.approx(want)
    # Kazakhstan moved its capital from Almaty to Astana in 1997 (two episodes in the file)
    kz = caps[caps.ccode == 705].sort_values("stdate")
    move = int(kz.stdate.iloc[1].year)
    assert g[(365, 705, move + 1)] < g[(365, 705, move - 1)]   # Astana is nearer Moscow
    first = capital_years(caps, "first").set_index(["ccode", "year"])
    last = capital_years(caps, "last").set_index(["ccode", "year"])
    assert first.loc[(705, move), "lat"] == pytest.approx(kz.lat.iloc[0])
    assert last.loc[(705, move), "lat"] == pytest.approx(kz.lat.iloc[1])
    late = p[p.year > 2024]
    assert len(late) and late.capdist.isna().all()
    assert p[p.year <= 2024].capdist.notna().mean() > 0.99
