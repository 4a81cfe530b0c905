"""Reads never block on reads: several read-only CLI commands on one store at once all succeed."""
import os
import subprocess
import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _env(db):
    env = dict(os.environ, PYTHONPATH=SRC, AMITY_DB=str(db))
    env.pop("AMITY_MIRROR", None)
    return env


def test_two_dyad_and_db_status_at_once(tmp_path):
    db = tmp_path / "s.duckdb"
    env = _env(db)
    r = subprocess.run([sys.executable, "-m", "amity", "curated", "load"], env=env,
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    cmds = [["dyad", "CHN", "RUS", "--from", "2000", "--to", "2002", "--json"],
            ["dyad", "CHN", "RUS", "--from", "2000", "--to", "2002", "--json"],
            ["db", "status", "--json"]]
    procs = [subprocess.Popen([sys.executable, "-m", "amity", *c], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in cmds]
    outs = [p.communicate(timeout=300) for p in procs]
    codes = [p.returncode for p in procs]
    assert codes == [0, 0, 0], [o[1] for o in outs]
    assert '"series"' in outs[0][0] and outs[0][0] == outs[1][0]
