"""`amity serve` as a process: it names itself in <db>.serve.json while it runs (so other
processes are told who holds the store) and removes the file when stopped."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest



def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(db, port, token=None, extra=()):
    env = {**os.environ, "AMITY_DB": str(db)}
    env.pop("AMITY_API_TOKEN", None)
    env.pop("AMITY_MIRROR", None)
    if token:
        env["AMITY_API_TOKEN"] = token
    proc = subprocess.Popen([sys.executable, "-m", "amity", "serve", "--port", str(port),
                             *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    t0 = time.time()
    while time.time() - t0 < 60:
        if proc.poll() is not None:
            pytest.fail("amity serve exited: " + proc.stderr.read().decode())
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                env.pop("AMITY_API_TOKEN", None)
                return proc, env
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("the server did not answer within 60 s")


def _amity(env, *args):
    return subprocess.run([sys.executable, "-m", "amity", *args], env=env,
                          capture_output=True, text=True, timeout=180)


def test_serve_writes_and_removes_serve_json(tmp_path):
    from amity import store

    db = tmp_path / "srv.duckdb"
    store.connect(db).close()
    port = _free_port()
    proc, env = _start(db, port, token="tok")
    info = Path(str(db) + ".serve.json")
    try:
        d = json.loads(info.read_text())
        assert d["pid"] == proc.pid and d["url"] == f"http://127.0.0.1:{port}"
        assert d["writes"] is True
        # a server that writes holds the store: another process's read is told, in one
        # line, who holds it and what to do
        out = _amity(env, "db", "status")
        assert out.returncode == 3
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1, out.stderr
        assert f"pid {proc.pid}" in lines[0] and "held for writing" in lines[0]
        assert "without AMITY_API_TOKEN" in lines[0]
        r = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=10)
        assert r.status_code == 200 and "/dyad/{a}/{b}" in r.json()["paths"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert not info.exists()
    store.connect(db).close()  # free again


def test_cli_reads_work_while_a_read_only_server_runs(tmp_path):
    """Writes off (no token): the server opens the store read-only, so the CLI's reads share
    the file; a CLI write is refused in one line that says why."""
    from amity import store
    from amity.knowledge import load_curated

    db = tmp_path / "ro.duckdb"
    con = store.connect(db)
    load_curated(con)
    con.close()
    port = _free_port()
    proc, env = _start(db, port)
    try:
        assert json.loads(Path(str(db) + ".serve.json").read_text())["writes"] is False
        st = _amity(env, "db", "status", "--json")
        assert st.returncode == 0, st.stderr
        dy = _amity(env, "dyad", "CHN", "RUS", "--from", "2000", "--to", "2002", "--json")
        assert dy.returncode == 0, dy.stderr
        got = json.loads(dy.stdout)
        api = httpx.get(f"http://127.0.0.1:{port}/dyad/CHN/RUS?from=2000&to=2002",
                        timeout=120).json()
        assert [r["year"] for r in got["series"]] == [2000, 2001, 2002]
        assert [r["closeness"] for r in got["series"]] == \
            [r["closeness"] for r in api["series"]]
        w = _amity(env, "curated", "load")
        assert w.returncode == 3
        lines = w.stderr.strip().splitlines()
        assert len(lines) == 1 and "open read-only by amity serve" in lines[0], w.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_slow_clients_are_cut_and_foreign_hosts_refused(tmp_path):
    """A client that does not send its whole request within --read-timeout gets 408 and is
    disconnected (slowloris); a Host header that is not a served name gets 421 (DNS
    rebinding); an ordinary request still works."""
    from amity import store

    db = tmp_path / "slow.duckdb"
    store.connect(db).close()
    port = _free_port()
    proc, env = _start(db, port, extra=("--read-timeout", "1"))
    try:
        slow = []
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")   # headers not ended
            slow.append(s)
        for s in slow:
            got = b""
            while True:
                chunk = s.recv(4096)       # the server answers and closes; no hang
                if not chunk:
                    break
                got += chunk
            assert got.startswith(b"HTTP/1.1 408"), got[:100]
            s.close()
        r = httpx.get(f"http://127.0.0.1:{port}/health", timeout=10)
        assert r.status_code == 200
        r = httpx.get(f"http://127.0.0.1:{port}/health", headers={"Host": "evil.example"},
                      timeout=10)
        assert r.status_code == 421 and "evil.example" in r.json()["message"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_serve_refuses_a_bad_port(tmp_path):
    from typer.testing import CliRunner

    from amity.cli import app

    r = CliRunner().invoke(app, ["serve", "--port", "70000", "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code != 0
    assert "70000" in str(r.exception) or "70000" in r.output


def test_serve_refuses_a_busy_port(tmp_path):
    from typer.testing import CliRunner

    from amity.cli import app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        r = CliRunner().invoke(app, ["serve", "--port", str(port),
                                     "--db", str(tmp_path / "x.duckdb")])
    assert r.exit_code != 0
    assert "cannot listen" in str(r.exception)
    assert not (tmp_path / "x.duckdb.serve.json").exists()


def test_cli_reads_are_forwarded_to_a_writing_server(tmp_path):
    """Issue 16/19: with writes on, the server holds the store alone, so the CLI could only be
    told who holds it. Reads the API answers (dyad, compare, triangle, balance) are now sent
    to that server: the same answer as the API's, with a note (facts and treaties too); a read
    the API does not answer (db status) is still refused in one line; a bad request is the server's 4xx in one
    line."""
    from amity import store
    from amity.knowledge import load_curated

    db = tmp_path / "fw.duckdb"
    con = store.connect(db)
    load_curated(con)
    con.close()
    port = _free_port()
    proc, env = _start(db, port, token="tok")
    base = f"http://127.0.0.1:{port}"
    try:
        dy = _amity(env, "dyad", "CHN", "RUS", "--from", "2000", "--to", "2002", "--json")
        assert dy.returncode == 0, dy.stderr
        got = json.loads(dy.stdout)
        api = httpx.get(f"{base}/dyad/CHN/RUS?from=2000&to=2002", timeout=120).json()
        assert [r["closeness"] for r in got["series"]] == [r["closeness"] for r in api["series"]]
        assert any(f"pid {proc.pid}" in n for n in got["notes"])
        tri = _amity(env, "triangle", "CHN", "RUS", "USA", "--from", "2000", "--to", "2001",
                     "--json")
        assert tri.returncode == 0, tri.stderr
        api_t = httpx.get(f"{base}/triangle/CHN/RUS/USA?from=2000&to=2001", timeout=120).json()
        assert json.loads(tri.stdout)["periods"] == api_t["periods"]
        human = _amity(env, "compare", "PRK-RUS", "CHN-RUS", "--from", "1995", "--to", "2000")
        assert human.returncode == 0 and "PRK-RUS" in human.stdout, human.stderr
        bad = _amity(env, "dyad", "CHN", "NOWHERE", "--json")
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
        # facts and treaties: the API has them, so they are forwarded too (issue 19)
        fa = _amity(env, "facts", "CHN", "RUS", "--from", "1990", "--to", "2010", "--json")
        assert fa.returncode == 0, fa.stderr
        api_f = httpx.get(f"{base}/facts?a=CHN&b=RUS&from=1990&to=2010", timeout=120).json()
        assert len(api_f) > 0 and json.loads(fa.stdout) == api_f
        assert f"pid {proc.pid}" in fa.stderr
        kinds = sorted({r["kind"] for r in api_f})[:1]
        fk = _amity(env, "facts", "CHN", "--kind", kinds[0], "--json")
        assert fk.returncode == 0, fk.stderr
        assert {r["kind"] for r in json.loads(fk.stdout)} == set(kinds)
        tr = _amity(env, "treaties", "CHN", "RUS", "--json")
        assert tr.returncode == 0, tr.stderr
        api_tr = httpx.get(f"{base}/treaties?a=CHN&b=RUS", timeout=120).json()
        assert len(api_tr) > 0 and json.loads(tr.stdout) == api_tr
        trh = _amity(env, "treaties", "CHN", "RUS")
        assert trh.returncode == 0 and "record(s)" in trh.stdout, trh.stderr
        badf = _amity(env, "facts", "NOWHERE", "--json")
        assert badf.returncode == 2 and len(badf.stderr.strip().splitlines()) == 1, badf.stderr
        # db status has no API endpoint: refused in one line naming the server and the way out
        st = _amity(env, "db", "status")
        assert st.returncode == 3 and len(st.stderr.strip().splitlines()) == 1, st.stderr
        assert "held for writing" in st.stderr and f"pid {proc.pid}" in st.stderr
        assert "not one of the reads" in st.stderr
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_a_slow_answer_to_a_connection_close_request_is_not_a_408(tmp_path):
    """A client that sent its whole request with `Connection: close` (urllib, so the CLI's
    forwarded reads) is never cut by the read deadline while its answer is computed: h11
    marks such a request MUST_CLOSE, not DONE, and the deadline took it for unfinished (a
    forwarded `amity dyad` got 408 under load). Here the deadline is 0.2 s and the first
    dyad of a fresh server computes live."""
    from amity import store
    from amity.knowledge import load_curated

    db = tmp_path / "close.duckdb"
    con = store.connect(db)
    load_curated(con)
    con.close()
    port = _free_port()
    proc, env = _start(db, port, extra=("--read-timeout", "0.2"))
    try:
        t0 = time.time()
        s = socket.create_connection(("127.0.0.1", port), timeout=120)
        s.sendall(b"GET /dyad/CHN/RUS?from=1990&to=2020 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Connection: close\r\n\r\n")
        got = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        s.close()
        took = time.time() - t0
        assert got.startswith(b"HTTP/1.1 200"), got[:200]
        assert b"closeness" in got
        print(f"answered in {took:.2f} s with a 0.2 s read deadline")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
