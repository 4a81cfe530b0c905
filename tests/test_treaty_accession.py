"""Per-party entry dates of a multilateral treaty (accessions): the curated format
(``ID@DATE`` in ``parties``), the store (``party_since``), the pair expansion (a pair is
bound from the later party's entry), checked on the North Atlantic Treaty against the
published accession years and against ATOP's member file."""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from amity import concepts, store
from amity.errors import InputError
from amity.knowledge import check_curated, load_curated, treaties
from amity.knowledge.loader import COLUMNS

#: NATO's enlargements: the year each state deposited its instrument of accession (NATO,
#: "Member countries"); the twelve founders are bound from the treaty (1949)
ACCESSION_YEARS = {
    "GRC": 1952, "TUR": 1952, "DEU": 1955, "ESP": 1982,
    "CZE": 1999, "HUN": 1999, "POL": 1999,
    "BGR": 2004, "EST": 2004, "LVA": 2004, "LTU": 2004, "ROU": 2004, "SVK": 2004, "SVN": 2004,
    "ALB": 2009, "HRV": 2009, "MNE": 2017, "MKD": 2020, "FIN": 2023, "SWE": 2024,
}
FOUNDERS = {"USA", "CAN", "GBR", "FRA", "BEL", "NLD", "LUX", "NOR", "DNK", "ISL", "ITA", "PRT"}


@pytest.fixture(scope="module")
def con():
    c = store.connect(":memory:")
    load_curated(c)
    yield c
    c.close()


def _nato(con, a="USA", b=None):
    rows = [r for r in treaties(a, b, con=con) if r["name"] == "North Atlantic Treaty"]
    assert len(rows) == 1
    return rows[0]


def test_pair_entry_by_hand():
    parties = ["A", "B", "C", "D"]
    since = [None, None, "1952-02-18", "1955-05-06"]
    assert concepts.pair_entry(parties, since, {"A"}, {"B"}) is None          # founders
    assert concepts.pair_entry(parties, since, {"A"}, {"C"}) == "1952-02-18"
    assert concepts.pair_entry(parties, since, {"C"}, {"D"}) == "1955-05-06"  # the later one
    assert concepts.pair_entry(parties, since, {"C", "A"}, {"D"}) == "1955-05-06"
    assert concepts.pair_entry(parties, None, {"C"}, {"D"}) is None           # no dates
    assert concepts.pair_entry(parties, since, {"X"}, {"D"}) == "1955-05-06"  # X not a party
    assert concepts.entry_year("2024-03-07") == 2024 and concepts.entry_year("1999") == 1999
    with pytest.raises(InputError, match="not an entry date"):
        concepts.entry_year("spring 1999")


def test_nato_lists_every_member_with_its_accession(con):
    t = _nato(con)
    assert set(t["parties"]) == FOUNDERS | set(ACCESSION_YEARS)
    assert len(t["parties"]) == 32
    got = {p: concepts.entry_year(d) for p, d in t["party_since"].items()}
    assert got == ACCESSION_YEARS
    assert t["date"] == "1949-04-04" and t["alliance"] is True


@pytest.mark.parametrize("a,b,year", [
    ("USA", "CAN", 1949), ("USA", "DEU", 1955), ("GBR", "GRC", 1952), ("GRC", "TUR", 1952),
    ("DEU", "ESP", 1982), ("USA", "POL", 1999), ("POL", "EST", 2004), ("USA", "HRV", 2009),
    ("ITA", "MNE", 2017), ("MKD", "MNE", 2020), ("USA", "FIN", 2023), ("FIN", "SWE", 2024),
])
def test_a_pair_is_bound_from_the_later_entry(con, a, b, year):
    t = _nato(con, a, b)
    assert t["year"] == year
    assert (t.get("pair_since") is None) == (year == 1949)


def test_facts_of_a_pair_before_its_entry_leave_the_treaty_out(con):
    from amity.knowledge import facts

    names = {f["name"] for f in facts("USA", "DEU", 1950, 1954, kinds="treaty", con=con)}
    assert "North Atlantic Treaty" not in names
    names = {f["name"] for f in facts("USA", "DEU", 1950, 1956, kinds="treaty", con=con)}
    assert "North Atlantic Treaty" in names


def test_closeness_inputs_bind_usa_deu_from_1955(con):
    from amity.measures.closeness import _year_facts, facts_to_components
    from amity.sources.closeness_data import ClosenessData

    da = ClosenessData(con, None)
    f = da.facts(["USA"], ["DEU"])
    nato = f[f["name"] == "North Atlantic Treaty"]
    assert list(nato["year_start"]) == [1955]
    comp = facts_to_components(nato, range(1950, 1960)).set_index("year")
    assert comp.loc[1950:1954, "cur_alliance_level"].isna().all()
    assert (comp.loc[1955:1959, "cur_alliance_level"] == 3).all()
    # the pair of a founder keeps 1949
    f2 = da.facts(["USA"], ["CAN"])
    assert list(f2.loc[f2["name"] == "North Atlantic Treaty", "year_start"]) == [1949]

    # the v2 table's expansion of one year: USA-DEU is no NATO pair in 1953, one in 1956
    from amity import actors

    us, de = 2, int(actors.cow_code("DEU", "1956-12-31"))

    def nato_pairs(year):
        y = _year_facts(da, year)
        y = y[y["name"] == "North Atlantic Treaty"]
        return set(zip(y["c1"], y["c2"]))

    assert (min(us, de), max(us, de)) not in nato_pairs(1953)
    assert (min(us, de), max(us, de)) in nato_pairs(1956)
    assert (2, 20) in nato_pairs(1953)      # USA-CAN


