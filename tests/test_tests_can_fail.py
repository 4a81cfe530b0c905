"""Checks on the test suite itself (read with ast): a test that accepts either of two outcomes,
or skips because a module of Amity itself is missing, cannot fail and proves nothing."""
from __future__ import annotations

import _pyast  # ast.parse, immune to a CPython 3.11 threading bug

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _asserts(nodes) -> bool:
    return any(isinstance(x, (ast.Assert, ast.Raise)) or
               (isinstance(x, ast.Call) and getattr(x.func, "attr", "") == "raises")
               for n in nodes for x in ast.walk(n))


def either_outcome(tree: ast.AST) -> list[int]:
    """Lines of ``try: ... except: assert ... else: assert ...`` (either result passes)."""
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Try) and n.orelse and n.handlers
            and _asserts(n.handlers) and _asserts(n.orelse)]


def skips_on_own_module(tree: ast.AST) -> list[int]:
    """Lines of ``pytest.importorskip("amity...")``: Amity's own modules are always there."""
    return [n.lineno for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "importorskip"
            and n.args and isinstance(n.args[0], ast.Constant)
            and str(n.args[0].value).startswith("amity")]


def test_no_test_accepts_either_outcome_or_skips_on_its_own_package():
    bad = []
    for path in sorted(TESTS.glob("*.py")):
        tree = _pyast.parse(path.read_text(encoding="utf-8"))
        bad += [f"{path.name}:{ln} accepts an error or a result" for ln in either_outcome(tree)]
        bad += [f"{path.name}:{ln} skips when amity is missing" for ln in skips_on_own_module(tree)]
    assert bad == []


def test_the_checks_find_what_they_look_for():
    src = '''
def test_x():
    try:
        r = f()
    except ValueError as e:
        assert e
    else:
        assert r
    m = pytest.importorskip("amity.actors")
    s = pytest.importorskip("pyspark")
'''
    tree = _pyast.parse(src)
    assert either_outcome(tree) == [3]
    assert skips_on_own_module(tree) == [9]
