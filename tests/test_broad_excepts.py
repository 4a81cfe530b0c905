"""A broad ``except`` (``Exception``, ``BaseException`` or bare) turns a bug into a quiet
answer. In ``src/amity`` each one either raises again (cleanup, or a one-line error of its own
type) or is listed in :data:`SWALLOW_KNOWN` with why it must catch everything; the list only
shrinks. Where a handler was narrowed, a test below shows that a bug now surfaces while the
expected failure is still handled."""
from __future__ import annotations

import _pyast  # ast.parse, immune to a CPython 3.11 threading bug

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "amity"

#: (module, first line of the handler's body) -> why it catches everything; only shrinks
SWALLOW_KNOWN = {
    ("amity.app.reading", "_in_child.child"):
        "the forked reader sends whatever ended it to the parent, which raises it there",
    ("amity.reliability.crash", "_child"): "a crash-test child reports any failure to its parent",
    ("amity.api.hostile", "run.one"): "the hostile-client harness records any exception out of the "
                                  "app as a failure",
    ("amity.api.app", "Store.close"): "closing the server's store: interrupt and cursor close "
                                       "are best effort, the connection is closed either way",
    ("amity.events.fetch", "_Ingester._loop"): "the fetch's ingest thread hands any failure "
    "(Ctrl-C aside, which reaches the main thread) to the fetching thread, which raises it",
    ("amity.events.query", "_java_cause"): "reading a Java cause through a Py4J gateway that may "
                                           "be gone; the Python message is used instead",
    ("amity.sources", "registry"): "one importer failing to import is warned about and "
                                   "recorded (amity data status), the others still load",
    # the reader's own (src/amity/reader is another work area): still to narrow
    ("amity.reader.merge", "_span_days"): "the reader: an EDTF date it cannot parse",
    ("amity.reader.merge", "_line"): "the reader: an id outside the registry",
    ("amity.reader.merge", "_existing"): "the reader: an id the registry does not know",
    ("amity.reader.actors", "_registry"): "the reader: the registry absent",
    ("amity.reader.actors", "_registry_lookup"): "the reader: a name the registry refuses",
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _broad(h: ast.ExceptHandler) -> bool:
    if h.type is None:
        return True
    names = h.type.elts if isinstance(h.type, ast.Tuple) else [h.type]
    return any(isinstance(n, ast.Name) and n.id in ("Exception", "BaseException")
               for n in names)


def swallowing_handlers(source: str, module: str) -> list[tuple[str, str]]:
    """(module, enclosing function) of every broad handler that does not raise again."""
    out = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = where
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{where}.{child.name}" if where else child.name
            if isinstance(child, ast.ExceptHandler) and _broad(child) and not any(
                    isinstance(n, ast.Raise) for b in child.body for n in ast.walk(b)):
                out.append((module, where or "<module>"))
            visit(child, name)

    visit(_pyast.parse(source), "")
    return out


def test_every_broad_except_raises_again_or_says_why():
    found = set()
    for path in sorted(SRC.rglob("*.py")):
        found.update(swallowing_handlers(path.read_text(encoding="utf-8"), _module(path)))
    assert sorted(found - set(SWALLOW_KNOWN)) == []
    assert sorted(set(SWALLOW_KNOWN) - found) == []      # an entry whose handler went must go


def test_the_handler_scan_can_fail():
    src = ("try:\n    f()\nexcept Exception:\n    x = 1\n"
           "try:\n    f()\nexcept BaseException:\n    cleanup()\n    raise\n"
           "try:\n    f()\nexcept (KeyError, Exception) as e:\n    raise ValueError(e)\n"
           "try:\n    f()\nexcept:\n    pass\n"
           "try:\n    f()\nexcept KeyError:\n    pass\n")
    assert swallowing_handlers(src, "m") == [("m", "<module>"), ("m", "<module>")]
    src = "class C:\n    def f(self):\n        try:\n            g()\n        except Exception:\n            pass\n"
    assert swallowing_handlers(src, "m") == [("m", "C.f")]


# ----------------------------------------------------------------- the narrowed handlers
def _boom(*a, **k):
    raise TypeError("a bug")


def test_gsdb_code_lookup_lets_a_bug_through(monkeypatch):
    from amity import actors
    from amity.sources import gsdb

    gsdb.cow_code_at.cache_clear()
    assert gsdb.cow_code_at("NOT-AN-ACTOR", 2000) == -1       # a bloc name: no code
    monkeypatch.setattr(actors, "cow_code", _boom)
    gsdb.cow_code_at.cache_clear()
    with pytest.raises(TypeError, match="a bug"):
        gsdb.cow_code_at("USA", 2000)
    gsdb.cow_code_at.cache_clear()


def test_fact_naming_lets_a_bug_through(monkeypatch):
    from amity import cameo
    from amity.knowledge import queries

    r = {"cameo": "9999", "kind": "joint_statement"}
    queries._name_event(r)                                    # an unknown code: the kind
    assert r["name"] == "joint statement"
    monkeypatch.setattr(cameo, "lookup", _boom)
    with pytest.raises(TypeError, match="a bug"):
        queries._name_event({"cameo": "057", "kind": "fact"})


def test_similarity_tables_let_a_bug_through(monkeypatch):
    import sys

    from amity import panel
    from amity.errors import DataUnavailableError, NotFoundError

    panel.verb("add_similarity")       # loads the verb's module without rebinding the name
    mod = sys.modules["amity.panel.add_similarity"]
    tried = []

    def missing(t, **k):
        tried.append(t)
        raise NotFoundError(f"no {t}")

    monkeypatch.setattr(mod, "dataset", missing)
    monkeypatch.setattr(mod, "_MIRROR_FILES", {})
    with pytest.raises(DataUnavailableError, match="none of the tables a, b"):
        mod._frame(["a", "b"])
    assert tried == ["a", "b"]                                # each table tried in turn
    monkeypatch.setattr(mod, "dataset", _boom)
    with pytest.raises(TypeError, match="a bug"):
        mod._frame(["a", "b"])


def test_curated_events_need_a_relations_table_not_a_silent_empty(monkeypatch):
    import duckdb

    from amity.assembly.closeness_inputs import curated_events

    bare = duckdb.connect()
    assert len(curated_events(bare)) == 0                    # no relations table: no facts
    bare.execute("CREATE TABLE relations (id VARCHAR)")      # a table without the columns
    with pytest.raises(duckdb.BinderException):
        curated_events(bare)


def test_curated_events_let_a_registry_bug_through(monkeypatch):
    from amity import actors, store
    from amity.assembly.closeness_inputs import curated_events
    from amity.knowledge import load_curated

    con = store.connect(":memory:")
    load_curated(con)
    assert len(curated_events(con)) > 0
    monkeypatch.setattr(actors, "cow_code", _boom)
    with pytest.raises(TypeError, match="a bug"):
        curated_events(con)


def test_download_failures_are_one_error_and_bugs_are_not(monkeypatch, tmp_path):
    import pooch
    import requests

    from amity.errors import DataUnavailableError
    import importlib

    from amity.sources import get

    fetch = importlib.import_module("amity.sources.fetch")

    monkeypatch.setenv("AMITY_CACHE", str(tmp_path))
    src = get("cow_igo")
    spec = src.files[0]

    def offline(*a, **k):
        raise requests.ConnectionError("no route to host")

    monkeypatch.setattr(pooch, "retrieve", offline)
    with pytest.raises(DataUnavailableError, match="no route to host"):
        fetch._download(src, spec, None, False)
    monkeypatch.setattr(pooch, "retrieve", _boom)
    with pytest.raises(TypeError, match="a bug"):
        fetch._download(src, spec, None, False)


def test_scenario_pool_does_not_hide_a_registry_failure(monkeypatch):
    from amity import actors
    from amity.app import reports

    monkeypatch.setattr(actors, "major_powers", _boom)
    with pytest.raises(TypeError, match="a bug"):
        reports.scenario(2010, "USA-RUS=0.5", ["CHN", "RUS", "USA"])


def test_demo_reports_a_bad_mirror_and_lets_a_bug_through(monkeypatch, tmp_path):
    from amity import config
    from amity.app import demo

    got = demo.prepare_demo(tmp_path / "d.duckdb", mirror=tmp_path / "nowhere", datasets=True)
    assert "does not exist" in got["datasets"]["reason"]
    monkeypatch.setattr(config, "mirror_dir", _boom)
    with pytest.raises(TypeError, match="a bug"):
        demo.prepare_demo(tmp_path / "e.duckdb", mirror=tmp_path / "nowhere", datasets=True)

