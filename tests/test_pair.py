"""The pair commands: JSON shapes on the real data, and clear errors for bad input."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from amity.cli import main
from amity.app import reports as R
from amity.measures import pair as P


@pytest.fixture(scope="session")
def store(mirror, tmp_path_factory):
    from amity.app.reports import ensure_curated
    from amity.store import connect

    p = tmp_path_factory.mktemp("pairdb") / "pair.duckdb"
    con = connect(p)
    ensure_curated(con)
    con.close()
    return p


def run(capsys, monkeypatch, mirror, *args):
    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    with pytest.raises(SystemExit) as e:
        main(list(args))
    out = capsys.readouterr()
    return e.value.code or 0, out.out, out.err


def test_dyad_json_shape(capsys, monkeypatch, mirror, store):
    code, out, err = run(capsys, monkeypatch, mirror, "dyad", "CHN", "RUS", "--from", "1949",
                         "--to", "2025", "--db", str(store), "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["pair"] == ["CHN", "RUS"]
    years = [r["year"] for r in d["series"]]
    assert years == list(range(1949, 2026))
    assert all(r["closeness"] is not None for r in d["series"])      # every year has a value
    assert {"year", "closeness", "components"} <= set(d["series"][0])
    assert d["series"][0]["components"]["alliance"] == 1.0           # 1950 treaty (ATOP)
    ph = d["phases"]
    assert ph[0]["start"] == 1949 and ph[-1]["end"] == 2025
    assert {"start", "end", "mean", "trend", "label", "facts"} <= set(ph[0])
    assert all(ph[i]["end"] + 1 == ph[i + 1]["start"] for i in range(len(ph) - 1))
    assert {"volatility", "share_positive", "sign_changes", "worst_year"} <= set(d["steadiness"])
    assert isinstance(d["treaties"], list)

    # the historical reading (docs/MEASURES.md §3): alliance in the 1950s, the split with its
    # low point between 1960 and 1980, close again in the 2020s
    def phase_of(y):
        return next(p for p in ph if p["start"] <= y <= p["end"])

    assert phase_of(1955)["label"] == "alliance"
    assert phase_of(1969)["mean"] < -0.3
    assert 1960 <= d["steadiness"]["worst_year"]["year"] <= 1980
    assert phase_of(2022)["mean"] > 0.5
    assert any(1959 <= int(f["date"][:4]) <= 1961 for f in phase_of(1961)["facts"])
    # the revision (docs/MEASURES.md, Revision): the 1950 treaty is a dead letter during the
    # split (Soviet sanctions, the 1960 withdrawal of advisers, the 1969 clashes), so the
    # alliance component is 0 there although ATOP keeps the treaty in force until 1980
    s = {r["year"]: r for r in d["series"]}
    assert s[1965]["components"]["alliance"] == 0.0 and s[1955]["components"]["alliance"] == 1.0
    assert phase_of(1965)["mean"] < phase_of(1975)["mean"] < phase_of(1955)["mean"]


def test_us_china_reading(capsys, monkeypatch, mirror, store):
    code, out, err = run(capsys, monkeypatch, mirror, "dyad", "USA", "CHN", "--from", "1949",
                         "--to", "2025", "--db", str(store), "--json")
    assert code == 0, err
    d = json.loads(out)
    ph = d["phases"]

    def phase_of(y):
        return next(p for p in ph if p["start"] <= y <= p["end"])

    # Korean War hostility; normalization after 1978 the warmest phase before 2015; a break at
    # 1989 and at 2018; the engagement years above the Korean War and the trade-war years
    assert phase_of(1951)["label"] == "hostility"
    assert phase_of(1980)["mean"] > 0 and phase_of(1980)["start"] in (1978, 1979)
    assert {1989, 2018} <= {p["start"] for p in ph}
    assert phase_of(2005)["mean"] > max(phase_of(1951)["mean"], phase_of(2020)["mean"]) + 0.3
    # relative UN scores: the USA is not "hostile" to its median partner, so the votes score
    # of this pair is read against the US's and China's other partners, not an absolute scale
    s = {r["year"]: r for r in d["series"]}
    assert -1.0 <= s[2005]["components"]["votes"] <= 1.0
    assert s[2005]["components"]["sanctions"] == -0.1              # arms + military only


def test_compare_and_triangle(capsys, monkeypatch, mirror, store):
    code, out, err = run(capsys, monkeypatch, mirror, "compare", "PRK-RUS", "CHN-RUS",
                         "--from", "1985", "--to", "2025", "--db", str(store), "--json")
    assert code == 0, err
    d = json.loads(out)
    assert sorted(r["pair"] for r in d["ranking"]) == ["CHN-RUS", "PRK-RUS"]
    assert [r["rank"] for r in d["ranking"]] == [1, 2]
    assert d["ranking"][0]["span"] == [1985, 2025]
    code, out, err = run(capsys, monkeypatch, mirror, "triangle", "CHN", "RUS", "USA",
                         "--from", "1950", "--to", "1960", "--db", str(store), "--json")
    assert code == 0, err
    t = json.loads(out)
    assert t["actors"] == ["CHN", "RUS", "USA"]
    y = t["years"][0]
    assert {"year", "legs", "pattern", "roles", "balanced"} <= set(y)
    assert set(y["legs"]) == {"CHN-RUS", "CHN-USA", "RUS-USA"}
    assert {"start", "end", "pattern", "roles"} <= set(t["periods"][0])
    y55 = next(y for y in t["years"] if y["year"] == 1955)
    assert y55["pattern"] == "stable_marriage" and y55["roles"]["USA"] == "outcast"


def test_balance_and_scenario(capsys, monkeypatch, mirror, store):
    code, out, err = run(capsys, monkeypatch, mirror, "balance", "--year", "2010", "--states",
                         "CHN,RUS,USA,GBR,FRA,PRK", "--db", str(store), "--json")
    assert code == 0, err
    d = json.loads(out)
    assert set(d["states"]) == {"CHN", "RUS", "USA", "GBR", "FRA", "PRK"}
    assert {"census", "triangle_index", "walk_index", "factions", "frustrating_legs"} <= set(d)
    code, out, err = run(capsys, monkeypatch, mirror, "scenario", "--year", "2010", "--set",
                         "USA-RUS=0.5", "--focus", "CHN,RUS,USA", "--states", "CHN,RUS,USA,GBR",
                         "--db", str(store), "--json")
    assert code == 0, err
    assert json.loads(out)["year"] == 2010


@pytest.mark.parametrize("args, needle", [
    (["dyad", "CHN", "Narnia"], "unknown actor"),
    (["dyad", "CHN", "RUS", "--from", "2000", "--to", "1990"], "reversed"),
    (["dyad", "CHN", "RUS", "--from", "1700", "--to", "1750"], "first year any source covers"),
    (["dyad", "CHN", "RUS", "--from", "2030"], "last year any source covers"),
    (["dyad", "CHN", "China"], "repeated"),
    (["dyad", "DDR", "SSD"], "never coexisted"),
    (["triangle", "CHN", "RUS", "CHN"], "repeated"),
    (["triangle", "CHN", "RUS", "USA", "--band", "1.5"], "band"),
    (["balance", "--year", "2010", "--threshold", "-0.1"], "threshold"),
    (["balance", "--year", "1700"], "coverage"),
    (["scenario", "--year", "2010", "--set", "USA-RUS=two"], "malformed"),
    (["scenario", "--year", "2010", "--set", "USA-RUS=0.5=1"], "malformed"),
    (["compare", "PRK-RUS"], "at least two"),
    (["closeness-build", "--from", "2001", "--to", "2000"], "reversed"),
    (["dyad", "CHN", "RUS", "--chart", "x.gif"], "chart"),
])
def test_bad_input_exits_cleanly(capsys, monkeypatch, mirror, store, args, needle):
    code, out, err = run(capsys, monkeypatch, mirror, *args, "--db", str(store))
    assert code != 0
    assert needle in err.lower()
    assert "Traceback" not in err


def test_triangle_report_pure():
    years = [2000, 2001, 2002]
    legs = {"A-B": [0.5, 0.5, 0.5], "A-C": [0.5, -0.5, -0.5], "B-C": [-0.5, -0.5, -0.5]}
    r = P.triangle_report(years, legs, ["A", "B", "C"])
    assert [p["pattern"] for p in r["periods"]] == ["romantic_triangle", "stable_marriage"]
    assert r["periods"][0]["pivot"] == "A" and r["periods"][0]["end"] == 2000


def test_triangle_report_attaches_the_facts_near_each_period_start():
    """A fact dated within a year of a period's start is attached to it, in the facts' order;
    a fact without a year, or further away, is not (the rows are taken by position)."""
    years = [2000, 2001, 2002, 2003]
    legs = {"A-B": [0.5] * 4, "A-C": [0.5, 0.5, -0.5, -0.5], "B-C": [0.5, 0.5, -0.5, -0.5]}
    facts = pd.DataFrame({"year_start": [2001.0, np.nan, 2003.0, 1999.0, 2007.0],
                          "date": ["2001-05", "x", "2003", "1999-12-01", "2007"],
                          "kind": ["treaty", "summit", "war", "summit", "vote"],
                          "name": ["T", "none", None, "S", "V"]})
    r = P.triangle_report(years, legs, ["A", "B", "C"], 0.1, facts)
    assert [(p["start"], p["pattern"]) for p in r["periods"]] == [
        (2000, "menage_a_trois"), (2002, "stable_marriage")]
    assert r["periods"][0]["facts"] == [{"date": "2001-05", "kind": "treaty", "name": "T"},
                                        {"date": "1999-12-01", "kind": "summit", "name": "S"}]
    assert r["periods"][1]["facts"] == [{"date": "2001-05", "kind": "treaty", "name": "T"},
                                        {"date": "2003", "kind": "war", "name": None}]


def test_dyad_report_pure():
    from amity.measures.closeness import closeness

    yrs = np.arange(1990, 2010)
    f = pd.DataFrame({"year": yrs, "id_a": "A", "id_b": "B",
                      "alliance_level": np.where(yrs < 2000, 0, 3), "un_kappa": np.nan})
    rep = P.dyad_report(closeness(f), None, [], ["A", "B"])
    assert [(p["start"], p["end"], p["label"]) for p in rep["phases"]] == [
        (1990, 1999, "neutral"), (2000, 2009, "alliance")]
    assert rep["series"][0]["components"] == {"alliance": 0.0}


def test_closeness_build_command(capsys, monkeypatch, mirror, tmp_path):
    db = tmp_path / "b.duckdb"
    code, out, err = run(capsys, monkeypatch, mirror, "closeness-build", "--method", "v2",
                         "--from", "2000", "--to", "2000", "--db", str(db), "--json")
    assert code == 0, err
    d = json.loads(out)
    assert d["table"] == "closeness_dyad_year" and d["from"] == d["to"] == 2000
    assert d["rows"] > 18000            # ~191 states in 2000: 191*190/2 = 18,145 pairs


def test_triangle_single_incomplete_year_is_absorbed():
    # 2000-2001 and 2003 romantic (A pivot); 2002 A-C grazes the band (0.05): one incomplete
    # year between two runs of the same reading -> one period 2000-2003 with 2002 absorbed;
    # 2004-2005 incomplete (two years) stays a period of its own
    years = list(range(2000, 2006))
    legs = {"A-B": [0.5] * 6, "A-C": [0.5, 0.5, 0.05, 0.5, 0.05, 0.05],
            "B-C": [-0.5] * 6}
    r = P.triangle_report(years, legs, ["A", "B", "C"])
    assert [(p["start"], p["end"], p["pattern"]) for p in r["periods"]] == [
        (2000, 2003, "romantic_triangle"), (2004, 2005, "incomplete")]
    assert r["periods"][0]["absorbed"] == [2002] and r["periods"][0]["pivot"] == "A"
    assert r["years"][2]["pattern"] == "incomplete"          # the year keeps its own reading
    # between two different readings the flicker stays
    p = P.smooth_periods([
        {"start": 1, "end": 2, "years": 2, "pattern": "unit_veto", "roles": {}},
        {"start": 3, "end": 3, "years": 1, "pattern": "incomplete", "roles": {}},
        {"start": 4, "end": 5, "years": 2, "pattern": "stable_marriage", "roles": {}}])
    assert [x["pattern"] for x in p] == ["unit_veto", "incomplete", "stable_marriage"]


def test_first_version_table_is_ignored(tmp_path):
    from amity.measures import closeness as C
    from amity.store import connect

    con = connect(tmp_path / "old.duckdb")
    con.execute(f"CREATE TABLE {C.CLOSENESS_TABLE} (year INT, ccode_a INT, ccode_b INT, "
                "alliance_level DOUBLE, un_kappa DOUBLE, closeness DOUBLE)")
    assert not C.has_closeness_table(con)        # values computed live until rebuilt


def test_closeness_separates_published_rivalry_years(mirror, store):
    # outside check (docs/MEASURES.md §0): in the TSS strategic-rivalry years of a pair the
    # index should be lower than in its other years, and mostly negative
    import duckdb

    from amity.store import connect

    f = mirror / "peacesciencer/parquet/tss_rivalries.parquet"
    assert f.is_file(), f"the mirror lacks {f} (a mirror-dependent test fails, not skips)"
    tss = duckdb.sql(f"SELECT ccode1, ccode2, start, \"end\" FROM read_parquet('{f}')").df()
    con = connect(store)
    try:
        for a, b, ca, cb in (("CHN", "RUS", 710, 365), ("USA", "RUS", 2, 365)):
            fr, _ = R.pair_closeness(a, b, 1946, 2020, con=con, mirror=mirror)
            r = tss[(tss.ccode1 == min(ca, cb)) & (tss.ccode2 == max(ca, cb))]
            yrs = {y for s, e in zip(r["start"], r["end"]) for y in range(int(s), int(e) + 1)}
            c = {int(y): v for y, v in zip(fr["year"], fr["closeness"]) if not np.isnan(v)}
            inr = np.array([v for y, v in c.items() if y in yrs])
            out = np.array([v for y, v in c.items() if y not in yrs])
            assert len(inr) > 20 and len(out) > 10
            assert out.mean() - inr.mean() > 0.5
            assert (inr < 0).mean() > 0.6 and (out < 0).mean() < 0.1
    finally:
        con.close()


def test_alliance_label_needs_a_defense_obligation():
    from amity.measures.closeness import closeness

    yrs = np.arange(1990, 2010)
    # consultation (level 2 -> 0.667, above the 0.6 "alliance" level) in the 1990s, a defense
    # pact (level 3 -> 1.0) from 2000: only the second phase is an alliance
    f = pd.DataFrame({"year": yrs, "id_a": "A", "id_b": "B",
                      "alliance_level": np.where(yrs < 2000, 2, 3), "un_kappa": np.nan})
    rep = P.dyad_report(closeness(f), None, [], ["A", "B"])
    assert [(p["start"], p["end"], p["label"]) for p in rep["phases"]] == [
        (1990, 1999, P.ALIGNED), (2000, 2009, "alliance")]


def test_hostility_label_needs_force():
    from amity.measures.closeness import closeness

    yrs = np.arange(1990, 2010)
    # MIDs at hostility 3 (display of force, penalty 0.25) in the 1990s at level -0.8; MIDs at
    # level 4 (use of force, penalty 0.4) in the 2000s at level -0.95: the first phase reads
    # "confrontation", the second "hostility"
    cur = np.full(len(yrs), -0.55)
    host = np.where(yrs < 2000, 3, 4)
    f = pd.DataFrame({"year": yrs, "id_a": "A", "id_b": "B", "curated_score": cur,
                      "mid_hostlev": host, "un_kappa": np.nan})
    c = closeness(f)
    assert c.loc[c.year == 1995, "closeness"].item() == pytest.approx(-0.8)
    assert c.loc[c.year == 2005, "closeness"].item() == pytest.approx(-0.95)
    rep = P.dyad_report(c, None, [], ["A", "B"])
    assert [(p["start"], p["end"], p["label"]) for p in rep["phases"]] == [
        (1990, 1999, P.CONFRONTATION), (2000, 2009, "hostility")]


def test_a_year_resting_on_one_input_is_flagged_thin():
    """Issue 16: USA-GBR 2025 = +1.00 from the alliance term alone looked like any other
    year; a year whose closeness rests on one surviving input now says so (`thin`), a year
    with two inputs or with no value does not."""
    import numpy as np
    import pandas as pd

    from amity.measures import closeness as C
    from amity.measures.pair import series_records
    from amity.sources.closeness_data import INPUTS

    f = pd.DataFrame({"year": [2023, 2024, 2025], "ccode_a": 2, "ccode_b": 200,
                      "id_a": "USA", "id_b": "GBR"})
    for c in INPUTS + ("curated_score", "event_tone"):
        f[c] = np.nan
    f["alliance_level"] = [3.0, 3.0, np.nan]
    f["ideal_dev"] = [0.2, np.nan, np.nan]
    f["ideal_rel"] = [0.4, np.nan, np.nan]
    recs = series_records(C.closeness(f))
    assert [len(r["components"]) for r in recs] == [2, 1, 0]
    assert [r["thin"] for r in recs] == [False, True, False]
    assert recs[1]["closeness"] == 1.0 and recs[2]["closeness"] is None
