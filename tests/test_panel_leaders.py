"""Leader panels and verbs: create_state_days, create_leader_days, create_leader_years,
create_leader_dyad_years, add_archigos, add_lead, add_lwuf, against peacesciencer's
reference pages (site/docs/reference/create_statedays.html, create_leaderdays.html,
create_leaderyears.html, add_archigos.html, add_lead.html, add_lwuf.html) and
articles/parlor-tricks.html (Carter's five leader-years)."""
from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel import (add_archigos, add_lead, add_lwuf, add_spells, create_dyad_years,
                         create_leader_days, create_leader_dyad_years, create_leader_years,
                         create_state_days, create_state_years)


@pytest.fixture(scope="module")
def ly(env_mirror):
    return create_leader_years()


def test_state_days(env_mirror):
    # create_statedays(): 6,345,986 rows; system = "gw": 7,497,730 (rendered with open
    # spells to the end of 2024)
    c = create_state_days(end=2024)
    assert len(c) == 6_345_986 and list(c.columns) == ["ccode", "date"]
    assert str(c.date.iloc[0].date()) == "1816-01-01" and c.ccode.iloc[0] == 2
    assert len(create_state_days("gw", end=2024)) == 7_497_730
    assert not c.duplicated().any()
    y = create_state_days(years=(2000, 2000))
    assert y.groupby("ccode").size().max() == 366


def test_leader_years(ly, env_mirror):
    # create_leaderyears(): 17,686 rows, Grant 1869-1877 (age 47.., yrinoffice 1..9);
    # standardize = 'gw': 17,361
    assert len(ly) == 17_686
    assert list(ly.columns) == ["obsid", "leader", "gwcode", "gender", "leaderage", "year",
                                "yrinoffice"]
    grant = ly[ly.obsid == "USA-1869"]
    assert grant.year.tolist() == list(range(1869, 1878))
    assert grant.leaderage.tolist()[:2] == [47, 48] and grant.yrinoffice.tolist()[-1] == 9
    assert len(create_leader_years("gw")) == 17_361
    # parlor-tricks: create_leaderyears(standardize = 'cow'), Carter (USA-1977) 1977-1981
    c = create_leader_years("cow")
    carter = c[c.obsid == "USA-1977"]
    assert carter.year.tolist() == [1977, 1978, 1979, 1980, 1981]
    assert carter.leaderage.tolist() == [53, 54, 55, 56, 57]
    assert carter.yrinoffice.tolist() == [1, 2, 3, 4, 5] and (carter.ccode == 2).all()
    # date-level COW codes: Kohl is West Germany's (260) and then Germany's (255) in 1990
    kohl = c[(c.obsid == "GFR-1982") & (c.year == 1990)]
    assert sorted(kohl.ccode.tolist()) == [255, 260]


def test_leader_days(env_mirror):
    # create_leaderdays(): 5,298,380 rows; standardize = "gw": 5,181,021
    d = create_leader_days()
    assert len(d) == 5_298_380
    assert list(d.columns) == ["obsid", "gwcode", "leader", "date", "yrinoffice"]
    assert d.obsid.iloc[0] == "USA-1869" and str(d.date.iloc[0].date()) == "1869-03-04"
    assert len(create_leader_days("gw")) == 5_181_021


