"""add_strategic_rivalries: peacesciencer's reference-page figures, the source's own rivalry
spans for sampled dyads in both directions, zeros inside coverage and missing after 2020."""
from __future__ import annotations

import pytest

from amity.panel import add_strategic_rivalries, create_dyad_years, create_state_years




@pytest.fixture(scope="module")
def directed(env_mirror):
    return add_strategic_rivalries(create_dyad_years(directed=True, years=(1816, 2024)))


def test_reference_page(directed):
    # site/docs/reference/add_strategic_rivalries.html: cow_ddy %>% add_strategic_rivalries()
    # has 2,214,930 rows; 2-20 in 1920-1929: tssr_id NA, every type 0, ongoingrivalry 0
    assert len(directed) == 2_214_930
    assert list(directed.columns) == ["ccode1", "ccode2", "year", "tssr_id", "positional",
                                      "spatial", "ideological", "interventionary",
                                      "ongoingrivalry"]
    s = directed[(directed.ccode1 == 2) & (directed.ccode2 == 20)
                 & directed.year.between(1920, 1929)]
    assert len(s) == 10 and s.tssr_id.isna().all()
    assert (s[["positional", "spatial", "ideological", "interventionary",
               "ongoingrivalry"]] == 0).all().all()


def test_reference_page_state_years(env_mirror):
    # same page: create_stateyears() %>% add_strategic_rivalries(): 17,511 rows; the US in
    # 1816-1819 has n_positional 1, n_spatial 2, n_ideological 0; in 1820 n_spatial 1
    s = add_strategic_rivalries(create_state_years(years=(1816, 2024)))
    assert len(s) == 17_511
    us = s[s.ccode == 2].set_index("year")
    assert (us.loc[1816:1819, "n_positional"] == 1).all()
    assert (us.loc[1816:1819, "n_spatial"] == 2).all()
    assert (us.loc[1816:1820, "n_ideological"] == 0).all()
    assert us.loc[1820, "n_spatial"] == 1
    assert s[s.year > 2020][["n_positional", "n_spatial"]].isna().all().all()


def test_source_spans_both_directions_and_missing_after_2020(directed, env_mirror):
    from amity.sources.access import dataset

    riv = dataset("tss_rivalries")
    g = directed.set_index(["ccode1", "ccode2", "year"])
    checked = 0
    for _, r in riv[(riv.start >= 1816) & (riv.ccode1 != 300) & (riv.ccode2 != 300)].sample(
            25, random_state=3).iterrows():
        for y in {r.start, (r.start + r.end) // 2, r.end}:
            for k in [(r.ccode1, r.ccode2, y), (r.ccode2, r.ccode1, y)]:
                if k in g.index:
                    assert g.loc[k, "ongoingrivalry"] == 1
                    assert g.loc[k, "positional"] >= r.positional
                    checked += 1
    assert checked >= 40
    # US-Russia (USSR): a rivalry in 1950; missing, not 0, after the data's 2020 end
    assert g.loc[(2, 365, 1950), "ongoingrivalry"] == 1
    late = directed[directed.year > 2020]
    assert len(late) and late.drop(columns=["ccode1", "ccode2", "year"]).isna().all().all()
    assert not directed.duplicated(["ccode1", "ccode2", "year"]).any()
