"""add_sim_gdp_pop: peacesciencer's reference page (site/docs/reference/add_sim_gdp_pop.html)
prints ``cow_ddy %>% add_sim_gdp_pop()`` as 2,214,930 rows x 15 columns (side 1's six
estimates, then side 2's), ``create_stateyears()`` as 17,511 rows (US 1816: mrgdppc 2668,
sd 411, pwtrgdp 27951, sd 12015, pwtpop 9.16, sd 0.690) and the G-W state-years as 20,652.

isard's ``cw_gdppop``/``gw_gdppop`` are not in the shared mirror, so the values here are the
page's own printed rows written into a small table (or a small ``.rda`` in a throwaway
mirror): the tests check the row counts and column sets against the page, that those
printed values land on the printed rows, missing values where the table has no row and
outside 1816-2019, and the clear refusal that names the file when it is absent."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from amity.errors import DataUnavailableError, InputError
from amity.panel import add_sim_gdp_pop, create_dyad_years, create_state_years
from amity.sources import get
from amity.sources.sim_gdp_pop import COLUMNS

YEARS = (1816, 2024)
# the page's printed US rows: state-years 1816-1825, and the US side of 2-20 in 1920-1929
US = {1816: (2668., 411., 27951., 12015., 9.16, 0.690),
      1817: (2656., 421., 28557., 12256., 9.41, 0.702),
      1825: (2809., 447., 36887., 15932., 11.8, 0.812),
      1920: (9642., 1468., 1179542., 527271., 107., None),
      1929: (11106., 1744., 1517361., 650671., 122., None)}


def _table(code: str = "ccode") -> pd.DataFrame:
    rows = [(2, y, *v) for y, v in US.items()] + [(2, 2020, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)]
    t = pd.DataFrame(rows, columns=[code, "year", *COLUMNS])
    return t.astype({c: "float64" for c in COLUMNS})


def test_reference_page_state_and_dyad_years(env_mirror):
    s = add_sim_gdp_pop(create_state_years(years=YEARS), table=_table())
    # the page's 9 columns less cw_name (state-year panels carry no names here)
    assert len(s) == 17_511 and list(s.columns) == ["ccode", "year", *COLUMNS]
    us = s[s.ccode == 2].set_index("year")
    assert us.loc[1816, list(COLUMNS)].tolist() == list(US[1816])
    assert us.loc[1825, "pwtpop"] == 11.8
    assert pd.isna(us.loc[1818, "mrgdppc"])                 # not in the table: missing
    assert us.loc[2020:, list(COLUMNS)].isna().all().all()   # after 2019: missing, not 1.0
    assert s[s.ccode != 2][list(COLUMNS)].isna().all().all()
    assert str(s["mrgdppc"].dtype) == "Float64"

    d = add_sim_gdp_pop(create_dyad_years(directed=True, years=YEARS), table=_table())
    assert d.shape == (2_214_930, 15)
    assert list(d.columns) == ["ccode1", "ccode2", "year",
                               *[f"{c}1" for c in COLUMNS], *[f"{c}2" for c in COLUMNS]]
    g = d[d.ccode1.isin([2, 20]) & d.ccode2.isin([2, 20])].set_index(["ccode1", "ccode2",
                                                                        "year"])
    assert g.loc[(2, 20, 1920), "mrgdppc1"] == 9642. and g.loc[(2, 20, 1929), "pwtrgdp1"] == 1517361.
    assert pd.isna(g.loc[(2, 20, 1920), "sd_pwtpop1"]) and pd.isna(g.loc[(2, 20, 1920), "mrgdppc2"])
    assert g.loc[(20, 2, 1920), "mrgdppc2"] == 9642.        # the other direction, side 2


def test_gw_state_years_and_keep(env_mirror):
    gw = add_sim_gdp_pop(create_state_years(system="gw", years=YEARS), table=_table("gwcode"))
    assert len(gw) == 20_652 and list(gw.columns) == ["gwcode", "year", *COLUMNS]
    assert gw.set_index(["gwcode", "year"]).loc[(2, 1817), "sd_pwtrgdp"] == 12256.
    k = add_sim_gdp_pop(create_dyad_years(years=(1920, 1920), states=["USA", "CAN"]),
                        keep=["pwtpop"], table=_table())
    assert list(k.columns) == ["ccode1", "ccode2", "year", "pwtpop1", "pwtpop2"]
    assert k.pwtpop1.tolist() == [107.0] and k.pwtpop2.isna().all()
    with pytest.raises(InputError, match="choose from"):
        add_sim_gdp_pop(create_state_years(years=2000), keep=["gdp"], table=_table())


def test_absent_file_is_named_and_registered(env_mirror):
    for system, name in (("cow", "cw_gdppop"), ("gw", "gw_gdppop")):
        src = get(name)
        f = src.files[0]
        assert src.kind == "optional" and src.years == (1816, 2019)
        assert f.mirror_path == f"isard/{name}.rda"
        assert re.fullmatch(r"https://raw\.githubusercontent\.com/svmiller/isard/[0-9a-f]{40}"
                            rf"/data/{name}\.rda", f.url)
        assert "fariss" in src.bibtex.lower()
        with pytest.raises(DataUnavailableError) as e:
            add_sim_gdp_pop(create_state_years(system=system, years=2000))
        assert f"isard/{name}.rda" in str(e.value) and f.url in str(e.value)


def test_reads_the_rda_from_a_mirror(env_mirror, tmp_path):
    pyreadr = pytest.importorskip("pyreadr")
    (tmp_path / "isard").mkdir()
    pyreadr.write_rdata(str(tmp_path / "isard" / "cw_gdppop.rda"), _table(),
                        df_name="cw_gdppop")
    panel = create_state_years(years=(1816, 1817), states=["USA"])
    out = add_sim_gdp_pop(panel, mirror=tmp_path)
    assert out.mrgdppc.tolist() == [2668., 2656.] and out.sd_pwtpop.tolist() == [0.690, 0.702]
    assert len(out) == len(panel) == 2


def test_no_download_without_a_checksum(tmp_path, monkeypatch):
    from amity.sources.fetch import fetch_file

    monkeypatch.setenv("AMITY_CACHE", str(tmp_path))
    src = get("cw_gdppop")
    with pytest.raises(DataUnavailableError, match="no checksum"):
        fetch_file(src, src.files[0], use_mirror=False)
    assert not any(tmp_path.rglob("*.rda"))


def test_a_copy_placed_in_the_cache_is_read(env_mirror, tmp_path, monkeypatch):
    pyreadr = pytest.importorskip("pyreadr")
    monkeypatch.setenv("AMITY_CACHE", str(tmp_path))
    (tmp_path / "gw_gdppop").mkdir()
    pyreadr.write_rdata(str(tmp_path / "gw_gdppop" / "isard__gw_gdppop.rda"),
                        _table("gwcode"), df_name="gw_gdppop")
    panel = create_state_years(system="gw", years=(1816, 1816), states=["USA"])
    monkeypatch.delenv("AMITY_MIRROR")
    out = add_sim_gdp_pop(panel)      # no mirror set: the cache
    assert out.pwtrgdp.tolist() == [27951.0]
