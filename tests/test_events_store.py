"""Event store: idempotent ingest, quarantine, crash recovery (SIGKILL), the serve lock, CLI."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from amity import store
from amity.errors import InputError, StoreLockedError
from amity.events import store as es
from amity.events.ingest import ingest
from amity.events.synth import synth
from amity.events.testing import gdelt_row, write_gdelt

ROOT = Path(__file__).resolve().parents[1]


def _rows(root: Path) -> list[tuple]:
    """Every stored event as (file name, line, event_id, cameo, actor1, actor2), sorted."""
    if not es.part_files(root):
        return []
    con = duckdb.connect()
    try:
        return con.execute(
            f"SELECT regexp_extract(file, '[^/]+$'), line, event_id, cameo, actor1, actor2, "
            f"year, month FROM {es.parquet_source(root)} ORDER BY 1, 2").fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def gdelt_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("g2")
    synth(1600, d, fmt="gdelt2", seed=7, years=(2001, 2004), rows_per_file=400)
    return d


def test_ingest_is_idempotent_and_counts(tmp_path, gdelt_dir):
    db = tmp_path / "a.duckdb"
    r1 = ingest(sorted(gdelt_dir.glob("*.CSV")), "gdelt2", db=db, batch_rows=700)
    assert r1["files"] == {"seen": 4, "ingested": 4, "already": 0, "skipped_since": 0}
    assert r1["rows"] == 1600 and r1["rejected"] == 0 and r1["batches"] == 2
    root = Path(str(db) + ".events")
    rows = _rows(root)
    assert len(rows) == 1600 and len(set(r[2] for r in rows)) == 1600
    # the Hive partitions agree with the dates
    assert all(2001 <= r[6] <= 2004 and 1 <= r[7] <= 12 for r in rows)
    r2 = ingest(str(gdelt_dir / "*.CSV"), "gdelt2", db=db)
    assert r2["files"]["already"] == 4 and r2["rows"] == 0
    assert _rows(root) == rows
    con = store.connect(db)
    m = con.execute("SELECT count(*), sum(rows), min(status), max(status) FROM event_files").fetchone()
    assert m == (4, 1600, "done", "done")
    con.close()


def test_since_skips_stamped_files_and_early_events(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    write_gdelt(d / "20190101000000.export.CSV", [gdelt_row(GLOBALEVENTID=1, SQLDATE=20181231)])
    write_gdelt(d / "20200101000000.export.CSV",
                [gdelt_row(GLOBALEVENTID=2, SQLDATE=20191231),
                 gdelt_row(GLOBALEVENTID=3, SQLDATE=20200101)])
    r = ingest(d, "gdelt2", db=tmp_path / "s.duckdb", since="2020-01-01")
    assert r["files"]["skipped_since"] == 1 and r["rows"] == 1 and r["skipped_since"] == 1
    with pytest.raises(InputError, match="--since"):
        ingest(d, "gdelt2", db=tmp_path / "s.duckdb", since="last tuesday")


def test_malformed_rows_quarantined_and_run_continues(tmp_path):
    f1 = write_gdelt(tmp_path / "1.CSV", [gdelt_row(GLOBALEVENTID=1), "bad\tline",
                                          gdelt_row(GLOBALEVENTID=2, EventCode="X10")])
    f2 = write_gdelt(tmp_path / "2.CSV", [gdelt_row(GLOBALEVENTID=3, SQLDATE="2020-01-01")])
    f3 = write_gdelt(tmp_path / "3.CSV", [gdelt_row(GLOBALEVENTID=4)])
    db = tmp_path / "q.duckdb"
    r = ingest([f1, f2, f3], "gdelt2", db=db)
    assert r["rows"] == 2 and r["rejected"] == 3 and r["files"]["ingested"] == 3
    con = store.connect(db)
    q = con.execute("SELECT file, line, field, reason, source FROM quarantine ORDER BY file, line").fetchall()
    assert [(Path(a).name, b, c, d) for a, b, c, d, _ in q] == [
        ("1.CSV", 2, None, "wrong column count: 2 (expected 61)"),
        ("1.CSV", 3, "EventCode", "non-numeric CAMEO code"),
        ("2.CSV", 1, "SQLDATE", "bad date (expected %Y%m%d, between 1800 and 2100)"),
    ]
    assert {s for *_, s in q} == {"events:gdelt2"}
    con.close()
    ingest([f1, f2, f3], "gdelt2", db=db)  # re-run: nothing new, nothing quarantined twice
    con = store.connect(db)
    assert con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 3
    con.close()


def _ingest_cmd(db: Path, src: Path) -> list[str]:
    code = ("import sys; from amity.events.ingest import ingest; "
            f"ingest({str(src / '*.CSV')!r}, 'gdelt2', db={str(db)!r}, batch_rows=400)")
    return [sys.executable, "-c", code]


def _env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


@pytest.mark.slow
def test_sigkill_at_any_point_then_rerun_gives_the_uninterrupted_rows(tmp_path, gdelt_dir):
    ref_db = tmp_path / "ref.duckdb"
    ingest(str(gdelt_dir / "*.CSV"), "gdelt2", db=ref_db, batch_rows=400)
    reference = _rows(Path(str(ref_db) + ".events"))
    assert len(reference) == 1600
    points = ["staged:1", "moving:2", "moved:3", "committed:2"]
    for i, point in enumerate(points):
        db = tmp_path / f"crash{i}.duckdb"
        p = subprocess.run(_ingest_cmd(db, gdelt_dir), env=_env(AMITY_EVENTS_CRASH=point),
                           capture_output=True, timeout=300)
        assert p.returncode == -signal.SIGKILL, (point, p.stderr.decode()[-2000:])
        root = Path(str(db) + ".events")
        # the kill left something behind (staged data or uncommitted parts) except after a commit
        r = ingest(str(gdelt_dir / "*.CSV"), "gdelt2", db=db, batch_rows=400)
        if point.startswith(("staged", "moving", "moved")):
            assert r["recovered"]["staging"] >= 1
        if point.startswith(("moving", "moved")):
            assert r["recovered"]["parts"] >= 1
        assert _rows(root) == reference, point
        assert not (root / "_staging").exists() or not any((root / "_staging").iterdir())
    # and a kill from outside at a random moment
    rng = random.Random(1)
    for j in range(2):
        db = tmp_path / f"ext{j}.duckdb"
        proc = subprocess.Popen(_ingest_cmd(db, gdelt_dir), env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        ingest(str(gdelt_dir / "*.CSV"), "gdelt2", db=db, batch_rows=400)
        assert _rows(Path(str(db) + ".events")) == reference


def test_ingest_refused_while_serve_holds_the_store(tmp_path, gdelt_dir):
    db = tmp_path / "served.duckdb"
    store.connect(db).close()
    Path(str(db) + ".serve.json").write_text(json.dumps({"pid": 4242, "url": "http://127.0.0.1:8765"}))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, env=_env())
    try:
        assert holder.stdout.readline().strip() == b"ready"
        with pytest.raises(StoreLockedError, match=r"amity serve \(pid 4242\) at http://127.0.0.1:8765"):
            ingest(str(gdelt_dir / "*.CSV"), "gdelt2", db=db)
    finally:
        holder.kill()
        holder.wait()


def _cli(capsys, *args) -> tuple[int, str, str]:
    from amity.cli import main

    try:
        main(["events", *args])
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_ingest_and_stats(tmp_path, gdelt_dir, capsys):
    db = str(tmp_path / "cli.duckdb")
    code, out, err = _cli(capsys, "ingest", str(gdelt_dir / "*.CSV"), "--format", "gdelt2",
                          "--json", "--db", db)
    assert code == 0, err
    res = json.loads(out)
    assert res["rows"] == 1600 and res["files"]["ingested"] == 4
    code, out, err = _cli(capsys, "stats", "--json", "--db", db)
    st = json.loads(out)
    assert st["rows"] == 1600 and st["years"] == [2001, 2004] and sum(st["by_quad"].values()) == 1600
    # bad input: a clear message on stderr, non-zero exit, no traceback
    code, out, err = _cli(capsys, "ingest", str(tmp_path / "nope*.CSV"), "--format", "gdelt2",
                          "--db", db)
    assert code != 0 and "no file matches" in err and "Traceback" not in err
    code, out, err = _cli(capsys, "ingest", str(gdelt_dir), "--format", "csv", "--db", db)
    assert code != 0 and "unknown event format" in err and "Traceback" not in err
