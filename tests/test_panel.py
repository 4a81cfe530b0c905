"""Panels: frames against peacesciencer's, the issue's done-when facts, coverage, refusals."""
from __future__ import annotations

import json
from math import comb

import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel import (
    add_atop,
    add_mids,
    add_nmc,
    add_wars,
    create_dyad_years,
    create_state_years,
    create_triad_years,
    iter_triad_years,
)
from amity.panel._common import left_join_checked, mask_outside, panel_meta, require_panel

FULL = (1816, 2024)




@pytest.fixture(scope="module")
def full(env_mirror):
    return add_nmc(add_wars(add_mids(add_atop(create_dyad_years(years=FULL)))))


def _read_rda(mirror, name):
    import pyreadr

    return pyreadr.read_r(str(mirror / "peacesciencer" / "rda" / f"{name}.rda"))[name]


def test_dyad_years_equal_peacesciencer_frames(env_mirror):
    cow = _read_rda(env_mirror, "cow_ddy")[["ccode1", "ccode2", "year"]].astype("int32")
    mine = create_dyad_years(directed=True, years=FULL)
    cow = cow.sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)
    assert len(mine) == len(cow) == 2_214_930
    assert (mine.to_numpy() == cow.to_numpy()).all()
    nd = create_dyad_years(years=FULL)
    assert len(nd) == 1_107_465 and (nd.ccode1 < nd.ccode2).all()
    gw = create_dyad_years(system="gw", directed=True, years=FULL)
    assert len(gw) == len(_read_rda(env_mirror, "gw_ddy")) == 2_599_466


def test_state_years_and_open_ends(env_mirror):
    sy = create_state_years(years=(2016, 2024))
    n16 = int((sy.year == 2016).sum())
    assert n16 == int((sy.year == 2024).sum()) == 195     # alive in 2016 -> continue to today
    assert sy.attrs["amity"]["kind"] == "state_year"
    assert set(create_state_years(majors=True, years=2020).ccode) == {2, 200, 220, 255, 365, 710, 740}


def test_triad_years_counts(env_mirror):
    n2020 = int((create_state_years(years=2020)).shape[0])
    t = create_triad_years(years=2020)
    assert len(t) == comb(n2020, 3)
    assert (t.ccode1 < t.ccode2).all() and (t.ccode2 < t.ccode3).all()
    # the full panel (about 58M rows) streams in chunks without building it at once
    sizes = [len(c) for c in iter_triad_years(years=FULL, max_rows=5_000_000)]
    assert sum(sizes) == 57_967_929 and max(sizes) < 7_000_000
    crt = create_triad_years(states=[2, 365, 710], years=(2000, 2024))
    assert len(crt) == 25 and set(zip(crt.ccode1, crt.ccode2, crt.ccode3)) == {(2, 365, 710)}


def test_done_when_facts(full):
    bare = create_dyad_years(years=FULL)
    assert len(full) == len(bare)
    assert (full[["ccode1", "ccode2", "year"]].to_numpy() == bare.to_numpy()).all()
    cr = full[(full.ccode1 == 365) & (full.ccode2 == 710)].set_index("year")
    assert cr.loc[2010, "atop_consul"] == 1 and cr.loc[2010, "atop_defense"] == 0
    assert cr.loc[1955, "atop_defense"] == 1
    late = full[full.year > 2018]
    for c in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul",
              "atop_value"):
        assert late[c].isna().all(), c
        assert full.loc[full.year <= 2018, c].notna().all(), c
    assert full.loc[full.year > 2014, "cowmidongoing"].isna().all()
    assert full.loc[full.year <= 2014, "cowmidongoing"].notna().all()
    assert full.loc[full.year > 2003, "cowinterongoing"].isna().all()
    assert full.loc[full.year > 2022, "cinc1"].isna().all()
    assert str(full["atop_defense"].dtype) == "Int8" and str(full["cinc1"].dtype) == "Float64"
    assert panel_meta(full)["coverage"] == {"atop": [1815, 2018], "cow_mid": [1816, 2014],
                                           "cow_war": [1816, 2003], "nmc": [1816, 2022]}


