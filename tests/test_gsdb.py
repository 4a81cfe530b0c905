"""GSDB V3: name splitting, resolution, the reader, add_sanctions."""
from __future__ import annotations

import pandas as pd
import pytest

from amity.errors import InputError
from amity.panel.add_sanctions import add_sanctions, expand_blocs
from amity.sources.gsdb import read_gsdb, resolve_name, split_names


def test_split_names_tricky_commas():
    assert split_names("Korea, South") == ["Korea, South"]
    assert split_names("Egypt, Arab Rep.") == ["Egypt, Arab Rep."]
    assert split_names("Congo, Democratic Republic of the, Eritrea, Ethiopia (excludes "
                       "Eritrea), Kenya") == ["Congo, Democratic Republic of the", "Eritrea",
                                              "Ethiopia (excludes Eritrea)", "Kenya"]
    assert split_names("United States, Korea, North, Gambia, The") == [
        "United States", "Korea, North", "Gambia, The"]
    assert split_names("EU") == ["EU"] and split_names("") == []


def test_resolve_names():
    assert resolve_name("Korea, South", 2000) == ("KOR", "state")
    assert resolve_name("Korea, North", 2000) == ("PRK", "state")
    assert resolve_name("Egypt, Arab Rep.", 2000) == ("EGY", "state")
    assert resolve_name("Congo, Democratic Republic of the", 2000) == ("COD", "state")
    assert resolve_name("Soviet Union", 1980) == ("SUN", "state")
    assert resolve_name("South Vietnam", 1965) == ("VNM-RVN", "state")
    assert resolve_name("South Vietnam", 1978) == ("VNM", "state")    # GSDB's name for Vietnam
    assert resolve_name("Yemen, North", 1980) == ("YEM-YAR", "state")
    assert resolve_name("Yemen, North", 2015) == ("YEM", "state")
    assert resolve_name("EU", 2014) == ("EU", "bloc")
    assert resolve_name("ECOWAS", 2014) == (None, "bloc")
    assert resolve_name("Terrorist Organizations (Al-Qaeda)", 2014) == (None, "unresolved")


CSV = """case_id,sanctioned_state,sanctioning_state,begin,end,trade,descr_trade,arms,military,financial,travel,other,target_mult,sender_mult,objective,success
1,"Korea, North","United States, Japan",2006,2008,1,exp_part,0,0,1,0,0,0,0,prevent_war,ongoing
2,Russia,EU,2014,2015,1,exp_part,1,0,1,1,0,0,1,territorial_conflict,ongoing
3,"Congo, Democratic Republic of the, Hong Kong",UN,2003,2003,0,,1,0,0,0,0,1,1,end_war,ongoing
"""


