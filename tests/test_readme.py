"""The README is a tested document: every shell command and Python snippet in it runs here.

The commands run in README order in one throwaway folder with its own store, the shared data
mirror reachable as ``../shared/data`` (the README's own spelling) and ``examples/`` copied in.
A command whose comment says ``error:`` must fail with a message on stderr; every other command
must exit 0. A line whose comment contains ``not run by the README test`` is skipped, and the
comment says why (a remote Spark master, a 58M-row panel, the test command itself). ``amity
serve`` is started on a free port for the ``curl`` lines that follow it. The figures the README
quotes are checked in :func:`test_readme_quoted_figures`.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SKIP = "not run by the README test"
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.slow, pytest.mark.mirror]


def readme_blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """Fenced blocks of the README as ``(language, first line number, lines)``."""
    out, lang, start, buf = [], None, 0, []
    for no, line in enumerate(text.splitlines(), 1):
        m = re.match(r"^```(\w*)\s*$", line)
        if m and lang is None:
            lang, start, buf = m.group(1) or "text", no + 1, []
        elif line.startswith("```") and lang is not None:
            out.append((lang, start, buf))
            lang = None
        elif lang is not None:
            buf.append(line)
    return out


def shell_commands(start: int, lines: list[str]) -> list[tuple[int, str, str]]:
    """``(line number, command, comment)`` for each command of a shell block.

    Continuation lines (a trailing backslash) are joined; comment-only lines are dropped.
    """
    out, i = [], 0
    while i < len(lines):
        no, line = start + i, lines[i]
        while line.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            line = line.rstrip()[:-1] + " " + lines[i].strip()
        i += 1
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        cmd, _, comment = _split_comment(s)
        out.append((no, cmd.strip(), comment.strip()))
    return out


def _split_comment(s: str) -> tuple[str, str, str]:
    """Split a shell line at the first ``#`` outside quotes that starts a comment."""
    quote = None
    for k, ch in enumerate(s):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (k == 0 or s[k - 1].isspace()):
            return s[:k], "#", s[k + 1:]
    return s, "", ""


def test_parser_on_a_hand_written_block():
    text = "x\n```sh\namity a --json   # first\n# only a comment\namity b \\\n   --c 'x # y'\n```\n"
    (lang, start, lines), = readme_blocks(text)
    assert (lang, start) == ("sh", 3)
    assert shell_commands(start, lines) == [(3, "amity a --json", "first"),
                                            (5, "amity b  --c 'x # y'", "")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, request):
    mirror = request.getfixturevalue("mirror")
    base = tmp_path_factory.mktemp("readme")
    (base / "shared").mkdir()
    (base / "shared" / "data").symlink_to(Path(mirror).resolve())
    work = base / "work"
    work.mkdir()
    shutil.copytree(ROOT / "examples", work / "examples")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMITY_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", AMITY_DB=str(work / "amity.duckdb"),
               AMITY_CACHE=str(base / "cache"), AMITY_MIRROR=str(Path(mirror).resolve()),
               HOME=str(base), AMITY_API_TOKEN="readme-test-token")
    return work, env


class Server:
    """``amity serve`` on a free port, for the README's ``curl`` lines."""

    def __init__(self, cmd: str, work: Path, env: dict):
        self.port = _free_port()
        cmd = re.sub(r"AMITY_API_TOKEN=\S+\s+", "", cmd)
        cmd = re.sub(r"--port \d+", "", cmd) + f" --port {self.port}"
        self.proc = subprocess.Popen(["bash", "-c", f"exec {cmd}"], cwd=work, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise AssertionError(f"server exited: {self.proc.stderr.read().decode()}")
                time.sleep(0.3)
        raise AssertionError("server did not start within 60 s")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def _run(cmd: str, work: Path, env: dict, timeout: int = 900):
    return subprocess.run(["bash", "-c", cmd], cwd=work, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_readme_runs(workdir):
    """Every shell command and Python block of the README, in order."""
    work, env = workdir
    failures, ran, server, curl_seen = [], 0, None, False
    try:
        for lang, start, lines in readme_blocks(README.read_text(encoding="utf-8")):
            if lang == "python":
                code = "\n".join(lines)
                r = _run(f"{sys.executable} - <<'PYEOF'\n{code}\nPYEOF", work, env)
                ran += 1
                if r.returncode != 0:
                    failures.append(f"README:{start} python block: {r.stderr.strip()[-600:]}")
                continue
            if lang != "sh":
                continue
            for no, cmd, comment in shell_commands(start, lines):
                if SKIP in comment:
                    continue
                if cmd.startswith("amity serve") or " amity serve" in cmd:
                    if server is None:
                        server = Server(cmd, work, env)
                    ran += 1
                    continue
                if server is not None and curl_seen and not cmd.startswith("curl"):
                    server.stop()  # the curl lines after the server are done
                    server, curl_seen = None, False
                if cmd.startswith("curl"):
                    curl_seen = True
                    assert server is not None, f"README:{no}: curl before any amity serve"
                    cmd = cmd.replace("localhost:8765", f"127.0.0.1:{server.port}")
                    cmd = "curl -sS --fail-with-body --max-time 120" + cmd[len("curl"):]
                r = _run(cmd, work, env)
                ran += 1
                if "error:" in comment:
                    if r.returncode == 0 or not r.stderr.strip():
                        failures.append(f"README:{no} `{cmd}` should fail with a message")
                    elif "Traceback" in r.stderr:
                        failures.append(f"README:{no} `{cmd}` failed with a traceback")
                elif r.returncode != 0:
                    failures.append(f"README:{no} `{cmd}` exit {r.returncode}: "
                                    f"{(r.stderr or r.stdout).strip()[-600:]}")
    finally:
        if server is not None:
            server.stop()
    assert ran > 50
    assert not failures, "\n".join(failures)


def _json(cmd: str, work: Path, env: dict):
    r = _run(cmd, work, env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_readme_quoted_figures(workdir):
    """Figures the README states in words, recomputed."""
    work, env = workdir
    env = dict(env, AMITY_DB=str(work / "figures.duckdb"))  # the curated layer alone
    text = README.read_text(encoding="utf-8")
    r = _run("amity curated load --json >/dev/null && amity treaties CHN RUS --json", work, env)
    assert r.returncode == 0, r.stderr
    n = len(json.loads(r.stdout))
    m = re.search(r"amity treaties CHN RUS\s+# (\d+) treaties", text)
    assert m, "README no longer quotes the CHN-RUS treaty count"
    assert int(m.group(1)) == n
    cur = _json("amity curated check --json", work, env)
    m = re.search(r"curated layer \((\d+) rows\)", text)
    assert m and int(m.group(1)) == cur["rows"]
    actors = _json("amity actors --at 1816 --json", work, env)
    m = re.search(r"the (\d+) members of the COW system in 1816", text)
    assert m and int(m.group(1)) == len(actors)
