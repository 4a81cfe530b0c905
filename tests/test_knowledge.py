"""Knowledge queries, the CLI faces and the first summary, over the shipped curated layer."""
from __future__ import annotations

import json

import pytest

from amity import store
from amity.knowledge import border_length_km, facts, is_alliance, load_curated, treaties


@pytest.fixture(scope="module")
def kdb(tmp_path_factory):
    """One store with the shipped curated layer, shared by the read-only tests below."""
    p = tmp_path_factory.mktemp("k") / "k.duckdb"
    con = store.connect(p)
    load_curated(con)
    yield con
    con.close()


def _by_year(rows):
    return {(r["year"], r["name"]): r for r in rows}


def test_treaties_china_russia_span_both_lineages(kdb):
    ts = treaties("CHN", "RUS", con=kdb)
    assert len(ts) >= 14
    assert all(isinstance(t["year"], int) for t in ts)
    years = [t["year"] for t in ts]
    assert years == sorted(years)
    names = " | ".join(t["name"] for t in ts)
    for n in ("Nerchinsk", "Kyakhta", "Aigun", "Tientsin", "Convention of Peking",
              "Saint Petersburg", "Li-Lobanov", "Qiqihar", "General Principles",
              "Non-Aggression Pact", "Friendship and Alliance", "Mutual Assistance",
              "Eastern Part", "Western Part", "Good-Neighbourliness", "Complementary",
              "New Era and the Global", "Further Deepening"):
        assert n in names, n
    first = ts[0]
    assert (first["year"], sorted(first["parties"])) == (1689, ["CHN-QING", "RUS-TSARDOM"])
    roc = [t for t in ts if t["year"] == 1945][0]
    assert sorted(roc["parties"]) == ["CHN-ROC", "SUN"] and roc["alliance"]
    # the same answer for names instead of ids
    assert len(treaties("China", "Russia", con=kdb)) == len(ts)


def test_2001_treaty_is_not_an_alliance_but_1950_and_2024_are(kdb):
    cr = {t["year"]: t for t in treaties("CHN", "RUS", con=kdb) if t["kind"] == "treaty"}
    t2001, t1950 = cr[2001], cr[1950]
    assert "defense" not in t2001["obligations"] and not t2001["alliance"]
    assert t2001["articles"]["consultation"] == "Art. 9" and t2001["atop_id"] == 4980
    assert t2001["date_end"] == ".."  # extended in 2021, still in force
    assert "defense" in t1950["obligations"] and t1950["alliance"]
    assert (t1950["parties"], t1950["date_end"], t1950["atop_id"]) == (["CHN", "SUN"], "1980-04-11", 3200)
    t2024 = [t for t in treaties("PRK", "RUS", con=kdb) if t["year"] == 2024][0]
    assert t2024["alliance"] and t2024["articles"]["defense"] == "Art. 4"


def test_is_alliance():
    assert is_alliance({"obligations": ["defense"]})
    assert is_alliance(["offense", "consultation"])
    assert not is_alliance({"obligations": ["non-aggression", "consultation", "neutrality"]})
    assert not is_alliance({"obligations": []})


def test_eu_member_sanctions_come_via_the_bloc(kdb):
    rows = facts("DEU", "RUS", 2022, 2022, kinds="sanction", con=kdb)
    assert rows and all(r["source_actor"] == "DEU" for r in rows)
    # Germany sanctions through the EU (five packages) and the G7 (the oil price cap)
    assert {r["via_bloc"] for r in rows} == {"EU", "G7"}
    eu = [r for r in rows if r["via_bloc"] == "EU"]
    assert len(eu) == 5 and any("SWIFT" in r["name"] for r in eu)
    assert all(r["reference"]["publisher"] == "Council of the European Union" for r in eu)
    # the UK acted on its own in 2022 (no longer in the EU) but via the EU in 2014
    gbr22 = facts("GBR", "RUS", 2022, 2022, kinds="sanction", con=kdb)
    assert gbr22 and not any(r["via_bloc"] == "EU" for r in gbr22)
    gbr14 = facts("GBR", "RUS", 2014, 2014, kinds="sanction", con=kdb)
    assert any(r["via_bloc"] == "EU" for r in gbr14)


def test_china_and_india_did_not_sanction(kdb):
    for who in ("CHN", "IND"):
        rows = facts(who, "RUS", 2022, 2022, kinds="sanction", con=kdb)
        assert rows and all(r["negated"] for r in rows), who
        assert all(r["goldstein"] is None for r in rows)  # a non-event carries no weight


