"""Closeness index: hand-computed values, missing components, curated decay, kappa, lineage."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from amity.errors import InputError
from amity.measures import closeness as C


def test_hand_computed_value():
    # alliance level 2 -> 2/3 (w 1); relative vote score 0.4 (w 0.5); relative ideal score 0.5
    # (w 0.5); curated 0.8 (w 1.5); MID hostility 4 -> 0.4 (not a rupture: below 5); no sanction
    f = pd.DataFrame([{"alliance_level": 2, "votes_dev": 0.4, "ideal_dev": 0.5,
                       "curated_score": 0.8, "mid_hostlev": 4, "war": 0, "sanction_severity": 0.0}])
    r = C.closeness(f).iloc[0]
    aff = (2 / 3 + 0.5 * 0.4 + 0.5 * 0.5 + 1.5 * 0.8) / (1 + 0.5 + 0.5 + 1.5)
    assert r["affinity"] == pytest.approx(aff)
    assert r["closeness"] == pytest.approx(aff - 0.4)
    assert r["components"] == ("alliance", "votes", "ideal", "curated", "conflict", "sanctions")


def test_docstring_example():
    f = pd.DataFrame([{"alliance_level": 2, "votes_dev": 0.4, "mid_hostlev": 4}])
    assert C.closeness(f)["closeness"].iloc[0] == pytest.approx(0.1778, abs=1e-4)


def test_relative_scores_five_states_by_hand():
    # ideal points A..E = 0, 1, 2, 4, 7; distances:
    #   A: B1 C2 D4 E7     B: A1 C1 D3 E6     C: A2 B1 D2 E5     D: A4 B3 C2 E3    E: 7 6 5 3
    # F_A(d_AC = 2) = (1 + 1/2) / 4 = 0.375; F_C(2) = (1 + 2/2) / 4 = 0.5 -> S_AC = 0.125
    # F_D(d_DE = 3) = (1 + 2/2) / 4 = 0.5; F_E(3) = (0 + 1/2) / 4 = 0.125 -> S_DE = 0.375
    # F_A(d_AE = 7) = 3.5 / 4; F_E(7) = 3.5 / 4 -> S_AE = -0.75 (each other's farthest)
    # F_B(d_BC = 1) = (0 + 2/2) / 4 = 0.25; F_C(1) = 0.5 / 4 = 0.125 -> S_BC = 0.625
    th = np.array([0.0, 1.0, 2.0, 4.0, 7.0])
    S = C.relative_scores(np.abs(th[:, None] - th[None, :]))
    assert S[0, 2] == pytest.approx(0.125) and S[2, 0] == pytest.approx(0.125)
    assert S[3, 4] == pytest.approx(0.375)
    assert S[0, 4] == pytest.approx(-0.75)
    assert S[1, 2] == pytest.approx(0.625)
    assert np.isnan(np.diag(S)).all()
    # a similarity (kappa) is ranked the other way round: the same as its negative distance
    assert np.allclose(C.relative_scores(-np.abs(th[:, None] - th[None, :]), similarity=True),
                       S, equal_nan=True)
    # an unobserved dyad is NaN and does not enter the other ranks (A's partners: C, D, E)
    D = np.abs(th[:, None] - th[None, :])
    D[0, 1] = D[1, 0] = np.nan
    S2 = C.relative_scores(D)
    assert np.isnan(S2[0, 1])
    assert S2[0, 2] == pytest.approx(1 - 0.5 / 3 - 0.5)     # F_A(2) = (0 + 1/2) / 3; F_C(2) = 2/4


def test_state_at_one_pole_is_not_hostile_to_its_median_partner():
    # a state far from all others in absolute terms (distances 9.6..10, an absolute mapping
    # 1 - 2d/3 gives -1 to every partner): its median partner (theta 0.2, distance 9.8, third of
    # five) has F_pole = (2 + 1/2) / 5 = 0.5; from that partner's side the pole is its farthest
    # of five, F = (4 + 1/2) / 5 = 0.9; S = 1 - 0.5 - 0.9 = -0.4
    th = np.array([10.0, 0.0, 0.1, 0.2, 0.3, 0.4])
    S = C.relative_scores(np.abs(th[:, None] - th[None, :]))
    assert S[0, 3] == pytest.approx(-0.4)
    # its nearest partner (theta 0.4): F_pole = 0.5 / 5 = 0.1, F_partner = 4.5 / 5 -> 0.0
    assert S[0, 5] == pytest.approx(0.0)


def test_sanction_severity_grades():
    assert C.sanction_severity(0b000110) == pytest.approx(0.1)      # arms + military
    assert C.sanction_severity(0b001001) == pytest.approx(0.3)      # trade + financial
    assert C.sanction_severity(0b111111) == pytest.approx(0.5)      # capped to 0.4 as a penalty
    f = pd.DataFrame([{"alliance_level": 0, "sanction_severity": 0.5},
                      {"alliance_level": 0, "sanction_severity": 0.1}])
    r = C.closeness(f)
    assert list(r["p_sanctions"]) == pytest.approx([C.SANCTION_MAX, 0.1])


def test_ruptured_alliance_counts_zero():
    f = pd.DataFrame([{"alliance_level": 3},                              # honoured
                      {"alliance_level": 3, "sanction_severity": 0.1},    # one sanctions the other
                      {"alliance_level": 3, "rupture": 1.0},              # curated rupture fact
                      {"alliance_level": 3, "mid_hostlev": 5},            # war-level dispute
                      {"alliance_level": 3, "mid_hostlev": 4},            # use of force only
                      {"alliance_level": np.nan, "rupture": 1.0}])        # no ATOP coverage
    r = C.closeness(f)
    assert list(r["s_alliance"][:5]) == [1.0, 0.0, 0.0, 0.0, 1.0]
    assert np.isnan(r["s_alliance"].iloc[5])                               # still missing
    assert r["alliance_level"].iloc[1] == 3                                # obligation reported


def test_missing_components_are_left_out_not_zero():
    f = pd.DataFrame([{"alliance_level": 3, "votes_dev": np.nan},
                      {"alliance_level": 3, "votes_dev": 0.0}])
    r = C.closeness(f)
    assert r["closeness"].iloc[0] == pytest.approx(1.0)      # only alliance
    assert r["closeness"].iloc[1] == pytest.approx(1 / 1.5)  # (1 * 1 + 0.5 * 0) / 1.5
    assert "votes" not in r["components"].iloc[0]
    assert "votes" in r["components"].iloc[1]


def test_no_affinity_gives_nan_and_penalties_alone_do_not_count():
    f = pd.DataFrame([{"mid_hostlev": 5, "war": 1}])
    r = C.closeness(f).iloc[0]
    assert math.isnan(r["closeness"])
    assert r["p_conflict"] == pytest.approx(C.WAR_PENALTY)


def test_clipping_and_war_beats_mid():
    f = pd.DataFrame([{"votes_dev": -1.0, "war": 1, "mid_hostlev": 2, "sanction_severity": 0.9}])
    r = C.closeness(f).iloc[0]
    assert r["p_conflict"] == pytest.approx(0.6)
    assert r["p_sanctions"] == pytest.approx(C.SANCTION_MAX)
    assert r["closeness"] == -1.0


def test_exclude_and_unknown_component():
    f = pd.DataFrame([{"alliance_level": 3, "votes_dev": 0.0}])
    assert C.closeness(f, exclude=["votes"])["closeness"].iloc[0] == pytest.approx(1.0)
    with pytest.raises(InputError):
        C.closeness(f, exclude=["nope"])


def test_curated_decay_hand_computed():
    facts = pd.DataFrame({"year_start": [2000, 2005], "year_end": [np.nan, 2006],
                          "value": [0.6, -0.4]})
    s = C.curated_scores(facts, [1999, 2000, 2003, 2006, 2008, 2015])
    assert math.isnan(s[1999])                       # nothing reaches 1999
    assert s[2000] == pytest.approx(math.tanh(0.6))
    assert s[2003] == pytest.approx(math.tanh(0.6 * math.exp(-1)))
    assert s[2006] == pytest.approx(math.tanh(0.6 * math.exp(-2) - 0.4))
    assert s[2008] == pytest.approx(math.tanh(0.6 * math.exp(-8 / 3) - 0.4 * math.exp(-2 / 3)))
    assert math.isnan(s[2015])                       # beyond the 8-year window


def test_fact_value_rules():
    assert C.fact_value("summit", 1, None) == pytest.approx(0.5)
    assert C.fact_value("statement", -1, 4.0) == pytest.approx(-0.4)   # curator's sign wins
    assert C.fact_value("x", None, -7.0) == pytest.approx(-0.7)
    assert C.fact_value("x", 0, None) == 0.0


def test_curated_rupture_reaches_eight_years():
    facts = pd.DataFrame([
        {"kind": "withdrawal", "date": "1960-07", "date_end": None, "year_start": 1960,
         "year_end": None, "obligations": None, "sign": -1, "goldstein": -7.0},
        {"kind": "statement", "date": "1963", "date_end": None, "year_start": 1963,
         "year_end": None, "obligations": None, "sign": -1, "goldstein": -2.0},
        {"kind": "sanction", "date": "1962", "date_end": "1963", "year_start": 1962,
         "year_end": 1963, "obligations": None, "sign": -1, "goldstein": None}])
    facts.loc[3] = {"kind": "sanction", "date": "1964", "date_end": None, "year_start": 1964,
                    "year_end": None, "obligations": None, "sign": -1, "goldstein": None}
    out = C.facts_to_components(facts, [1959, 1960, 1968, 1969, 1963]).set_index("year")
    # the open-ended 1964 sanction stays in force (like a treaty without an end date)
    assert out.loc[1968, "cur_sanction_types"] == 1 and out.loc[1969, "cur_sanction_types"] == 1
    assert math.isnan(out.loc[1959, "cur_rupture"])
    assert out.loc[1960, "cur_rupture"] == 1 and out.loc[1968, "cur_rupture"] == 1
    assert math.isnan(out.loc[1969, "cur_rupture"])          # beyond the 8-year reach
    assert out.loc[1963, "cur_sanction_severity"] == pytest.approx(C.CURATED_SANCTION_SEVERITY)


def test_vote_kappa_matrix_hand_computed():
    # x=(1,1,2,2), y=(1,2,2,2): Po=3/4, marginals x: 1:.5 2:.5, y: 1:.25 2:.75
    # Pe = .5*.25 + .5*.75 = .5, kappa = (.75-.5)/.5 = .5
    v = np.array([[1, 1, 2, 2], [1, 2, 2, 2], [1, 1, 2, 9]], dtype=float)
    k = C.vote_kappa_matrix(v)
    assert k[0, 1] == pytest.approx(0.5)
    assert k[0, 2] == pytest.approx(1.0)            # agree on the 3 common items
    assert np.allclose(k, k.T, equal_nan=True)


def test_facts_to_components_treaty_war_sanction():
    facts = pd.DataFrame([
        {"kind": "treaty", "date": "2001-07-16", "date_end": None, "year_start": 2001,
         "year_end": 2001, "obligations": ["consultation", "border"], "sign": 1, "goldstein": 8.0},
        {"kind": "war", "date": "2003/2004", "date_end": "2004", "year_start": 2003,
         "year_end": 2004, "obligations": None, "sign": -1, "goldstein": -10.0},
        {"kind": "summit", "date": "2002", "date_end": None, "year_start": 2002,
         "year_end": 2002, "obligations": None, "sign": 1, "goldstein": None},
    ])
    out = C.facts_to_components(facts, [2000, 2002, 2004, 2010]).set_index("year")
    assert math.isnan(out.loc[2002, "cur_rupture"])           # no fact of material conflict
    assert math.isnan(out.loc[2000, "cur_alliance_level"])
    assert out.loc[2002, "cur_alliance_level"] == 2          # open treaty stays in force
    assert out.loc[2010, "cur_alliance_level"] == 2
    assert out.loc[2004, "cur_war"] == 1 and math.isnan(out.loc[2002, "cur_war"])
    assert out.loc[2002, "curated_score"] == pytest.approx(math.tanh(0.5))


@pytest.fixture(scope="module")
def chn_rus(mirror):
    frame, _ = C.pair_frame("CHN", "RUS", 1945, 2000, mirror=mirror)
    return frame


def test_lineage_series_is_one_series(chn_rus):
    f = chn_rus.set_index("year")
    assert f.loc[1960, "id_b"] == "SUN" and f.loc[2000, "id_b"] == "RUS"
    assert f.loc[1948, "id_a"] == "CHN-ROC" and f.loc[1960, "id_a"] == "CHN"
    assert list(f.index) == list(range(1945, 2001))        # no gap at 1949 or 1991
    # ATOP 5.1 (MANIFEST): defense 1942-1980, non-aggression from 1992
    assert f.loc[1960, "alliance_level"] == 3 and f.loc[1985, "alliance_level"] == 0
    assert f.loc[1995, "alliance_level"] == 1
    # PRC votes start in Nov 1971; none in 1965
    assert math.isnan(f.loc[1965, "un_kappa"]) and not math.isnan(f.loc[1975, "un_kappa"])


def test_pair_and_year_frames_agree(mirror):
    da = C.ClosenessData(mirror=mirror)
    y = C.year_frame(2000, da=da)
    r = C.closeness(y)
    row = r[(r.ccode_a == 365) & (r.ccode_b == 710)].iloc[0]
    p, _ = C.pair_frame("CHN", "RUS", 2000, 2000, da=da)
    assert C.closeness(p)["closeness"].iloc[0] == pytest.approx(row["closeness"])


def test_gsdb_through_the_importer_with_blocs_expanded(mirror):
    """Sanctions come from the GSDB importer's dyad-years; an EU case counts for the EU's
    members at the date (Germany-Russia in 2015), as in the panel verb, and the kinds are the
    case's flags."""
    from amity.panel.add_sanctions import load_sanction_dyad_years, sanction_dyad_years

    da = C.ClosenessData(None, mirror)
    g = C._gsdb_dyad_years(da)
    deu_rus = g[(g.s == 255) & (g.t == 365) & (g.year == 2015)]
    assert len(deu_rus) == 1 and deu_rus["mask"].item() > 0
    # the same directed dyad-years as the panel verb's expansion (which counts cases)
    ref = sanction_dyad_years(load_sanction_dyad_years(mirror=mirror))
    assert set(zip(g.s, g.t, g.year)) == set(zip(ref.ccode_s, ref.ccode_t, ref.year))
    yrs = C.pair_years("DEU", "RUS", 2015, 2015, da)
    comp = C._dataset_components(da, yrs)
    assert comp["sanction_severity"].item() >= C.SANCTION_SEVERITY["trade"]


