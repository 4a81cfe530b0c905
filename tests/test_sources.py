"""Importers: registry, checksums, original formats, facts from the MANIFEST, bad input, load."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import amity.sources as S
from amity.errors import DataUnavailableError, InputError, NotFoundError
from amity.sources.fetch import sha256_file
from amity.store import connect

MINE = ["atop", "atop4", "cow_mid", "gml_mid", "cow_war", "nmc", "nmc6", "cow_states",
        "gw_states", "state_lists"]


def test_registry_declares_every_source_with_metadata():
    reg = S.registry()
    for name in MINE:
        src = reg[name]
        assert src.bibtex.lstrip().startswith("@")
        assert src.years[0] and src.years[1] and src.years[0] <= src.years[1]
        for f in src.files:
            assert f.url.startswith("https://raw.githubusercontent.com/")
            assert len(f.sha256) == 64
    with pytest.raises(NotFoundError, match="did you mean"):
        S.get("atopp")


def test_registry_checksums_match_the_mirror(mirror):
    for name in MINE:
        for f in S.get(name).files:
            assert sha256_file(mirror / f.mirror_path) == f.sha256, f.mirror_path


def test_cow_states_open_ends_and_spells(mirror):
    st = S.frame("cow_states", mirror=mirror)
    assert len(st) == 243
    # states alive at the end of the 2016 copy continue (open_end); 195 in the list
    assert int(st["open_end"].sum()) == 195
    ger = st[st.ccode == 255]
    assert list(ger.styear) == [1816, 1990] and list(ger.endyear) == [1945, 2016]
    lists = S.frame("states_cow", mirror=mirror)
    assert lists["end"].isna().sum() == 195  # 9999-12-31 upstream = still a member


def _pair(nd: pd.DataFrame, a: int, b: int) -> pd.DataFrame:
    return nd[(nd.ccode1 == min(a, b)) & (nd.ccode2 == max(a, b))].set_index("year")


def _on(s: pd.Series, first: int, last: int) -> bool:
    """Every year first..last is listed with value 1."""
    return all(int(s.get(y, 0)) == 1 for y in range(first, last + 1))


def test_atop51_facts_from_the_manifest(mirror):
    from amity.sources.atop import atop_nondirected

    dy = S.frame("atop_dyad_year", mirror=mirror)
    assert len(dy) == 273_296
    nd = atop_nondirected(dy)
    assert not nd.duplicated(["ccode1", "ccode2", "year"]).any()
    cr = _pair(nd, 365, 710)
    assert _on(cr.atop_consul, 2001, 2018) and cr.loc[2000, "atop_consul"] == 0
    assert _on(cr.atop_nonagg, 1992, 2018)
    assert _on(cr.atop_defense, 1942, 1980)
    assert cr.loc[1981:, "atop_defense"].sum() == 0       # no defense pledge after 1980
    rk = _pair(nd, 365, 731)
    assert _on(rk.atop_defense, 1961, 1996) and _on(rk.atop_nonagg, 1961, 1996)
    assert rk.loc[1997:, "atop_defense"].sum() == 0
    assert _on(rk.atop_consul, 2000, 2018)
    ck = _pair(nd, 710, 731)
    assert _on(ck.atop_defense, 1961, 2018) and _on(ck.atop_nonagg, 1961, 2018)
    # atop_value (METHODS.md): 3 with a defense pledge; 2010 has consultation (2001 treaty)
    # and non-aggression, and consultation ranks 2; 1995 has non-aggression only
    assert cr.loc[1955, "atop_value"] == 3 and cr.loc[2010, "atop_value"] == 2
    assert cr.loc[1995, "atop_value"] == 1


def test_atop4_treaty_records_and_open_end(mirror):
    from amity.sources.atop import treaty_relations

    mem = S.frame("atop4_members", mirror=mirror)
    al = S.frame("atop4_alliances", mirror=mirror)
    assert (len(mem), len(al)) == (2398, 745)
    assert int(mem["in_force"].sum()) == 1062 and int(al["in_force"].sum()) == 334
    unresolved: list = []
    rows = treaty_relations({"atop4_members": mem, "atop4_alliances": al}, None, unresolved)
    assert len(rows) == 745
    last = next(r for r in rows if r["atop_id"] == 6065)
    assert last["parties"] == ["GUY", "RUS"] and last["date"] == "2016-06-15"
    assert last["date_end"] is None and last["obligations"] == ["non-aggression"]
    assert all(r["prov_kind"] == "dataset" and r["kind"] == "treaty" for r in rows)
    # the reference names the release (codebook 4.01, 2020), never a year of None
    assert {(r["ref_publisher"], r["ref_year"]) for r in rows} == {("ATOP project", 2020)}
    # codes outside the COW system at the date (e.g. 710 in 1846) are reported, not guessed
    assert (1118, 710, 1846) in unresolved


def test_wars_duplicates_collapse(mirror):
    from amity.sources.wars import war_nondirected

    raw = S.frame("cow_war_inter", mirror=mirror)
    assert int(raw.duplicated(["ccode1", "ccode2", "year"]).sum()) == 56
    nd = war_nondirected(raw)
    assert not nd.duplicated(["ccode1", "ccode2", "year"]).any()
    lo = np.minimum(raw.ccode1, raw.ccode2)
    hi = np.maximum(raw.ccode1, raw.ccode2)
    assert len(nd) == len(pd.DataFrame({"a": lo, "b": hi, "y": raw.year}).drop_duplicates())
    assert int(nd.year.max()) == 2003 and nd.cowinter_wars.max() >= 2


def test_mids_collapse(mirror):
    from amity.sources.mids import mid_nondirected

    d = S.frame("cow_mid_dirdisps", mirror=mirror)
    assert int(d.duplicated(["ccode1", "ccode2", "year"]).sum()) == 1156
    nd = mid_nondirected(S.frame("cow_mid_ddydisps", mirror=mirror), "cowmid", d)
    assert not nd.duplicated(["ccode1", "ccode2", "year"]).any()
    assert int(nd.year.max()) == 2014
    assert set(nd.cowmid_hostlev.dropna().unique()) <= {1, 2, 3, 4, 5}


def test_nmc_cinc_formula_matches_the_file(mirror):
    """CINC = mean of the six shares of system totals (hand-recomputed for 1900)."""
    nmc = S.frame("cow_nmc", mirror=mirror)
    assert int(nmc.year.max()) == 2022
    y = nmc[nmc.year == 1900].copy()
    cols = ["milex", "milper", "irst", "pec", "tpop", "upop"]
    shares = sum((y[c].fillna(0) / y[c].fillna(0).sum()) for c in cols) / 6
    usa = y.index[y.ccode == 2][0]
    assert float(shares[usa]) == pytest.approx(float(y.loc[usa, "cinc"]), abs=2e-4)
    nmc6 = S.frame("cow_nmc6", mirror=mirror)
    assert nmc6["milex"].isna().sum() == 2217   # -9 read as missing


# ------------------------------------------------------------------ bad input

def _atop4_copy(mirror: Path, tmp_path: Path, edit) -> dict[str, Path]:
    src = mirror / "atop4" / "atop-member-level.csv"
    lines = src.read_text().splitlines(keepends=True)
    lines = edit(lines)
    p = tmp_path / "atop-member-level.csv"
    p.write_text("".join(lines))
    return {"members": p, "alliances": mirror / "atop4" / "atop-alliance-level.csv"}


def _set_field(line: str, header: str, col: str, value: str) -> str:
    cols = header.rstrip("\n").split(",")
    parts = line.rstrip("\n").split(",")
    parts[cols.index(col)] = value
    return ",".join(parts) + "\n"


def test_non_numeric_code_names_file_line_and_field(mirror, tmp_path):
    def edit(lines):
        lines[9] = _set_field(lines[9], lines[0], "member", "X20")   # physical line 10
        return lines

    paths = _atop4_copy(mirror, tmp_path, edit)
    with pytest.raises(InputError) as e:
        S.get("atop4").read(paths)
    assert e.value.line == 10 and e.value.field == "member"
    assert e.value.file.endswith("atop-member-level.csv") and "X20" in str(e.value)


def test_malformed_date_and_missing_column(mirror, tmp_path):
    def bad_month(lines):
        lines[4] = _set_field(lines[4], lines[0], "moent", "13")
        return lines

    with pytest.raises(InputError) as e:
        S.get("atop4").read(_atop4_copy(mirror, tmp_path, bad_month))
    assert (e.value.line, e.value.field) == (5, "moent") and "date" in str(e.value)

    def drop_col(lines):
        hdr = lines[0].rstrip("\n").split(",")
        i = hdr.index("yrent")
        return [",".join(p for j, p in enumerate(l.rstrip("\n").split(",")) if j != i) + "\n"
                for l in lines]

    with pytest.raises(InputError) as e:
        S.get("atop4").read(_atop4_copy(mirror, tmp_path, drop_col))
    assert e.value.field == "yrent" and e.value.line == 1


def test_skip_bad_rows_quarantines_through_load(mirror, tmp_path):
    def edit(lines):
        lines[9] = _set_field(lines[9], lines[0], "member", "X20")
        lines[20] = _set_field(lines[20], lines[0], "dayexit", "40")
        return lines

    paths = _atop4_copy(mirror, tmp_path, edit)
    bad_mirror = tmp_path / "m"
    (bad_mirror / "atop4").mkdir(parents=True)
    shutil.copy(paths["members"], bad_mirror / "atop4" / "atop-member-level.csv")
    shutil.copy(paths["alliances"], bad_mirror / "atop4" / "atop-alliance-level.csv")
    orig = S.get("atop4")
    files = tuple(dataclasses.replace(f, sha256=sha256_file(bad_mirror / f.mirror_path))
                  for f in orig.files)
    src = dataclasses.replace(orig, files=files)
    con = connect(tmp_path / "q.duckdb")
    with pytest.raises(InputError):
        S.load(con, src, mirror=bad_mirror)
    assert con.execute("SELECT count(*) FROM datasets").fetchone()[0] == 0
    res = S.load(con, src, mirror=bad_mirror, skip_bad_rows=True)
    assert res["quarantined"] == 2
    q = con.execute("SELECT line, field, reason FROM quarantine ORDER BY line").fetchall()
    assert [(r[0], r[1]) for r in q] == [(10, "member"), (21, "dayexit")]
    assert con.execute("SELECT rows FROM datasets WHERE name='atop4_members'").fetchone()[0] == 2396


def test_load_is_atomic_and_idempotent(mirror, tmp_path):
    con = connect(tmp_path / "a.duckdb")
    res = S.load(con, ["cow_states", "atop4"], mirror=mirror)
    assert [s["loaded"] for s in res["sources"]] == [True, True]
    n_rel = con.execute("SELECT count(*) FROM relations WHERE kind='treaty'").fetchone()[0]
    assert n_rel == 745
    assert con.execute("SELECT count(DISTINCT atop_id) FROM relations").fetchone()[0] == 745
    # twice: nothing added
    res2 = S.load(con, ["cow_states", "atop4"], mirror=mirror)
    assert [s["loaded"] for s in res2["sources"]] == [False, False]
    assert con.execute("SELECT count(*) FROM relations").fetchone()[0] == n_rel
    # the store answers frame() now
    assert len(S.frame("cow_states", con=con)) == 243
    # a failing load (corrupt file in a mirror) changes nothing
    bad = tmp_path / "bad"
    (bad / "peacesciencer" / "rda").mkdir(parents=True)
    for f in S.get("nmc").files + S.get("cow_war").files:
        shutil.copy(mirror / f.mirror_path, bad / f.mirror_path)
    p = bad / S.get("cow_war").files[0].mirror_path
    p.write_bytes(p.read_bytes()[:1000])   # truncated
    before = con.execute("SELECT name, sha256 FROM datasets ORDER BY name").fetchall()
    with pytest.raises(DataUnavailableError, match="sha256"):
        S.load(con, ["nmc", "cow_war"], mirror=bad)
    assert con.execute("SELECT name, sha256 FROM datasets ORDER BY name").fetchall() == before


def test_cli_load_and_data_commands(mirror, tmp_db):
    import json

    from typer.testing import CliRunner

    from amity.cli import app

    r = CliRunner().invoke(app, ["load", "cow_states", "--mirror", str(mirror), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["sources"][0]["tables"] == {"cow_states": 243, "cow_majors": 14}
    r = CliRunner().invoke(app, ["data", "list", "--json"])
    assert {"atop", "nmc", "cow_mid"} <= {s["name"] for s in json.loads(r.stdout)}
    r = CliRunner().invoke(app, ["data", "cite", "nmc"])
    assert "@incollection{singer1972capability" in r.stdout
    r = CliRunner().invoke(app, ["load", "nosuch"])
    assert r.exit_code != 0