def test_values_against_the_source_tables(full, env_mirror):
    # Korean War 1950: USA (2) and China (710) on opposite sides, and a MID onset
    kw = full[(full.ccode1 == 2) & (full.ccode2 == 710) & (full.year == 1950)].iloc[0]
    assert kw.cowinterongoing == 1 and kw.cowinteronset == 1 and kw.cowmidongoing == 1
    assert kw.cowmid_hostlev == 5
    # CINC straight from NMC 7.0 for both sides
    nmc = _read_rda(env_mirror, "cow_nmc")
    usa = float(nmc[(nmc.ccode == 2) & (nmc.year == 1950)].cinc.iloc[0])
    chn = float(nmc[(nmc.ccode == 710) & (nmc.year == 1950)].cinc.iloc[0])
    assert kw.cinc1 == pytest.approx(usa) and kw.cinc2 == pytest.approx(chn)
    # a covered pair-year with no alliance is 0, not missing
    x = full[(full.ccode1 == 2) & (full.ccode2 == 365) & (full.year == 1962)].iloc[0]
    assert x.atop_defense == 0


def test_directed_and_triad_panels_carry_pair_values(env_mirror):
    d = add_atop(create_dyad_years(directed=True, years=(2010, 2010)))
    a = d[(d.ccode1 == 365) & (d.ccode2 == 710)].iloc[0]
    b = d[(d.ccode1 == 710) & (d.ccode2 == 365)].iloc[0]
    assert a.atop_consul == b.atop_consul == 1
    t = add_nmc(add_atop(create_triad_years(states=[2, 365, 710], years=(2010, 2020))))
    row = t[t.year == 2010].iloc[0]
    assert row.atop_consul_23 == 1 and row.atop_defense_23 == 0     # RUS-CHN
    assert row.atop_defense_12 == 0                                  # USA-RUS
    assert t.loc[t.year == 2020, "atop_consul_23"].isna().all()
    assert {"cinc1", "cinc2", "cinc3"} <= set(t.columns)
    s = add_nmc(create_state_years(years=(2020, 2024)))
    assert s.loc[s.year == 2022, "cinc"].notna().any() and s.loc[s.year > 2022, "cinc"].isna().all()


def test_refusals(env_mirror):
    sy = create_state_years(years=2000)
    for verb in (add_atop, add_mids, add_wars):
        with pytest.raises(InputError, match="cannot serve a state-year panel"):
            verb(sy)
    gw = create_dyad_years(system="gw", years=2000)
    with pytest.raises(InputError, match="COW"):
        add_atop(gw)
    with pytest.raises(InputError, match="not a panel"):
        add_atop(pd.DataFrame({"a": [1]}))
    with pytest.raises(InputError, match="applied twice"):
        add_atop(add_atop(create_dyad_years(years=2000)))
    with pytest.raises(InputError, match="unknown MID source"):
        add_mids(create_dyad_years(years=2000), source="xyz")


def test_attrs_lost_still_works(env_mirror, tmp_path):
    p = create_dyad_years(years=(2000, 2001), directed=True)
    f = tmp_path / "p.csv"
    p.to_csv(f, index=False)
    back = pd.read_csv(f)
    assert back.attrs == {}
    meta = panel_meta(back)
    assert meta["kind"] == "dyad_year" and meta["directed"] is True
    assert len(add_atop(back)) == len(back)