def test_table_build_matches_live_computation(mirror, tmp_path):
    from amity.store import connect

    con = connect(tmp_path / "t.duckdb")
    from amity.app.closeness import build_closeness_table

    info = build_closeness_table(con, 1969, 1970, mirror=mirror)
    assert info["rows"] > 2 * 8000 and C.has_closeness_table(con)   # ~135 states in 1969
    live, _ = C.pair_frame("CHN", "RUS", 1969, 1970, mirror=mirror)
    cached, _ = C.pair_frame("CHN", "RUS", 1969, 1970, con=con, mirror=mirror)
    a = C.closeness(live)["closeness"].to_numpy()
    b = C.closeness(cached)["closeness"].to_numpy()
    assert np.allclose(a, b, equal_nan=True)
    t = con.execute(f"SELECT closeness, components FROM {C.CLOSENESS_TABLE} "
                    "WHERE year = 1969 AND ccode_a = 365 AND ccode_b = 710").fetchone()
    assert t[0] == pytest.approx(a[0]) and "alliance" in t[1]
    # years the table does not hold are computed live, not left empty
    wide, _ = C.pair_frame("CHN", "RUS", 1965, 1970, con=con, mirror=mirror)
    assert wide["alliance_level"].notna().all()


def test_signed_neutral_band():
    from amity.measures.signed import matrix_from_pairs, signed_matrix, to_graph

    f = pd.DataFrame({"id_a": ["A", "A", "B"], "id_b": ["B", "C", "C"],
                      "closeness": [0.5, -0.05, np.nan]})
    labs, M = matrix_from_pairs(f)
    S = signed_matrix(M, 0.1)
    assert labs == ["A", "B", "C"]
    assert S[0, 1] == 0.5 and S[0, 2] == 0.0 and S[1, 2] == 0.0   # band and missing: no tie
    assert signed_matrix(M, 0.01)[0, 2] == -0.05
    assert signed_matrix(M, 0.1, weighted=False)[0, 1] == 1.0
    g = to_graph(labs, S)
    assert g.number_of_edges() == 1 and g["A"]["B"]["sign"] == 1
    with pytest.raises(InputError):
        signed_matrix(M, 1.0)


