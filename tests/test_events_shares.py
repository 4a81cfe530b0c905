"""dyad_period_shares: quad shares and mean Goldstein normalized by volume, one event per
GLOBALEVENTID, partial periods flagged with their coverage."""
from __future__ import annotations

import pytest

from amity import cameo
from amity.errors import InputError
from amity.events.ingest import ingest
from amity.events.query import dyad_period_shares
from amity.events.testing import gdelt_row, write_gdelt


def _g(code: str) -> float:
    t = cameo.table()
    return float(t.loc[t["code"] == code, "goldstein"].iloc[0])


@pytest.fixture()
def store(tmp_path):
    rows = [  # CHN-RUS in 2020 (events on every day of January, see fillers: coverage comes
              # from the files' 15 minutes all the same)
        gdelt_row(GLOBALEVENTID=1, SQLDATE=20200105, Actor1CountryCode="CHN", Actor2CountryCode="RUS", EventCode="010"),
        gdelt_row(GLOBALEVENTID=2, SQLDATE=20200106, Actor1CountryCode="RUS", Actor2CountryCode="CHN", EventCode="070"),
        gdelt_row(GLOBALEVENTID=3, SQLDATE=20200107, Actor1CountryCode="CHN", Actor2CountryCode="RUS", EventCode="111"),
        gdelt_row(GLOBALEVENTID=4, SQLDATE=20200108, Actor1CountryCode="CHN", Actor2CountryCode="RUS", EventCode="190"),
    ]
    fillers = [gdelt_row(GLOBALEVENTID=100 + d, SQLDATE=20200100 + d, Actor1CountryCode="FRA",
                         Actor2CountryCode=None, EventCode="010") for d in range(1, 32)]
    a = write_gdelt(tmp_path / "20200131000000.export.CSV", rows + fillers)
    # a second file repeats event 4 (same GLOBALEVENTID) and adds one more CHN-RUS event
    b = write_gdelt(tmp_path / "20200201000000.export.CSV", [
        rows[3], gdelt_row(GLOBALEVENTID=5, SQLDATE=20200201, Actor1CountryCode="RUS",
                           Actor2CountryCode="CHN", EventCode="010")])
    db = tmp_path / "sh.duckdb"
    ingest([a, b], "gdelt2", db=db)
    return db


def test_shares_dedupe_and_coverage(store):
    y = dyad_period_shares(db=store)
    assert list(y[["a", "b", "year"]].itertuples(index=False, name=None)) == [("CHN", "RUS", 2020)]
    r = y.iloc[0]
    assert r["events"] == 5                               # event 4 once, not twice
    assert (r["q1_share"], r["q2_share"], r["q3_share"], r["q4_share"]) == (2 / 5, 1 / 5, 1 / 5, 1 / 5)
    assert r["goldstein_mean"] == pytest.approx((2 * _g("010") + _g("070") + _g("111") + _g("190")) / 5)
    # two 15-minute files of 2020 (a leap year), whatever the dates of their events
    assert r["days_in_period"] == 366 and r["days_covered"] == pytest.approx(2 / 96)
    assert r["coverage"] == pytest.approx(2 / (96 * 366)) and bool(r["partial"])

    m = dyad_period_shares(db=store, by="dyad-month")
    jan, feb = m.iloc[0], m.iloc[1]
    assert (jan["month"], jan["events"], feb["month"], feb["events"]) == (1, 4, 2, 1)
    assert jan["coverage"] == pytest.approx(1 / (96 * 31)) and bool(jan["partial"])
    assert feb["days_covered"] == pytest.approx(1 / 96) and feb["coverage"] == pytest.approx(1 / (96 * 29))
    assert jan["q4_share"] == 0.25 and feb["q1_share"] == 1.0


def test_shares_empty_range_and_bad_by(store):
    assert dyad_period_shares(db=store, years=(2021, 2022)).empty
    with pytest.raises(InputError) as ei:
        dyad_period_shares(db=store, by="dyad-week")
    assert ei.value.field == "--by"


def test_cli_aggregate_normalized_dyad_month(store, tmp_path, capsys):
    import json

    import pandas as pd

    from amity.cli import main

    out = tmp_path / "dm.parquet"
    with pytest.raises(SystemExit) as e:
        main(["events", "aggregate", "--by", "dyad-month", "--normalized", "--out", str(out),
              "--json", "--db", str(store)])
    assert e.value.code == 0
    res = json.loads(capsys.readouterr().out)
    assert (res["rows"], res["periods"], res["partial_periods"]) == (2, 2, 2)
    df = pd.read_parquet(out)
    assert list(df.columns) == ["a", "b", "year", "month", "events", "q1_share", "q2_share",
                                "q3_share", "q4_share", "goldstein_mean", "days_covered",
                                "days_in_period", "coverage", "partial"]
    assert df["events"].tolist() == [4, 1]                  # event 4 once
    assert (df[["q1_share", "q2_share", "q3_share", "q4_share"]].sum(axis=1) == 1).all()
    with pytest.raises(SystemExit) as e:
        main(["events", "aggregate", "--normalized", "--engine", "spark", "--out", str(out),
              "--db", str(store)])
    assert e.value.code != 0


def test_one_event_per_globaleventid_across_batches(tmp_path):
    """A second ingest carrying an event the store holds (the same GLOBALEVENTID: the file
    unzipped, or re-exported): every aggregate counts it once; the parts' footers tell the
    aggregation when it can skip the de-duplication."""
    from amity import store as _store
    from amity.events import query
    from amity.events import store as es

    ev = [gdelt_row(GLOBALEVENTID=i, SQLDATE=20200105, Actor1CountryCode="CHN",
                    Actor2CountryCode="RUS", EventCode="010") for i in (1, 2, 3)]
    a = write_gdelt(tmp_path / "20200105000000.export.CSV", ev)
    b = write_gdelt(tmp_path / "20200105001500.export.CSV", [ev[2]])       # a copy of event 3
    c = write_gdelt(tmp_path / "20200105003000.export.CSV", [
        gdelt_row(GLOBALEVENTID=4, SQLDATE=20200105, Actor1CountryCode="CHN",
                  Actor2CountryCode="RUS", EventCode="010")])
    db = tmp_path / "d.duckdb"
    for f in (a, c):
        ingest(f, "gdelt2", db=db)
    root = es.events_dir(db)
    assert not query._needs_dedupe(es.part_files(root))     # distinct ids, disjoint ranges
    ingest(b, "gdelt2", db=db)
    parts = es.part_files(root)
    assert len(parts) == 3 and query._needs_dedupe(parts)     # event 3's range met again
    assert query.aggregate(db=db, by="dyad-year").column("events").to_pylist() == [4]
    assert query.aggregate(db=db, by="dyad-year", strategy="single").column("events").to_pylist() == [4]
    assert query.aggregate(db=db, by="dyad-year", dedupe=False).column("events").to_pylist() == [5]
    con = _store.connect(db)
    try:
        assert query.dyad_year_aggregates(con)["events"].tolist() == [4]
    finally:
        con.close()
    assert dyad_period_shares(db=db)["events"].tolist() == [4]
