"""ICEWS Dataverse .tab parser: the mirror's sample and malformed files written here."""
from __future__ import annotations

import datetime as dt

import pytest

from amity.errors import InputError
from amity.sources import icews

HEADER = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
          "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
          "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
          "Province", "Country", "Latitude", "Longitude"]


def _row(eid, date, src, code, tgt, intensity="0"):
    r = dict.fromkeys(HEADER, "NA")
    r.update({"Event ID": str(eid), "Event Date": date, "Source Name": f"Government ({src})",
              "Source Country": src, "CAMEO Code": code, "Intensity": intensity,
              "Target Name": f"Government ({tgt})", "Target Country": tgt})
    return "\t".join(r[c] for c in HEADER)


def test_sample(mirror):
    res = icews.parse_tab(mirror / "icews" / "events.2018.sample.tab")
    assert res.rows == 3705 and res.rejects == []
    t = res.table.to_pandas()
    r = t.iloc[0]
    # 32889836: Foreign Affairs (Bangladesh) consults (040) Vietnamese military personnel
    assert (r["event_id"], r["actor1"], r["actor2"], r["cameo"], r["goldstein"], r["quad"],
            r["plover"], r["line"]) == ("32889836", "BGD", "VNM", "040", 1.0, 1, "CONSULT", 2)
    assert r["actor1_code"] == "Foreign Affairs (Bangladesh)"
    assert r["date"] == dt.date(2018, 6, 1)
    assert set(t["date"]) == {dt.date(2018, 6, 1), dt.date(2018, 6, 2)}
    # country names resolve to canonical ids; "NA" countries stay missing
    assert {"RUS", "PRK", "USA", "CHN", "IND"} <= set(t["actor1"].dropna())
    assert t["actor1"].isna().sum() >= 147
    assert t["cameo"].map(type).eq(str).all() and (t["cameo"].str[0] == "0").any()
    assert t["mentions"].isna().all() and t["tone"].isna().all()


def test_bad_rows_and_missing_columns(tmp_path):
    lines = ["\t".join(HEADER),
             _row(1, "2018-06-01", "Russian Federation", "036", "China"),
             _row(2, "2018-13-01", "China", "036", "Russian Federation"),    # line 3: bad date
             _row(3, "2018-06-01", "China", "36", "Russian Federation"),     # line 4: "36"
             "4\t2018-06-01\tshort row",                                     # line 5
             _row(5, "2018-06-02", "Ukraine", "1823", "Russian Federation")]
    f = tmp_path / "events.tab"
    f.write_text("\n".join(lines) + "\n")
    res = icews.parse_tab(f)
    assert [(r["line"], r["field"], r["reason"]) for r in res.rejects] == [
        (3, "Event Date", "bad date (expected %Y-%m-%d, between 1800 and 2100)"),
        (4, "CAMEO Code", "unknown CAMEO code"),
        (5, None, "wrong column count: 3 (expected 20)"),
    ]
    t = res.table.to_pylist()
    assert [(r["line"], r["actor1"], r["actor2"], r["cameo"], r["goldstein"]) for r in t] == [
        (2, "RUS", "CHN", "036", 4.0), (6, "UKR", "RUS", "1823", -10.0)]
    g = tmp_path / "nocode.tab"
    g.write_text("\t".join(h for h in HEADER if h != "CAMEO Code") + "\n")
    with pytest.raises(InputError, match="missing column") as e:
        icews.parse_tab(g)
    assert e.value.field == "CAMEO Code" and e.value.line == 1


def test_source_registry_entry(mirror):
    from amity.sources import registry

    src = registry()["icews-sample"]
    assert src.kind == "events" and src.files[0].mirror_path == "icews/events.2018.sample.tab"
    import hashlib

    data = (mirror / src.files[0].mirror_path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == src.files[0].sha256
    out = src.read({"sample": mirror / src.files[0].mirror_path})
    assert len(out["icews_sample"]) == 3705
    g = registry()["gdelt-sample"]
    data = (mirror / g.files[0].mirror_path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == g.files[0].sha256