def test_event_tone_pure():
    t = pd.DataFrame({"ccode1": [365], "ccode2": [710], "year": [2020], "events_n": [4],
                      "events_goldstein_sum": [6.0]})
    v = C.event_tone(t, [710, 710, 2], [365, 365, 365], [2020, 2021, 2020])
    assert v[0] == pytest.approx(1.5) and np.isnan(v[1]) and np.isnan(v[2])
    assert np.isnan(C.event_tone(None, [1], [2], [2000])).all()


def test_events_from_the_event_store(tmp_path, mirror):
    from amity.events.ingest import ingest
    from amity.events.testing import gdelt_row, write_gdelt
    from amity.store import connect

    con = connect(tmp_path / "e.duckdb")
    rows = [gdelt_row(2, GLOBALEVENTID=str(i), SQLDATE="20200115", Actor1CountryCode="CHN",
                      Actor2CountryCode="RUS", EventCode=c, GoldsteinScale=g)
            for i, (c, g) in enumerate([("057", "8.0"), ("036", "4.0"), ("112", "-2.0")], 1)]
    ingest([write_gdelt(tmp_path / "20200115.export.CSV", rows)], "gdelt2", con=con)
    f, _ = C.pair_frame("CHN", "RUS", 2019, 2020, con=con, mirror=mirror)
    r = C.closeness(f).set_index("year")
    # ICEWS Goldstein: 057 sign agreement 8.0, 036 express intent to meet 4.0, 112 accuse -2.0
    assert r.loc[2020, "event_tone"] == pytest.approx(10 / 3)
    assert r.loc[2020, "s_events"] == pytest.approx(1 / 3)
    assert "events" in r.loc[2020, "components"]
    assert np.isnan(r.loc[2019, "event_tone"]) and "events" not in r.loc[2019, "components"]


