"""Aggregates of the event store: hand-computed values, DuckDB vs Spark, panel verb, synth."""
from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from amity import store
from amity.errors import InputError
from amity.events import query
from amity.events.ingest import ingest
from amity.events.synth import synth
from amity.events.testing import gdelt_row, write_gdelt

EVENTS = [  # (date, actor1, actor2, code, mentions, tone)
    (20200105, "USA", "CHN", "163", 10, "-5.0"),   # -8.0, quad 4
    (20200120, "CHN", "USA", "042", 2, "1.0"),     # 1.9, quad 1
    (20200203, "USA", "CHN", "057", 4, "3.0"),     # 8.0, quad 1
    (20200203, "RUS", "UKR", "190", 1, ""),        # -10.0, quad 4, no tone
    (20210301, "UKR", "RUS", "0211", 3, "-2.0"),   # 3.4, quad 1
    (20200107, "USA", "", "010", 5, "0.0"),        # one actor only: not a dyad
    (20200108, "USA", "USA", "040", 5, "0.0"),     # same actor: not a dyad
    (20190601, "RUS", "CHN", "062", 5, "2.5"),     # 7.4, quad 2
]


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory):
    d = tmp_path_factory.mktemp("hand")
    rows = [gdelt_row(GLOBALEVENTID=i + 1, SQLDATE=dt, Actor1CountryCode=a, Actor2CountryCode=b,
                      EventCode=c, NumMentions=m, AvgTone=t)
            for i, (dt, a, b, c, m, t) in enumerate(EVENTS)]
    write_gdelt(d / "20210301000000.export.CSV", rows)
    db = d / "hand.duckdb"
    res = ingest(d / "20210301000000.export.CSV", "gdelt2", db=db)
    assert res["rows"] == 8
    return db


def _by_key(t, keys):
    return {tuple(r[k] for k in keys): r for r in t.to_pylist()}


def test_dyad_year_hand_computed(hand_store):
    t = query.aggregate(by="dyad-year", db=hand_store)
    rows = _by_key(t, ["a", "b", "year"])
    assert set(rows) == {("CHN", "USA", 2020), ("RUS", "UKR", 2020), ("RUS", "UKR", 2021),
                         ("CHN", "RUS", 2019)}
    r = rows[("CHN", "USA", 2020)]
    assert (r["events"], r["q1_verbal_coop"], r["q2_material_coop"], r["q3_verbal_conflict"],
            r["q4_material_conflict"]) == (3, 2, 0, 0, 1)
    assert r["goldstein_sum"] == pytest.approx(1.9, abs=1e-12)       # -8.0 + 1.9 + 8.0
    assert r["goldstein_mean"] == pytest.approx(1.9 / 3, abs=1e-12)
    assert r["mentions"] == 16
    assert r["tone_mw"] == pytest.approx((10 * -5 + 2 * 1 + 4 * 3) / 16)   # -2.25
    r = rows[("RUS", "UKR", 2020)]
    assert (r["events"], r["q4_material_conflict"], r["goldstein_sum"], r["tone_mw"]) == (1, 1, -10.0, None)
    assert rows[("CHN", "RUS", 2019)]["q2_material_coop"] == 1


def test_dyad_month_and_directed(hand_store):
    t = query.aggregate(by="dyad-month", db=hand_store)
    rows = _by_key(t, ["a", "b", "year", "month"])
    jan = rows[("CHN", "USA", 2020, 1)]
    assert (jan["events"], jan["goldstein_sum"], jan["goldstein_mean"]) == (2, -6.1, -3.05)
    assert jan["tone_mw"] == pytest.approx((10 * -5 + 2 * 1) / 12)
    assert rows[("CHN", "USA", 2020, 2)]["events"] == 1
    d = _by_key(query.aggregate(by="dyad-year", directed=True, db=hand_store), ["a", "b", "year"])
    assert d[("USA", "CHN", 2020)]["events"] == 2 and d[("USA", "CHN", 2020)]["goldstein_sum"] == 0.0
    assert d[("CHN", "USA", 2020)]["goldstein_sum"] == 1.9
    y = query.aggregate(by="dyad-year", years=(2021, None), db=hand_store)
    assert y.column("year").to_pylist() == [2021]
    with pytest.raises(InputError, match="unknown aggregation"):
        query.aggregate(by="dyad-week", db=hand_store)


def test_aggregate_cli_writes_parquet(hand_store, tmp_path, capsys):
    import json

    from amity.cli import main

    out = tmp_path / "dm.parquet"
    with pytest.raises(SystemExit) as e:
        main(["events", "aggregate", "--by", "dyad-month", "--out", str(out), "--json",
              "--db", str(hand_store)])
    assert e.value.code == 0
    res = json.loads(capsys.readouterr().out)
    assert res["rows"] == 5 and pd.read_parquet(out)["events"].sum() == 6


