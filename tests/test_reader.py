"""Tests of the reader (amity.reader): dates, actors, treaties, events, contract, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from amity.reader.dates import find_dates, shift, year_bounds

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def read():
    """The reader with its spaCy model loaded once for the module."""
    from amity.reader import extract
    from amity.reader.nlp import load_nlp

    load_nlp()
    return extract


def _dates(text, doc_date=None):
    return [(m.text, m.edtf) for m in find_dates(text, doc_date)]


# -- dates (pure) ------------------------------------------------------------------------

def test_decades_and_ranges():
    assert _dates("in the 1950s") == [("the 1950s", "195X")]
    assert _dates("From the 1960s to most of the 1980s, they quarrelled.")[0][1] == "196X/198X"
    assert _dates("between 2018 and 2019")[0][1] == "2018/2019"
    assert _dates("from the 1950s to 1991")[0][1] == "195X/1991"


def test_full_partial_and_parenthesised_dates():
    got = dict(_dates("Signed on 4 February 2022, on February 4, 2022, in March 2023 and "
                      "at Aigun (1858); ISO 2022-02-04."))
    assert got["4 February 2022"] == "2022-02-04"
    assert got["February 4, 2022"] == "2022-02-04"
    assert got["March 2023"] == "2023-03"
    assert got["1858"] == "1858"
    assert got["2022-02-04"] == "2022-02-04"


def test_numbers_that_are_not_years():
    assert _dates("It sent 1500 troops and 2,000 tanks.") == []


def test_relative_dates_against_the_text_and_the_document():
    got = _dates("Russia recognised them on 21 February 2022. Three days later, it invaded. "
                 "A few days prior to the games, they met. One year later, more.")
    assert got[1] == ("Three days later", "2022-02-24")
    assert got[2] == ("A few days prior", "2022-02")      # vague: month precision
    assert got[3] == ("One year later", "2023")
    assert _dates("At present, sanctions bite; last year they did not.", "2024-05-16") == [
        ("At present", "2024-05-16"), ("last year", "2023")]
    # 16 May 2024 was a Thursday: "on Tuesday" is the 14th
    assert _dates("Pyongyang fired missiles on Tuesday.", "2024-05-16") == [("on Tuesday", "2024-05-14")]
    assert _dates("At present, nothing.") == [("At present", None)]  # no document date


def test_shift_keeps_the_anchor_precision():
    assert shift("1961-07", -3, "day", vague=True) == "1961-07"
    assert shift("2022-02-04", -3, "day", vague=True) == "2022-02"
    assert shift("2022-02-04", 3, "day") == "2022-02-07"
    assert shift("1972", 1, "year") == "1973"
    assert year_bounds("195X") == (1950, 1959)
    assert year_bounds("196X/198X") == (1960, 1989)


# -- treaties ----------------------------------------------------------------------------

def test_treaty_year_in_parentheses_and_historical_parties(read):
    out = read("The Treaty of Aigun (1858) moved the border between Tsarist Russia and "
               "Qing China to the Amur River.")
    [t] = out["treaties"]
    assert t["name"] == "Treaty of Aigun" and t["date"] == "1858"
    assert t["parties"] == ["CHN-QING", "RUS-EMPIRE"]
    assert "border" in t["obligations"]
    s, e = t["span"]
    assert out["treaties"][0]["text"][s:e] == "Treaty of Aigun"


def test_treaty_parties_from_a_prefix_name_and_obligations(read):
    out = read("The 1950 Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance "
               "bound Moscow and Beijing to defend each other.")
    [t] = out["treaties"]
    assert t["date"] == "1950" and t["parties"] == ["CHN", "SUN"]
    assert {"defense", "friendship"} <= set(t["obligations"])


def test_negated_obligation(read):
    out = read("In 2000 Moscow and Pyongyang signed a new friendship treaty that was not of an "
               "alliance character.")
    [t] = out["treaties"]
    assert t["parties"] == ["PRK", "RUS"] and t["date"] == "2000"
    assert t["negated_obligations"] == ["defense"] and "defense" not in t["obligations"]
    assert t["obligations"] == ["friendship"]


# -- events ------------------------------------------------------------------------------

def test_joint_signature_is_one_event_with_parties(read):
    out = read("China and Russia signed the Treaty of Good-Neighborliness and Friendly "
               "Cooperation in 2001.")
    [e] = out["events"]
    assert e["source"] is None and e["target"] is None and e["parties"] == ["CHN", "RUS"]
    assert (e["cameo"], e["plover"], e["goldstein"], e["date"]) == ("057", "SUPPORT", 8.0, "2001")
    assert e["treaty"] == "Treaty of Good-Neighborliness and Friendly Cooperation"


def test_sanctions_list_expands_to_directed_events(read):
    out = read("The EU, Australia, Canada, Japan, the UK and the US imposed sanctions on Russia.",
               date="2022-03-01")
    pairs = sorted((e["source"], e["target"]) for e in out["events"])
    assert pairs == [(s, "RUS") for s in sorted(["EU", "AUS", "CAN", "JPN", "GBR", "USA"])]
    assert {(e["cameo"], e["plover"], e["goldstein"], e["date"]) for e in out["events"]} == {
        ("163", "COERCE", -8.0, "2022-03-01")}


def test_negation_and_reported_speech(read):
    out = read("Beijing neither condemns nor endorses the war, officials insist.")
    assert {(e["source"], e["plover"], e["negated"], e["reported"]) for e in out["events"]} == {
        ("CHN", "ACCUSE", True, True), ("CHN", "SUPPORT", True, True)}


def test_hedging(read):
    [e] = read("North Korea reportedly shipped artillery shells to Russia.")["events"]
    assert (e["source"], e["target"], e["plover"], e["hedged"]) == ("PRK", "RUS", "AID", True)


def test_capital_metonyms_are_date_aware(read):
    [e] = read("In 1960 Moscow condemned Washington.")["events"]
    assert (e["source"], e["target"]) == ("SUN", "USA")
    [e] = read("In 2015 Moscow condemned Washington.")["events"]
    assert (e["source"], e["target"]) == ("RUS", "USA")
    [e] = read("The Soviet Union invaded Afghanistan in December 1979.")["events"]
    assert (e["source"], e["target"], e["date"], e["plover"]) == ("SUN", "AFG", "1979-12", "ASSAULT")


def test_group_reference_and_paragraph_date(read):
    out = read("Putin arrived in Beijing on 16 May 2024. The two leaders pledged to deepen "
               "military cooperation.")
    joint = [e for e in out["events"] if e["parties"]]
    assert joint and joint[0]["parties"] == ["CHN", "RUS"] and joint[0]["date"] == "2024-05-16"
    assert joint[0]["plover"] == "AGREE"


def test_pronoun_is_the_speaker(read):
    out = read("The Chinese foreign ministry said Beijing would never sell weapons to either "
               "side. Russia said it would deploy troops to Belarus.")
    dep = [e for e in out["events"] if e["cameo"] == "154"]
    assert dep and (dep[0]["source"], dep[0]["target"], dep[0]["reported"]) == ("RUS", "BLR", True)


def test_requested_acts_are_not_events(read):
    out = read("Beijing demanded that Washington withdraw the sanctions.")
    assert [(e["source"], e["target"], e["plover"]) for e in out["events"]] == [
        ("CHN", "USA", "REQUEST")]


def test_contract_keys_and_spans(read):
    text = "Russia annexed Crimea in March 2014. NATO condemned the annexation."
    out = read(text)
    keys = {"source", "target", "parties", "date", "plover", "cameo", "goldstein", "treaty",
            "negated", "span", "text"}
    assert out["events"]
    for e in out["events"]:
        assert keys <= set(e)
        s, t = e["span"]
        assert text[s:t] == e["text"]
    first = out["events"][0]
    assert (first["source"], first["target"], first["plover"], first["date"]) == (
        "RUS", "UKR", "COERCE", "2014-03")


# -- the op-ed example (the 'done when') ----------------------------------------

def test_oped_example(read):
    from amity.reader.inputs import read_document

    out = read(read_document(ROOT / "examples" / "oped.txt"), date="2025-06-01")
    tr = {t["name"]: t for t in out["treaties"]}
    assert tr["Treaty of Good-Neighborliness and Friendly Cooperation"]["date"] == "2001"
    assert tr["Treaty of Good-Neighborliness and Friendly Cooperation"]["parties"] == ["CHN", "RUS"]
    assert tr["Treaty on Comprehensive Strategic Partnership"]["date"] == "2024-06-19"
    assert tr["Treaty on Comprehensive Strategic Partnership"]["parties"] == ["PRK", "RUS"]
    assert "defense" in tr["Treaty on Comprehensive Strategic Partnership"]["obligations"]
    assert tr["Treaty of Aigun"]["parties"] == ["CHN-QING", "RUS-EMPIRE"]
    ev = {(e["date"], e["source"], e["target"], tuple(e["parties"]), e["plover"]) for e in out["events"]}
    assert ("2023-09-13", None, None, ("PRK", "RUS"), "CONSULT") in ev
    assert ("1969", None, None, ("CHN", "SUN"), "ASSAULT") in ev
    assert all(e["date"] for e in out["events"])


# -- gold set and evaluation ---------------------------------------------------------------

def test_gold_set_is_large_and_split_once():
    from amity.reader.goldset import half, load, parse

    items = parse()
    n_sent = sum(it["text"].count(". ") + 1 for it in items)
    assert len(items) >= 200 and n_sent >= 250
    dev, test = load("dev"), load("test")
    assert len(dev) + len(test) == len(items)
    assert not {i["text"] for i in dev} & {i["text"] for i in test}
    assert all(half(i) == "test" for i in test) and all(half(i) == "dev" for i in dev)


def test_score_by_hand():
    from amity.reader.evaluate import score

    gold = [{"id": 1, "events": [
        {"source": "USA", "target": "RUS", "parties": [], "plover": "COERCE", "date": "2022"},
        {"source": None, "target": None, "parties": ["CHN", "RUS"], "plover": "SUPPORT", "date": "2001"}],
        "treaties": [{"name": "Treaty of Aigun", "date": "1858", "parties": ["CHN-QING", "RUS-EMPIRE"]}]}]
    pred = {1: {"events": [
        {"source": "USA", "target": "RUS", "parties": [], "plover": "ACCUSE", "date": "2022"}],
        "treaties": [{"name": "the Treaty of Aigun", "date": "1858", "parties": ["RUS-EMPIRE"]}]}}
    r = score(gold, pred)
    # actors: gold USA,RUS,CHN,RUS (4); predicted USA,RUS (2); both match -> P 1, R 0.5
    assert r["fields"]["actors"]["precision"] == 1.0 and r["fields"]["actors"]["recall"] == 0.5
    # plover: COERCE,SUPPORT vs ACCUSE -> 0 true positives
    assert r["fields"]["plover"]["tp"] == 0 and r["fields"]["plover"]["f1"] == 0.0
    # date: 2022 matches, 2001 missed -> P 1, R 0.5, F1 2/3
    assert r["fields"]["date"]["f1"] == pytest.approx(0.667, abs=1e-3)
    assert r["fields"]["treaty"]["f1"] == 1.0 and r["fields"]["treaty date"]["tp"] == 1
    assert r["fields"]["treaty parties"]["tp"] == 0
    assert r["confusion"]["COERCE -> ACCUSE"] == 1 and r["confusion"]["SUPPORT -> (none)"] == 1


# -- bad input -----------------------------------------------------------------------------

def test_bad_files(tmp_path, monkeypatch):
    from amity.errors import InputError
    from amity.reader import inputs

    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Russia and China met.\nCaf\xe9 talks.".encode("cp1252"))
    big = tmp_path / "big.txt"
    big.write_text("Russia met China. " * 1000)
    monkeypatch.setattr(inputs, "MAX_BYTES", 10_000)
    for path, words in [(empty, "empty"), (binary, "binary"), (latin, "UTF-8"),
                        (big, "limit"), (tmp_path / "missing.txt", "no such file")]:
        with pytest.raises(InputError) as ei:
            inputs.read_document(path)
        assert words in str(ei.value) and str(path) in str(ei.value)
    with pytest.raises(InputError) as ei:
        inputs.read_document(latin)
    assert ei.value.line == 2
    with pytest.raises(InputError):
        inputs.check_date("2022-13-01")


def test_other_languages_are_refused_by_name():
    from amity.errors import InputError
    from amity.reader import inputs

    # own sentences; the check is function words (no model, no network)
    german = "Die Regierung hat am Montag beschlossen, dass sie die Gespräche mit dem Nachbarland nicht fortsetzt."
    french = "Le ministre a déclaré que les deux pays ne signeront pas cet accord avant la fin du mois."
    spanish = "El gobierno anunció que las conversaciones con sus vecinos se han suspendido por ahora."
    russian = "Правительство заявило, что переговоры будут продолжены на следующей неделе."
    for text, lang in [(german, "de"), (french, "fr"), (spanish, "es"), (russian, "ru")]:
        assert inputs.detect_language(text) == lang
        with pytest.raises(InputError) as ei:
            inputs.check_text(text, line=3)
        assert f"language '{lang}' is not supported" in str(ei.value) and ei.value.line == 3
    # English, English quoting a foreign name, and text too short to tell pass
    for text in ["Der Spiegel reported that Germany and France held talks with Poland on Monday.",
                 "The two governments said the treaty of 2001 is still in force.", "Merci."]:
        assert inputs.detect_language(text) is None
        assert inputs.check_text(text) == text


def test_dash_reads_standard_input_with_the_same_limits(monkeypatch):
    import io

    from amity.errors import InputError
    from amity.reader import inputs

    assert inputs.read_document("-", stdin=io.BytesIO(b"Japan met China on Monday.\n")) == (
        "Japan met China on Monday.\n")
    monkeypatch.setattr(inputs, "MAX_BYTES", 100)
    for data, words in [(b"", "empty"), (b"Japan met China. " * 20, "limit of 100 bytes")]:
        with pytest.raises(InputError) as ei:
            inputs.read_document("-", stdin=io.BytesIO(data))
        assert words in str(ei.value) and "<stdin>" in str(ei.value)


def test_html_is_reduced_to_article_text(tmp_path, read):
    from amity.reader.inputs import read_document

    page = tmp_path / "a.html"
    page.write_text("<html><head><title>x</title><script>var a=1;</script></head><body>"
                    "<nav>Home | World</nav><article><h1>Talks</h1><p>Russia and China held "
                    "talks in Beijing in May 2024.</p><p>The two countries pledged to deepen "
                    "cooperation.</p></article><footer>Copyright</footer></body></html>")
    text = read_document(page)
    assert "var a" not in text and "Russia and China held talks" in text
    ev = read(text)["events"]
    assert any(e["parties"] == ["CHN", "RUS"] and e["plover"] == "CONSULT" for e in ev)


# -- CLI and store ---------------------------------------------------------------------------

def _cli(args):
    from typer.testing import CliRunner

    from amity.cli import app

    return CliRunner().invoke(app, args)


def test_cli_extract_json_and_errors(tmp_path, tmp_db, read):
    r = _cli(["extract", str(ROOT / "examples" / "oped.txt"), "--date", "2025-06-01", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {"events", "treaties"} <= set(out) and out["treaties"]
    empty = tmp_path / "e.txt"
    empty.write_text("")
    from amity.cli import main

    with pytest.raises(SystemExit) as ei:
        main(["extract", str(empty)])
    assert ei.value.code != 0
    with pytest.raises(SystemExit) as ei:
        main(["extract", str(ROOT / "examples" / "oped.txt"), "--date", "yesterday"])
    assert ei.value.code != 0


def test_cli_jsonl_skips_malformed_lines(tmp_path, tmp_db, read, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a", "text": "Japan condemned North Korea's missile launch.", "date": "2023-04-13"}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "text": "China and India clashed in June 2020."}),
        json.dumps(["a list"]),
        '{"id": "d", "text": ' + "[" * 5000 + "]" * 5000 + "}",
        json.dumps({"id": "e", "text": "Die Regierung hat beschlossen, dass sie die Gespräche mit dem Nachbarland nicht fortsetzt."}),
        json.dumps({"id": "f", "text": "Japan met China on Monday."}),
    ]) + "\n")
    dst = tmp_path / "out.jsonl"
    from amity.cli import main

    with pytest.raises(SystemExit) as ei:
        main(["extract", "--jsonl", str(src), "--out", str(dst)])
    assert ei.value.code == 0
    err = capsys.readouterr().err
    assert "line 2" in err and "line 3" in err and "line 5" in err
    assert "line 6: JSON nested deeper than 64 levels" in err
    assert "line 7" in err and "language 'de' is not supported" in err
    lines = [json.loads(x) for x in dst.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["a", "c", "f"]
    assert lines[0]["events"][0]["source"] == "JPN" and lines[0]["events"][0]["target"] == "PRK"
    assert lines[0]["events"][0]["date"] == "2023-04-13"
    assert lines[1]["events"][0]["parties"] == ["CHN", "IND"]


def test_store_twice_adds_nothing_and_merges_known_facts(tmp_path, read):
    from amity.reader.merge import store_result
    from amity.store import connect, write_relations

    con = connect(tmp_path / "s.duckdb")
    # a fact already known from a curated source
    write_relations(con, [{"kind": "sanction", "date": "2022-02-28", "year_start": 2022,
                           "year_end": 2022, "source_actor": "JPN", "target_actor": "RUS",
                           "parties": ["JPN", "RUS"], "prov_kind": "curated",
                           "prov_ref": "test: Japan sanctions"}], kind="curated", source="test")
    text = ("China and Russia signed the Treaty of Good-Neighborliness and Friendly Cooperation "
            "in 2001. In March 2022, Japan and the US imposed sanctions on Russia. "
            "Japan did not recognize the annexation.")
    res = read(text)
    first = store_result(con, res, text=text, source="doc.txt")
    assert first["inserted"] == 2          # the treaty and the US sanctions
    assert first["merged"] == 1            # Japan's sanctions were known
    assert first["skipped"]["negated"] == 1
    n = con.execute("SELECT count(*) FROM relations").fetchone()[0]
    ev = con.execute("SELECT count(*) FROM reader_evidence").fetchone()[0]
    second = store_result(con, res, text=text, source="doc.txt")
    assert second["inserted"] == 0 and second["evidence"] == 0
    assert con.execute("SELECT count(*) FROM relations").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM reader_evidence").fetchone()[0] == ev
    row = con.execute("SELECT prov_kind, prov_ref, parties, year_start FROM relations "
                      "WHERE kind = 'treaty'").fetchone()
    assert row[0] == "document" and row[1].startswith("doc:") and row[2] == ["CHN", "RUS"]
    assert row[3] == 2001
    con.close()


# -- never a crash ---------------------------------------------------------------------------

_WORDS = ("China Russia signed treaty Treaty of the in 1950 1960s condemned not neither nor it "
          "they Moscow Beijing , . ( ) and sanctions on imposed later years a few days prior to "
          "withdrew from the two countries Sino - Soviet (1858) at present").split()


def test_word_soup_never_crashes(read):
    import os

    from hypothesis import HealthCheck, given, settings, strategies as st

    from amity.errors import InputError

    n = int(os.environ.get("AMITY_FUZZ_EXAMPLES", 40))

    @settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=40), st.text(max_size=30))
    def check(words, noise):
        try:
            out = read(" ".join(words) + noise, date="2024-01-01")
        except InputError:
            return
        for e in out["events"]:
            assert e["source"] or e["parties"]
            assert e["date"] is None or e["date"][:1].isdigit()

    check()


def test_extract_many_keeps_order_and_reports_bad_items(read):
    from amity.reader import extract_many

    out = list(extract_many(["Russia invaded Ukraine in 2022.", {"id": "x", "text": ""}, 5,
                             {"id": "y", "text": "Japan met China.", "date": "bad"},
                             {"id": "z", "text": "Japan met China.", "date": "2023-05"}], batch=2))
    assert [o["id"] for o in out] == [0, "x", 2, "y", "z"]
    assert out[0]["events"][0]["plover"] == "ASSAULT" and "error" not in out[0]
    assert "empty" in out[1]["error"] and "date" in out[3]["error"] and "error" in out[2]
    assert out[4]["events"][0]["parties"] == ["CHN", "JPN"] and out[4]["events"][0]["date"] == "2023-05"


def test_merge_across_a_lineage(tmp_path, read):
    """'Russia' and 'China' in a 1689 text match a stored treaty of the Tsardom and the Qing."""
    from amity.reader.merge import store_result
    from amity.store import connect, write_relations

    con = connect(tmp_path / "l.duckdb")
    write_relations(con, [{"kind": "treaty", "date": "1689-09-07", "year_start": 1689,
                           "year_end": 1689, "parties": ["CHN-QING", "RUS-TSARDOM"],
                           "name": "Treaty of Nerchinsk", "prov_kind": "curated",
                           "prov_ref": "test: Nerchinsk"}], kind="curated", source="test")
    text = "The Treaty of Nerchinsk (1689) was the first treaty between Russia and China."
    res = store_result(con, read(text), text=text, source="t.txt")
    assert (res["inserted"], res["merged"], res["evidence"]) == (0, 1, 1)
    con.close()


def test_a_definite_object_points_back_at_the_last_act(read):
    out = read("Russia proposed a ceasefire plan in March 2023. Kyiv rejected the plan.")
    rej = [e for e in out["events"] if e["plover"] == "REJECT"]
    assert [(e["source"], e["target"], e["date"]) for e in rej] == [("UKR", "RUS", "2023-03")]


def test_every_reader_id_is_in_the_registry():
    from amity import actors
    from amity.reader import gazetteer
    from amity.reader.actors import PLACES

    ids = {i for f in gazetteer.forms() for _, _, i in f.ids}
    ids |= set(PLACES.values()) | set(gazetteer.PREFIXES.values())
    missing = []
    for i in sorted(ids):
        try:
            actors.get(i)
        except Exception:
            missing.append(i)
    assert missing == []
