"""Issue 17: event aggregates of a year the event store covers only in part (two days of an
ICEWS sample, a few 15-minute GDELT files) are flagged partial and weighed by their coverage,
never as a full year. Coverage comes from the spans of the files ingested (the manifest), not
from the number of events."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from amity import store
from amity.assembly import closeness_inputs as ci
from amity.events import coverage, query
from amity.events.dyads import events_cow_dyad_years
from amity.events.ingest import ingest
from amity.events.testing import gdelt_row, write_gdelt, write_icews


@pytest.fixture(scope="module")
def icews_store(tmp_path_factory):
    """Two days of 2018 (an ICEWS sample: 30 USA-CHN events, one USA-RUS) and 2019 in one
    file whose events fall on two days only, 1 January and 31 December."""
    d = tmp_path_factory.mktemp("partial")
    rows = [(i, "2018-06-01" if i % 2 else "2018-06-02", "United States", "042", "China")
            for i in range(1, 31)]
    rows.append((31, "2018-06-02", "United States", "173", "Russian Federation"))
    write_icews(d / "events.2018.sample.tab", rows)
    write_icews(d / "events.2019.tab", [
        (100 + i, "2019-01-01" if i < 200 else "2019-12-31", "United States", "042", "China")
        for i in range(400)])
    db = d / "p.duckdb"
    res = ingest([d / "events.2018.sample.tab", d / "events.2019.tab"], "icews", db=db)
    assert res["rows"] == 431
    return db


def test_coverage_is_the_span_of_the_files_not_the_count_of_days(icews_store):
    con = store.connect(icews_store, read_only=True)
    try:
        cov = query.year_coverage(con)
        spans = con.execute("SELECT name, span_start, span_end FROM event_files ORDER BY name"
                            ).fetchall()
    finally:
        con.close()
    # the sample spans 1-2 June 2018: 2 of 365 days; the 2019 file spans the whole year though
    # its events fall on two days
    assert cov == {2018: pytest.approx(2 / 365), 2019: 1.0}
    assert spans == [("events.2018.sample.tab", dt.datetime(2018, 6, 1), dt.datetime(2018, 6, 3)),
                     ("events.2019.tab", dt.datetime(2019, 1, 1), dt.datetime(2020, 1, 1))]


def test_a_manifest_without_spans_gets_them_from_the_events(icews_store, tmp_path):
    import shutil

    db = tmp_path / "old.duckdb"
    shutil.copy(icews_store, db)
    shutil.copytree(str(icews_store) + ".events", str(db) + ".events")
    (db.parent / "old.duckdb.events" / "_owner.json").unlink(missing_ok=True)
    con = store.connect(db)
    try:   # a store written before the span columns existed
        con.execute("ALTER TABLE event_files DROP COLUMN span_start")
        con.execute("ALTER TABLE event_files DROP COLUMN span_end")
        assert query.year_coverage(con) == {2018: pytest.approx(2 / 365), 2019: 1.0}
    finally:
        con.close()


def test_gdelt_files_cover_their_fifteen_minutes(tmp_path):
    rows = [gdelt_row(GLOBALEVENTID=i, SQLDATE=20200301, Actor1CountryCode="USA",
                      Actor2CountryCode="CHN", EventCode="042") for i in range(1, 4)]
    files = [write_gdelt(tmp_path / f"202003010{k}0000.export.CSV", [rows[k]]) for k in range(3)]
    files.append(write_gdelt(tmp_path / "20200301031500.export.CSV", []))   # an empty slice
    db = tmp_path / "g.duckdb"
    ingest(files, "gdelt2", db=db)
    con = store.connect(db, read_only=True)
    try:
        assert query.year_coverage(con) == {2020: pytest.approx(4 / (96 * 366))}
        assert query.year_coverage(con, by="month") == {(2020, 3): pytest.approx(4 / (96 * 31))}
    finally:
        con.close()
    m = query.dyad_period_shares(db=db, by="dyad-month")
    assert m["events"].tolist() == [3] and bool(m["partial"].iloc[0])
    assert m["coverage"].iloc[0] == pytest.approx(4 / (96 * 31))
    assert m["days_covered"].iloc[0] == pytest.approx(4 / 96)


def test_name_spans():
    d = dt.datetime
    assert coverage.name_span("gdelt2", "20240301001500.export.CSV.zip") == (
        d(2024, 3, 1, 0, 15), d(2024, 3, 1, 0, 30))
    assert coverage.name_span("gdelt1", "20130401.export.CSV.zip") == (d(2013, 4, 1), d(2013, 4, 2))
    assert coverage.name_span("gdelt1", "200602.zip") == (d(2006, 2, 1), d(2006, 3, 1))
    assert coverage.name_span("gdelt1", "1979.zip") == (d(1979, 1, 1), d(1980, 1, 1))
    assert coverage.name_span("icews", "events.2018.tab") is None
    assert coverage.name_span("gdelt2", "sample.export.CSV") is None
    # overlapping spans are counted once, and a span is cut at the year's end
    assert coverage.period_coverage([(d(2018, 12, 31), d(2019, 1, 2)),
                                     (d(2019, 1, 1), d(2019, 1, 2))]) == {
        2018: pytest.approx(1 / 365), 2019: pytest.approx(1 / 365)}


def test_cow_dyad_years_carry_the_coverage(icews_store):
    con = store.connect(icews_store, read_only=True)
    try:
        t = events_cow_dyad_years(query.dyad_year_aggregates(con))
    finally:
        con.close()
    usa_chn = t[(t["ccode1"] == 2) & (t["ccode2"] == 710)].set_index("year")
    assert usa_chn.loc[2018, "events_n"] == 30 and usa_chn.loc[2019, "events_n"] == 400
    assert usa_chn.loc[2018, "events_coverage"] == pytest.approx(2 / 365)
    assert bool(usa_chn.loc[2018, "events_partial"]) and not bool(usa_chn.loc[2019, "events_partial"])


def _panel(years, pairs=((2, 710),)):
    rows = [(y, a, b) for a, b in pairs for y in years]
    return pd.DataFrame({"year": np.array([r[0] for r in rows], np.int32),
                         "ccode_a": np.array([r[1] for r in rows], np.int32),
                         "ccode_b": np.array([r[2] for r in rows], np.int32)})


def test_two_days_weigh_two_365ths_of_a_full_year():
    panel = _panel([2017, 2018, 2019, 2020], pairs=((2, 710), (2, 365)))
    ev = pd.DataFrame({"year": [2018, 2019, 2018], "ccode_a": [2, 2, 2],
                       "ccode_b": [710, 710, 365],
                       "events_n": [32.0, 400.0, 1.0], "events_store_n": [30.0, 400.0, 1.0],
                       "events_goldstein": [1.9, 1.9, -4.0], "events_q1": [1.0, 1.0, 0.0],
                       "events_q2": [0.0, 0.0, 0.0], "events_q3": [0.0, 0.0, 1.0],
                       "events_q4": [0.0, 0.0, 0.0]})
    # the store covers two days of 2018 and all of 2019; 2020 inside its years, no file; 2017
    # before it. USA-CHN 2018: 30 store events and 2 curated facts
    ci._attach_events(panel, ev, (2018, 2020), {2018: 2 / 365, 2019: 1.0})
    p = panel.set_index(["ccode_b", "year"])
    w = p["events_n"]
    cap = 10.0
    assert w[(710, 2019)] == cap                            # the model clips at the cap
    assert w[(710, 2018)] == pytest.approx(2 + cap * 2 / 365)   # curated whole + 2/365 of 10
    assert (w[(710, 2018)] - 2) / w[(710, 2019)] == pytest.approx(2 / 365)
    # one event in two days weighs no more than two days at the cap
    assert w[(365, 2018)] == pytest.approx(cap * 2 / 365)
    assert np.isnan(w[(710, 2017)]) and w[(710, 2020)] == 0.0
    assert p["events_count"][(710, 2018)] == 32.0
    assert p["events_partial"].tolist() == [False, True, False, True] * 2
    assert p["events_coverage"][(710, 2018)] == pytest.approx(2 / 365)
    assert p["events_coverage"][(710, 2020)] == 0.0
    # shares and the mean Goldstein are volume-normalized: kept as they are
    assert p["events_goldstein"][(710, 2018)] == 1.9 and p["events_q3"][(365, 2018)] == 1.0
    assert "events_store_n" not in panel


def test_events_in_a_year_no_file_covers_inform_nothing():
    panel = _panel([2023, 2024])
    ev = pd.DataFrame({"year": [2023, 2024], "ccode_a": [2, 2], "ccode_b": [710, 710],
                       "events_n": [3.0, 50.0], "events_store_n": [3.0, 50.0],
                       "events_goldstein": [1.0, 2.0], "events_q1": [1.0, 1.0],
                       "events_q2": [0.0, 0.0], "events_q3": [0.0, 0.0], "events_q4": [0.0, 0.0]})
    # a fetch of March 2024: GDELT dated three of its events in 2023
    ci._attach_events(panel, ev, (2023, 2024), {2024: 31 / 366})
    assert panel["events_n"].tolist() == [0.0, pytest.approx(10 * 31 / 366)]
    assert np.isnan(panel["events_goldstein"][0]) and panel["events_goldstein"][1] == 2.0


def test_without_events_nothing_is_partial():
    panel = _panel([2020])
    ci._attach_events(panel, pd.DataFrame(columns=["year", "ccode_a", "ccode_b"]), None, {})
    assert panel["events_partial"].tolist() == [False]
    assert np.isnan(panel["events_n"][0]) and np.isnan(panel["events_coverage"][0])
    assert "events_store_n" not in panel


def test_event_frame_reads_the_store_with_its_coverage_and_quad_shares(icews_store):
    con = store.connect(icews_store)
    try:
        ev, years = ci.event_frame(con)
    finally:
        con.close()
    assert years == (2018, 2019)
    assert ev.attrs["coverage"] == {2018: pytest.approx(2 / 365), 2019: 1.0}
    r = ev[(ev["year"] == 2018) & (ev["ccode_a"] == 2) & (ev["ccode_b"] == 710)].iloc[0]
    assert (r["events_store_n"], r["events_n"]) == (30.0, 30.0)   # no curated facts here
    assert (r["events_q1"], r["events_q4"]) == (1.0, 0.0)          # 042: verbal cooperation
    r = ev[(ev["year"] == 2018) & (ev["ccode_b"] == 365)].iloc[0]
    assert r["events_q4"] == 1.0                                   # 173: material conflict


def test_indicators_say_a_year_was_informed_by_a_partial_year_of_events():
    from amity.measures.closeness_model import DynamicFactor, Item

    rng = np.random.default_rng(0)
    rows = []
    for d in range(40):
        x = rng.normal()
        for y in range(2010, 2020):
            rows.append({"year": y, "ccode_a": 2 + d, "ccode_b": 900 + d,
                         "ally": float(x + rng.normal() > 0.5),
                         "events_goldstein": x + rng.normal(scale=0.5),
                         "events_n": 10.0 if y < 2019 else 10 * 2 / 365,
                         "events_coverage": 1.0 if y < 2019 else 2 / 365,
                         "events_partial": y == 2019})
    panel = pd.DataFrame(rows)
    items = (Item("ally", "ordinal", (1,)), Item("events_goldstein", "gaussian",
                                                 weight_by="events_n"))
    m = DynamicFactor(items=items, max_iter=3, anchor="ally").fit(panel)
    ind = m.predict(panel)["indicators"]
    yr = panel["year"].to_numpy()
    assert set(ind[yr < 2019]) == {"ally,events_goldstein"}
    assert set(ind[yr == 2019]) == {"ally,events_goldstein~partial(0.55%)"}
