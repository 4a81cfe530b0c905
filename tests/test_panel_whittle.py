"""whittle_conflicts_*: each rule on the cases peacesciencer's article "Coerce dispute-year
data into dyad-year data" (site/docs/articles/coerce-dispute-year-dyad-year.html) prints,
its counts (498 duplicated non-directed dyad-years; 24 directed / 12 non-directed left after
duration), and the whole chain equal to peacesciencer's own whittled tables
(cow_mid_ddydisps, 10,234 rows; gml_mid_ddydisps, 9,284 rows), dispute for dispute."""
from __future__ import annotations

import pytest

from amity.errors import InputError
from amity.panel import (create_dispute_dyad_years, create_dyad_years,
                         whittle_conflicts_duration, whittle_conflicts_fatality,
                         whittle_conflicts_hostility, whittle_conflicts_jds,
                         whittle_conflicts_onsets, whittle_conflicts_reciprocation,
                         whittle_conflicts_startmonth)

KEY = ["ccode1", "ccode2", "year"]


def disputes(f, a, b, y):
    return f[(f.ccode1 == a) & (f.ccode2 == b) & (f.year == y)].dispnum.tolist()


def chain(frame):
    f = whittle_conflicts_onsets(frame)
    f = whittle_conflicts_fatality(f)
    f = whittle_conflicts_hostility(f)
    f = whittle_conflicts_duration(whittle_conflicts_duration(f), "maxdur")
    return f


@pytest.fixture(scope="module")
def cow(env_mirror):
    return create_dispute_dyad_years("cow")


def test_article_steps(cow):
    assert len(cow) == 11_390
    nd = cow[cow.ccode2 > cow.ccode1]
    assert int(nd.groupby(KEY).size().gt(1).sum()) == 498
    assert sorted(disputes(cow, 2, 200, 1903)) == [2, 254, 3301]
    o = whittle_conflicts_onsets(cow)
    assert disputes(o, 2, 200, 1903) == [3301]                # unique onset kept
    assert sorted(disputes(o, 220, 325, 1860)) == [112, 113, 306]   # all three are onsets
    f = whittle_conflicts_fatality(o)
    assert disputes(f, 365, 640, 1853) == [57]                # the Crimean War, not MID 126
    h = whittle_conflicts_hostility(f)
    assert disputes(h, 750, 770, 1963) == [1317]
    d = whittle_conflicts_duration(whittle_conflicts_duration(h), "maxdur")
    assert disputes(d, 135, 100, 1852) == [1523]
    left = d[d.duplicated(KEY, keep=False)]
    assert len(left) == 24 and len(left[left.ccode2 > left.ccode1]) == 12
    assert set(zip(left[left.ccode2 > left.ccode1].ccode1, left[left.ccode2 > left.ccode1].ccode2,
                   left[left.ccode2 > left.ccode1].year)) == {
        (2, 365, 1986), (352, 640, 1965), (365, 372, 2003), (541, 560, 1987),
        (703, 704, 2005), (731, 740, 1999)}
    r = whittle_conflicts_reciprocation(d)
    # reciprocated over not (recip in MID 5's dispute table): Cyprus-Turkey 1965 keeps 2171,
    # 541-560 1987 keeps 2800, 731-740 1999 keeps 4225
    assert disputes(r, 352, 640, 1965) == [2171]
    assert disputes(r, 541, 560, 1987) == [2800] and disputes(r, 731, 740, 1999) == [4225]
    assert sorted(disputes(r, 703, 704, 2005)) == [4428, 4430]    # neither reciprocated
    s = whittle_conflicts_startmonth(r)
    # the lowest start month: 4428 (May) over 4430 (December), 3637 (Jan) over 2233 (Mar)
    assert disputes(s, 703, 704, 2005) == [4428] and disputes(s, 2, 365, 1986) == [3637]
    assert not s.duplicated(KEY).any()         # the article: none left after start month
    assert whittle_conflicts_jds(s).equals(s)   # nothing left for the JDS rule to decide


@pytest.mark.parametrize("source,table,rows", [("cow", "cow_mid_ddydisps", 10_234),
                                                ("gml", "gml_mid_ddydisps", 9_284)])
def test_chain_equals_peacesciencers_tables(source, table, rows, env_mirror):
    from amity.sources.access import dataset

    f = whittle_conflicts_jds(whittle_conflicts_startmonth(whittle_conflicts_reciprocation(
        chain(create_dispute_dyad_years(source)))))
    ref = dataset(table)
    assert len(f) == len(ref) == rows
    assert not f.duplicated(KEY).any()
    m = f[KEY + ["dispnum"]].merge(ref[KEY + ["dispnum"]], on=KEY, suffixes=("", "_ps"))
    assert len(m) == rows and (m.dispnum == m.dispnum_ps).all()


def test_rules_keep_single_rows_and_refuse_panels(cow, env_mirror):
    single = cow[~cow.duplicated(KEY, keep=False)]
    out = whittle_conflicts_hostility(whittle_conflicts_onsets(cow))
    assert set(map(tuple, single[KEY].values)) <= set(map(tuple, out[KEY].values))
    assert len(out) < len(cow)
    with pytest.raises(InputError, match="dispute-dyad-years"):
        whittle_conflicts_onsets(create_dyad_years(years=(2000, 2000), states=["USA", "CAN"]))
    with pytest.raises(InputError):
        whittle_conflicts_duration(cow, "median")
    with pytest.raises(InputError):
        create_dispute_dyad_years("ucdp")
