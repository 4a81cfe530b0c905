"""GDELT parsers: official 1.0/2.0 export layouts (files written here) and the R re-export."""
from __future__ import annotations

import csv
import datetime as dt
import zipfile

import pytest

from amity.errors import InputError
from amity.events.testing import gdelt_row, write_gdelt
from amity.sources import gdelt


def _names(mirror, f):
    with open(mirror / "gdelt" / f, newline="") as fh:
        return [r["name"] for r in csv.DictReader(fh)]


def test_column_lists_are_the_official_schemas(mirror):
    assert gdelt.GDELT1_COLUMNS == _names(mirror, "schema_events1.csv")
    assert gdelt.GDELT2_COLUMNS == _names(mirror, "schema_events2.csv")
    assert len(gdelt.GDELT2_COLUMNS) == 61 and len(gdelt.GDELT1_COLUMNS) == 58


def test_gdelt2_rows_coded_from_the_icews_table(tmp_path):
    rows = [
        # file's own Goldstein for 163 is GDELT's -6.5: ours must be ICEWS -8.0
        gdelt_row(GLOBALEVENTID=10, SQLDATE=20220301, Actor1CountryCode="USA", Actor1Code="USAGOV",
                  Actor2CountryCode="RUS", Actor2Code="RUSGOV", EventCode="163",
                  GoldsteinScale="-6.5", QuadClass="4", NumMentions=12, NumSources=3,
                  NumArticles=12, AvgTone="-4.25"),
        gdelt_row(GLOBALEVENTID=11, SQLDATE=19850612, Actor1CountryCode="RUS",
                  Actor2CountryCode="CHN", EventCode="057", IsRootEvent=0),
        gdelt_row(GLOBALEVENTID=12, SQLDATE=20190101, Actor1KnownGroupCode="NAT",
                  Actor2CountryCode="UKR", EventCode="0211"),
        gdelt_row(GLOBALEVENTID=13, SQLDATE=20190102, Actor1CountryCode="WST",
                  EventCode="010", NumMentions="", AvgTone=""),
    ]
    f = write_gdelt(tmp_path / "20220301000000.export.CSV", rows)
    res = gdelt.parse_export(f, 2)
    assert res.rejects == [] and res.rows == 4 and res.lines == 4
    t = res.table.to_pylist()
    r = t[0]
    assert (r["cameo"], r["goldstein"], r["quad"], r["plover"]) == ("163", -8.0, 4, "COERCE")
    assert (r["actor1"], r["actor2"], r["actor1_code"]) == ("USA", "RUS", "USAGOV")
    assert (r["mentions"], r["sources"], r["articles"], r["tone"]) == (12, 3, 12, -4.25)
    assert r["date"] == dt.date(2022, 3, 1) and r["line"] == 1 and r["event_id"] == "10"
    assert r["root_event"] is True and r["source"] == "gdelt2"
    # RUS in 1985 is the Soviet Union; 057 is SUPPORT with Goldstein 8.0; quad by root 05 -> 1
    assert (t[1]["actor1"], t[1]["actor2"], t[1]["goldstein"], t[1]["quad"], t[1]["plover"]) == \
        ("SUN", "CHN", 8.0, 1, "SUPPORT")
    assert t[1]["root_event"] is False
    # known-group code NAT -> NATO; codes keep their leading zeros; roots 01/02 no PLOVER
    assert (t[2]["actor1"], t[2]["cameo"], t[2]["plover"], t[2]["quad"]) == ("NATO", "0211", None, 1)
    # a regional code is not a state: kept raw, counted as unresolved
    assert t[3]["actor1"] is None and t[3]["mentions"] is None and t[3]["tone"] is None
    assert res.unresolved == {"WST": 1}


def test_malformed_rows_are_rejected_with_line_field_reason(tmp_path):
    good = gdelt_row(GLOBALEVENTID=1, Actor1CountryCode="CHN", Actor2CountryCode="USA")
    rows = [
        good,
        "1\t2\t3",                                                    # line 2: 3 columns
        gdelt_row(GLOBALEVENTID=3, SQLDATE=20231341),                 # line 3: no 41st of 13th month
        gdelt_row(GLOBALEVENTID=4, EventCode="01a"),                  # line 4: non-numeric code
        gdelt_row(GLOBALEVENTID=5, EventCode="099"),                  # line 5: unknown code
        gdelt_row(GLOBALEVENTID=6, NumMentions="many"),               # line 6: non-numeric count
        gdelt_row(GLOBALEVENTID=7, AvgTone="n/a"),                    # line 7: bad tone
        good,                                                         # line 8
    ]
    res = gdelt.parse_export(write_gdelt(tmp_path / "x.export.CSV", rows), 2)
    got = [(r["line"], r["field"], r["reason"]) for r in res.rejects]
    assert got == [
        (2, None, "wrong column count: 3 (expected 61)"),
        (3, "SQLDATE", "bad date (expected %Y%m%d, between 1800 and 2100)"),
        (4, "EventCode", "non-numeric CAMEO code"),
        (5, "EventCode", "unknown CAMEO code"),
        (6, "NumMentions", "non-numeric count"),
        (7, "AvgTone", "non-numeric tone"),
    ]
    assert res.rows == 2 and [r["line"] for r in res.table.to_pylist()] == [1, 8]
    assert res.rejects[0]["raw"] == "1\t2\t3" and res.rejects[2]["raw"] == "01a"


