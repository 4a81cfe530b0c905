"""The brief: the summary writer on hand-made numbers, the HTML report from a real store, the
`amity brief` and `amity demo` commands."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.report.brief import (_level, _merge_periods, brief_summary, brief_text,
                                positive_since)

runner = CliRunner()


def test_positive_since_by_hand():
    s = [(2000, -0.2), (2001, 0.1), (2002, 0.3), (2003, 0.0), (2004, 0.2), (2005, 0.4)]
    assert positive_since(s) == 2004  # 2003 is not positive
    assert positive_since(s[:3]) == 2001
    assert positive_since(s[:4]) is None
    assert positive_since([]) is None


def test_level_words():
    assert [_level(v) for v in (0.87, 0.35, 0.2, 0.0, -0.2, -0.5, -0.9, None)] == [
        "very close", "close", "mildly positive", "neutral", "cool", "hostile",
        "very hostile", "unmeasured"]


def test_merge_periods_drops_short_spells_and_joins_equal_neighbours():
    per = [{"start": 1949, "end": 1958, "pattern": "stable_marriage", "pivot": None},
           {"start": 1959, "end": 1959, "pattern": "incomplete", "pivot": None},
           {"start": 1960, "end": 1962, "pattern": "stable_marriage", "pivot": None},
           {"start": 1963, "end": 1970, "pattern": "unit_veto", "pivot": None}]
    out = _merge_periods(per)
    assert [(p["start"], p["end"], p["pattern"]) for p in out] == [
        (1949, 1962, "stable_marriage"), (1963, 1970, "unit_veto")]


def _synthetic() -> dict:
    series = [(2000, -0.2), (2001, 0.1), (2002, 0.3), (2003, 0.5), (2004, 0.45), (2005, 0.6)]
    return {
        "names": {"AAA": "Alpha", "BBB": "Beta", "CCC": "Gamma", "DDD": "Delta"},
        "actors": ["AAA", "BBB", "CCC"], "span": [2000, 2005], "notes": [],
        "focus": {"span": [2000, 2005],
                  "series": [{"year": y, "closeness": v} for y, v in series],
                  "phases": [{"start": 2000, "end": 2001, "label": "estrangement",
                              "mean": -0.05, "trend": 0.3},
                             {"start": 2002, "end": 2005, "label": "alliance", "mean": 0.4625,
                              "trend": 0.09}]},
        "compare_pair": ["DDD", "BBB"],
        "compare": {"span": [2000, 2005], "ranking": [
            {"pair": "DDD-BBB", "rank": 1, "steadiness_rank": 1, "volatility": 0.05,
             "sign_changes": 0, "share_positive": 1.0, "mean": 0.5,
             "worst_year": {"year": 2003, "value": 0.41}},
            {"pair": "AAA-BBB", "rank": 2, "steadiness_rank": 2, "volatility": 0.3,
             "sign_changes": 1, "share_positive": 5 / 6, "mean": 0.2917,
             "worst_year": {"year": 2000, "value": -0.2}}]},
        "triangle": {"band": 0.1, "periods": [
            {"start": 2000, "end": 2002, "pattern": "stable_marriage", "pivot": None,
             "roles": {"AAA": "partner", "BBB": "partner", "CCC": "outcast"}},
            {"start": 2003, "end": 2005, "pattern": "romantic_triangle", "pivot": "BBB",
             "roles": {"AAA": "wing", "BBB": "pivot", "CCC": "wing"}}],
            "years": [{"year": 2005, "pattern": "romantic_triangle", "pivot": "BBB",
                       "outcast": None, "legs": {"AAA-BBB": 0.6, "AAA-CCC": -0.4,
                                                 "BBB-CCC": 0.3}}]},
        "pairs": [{"alliance": {"answer": "No: no treaty in force carries a defense "
                                          "obligation.", "allied_now": False}}],
        "coalition": {"target": {"id": "BBB", "name": "Beta"}, "year": 2022,
                      "senders": [{"id": "USA", "via": [], "notable": ["G7 member"]},
                                  {"id": "DEU", "via": ["EU"], "notable": ["G7 member"]},
                                  {"id": "MLT", "via": ["EU"]}],
                      "abstainers_of_note": [{"id": "AAA", "name": "Alpha",
                                              "declined": True},
                                             {"id": "IND", "name": "India"}]},
    }


def test_summary_is_written_from_the_numbers():
    paras = brief_summary(_synthetic())
    text = "\n".join(paras)
    # how close, since when, the current phase, high and low points
    assert "in 2005, Alpha and Beta stood at +0.60" in paras[0]
    assert "very close" in paras[0]
    assert "positive every year since 2001 (5 years)" in paras[0]
    assert "“alliance”, began in 2002 (mean +0.46, trend +0.090 a year)" in paras[0]
    assert "high point was +0.60 in 2005, its low -0.20 in 2000" in paras[0]
    # steadiness against the compared pair
    assert "less steady than Delta–Beta" in text
    assert "volatility 0.300 against 0.050, 1 sign changes against 0" in text
    assert "positive in 83% of years against 100%" in text
    # the triangle by period, the pivot now
    assert "2000–2002 stable marriage, CCC the outcast" in text
    assert "2003–2005 romantic triangle, BBB the pivot" in text
    assert "In 2005 it is a romantic triangle with Beta as the pivot" in text
    # alliance answer with the caveat on the phase label
    assert "Is it an alliance? No:" in text and "names the level of closeness" in text
    # who sanctions
    assert "3 states sanctioned it in 2022, among them USA, DEU (some through EU)" in text
    assert "Alpha (declined openly), India" in text
    assert brief_text(_synthetic()).startswith("Amity brief: Alpha – Beta – Gamma (2000–2005)")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    from amity import store
    from amity.knowledge import load_curated

    p = tmp_path_factory.mktemp("brief") / "brief.duckdb"
    con = store.connect(p)
    load_curated(con)
    con.close()
    return p


@pytest.mark.slow
def test_brief_command_writes_an_offline_report(store_path, tmp_path):
    out = tmp_path / "brief.html"
    r = runner.invoke(app, ["brief", "CHN", "RUS", "USA", "--compare", "PRK-RUS", "--from",
                            "2010", "--to", "2022", "--out", str(out), "--db", str(store_path),
                            "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["out"] == str(out) and d["actors"] == ["CHN", "RUS", "USA"]
    assert d["span"] == [2010, 2022]
    assert any(p.startswith("How close: in 2022, China and Russia") for p in d["summary"])
    assert any("North Korea" in p for p in d["summary"])
    html = out.read_text()
    assert html.count("<svg") == 3                      # focus pair, comparison, triangle
    # self-contained: no script, no stylesheet or image fetched from anywhere
    assert "<script" not in html and "<link" not in html
    assert 'src="http' not in html and "src='http" not in html
    assert "Is it an alliance?" in html
    assert "Treaty of Good-Neighbourliness" in html      # the treaty table
    assert "Who sanctions Russia (2022)" in html
    refs = html.split("<h2>References</h2>")[1]
    assert refs.count("<li>") >= 3
    # the JSON carries the same treaty answers the knowledge layer gives
    from amity import store
    from amity.report.summary import alliance_status

    con = store.connect(store_path, read_only=True)
    try:
        assert d["pairs"][0]["alliance"]["answer"] == alliance_status("CHN", "RUS", con)["answer"]
    finally:
        con.close()


def test_brief_bad_input(store_path, tmp_path):
    r = runner.invoke(app, ["brief", "CHN", "RUS", "--db", str(store_path)])
    assert r.exit_code != 0 and "three actors" in str(r.exception)
    r = runner.invoke(app, ["brief", "CHN", "RUS", "USA", "--out", str(tmp_path / "b.pdf"),
                            "--db", str(store_path)])
    assert r.exit_code != 0 and "html" in str(r.exception)
    r = runner.invoke(app, ["brief", "CHN", "RUS", "Narnia", "--db", str(store_path),
                            "--out", str(tmp_path / "b.html")])
    assert r.exit_code != 0 and "did you mean" in str(r.exception)
    r = runner.invoke(app, ["brief", "CHN", "RUS", "USA", "--compare", "RUS-CHN",
                            "--db", str(store_path), "--out", str(tmp_path / "b.html")])
    assert r.exit_code != 0 and "focus pair" in str(r.exception)


@pytest.mark.slow
def test_demo_writes_the_brief_and_prints_the_summary(tmp_path):
    out = tmp_path / "brief.html"
    db = tmp_path / "demo.duckdb"
    r = runner.invoke(app, ["demo", "--curated-only", "--db", str(db), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "used: embedded curated layer" in r.stdout
    assert "How close: in" in r.stdout and "China and Russia" in r.stdout
    assert f"brief written to {out}" in r.stdout
    assert out.is_file() and "<svg" in out.read_text()


def test_brief_json_without_out_writes_no_file(store_path, tmp_path, monkeypatch):
    """`amity brief --json` used to overwrite ./brief.html: with --json and no --out it only
    prints the JSON (out is null); the summary is the same one a written brief carries."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "brief.html").write_text("mine")
    r = runner.invoke(app, ["brief", "CHN", "RUS", "USA", "--compare", "", "--from", "2015",
                            "--to", "2020", "--no-charts", "--db", str(store_path), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["out"] is None
    assert (tmp_path / "brief.html").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]
    assert any(p.startswith("How close:") for p in d["summary"])


def test_demo_curated_only_reads_no_dataset_file(tmp_path, monkeypatch):
    """Issue 16: `amity demo --curated-only` said "datasets not requested" and still read
    alliances, votes and ideal points from the mirror. Now no mirror file is opened and
    nothing is downloaded, even with a mirror configured."""
    import importlib

    from amity import config

    F = importlib.import_module("amity.sources.fetch")

    read: list[str] = []
    real_verify, real_download = F.verify, F._download
    monkeypatch.setattr(F, "verify", lambda p, *a, **k: (read.append(str(p)),
                                                         real_verify(p, *a, **k))[1])
    monkeypatch.setattr(F, "_download", lambda src, spec, *a, **k: (
        read.append(f"download {src.name}"), real_download(src, spec, *a, **k))[1])
    mirror = config.mirror_dir()
    assert mirror is not None, "this test needs the data mirror (AMITY_MIRROR)"
    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["demo", "--curated-only", "--db", str(tmp_path / "c.duckdb"),
                                 "--out", str(tmp_path / "b.html"), "--json"])
    assert r.exit_code == 0, r.output
    assert read == []
    got = json.loads(r.stdout)
    assert got["used"] == "embedded curated layer only"
    assert got["datasets"]["loaded"] is False
    assert (tmp_path / "b.html").is_file()


