"""`amity db check`, `amity db backup`, `amity db restore`: integrity findings on hand-broken
stores, backup/restore round trips, and the refusals (in use, not a store, failing check)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from amity import store
from amity.errors import InputError, NotFoundError, StoreLockedError
from amity.reliability import BackupError, backup, check_path, check_store, restore

ACTORS = {"CHN", "RUS", "USA", "SUN", "EU", "DEU", "FRA"}


def _fact(**kw):
    row = {"kind": "treaty", "date": "2001-07-16", "source_actor": None, "target_actor": None,
           "parties": ["CHN", "RUS"], "name": "Treaty of Good-Neighborliness",
           "prov_kind": "curated", "prov_ref": "test: treaty text"}
    row.update(kw)
    return row


def _seed(con) -> None:
    store.write_relations(con, [_fact(), _fact(date="1950-02-14", parties=["CHN", "SUN"],
                                               name="Sino-Soviet Treaty")],
                          kind="test", source="t")
    store.replace_dataset(con, "toy", pd.DataFrame({"a": [1, 2, 3]}), version="1", sha256="x" * 64)


def _failed(rep) -> set[str]:
    return {f.name for f in rep.findings if not f.ok}


def test_clean_store_passes_every_check(tmp_db):
    con = store.connect(tmp_db)
    _seed(con)
    rep = check_store(con, path=tmp_db, actor_ids=ACTORS)
    con.close()
    assert rep.ok and not _failed(rep)
    names = {f.name for f in rep.findings}
    assert {"relation ids unique", "actor ids resolve", "batches resolve", "provenance present",
            "dataset tables exist", "dataset row counts", "ds_ tables recorded"} <= names


def test_each_breakage_is_named(tmp_db):
    con = store.connect(tmp_db)
    _seed(con)
    # an actor the registry does not know, written around write_relations' checks
    store.write_relations(con, [_fact(parties=["CHN", "ZZZ"], name="ghost")], kind="t",
                          source="t2")
    # a relation whose batch was never recorded, and one without provenance
    con.execute("UPDATE relations SET batch_id = 'nobatch' WHERE name = 'Sino-Soviet Treaty'")
    con.execute("UPDATE relations SET prov_ref = '' WHERE name = 'ghost'")
    # dataset record without table, table without record, wrong row count
    con.execute("INSERT INTO datasets VALUES ('gone', '1', 'y', 5, 'ds_gone', now(), '{}')")
    con.execute("CREATE TABLE ds_stray AS SELECT 1 AS a")
    con.execute("DELETE FROM ds_toy WHERE a = 1")
    con.execute("INSERT INTO quarantine VALUES ('b', 's', 'f.csv', 3, 'x', '', NULL, now())")
    rep = check_store(con, path=tmp_db, actor_ids=ACTORS)
    con.close()
    assert not rep.ok
    failed = _failed(rep)
    assert {"actor ids resolve", "batches resolve", "provenance present", "dataset tables exist",
            "ds_ tables recorded", "dataset row counts", "quarantine reasons"} <= failed
    by = {f.name: f for f in rep.findings}
    assert by["actor ids resolve"].examples == [["ZZZ", "parties"]]
    assert by["batches resolve"].examples == ["nobatch"]
    assert by["dataset row counts"].examples == [["toy", 3, 2]]
    assert by["ds_ tables recorded"].examples == ["ds_stray"]
    # editing an identifying field in place breaks the content hash (a warning)
    assert "ids match content" in failed and by["ids match content"].level == "warning"


def test_duplicate_ids_found_in_a_store_without_the_key(tmp_path):
    # a store written by something that dropped the primary key (e.g. a bad import)
    p = tmp_path / "nokey.duckdb"
    con = store.connect(p)
    _seed(con)
    con.execute("CREATE TABLE r2 AS SELECT * FROM relations")
    con.execute("INSERT INTO r2 SELECT * FROM relations LIMIT 1")
    con.execute("DROP TABLE relations")
    con.execute("ALTER TABLE r2 RENAME TO relations")
    rep = check_store(con, actor_ids=ACTORS)
    con.close()
    by = {f.name: f for f in rep.findings}
    assert not by["relation ids unique"].ok and by["relation ids unique"].count == 1


def test_event_manifest_checked_against_parts(tmp_path):
    from amity.events.ingest import ingest
    from amity.events.synth import synth

    d = tmp_path / "g"
    synth(300, d, fmt="gdelt2", seed=3, years=(2003, 2004), rows_per_file=100)
    db = tmp_path / "e.duckdb"
    ingest(sorted(d.glob("*.CSV")), "gdelt2", db=db, batch_rows=150)
    rep = check_path(db, actor_ids=ACTORS)
    by = {f.name: f for f in rep.findings}
    assert rep.ok and by["event rows match manifest"].ok and by["event parts committed"].ok
    # lose one committed part: the batch's count no longer matches
    root = Path(str(db) + ".events")
    parts = sorted(root.glob("year=*/month=*/ing-*.parquet"))
    parts[0].unlink()
    # and leave an uncommitted part behind (what a crash before the manifest leaves)
    (parts[1].parent / ("ing-" + "f" * 24 + "-0.parquet")).write_bytes(parts[1].read_bytes())
    rep = check_path(db, actor_ids=ACTORS)
    by = {f.name: f for f in rep.findings}
    assert not rep.ok and not by["event rows match manifest"].ok
    assert not by["event parts committed"].ok and by["event parts committed"].level == "warning"
    assert by["event parts committed"].examples == ["f" * 24]


def test_backup_restore_round_trip(tmp_path):
    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    _seed(con)
    before = store.status(con)["tables"]
    con.close()
    ev = Path(str(db) + ".events") / "year=2001" / "month=1"
    ev.mkdir(parents=True)
    (ev / "synth-a.parquet").write_bytes(b"PAR1")
    bk = tmp_path / "bk" / "b.duckdb"
    res = backup(bk, db)
    assert res["tables"] == before and res["event_files"] == 1 and bk.is_file()
    assert not any(p.name.startswith(".") for p in bk.parent.iterdir())  # no temp left
    with pytest.raises(BackupError, match="exists"):
        backup(bk, db)
    # damage the store, then restore
    con = store.connect(db)
    con.execute("DELETE FROM relations")
    con.execute("DROP TABLE ds_toy")
    con.close()
    out = restore(bk, db, check=False)
    con = store.connect(db, read_only=True)
    assert store.status(con)["tables"] == before
    con.close()
    assert out["previous"] and Path(out["previous"]).is_file()
    prev = duckdb.connect(out["previous"], read_only=True)
    assert prev.execute("SELECT count(*) FROM relations").fetchone()[0] == 0
    prev.close()
    assert (Path(str(db) + ".events") / "year=2001" / "month=1" / "synth-a.parquet").is_file()


def test_restore_into_a_new_location_and_with_check(tmp_path):
    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    _seed(con)
    con.close()
    bk = tmp_path / "b.duckdb"
    backup(bk, db)
    new = tmp_path / "fresh" / "n.duckdb"
    res = restore(bk, new)           # runs the integrity check (real registry)
    assert res["previous"] is None and res["tables"]["relations"] == 2
    assert check_path(new).ok


def test_restore_refuses_a_broken_or_foreign_file(tmp_path):
    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    _seed(con)
    con.close()
    before = db.read_bytes()
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(InputError, match="not a readable DuckDB store") as e:
        restore(junk, db)
    assert e.value.file == str(junk)
    foreign = tmp_path / "foreign.duckdb"
    c = duckdb.connect(str(foreign))
    c.execute("CREATE TABLE t AS SELECT 1 AS a")
    c.close()
    with pytest.raises(InputError, match="not an Amity store"):
        restore(foreign, db)
    # a truncated backup
    bk = tmp_path / "b.duckdb"
    backup(bk, db)
    trunc = tmp_path / "t.duckdb"
    trunc.write_bytes(bk.read_bytes()[: bk.stat().st_size // 3])
    with pytest.raises(InputError, match="truncated or damaged|not a readable") as e:
        restore(trunc, db)
    assert e.value.file == str(trunc)
    # an Amity store that fails its integrity check
    bad = tmp_path / "bad.duckdb"
    c = store.connect(bad)
    _seed(c)
    c.execute("UPDATE relations SET batch_id = 'nobatch'")
    c.close()
    with pytest.raises(BackupError, match="integrity"):
        restore(bad, db)
    with pytest.raises(NotFoundError):
        restore(tmp_path / "none.duckdb", db)
    assert db.read_bytes() == before     # nothing above touched the store
    assert not [p for p in tmp_path.iterdir() if ".restore-" in p.name]


HOLD = """
import sys, time, duckdb
c = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def test_backup_and_restore_refuse_a_store_in_use(tmp_path):
    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    _seed(con)
    con.close()
    bk = tmp_path / "b.duckdb"
    backup(bk, db)
    before = db.read_bytes()
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "held"
        with pytest.raises(StoreLockedError):
            restore(bk, db)
        with pytest.raises(StoreLockedError):
            backup(tmp_path / "b2.duckdb", db)
    finally:
        p.kill()
        p.wait()
    assert db.read_bytes() == before
    assert not (tmp_path / "b2.duckdb").exists()
    # a live `amity serve` marker also refuses, even when the file itself is free
    Path(str(db) + ".serve.json").write_text(json.dumps({"pid": os.getpid(),
                                                          "url": "http://127.0.0.1:1"}))
    with pytest.raises(StoreLockedError, match="amity serve"):
        restore(bk, db)
    # a stale marker (dead pid) does not
    Path(str(db) + ".serve.json").write_text(json.dumps({"pid": 2 ** 22 + 12345}))
    assert restore(bk, db)["tables"]["relations"] == 2


def test_cli_check_backup_restore(tmp_path, capsys, monkeypatch):
    from amity.cli import main

    db = tmp_path / "c.duckdb"
    monkeypatch.setenv("AMITY_DB", str(db))
    con = store.connect(db)
    _seed(con)
    con.close()

    def run(*args):
        try:
            main(list(args))
        except SystemExit as e:
            return e.code or 0
        return 0

    assert run("db", "check", "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["errors"] == 0
    bk = tmp_path / "b.duckdb"
    assert run("db", "backup", str(bk), "--json") == 0
    assert json.loads(capsys.readouterr().out)["tables"]["relations"] == 2
    assert run("db", "backup", str(bk)) == 5
    err = capsys.readouterr().err
    assert "exists" in err and "Traceback" not in err
    con = store.connect(db)
    con.execute("UPDATE relations SET batch_id = 'nobatch'")
    con.close()
    assert run("db", "check", "--json") == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["errors"] >= 1
    assert run("db", "restore", str(bk), "--json") == 0
    capsys.readouterr()
    assert run("db", "check") == 0
    assert run("db", "check", "--db", str(tmp_path / "nothing.duckdb")) != 0
    assert "no store" in capsys.readouterr().err