def test_table_and_live_agree_on_open_ended_curated_sanctions(mirror, tmp_path):
    # the 1989 US sanctions on China have no end date in the curated layer: in 2023 (after
    # the GSDB's last year) they are still in force, in the live path and in the table alike
    from amity.app.reports import ensure_curated
    from amity.store import connect

    con = connect(tmp_path / "s.duckdb")
    ensure_curated(con)
    live, _ = C.pair_frame("USA", "CHN", 2023, 2023, con=con, mirror=mirror)
    from amity.app.closeness import build_closeness_table

    build_closeness_table(con, 2023, 2023, mirror=mirror)
    cached, _ = C.pair_frame("USA", "CHN", 2023, 2023, con=con, mirror=mirror)
    a, b = C.closeness(live).iloc[0], C.closeness(cached).iloc[0]
    # at least the 1989 measure (0.1 per curated sanction fact in force; later facts add)
    assert a["p_sanctions"] >= C.CURATED_SANCTION_SEVERITY - 1e-12
    assert b["p_sanctions"] == pytest.approx(a["p_sanctions"])
    assert b["closeness"] == pytest.approx(a["closeness"])


def test_un_components_enter_as_deviation_from_the_dyads_own_level(mirror):
    """The score used is votes_rel minus the dyad's mean over every UN year (un_baseline):
    recomputed here by hand from the per-year relative scores of one dyad."""
    da = C.ClosenessData(None, mirror)
    years = range(1995, 2001)
    rel = [C._un_pair(da, y, 2, 710)[1] for y in years]          # USA-CHN votes_rel
    base = C.un_baseline(da)
    S, N = base["votes"]
    allrel = [C._un_pair(da, y, 2, 710)[1] for y in range(1946, 2025)]
    allrel = np.array([x for x in allrel if not np.isnan(x)])
    assert N[2, 710] == len(allrel)
    assert S[2, 710] == pytest.approx(allrel.mean())
    assert S[2, 710] == pytest.approx(S[710, 2])
    yrs = C.pair_years("USA", "CHN", 1995, 2000, da)
    comp = C._dataset_components(da, yrs)
    assert np.allclose(comp["votes_dev"].to_numpy(), np.array(rel) - allrel.mean())


