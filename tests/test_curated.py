"""The curated relations layer: the shipped files validate, bad rows fail the whole load with
file/line/field, loads are idempotent, bloc facts expand to the members, ATOP ids join."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amity import store
from amity.errors import InputError
from amity.knowledge import check_curated, default_files, load_curated, parse_edtf
from amity.knowledge.edtf import EDTFError
from amity.knowledge.loader import COLUMNS

GOOD = {
    "kind": "treaty", "date": "2001-07-16", "date_end": "..", "parties": "CHN;RUS",
    "name": "Test treaty", "obligations": "consultation;non-aggression",
    "articles": "consultation:Art. 9", "cameo": "057", "sign": "1",
    "ref_title": "A test reference", "ref_publisher": "Test Press", "ref_year": "2020",
}


def _write(path, rows, header=COLUMNS):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(header), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in header})
    return path


def _snapshot(con):
    return sorted(r[0] for r in con.execute("SELECT id FROM relations").fetchall())


# ---------------------------------------------------------------------------- EDTF dates
@pytest.mark.parametrize("text,lo,hi", [
    ("1689", "1689-01-01", "1689-12-31"),
    ("2022-02", "2022-02-01", "2022-02-28"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2022-02-04", "2022-02-04", "2022-02-04"),
    ("195X", "1950-01-01", "1959-12-31"),
    ("19XX", "1900-01-01", "1999-12-31"),
    ("1960/1989", "1960-01-01", "1989-12-31"),
    ("2001-07-16/..", "2001-07-16", None),
    ("1858-05-28~", "1858-05-28", "1858-05-28"),
])
def test_edtf_spans(text, lo, hi):
    s = parse_edtf(text)
    assert s.earliest == dt.date.fromisoformat(lo)
    assert s.latest == (dt.date.fromisoformat(hi) if hi else None)


@pytest.mark.parametrize("bad", ["2022-02-30", "2023-02-29", "2022-13", "22-02-04", "1990/1980",
                                 "", "195X-01", "2022/02/04", "abc"])
def test_edtf_rejects(bad):
    with pytest.raises(EDTFError):
        parse_edtf(bad)


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_edtf_round_trips_every_calendar_day(d):
    s = parse_edtf(d.isoformat())
    assert s.earliest == s.latest == d
    month = parse_edtf(d.isoformat()[:7])
    assert month.earliest <= d <= month.latest and month.earliest.day == 1


@given(st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31))
def test_edtf_accepts_exactly_the_real_days(y, m, d):
    text = f"{y:04d}-{m:02d}-{d:02d}"
    try:
        real = dt.date(y, m, d)
    except ValueError:
        real = None
    if real is None:
        with pytest.raises(EDTFError):
            parse_edtf(text)
    else:
        assert parse_edtf(text).earliest == real


# ---------------------------------------------------------------------------- shipped layer
def test_shipped_layer_validates_and_is_large_enough():
    rep = check_curated()
    assert rep.ok, rep.errors[:3]
    assert rep.rows >= 150
    names = {f.name for f in default_files()}
    assert {"treaties.csv", "facts.csv", "sanctions.csv", "votes.csv"} <= names
    for rec in rep.records:
        r = rec.relation
        assert r["prov_ref"] and r["ref_publisher"] and r["ref_year"]


def test_shipped_layer_has_no_normalized_ids():
    """The shipped files name each actor as it existed at the fact's date (no silent fixes)."""
    assert check_curated().normalized == []


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("change,field,needle", [
    ({"parties": "CHN;XYZ"}, "parties", "unknown actor id 'XYZ'"),
    ({"date": "2022-02-30"}, "date", "day 30 does not exist"),
    ({"obligations": "consultation;friendshp", "articles": ""}, "obligations", "friendshp"),
    ({"cameo": "999"}, "cameo", "unknown CAMEO code"),
    ({"sign": "2"}, "sign", "not -1, 0 or +1"),
    ({"articles": "defense:Art. 4"}, "articles", "not among the row's obligations"),
    ({"ref_year": "1999"}, "ref_year", "predates the fact"),
    ({"date_end": "1990"}, "date_end", "before it starts"),
    ({"parties": "CHN;KAZ", "date": "1950-02-14", "date_end": "", "ref_year": "2000"},
     "parties", "did not exist"),
    ({"kind": "vote", "obligations": "", "articles": ""}, "vote", "states the vote"),
    ({"source": "RUS", "target": "RUS", "parties": "", "obligations": "", "articles": "",
      "kind": "statement"}, "target", "the same actor"),
    ({"parties": "CHN;365"}, "parties", "unknown actor id '365'"),
    ({"ref_title": ""}, "ref_title", "required"),
])
def test_bad_row_fails_whole_load_and_leaves_store_unchanged(tmp_path, change, field, needle):
    con = store.connect(tmp_path / "s.duckdb")
    load_curated(con, _write(tmp_path / "ok.csv", [GOOD]))
    before = _snapshot(con)
    bad = dict(GOOD, name="Another", **change)
    f = _write(tmp_path / "bad.csv", [dict(GOOD, name="Good row"), bad])
    with pytest.raises(InputError) as ei:
        load_curated(con, f)
    e = ei.value
    assert e.file == str(f) and e.line == 3 and e.field == field, e
    assert needle in str(e)
    assert _snapshot(con) == before  # the good row of the failed file was not written either


