"""The CLI's light value conversion (amity.cli._coerce) gives Typer's own values and errors,
and keeps Pydantic, pandas, numpy and DuckDB out of commands that do not need them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from amity.cli import app
from typing import List

from amity.cli._coerce import _Plain, lighten, plain_kind

SRC = str(Path(__file__).resolve().parents[1] / "src")

SAMPLES = {
    str: ["abc", "", " spaced ", "CHN-RUS", "1949", "ü"],
    int: [1949, 0, "1949", "-5", "0", "007", "1e3", "12abc", " 12", "+4", "", "99999999999999999999"],
    float: [0.1, 3, 0, "0.25", "-1", "0", "1e-3", ".5", "x", "0.1000000000000000055511"],
    bool: [True, False],
    Path: ["out.html", "-", "", "{tmp}", "{tmp}/file.txt", "{tmp}/missing/x.png"],
    List[str]: [("CHN-RUS", "PRK-RUS"), ("a",), ()],
}


def _params():
    cmd = typer.main.get_command(app)
    out = []

    def walk(c, path):
        for p in c.params:
            d = getattr(p, "type_descriptor", None)
            if d is not None and d.annotation in SAMPLES:
                out.append((" ".join(path), p))
        for name, sub in getattr(c, "commands", {}).items():
            walk(sub, path + [name])

    walk(cmd, [])
    return out


def _outcome(rp, value, p):
    try:
        return ("value", rp.coerce(value, param=p, ctx=None))
    except BadParameter as e:
        return ("error", e.format_message())


def test_light_conversion_equals_typers_own(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    params = _params()
    assert len(params) > 250   # every command's str/int/float/bool/path/list parameters
    assert sum(plain_kind(p) is not None for _, p in params) > 200   # most: light path
    checked = 0
    for where, p in params:
        ours = _Plain(p.type_descriptor, plain_kind(p))
        theirs = build_runtime_param(p.type_descriptor)
        for v in [None, *SAMPLES[p.type_descriptor.annotation]]:
            if isinstance(v, str):
                v = v.format(tmp=tmp_path)
            a, b = _outcome(ours, v, p), _outcome(theirs, v, p)
            assert a == b, (where, p.name, v, a, b)
            assert type(a[1]) is type(b[1]), (where, p.name, v)
            checked += 1
    assert checked > 500


def test_plain_values_skip_typers_converter():
    cmd = typer.main.get_command(app)
    assert lighten(cmd) > 200
    p = next(q for q in cmd.commands["dyad"].params if q.name == "start")
    assert p.get_runtime_param().coerce("1949", param=p, ctx=None) == 1949
    assert p._runtime_param._typer is None          # Typer's adapter was never built
    with pytest.raises(BadParameter, match="valid integer"):
        p.get_runtime_param().coerce("19x9", param=p, ctx=None)
    assert p._runtime_param._typer is not None      # ...until a value needed it


def _modules_after(code: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=SRC)
    r = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join("
                        "m for m in ('pydantic', 'pandas', 'numpy', 'duckdb', 'pyarrow') "
                        "if m in sys.modules))"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return set(r.stdout.split("\n")[-2].split())


def test_help_and_a_light_command_import_no_heavy_package():
    run = ("from amity.cli import main\ntry:\n    main({args})\nexcept SystemExit as e:\n"
           "    assert e.code == 0, e.code\n")
    assert _modules_after(run.format(args="['--help']")) == set()
    assert _modules_after(run.format(args="['actor', 'USA', '--json']")) == set()
    # the error boundary stays whole: a store error still reads as one line
    assert _modules_after("import amity.reliability.boundary") == set()
