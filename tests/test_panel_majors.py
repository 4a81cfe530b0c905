"""add_cow_majors: figures from peacesciencer's reference page, source values, the
zeros-after-2016 trap (peacesciencer issue 17)."""
from __future__ import annotations

import pandas as pd

from amity.panel import add_cow_majors, create_dyad_years, create_state_years




def test_reference_page_rows(env_mirror):
    # site/docs/reference/add_cow_majors.html: cow_ddy %>% add_cow_majors() prints
    # 2,214,930 rows, columns ccode1 ccode2 year cowmaj1 cowmaj2, and for 2-20 in 1920-1929
    # cowmaj1 = 1, cowmaj2 = 0 (the page runs with mry = TRUE, carried through the last year)
    p = add_cow_majors(create_dyad_years(directed=True, years=(1816, 2024)), carry_to=2024)
    assert len(p) == 2_214_930
    assert list(p.columns[-2:]) == ["cowmaj1", "cowmaj2"]
    s = p[(p.ccode1 == 2) & (p.ccode2 == 20) & p.year.between(1920, 1929)]
    assert len(s) == 10 and (s.cowmaj1 == 1).all() and (s.cowmaj2 == 0).all()


def test_source_spells(env_mirror):
    # cow_majors: Germany (255) 1816-1918, 1925-1945, 1991-2016; Japan (740) 1895-1945,
    # 1991-2016; Italy (325) 1860-1943
    p = add_cow_majors(create_state_years(years=(1816, 2016)))
    got = p.set_index(["ccode", "year"])["cowmaj"]
    assert got[(255, 1918)] == 1 and got[(255, 1919)] == 0 and got[(255, 1925)] == 1
    assert got[(255, 1991)] == 1 and got[(740, 1895)] == 1 and got[(740, 1894)] == 0
    assert got[(325, 1943)] == 1 and got[(325, 1944)] == 0
    assert got[(2, 1898)] == 1 and got[(2, 1897)] == 0
    assert int(p.cowmaj.isna().sum()) == 0
    # non-directed dyads: both sides looked up, row count unchanged
    nd = create_dyad_years(years=(1816, 2016))
    q = add_cow_majors(nd)
    assert len(q) == len(nd)
    r = q[(q.ccode1 == 2) & (q.ccode2 == 365) & (q.year == 1950)].iloc[0]
    assert r.cowmaj1 == 1 and r.cowmaj2 == 1


def test_missing_after_2016_not_zero(env_mirror):
    panel = pd.DataFrame({"ccode": pd.array([2, 2, 20, 20], dtype="int32"),
                          "year": pd.array([2016, 2020, 2016, 2020], dtype="int32")})
    p = add_cow_majors(panel)
    assert p.cowmaj.tolist()[0] == 1 and p.cowmaj.tolist()[2] == 0
    assert p.cowmaj.isna().tolist() == [False, True, False, True]
    # carried through 2020 (peacesciencer's mry): the US stays major, Canada stays 0
    c = add_cow_majors(panel, carry_to=2020)
    assert c.cowmaj.tolist() == [1, 1, 0, 0]