def test_utf8_bom_is_accepted(tmp_path):
    f = _write(tmp_path / "bom.csv", [GOOD])
    f.write_bytes(b"\xef\xbb\xbf" + f.read_bytes())
    assert check_curated(f).ok


def test_bad_header_names_line_1(tmp_path):
    f = _write(tmp_path / "h.csv", [GOOD], header=[c for c in COLUMNS if c != "ref_year"])
    with pytest.raises(InputError) as ei:
        load_curated(store.connect(":memory:"), f)
    assert (ei.value.line, ei.value.field) == (1, "ref_year")


def test_check_reports_every_bad_row(tmp_path):
    f = _write(tmp_path / "b.csv", [dict(GOOD, parties="CHN;NOPE"), GOOD,
                                    dict(GOOD, name="x", date="2021-02-29")])
    rep = check_curated(f)
    assert [(e["line"], e["field"]) for e in rep.errors] == [(2, "parties"), (4, "date")]


def test_duplicate_rows_are_rejected(tmp_path):
    rep = check_curated(_write(tmp_path / "d.csv", [GOOD, GOOD]))
    assert rep.errors and "duplicate of" in rep.errors[0]["reason"]


# ---------------------------------------------------------------------------- loading
def test_load_is_idempotent_and_prunes_edited_rows(tmp_path):
    con = store.connect(tmp_path / "s.duckdb")
    f = _write(tmp_path / "t.csv", [GOOD, dict(GOOD, name="Second")])
    r1 = load_curated(con, f)
    r2 = load_curated(con, f)
    assert (r1["inserted"], r2["inserted"], r2["skipped"]) == (2, 0, 2)
    assert con.execute("SELECT count(*) FROM relations").fetchone()[0] == 2
    _write(f, [GOOD, dict(GOOD, name="Second, renamed")])
    r3 = load_curated(con, f)
    assert (r3["inserted"], r3["removed"]) == (1, 1)
    names = sorted(r[0] for r in con.execute("SELECT name FROM relations").fetchall())
    assert names == ["Second, renamed", "Test treaty"]


def test_lineage_member_is_used_at_the_date(tmp_path):
    """RUS named for 1950 stands for its line: stored as SUN, and the change is reported."""
    con = store.connect(":memory:")
    row = dict(GOOD, date="1950-02-14", date_end="1980-04-11", ref_year="2000",
               parties="CHN;RUS")
    res = load_curated(con, _write(tmp_path / "l.csv", [row]))
    assert res["normalized"] == [{"file": str(tmp_path / "l.csv"), "line": 2,
                                  "field": "parties", "from": "RUS", "to": "SUN"}]
    parties = con.execute("SELECT parties FROM relations").fetchone()[0]
    assert sorted(parties) == ["CHN", "SUN"]


def test_goldstein_and_plover_come_from_the_cameo_table(tmp_path):
    con = store.connect(":memory:")
    rows = [dict(GOOD), dict(GOOD, kind="sanction", name="s", source="USA", target="RUS",
                             parties="", obligations="", articles="", cameo="163", sign="",
                             date_end="")]
    load_curated(con, _write(tmp_path / "c.csv", rows))
    got = dict(con.execute("SELECT cameo, goldstein FROM relations").fetchall())
    # ICEWS CAMEO table: 057 Sign formal agreement = +8.0; 163 Impose sanctions = -8.0
    assert got == {"057": 8.0, "163": -8.0}
    sign = con.execute("SELECT sign FROM relations WHERE cameo = '163'").fetchone()[0]
    assert sign == -1  # derived from the Goldstein value when the row leaves it empty


def test_bloc_fact_expands_to_members_at_the_date(tmp_path):
    con = store.connect(":memory:")
    row = dict(kind="sanction", date="2014-03-17", source="EU", target="RUS", via_bloc="EU",
               name="EU listings", cameo="163", sign="-1", ref_title="r", ref_publisher="p",
               ref_year="2014")
    row22 = dict(row, date="2022-02-23", name="EU package", ref_year="2022")
    load_curated(con, _write(tmp_path / "b.csv", [row, row22]))
    by = {}
    for name, src, via in con.execute(
            "SELECT name, source_actor, via_bloc FROM relations").fetchall():
        by.setdefault(name, set()).add(src)
        assert via == "EU"
    assert len(by["EU listings"]) == 1 + 28 and "GBR" in by["EU listings"]  # UK still a member
    assert len(by["EU package"]) == 1 + 27 and "GBR" not in by["EU package"]
    assert {"EU", "DEU", "FRA", "POL"} <= by["EU package"]