def test_dyad_year_aggregates_for_other_layers(hand_store):
    con = store.connect(hand_store)
    try:
        all_ = query.dyad_year_aggregates(con)
        assert all_.attrs["amity_events_years"] == (2019, 2021)
        rus = query.dyad_year_aggregates(con, "RUS")
        assert sorted(zip(rus["a"], rus["b"], rus["year"])) == [
            ("CHN", "RUS", 2019), ("RUS", "UKR", 2020), ("RUS", "UKR", 2021)]
        pair = query.dyad_year_aggregates(con, 369, 365)     # COW codes, either order
        assert list(pair["year"]) == [2020, 2021]
        assert list(pair["ccode_a"]) == [365, 365] and list(pair["ccode_b"]) == [369, 369]
        assert query.dyad_year_aggregates(con, "China", "United States")["events"].tolist() == [3]
        # cached in the store until the parts change
        assert con.execute("SELECT count(*) FROM event_dyad_year").fetchone()[0] == 4
    finally:
        con.close()


def test_add_events_panel_verb(hand_store):
    from amity.panel.add_events import add_events

    panel = pd.DataFrame({
        "ccode1": np.array([2, 2, 2, 365, 365, 2, 2], np.int32),
        "ccode2": np.array([710, 710, 710, 369, 710, 365, 710], np.int32),
        "year": np.array([2018, 2020, 2021, 2020, 2019, 2020, 2022], np.int32),
    })
    con = store.connect(hand_store)
    try:
        out = add_events(panel, con=con)
    finally:
        con.close()
    assert len(out) == len(panel) and list(out["year"]) == list(panel["year"])
    n = out["events_n"].tolist()
    assert n[0] is pd.NA and n[6] is pd.NA                   # outside 2019..2021: missing
    assert n[1:6] == [3, 0, 1, 1, 0]
    assert out["events_q1"].tolist()[1] == 2 and out["events_q4"].tolist()[3] == 1
    assert out["events_goldstein_sum"].tolist()[1] == pytest.approx(1.9)
    assert out["events_goldstein_mean"].tolist()[1] == pytest.approx(1.9 / 3)
    assert out["events_goldstein_mean"].tolist()[2] is pd.NA  # no events: mean undefined
    assert out["events_goldstein_sum"].tolist()[2] == 0
    assert out.attrs["amity"]["coverage"]["events"] == [2019, 2021]
    # the store holds one 15-minute GDELT 2.0 file, of 2021-03-01: that is its coverage, and
    # every year is partial (2019-2020 events are dated before the file that carries them)
    cov = out["events_coverage"].tolist()
    assert cov[0] is pd.NA and cov[6] is pd.NA
    assert cov[1:6] == [0.0, pytest.approx(1 / (96 * 365)), 0.0, 0.0, 0.0]
    assert out["events_partial"].tolist()[1:6] == [True] * 5


def test_spark_sql_is_transpiled_from_the_one_duckdb_text():
    duck = query.aggregate_sql("dyad-month")
    spark = query.aggregate_sql("dyad-month", dialect="spark")
    assert "LEAST(actor1, actor2)" in duck and "LEAST(actor1, actor2)" in spark
    assert "CAST(year AS INT)" in spark and "CAST(year AS INTEGER)" in duck
    import sqlglot

    sqlglot.parse_one(spark, read="spark")  # valid Spark SQL
    bq = query.aggregate_sql("dyad-year", dialect="bigquery")
    assert "GREATEST(actor1, actor2)" in bq and "INT64" in bq
    with pytest.raises(InputError, match="unknown SQL dialect"):
        query.aggregate_sql("dyad-year", dialect="cobol")
    with pytest.raises(InputError, match="needs --engine spark"):
        query.aggregate("s3a://bucket/events", by="dyad-year")