def test_votes_of_25_feb_and_2_march_2022(kdb):
    def votes(part):
        return {r["source_actor"]: r["vote"] for r in facts(kinds=["vote", "veto"], con=kdb)
                if part in r["name"]}
    sc = votes("S/2022/155")
    assert sc["RUS"] == "veto" and {sc[c] for c in ("CHN", "IND", "ARE")} == {"abstain"}
    assert sum(v == "yes" for v in sc.values()) == 11 and len(sc) == 15
    ga = votes("ES-11/1,")
    assert (ga["USA"], ga["GBR"], ga["FRA"], ga["CHN"], ga["RUS"]) == \
        ("yes", "yes", "yes", "abstain", "no")
    assert (ga["PRK"], ga["IND"]) == ("no", "abstain")
    assert sorted(c for c, v in ga.items() if v == "no") == ["BLR", "ERI", "PRK", "RUS", "SYR"]


def test_summary_picks_the_coalition_and_votes_from_the_facts(kdb):
    from amity.report.summary import most_sanctioned, votes_on

    # the curated layer records 23 measures against Russia in 2022 (the EU's once per member)
    assert most_sanctioned(["CHN", "RUS", "USA"], kdb) == ("RUS", 2022)
    assert most_sanctioned(["BRA"], kdb) is None
    # within a span (the brief's default sanctions year): Crimea 2014, none in the 1990s
    assert most_sanctioned(["RUS"], kdb, 2014, 2020) == ("RUS", 2014)
    assert most_sanctioned(["RUS"], kdb, 1990, 2000) is None
    ru = votes_on("RUS", 2022, kdb)
    assert [k.split(" (")[-1] for k in ru] == ["2022-02-25)", "2022-03-02)", "2022-10-12)"]
    sc = {v["actor"]: v["vote"] for v in next(iter(ru.values()))}
    assert sc["RUS"] == "veto" and len(sc) == 15          # Russia's veto on the draft about it
    # North Korea in 2017: the four Security Council resolutions, not Russia's
    kp = votes_on("PRK", 2017, kdb)
    assert len(kp) == 4 and all("North Korea" in k for k in kp)


def test_facts_filters(kdb):
    rows = facts("CHN", "RUS", 1960, 1969, kinds=["clash", "withdrawal"], con=kdb)
    assert [r["date"] for r in rows] == ["1960-07", "1969-03-02", "1969-08-13"]
    recog = facts("CHN", "SUN", kinds="recognition", con=kdb)
    assert ("1949-10-02", "SUN", "CHN") in [(r["date"], r["source_actor"], r["target_actor"])
                                            for r in recog]
    gas = facts("CHN", "RUS", 2019, 2019, kinds="energy", con=kdb)
    # the ESPO oil spur (open since 2011) is in force in 2019 too; the pipeline begun that year:
    begun = [r for r in gas if r["year_start"] == 2019]
    assert len(begun) == 1
    assert begun[0]["date"] == "2019-12-02" and "Power of Siberia" in begun[0]["name"]
    assert any(r["date"] == "2011-01-01" and "ESPO" in r["name"] for r in gas)
    assert border_length_km("CHN", "RUS", con=kdb) == 4209.0


def _cli(args, capsys):
    from amity.cli import main

    code = 0
    try:
        main(args)
    except SystemExit as e:
        code = e.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_load_treaties_facts(tmp_db, capsys):
    code, out, _ = _cli(["curated", "load", "--json"], capsys)
    assert code == 0 and json.loads(out)["inserted"] > 150
    code, out, _ = _cli(["treaties", "CHN", "RUS", "--json"], capsys)
    ts = json.loads(out)
    assert code == 0 and len(ts) >= 14 and all("year" in t and "obligations" in t for t in ts)
    t2001 = [t for t in ts if t["year"] == 2001 and t["kind"] == "treaty"][0]
    assert "defense" not in t2001["obligations"] and t2001["reference"]["title"]
    code, out, _ = _cli(["facts", "DEU", "RUS", "--from", "2022", "--to", "2022",
                         "--kind", "sanction", "--json"], capsys)
    assert code == 0 and {f["via_bloc"] for f in json.loads(out)} == {"EU", "G7"}
    code, out, _ = _cli(["db", "status", "--json"], capsys)
    st = json.loads(out)
    assert st["relations_by_kind"]["treaty"] >= 20 and st["schema_version"] >= 1
    code, out, _ = _cli(["treaties", "CHN", "RUS"], capsys)  # human table
    assert code == 0 and "Nerchinsk" in out