# ---------------------------------------------------------------------------- ATOP join
@pytest.mark.mirror
def test_atop_ids_match_atop_obligations(mirror):
    """Every curated ATOP id exists in ATOP 4.01 and agrees on the start year and on the
    defense/offense obligations (what makes an alliance)."""
    import pandas as pd

    al = pd.read_csv(mirror / "atop4" / "atop-alliance-level.csv").set_index("atopid")
    rows = [r.relation for r in check_curated().records if r.relation["atop_id"]]
    assert len(rows) >= 15
    for r in rows:
        a = al.loc[r["atop_id"]]
        # ATOP dates the alliance by entry into force; phases (SCO 2001) start later
        assert int(a["begyr"]) <= r["year_start"] <= int(a["begyr"]) + 5, r["name"]
        assert ("defense" in r["obligations"]) == bool(a["defense"]), r["name"]
        assert ("offense" in r["obligations"]) == bool(a["offense"]), r["name"]
    ids = {r["atop_id"]: r for r in rows}
    # hand-checked in the ATOP files: 1950 Sino-Soviet 3200, 1961 DPRK-USSR 3440,
    # 1961 DPRK-China 3445, 2001 China-Russia 4980
    assert ids[3200]["date"] == "1950-02-14" and ids[3440]["date"] == "1961-07-06"
    assert ids[3445]["date"] == "1961-07-11" and ids[4980]["date"] == "2001-07-16"


# ------------------------------------------------- coverage procedure, 1990-2015 (CURATED.md)
_MAIN_PAIRS = (("USA", "CHN"), ("USA", "RUS"), ("CHN", "RUS"), ("PRK", "RUS"), ("PRK", "CHN"))


def _pair_facts(a, b, lo=1990, hi=2015):
    """Curated records of the two lines (any member) dated lo..hi, bloc rows left out."""
    from amity.actors import lineage

    la, lb = {x.id for x in lineage(a)}, {x.id for x in lineage(b)}
    out = []
    for rec in check_curated().records:
        r = rec.relation
        who = set(r["parties"] or []) | {r["source_actor"], r["target_actor"]}
        if who & la and who & lb and not r["via_bloc"] and lo <= r["year_start"] <= hi:
            out.append(r)
    return out


@pytest.mark.parametrize("a,b", _MAIN_PAIRS)
def test_main_pairs_have_a_chronology_of_both_signs_1990_2015(a, b):
    """Each main pair has a chronology for 1990-2015 with conflictual facts as well as
    cooperative ones, and it reaches every part of the period (no gap of more than six years:
    the longest true lull is China-DPRK 1993-98, when high-level exchanges stopped)."""
    rows = _pair_facts(a, b)
    signs = [int(r["sign"]) for r in rows]
    assert len(rows) >= 15, (a, b, len(rows))
    assert signs.count(1) >= 5 and signs.count(-1) >= 1, (a, b, signs)
    years = sorted({r["year_start"] for r in rows} | {1989, 2016})
    assert max(y2 - y1 for y1, y2 in zip(years, years[1:])) <= 7, (a, b, years)
    for r in rows:
        assert r["prov_ref"] and r["ref_publisher"] and r["ref_year"] >= r["year_start"]


def test_us_china_chronology_holds_the_named_facts_once():
    """The facts the procedure names for US-China are there, with their sign, and only once."""
    rows = _pair_facts("USA", "CHN", 1990, 2015)
    expect = {
        ("1993", "Yinhe"): -1, ("1994-05-26", "delinks"): 1, ("1999-11-15", "WTO"): 1,
        ("2001-12-11", "World Trade"): 1, ("2002-10-25", "Crawford"): 1,
        ("2005-08-01", "Senior Dialogue"): 1, ("2009-07-27", "Strategic and Economic"): 1,
        ("2010-01-30", "suspends military"): -1, ("2011-01-18", "Hu Jintao"): 1,
        ("2014-11-12", "Climate"): 1, ("2015-06", "OPM"): -1,
    }
    for (date, word), sign in expect.items():
        hits = [r for r in rows if r["date"].startswith(date) and word in r["name"]]
        assert len(hits) == 1, (date, word, len(hits))
        assert int(hits[0]["sign"]) == sign
    visits = [r["date"] for r in rows if r["kind"] == "visit" and "state visit" in r["name"]]
    assert len(visits) == len(set(visits))


