"""add_igos: peacesciencer's reference-page figure (US-Canada 1920-1929), the source's own
counts for sampled dyad-years in both directions, missing after 2014."""
from __future__ import annotations

import pytest

from amity.panel import add_igos, create_dyad_years, create_state_years




@pytest.fixture(scope="module")
def directed(env_mirror):
    return add_igos(create_dyad_years(directed=True, years=(1816, 2024)))


def test_reference_page(directed):
    # site/docs/reference/add_igos.html: cow_ddy %>% add_igos(): 2,214,930 rows, columns
    # ccode1 ccode2 year dyadigos; 2-20 has 7 8 8 7 7 8 8 8 8 8 in 1920-1929
    assert len(directed) == 2_214_930
    assert list(directed.columns) == ["ccode1", "ccode2", "year", "dyadigos"]
    s = directed[(directed.ccode1 == 2) & (directed.ccode2 == 20)
                 & directed.year.between(1920, 1929)].sort_values("year")
    assert s.dyadigos.tolist() == [7, 8, 8, 7, 7, 8, 8, 8, 8, 8]


def test_values_equal_source_and_missing_after_2014(directed, env_mirror):
    from amity.sources.access import dataset

    src = dataset("cow_igo_ndy").set_index(["ccode1", "ccode2", "year"])["dyadigos"]
    g = directed.set_index(["ccode1", "ccode2", "year"])["dyadigos"]
    checked = 0
    for (a, b, y), want in src.sample(300, random_state=11).items():
        if (a, b, y) in g.index:
            assert g[(a, b, y)] == want and g[(b, a, y)] == want
            checked += 1
    assert checked >= 250
    late = directed[directed.year > 2014]
    assert len(late) > 100_000 and late.dyadigos.isna().all()


def test_state_years_refused(env_mirror):
    from amity.errors import InputError

    with pytest.raises(InputError, match="state-year"):
        add_igos(create_state_years(years=(2000, 2001)))