def test_verbal_fact_is_an_event_material_fact_lasts():
    """Talks written as a span (CAMEO 046, verbal) count from their first year and decay; an
    arms supply over the same span (072, material) counts at full weight while in force."""
    assert C.is_verbal("046") and C.is_verbal("111") and not C.is_verbal("072")
    assert not C.is_verbal("190") and not C.is_verbal(None)
    facts = pd.DataFrame({"kind": ["talks", "arms_supply"], "year_start": [1970, 1970],
                          "year_end": [1978, 1978], "date_end": ["1978", "1978"],
                          "cameo": ["046", "072"], "sign": [1, 1], "goldstein": [7.0, 8.3],
                          "obligations": [None, None]})
    fa = C.fact_arrays(facts)
    assert list(fa["ye"]) == [1970.0, 1978.0]
    comp = C.facts_to_components(facts.iloc[[0]], [1970, 1973])
    # 1970: tanh(0.7); 1973: tanh(0.7 * exp(-3/3))
    assert comp["curated_score"].tolist() == pytest.approx([math.tanh(0.7), math.tanh(0.7 / math.e)])
    comp = C.facts_to_components(facts.iloc[[1]], [1973])
    assert comp["curated_score"].item() == pytest.approx(math.tanh(0.83))


def test_v2_coverage_is_each_sources_record(mirror):
    """The years that bound each v2 component are read from the dataset's Source record (no
    list of years of its own), and a component is missing outside them, never 0."""
    from amity import sources
    from amity.sources.closeness_data import TABLES, coverage

    for key in C.COVERED:
        assert coverage(key) == sources.coverage(sources.source_of_table(TABLES[key]).name)
    assert coverage("wars") == (1816, 2003) and coverage("votes") == (1946, 2015)
    f, _ = C.pair_frame("USA", "RUS", 2003, 2004, mirror=mirror)
    f = f.set_index("year")
    assert f.loc[2003, "war"] == 0.0 and np.isnan(f.loc[2004, "war"])


