"""Partition-wise DuckDB aggregation over integer actor codes: same rows as the single query."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from amity.events import query
from amity.events import store as es
from amity.events.ingest import ingest
from amity.events.synth import synth
from amity.events.testing import gdelt_row, write_gdelt


def _same(p: pa.Table, s: pa.Table) -> None:
    """Equal tables: every column exactly, the mentions-weighted tone to 1e-12 (float order)."""
    assert p.schema == s.schema
    assert p.num_rows == s.num_rows > 0
    assert p.drop_columns(["tone_mw"]).equals(s.drop_columns(["tone_mw"]))
    tp = p.column("tone_mw").to_numpy(zero_copy_only=False).astype(float)
    ts = s.column("tone_mw").to_numpy(zero_copy_only=False).astype(float)
    assert np.array_equal(np.isnan(tp), np.isnan(ts))
    ok = ~np.isnan(tp)
    assert np.allclose(tp[ok], ts[ok], rtol=1e-12, atol=1e-12)


@pytest.fixture(scope="module")
def synth_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("part") / "ev"
    synth(60_000, root, fmt="parquet", seed=7, years=(2001, 2004))
    return root


@pytest.mark.parametrize("by,directed,years", [
    ("dyad-month", False, (None, None)),
    ("dyad-year", False, (None, None)),
    ("dyad-year", True, (None, None)),
    ("dyad-month", True, (2002, 2003)),
])
def test_partitioned_equals_single_query(synth_root, by, directed, years):
    # tiny chunks, so that many chunks (and both workers) are used on a small store
    p = query._aggregate_partitioned(synth_root, by, directed=directed, years=years,
                                     workers=2, chunk_rows=3_000)
    s = query.aggregate(synth_root, by=by, directed=directed, years=years, strategy="single")
    _same(p, s)
    assert query.aggregate(synth_root, by=by, directed=directed, years=years).num_rows == p.num_rows
    if years[0] is not None:
        assert set(p.column("year").to_pylist()) == {2002, 2003}


def test_dyad_year_chunks_never_split_a_year(synth_root):
    chunks = query._plan_chunks(es.partitions(synth_root), True, 1, monthly=False)
    years = [{int(f.parent.parent.name.split("=")[1]) for f in files} for _, files in chunks]
    assert all(len(y) == 1 for y in years) and len(chunks) == 4
    monthly = query._plan_chunks(es.partitions(synth_root), True, 1, monthly=True)
    assert len(monthly) == 48 and all(k for k, _ in monthly)


def test_synth_parts_carry_codes_and_are_sorted_by_dyad(synth_root):
    ids = es.load_actor_dict(synth_root)
    assert ids and len(ids) == len(set(ids))
    f = sorted(synth_root.glob("year=2003/month=5/*.parquet"))[0]
    t = pq.read_table(f)
    k1, k2 = t.column("actor1_key"), t.column("actor2_key")
    assert t.schema.field("actor1_key").type == pa.int16()
    # a code is the position of the id in the dictionary; NULL exactly where the id is
    names = pa.array(ids)
    assert pc.take(names, k1).to_pylist() == t.column("actor1").to_pylist()
    assert pc.take(names, k2).to_pylist() == t.column("actor2").to_pylist()
    lo = np.minimum(k1.to_numpy(zero_copy_only=False), k2.to_numpy(zero_copy_only=False))
    hi = np.maximum(k1.to_numpy(zero_copy_only=False), k2.to_numpy(zero_copy_only=False))
    keyed = ~np.isnan(lo)
    assert not keyed[np.argmin(keyed):].any()            # rows without a dyad come last
    pair = lo[keyed] * 100_000 + hi[keyed]
    assert (np.diff(pair) >= 0).all()                    # rows grouped by dyad


def test_mixed_store_old_parts_without_codes(tmp_path, synth_root):
    """Parts written before the codes existed are read through the string query."""
    import shutil

    root = tmp_path / "mixed"
    shutil.copytree(synth_root, root)
    olds = sorted(root.glob("year=2002/month=*/*.parquet"))[:5]
    for f in olds:                                       # strip the codes: an "old" part
        t = pq.read_table(f).drop_columns(list(es.KEY_COLUMNS))
        pq.write_table(t, f)
    # a month holding one old and one new part (two files in one partition)
    f = olds[0]
    extra = f.with_name("synth-extra.parquet")
    t = pq.read_table(sorted(root.glob("year=2004/month=1/*.parquet"))[0])
    # other events (ids of their own: copies of one event share its date and partition)
    i = t.schema.get_field_index("event_id")
    t = t.set_column(i, "event_id", pc.binary_join_element_wise("x", t.column(i), ""))
    pq.write_table(t, extra)
    chunks = query._plan_chunks(es.partitions(root), True, 10_000, monthly=True)
    assert any(not k for k, _ in chunks) and any(k for k, _ in chunks)
    for by, directed in (("dyad-month", False), ("dyad-year", True)):
        p = query._aggregate_partitioned(root, by, directed=directed, workers=2, chunk_rows=10_000)
        s = query.aggregate(root, by=by, directed=directed, strategy="single")
        _same(p, s)
    # no (or an unreadable) dictionary: everything through the string columns, same rows
    (root / es.ACTOR_DICT).write_text("{not json", encoding="utf-8")
    assert es.load_actor_dict(root) is None
    _same(query._aggregate_partitioned(root, "dyad-month", workers=1),
          query.aggregate(root, by="dyad-month", strategy="single"))


def test_ingest_extends_the_dictionary_append_only(tmp_path):
    db = tmp_path / "s.duckdb"
    f1 = write_gdelt(tmp_path / "20200101000000.export.CSV", [
        gdelt_row(GLOBALEVENTID=1, SQLDATE=20200105, Actor1CountryCode="USA", Actor2CountryCode="CHN"),
        gdelt_row(GLOBALEVENTID=2, SQLDATE=20200106, Actor1CountryCode="RUS", Actor2CountryCode="")])
    ingest(f1, "gdelt2", db=db)
    root = es.events_dir(db)
    first = es.load_actor_dict(root)
    assert sorted(first) == ["CHN", "RUS", "USA"]
    f2 = write_gdelt(tmp_path / "20200201000000.export.CSV", [
        gdelt_row(GLOBALEVENTID=3, SQLDATE=20200205, Actor1CountryCode="UKR", Actor2CountryCode="RUS"),
        gdelt_row(GLOBALEVENTID=4, SQLDATE=20200206, Actor1CountryCode="CHN", Actor2CountryCode="USA")])
    ingest(f2, "gdelt2", db=db)
    second = es.load_actor_dict(root)
    assert second[:len(first)] == first and second[len(first):] == ["UKR"]
    t = query.aggregate(by="dyad-month", db=db)
    assert t.select(["a", "b", "year", "month", "events"]).to_pylist() == [
        {"a": "CHN", "b": "USA", "year": 2020, "month": 1, "events": 1},
        {"a": "CHN", "b": "USA", "year": 2020, "month": 2, "events": 1},
        {"a": "RUS", "b": "UKR", "year": 2020, "month": 2, "events": 1}]
    _same(t, query.aggregate(by="dyad-month", db=db, strategy="single"))
    assert json.loads((root / es.ACTOR_DICT).read_text()) == second
    with pytest.raises(Exception, match="unknown strategy"):
        query.aggregate(by="dyad-month", db=db, strategy="fast")


def test_empty_year_range_gives_an_empty_typed_table(synth_root):
    t = query.aggregate(synth_root, by="dyad-month", years=(1990, 1991))
    assert t.num_rows == 0 and t.schema == query._result_schema("dyad-month")
    assert t.schema == query.aggregate(synth_root, by="dyad-month", years=(1990, 1991),
                                       strategy="single").schema


def test_rows_come_by_period_then_dyad_and_out_file_is_the_same(synth_root, tmp_path):
    t = query._aggregate_partitioned(synth_root, "dyad-month", workers=2, chunk_rows=2_000)
    rows = list(zip(*(t.column(c).to_pylist() for c in ("year", "month", "a", "b"))))
    assert rows == sorted(rows) and len(set(rows)) == len(rows)
    assert all(a < b for _, _, a, b in rows)              # non-directed: a < b by id
    res = query.aggregate(synth_root, by="dyad-month", out=tmp_path / "dm.parquet")
    assert res["rows"] == t.num_rows
    _same(pq.read_table(tmp_path / "dm.parquet"), query.aggregate(synth_root, by="dyad-month"))
    assert not list(tmp_path.glob("*.tmp"))
