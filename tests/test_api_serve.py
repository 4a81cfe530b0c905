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

from amity.errors import StoreLockedError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_writes_and_removes_serve_json(tmp_path):
    from amity import store

    db = tmp_path / "srv.duckdb"
    store.connect(db).close()
    port = _free_port()
    env = {**os.environ, "AMITY_DB": str(db)}
    env.pop("AMITY_API_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "amity", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    info = Path(str(db) + ".serve.json")
    try:
        t0 = time.time()
        ok = False
        while time.time() - t0 < 60:
            if proc.poll() is not None:
                pytest.fail("amity serve exited: " + proc.stderr.read().decode())
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    ok = True
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert ok, "the server did not answer within 60 s"
        d = json.loads(info.read_text())
        assert d["pid"] == proc.pid and d["url"] == f"http://127.0.0.1:{port}"
        # another process that opens the store is told who holds it
        out = subprocess.run([sys.executable, "-m", "amity", "db", "status"], env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode != 0
        assert f"pid {proc.pid}" in out.stderr and "amity serve" in out.stderr
        assert "Traceback" not in out.stderr
        r = httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=10)
        assert r.status_code == 200 and "/dyad/{a}/{b}" in r.json()["paths"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    assert not info.exists()
    store.connect(db).close()  # free again


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
