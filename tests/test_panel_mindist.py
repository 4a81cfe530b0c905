"""add_minimum_distance: peacesciencer's reference-page figure (US-Canada), the source's own
values for sampled dyad-years in both directions, the state-year minimum, missing (not 0)
for unlisted dyad-years and outside 1886-2019."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.panel import add_minimum_distance, create_dyad_years, create_state_years




@pytest.fixture(scope="module")
def directed(env_mirror):
    return add_minimum_distance(create_dyad_years(directed=True, years=(1816, 2024)))


def test_reference_page(directed):
    # site/docs/reference/add_minimum_distance.html: cow_ddy %>% add_minimum_distance()
    # has 2,214,930 rows, columns ccode1 ccode2 year mindist; 2-20 is NA in 1920, 0 in 1921-1929
    assert len(directed) == 2_214_930
    assert list(directed.columns) == ["ccode1", "ccode2", "year", "mindist"]
    s = directed[(directed.ccode1 == 2) & (directed.ccode2 == 20)
                 & directed.year.between(1920, 1929)].set_index("year")["mindist"]
    assert len(s) == 10 and pd.isna(s[1920])
    assert (s.loc[1921:1929] == 0).all()


def test_values_equal_source_both_directions(directed, env_mirror):
    from amity.sources.access import dataset

    src = dataset("cow_mindist").set_index(["ccode1", "ccode2", "year"])["mindist"]
    g = directed.set_index(["ccode1", "ccode2", "year"])["mindist"]
    sample = src.sample(300, random_state=7)
    for (a, b, y), want in sample.items():
        if (a, b, y) in g.index:
            assert float(g[(a, b, y)]) == pytest.approx(want)
            assert float(g[(b, a, y)]) == pytest.approx(want)
    assert float(g[(2, 365, 2010)]) == pytest.approx(79.977614, rel=1e-6)   # Bering Strait
    out = directed[(directed.year < 1886) | (directed.year > 2019)]
    assert len(out) > 100_000 and out["mindist"].isna().all()


def test_state_year_minimum(env_mirror):
    from amity.sources.access import dataset

    sy = add_minimum_distance(create_state_years(years=(1816, 2024)))
    src = dataset("cow_mindist")
    g = sy.set_index(["ccode", "year"])["minmindist"]
    for c, y in [(2, 1950), (710, 2000), (900, 1990)]:
        rows = src[(src.year == y) & ((src.ccode1 == c) | (src.ccode2 == c))]
        assert float(g[(c, y)]) == pytest.approx(rows["mindist"].min())
    assert sy[sy.year > 2019]["minmindist"].isna().all()
    assert sy[sy.year < 1886]["minmindist"].isna().all()
