"""Issue 19: the CLI's error boundary gives one line and a distinct exit code."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).parents[1] / "src")


def _amity(*args, tmp_path, **env):
    e = dict(os.environ, PYTHONPATH=SRC, AMITY_DB=str(tmp_path / "s.duckdb"),
             AMITY_LOG_DIR=str(tmp_path / "logs"), **env)
    return subprocess.run([sys.executable, "-m", "amity", *args], env=e, capture_output=True,
                          text=True, timeout=120)


def test_db_status_on_a_csv_or_a_directory_is_one_io_line(tmp_path):
    csv = tmp_path / "x.csv"
    csv.write_text("a,b\n1,2\n")
    for target in (csv, tmp_path):
        p = _amity("db", "status", "--db", str(target), tmp_path=tmp_path)
        assert p.returncode == 4, p.stderr
        lines = [x for x in p.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 and "Traceback" not in p.stderr
        assert "DuckDB" in lines[0]


def test_deeply_nested_json_line_is_bad_input(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text('{"text": ' + "[" * 100000 + "]" * 100000 + "}\n")
    p = _amity("extract", "--jsonl", str(f), tmp_path=tmp_path)
    assert "Traceback" not in p.stderr and p.returncode == 2, p.stderr[-2000:]


def test_unknown_exception_gives_one_line_and_a_log(tmp_path):
    from amity.reliability.boundary import describe

    os.environ["AMITY_LOG_DIR"] = str(tmp_path / "logs")
    try:
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as e:
            line, code = describe(e)
    finally:
        del os.environ["AMITY_LOG_DIR"]
    assert code == 1 and "boom" in line and "traceback in" in line
    logs = list((tmp_path / "logs").glob("amity-error-*.log"))
    assert len(logs) == 1 and "ZeroDivisionError" in logs[0].read_text()


def test_interrupt_and_write_errors_have_their_codes():
    import errno

    from amity.reliability.boundary import describe

    assert describe(KeyboardInterrupt())[1] == 130
    line, code = describe(OSError(errno.EFBIG, "File too large", "/x/out.parquet"))
    assert code == 4 and "/x/out.parquet" in line and "ulimit -f" in line
    line, code = describe(PermissionError(errno.EACCES, "Permission denied", "/ro/f"))
    assert code == 4 and "/ro/f" in line and "permission denied" in line


def test_load_with_a_missing_mirror_fails(tmp_path):
    p = _amity("load", "nmc6", "--mirror", str(tmp_path / "MISSING_DIR"), tmp_path=tmp_path)
    assert p.returncode == 4 and "MISSING_DIR" in p.stderr and "Traceback" not in p.stderr


def test_api_overflow_and_lone_surrogate_are_422(tmp_path, mirror, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.setenv("AMITY_MIRROR", str(mirror))
    from amity import store
    from amity.api import create_app

    db = tmp_path / "a.duckdb"
    store.connect(db).close()
    with TestClient(create_app(db, token=""), raise_server_exceptions=False) as c:
        r = c.get("/panel", params={"states": "9223372036854775808", "from": 2000, "to": 2001})
        assert r.status_code == 422 and "out of range" in r.json()["message"]
        r = c.post("/extract", content='{"text": "\\ud800 Russia"}',
                   headers={"content-type": "application/json"})
        assert r.status_code == 422 and "Unicode" in r.json()["message"]


def test_html_fallback_strip_is_linear():
    import time

    from amity.reader.inputs import _strip_tags

    assert _strip_tags("<p>Russia <script>x()</script>and <b>China</b></p>").split() == \
        ["Russia", "and", "China"]
    t0 = time.perf_counter()
    _strip_tags("<script>" + "<style>a" * 32000)        # 256 kB, unclosed
    assert time.perf_counter() - t0 < 2.0