def test_leader_dyad_years(ly, env_mirror):
    t0 = time.perf_counter()
    d = create_leader_dyad_years(years=(1870, 2015))
    took = time.perf_counter() - t0
    assert took < 60, took                      # the goal: under a minute
    assert d.year.min() == 1870 and d.year.max() == 2015
    assert not d.duplicated(["year", "obsid1", "obsid2"]).any()
    # peacesciencer tells two states apart by the obsids' three-letter prefixes
    # (data-raw/gw_dir_leader_dyad_years.R); Vietnam (815) is VIE- to 1885 and VNM- after,
    # and its two leaders of 14 October 1885 are the one same-code pair, both ways
    same = d[d.gwcode1 == d.gwcode2]
    assert sorted(zip(same.year, same.obsid1.astype(str), same.obsid2.astype(str))) == [
        (1885, "VIE-1883", "VNM-1885"), (1885, "VNM-1885", "VIE-1883")]
    assert (same.gwcode1 == 815).all()
    assert (d.obsid1.astype(str).str[:3] != d.obsid2.astype(str).str[:3]).all()
    # directed: each pair both ways; non-directed: one way
    assert list(d.obsid1.cat.categories) == list(d.obsid2.cat.categories)
    n = len(d.obsid1.cat.categories)
    y = d.year.to_numpy("int64") - 1870
    a, b = d.obsid1.cat.codes.to_numpy("int64"), d.obsid2.cat.codes.to_numpy("int64")
    assert np.isin((y * n + b) * n + a, (y * n + a) * n + b).all()   # every row reversed
    nd = create_leader_dyad_years(directed=False, years=(1870, 2015))
    assert 2 * len(nd) == len(d) - 2 and (nd.gwcode1 < nd.gwcode2).all()
    # articles/different-data-types.html prints peacesciencer's G-W directed file
    # (gw_dir_leader_dyad_years) as 2,336,990 rows x 11, these columns, and its first ten
    # rows: Afghanistan's AFG-1868 (45) with AUH-1848 (40), BAV-1864 (39)... in 1870. The
    # rule: on a common day of office inside both states' G-W membership (pairs sharing
    # only the year would be 2,414,582, strictly overlapping days 2,331,804); telling
    # states apart by code instead of the obsid prefix would give 2,336,988
    assert len(d) == 2_336_990
    assert list(d.columns) == ["year", "obsid1", "obsid2", "gwcode1", "gwcode2", "gender1",
                               "gender2", "leaderage1", "leaderage2", "yrinoffice1",
                               "yrinoffice2"]
    top = d.head(10)
    assert (top.obsid1 == "AFG-1868").all() and (top.year == 1870).all()
    assert top.obsid2.astype(str).tolist() == ["AUH-1848", "BAV-1864", "BRA-1840", "CHN-1861",
                                               "COS-1870", "ECU-1869", "GMY-1858", "GRC-1863",
                                               "IRN-1848", "JPN-1868"]
    assert top.gwcode2.tolist() == [300, 245, 140, 710, 94, 130, 255, 350, 630, 740]
    assert top.leaderage2.tolist() == [40, 39, 45, 35, 39, 49, 73, 25, 39, 18]
    # Carter and Brezhnev (RUS-1964) in office together 1977-1981; leader attributes
    cb = d[(d.obsid1 == "USA-1977") & (d.obsid2 == "RUS-1964")]
    assert cb.year.tolist() == [1977, 1978, 1979, 1980, 1981]
    assert cb.leaderage1.tolist() == [53, 54, 55, 56, 57]
    # every leader of a dyad is a G-W leader-year of that year
    g = create_leader_years("gw")
    have = set(zip(g.obsid, g.year))
    assert all((o, y) in have for o, y in zip(d.obsid1.astype(str).head(5000), d.year.head(5000)))


def test_add_archigos(env_mirror):
    # cow_ddy %>% add_archigos(): 2,214,930 rows; 2-20 1920-1929 as printed
    d = add_archigos(create_dyad_years(directed=True, years=(1816, 2024)))
    assert len(d) == 2_214_930
    s = d[(d.ccode1 == 2) & (d.ccode2 == 20) & d.year.between(1920, 1929)]
    assert s.leadertransition1.tolist() == [0, 1, 0, 1, 0, 0, 0, 0, 0, 1]
    assert s.n_leaders1.tolist() == [1, 2, 1, 2, 1, 1, 1, 1, 1, 2]
    assert s.jan1obsid1.tolist() == ["USA-1913"] * 2 + ["USA-1921"] * 2 + ["USA-1923"] * 6
    assert (s.irregular1 == 0).all()
    # create_stateyears() %>% add_archigos(): 17,511 rows, the US 1816-1825 missing
    sy = add_archigos(create_state_years(years=(1816, 2024)))
    assert len(sy) == 17_511
    assert sy[sy.year < 1870][["leadertransition", "jan1obsid"]].isna().all().all()
    assert sy[sy.year > 2015][["n_leaders", "dec31obsid"]].isna().all().all()
    serbia = sy[(sy.ccode == 345) & (sy.year == 2006)]
    assert serbia.dec31obsid.item() == "SER-2006"
    assert len(add_archigos(create_state_years("gw", years=(1816, 2024)))) == 20_652


