"""The use-case layer's own choices come from the data, not from lists in the code."""
from __future__ import annotations

import pytest


def test_default_system_view_is_the_strongest_states_of_the_year(mirror):
    from amity import actors
    from amity.app.service import SYSTEM_DEFAULT_SIZE, default_states
    from amity.sources.access import dataset

    nmc = dataset("cow_nmc", mirror=mirror)
    got = default_states(2022, mirror=mirror)
    assert len(got) == SYSTEM_DEFAULT_SIZE == 20
    # the 20 largest CINC shares of the latest NMC year <= 2022 (NMC 7.0 reaches 2022)
    last = int(nmc.loc[nmc["year"] <= 2022, "year"].max())
    assert last == 2022
    top = nmc[nmc["year"] == last].nlargest(20, "cinc")["ccode"].tolist()
    assert top[:4] == [710, 2, 750, 365]
    assert got[:4] == ["CHN", "USA", "IND", "RUS"]
    assert got == [actors.from_cow(int(c), 2022).id for c in top]
    cold = default_states(1962, mirror=mirror)
    assert cold[:2] == ["USA", "SUN"] and "UKR" not in cold and "DDR" in cold


def test_similarity_and_panels_are_use_cases_the_cli_calls(mirror):
    from amity.app import datasets, similarity
    from amity.cli import data as cli_data
    from amity.cli import measures as cli_measures

    # the CLI modules hold no loader of their own: they call the use-case layer
    assert cli_measures.similarity_series is similarity.similarity_series
    assert cli_data.build_panel is datasets.build_panel
    r = similarity.similarity_series("CHN", "RUS", start=1958, end=1962, measure="kappa",
                                     mirror=mirror)
    assert r["coverage"] == [1815, 2018]                      # ATOP's Source record
    assert [s["id_b"] for s in r["series"]] == ["SUN"] * 5    # Russia's line in 1958-62
    assert [round(s["value"], 3) for s in r["series"]] == [0.253, 0.253, 0.256, 0.324, 0.627]
    assert datasets.selected_sources("atop, nmc") == ["atop", "nmc"]


