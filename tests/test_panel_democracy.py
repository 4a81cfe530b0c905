"""add_democracy: peacesciencer's reference-page shape, the source's own values for
sampled state-years on state-, dyad- (both directions) and triad-years, missing after 2020."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.panel import add_democracy, create_dyad_years, create_state_years




@pytest.fixture(scope="module")
def src(env_mirror):
    from amity.sources.access import dataset

    return dataset("ccode_democracy").set_index(["ccode", "year"])


def test_reference_page_rows_and_columns(env_mirror):
    # site/docs/reference/add_democracy.html: cow_ddy %>% add_democracy() keeps cow_ddy's
    # 2,214,930 rows and adds polity21, v2x_polyarchy1 ... polity22, v2x_polyarchy2
    bare = create_dyad_years(directed=True, years=(1816, 2024))
    p = add_democracy(bare)
    assert len(p) == len(bare) == 2_214_930
    for c in ("polity21", "v2x_polyarchy1", "polity22", "v2x_polyarchy2"):
        assert c in p.columns
    assert (p[["ccode1", "ccode2", "year"]].to_numpy() == bare[["ccode1", "ccode2", "year"]]
            .to_numpy()).all()
    # both directions: side 1 of (a, b) is side 2 of (b, a)
    g = p.set_index(["ccode1", "ccode2", "year"])
    assert g.loc[(2, 20, 1920), "v2x_polyarchy1"] == g.loc[(20, 2, 1920), "v2x_polyarchy2"]
    assert g.loc[(2, 20, 1920), "polity22"] == g.loc[(20, 2, 1920), "polity21"]


def test_values_equal_source_and_missing_after_2020(src):
    sy = add_democracy(create_state_years(years=(1816, 2024)))
    g = sy.set_index(["ccode", "year"])
    checked = 0
    for key in [(2, 1816), (2, 1920), (2, 2018), (365, 1950), (710, 2000), (200, 1900),
                (255, 1933), (731, 2010)]:
        if key not in src.index:
            continue
        for c in ("v2x_polyarchy", "polity2", "xm_qudsest"):
            want, got = src.loc[key, c], g.loc[key, c]
            if pd.isna(want):
                assert pd.isna(got)
            else:
                assert float(got) == pytest.approx(float(want))
                checked += 1
    assert checked >= 15
    assert g.loc[(2, 1920), "polity2"] == 10          # the source's own value
    late = sy[sy.year > 2020]
    assert len(late) and late[["v2x_polyarchy", "polity2", "xm_qudsest"]].isna().all().all()
    assert (late[["v2x_polyarchy", "polity2", "xm_qudsest"]] != 0).all().all()


def test_gw_panel_reads_gwcode_democracy(env_mirror):
    # reference/add_democracy.html: create_stateyears(system="gw") %>% add_democracy():
    # 20,652 rows. Its values come from a later release (euds/aeuds columns, US 1816
    # polity2 6); the mirror's gwcode_democracy (this package's version) has the US in 1816
    # at polity2 9, v2x_polyarchy 0.367, xm_qudsest 0.707
    g = add_democracy(create_state_years(system="gw", years=(1816, 2024)))
    assert len(g) == 20_652
    us = g[g.gwcode == 2].set_index("year")
    assert us.loc[1816, "polity2"] == 9 and round(us.loc[1816, "v2x_polyarchy"], 3) == 0.367
    assert round(us.loc[1816, "xm_qudsest"], 3) == 0.707
    assert g[g.year > 2020][["v2x_polyarchy", "polity2"]].isna().all().all()
    assert "gwcode_democracy" in g.attrs["amity"]["coverage"]
