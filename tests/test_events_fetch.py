"""`amity events fetch` / `update` against a real HTTP server on 127.0.0.1 (no internet)."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from amity.errors import InputError
from amity.events.fetch import (fetch, parse_master, parse_v1_lists, period_of, spooled,
                                update)
from amity.events.testing import GdeltServer, gdelt2_mirror

ROWS, PER_FILE = 6_000, 500          # 12 export files, 15 minutes apart from 2015-02-19 00:00


@pytest.fixture(scope="module")
def mirror(tmp_path_factory):
    d = tmp_path_factory.mktemp("gdelt-mirror")
    entries = gdelt2_mirror(d, ROWS, rows_per_file=PER_FILE, empty=1)
    return d, entries


def _manifest(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT name, rows FROM event_files WHERE status = 'done'").fetchall())
    finally:
        con.close()


def _event_ids(db: Path) -> tuple[int, int]:
    root = Path(str(db) + ".events")
    con = duckdb.connect()
    n, distinct = con.execute(
        f"SELECT COUNT(*), COUNT(DISTINCT event_id) FROM read_parquet('{root}/year=*/month=*/*.parquet')"
    ).fetchone()
    return n, distinct


def _check_clean(db: Path) -> None:
    from amity.reliability import check_path

    rep = check_path(db)
    assert rep.ok, [f"{f.name}: {f.detail}" for f in rep.errors]


def test_master_list_lines_and_errors():
    good = ["150383 297a16b493de7cf6ca809a7cc31d0b93 http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip",
            "318084 bb27f78ba45f69a17ea6ed7755e9f8ff http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip",
            "", "10768507 ea8dde0beb0ba98810a92db068c0ce99 http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip"]
    es = list(parse_master(good, "gdelt2", base="http://127.0.0.1:9"))
    assert [e.name for e in es] == ["20150218230000.export.CSV.zip"]
    assert es[0].size == 150383 and es[0].url == "http://127.0.0.1:9/gdeltv2/20150218230000.export.CSV.zip"
    with pytest.raises(InputError) as ei:
        list(parse_master(good[:1] + ["12x 297a16b493de7cf6ca809a7cc31d0b93 http://x/a.zip"], "gdelt2",
                          source="list.txt"))
    assert ei.value.file == "list.txt" and ei.value.line == 2 and ei.value.field == "size"
    with pytest.raises(InputError) as ei:
        list(parse_master(["12 nothex http://x/20150218230000.export.CSV.zip"], "gdelt2"))
    assert ei.value.line == 1 and ei.value.field == "md5"


def test_gdelt1_lists_and_periods():
    sizes = ["1000 1979.zip", "2000 200601.zip", "3000 20130401.export.CSV.zip", "9 index.html"]
    md5s = ["a" * 32 + "  1979.zip", "b" * 32 + "  200601.zip", "c" * 32 + "  20130401.export.CSV.zip"]
    es = parse_v1_lists(sizes, md5s, base="http://m")
    assert [(e.name, str(e.first), str(e.last), e.size) for e in es] == [
        ("1979.zip", "1979-01-01", "1979-12-31", 1000),
        ("200601.zip", "2006-01-01", "2006-01-31", 2000),
        ("20130401.export.CSV.zip", "2013-04-01", "2013-04-01", 3000)]
    assert es[1].url == "http://m/events/200601.zip"
    assert period_of("gdelt2", "20150218230000.gkg.csv.zip") is None
    with pytest.raises(InputError) as ei:
        parse_v1_lists(sizes, md5s + ["d" * 32 + "  1980.zip"], base="http://m")
    assert ei.value.line == 4 and "no size" in str(ei.value)
    # lines naming no event file (a first line, the reduced master file) are left out; an
    # event file listed twice alike counts once; a malformed event-file line is an error
    es2 = parse_v1_lists(["size name", "512 GDELT.MASTERREDUCEDV2.1979-2013.zip"] + sizes
                         + ["1000 1979.zip"],
                         ["md5 name", "e" * 32 + "  GDELT.MASTERREDUCEDV2.1979-2013.zip"] + md5s
                         + [md5s[0]], base="http://m")
    assert es2 == es
    with pytest.raises(InputError) as ei:
        parse_v1_lists(sizes + ["12x 1981.zip"], md5s, base="http://m", sources=("fs", "md5"))
    assert (ei.value.file, ei.value.line, ei.value.field) == ("fs", 5, "line")
    with pytest.raises(InputError, match="different MD5s"):
        parse_v1_lists(sizes, md5s + ["f" * 32 + "  1979.zip"], base="http://m")


def test_fetch_all_then_nothing_new(tmp_path, mirror):
    srv_dir, entries = mirror
    db = tmp_path / "s.duckdb"
    with GdeltServer(srv_dir) as s:
        res = fetch("gdelt2", db=db, base=s.url, workers=3, backoff=0.01)
        assert res["failed"] == [] and res["downloaded"] == len(entries) == 13
        assert res["ingest"]["rows"] == ROWS
        assert res["bytes"] == sum(e["size"] for e in entries)
        hits = dict(s.hits)
        again = fetch("gdelt2", db=db, base=s.url, backoff=0.01)
        assert again["planned"] == 0 and again["already"] == 13 and again["downloaded"] == 0
        # only the master list was asked for the second time
        assert {k: v - hits.get(k, 0) for k, v in s.hits.items() if v != hits.get(k, 0)} == {
            "gdeltv2/masterfilelist.txt": 1}
    man = _manifest(db)
    assert len(man) == 13 and sorted(man.values())[0] == 0      # the empty slice: 0 rows, no error
    assert _event_ids(db) == (ROWS, ROWS)
    assert not list(Path(res["dest"]).iterdir())                 # ingested downloads removed
    _check_clean(db)


def test_date_range_selects_files(tmp_path, mirror):
    srv_dir, _ = mirror
    with GdeltServer(srv_dir) as s:
        res = fetch("gdelt2", start="2015-02-20", end="2015-03-01", db=tmp_path / "r.duckdb",
                    base=s.url)
    assert res["listed"] == 13 and res["planned"] == 0 and res["ingest"]["rows"] == 0


def test_faults_reported_by_name_rest_goes_on(tmp_path, mirror):
    srv_dir, entries = mirror
    names = [e["name"] for e in entries]
    faults = {names[1]: "404", names[2]: "drop", names[3]: "corrupt", names[4]: "drop-once"}
    db = tmp_path / "f.duckdb"
    with GdeltServer(srv_dir, faults=faults) as s:
        res = fetch("gdelt2", db=db, base=s.url, retries=2, backoff=0.01)
        assert s.hits[f"gdeltv2/{names[1]}"] == 3                      # retried, then reported
        assert s.hits[f"gdeltv2/{names[4]}"] == 2                      # second attempt succeeded
    failed = {f["name"]: f["reason"] for f in res["failed"]}
    assert set(failed) == {names[1], names[2], names[3]}
    assert failed[names[1]] == "HTTP 404 Not Found"
    assert "list says" in failed[names[2]] or "dropped" in failed[names[2]]
    assert failed[names[3]].startswith("MD5 ")
    man = _manifest(db)
    assert names[3] not in man and names[4] in man and len(man) == 10
    assert not list(Path(res["dest"]).iterdir())                        # no partial, no bad file
    n, distinct = _event_ids(db)
    assert n == distinct == ROWS - 3 * PER_FILE
    _check_clean(db)
    # the faults are gone: the next run fetches exactly the three missing files
    with GdeltServer(srv_dir) as s:
        res = fetch("gdelt2", db=db, base=s.url, backoff=0.01)
    assert res["planned"] == 3 and res["downloaded"] == 3 and res["failed"] == []
    assert _event_ids(db) == (ROWS, ROWS)


def test_slow_server_and_timeout(tmp_path, mirror):
    srv_dir, entries = mirror
    small = [e for e in entries][:2]
    from amity.events.fetch import Entry
    import datetime as dt

    es = [Entry(e["name"], "", e["size"], e["md5"], dt.date(2015, 2, 19), dt.date(2015, 2, 19))
          for e in small]
    with GdeltServer(srv_dir, delay=0.02) as s:          # 20 ms per 64 KiB sent
        es = [Entry(e.name, f"{s.url}/gdeltv2/{e.name}", e.size, e.md5, e.first, e.last) for e in es]
        ok = fetch("gdelt2", db=tmp_path / "slow.duckdb", base=s.url, entries=es)
    assert ok["downloaded"] == 2 and ok["failed"] == []
    with GdeltServer(srv_dir, delay=1.0) as s:            # stalls longer than the timeout
        es = [Entry(e.name, f"{s.url}/gdeltv2/{e.name}", e.size, e.md5, e.first, e.last) for e in es]
        bad = fetch("gdelt2", db=tmp_path / "slow2.duckdb", base=s.url, entries=es, timeout=0.3,
                    retries=1, backoff=0.01)
    assert [f["name"] for f in bad["failed"]] == [e.name for e in es]
    assert all("timed out" in f["reason"] for f in bad["failed"]), bad["failed"]


def test_interrupt_leaves_no_partial_and_resumes(tmp_path, mirror):
    srv_dir, entries = mirror
    db = tmp_path / "k.duckdb"
    seen: list[int] = []

    def stop_after_four(d):
        seen.append(d["files"])
        if d["files"] >= 4:
            raise KeyboardInterrupt

    with GdeltServer(srv_dir, delay=0.002) as s:
        with pytest.raises(KeyboardInterrupt):
            fetch("gdelt2", db=db, base=s.url, workers=2, ingest_every=1000, progress=stop_after_four)
        dest = Path(str(db) + ".events.fetch")
        assert not [p for p in dest.iterdir() if ".part" in p.name]      # no partial file
        # the verified files wait in the group's spool, whole (small files are not written
        # one file each)
        held = spooled(dest)
        left = sorted(held)
        by_name = {e["name"]: e for e in entries}
        assert len(left) >= 4 and all(held[n] == by_name[n]["size"] for n in left)
        hits = dict(s.hits)
        res = fetch("gdelt2", db=db, base=s.url, workers=2)
        assert res["resumed"] == len(left) and res["downloaded"] == 13 - len(left)
        assert all(s.hits[f"gdeltv2/{n}"] == hits[f"gdeltv2/{n}"] for n in left)  # not re-downloaded
    assert not list(dest.glob("*.spool"))                               # spent once committed
    assert _event_ids(db) == (ROWS, ROWS)
    _check_clean(db)


def test_update_fetches_only_what_is_new(tmp_path):
    srv = tmp_path / "srv"
    entries = gdelt2_mirror(srv, 2_600, rows_per_file=25)     # 104 files: 2015-02-19 .. 02-20 01:45
    db = tmp_path / "u.duckdb"
    with GdeltServer(srv) as s:
        first = fetch("gdelt2", end="2015-02-19", db=db, base=s.url, workers=4)
        assert first["downloaded"] == 96 and first["ingest"]["rows"] == 96 * 25
        res = update("gdelt2", db=db, base=s.url)
        assert str(res["since"]) == "2015-02-19"
        assert res["already"] == 96 and res["downloaded"] == 8
        assert max(v for k, v in s.hits.items() if k.endswith(".zip")) == 1
    assert _event_ids(db) == (2_600, 2_600) and len(_manifest(db)) == len(entries)


def _cli(capsys, *args):
    from amity.cli import main

    try:
        main(["events", *args])
        code = 0
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_fetch_update_and_errors(tmp_path, mirror, capsys, monkeypatch):
    srv_dir, entries = mirror
    db = str(tmp_path / "c.duckdb")
    names = [e["name"] for e in entries]
    with GdeltServer(srv_dir, faults={names[0]: "404"}) as s:
        monkeypatch.setenv("AMITY_GDELT_URL", s.url)          # the env var picks the server
        code, out, err = _cli(capsys, "fetch", "gdelt2", "--from", "2015-02-19", "--to",
                              "2015-02-19", "--retries", "0", "--json", "--db", db)
        assert code == 4 and f"error: {names[0]}: HTTP 404" in err and "Traceback" not in err
        res = json.loads(out)
        assert res["downloaded"] == 12 and res["base_url"] == s.url
    with GdeltServer(srv_dir) as s:
        code, out, err = _cli(capsys, "update", "--base-url", s.url, "--json", "--db", db)
        assert code == 0, err
        assert json.loads(out)["downloaded"] == 1
        code, out, err = _cli(capsys, "fetch", "gdelt2", "--base-url", s.url, "--db", db)
        assert code == 0 and "13 already in the store" in " ".join(out.split())
    code, out, err = _cli(capsys, "fetch", "gdelt2", "--from", "2015-02-30", "--db", db)
    assert code == 2 and "'--from'" in err and "not a date" in err
    code, out, err = _cli(capsys, "fetch", "gdelt3", "--db", db)
    assert code == 2 and "gdelt1 or gdelt2" in err
    code, out, err = _cli(capsys, "fetch", "gdelt2", "--base-url", "ftp://x", "--db", db)
    assert code == 2 and "--base-url" in err
    code, out, err = _cli(capsys, "fetch", "gdelt2", "--base-url", "http://127.0.0.1:9", "--db", db)
    assert code == 2 and "masterfilelist.txt" in err and "cannot read the file list" in err


def test_spool_cut_short_or_corrupt_is_downloaded_again(tmp_path, mirror):
    """What a kill leaves in a spool: whole records are ingested without a download, a record
    cut short is dropped, a record whose bytes no longer match the list's MD5 is never
    ingested; both are downloaded again, and the store holds every event once."""
    from amity.events.fetch import _Spool, master_list

    srv_dir, entries = mirror
    db = tmp_path / "sp.duckdb"
    dest = Path(str(db) + ".events.fetch")
    dest.mkdir(parents=True)
    with GdeltServer(srv_dir) as s:
        es = master_list("gdelt2", s.url)
        sp = _Spool(dest)
        for e in es[:5]:
            data = (srv_dir / "gdeltv2" / e.name).read_bytes()
            if e is es[3]:
                data = data[:-1] + bytes([data[-1] ^ 0xFF])       # bytes that changed
            sp.append(e, data)
        path = sp.close()
        path.write_bytes(path.read_bytes()[:-7])                 # the last record cut short
        assert sorted(spooled(dest)) == sorted(e.name for e in es[:4])
        res = fetch("gdelt2", db=db, base=s.url, workers=2)
        assert res["resumed"] == 3 and res["downloaded"] == len(es) - 3, res
        for e in es[:3]:
            assert s.hits.get(f"gdeltv2/{e.name}", 0) == 0                 # not downloaded
        for e in es[3:5]:
            assert s.hits[f"gdeltv2/{e.name}"] == 1                         # downloaded again
    assert not list(dest.glob("*.spool"))
    assert _event_ids(db) == (ROWS, ROWS)
    _check_clean(db)