def test_cli_errors_are_clean(tmp_db, tmp_path, capsys):
    code, _, err = _cli(["treaties", "Chna", "RUS", "--json"], capsys)
    assert code == 2 and "unknown actor 'Chna'" in err and "CHN" in err
    code, _, err = _cli(["facts", "CHN", "RUS", "--from", "2000", "--to", "1990"], capsys)
    assert code == 2 and "reversed year range" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,date,parties,name,obligations,ref_title,ref_publisher,ref_year\n"
                   "treaty,2022-02-30,CHN;RUS,x,defense,t,p,2022\n")
    code, _, err = _cli(["curated", "check", "--file", str(bad)], capsys)
    assert code == 2 and "line 2" in err and "'date'" in err and "Traceback" not in err


def test_demo_summary_from_curated_layer(tmp_path):
    from amity.report import run_demo

    res = run_demo(str(tmp_path / "demo.duckdb"), datasets=False)
    assert res["used"] == "embedded curated layer"
    text = res["text"]
    assert "== CHN - RUS ==" in text and "== CHN - USA ==" in text and "== RUS - USA ==" in text
    pairs = {tuple(p["pair"]): p for p in res["summary"]["pairs"]}
    assert not pairs[("CHN", "RUS")]["alliance"]["allied_now"]
    assert "Treaty of Good-Neighbourliness" in pairs[("CHN", "RUS")]["alliance"]["answer"]
    assert "Art. 9" in pairs[("CHN", "RUS")]["alliance"]["answer"]
    assert pairs[("PRK", "RUS")]["alliance"]["allied_now"]
    assert pairs[("CHN", "PRK")]["alliance"]["allied_now"]
    decades = [d["decade"] for d in pairs[("CHN", "RUS")]["decades"]]
    assert "196X" in decades and "202X" in decades
    split = [d for d in pairs[("CHN", "RUS")]["decades"] if d["decade"] == "196X"][0]
    assert split["conflictual"] > split["cooperative"]  # the Sino-Soviet split
    s = res["summary"]["sanctions"]
    assert (s["target"], s["year"]) == ("RUS", 2022)   # the most sanctioned member's year
    ids = {m["id"]: m["via"] for m in s["members"]}
    assert {"USA", "GBR", "CAN", "JPN", "AUS"} <= set(ids) and "EU" in ids["DEU"]
    assert sorted(d["id"] for d in s["declined"]) == ["CHN", "IND"]
    assert "CHN" not in ids and "IND" not in ids
    # a second run adds nothing
    res2 = run_demo(str(tmp_path / "demo.duckdb"), datasets=False)
    assert res2["curated"]["inserted"] == 0


def test_atop_dataset_rows_fold_into_the_curated_treaty(tmp_path):
    """A dataset treaty row with the ATOP id of a curated treaty is shown inside that record
    (``atop``), not twice; one no curated record names stays listed on its own."""
    con = store.connect(tmp_path / "j.duckdb")
    load_curated(con)
    n0 = len(treaties("CHN", "RUS", con=con))
    common = {"kind": "treaty", "prov_kind": "dataset", "ref_publisher": "ATOP project"}
    store.write_relations(con, [
        dict(common, date="2001-07-16", year_start=2001, parties=["CHN", "RUS"],
             name="ATOP alliance 4980", obligations=["non-aggression", "consultation"],
             atop_id=4980, prov_ref="ATOP 4.01 atopid 4980"),
        dict(common, date="1942-01-01", date_end="1945-09-02", year_start=1942, year_end=1945,
             parties=["CHN-ROC", "SUN", "USA"], name="ATOP alliance 2550",
             obligations=["defense", "offense"], atop_id=2550, prov_ref="ATOP 4.01 atopid 2550"),
    ], kind="treaty", source="dataset:test")
    ts = treaties("CHN", "RUS", con=con)
    assert len(ts) == n0 + 1
    t2001 = [t for t in ts if t["atop_id"] == 4980]
    assert len(t2001) == 1 and t2001[0]["prov_kind"] == "curated"
    assert t2001[0]["atop"] == [{"date": "2001-07-16", "date_end": None,
                                 "obligations": ["non-aggression", "consultation"],
                                 "source": "ATOP 4.01 atopid 4980"}]
    ww2 = [t for t in ts if t["atop_id"] == 2550][0]
    assert ww2["prov_kind"] == "dataset" and ww2["alliance"] and ww2["atop"] is None