def _curated_file(tmp_path, parties, date="1949-04-04", date_end=".."):
    p = tmp_path / "t.csv"
    row = {c: "" for c in COLUMNS}
    row.update(kind="treaty", date=date, date_end=date_end, parties=parties, name="A pact",
               obligations="defense", cameo="057", sign="1",
               ref_title="A book", ref_publisher="A press", ref_year="2020")
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        w.writeheader()
        w.writerow(row)
    return p


@pytest.mark.parametrize("parties,date_end,reason", [
    ("USA;CAN;GRC@early 1952", "..", "GRC's entry date 'early 1952' is not YYYY"),
    ("USA;CAN;GRC@1948-01-01", "..", "GRC enters (1948-01-01) before the fact's date"),
    ("USA;CAN;GRC@1960", "1955", "GRC enters (1960) after the fact ends (1955)"),
    ("USA;CAN;ZZZ@1952", "..", "unknown actor id 'ZZZ'"),
    ("USA;CAN;SVK@1952", "..", "did not exist"),          # Slovakia: from 1993
])
def test_bad_entry_dates_name_file_line_field(tmp_path, parties, date_end, reason):
    rep = check_curated(_curated_file(tmp_path, parties, date_end=date_end))
    assert not rep.ok
    (e,) = rep.errors
    assert e["file"].endswith("t.csv") and e["line"] == 2 and e["field"] == "parties"
    assert reason in e["reason"]


def test_a_v1_store_read_only_still_answers(tmp_path):
    """A store written before the column existed, opened read-only (no migration): the
    treaties read with no entry dates; the next writable open adds the column."""
    p = tmp_path / "old.duckdb"
    c = store.connect(p)
    load_curated(c)
    c.execute("ALTER TABLE relations DROP COLUMN party_since")
    c.execute("DELETE FROM schema_version WHERE version = 2")
    c.close()
    ro = store.connect(p, read_only=True)
    try:
        t = _nato(ro, "USA", "DEU")
        assert t["party_since"] == {} and t["year"] == 1949   # what v1 knew
    finally:
        ro.close()
    rw = store.connect(p)
    cols = {r[0] for r in rw.execute("SELECT column_name FROM information_schema.columns "
                                     "WHERE table_name = 'relations'").fetchall()}
    rw.close()
    assert "party_since" in cols


def test_atop_members_agree(mirror):
    """ATOP 4.01's member file (alliance 3180, to 2016) lists the same states (Montenegro's
    protocol was signed in 2016), each entering
    at the signing of its protocol: 0-2 years before the deposit of its accession."""
    from amity import actors

    m = pd.read_csv(mirror / "atop4" / "atop-member-level.csv",
                    usecols=["atopid", "member", "yrent"])
    m = m[m["atopid"] == 3180]
    first = m.groupby("member")["yrent"].min()
    ids = {}
    for code, y in first.items():
        # 260 (the Federal Republic, a COW member from May 1955, after its 1954 protocol)
        # and 255 are both DEU
        a = actors.from_cow(int(code), f"{int(y)}-12-31") or actors.from_cow(
            int(code), f"{int(y) + 1}-12-31")
        aid = a.id
        ids[aid] = min(ids.get(aid, 9999), int(y))
    ours = {**{f: 1949 for f in FOUNDERS}, **ACCESSION_YEARS}
    in_atop = {k: v for k, v in ours.items() if v <= 2017}   # protocols signed by 2016
    atop_ids = ids
    assert set(atop_ids) == set(in_atop)
    lag = np.array([in_atop[k] - atop_ids[k] for k in in_atop])
    assert lag.min() >= 0 and lag.max() <= 2
    assert atop_ids["DEU"] == 1954 and atop_ids["ESP"] == 1981 and atop_ids["GRC"] == 1951


def test_cli_lists_the_pair_year_and_the_entry_years(tmp_db):
    import json

    from typer.testing import CliRunner

    from amity.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["curated", "load", "--db", str(tmp_db)]).exit_code == 0
    r = runner.invoke(app, ["treaties", "USA", "DEU", "--db", str(tmp_db), "--json"])
    assert r.exit_code == 0, r.output
    (nato,) = [t for t in json.loads(r.stdout) if t["name"] == "North Atlantic Treaty"]
    assert (nato["year"], nato["date"], nato["pair_since"]) == (1955, "1949-04-04", "1955-05-06")
    assert nato["party_since"]["SWE"] == "2024-03-07" and "USA" not in nato["party_since"]
    r = runner.invoke(app, ["treaties", "USA", "DEU", "--db", str(tmp_db)],
                      env={"COLUMNS": "200"})
    assert r.exit_code == 0
    assert "DEU (1955)" in r.stdout and "SWE (2024)" in r.stdout and "USA (" not in r.stdout