def test_add_lead_and_lwuf(ly, env_mirror):
    # create_leaderyears() %>% add_lead(): 17,686 rows; Grant leveledu 2, milservice 1;
    # keep = "yrsexper": Grant 0, Hayes 12
    a = add_lead(ly)
    assert len(a) == 17_686 and a.columns[-1] == "mentalhealth"
    g = a[a.obsid == "USA-1869"].iloc[0]
    assert g.leveledu == 2 and g.milservice == 1
    k = add_lead(ly, keep="yrsexper")
    assert list(k.columns)[-1] == "yrsexper"
    assert k[k.obsid == "USA-1869"].yrsexper.iloc[0] == 0
    assert k[k.obsid == "USA-1877"].yrsexper.iloc[0] == 12
    # add_lwuf(): Grant theta1 1.01 (sd 0.509), Hayes 0.464 (0.545)
    w = add_lwuf(ly)
    assert len(w) == 17_686
    assert round(w[w.obsid == "USA-1869"].theta1_mean.iloc[0], 2) == 1.01
    assert round(w[w.obsid == "USA-1877"].theta1_sd.iloc[0], 3) == 0.545
    dy = add_lwuf(add_lead(create_leader_dyad_years(years=(1990, 1990)), "yrsexper"),
                  "theta1_mean")
    assert {"yrsexper1", "yrsexper2", "theta1_mean1", "theta1_mean2"} <= set(dy.columns)
    with pytest.raises(InputError):
        add_lead(create_state_years(years=(2000, 2000)))
    with pytest.raises(InputError):
        add_lwuf(ly, keep="nope")


def test_spells_on_leader_years(ly):
    p = ly.assign(ev=pd.array((ly.year == 1870).astype(int), dtype="Int8"))
    out = add_spells(p, "ev")
    grant = out[out.obsid == "USA-1869"]
    assert grant.ev_spell.tolist()[:3] == [0, 1, 0]


def test_cli_build_leader_panels(tmp_path, env_mirror):
    from amity.app.datasets import build_panel, panel_citations

    r = build_panel("leader_year", tmp_path / "ly.csv", system="cow", years=(1977, 1981),
                    add=["lead", "lwuf"])
    assert r["rows"] > 0 and "theta1_mean" in r["columns"] and "ccode" in r["columns"]
    assert {"archigos", "lead", "lwuf"} <= set(r["coverage"])
    assert {"archigos", "lead", "lwuf"} <= set(panel_citations("cow", r["coverage"]))
    d = build_panel("leader_dyad_year", tmp_path / "ld.parquet", system="gw", years=(1990, 1990))
    assert d["rows"] == len(create_leader_dyad_years(directed=False, years=(1990, 1990)))
    with pytest.raises(InputError):
        build_panel("leader_year", tmp_path / "x.csv", states="USA")


def test_gml_mids_on_leader_dyad_years(env_mirror):
    from amity.panel import add_gml_mids
    from amity.sources.access import dataset

    d = create_leader_dyad_years("cow", years=(1870, 2015))
    g = add_gml_mids(d)
    assert len(g) == len(d)
    us_mx = g[(g.obsid1 == "USA-1869") & (g.obsid2 == "MEX-1872")].set_index("year")
    # MID 1547 (1873): the US on side A, Grant in office at its start -> initiator;
    # MID 1545 (1875): the US on side B
    assert us_mx.loc[1873, "gmlmidonset"] == 1 and us_mx.loc[1873, "gmlmidongoing_init"] == 1
    assert us_mx.loc[1875, "gmlmidongoing"] == 1 and us_mx.loc[1875, "gmlmidongoing_init"] == 0
    assert us_mx.loc[1874, "gmlmidongoing"] == 0
    assert g[g.year > 2010].gmlmidongoing.isna().all()
    # every listed leader-dyad dispute-year whose leaders are a COW leader dyad is ongoing
    src = dataset("gml_mid_leaders").dropna(subset=["obsid1", "obsid2"]).sample(
        200, random_state=2)
    k = g.set_index(["obsid1", "obsid2", "year"])["gmlmidongoing"]
    hits = [(r.obsid1, r.obsid2, r.year) for r in src.itertuples()
            if (r.obsid1, r.obsid2, r.year) in k.index]
    assert len(hits) > 100 and all(k[h] == 1 for h in hits)
    nd = add_gml_mids(create_leader_dyad_years("cow", directed=False, years=(1870, 1880)))
    assert "gmlmidongoing_init" not in nd.columns
    sp = add_spells(g)
    assert "gmlmidspell" in sp.columns and sp.loc[sp.year > 2010, "gmlmidspell"].isna().all()