def _with_atop_rows(tmp_path):
    con = store.connect(tmp_path / "n.duckdb")
    load_curated(con)
    common = {"kind": "treaty", "prov_kind": "dataset", "ref_publisher": "ATOP project"}
    store.write_relations(con, [
        dict(common, date="1950-02-14", year_start=1950, parties=["CHN", "SUN"],
             name="ATOP alliance 3200", obligations=["defense"], atop_id=3200,
             prov_ref="ATOP 4.01 atopid 3200"),
        dict(common, date="1976-01-01", year_start=1976,
             parties=["AUS", "CAN", "CHN", "FRA", "GBR", "IND", "SUN", "USA"],
             name="ATOP alliance 3755", obligations=["non-aggression"], atop_id=3755,
             prov_ref="ATOP 4.01 atopid 3755"),
    ], kind="treaty", source="dataset:test")
    return con


def test_unnamed_atop_treaties_are_named_by_what_they_are(tmp_path):
    """Issue 16: 'ATOP alliance 3755' said nothing; the row is named by its size, obligations
    and parties, and marked as a made name."""
    con = _with_atop_rows(tmp_path)
    t = [r for r in treaties("CHN", "RUS", con=con) if r["atop_id"] == 3755]
    assert len(t) == 1
    assert t[0]["name"] == ("8-party non-aggression pact (ATOP 3755: AUS, CAN, CHN, FRA, GBR, "
                            "IND and 2 more)")
    assert t[0]["named"] is False
    assert all(r["named"] for r in treaties("CHN", "RUS", con=con) if r["prov_kind"] ==
               "curated")


def test_facts_show_a_curated_treaty_once_and_cite_without_none(tmp_path, monkeypatch,
                                                                  capsys):
    """Issue 16: the 1950 treaty was listed twice by `amity facts` (curated and ATOP rows),
    and the ATOP row's source read 'ATOP project, None'."""
    from amity.cli import app
    from amity.knowledge import citation, fold_dataset_duplicates
    from typer.testing import CliRunner

    con = _with_atop_rows(tmp_path)
    rows = fold_dataset_duplicates(facts("CHN", "RUS", 1950, 1950, "treaty", con=con))
    rows = [r for r in rows if r["date"] == "1950-02-14"]
    assert [r["prov_kind"] for r in rows] == ["curated"]
    assert rows[0]["atop"][0]["source"] == "ATOP 4.01 atopid 3200"
    con.close()
    assert citation({"title": "ATOP 4.01 atopid 3755", "publisher": "ATOP project",
                     "year": None}) == "ATOP 4.01 atopid 3755 (ATOP project)"
    r = CliRunner().invoke(app, ["facts", "CHN", "RUS", "--from", "1950", "--to", "1950",
                                 "--kind", "treaty", "--db", str(tmp_path / "n.duckdb"),
                                 "--json"])
    assert r.exit_code == 0, r.output
    got = [x for x in json.loads(r.output) if x["date"] == "1950-02-14"]
    assert [x["prov_kind"] for x in got] == ["curated"]
    r = CliRunner().invoke(app, ["facts", "CHN", "RUS", "--from", "1976", "--to", "1976",
                                 "--kind", "treaty", "--db", str(tmp_path / "n.duckdb")],
                           env={"COLUMNS": "300"})
    assert r.exit_code == 0, r.output
    assert "None" not in r.output and "ATOP project" in r.output


def test_a_fact_read_from_text_without_a_name_is_named_and_cited(tmp_path):
    """Issue 16: `amity extract --store` stored a nameless fact whose source printed as
    'None, None'; the faces name it by its CAMEO act and cite the text it came from."""
    from typer.testing import CliRunner

    from amity.cli import app
    from amity.knowledge import fold_dataset_duplicates

    p = tmp_path / "d.duckdb"
    con = store.connect(p)
    store.write_relations(con, [{
        "kind": "military_operation", "date": "2022-02-24", "year_start": 2022,
        "year_end": 2022, "source_actor": "RUS", "target_actor": "UKR", "cameo": "190",
        "prov_kind": "document", "prov_ref": "doc:" + "5d7d1e239f34" + "a" * 52 + "#0-43"}],
        kind="document", source="reader:test")
    rows = fold_dataset_duplicates(facts("RUS", "UKR", con=con))
    con.close()
    assert rows[0]["name"] == "Use conventional military force (CAMEO 190)"
    assert rows[0]["named"] is False
    assert rows[0]["reference"]["publisher"] == "text read by Amity"
    assert rows[0]["reference"]["title"] == "document 5d7d1e239f34, characters 0-43"
    r = CliRunner().invoke(app, ["facts", "RUS", "UKR", "--db", str(p)],
                           env={"COLUMNS": "300"})
    assert r.exit_code == 0, r.output
    assert "None" not in r.output and "Use conventional military force" in r.output
