"""Issue 19, the API's guards: Host allow-list (DNS rebinding), server-side paths only under
an ingest folder, every parameter's range checked before any work, reading text beside the
store's lock, and decompression bounds on ingested archives."""
from __future__ import annotations

import gzip
import os
import threading
import zipfile

import pytest
from fastapi.testclient import TestClient

from amity.api import create_app
from amity.api.app import default_hosts

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from amity import store

    p = tmp_path_factory.mktemp("guards") / "g.duckdb"
    store.connect(p).close()
    return p


def test_foreign_host_header_is_refused(db):
    app = create_app(db, token="", allowed_hosts=default_hosts("127.0.0.1", ["amity.lan"]))
    with TestClient(app) as c:
        for ok in ("127.0.0.1:8765", "localhost", "[::1]:8765", "amity.lan", "LOCALHOST."):
            assert c.get("/health", headers={"Host": ok}).status_code == 200, ok
        r = c.get("/health", headers={"Host": "evil.example"})
        assert r.status_code == 421
        body = r.json()
        assert body["field"] == "Host" and "evil.example" in body["message"]
        assert "--allow-host" in body["message"]
        assert c.get("/dyad/CHN/RUS", headers={"Host": "evil.example:8765"}).status_code == 421


def test_default_hosts_name_loopback_and_the_listening_address():
    assert default_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "::1"]
    assert default_hosts("10.0.0.5", ["box"]) == ["127.0.0.1", "localhost", "::1", "10.0.0.5",
                                                   "box"]
    assert "0.0.0.0" not in default_hosts("0.0.0.0")


@pytest.fixture()
def writer(tmp_path):
    from amity import store
    from amity.events.synth import synth

    inbox = tmp_path / "inbox"
    synth(200, inbox, fmt="gdelt2", seed=3, years=(2001, 2001), rows_per_file=200)
    p = tmp_path / "w.duckdb"
    store.connect(p).close()
    secret = tmp_path / "secret.CSV"
    secret.write_text("x\ty\n")
    (inbox / "link.CSV").symlink_to(secret)
    app = create_app(p, token=TOKEN, ingest_dirs=[str(inbox)])
    with TestClient(app) as c:
        yield c, inbox, secret