def test_left_join_checked_and_mask_outside():
    panel = pd.DataFrame({"ccode1": [2, 2, 20], "ccode2": [20, 200, 200],
                          "year": [2000, 2019, 2000]})
    right = pd.DataFrame({"ccode1": [2, 2], "ccode2": [20, 20], "year": [2000, 2000], "v": [1, 2]})
    with pytest.raises(InputError, match="duplicate key"):
        left_join_checked(panel, right, ["ccode1", "ccode2", "year"])
    right = right.iloc[:1]
    out = left_join_checked(panel, right, ["ccode1", "ccode2", "year"])
    assert len(out) == 3 and out.v.tolist()[0] == 1 and out.v.isna().sum() == 2
    out["v"] = out["v"].fillna(0).astype("int64")
    mask_outside(out, ["v"], 1990, 2018)
    assert str(out.v.dtype) == "Int64" and out.v.isna().tolist() == [False, True, False]
    with pytest.raises(InputError, match="cannot serve"):
        require_panel(panel, ["triad_year"], verb="x")


def test_cli_panel_rows_equal_bare_frame(env_mirror, tmp_path, tmp_db):
    from typer.testing import CliRunner

    from amity.cli import app

    out = tmp_path / "p.parquet"
    r = CliRunner().invoke(app, ["panel", "dyad-years", "--add", "atop,mids,nmc", "--from",
                                 "1990", "--to", "2024", "--out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.stdout)
    bare = create_dyad_years(years=(1990, 2024))
    assert s["rows"] == len(bare) == len(pd.read_parquet(out))
    assert s["coverage"]["atop"] == [1815, 2018]
    r = CliRunner().invoke(app, ["panel", "triad-years", "--states", "2,365,710", "--from",
                                 "2016", "--to", "2020", "--add", "atop", "--out",
                                 str(tmp_path / "t.csv"), "--json"])
    assert r.exit_code == 0, r.output
    t = pd.read_csv(tmp_path / "t.csv")
    assert len(t) == 5 and t.loc[t.year == 2019, "atop_consul_23"].isna().all()
    r = CliRunner().invoke(app, ["panel", "state-years", "--add", "atop", "--out",
                                 str(tmp_path / "s.csv")])
    assert r.exit_code != 0 and not (tmp_path / "s.csv").exists()
    r = CliRunner().invoke(app, ["panel", "dyad-years", "--out", str(tmp_path / "x.txt")])
    assert r.exit_code != 0


def test_cli_triad_years_default_end_is_fixed_not_the_clock(env_mirror, tmp_path, tmp_db,
                                                           monkeypatch):
    """Without --to the triad panel ends in 2024 whatever year the clock says (it ran to the
    current year: 60.4M rows, not the README's ~58M)."""
    from typer.testing import CliRunner

    import amity.panel.create as C
    from amity.cli import app
    from amity.cli.data import TRIAD_DEFAULT_END

    monkeypatch.setattr(C, "current_year", lambda: 2031)
    r = CliRunner().invoke(app, ["panel", "triad-years", "--states", "CHN,RUS,USA", "--from",
                                 "2015", "--out", str(tmp_path / "t.csv"), "--json"])
    assert r.exit_code == 0, r.output
    t = pd.read_csv(tmp_path / "t.csv")
    assert TRIAD_DEFAULT_END == 2024
    assert t.year.tolist() == list(range(2015, 2025))
    # an explicit --to past it still reaches it (open spells run on)
    r = CliRunner().invoke(app, ["panel", "triad-years", "--states", "CHN,RUS,USA", "--from",
                                 "2029", "--to", "2030", "--out", str(tmp_path / "u.csv")])
    assert r.exit_code == 0, r.output
    assert pd.read_csv(tmp_path / "u.csv").year.tolist() == [2029, 2030]


def test_panel_from_the_store_equals_panel_from_the_mirror(env_mirror, tmp_path):
    import amity.sources as S
    from amity.store import connect

    con = connect(tmp_path / "s.duckdb")
    S.load(con, ["cow_states", "atop", "cow_mid", "cow_war", "nmc"], mirror=env_mirror)
    kw = dict(years=(1990, 2024))
    a = add_nmc(add_wars(add_mids(add_atop(create_dyad_years(con=con, **kw), con=con),
                                  con=con), con=con), con=con)
    b = add_nmc(add_wars(add_mids(add_atop(create_dyad_years(**kw)))))
    pd.testing.assert_frame_equal(a, b)


def test_reference_pages_of_the_first_round_verbs(env_mirror):
    # site/docs/reference/add_atop_alliance.html, add_cow_mids.html, add_cow_wars.html and
    # add_nmc.html all start from cow_ddy (2,214,930 rows) and print the US-Canada rows of
    # 1920-1929: no alliance obligation, no MID, no war, and cinc1 (3 significant digits)
    # 0.290 0.253 0.256 0.272 0.254 0.254 0.263 0.239 0.240 0.240; add_nmc.html's
    # create_stateyears() has 17,511 rows, US cinc 1816-1825 0.0397 0.0358 0.0361 0.0371
    # 0.0371 0.0342 0.0329 0.0331 0.0330 0.0342
    d = add_nmc(add_wars(add_mids(add_atop(create_dyad_years(directed=True, years=FULL)))))
    assert len(d) == 2_214_930
    us_ca = d[(d.ccode1 == 2) & (d.ccode2 == 20) & d.year.between(1920, 1929)]
    assert us_ca.year.tolist() == list(range(1920, 1930))
    for c in ("atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul",
              "cowmidongoing", "cowmidonset", "cowinterongoing", "cowinteronset"):
        assert (us_ca[c] == 0).all(), c
    assert [f"{v:.3g}" for v in us_ca.cinc1] == ["0.29", "0.253", "0.256", "0.272", "0.254",
                                                 "0.254", "0.263", "0.239", "0.24", "0.24"]
    s = add_nmc(create_state_years(years=FULL))
    assert len(s) == 17_511
    assert [f"{v:.3g}" for v in s[s.ccode == 2].cinc.head(10)] == [
        "0.0397", "0.0358", "0.0361", "0.0371", "0.0371", "0.0342", "0.0329", "0.0331",
        "0.033", "0.0342"]


def test_fold_dyads_by_hand():
    import numpy as np

    from amity.panel._common import fold_dyads

    # both orders of 2-20 in 2000 (3.0 and 1.0), 20-2 in 2001 only, a self pair, a NaN
    # next to a value, and a pair whose only value is NaN; rows in no particular order
    y = np.array([2001, 2000, 2000, 2000, 2000, 2000, 2000])
    a = np.array([20, 2, 20, 70, 2, 70, 40])
    b = np.array([2, 20, 2, 70, 70, 2, 41])
    v = np.array([5.0, 3.0, 1.0, 9.0, np.nan, 4.0, np.nan])
    f = fold_dyads(y, a, b, {"lo": (v, "min"), "hi": (v, "max")})
    assert list(zip(f.ccode1, f.ccode2, f.year)) == [(2, 20, 2000), (2, 70, 2000),
                                                     (40, 41, 2000), (2, 20, 2001)]
    assert f.lo.tolist()[:2] == [1.0, 4.0] and f.hi.tolist()[:2] == [3.0, 4.0]
    assert np.isnan(f.lo[2]) and f.lo[3] == 5.0
    # already non-directed, one row per key, by pair then year: the same rows in their own
    # order (nothing to fold; the grid joins need no sorted table)
    s = fold_dyads(np.array([2000, 2001, 2000]), np.array([2, 2, 20]), np.array([20, 20, 70]),
                   {"x": (np.array([1.0, 2.0, 3.0]), "max")})
    assert list(zip(s.ccode1, s.ccode2, s.year, s.x)) == [(2, 20, 2000, 1.0), (2, 20, 2001, 2.0),
                                                          (20, 70, 2000, 3.0)]
    # the same pairs with one repeated key: folded, sorted by year
    r = fold_dyads(np.array([2000, 2000, 2001]), np.array([2, 20, 2]), np.array([20, 2, 20]),
                   {"x": (np.array([1.0, 2.0, 3.0]), "max")})
    assert list(zip(r.ccode1, r.ccode2, r.year, r.x)) == [(2, 20, 2000, 2.0), (2, 20, 2001, 3.0)]