def test_summary_lists_the_same_phases_as_the_table():
    """Issue 16: the summary listed only phases of three years or more (its table, and
    `amity dyad`, had the short ones too), and called the second of two 'close alignment'
    phases the start of the current one."""
    data = _synthetic()
    data["focus"]["phases"] = [
        {"start": 2000, "end": 2000, "label": "rivalry", "mean": -0.2, "trend": 0.0},
        {"start": 2001, "end": 2002, "label": "close alignment", "mean": 0.2, "trend": 0.2},
        {"start": 2003, "end": 2005, "label": "close alignment", "mean": 0.52, "trend": 0.05}]
    text = "\n".join(brief_summary(data))
    assert ("The phases since 2000: 2000–2000 rivalry (-0.20); 2001–2002 close alignment "
            "(+0.20); 2003–2005 close alignment (+0.52).") in text
    assert "began in 2003 (mean +0.52, trend +0.050 a year); “close alignment” has held " \
           "since 2001." in text


def test_summary_says_when_its_last_year_rests_on_one_input():
    """Issue 16: a year resting on a single surviving input (USA-GBR 2025 = +1.00 from the
    alliance term alone) was shown like any other; the brief now says so."""
    data = _synthetic()
    data["focus"]["series"][-1].update(thin=True, components={"alliance": 1.0})
    assert ("That figure rests on a single input (alliance): the other sources do not reach "
            "2005.") in brief_summary(data)[0]
    assert "single input" not in brief_summary(_synthetic())[0]
