"""``parse``: :func:`ast.parse` for the tests that read the project's sources.

CPython 3.11 can raise a spurious ``SystemError: AST constructor recursion depth mismatch``
from ``ast.parse`` when other threads run Python code meanwhile (python/cpython#106905; seen
in CI after the API tests left worker threads behind). The tree is a pure function of the
text, so a parse that hit it is simply done again, with thread switches held off."""
from __future__ import annotations

import ast
import sys


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    for attempt in range(3):
        old = sys.getswitchinterval()
        sys.setswitchinterval(1.0)          # no GIL hand-over while the tree is built
        try:
            return ast.parse(source, filename=filename)
        except SystemError as e:
            if "recursion depth mismatch" not in str(e) or attempt == 2:
                raise
        finally:
            sys.setswitchinterval(old)
    raise AssertionError("unreachable")
