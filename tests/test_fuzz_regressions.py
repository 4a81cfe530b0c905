"""Crashes the fuzz targets found in modules this area does not own, each as the smallest input
that shows it. Open ones are ``xfail(strict=False)`` with the fix in the reason; those the owners
have fixed (empty event files, UTF-16 R exports, corrupt .gz: commit 4507552) stay as ordinary
regression tests. The fuzz targets tolerate exactly these crash signatures
(:data:`amity.reliability.fuzz.KNOWN_CRASHES`) and fail on any other.

Every test states the wanted behaviour: a typed :class:`amity.errors.InputError` naming the
file (or quarantined rows with reasons), never an untyped exception.
"""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from amity.errors import InputError


def test_known_crash_signatures_are_listed(monkeypatch):
    from amity.errors import InputError as _IE
    from amity.reliability import fuzz
    from amity.reliability.fuzz import KNOWN_CRASHES, Crash, crash_signature, outcome

    try:
        raise ValueError("x")
    except ValueError as e:
        assert crash_signature(e) == ("ValueError", "?")
    for sig, reason in KNOWN_CRASHES.items():   # each listed crash says why it is tolerated
        assert isinstance(sig, tuple) and len(sig) == 2 and reason.strip(), sig

    # the mechanism: an Amity error is an answer, a listed crash is tolerated, any other fails
    def boom():
        raise ValueError("unlisted")

    def typed():
        raise _IE("bad", file="f.csv")

    assert outcome(lambda: 3) == ("ok", 3)
    kind, err = outcome(typed)
    assert kind == "error" and err.file == "f.csv"
    with pytest.raises(Crash, match="untyped ValueError"):
        outcome(boom)
    monkeypatch.setitem(fuzz.KNOWN_CRASHES, ("ValueError", "?"), "listed for this test")
    assert outcome(boom)[0] == "known"


def test_curated_huge_cell_is_a_located_error(tmp_path):
    from amity.knowledge import check_curated

    p = tmp_path / "facts.csv"
    p.write_text("kind,date,parties,name,description,ref_title,ref_publisher,ref_year\n"
                 f"summit,2001,CHN;RUS,x,{'y' * 200_000},t,p,2020\n")
    rep = check_curated(p)        # a report with the located error, not an exception
    assert len(rep.errors) == 1 and rep.errors[0]["file"] == str(p)
    assert "field larger than field limit" in rep.errors[0]["reason"]


def _ingest(path: Path, fmt: str, tmp_path: Path):
    from amity.events.ingest import ingest

    return ingest([str(path)], fmt, db=tmp_path / "s.duckdb")


def test_empty_headerless_event_file_is_an_empty_batch(tmp_path):
    p = tmp_path / "20160101000000.export.CSV"    # GDELT files have no header line
    p.write_bytes(b"")
    assert _ingest(p, "gdelt2", tmp_path)["rows"] == 0


def test_empty_headed_event_file_is_a_located_error(tmp_path):
    p = tmp_path / "events.tab"                    # an ICEWS file starts with its header
    p.write_bytes(b"")
    with pytest.raises(InputError, match="no header line") as e:
        _ingest(p, "icews", tmp_path)
    assert e.value.file == str(p)


def test_gdelt_r_export_in_utf16_is_a_located_error(tmp_path, mirror):
    src = (mirror / "gdelt" / "undp_gdelt1_georgia_sept2012.csv").read_bytes()[:4000]
    p = tmp_path / "g.csv"
    p.write_bytes(src.decode("utf-8", "replace").encode("utf-16"))
    with pytest.raises(InputError) as e:
        _ingest(p, "gdelt1csv", tmp_path)
    assert e.value.file == str(p)