def test_cli_and_api_give_the_same_treaties_and_facts(tmp_path):
    """`amity treaties/facts --json` and the API's /treaties and /facts are one use case."""
    import json

    from typer.testing import CliRunner

    from amity import store
    from amity.app import service
    from amity.cli import app
    from amity.errors import InputError
    from amity.knowledge import load_curated

    db = tmp_path / "k.duckdb"
    con = store.connect(db)
    load_curated(con)
    api_t = service.treaty_rows("CHN", "RUS", con=con)
    api_f = service.fact_rows("RUS", "UKR", 2022, 2022, ["war"], con=con)
    con.close()
    run = CliRunner()
    r = run.invoke(app, ["treaties", "CHN", "RUS", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == json.loads(json.dumps(api_t, default=str))
    assert api_t and set(api_t[0]) == set(service.TREATY_KEYS) and "atop" in api_t[0]
    r = run.invoke(app, ["facts", "RUS", "UKR", "--from", "2022", "--to", "2022", "--kind",
                         "war", "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == json.loads(json.dumps(api_f, default=str))
    assert api_f and all(f["kind"] == "war" for f in api_f) and "plover" in api_f[0]
    # one check, each face's own field names
    con = store.connect(db, read_only=True)
    try:
        with pytest.raises(InputError) as e:
            service.fact_rows(kinds=["gossip"], con=con)
        assert e.value.field == "kind"
        with pytest.raises(InputError) as e:
            service.fact_rows(kinds=["gossip"], con=con, fields=("--from", "--to", "--kind"))
        assert e.value.field == "--kind"
    finally:
        con.close()


def test_coalition_view_says_when_it_reran_on_the_mirror(monkeypatch, mirror):
    """The CLI and the API both answer `coalition` through coalition_view; when the store's
    dataset tables fail, the rerun on the mirror files is in the answer's notes."""
    import duckdb

    from amity.app import coalition as coalitions
    from amity.app import service

    real = coalitions.coalition
    calls = []

    def flaky(target, year, *, con=None, **kw):
        calls.append(con)
        if len(calls) == 1:
            raise duckdb.BinderException("cannot read ds_gsdb_cases")
        return real(target, year, con=con, **kw)

    monkeypatch.setattr(coalitions, "coalition", flaky)
    from amity import store
    from amity.knowledge import load_curated

    con = store.connect(":memory:")
    load_curated(con)
    rep = service.coalition_view("RUS", 2022, con=con, mirror=mirror)
    assert len(calls) == 2 and calls[1] is not con            # reran on a fresh store
    assert any("cannot read ds_gsdb_cases" in n and "mirror" in n for n in rep["notes"])
    # the rerun kept the store's curated facts and read the datasets from the mirror
    ev = {e.split(":")[0] for s in rep["senders"] for e in s["evidence"]}
    assert ev == {"fact", "gsdb"}
    with pytest.raises(service.InputError, match="k must be between 1 and 20"):
        service.coalition_view("RUS", 2022, k=0, con=con, mirror=mirror)   # one check


def test_cli_balance_and_scenario_are_the_use_cases_answers(tmp_path, mirror, monkeypatch):
    """`amity balance/scenario --json` print what amity.app.service answers the API (same
    keys, same numbers): the CLI calls the use case (amity.app.service)."""
    import json

    from typer.testing import CliRunner

    from amity import store
    from amity.app import service
    from amity.cli import app
    from amity.knowledge import load_curated

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    db = tmp_path / "b.duckdb"
    con = store.connect(db)
    load_curated(con)
    states = ["CHN", "RUS", "USA", "GBR", "FRA", "PRK"]
    want_b = json.loads(json.dumps(service.balance_view(2010, 0.1, states, con=con,
                                                        mirror=mirror, edges=False)))
    want_s = json.loads(json.dumps(service.scenario_view(
        2010, ["USA-RUS=0.5"], ["CHN", "RUS", "USA"], states=states[:4], con=con,
        mirror=mirror)))
    con.close()
    run = CliRunner()
    got_b = run.invoke(app, ["balance", "--year", "2010", "--states", ",".join(states),
                             "--db", str(db), "--json"])
    assert got_b.exit_code == 0, got_b.output
    got_b = json.loads(got_b.stdout)
    assert got_b == want_b
    assert {"notes", "faction_of", "frustrating_legs"} <= set(got_b)   # the API's keys
    got_s = run.invoke(app, ["scenario", "--year", "2010", "--set", "USA-RUS=0.5", "--focus",
                             "CHN,RUS,USA", "--states", "CHN,RUS,USA,GBR", "--db", str(db),
                             "--json"])
    assert got_s.exit_code == 0, got_s.output
    got_s = json.loads(got_s.stdout)
    assert got_s == want_s and got_s["notes"] == [] and got_s["year"] == 2010


def test_cli_closeness_build_v2_is_the_use_case(tmp_path, mirror, monkeypatch):
    """`amity closeness-build --method v2` writes the table through amity.app.closeness."""
    import json

    from typer.testing import CliRunner

    from amity import store
    from amity.app import closeness as app_closeness
    from amity.cli import app

    calls = []
    real = app_closeness.build_v2

    def spy(con, start=None, end=None, mirror=None, **kw):
        calls.append((start, end))
        return real(con, start, end, mirror, **kw)

    monkeypatch.setattr(app_closeness, "build_v2", spy)
    db = tmp_path / "c.duckdb"
    res = CliRunner().invoke(app, ["closeness-build", "--method", "v2", "--from", "1990",
                                   "--to", "1990", "--db", str(db), "--mirror", str(mirror),
                                   "--json"])
    assert res.exit_code == 0, res.output
    info = json.loads(res.stdout)
    assert calls == [(1990, 1990)]
    assert info["table"] == "closeness_dyad_year" and info["from"] == info["to"] == 1990
    con = store.connect(db, read_only=True)
    n = con.execute("SELECT count(*), min(year), max(year) FROM closeness_dyad_year").fetchone()
    con.close()
    assert n[0] == info["rows"] > 10_000 and n[1:] == (1990, 1990)
