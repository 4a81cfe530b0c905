"""Issue 19: the reader's work is bounded at the faces. A 900,000-character sentence ran past
300 s with no word to the user; now a sentence over the limit is refused before reading, a
document over its time budget is given up naming the budget, and --jsonl goes on."""
from __future__ import annotations

import json

import pytest

from amity.app import reading
from amity.cli import main

LONG = "Russia condemned Ukraine and China praised India, " * 400   # 20,000 chars, no end


def test_longest_sentence_is_found_between_sentence_ends():
    text = "Short one. " + "x" * 50 + "! Then\n" + "y" * 20
    start, n = reading.longest_sentence(text)
    assert (start, n) == (10, 51)          # " xxx...": from after "one." to the "!"


def test_a_sentence_over_the_limit_is_refused_before_reading(tmp_path, capsys):
    f = tmp_path / "huge.txt"
    f.write_text("Russia condemned Ukraine. " + LONG + ".")
    with pytest.raises(SystemExit) as ex:
        main(["extract", str(f)])
    assert ex.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "a sentence of 20,001 characters (from character 25)" in err[0]  # the space too
    assert "at most 10,000" in err[0] and "AMITY_READER_MAX_SENTENCE" in err[0]
    assert str(f) in err[0]


def test_a_document_over_its_time_budget_is_given_up_by_name(tmp_path, capsys):
    f = tmp_path / "long.txt"
    f.write_text("Russia condemned Ukraine. China praised India. " * 3000)
    with pytest.raises(SystemExit) as ex:
        main(["extract", str(f), "--time-budget", "0.2"])
    assert ex.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "took longer than the time budget of 0.2 s" in err[0]


def test_jsonl_skips_a_line_over_a_limit_and_reads_the_others(tmp_path, capsys):
    f = tmp_path / "in.jsonl"
    lines = [{"id": "a", "text": "Russia condemned Ukraine on 3 March 2022."},
             {"id": "b", "text": LONG},
             {"id": "c", "text": "China praised India on 4 May 2021."}]
    f.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = tmp_path / "out.jsonl"
    with pytest.raises(SystemExit) as ex:
        main(["extract", "--jsonl", str(f), "--out", str(out)])
    assert ex.value.code == 0
    got = [json.loads(x) for x in out.read_text().splitlines()]
    assert [g["id"] for g in got] == ["a", "c"]
    assert got[0]["events"] and got[1]["events"]
    err = capsys.readouterr().err
    assert f"skipped: {f}:2" in err.replace("\n", " ") or f"{f}, line 2" in err
    assert "a sentence of 20,000 characters" in err
    assert "read 2 documents; 1 lines skipped" in err


def test_jsonl_line_over_the_budget_is_skipped_alone(monkeypatch):
    """A chunk over the budget is read again line by line (each in a forked child): only
    the slow line is lost."""
    import time

    import amity.reader as reader

    real = reader.extract_many

    def slow_on_b(items, batch=64):
        items = list(items)
        if any(it["id"] == "b" for it in items):
            time.sleep(1.0)
        return real(items, batch=batch)

    monkeypatch.setattr(reader, "extract_many", slow_on_b)
    items = [{"id": k, "text": t} for k, t in (("a", "Russia condemned Ukraine."),
                                                ("b", "China praised India."),
                                                ("c", "France met Germany."))]
    got = list(reading.read_many_bounded(items, budget=0.5))
    assert [g["id"] for g in got] == ["a", "b", "c"]
    assert "error" not in got[0] and "error" not in got[2]
    assert "took longer than the time budget of 0.5 s" in got[1]["error"]
    assert got[1]["events"] == []
