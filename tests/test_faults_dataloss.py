"""Issue 19, data loss: each case fails before its fix."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from amity.events import store as es
from amity.events.ingest import ingest
from amity.events.query import dyad_year_aggregates, stats
from amity.events.synth import synth
from amity.reliability.backup import backup, restore


def _ingest(tmp_path, name, seed, db, years=(2003, 2004), rows=300):
    d = tmp_path / name
    synth(rows, d, fmt="gdelt2", seed=seed, years=years, rows_per_file=rows)
    return ingest(sorted(d.glob("*.CSV")), "gdelt2", db=db)


def _dy(db):
    from amity import store

    con = store.connect(db)
    try:
        df = dyad_year_aggregates(con)
    finally:
        con.close()
    return df.sort_values(["a", "b", "year"]).reset_index(drop=True)


def test_backup_carries_the_actor_dictionary(tmp_path):
    db = tmp_path / "s.duckdb"
    _ingest(tmp_path, "g1", 1, db)
    before = _dy(db)
    bk = tmp_path / "bk.duckdb"
    backup(bk, db)
    assert (Path(str(bk) + ".events") / es.ACTOR_DICT).is_file()
    r = tmp_path / "r.duckdb"
    restore(bk, r, check=False)
    # a second source with other actors: old codes must keep their meaning
    _ingest(tmp_path, "g2", 7, r, years=(2010, 2010))
    after = _dy(r)
    old = after[after["year"] <= 2004][list(before.columns)].reset_index(drop=True)
    pd.testing.assert_frame_equal(old[["a", "b", "year", "events"]],
                                  before[["a", "b", "year", "events"]], check_dtype=False)


_KILL = """
import os, sys
os.environ["AMITY_EVENTS_CRASH"] = sys.argv[3]
from amity.reliability.backup import restore
restore(sys.argv[1], sys.argv[2], check=False)
"""


@pytest.mark.parametrize("point", ["restore-events-aside", "restore-events-in",
                                   "restore-file-in"])
def test_restore_killed_mid_swap_is_completed(tmp_path, point):
    db = tmp_path / "s.duckdb"
    _ingest(tmp_path, "g1", 1, db)
    bk = tmp_path / "bk.duckdb"
    backup(bk, db)
    want = _dy(db)
    _ingest(tmp_path, "g2", 7, db, years=(2010, 2010))     # the store moves on
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1] / "src"))
    p = subprocess.run([sys.executable, "-c", _KILL, str(bk), str(db), point], env=env,
                       capture_output=True, text=True)
    assert p.returncode == -9, p.stderr
    # the next open completes the swap: the backup's file with the backup's events, whole
    got = _dy(db)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert not Path(str(db) + ".restore-journal.json").exists()
    from amity.reliability.check import check_path

    assert check_path(db).ok


def test_reads_of_another_stores_folder_delete_nothing(tmp_path):
    a = tmp_path / "a.duckdb"
    _ingest(tmp_path, "g1", 1, a)
    root = Path(str(a) + ".events")
    n = len(es.part_files(root))
    b = tmp_path / "b.duckdb"
    stats(b, root=root)
    assert len(es.part_files(root)) == n
    from amity.errors import InputError

    d = tmp_path / "g3"
    synth(100, d, fmt="gdelt2", seed=3, years=(2005, 2005), rows_per_file=100)
    with pytest.raises(InputError, match="belongs to the store"):
        ingest(sorted(d.glob("*.CSV")), "gdelt2", db=b, root=root)
    assert len(es.part_files(root)) == n


def test_aggregate_counts_only_committed_parts(tmp_path):
    a = tmp_path / "a.duckdb"
    _ingest(tmp_path, "g1", 1, a)
    root = Path(str(a) + ".events")
    from amity.events.query import aggregate

    total = sum(aggregate(root=root, by="dyad-year").column("events").to_pylist())
    assert total > 0
    # what a crash after moving the parts and before the manifest leaves
    p = es.part_files(root)[0]
    (p.parent / ("ing-" + "e" * 24 + "-200301.parquet")).write_bytes(p.read_bytes())
    t = aggregate(root=root, by="dyad-year")
    n = sum(t.column("events").to_pylist())
    assert n == total


def test_curated_file_of_same_name_elsewhere_keeps_first_facts(tmp_path):
    from amity import store
    from amity.knowledge.loader import load_curated

    src = sorted((Path(__file__).parents[1] / "src/amity/data/curated").glob("*.csv"))[0]
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "facts_local.csv").write_text("".join(lines[:3]), encoding="utf-8")
    (tmp_path / "two" / "facts_local.csv").write_text(lines[0] + "".join(lines[3:5]),
                                                      encoding="utf-8")
    con = store.connect(tmp_path / "c.duckdb")
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path / "one")
        first = load_curated(con, "facts_local.csv")
        os.chdir(tmp_path / "two")
        second = load_curated(con, "facts_local.csv")
    finally:
        os.chdir(cwd)
        n = con.execute("SELECT count(*) FROM relations WHERE prov_kind = 'curated'").fetchone()[0]
        con.close()
    assert first["inserted"] > 0 and second["removed"] == 0
    assert n == first["relations"] + second["relations"]