def test_synth_is_deterministic_and_skewed(tmp_path):
    a = synth(20_000, tmp_path / "a", fmt="parquet", seed=3, years=(2000, 2001))
    b = synth(20_000, tmp_path / "b", fmt="parquet", seed=3, years=(2000, 2001))
    assert a["rows"] == 20_000 and a["files"] == 24
    con = duckdb.connect()
    src = lambda d: f"read_parquet('{d}/year=*/month=*/*.parquet', hive_partitioning=true)"  # noqa: E731
    q = "SELECT event_id, date, actor1, actor2, cameo FROM {} ORDER BY event_id"
    assert con.execute(q.format(src(tmp_path / "a"))).fetchall() == \
        con.execute(q.format(src(tmp_path / "b"))).fetchall()
    top = con.execute(f"""SELECT count(*) AS n FROM {src(tmp_path / 'a')}
                          WHERE actor2 IS NOT NULL GROUP BY actor1, actor2 ORDER BY n DESC""").fetchall()
    counts = [r[0] for r in top]
    assert counts[0] > 20 * np.median(counts)                 # Zipf: a head far above the median
    codes = con.execute(f"SELECT DISTINCT cameo FROM {src(tmp_path / 'a')}").fetchall()
    assert all(isinstance(c[0], str) and len(c[0]) in (3, 4) for c in codes)
    assert any(c[0].startswith("0") for c in codes)
    share = con.execute(f"SELECT avg((actor2 IS NULL)::INT) FROM {src(tmp_path / 'a')}").fetchone()[0]
    assert 0.12 < share < 0.18
    # the gdelt2 files parse cleanly through the real ingest path
    g = synth(3_000, tmp_path / "g", fmt="gdelt2", seed=3, years=(2000, 2001), rows_per_file=1000)
    assert g["files"] == 3
    r = ingest(tmp_path / "g", "gdelt2", db=tmp_path / "s.duckdb")
    assert r["rows"] == 3_000 and r["rejected"] == 0 and not r["unresolved_actors"]


@pytest.mark.spark
@pytest.mark.slow
def test_duckdb_and_spark_give_identical_results(tmp_path, hand_store):
    pytest.importorskip("pyspark")
    synth(5_000, tmp_path / "ev", fmt="parquet", seed=11, years=(2010, 2010))
    try:
        for root in (tmp_path / "ev", Path(str(hand_store) + ".events")):
            for by, directed in (("dyad-month", False), ("dyad-year", True)):
                d = query.aggregate(root, by=by, directed=directed).to_pandas()
                s = query.aggregate(root, by=by, directed=directed, engine="spark").to_pandas()
                assert list(d.columns) == list(s.columns)
                assert len(d) == len(s) > 0
                exact = [c for c in d.columns if c != "tone_mw"]
                pd.testing.assert_frame_equal(d[exact], s[exact], check_exact=True)
                # tone: a float sum whose order differs between engines
                dt, st = d["tone_mw"].to_numpy(float), s["tone_mw"].to_numpy(float)
                assert np.array_equal(np.isnan(dt), np.isnan(st))
                ok = ~np.isnan(dt)
                assert np.allclose(dt[ok], st[ok], rtol=1e-12, atol=1e-12)
        # the README's command (`amity events aggregate --by dyad-month --engine spark --out
        # dm.parquet`), run here on this JVM instead of a fresh one in the README test
        _readme_spark_command(tmp_path, hand_store)
    finally:
        query.stop_spark()


def _readme_spark_command(tmp_path, db):
    import os

    import pyarrow.parquet as pq

    from amity.cli import main

    old = os.environ.get("AMITY_DB")
    os.environ["AMITY_DB"] = str(db)
    out = tmp_path / "dm.parquet"
    try:
        with pytest.raises(SystemExit) as ex:
            main(["events", "aggregate", "--by", "dyad-month", "--engine", "spark", "--out",
                  str(out)])
    finally:
        if old is None:
            os.environ.pop("AMITY_DB", None)
        else:
            os.environ["AMITY_DB"] = old
    assert ex.value.code == 0
    got = pq.read_table(out).to_pandas()
    want = query.aggregate(Path(str(db) + ".events"), by="dyad-month").to_pandas()
    exact = [c for c in want.columns if c != "tone_mw"]
    pd.testing.assert_frame_equal(got[exact], want[exact], check_exact=True,
                                  check_dtype=False)


def test_an_unreachable_spark_master_is_one_line_before_any_jvm(tmp_path, monkeypatch, capsys):
    """Issue 19: a master nobody listens on printed ~340 lines of Java after ~70 s; it is one
    line naming the URL and the cause, and no Spark session is started."""
    import socket

    from amity.cli import main

    pytest.importorskip("pyspark")
    with socket.socket() as s:          # a port that was free a moment ago: nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    synth(200, tmp_path / "ev", fmt="parquet", seed=1, years=(2010, 2010))
    monkeypatch.setenv("AMITY_DB", str(tmp_path / "s.duckdb"))
    with pytest.raises(SystemExit) as ex:
        main(["events", "aggregate", "--by", "dyad-year", "--engine", "spark",
              "--spark-master", f"spark://127.0.0.1:{port}", "--events-dir",
              str(tmp_path / "ev"), "--out", str(tmp_path / "x.parquet")])
    assert ex.value.code == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert f"cannot connect to the Spark master spark://127.0.0.1:{port}" in err[0]
    assert "refused" in err[0].lower()
    assert not query._SPARK and not (tmp_path / "x.parquet").exists()


@pytest.mark.parametrize("master", ["spark://nohost", "spark://:7077", "spark://h:port"])
def test_a_malformed_spark_master_is_refused_by_name(master):
    with pytest.raises(InputError, match="not spark://HOST:PORT"):
        query.check_spark_master(master)