def test_corrupt_gzip_is_a_located_error(tmp_path):
    from amity.events.testing import gdelt_row

    raw = ("\t".join(gdelt_row(2)) + "\n").encode() * 50
    gz = bytearray(gzip.compress(raw))
    gz[len(gz) // 2] ^= 0x5A
    p = tmp_path / "20160101000000.export.CSV.gz"
    p.write_bytes(bytes(gz))
    with pytest.raises(InputError) as e:
        _ingest(p, "gdelt2", tmp_path)
    assert e.value.file == str(p)


# --------------------------------------------------------------------------- importers

def _serve_frames(monkeypatch, frames: dict):
    """pyreadr.read_r returns the given {basename: {object: frame}} (as a file holding them)."""
    import pyreadr

    monkeypatch.setattr(pyreadr, "read_r",
                        lambda path, *a, **k: {o: f.copy() for o, f in frames[Path(path).name].items()})


@pytest.mark.parametrize("which", ["roll_calls", "issues", "voeten"])
def test_unvotes_missing_ids_are_located_errors(tmp_path, monkeypatch, which):
    import pandas as pd

    from amity.sources import unvotes as U

    p = tmp_path / "f.rda"
    p.write_bytes(b"served by the patched pyreadr")
    if which == "roll_calls":
        df = pd.DataFrame({"rcid": [3.0, None], "session": [1.0, 1.0],
                           "date": ["1946-01-01", "1946-01-02"]})
        call = lambda: U.read_roll_calls(p)  # noqa: E731
    elif which == "issues":
        df = pd.DataFrame({"rcid": [3.0, None], "short_name": ["me", "me"],
                           "issue": ["Palestinian conflict"] * 2})
        call = lambda: U.read_issues(p)  # noqa: E731
    else:
        df = pd.DataFrame({"rcid": [3, 4], "session": [1, 1], "vote": [1, 2],
                           "ccode": [2.0, None], "date": ["1/1/1946", "1/2/1946"]})
        call = lambda: U.read_voeten(p)  # noqa: E731
    _serve_frames(monkeypatch, {"f.rda": {"x" if which == "voeten" else which: df}})
    with pytest.raises(InputError) as e:
        call()
    assert e.value.file == str(p) and e.value.field


@pytest.mark.parametrize("text", ["", "case_id,sanctioning_state\n1,\"a,b\n"])
def test_gsdb_empty_or_ragged_file_is_a_located_error(tmp_path, text):
    from amity.sources.gsdb import read_gsdb

    p = tmp_path / "GSDB_V3.csv"
    p.write_text(text)
    with pytest.raises(InputError) as e:
        read_gsdb(p)
    assert e.value.file == str(p)


def test_csv_header_one_field_short_is_a_located_error(tmp_path, mirror):
    from amity.sources import get

    lines = (mirror / "cow-raw" / "NMC-60-abridged.csv").read_text().splitlines()[:30]
    header = ",".join(lines[0].split(",")[:-1])          # drop 'version' from the header only
    p = tmp_path / "NMC-60-abridged.csv"
    p.write_text("\n".join([header] + lines[1:]) + "\n")
    with pytest.raises(InputError) as e:
        get("nmc6").read({"nmc": p})
    assert e.value.file == str(p)


def test_gw_states_missing_end_date(tmp_path, monkeypatch):
    import pandas as pd

    from amity.sources import get

    df = pd.DataFrame({"gwcode": [2.0, 20.0], "stateabb": ["USA", "CAN"],
                       "statename": ["United States", "Canada"],
                       "startdate": ["1816-01-01", "1867-07-01"],
                       "enddate": ["2017-12-31", None]})
    p = tmp_path / "gw_states.rda"
    p.write_bytes(b"served by the patched pyreadr")
    _serve_frames(monkeypatch, {"gw_states.rda": {"gw_states": df}})
    out = get("gw_states").read({"states": p})["gw_states"]   # read, the end left missing
    assert out["stateabb"].tolist() == ["USA", "CAN"]
    assert pd.isna(out.loc[1, "end"]) and pd.isna(out.loc[1, "endyear"])