def _stub_year_frame(year, da=None, members=None):
    """Three dyads of one year with one input (the build's bookkeeping is under test here,
    not the computation: a real year needs the UN baseline over every year, ~20 s)."""
    f = pd.DataFrame({"year": year, "ccode_a": [2, 2, 200], "ccode_b": [200, 365, 365],
                      "id_a": ["USA", "USA", "GBR"], "id_b": ["GBR", "RUS", "RUS"]})
    from amity.sources.closeness_data import INPUTS

    for c in INPUTS + ("curated_score", "event_tone"):
        f[c] = np.nan
    f["alliance_level"] = [3.0, 0.0, float(year % 2)]
    return f


def test_table_years_merge_and_a_changed_input_makes_it_stale(tmp_path, monkeypatch):
    """Issue 16: `closeness-build --method v2 --from A --to B` after a wider build replaced the
    whole table; now the years are merged into a table built from the same inputs, a table
    whose inputs changed (here a curated fact) is not read (computed live, with a note) and
    the next build replaces it whole; `amity demo`'s ensure step builds once, then keeps it."""
    from amity import config
    from amity.app import closeness as app_closeness
    from amity.app.reports import ensure_curated, missing_sources
    from amity.sources.closeness_data import table_meta, table_state
    from amity.store import connect

    monkeypatch.setattr(C, "year_frame", _stub_year_frame)
    con = connect(tmp_path / "m.duckdb")
    ensure_curated(con)
    assert table_state(con) is None
    first = app_closeness.build_closeness_table(con, 1969, 1970)
    assert (first["rows"], first["kept"], first["dropped"]) == (6, 0, 0)
    assert table_state(con) == "current" and C.ClosenessData(con).has_closeness_table()
    more = app_closeness.build_closeness_table(con, 1970, 1971)
    assert (more["kept"], more["dropped"], more["table_rows"]) == (3, 0, 9)
    assert (table_meta(con)["from"], table_meta(con)["to"]) == (1969, 1971)
    years = dict(con.execute(f"SELECT year, count(*) FROM {C.CLOSENESS_TABLE} GROUP BY year"
                             ).fetchall())
    assert years == {1969: 3, 1970: 3, 1971: 3}
    # a curated fact changed: the table no longer says what the inputs say
    con.execute("UPDATE relations SET year_end = 1960 WHERE id = (SELECT min(id) FROM relations "
                "WHERE prov_kind = 'curated')")
    assert table_state(con) == "stale" and not C.ClosenessData(con).has_closeness_table()
    with config.mirror_off():
        notes = missing_sources(con)
    assert any("closeness-build --method v2" in n for n in notes)
    again = app_closeness.build_closeness_table(con, 1971, 1971)
    assert (again["kept"], again["dropped"], again["table_rows"]) == (0, 9, 3)
    assert table_state(con) == "current"
    # the demo's step: builds the configured years once, then keeps the current table
    monkeypatch.setattr(app_closeness, "FIRST_V2_YEAR", 1971)
    monkeypatch.setattr(app_closeness, "LAST_V2_YEAR", 1972)
    got = app_closeness.ensure_closeness_table(con)
    assert got["built"] and (got["from"], got["to"], got["rows"]) == (1971, 1972, 6)
    kept = app_closeness.ensure_closeness_table(con)
    assert not kept["built"] and kept["state"] == "current" and kept["rows"] == 6


