"""Fuzzing the other doors into the store: the curated loader, the reader's JSONL input (and
``amity extract --jsonl``), and event-file ingest (GDELT 1.0/2.0 exports, R re-exports,
ICEWS tab files).

Outcome: the write happens, or a typed Amity error names the file (and, for row errors, the
line and field); bad event rows go to the quarantine with their reason. Never an untyped
exception, never a half-written store.
"""
from __future__ import annotations

import csv
import io
import json
import tempfile
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amity import store
from amity.errors import AmityError, InputError
from amity.reliability.fuzz import (
    FUZZ,
    HUGE,
    NASTY,
    Crash,
    assert_located,
    assert_rejects,
    head_bytes,
    mutated_bytes,
    outcome,
)

pytestmark = pytest.mark.fuzz

CURATED = Path(str(resources.files("amity") / "data" / "curated"))


def _curated_seed(name: str, rows: int = 25) -> bytes:
    return head_bytes(CURATED / name, rows + 1)


# --------------------------------------------------------------------------- curated loader

@st.composite
def curated_cells(draw, seed: bytes) -> bytes:
    """The seed CSV with 1-4 cells replaced by odd values (dates, actors, obligations...)."""
    rows = list(csv.reader(io.StringIO(seed.decode("utf-8"))))
    header = rows[0]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(1, max(1, len(rows) - 1)))
        if i >= len(rows):
            break
        j = draw(st.integers(0, len(header) - 1))
        col = header[j]
        special = {
            "date": st.sampled_from(["195X", "1960/1989", "2022-13-01", "19", "X", "1689/",
                                     "../2000", "2022-02-30", "-0500", "99999"]),
            "date_end": st.sampled_from(["..", "", "1600", "2022-02", "garbage"]),
            "parties": st.sampled_from(["CHN;CHN", "XXX;RUS", "SUN;RUS", ";", "CHN;;RUS",
                                        "EU;CHN", "RUS-EMPIRE;USA"]),
            "source": st.sampled_from(["", "ZZZ", "EU", "CHN-QING", "rus"]),
            "via_bloc": st.sampled_from(["EU", "CHN", "NATO", "XYZ"]),
            "obligations": st.sampled_from(["defence", "attack", "defense;defense", ";"]),
            "articles": st.sampled_from(["defense:5", "defense", ":", "x:y"]),
            "cameo": st.sampled_from(["010", "10", "9999", "abc", "0"]),
            "sign": st.sampled_from(["+1", "2", "-", "one"]),
            "vote": st.sampled_from(["yes", "maybe", ""]),
            "ref_year": st.sampled_from(["1500", "3000", "19x0", ""]),
            "ref_url": st.sampled_from(["ftp://x", "http://", "https://ok.example/a b"]),
            "atop_id": st.sampled_from(["-1", "1.5", "99999999999999999999"]),
        }.get(col, st.nothing())
        value = draw(st.one_of(special, NASTY.map(lambda v: "" if v is None else str(v))))
        rows[i][j] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8", "surrogatepass")


CURATED_FILES = ["treaties.csv", "facts.csv", "sanctions.csv", "votes.csv"]


def _curated_check(blob: bytes, name: str) -> None:
    from amity.knowledge import check_curated, load_curated

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(blob)
        kind, rep = outcome(check_curated, p)
        if kind == "known":    # recorded in test_fuzz_regressions.py
            return
        if kind == "error":
            assert_located(rep, [str(p)])
        else:
            for e in rep.errors:
                assert e["file"] == str(p) and e["reason"], e
                assert e["line"] is None or e["line"] >= 1, e
        con = store.connect(":memory:")
        try:
            kind, res = outcome(load_curated, con, p)
            n = con.execute("SELECT count(*) FROM relations").fetchone()[0]
            if kind == "ok":
                assert n == res["inserted"]
            else:
                if kind == "error":
                    assert_located(res, [str(p)])
                assert n == 0, "a refused curated file left rows behind"
        finally:
            con.close()


@pytest.mark.parametrize("name", CURATED_FILES)
def test_fuzz_curated_loader_cells(name):
    @FUZZ
    @given(blob=curated_cells(_curated_seed(name)))
    def run(blob):
        _curated_check(blob, name)

    run()


@pytest.mark.parametrize("name", CURATED_FILES)
def test_fuzz_curated_loader_bytes(name):
    @FUZZ
    @given(blob=mutated_bytes(_curated_seed(name)))
    def run(blob):
        _curated_check(blob, name)

    run()


# --------------------------------------------------------------------------- JSONL input

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=40)),
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids,
                                                              max_size=3),
    max_leaves=8)


@st.composite
def jsonl_lines(draw) -> bytes:
    """Lines of a JSONL file: good items, items with odd fields, malformed JSON, non-objects,
    binary junk, huge lines, HTML, and truncated lines."""
    out = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["good", "odd", "junk", "array", "binary", "huge", "html",
                                     "trunc", "blank", "bom"]))
        if kind == "good":
            out.append(json.dumps({"id": draw(st.integers(0, 99)),
                                   "text": "China and Russia signed a treaty in 2001.",
                                   "date": draw(st.sampled_from([None, "2001-07-16", "2001"]))}
                                  ).encode())
        elif kind == "odd":
            obj = {"id": draw(JSON_VALUES), "text": draw(JSON_VALUES),
                   "date": draw(st.one_of(JSON_VALUES, st.sampled_from(
                       ["2022-02-30", "20222", "2022-1-1", "yesterday"])))}
            out.append(json.dumps(obj).encode())
        elif kind == "junk":
            out.append(draw(st.text(max_size=60)).encode("utf-8", "surrogatepass"))
        elif kind == "array":
            out.append(json.dumps(draw(st.lists(JSON_VALUES, max_size=3))).encode())
        elif kind == "binary":
            out.append(draw(st.binary(max_size=60)).replace(b"\n", b""))
        elif kind == "huge":
            out.append(json.dumps({"id": 1, "text": HUGE * draw(st.integers(1, 8))}).encode())
        elif kind == "html":
            out.append(json.dumps({"id": 2, "text": "<html><body><p>" + draw(st.text(max_size=40))
                                   + "</p></body></html>"}).encode())
        elif kind == "trunc":
            full = json.dumps({"id": 3, "text": "Russia annexed Crimea in March 2014."}).encode()
            out.append(full[: draw(st.integers(0, len(full) - 1))])
        elif kind == "blank":
            out.append(b"   ")
        elif kind == "bom":
            out.append(b"\xef\xbb\xbf" + json.dumps({"id": 4, "text": "Japan protested."}).encode())
    return b"\n".join(out) + draw(st.sampled_from([b"", b"\n", b"\r\n"]))


