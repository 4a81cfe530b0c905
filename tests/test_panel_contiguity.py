"""add_contiguity: peacesciencer's reference-page figure, the source's own episodes, the
first/last-month rule, missing (not 0) after 2016, both directions in directed panels."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.panel import add_contiguity, create_dyad_years
from amity.panel.add_contiguity import _dyad_years




@pytest.fixture(scope="module")
def directed(env_mirror):
    return add_contiguity(create_dyad_years(directed=True, years=(1816, 2024)))


def test_reference_page(directed):
    # site/docs/reference/add_contiguity.html: cow_ddy %>% add_contiguity() has 2,214,930
    # rows, columns ccode1 ccode2 year conttype, and conttype 1 for 2-20 in 1920-1929
    assert len(directed) == 2_214_930
    assert list(directed.columns) == ["ccode1", "ccode2", "year", "conttype"]
    s = directed[(directed.ccode1 == 2) & (directed.ccode2 == 20)
                 & directed.year.between(1920, 1929)]
    assert len(s) == 10 and (s.conttype == 1).all()


def test_source_episodes_and_both_directions(directed, env_mirror):
    from amity.sources.access import dataset

    cd = dataset("cow_contdir")
    g = directed.set_index(["ccode1", "ccode2", "year"])["conttype"]
    checked = 0
    # US-Canada land border from 1920; US-Russia (2-365) 4 = up to 150 miles of water
    # (Bering Strait); US-Mexico land border
    for (a, b) in [(2, 20), (2, 70), (2, 365), (20, 2), (70, 2)]:
        ep = cd[(cd.ccode1 == a) & (cd.ccode2 == b)]
        assert len(ep)
        for _, e in ep.iterrows():
            for y in {e.stdate.year + 1, e.enddate.year - 1} & set(range(1816, 2017)):
                if (a, b, y) in g.index and e.stdate.year < y < e.enddate.year:
                    assert g[(a, b, y)] == e.conttype
                    checked += 1
    assert checked >= 8
    # both directions carry the same value (contiguity is symmetric)
    nd = directed[directed.ccode1 < directed.ccode2].reset_index(drop=True)
    rev = directed[directed.ccode1 > directed.ccode2].rename(
        columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    m = nd.merge(rev, on=["ccode1", "ccode2", "year"], suffixes=("", "_r"))
    assert len(m) == len(nd)
    assert (m.conttype.fillna(-1) == m.conttype_r.fillna(-1)).all()
    # US-UK (2-200): no direct contiguity episode -> 0 in 1900, never contiguous
    assert g[(2, 200, 1900)] == 0


def test_missing_after_2016_never_zero(directed):
    late = directed[directed.year > 2016]
    assert len(late) and late.conttype.isna().all()
    assert directed[directed.year <= 2016].conttype.notna().all()


def test_non_directed_row_count(env_mirror):
    nd = create_dyad_years(years=(1816, 2024))
    p = add_contiguity(nd)
    assert len(p) == len(nd) == 1_107_465


def test_mid_year_change_first_and_last_month():
    # hand-made episodes: dyad 1-2 separated by water (4) to March 1950, then land (1)
    # from April 1950
    cd = pd.DataFrame({"ccode1": [1, 1, 2, 2], "ccode2": [2, 2, 1, 1],
                       "conttype": [4, 1, 4, 1],
                       "stdate": pd.to_datetime(["1940-01-01", "1950-04-01"] * 2),
                       "enddate": pd.to_datetime(["1950-03-01", "1960-12-01"] * 2)})
    first = _dyad_years(cd, "first").set_index("year")["conttype"]
    last = _dyad_years(cd, "last").set_index("year")["conttype"]
    assert first[1949] == 4 and first[1950] == 4 and first[1951] == 1
    assert last[1949] == 4 and last[1950] == 1 and last[1951] == 1
    assert len(first) == 21            # 1940..1960, one row per dyad-year


def test_bad_slice(env_mirror):
    from amity.errors import InputError

    with pytest.raises(InputError, match="slice"):
        add_contiguity(create_dyad_years(years=(2000, 2001)), slice="middle")