def test_a_partial_year_of_events_weighs_by_its_coverage():
    """Issue 16/17: two days of an ICEWS sample moved the v2 index as if they were a year of
    events. The events component weighs 1.0 x the year's coverage: with an alliance (s = 1,
    w = 1) and a tone of -10 (s = -1) over 2 days of 365, A = (1 - 2/365) / (1 + 2/365)
    = 363/367; a full year gives 0; an unknown coverage counts whole."""
    import pandas as pd

    from amity.measures.closeness import closeness

    f = pd.DataFrame({"alliance_level": [3.0, 3.0, 3.0], "event_tone": [-10.0] * 3,
                      "event_weight": [2 / 365, 1.0, np.nan]})
    got = closeness(f)["affinity"].to_numpy()
    assert got[0] == pytest.approx(363 / 367)
    assert got[1] == pytest.approx(0.0) and got[2] == pytest.approx(0.0)


def test_event_weight_reads_the_coverage_of_the_event_table():
    import pandas as pd

    from amity.measures.closeness import event_weight

    t = pd.DataFrame({"ccode1": [2], "ccode2": [731], "year": [2018], "events_n": [312],
                      "events_goldstein_sum": [-100.0], "events_coverage": [2 / 365]})
    w = event_weight(t, [731, 2], [2, 20], [2018, 2018])
    assert w.tolist() == pytest.approx([2 / 365, 1.0])       # any code order; no row: 1
    assert event_weight(None, [2], [20], [2018]).tolist() == [1.0]