def test_fuzz_jsonl_reader_input():
    from amity.reader.inputs import iter_jsonl

    @FUZZ
    @given(blob=jsonl_lines())
    def run(blob):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "in.jsonl"
            p.write_bytes(blob)
            kind, res = outcome(lambda: list(iter_jsonl(p)))
            assert kind == "ok", res
            for n, item, err in res:
                assert (item is None) != (err is None)
                if err is not None:
                    assert isinstance(err, InputError) and err.file == str(p) and err.line == n
                else:
                    assert isinstance(item["text"], str) and item["text"].strip()

    run()


def test_fuzz_extract_jsonl_cli(capsys):
    """The whole ``amity extract --jsonl`` face: bad lines skipped with a message, never a
    traceback; the exit code is 0 or an Amity error code."""
    from amity.cli import main

    @FUZZ
    @given(blob=jsonl_lines())
    def run(blob):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "in.jsonl"
            p.write_bytes(blob)
            code = 0
            try:
                main(["extract", "--jsonl", str(p), "--out", str(Path(d) / "out.jsonl")])
            except SystemExit as e:
                code = e.code or 0
            except Exception as e:  # noqa: BLE001
                raise Crash(f"{type(e).__name__}: {e}") from e
            err = capsys.readouterr().err
            assert "Traceback" not in err
            assert code in (0, 2), (code, err)

    run()


def test_extract_jsonl_cli_missing_file(tmp_path, capsys):
    from amity.cli import main

    with pytest.raises(SystemExit) as e:
        main(["extract", "--jsonl", str(tmp_path / "nope.jsonl")])
    assert e.value.code == 2
    assert "nope.jsonl" in capsys.readouterr().err


# --------------------------------------------------------------------------- event ingest

@pytest.fixture(scope="module")
def gdelt2_seed(tmp_path_factory) -> bytes:
    from amity.events.synth import synth

    d = tmp_path_factory.mktemp("g2seed")
    synth(40, d, fmt="gdelt2", seed=5, years=(2016, 2016), rows_per_file=40)
    return next(iter(sorted(d.glob("*.CSV")))).read_bytes()


def _ingest_check(blob: bytes, name: str, fmt: str) -> None:
    from amity.events.ingest import ingest

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(blob)
        db = Path(d) / "s.duckdb"
        kind, res = outcome(ingest, [str(p)], fmt, db=db)
        if kind == "known":    # recorded in test_fuzz_regressions.py
            return
        if kind == "error":
            assert_located(res, [str(p)])
            return
        con = store.connect(db, read_only=True)
        try:
            q = con.execute("SELECT file, line, field, reason FROM quarantine").fetchall()
            assert len(q) == res["rejected"]
            assert_rejects([dict(zip(["file", "line", "field", "reason"], r)) for r in q],
                           [str(p)])
            files = con.execute("SELECT rows, rejected FROM event_files").fetchall()
            assert files == ([(res["rows"], res["rejected"])] if res["files"]["ingested"] else [])
        finally:
            con.close()


INGEST = [
    ("gdelt2", "20160101000000.export.CSV", None),
    ("gdelt1csv", "undp_gdelt1_georgia_sept2012.csv", "gdelt/undp_gdelt1_georgia_sept2012.csv"),
    ("icews", "events.2018.sample.tab", "icews/events.2018.sample.tab"),
]


@pytest.mark.parametrize("fmt,name,rel", INGEST)
def test_fuzz_event_ingest(fmt, name, rel, gdelt2_seed, request):
    if rel is None:
        seed = gdelt2_seed
    else:
        mirror = request.getfixturevalue("mirror")
        seed = head_bytes(mirror / rel, 40)
    sep = b"," if fmt == "gdelt1csv" else b"\t"

    @FUZZ
    @given(blob=mutated_bytes(seed, sep))
    def run(blob):
        _ingest_check(blob, name, fmt)

    run()


def test_fuzz_event_ingest_gzip_and_zip(gdelt2_seed):
    """Compressed GDELT files: truncated or corrupt archives are typed errors."""
    import gzip
    import zipfile

    gz = gzip.compress(gdelt2_seed)
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("20160101000000.export.CSV", gdelt2_seed)
    zb = zbuf.getvalue()

    @FUZZ
    @given(which=st.sampled_from(["gz", "zip"]), cut=st.floats(0, 1), flip=st.integers(0, 10**6))
    def run(which, cut, flip):
        data = gz if which == "gz" else zb
        data = bytearray(data[: max(1, int(len(data) * cut))])
        if data and flip % 3 == 0:
            data[flip % len(data)] ^= 0x5A
        _ingest_check(bytes(data), f"20160101000000.export.CSV.{which}", "gdelt2")

    run()