def test_ingest_paths_only_under_the_ingest_folder(writer):
    c, inbox, secret = writer
    for bad in ("/etc/passwd", str(secret), str(inbox / "link.CSV"), str(inbox / ".." /
                                                                          "secret.CSV"),
                "/etc/*"):
        r = c.post("/events/ingest", json={"paths": [bad], "format": "gdelt2"}, headers=AUTH)
        assert r.status_code == 403, (bad, r.text)
        assert "not under an ingest folder" in r.json()["message"]
    r = c.post("/events/ingest", json={"paths": ["/**/*.x"], "format": "gdelt2"}, headers=AUTH)
    assert r.status_code == 422 and "'**'" in r.json()["message"]
    r = c.post("/ingest/curated", json={"files": ["/etc/passwd"]}, headers=AUTH)
    assert r.status_code == 403
    good = sorted(p.name for p in inbox.glob("*.export.CSV"))
    r = c.post("/events/ingest", json={"paths": [good[0]], "format": "gdelt2"}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == 200


def test_recursive_pattern_is_refused_before_any_walk(writer):
    c, inbox, _ = writer
    r = c.post("/events/ingest", json={"paths": [str(inbox) + "/**/*.CSV"],
                                       "format": "gdelt2"}, headers=AUTH)
    assert r.status_code == 422 and "'**'" in r.json()["message"]


def test_server_paths_refused_without_an_ingest_folder(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        r = c.post("/events/ingest", json={"paths": ["/tmp/x.CSV"], "format": "gdelt2"},
                   headers=AUTH)
        assert r.status_code == 403 and "--ingest-dir" in r.json()["message"]


@pytest.mark.parametrize("url,field", [
    ("/dyad/" + "A" * 101 + "/RUS", "a"),
    ("/triangle/CHN/RUS/" + "B" * 101, "c"),
    ("/compare?pairs=" + ",".join(f"USA-{x}" for x in ("CAN MEX GBR FRA DEU ITA ESP RUS "
                                                       "CHN JPN IND BRA BRB").split()),
     "pairs"),
    ("/balance?year=2000&states=" + ",".join(f"S{i}" for i in range(251)), "states"),
    ("/facts?a=RUS&" + "&".join("kind=war" for _ in range(41)), "kind"),
    ("/facts?a=" + "R" * 101, "a"),
    ("/treaties?a=CHN&b=" + "R" * 101, "b"),
    ("/coalition?target=" + "R" * 101 + "&year=2000", "target"),
    ("/panel?from=1500&to=2000&states=USA", "from"),
    ("/panel?from=2000&to=2001&system=" + "x" * 9, "system"),
    ("/actors?kind=" + "k" * 33, "kind"),
])
def test_out_of_range_parameters_are_422_naming_the_field(db, url, field):
    with TestClient(create_app(db, token="", timeout=20)) as c:
        r = c.get(url)
        assert r.status_code == 422, r.text[:300]
        assert r.json()["field"] == field


def test_reading_text_does_not_wait_for_the_store(db):
    app = create_app(db, token="", timeout=15)
    with TestClient(app) as c:
        assert c.post("/extract", json={"text": "China met Russia."}).status_code == 200
        lock = app.state.store.lock
        held, release = threading.Event(), threading.Event()

        def hold():
            with lock:
                held.set()
                release.wait(60)

        t = threading.Thread(target=hold)
        t.start()
        held.wait(10)
        try:
            r = c.post("/extract", json={"text": "Russia and China signed a treaty."})
        finally:
            release.set()
            t.join()
        assert r.status_code == 200, r.text
        assert "events" in r.json()


def _gz_bomb(path, mib: int) -> None:
    with gzip.open(path, "wb", compresslevel=1) as fh:
        block = b"\0" * (1 << 20)
        for _ in range(mib):
            fh.write(block)


def test_gzip_bomb_is_refused_naming_the_file(tmp_path):
    from amity.errors import InputError
    from amity.events.ingest import ingest

    bomb = tmp_path / "20150219000000.export.CSV.gz"
    _gz_bomb(bomb, 160)            # 160 MiB of zeros in ~160 kB
    with pytest.raises(InputError) as ei:
        ingest([bomb], "gdelt2", db=tmp_path / "b.duckdb")
    assert ei.value.file == str(bomb) and "decompression bomb" in str(ei.value)


def test_zip_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    from amity.errors import InputError
    from amity.events._lines import read_bytes

    z = tmp_path / "x.tab.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.tab", os.urandom(300_000).hex())      # 600 kB, ~2:1
    monkeypatch.setenv("AMITY_MAX_DECOMPRESSED", "100000")
    with pytest.raises(InputError) as ei:
        read_bytes(z)
    assert "AMITY_MAX_DECOMPRESSED" in str(ei.value) and ei.value.file == str(z)
    monkeypatch.delenv("AMITY_MAX_DECOMPRESSED")
    assert len(read_bytes(z)) == 600_000


def test_an_ordinary_gz_still_ingests(tmp_path):
    from amity.events.ingest import ingest
    from amity.events.synth import synth

    synth(300, tmp_path / "g", fmt="gdelt2", seed=4, years=(2002, 2002), rows_per_file=300)
    f = next((tmp_path / "g").glob("*.CSV"))
    gz = f.with_name(f.name + ".gz")
    gz.write_bytes(gzip.compress(f.read_bytes()))
    res = ingest([gz], "gdelt2", db=tmp_path / "o.duckdb")
    assert res["rows"] == 300


def test_reads_do_not_wait_for_a_write(db):
    """A write holds the store lock; a read of the store still answers (on its own cursor)."""
    app = create_app(db, token="", timeout=15)
    with TestClient(app) as c:
        assert c.get("/facts?a=RUS&limit=1").status_code == 200
        lock = app.state.store.lock
        held, release = threading.Event(), threading.Event()

        def hold():
            with lock:
                held.set()
                release.wait(60)

        t = threading.Thread(target=hold)
        t.start()
        held.wait(10)
        try:
            r = c.get("/facts?a=CHN&b=RUS&limit=5")
        finally:
            release.set()
            t.join()
        assert r.status_code == 200, r.text


def test_answer_cache_is_bounded_in_bytes_and_drops_answers_begun_before_a_write(db):
    app = create_app(db, token="", cache_bytes=8000)
    store = app.state.store
    for i in range(10):
        store.put(("k", i), b"x" * 900)
    assert store.cache_nbytes <= 8000 and len(store.cache) == 8
    store.put(("big",), b"x" * 1001)         # over an eighth of the bound: not kept
    assert ("big",) not in store.cache
    gen = store.generation
    store.clear()                            # a write
    store.put(("stale",), b"{}", gen)
    assert ("stale",) not in store.cache and store.cache_nbytes == 0


def test_a_write_longer_than_the_timeout_answers_202_with_a_job_to_poll(tmp_path,
                                                                        monkeypatch):
    """Issue 19: a write that outlived the request timeout answered 504 while it went on; it
    answers 202 with a job id, and GET /jobs/{id} gives its state and then its answer."""
    import amity.knowledge as knowledge
    from amity import store

    p = tmp_path / "j.duckdb"
    store.connect(p).close()
    release = threading.Event()

    def slow_load(con, *a, **k):
        release.wait(30)
        return {"rows": 7, "inserted": 7, "skipped": 0}

    monkeypatch.setattr(knowledge, "load_curated", slow_load)
    app = create_app(p, token=TOKEN, timeout=0.2)
    with TestClient(app) as c:
        r = c.post("/ingest/curated", headers=AUTH)
        assert r.status_code == 202
        body = r.json()
        assert body["state"] == "running" and body["poll"] == f"/jobs/{body['job']}"
        assert c.get(body["poll"]).status_code == 401            # the token, as for writes
        assert c.get(body["poll"], headers=AUTH).json() == {"job": body["job"],
                                                            "state": "running"}
        release.set()
        for _ in range(200):                                     # until the worker is done
            got = c.get(body["poll"], headers=AUTH).json()
            if got["state"] != "running":
                break
            threading.Event().wait(0.05)
        assert got == {"job": body["job"], "state": "done",
                       "result": {"rows": 7, "inserted": 7, "skipped": 0}}
        missing = c.get("/jobs/nosuchjob", headers=AUTH)
        assert missing.status_code == 404 and "no job" in missing.json()["message"]


def test_a_failed_job_reports_the_error_it_would_have_answered(tmp_path, monkeypatch):
    import amity.knowledge as knowledge
    from amity import store
    from amity.errors import InputError

    p = tmp_path / "f.duckdb"
    store.connect(p).close()
    release = threading.Event()

    def failing_load(con, *a, **k):
        release.wait(30)
        raise InputError("row 3: bad date", file="facts.csv")

    monkeypatch.setattr(knowledge, "load_curated", failing_load)
    app = create_app(p, token=TOKEN, timeout=0.2)
    with TestClient(app) as c:
        r = c.post("/ingest/curated", headers=AUTH)
        assert r.status_code == 202
        release.set()
        for _ in range(200):
            got = c.get(r.json()["poll"], headers=AUTH).json()
            if got["state"] != "running":
                break
            threading.Event().wait(0.05)
        assert got["state"] == "failed" and got["status"] == 422
        assert "row 3: bad date" in got["message"] and "facts.csv" in got["message"]