# ------------------------------------------------- coverage procedure, 2016-2025 (CURATED.md)
@pytest.mark.parametrize("a,b", _MAIN_PAIRS)
def test_main_pairs_have_a_chronology_2016_2025(a, b):
    """The same procedure carried to 2016-2025: every main pair has a chronology reaching
    every part of the decade (the only empty years are the pandemic closure of 2020-21) with
    cooperative facts, and conflictual ones for every pair but China-Russia, whose chronology
    lists none (CURATED.md says why)."""
    rows = _pair_facts(a, b, 2016, 2025)
    signs = [int(r["sign"]) for r in rows]
    assert len(rows) >= 15, (a, b, len(rows))
    assert signs.count(1) >= 5, (a, b, signs)
    if (a, b) != ("CHN", "RUS"):
        assert signs.count(-1) >= 3, (a, b, signs)
    years = sorted({r["year_start"] for r in rows} | {2015, 2026})
    assert max(y2 - y1 for y1, y2 in zip(years, years[1:])) <= 3, (a, b, years)
    for r in rows:
        assert r["prov_ref"] and r["ref_publisher"] and r["ref_year"] >= r["year_start"]


@pytest.mark.parametrize("a,b,expect", [
    ("USA", "RUS", {("2016-12-29", "35 Russian diplomats"): -1, ("2017-08-02", "CAATSA"): -1,
                    ("2018-03-26", "60 Russian diplomats"): -1, ("2018-07-16", "Helsinki"): 1,
                    ("2019-02-01", "INF"): -1, ("2019-08-02", "INF"): -1,
                    ("2021-02-03", "New START"): 1, ("2021-06-16", "Geneva"): 1,
                    ("2017-08-31", "San Francisco"): -1, ("2021-03-17", "ambassador"): -1}),
    ("CHN", "RUS", {("2022-02-04", "New Era"): 1, ("2019-06-05", "state visit"): 1,
                    ("2018-09-11", "Vostok-2018"): 1, ("2023-03-20", "state visit"): 1}),
    ("PRK", "RUS", {("2019-04-25", "Vladivostok"): 1, ("2023-09-13", "Vostochny"): 1,
                    ("2024-06-19", "state visit"): 1, ("2016-03-02", "2270"): -1,
                    ("2017-12-22", "2397"): -1, ("2022-05-26", "S/2022/431"): 1}),
    ("PRK", "CHN", {("2018-03-26", "first visit"): 1, ("2018-05-07", "second visit"): 1,
                    ("2018-06-19", "third visit"): 1, ("2019-01-07", "fourth visit"): 1,
                    ("2019-06-20", "Pyongyang"): 1, ("2017-02-18", "coal"): -1,
                    ("2017-09-11", "2375"): -1, ("2024-03-28", "panel of experts"): 0}),
    ("USA", "CHN", {("2017-04-06", "Mar-a-Lago"): 1, ("2018-12-01", "Buenos Aires"): 1,
                    ("2019-08-05", "currency manipulator"): -1,
                    ("2020-01-13", "currency manipulator"): 1, ("2024-11-16", "Lima"): 1}),
])
def test_2016_2025_chronology_holds_the_named_facts_once(a, b, expect):
    """Facts the 2016-2025 pass names are there once, with their sign; a vote row is the
    vote of the pair's own member (Russia's or China's vote on North Korea sanctions)."""
    rows = _pair_facts(a, b, 2016, 2025)
    for (date, word), sign in expect.items():
        hits = [r for r in rows if r["date"].startswith(date) and word in r["name"]]
        assert len(hits) == 1, (a, b, date, word, [h["name"] for h in hits])
        assert int(hits[0]["sign"]) == sign, (date, word)


def test_dprk_sanctions_votes_follow_the_vote_convention():
    """Yes on sanctions against the DPRK is -1 for the voter; the 2022 vetoes are +1; China's
    2024 abstention is 0. China and Russia each voted on the six 2016-17 resolutions once."""
    votes = [r.relation for r in check_curated().records
             if r.relation["kind"] == "vote" and r.relation["target_actor"] == "PRK"
             and 2016 <= r.relation["year_start"] <= 2025]
    # the stored relation carries the vote at the head of its description ("[vote: yes] ...")
    by = {(r["date"], r["source_actor"]):
          (r["description"].split("]")[0].removeprefix("[vote: "), int(r["sign"])) for r in votes}
    assert len(by) == len(votes)  # one row per voter and vote
    for date in ("2016-03-02", "2016-11-30", "2017-06-02", "2017-08-05", "2017-09-11",
                 "2017-12-22"):
        assert by[(date, "CHN")] == by[(date, "RUS")] == ("yes", -1)
    assert by[("2022-05-26", "CHN")] == by[("2022-05-26", "RUS")] == ("veto", 1)
    assert by[("2024-03-28", "RUS")] == ("veto", 1)
    assert by[("2024-03-28", "CHN")] == ("abstain", 0)