def test_read_gsdb_fixture_reports_unresolved(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text(CSV)
    tables, rep = read_gsdb(f)
    cases = tables["gsdb_cases"]
    assert cases["senders"].iloc[0] == ["JPN", "USA"] and cases["targets"].iloc[0] == ["PRK"]
    assert cases["targets"].iloc[2] == ["COD"]
    assert rep["unresolved"] == {"Hong Kong": 1} and rep["n_unresolved"] == 1
    pt = tables["gsdb_parties"]
    assert pt[pt.name == "Hong Kong"]["status"].iloc[0] == "unresolved"   # kept, not dropped
    dy = tables["gsdb_dyad_years"]
    # case 1: 2 senders x 1 target x 3 years; case 2: EU bloc x RUS x 2; case 3: UN x COD x 1
    assert len(dy[dy.case_id == 1]) == 6 and len(dy[dy.case_id == 2]) == 2
    assert set(dy[dy.case_id == 2]["sender_kind"]) == {"bloc"}


def test_read_gsdb_bad_rows(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text(CSV.replace("2014,2015", "2014,20x5"))
    with pytest.raises(InputError) as e:
        read_gsdb(f)
    assert e.value.line == 3 and e.value.field == "end"
    f.write_text(CSV.replace("sanctioned_state,", "target,"))
    with pytest.raises(InputError, match="sanctioned_state"):
        read_gsdb(f)


def _dy():
    return pd.DataFrame({"case_id": [1, 1, 2, 2, 9],
                         "sender": ["USA", "USA", "EU", "EU", "RUS"],
                         "target": ["RUS", "RUS", "RUS", "RUS", "USA"],
                         "sender_kind": ["state", "state", "bloc", "bloc", "state"],
                         "year": [2014, 2015, 2014, 2015, 2015]})


def test_expand_blocs_marks_via():
    ex = expand_blocs(_dy())
    de = ex[(ex.sender == "DEU") & (ex.year == 2014)]
    assert len(de) == 1 and de["via_bloc"].iloc[0] == "EU"
    assert ex[ex.sender == "USA"]["via_bloc"].isna().all()


def test_add_sanctions_non_directed_and_directed():
    p = pd.DataFrame({"ccode1": [2, 255, 2, 2, 2], "ccode2": [365, 365, 20, 365, 365],
                      "year": [2015, 2014, 2015, 2023, 1900]})
    out = add_sanctions(p, dyad_years=_dy())
    assert len(out) == 5
    assert out["sanctions_12"].iloc[0] == 1 and out["sanctions_21"].iloc[0] == 1
    assert out["sanctions_12"].iloc[1] == 1 and out["sanctions_21"].iloc[1] == 0  # via the EU
    assert out["sanction_any"].iloc[2] == False  # noqa: E712 - nullable boolean
    assert pd.isna(out["sanction_any"].iloc[3]) and pd.isna(out["sanctions_12"].iloc[4])
    no_bloc = add_sanctions(p, dyad_years=_dy(), via_blocs=False)
    assert no_bloc["sanctions_12"].iloc[1] == 0
    d = pd.DataFrame({"ccode1": [2, 365], "ccode2": [365, 2], "year": [2014, 2014]})
    d.attrs["amity"] = {"kind": "dyad_year", "system": "cow", "directed": True, "coverage": {}}
    out = add_sanctions(d, dyad_years=_dy())
    assert out["sanctions"].tolist() == [1, 0] and out["sanction_any"].tolist() == [True, False]


def test_add_sanctions_refuses_state_years():
    with pytest.raises(InputError):
        add_sanctions(pd.DataFrame({"ccode": [2], "year": [2000]}), dyad_years=_dy())


def test_real_gsdb(mirror):
    tables, rep = read_gsdb(mirror / "gsdb/GSDB_V3.csv")
    cases = tables["gsdb_cases"]
    assert len(cases) == 1325
    assert rep["n_unresolved"] > 0 and "Hong Kong" in rep["unresolved"]
    # every name is accounted for: resolved, a bloc, or reported
    pt = tables["gsdb_parties"]
    assert set(pt["status"]) <= {"state", "bloc", "unresolved"}
    assert pt[pt.status == "unresolved"]["name"].nunique() == len(rep["unresolved"])
    kor = pt[pt.name == "Korea, South"]
    assert len(kor) and (kor["actor"] == "KOR").all()
    dy = tables["gsdb_dyad_years"]
    us_ru = dy[(dy.sender == "USA") & (dy.target == "RUS") & (dy.year == 2022)]
    assert len(us_ru) >= 1
    assert dy["year"].between(1949, 2022).all()


def test_read_gsdb_skip_bad_rows(tmp_path):
    f = tmp_path / "g.csv"
    f.write_text(CSV.replace("2014,2015", "2014,20x5").replace("2003,2003", "2003,2001"))
    rejects: list = []
    tables, _ = read_gsdb(f, rejects)
    assert tables["gsdb_cases"]["case_id"].tolist() == [1]
    assert [(r["line"], r["field"]) for r in rejects] == [(3, "end"), (4, "end")]
    assert all(r["file"] == str(f) for r in rejects)


def test_load_into_store_and_coalition_from_it(tmp_db, mirror):
    from amity.app.coalition import coalition
    from amity.sources import load
    from amity.store import connect

    con = connect(tmp_db)
    try:
        res = load(con, "gsdb", mirror=mirror)
        assert res["sources"][0]["tables"]["gsdb_cases"] == 1325
        again = load(con, "gsdb", mirror=mirror)            # loading twice adds nothing
        assert not again["sources"][0]["loaded"]
        r = coalition("RUS", 2022, con=con, mirror=mirror)
        ids = {s["id"] for s in r["senders"]}
        assert {"USA", "CAN", "JPN"} <= ids and "EU" in {b["id"] for b in r["sanctioning_blocs"]}
    finally:
        con.close()