def test_blank_lines_and_crlf_keep_physical_line_numbers(tmp_path):
    rows = [gdelt_row(GLOBALEVENTID=1), "", gdelt_row(GLOBALEVENTID=2)]
    res = gdelt.parse_export(write_gdelt(tmp_path / "a.CSV", rows, newline="\r\n"), 2)
    assert [r["line"] for r in res.table.to_pylist()] == [1, 3]
    assert res.rejects == []


def test_gdelt1_daily_and_historical_layouts(tmp_path):
    f1 = write_gdelt(tmp_path / "20130401.export.CSV", [gdelt_row(1, EventCode="190")])
    f0 = write_gdelt(tmp_path / "1985.csv", [gdelt_row(0, EventCode="190", SQLDATE=19850101)])
    for f in (f1, f0):
        r = gdelt.parse_export(f, 1).table.to_pylist()[0]
        assert (r["cameo"], r["goldstein"], r["quad"], r["source"]) == ("190", -10.0, 4, "gdelt1")
    # a 2.0 file is not a 1.0 file
    f2 = write_gdelt(tmp_path / "v2.CSV", [gdelt_row(2)] * 6)
    with pytest.raises(InputError, match="does not look like a GDELT 1.0 export"):
        gdelt.parse_export(f2, 1)


def test_zip_and_header_and_wrong_format(tmp_path, mirror):
    f = write_gdelt(tmp_path / "20200101000000.export.CSV", [gdelt_row(EventCode="042")])
    z = tmp_path / "20200101000000.export.CSV.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(f, f.name)
    assert gdelt.parse_export(z, 2).table.column("cameo").to_pylist() == ["042"]
    h = write_gdelt(tmp_path / "h.CSV", ["\t".join(gdelt.GDELT2_COLUMNS), gdelt_row()])
    with pytest.raises(InputError, match="has a header line"):
        gdelt.parse_export(h, 2)
    with pytest.raises(InputError, match="does not look like a GDELT 2.0 export") as e:
        gdelt.parse_export(mirror / "icews" / "events.2018.sample.tab", 2)
    assert e.value.line == 1 and "events.2018.sample.tab" in str(e.value)


def test_since_drops_earlier_events(tmp_path):
    rows = [gdelt_row(GLOBALEVENTID=i, SQLDATE=d) for i, d in
            enumerate([20191231, 20200101, 20200102])]
    res = gdelt.parse_export(write_gdelt(tmp_path / "s.CSV", rows), 2, since=dt.date(2020, 1, 1))
    assert res.rows == 2 and res.skipped_since == 1 and res.rejects == []
    assert gdelt.file_stamp("20150218230000.export.CSV.zip") == dt.date(2015, 2, 18)
    assert gdelt.file_stamp("20130401.export.CSV") == dt.date(2013, 4, 1)
    assert gdelt.file_stamp("events.csv") is None


def test_r_reexport_sample(mirror):
    res = gdelt.parse_r_export(mirror / "gdelt" / "undp_gdelt1_georgia_sept2012.csv")
    assert res.rows == 2223 and res.rejects == []
    t = res.table.to_pandas()
    first = t.iloc[0]
    # first data row (line 2): 214782067, EventCode "130" read as a string, ICEWS Goldstein -4.4
    assert (first["event_id"], first["cameo"], first["goldstein"], first["quad"], first["line"]) \
        == ("214782067", "130", -4.4, 3, 2)
    assert t["cameo"].str.len().min() >= 3 and (t["cameo"].str[0] == "0").any()
    assert set(t["source"]) == {"gdelt1csv"}
    assert (t["actor1"] == "GEO").sum() > 0 and (t["actor2"] == "RUS").sum() > 0


def test_r_reexport_bad_rows(tmp_path):
    hdr = ",".join(f'"{c}"' for c in gdelt.GDELT1_HISTORICAL_COLUMNS)
    ok = ",".join(gdelt_row(0, GLOBALEVENTID=5, EventCode="043")).replace(",,", ",NA,")
    f = tmp_path / "r.csv"
    f.write_text("\n".join([hdr, ok, "1,2,3", ok.replace(",043,", ",43,")]) + "\n")
    res = gdelt.parse_r_export(f)
    assert res.rows == 1 and res.table.column("line").to_pylist() == [2]
    assert [(r["line"], r["reason"]) for r in res.rejects] == [
        (3, "wrong column count: 3 (expected 57)"), (4, "unknown CAMEO code")]


def test_empty_corrupt_and_non_utf8_inputs_are_located_errors(tmp_path):
    import gzip

    empty = tmp_path / "20160101000000.export.CSV"
    empty.write_bytes(b"")
    res = gdelt.parse_export(empty, 2)          # a 15-minute file with no events is valid
    assert res.rows == 0 and res.rejects == []
    raw = ("\t".join(gdelt_row(2)) + "\n").encode() * 50
    gz = bytearray(gzip.compress(raw))
    gz[len(gz) // 2] ^= 0x5A
    bad = tmp_path / "20160101001500.export.CSV.gz"
    bad.write_bytes(bytes(gz))
    from amity.events.ingest import ingest

    with pytest.raises(InputError) as e:
        ingest([bad], "gdelt2", db=tmp_path / "s.duckdb")
    assert e.value.file == str(bad)
    u16 = tmp_path / "r.csv"
    u16.write_bytes(",".join(f'"{c}"' for c in gdelt.GDELT1_HISTORICAL_COLUMNS).encode("utf-16"))
    with pytest.raises(InputError, match="not a UTF-8 CSV") as e:
        gdelt.parse_r_export(u16)
    assert e.value.file == str(u16) and e.value.line == 1
