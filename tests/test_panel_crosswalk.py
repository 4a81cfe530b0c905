"""add_gwcode_to_cow / add_ccode_to_gw: peacesciencer's reference pages
(reference/add_gwcode_to_cow.html, reference/add_ccode_to_gw.html), codes that change with
the year (Serbia, Germany), the crosswalk's own rows, missing where a state has no
counterpart."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel import add_ccode_to_gw, add_gwcode_to_cow, create_dyad_years, create_state_years


def test_reference_page_gwcode_to_cow(env_mirror):
    # cow_ddy %>% add_gwcode_to_cow(): 2,214,930 rows, 2-20 in 1920: gwcode 2, 20;
    # create_stateyears() %>% add_gwcode_to_cow(): 17,511 rows, the US gwcode 2 from 1816
    d = add_gwcode_to_cow(create_dyad_years(directed=True, years=(1816, 2024)))
    assert len(d) == 2_214_930
    assert list(d.columns) == ["ccode1", "ccode2", "year", "gwcode1", "gwcode2"]
    r = d[(d.ccode1 == 2) & (d.ccode2 == 20) & (d.year == 1920)]
    assert r[["gwcode1", "gwcode2"]].values.tolist() == [[2, 20]]
    s = add_gwcode_to_cow(create_state_years(years=(1816, 2024)))
    assert len(s) == 17_511
    assert (s[s.ccode == 2].gwcode == 2).all()


def test_reference_page_ccode_to_gw(env_mirror):
    # create_dyadyears(system = "gw") %>% add_ccode_to_gw(): 2,599,466 rows; G-W 2-20 in
    # 1867-1876: ccode1 2, ccode2 NA (Canada joins COW in 1920); state-years 20,652
    d = add_ccode_to_gw(create_dyad_years("gw", directed=True, years=(1816, 2024)))
    assert len(d) == 2_599_466
    r = d[(d.gwcode1 == 2) & (d.gwcode2 == 20) & d.year.between(1867, 1876)]
    assert len(r) == 10 and (r.ccode1 == 2).all() and r.ccode2.isna().all()
    s = add_ccode_to_gw(create_state_years("gw", years=(1816, 2024)))
    assert len(s) == 20_652 and (s[s.gwcode == 2].ccode == 2).all()


def test_codes_change_with_the_year(env_mirror):
    s = add_gwcode_to_cow(create_state_years(years=(1816, 2026))).set_index(["ccode", "year"])
    assert s.loc[(345, 2000), "gwcode"] == 345 and s.loc[(345, 2010), "gwcode"] == 340
    assert s.loc[(255, 1900), "gwcode"] == 255 and s.loc[(255, 2000), "gwcode"] == 260
    assert s.loc[(345, 2026), "gwcode"] == 340          # 2020 codes carried on
    g = add_ccode_to_gw(create_state_years("gw", years=(1816, 2026))).set_index(["gwcode", "year"])
    assert g.loc[(340, 2010), "ccode"] == 345 and g.loc[(260, 2000), "ccode"] == 255
    assert g.loc[(260, 1970), "ccode"] == 260


def test_crosswalk_rows_and_refusals(env_mirror):
    from amity.sources.access import dataset

    cw = dataset("cow_gw_years")
    s = add_gwcode_to_cow(create_state_years(years=(1816, 2020))).set_index(["ccode", "year"])
    for _, r in cw[cw.ccode.notna()].sample(200, random_state=4).iterrows():
        k = (r.ccode, r.year)
        if k in s.index:
            got = s.loc[k, "gwcode"]
            if pd.isna(r.gwcode):
                assert pd.isna(got)
            else:
                assert got == r.gwcode
    with pytest.raises(InputError):
        add_gwcode_to_cow(create_state_years("gw", years=(2000, 2000)))
    with pytest.raises(InputError):
        add_ccode_to_gw(create_state_years(years=(2000, 2000)))
    with pytest.raises(InputError):
        add_gwcode_to_cow(add_gwcode_to_cow(create_state_years(years=(2000, 2000))))
