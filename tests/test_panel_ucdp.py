"""add_ucdp_acd and add_ucdp_onsets: peacesciencer's printed figures
(reference/add_ucdp_acd.html, reference/add_ucdp_onsets.html, articles/parlor-tricks.html),
the source's own values for sampled state-years, zeros inside and missing outside coverage."""
from __future__ import annotations

import pytest

from amity.errors import InputError
from amity.panel import (add_gwcode_to_cow, add_spells, add_ucdp_acd, add_ucdp_onsets,
                         create_dyad_years, create_state_years)


@pytest.fixture(scope="module")
def gw(env_mirror):
    return create_state_years("gw", years=(1946, 2024))


def test_reference_page_acd(gw):
    # reference/add_ucdp_acd.html: create_stateyears(system = "gw", subset_years = 1946:2024)
    # %>% add_ucdp_acd(): 12,507 rows; the US 1946-1955 ongoing only in 1950 (onset,
    # maxintensity 1); with type = 'intrastate', issue = 'government' the US has none
    a = add_ucdp_acd(gw)
    assert len(a) == 12_507
    us = a[a.gwcode == 2].set_index("year")
    assert us.loc[1946:1955, "ucdpongoing"].tolist() == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert us.loc[1950, "ucdponset"] == 1 and us.loc[1950, "maxintensity"] == 1
    assert us.loc[1946:1949, "maxintensity"].isna().all()
    b = add_ucdp_acd(gw, type="intrastate", issue="government")
    assert (b[(b.gwcode == 2) & (b.year <= 1955)].ucdpongoing == 0).all()


def test_parlor_tricks_india_and_belize(env_mirror):
    # articles/parlor-tricks.html: G-W state-years 1946-2019, intrastate conflicts, peace
    # years: India 1947-1956 ongoing 0 1 1 1 1 0 0 0 0 1, onset in 1948 and 1956,
    # maxintensity 2 in 1948-1951 and 1 in 1956; 73 India rows, 39 Belize rows
    p = add_spells(add_ucdp_acd(create_state_years("gw", years=(1946, 2019)), "intrastate"))
    ind = p[p.gwcode == 750]
    assert len(ind) == 73 and len(p[p.gwcode == 80]) == 39
    head = ind.head(10)
    assert head.year.tolist() == list(range(1947, 1957))
    assert head.ucdpongoing.tolist() == [0, 1, 1, 1, 1, 0, 0, 0, 0, 1]
    assert head.ucdponset.tolist() == [0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
    assert head.maxintensity.tolist()[1:5] == [2, 2, 2, 2] and head.maxintensity.iloc[9] == 1
    # same page, wars only (intensity 2): ucdpspell 0 1 0 0 0 0 1 2 3 4
    w = add_spells(add_ucdp_acd(create_state_years("gw", years=(1946, 2019)), "intrastate",
                                only_wars=True))
    assert w[w.gwcode == 750].head(10).ucdpspell.tolist() == [0, 1, 0, 0, 0, 0, 1, 2, 3, 4]


def test_acd_source_values_and_coverage(env_mirror):
    from amity.sources.access import dataset

    p = add_ucdp_acd(create_state_years("gw", years=(1900, 2026)))
    acd = dataset("ucdp_acd")
    g = p.set_index(["gwcode", "year"])
    checked = 0
    for _, r in acd.sample(60, random_state=2).iterrows():
        k = (r.gwno_a, r.year)
        if k in g.index:
            assert g.loc[k, "ucdpongoing"] == 1
            assert g.loc[k, "maxintensity"] >= r.intensity_level
            assert str(r.conflict_id) in g.loc[k, "conflict_ids"].split("; ")
            checked += 1
    assert checked >= 50
    out = p[(p.year < 1946) | (p.year > 2024)]
    assert len(out) and out[["ucdpongoing", "ucdponset", "maxintensity",
                             "conflict_ids"]].isna().all().all()
    assert p[p.year.between(1946, 2024)].ucdpongoing.notna().all()


def test_cow_panel_needs_gwcode(env_mirror):
    cow = create_state_years(years=(1990, 1995))
    with pytest.raises(InputError, match="gwcode"):
        add_ucdp_acd(cow)
    with pytest.raises(InputError):
        add_ucdp_acd(create_dyad_years("gw", years=(1990, 1990)))
    a = add_ucdp_acd(add_gwcode_to_cow(cow))
    assert len(a) == len(cow)
    # Russia (COW 365 = G-W 365) side A in 1994 (Chechnya)
    assert a[(a.ccode == 365) & (a.year == 1994)].ucdpongoing.item() == 1


def test_reference_page_onsets(env_mirror):
    # reference/add_ucdp_onsets.html: create_stateyears(system="gw") %>% add_ucdp_onsets():
    # 20,652 rows (G-W to 2024); create_stateyears() %>% add_gwcode_to_cow() %>%
    # add_ucdp_onsets(): 17,511 rows; the US has no onsets (peacesciencer prints 0 also
    # for 1816-1945, years the data do not cover: Amity leaves those missing)
    g = add_ucdp_onsets(create_state_years("gw", years=(1816, 2024)))
    assert len(g) == 20_652
    assert list(g.columns[-6:]) == ["sumnewconf", "sumonset1", "sumonset2", "sumonset3",
                                    "sumonset5", "sumonset10"]
    us = g[g.gwcode == 2].set_index("year")
    assert us.loc[1816:1945, "sumonset1"].isna().all()
    assert (us.loc[1946:1949, "sumonset1"] == 0).all()
    assert g[g.year > 2017].sumonset1.isna().all()
    assert g[g.year.between(1946, 2017)].sumonset1.notna().all()
    c = add_ucdp_onsets(add_gwcode_to_cow(create_state_years(years=(1816, 2024))))
    assert len(c) == 17_511


def test_onsets_source_values(env_mirror):
    from amity.sources.access import dataset

    g = add_ucdp_onsets(create_state_years("gw", years=(1946, 2017))).set_index(
        ["gwcode", "year"])
    src = dataset("ucdp_onsets")
    checked = 0
    for _, r in src[src.sumonset1 > 0].sample(40, random_state=5).iterrows():
        if (r.gwcode, r.year) in g.index:
            row = g.loc[(r.gwcode, r.year)]
            assert row.sumonset1 == r.sumonset1 and row.sumnewconf == r.sumnewconf
            checked += 1
    assert checked >= 35
