"""The import rule, checked on the source (docs/ARCHITECTURE.md draws it).

Every ``import`` in every module of ``src/amity`` (at module top or inside a function, found
with ``ast``) becomes an edge between top-level packages (``amity.panel.add_atop`` ->
``panel``; a top-level module such as ``amity/concepts.py`` is its own package). Then:

1. the package graph has no cycle;
2. no package below the faces imports a face (``cli``, ``api``, ``web``, ``report``);
3. faces do not import each other, except the CLI, which launches the others
   (``amity serve``, ``amity brief``) and is imported by nobody.

``KNOWN`` lists the module-level edges that still break the rule, each with the work that
removes it; any edge not listed fails. Delete an entry when its work lands (the edge is then
simply absent; the list is never extended).
"""
from __future__ import annotations

import _pyast  # ast.parse, immune to a CPython 3.11 threading bug

import ast
import re
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "amity"
FACES = {"cli", "api", "web", "report"}
LAUNCHER = "cli"
#: ``python -m amity`` starts the CLI: an entry point, not a layer
ENTRY = {"__main__"}

#: (importing module, imported package): edges that break the rule today.
KNOWN: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "amity" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> set[str]:
    mod = _module_name(path)
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(_pyast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            if target == "amity":            # from amity import actors, caches ...
                out.update(f"amity.{a.name}" for a in node.names)
    return {m for m in out if m.startswith("amity.")}


def module_edges() -> dict[str, set[str]]:
    """Importing module -> the other top-level packages it imports."""
    packages = {p.stem for p in SRC.iterdir()
                if (p.is_dir() and (p / "__init__.py").exists()) or p.suffix == ".py"}
    edges: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        mod = _module_name(path)
        own = _package(mod) if mod != "amity" else None
        for target in _imports(path):
            pkg = _package(target)
            if pkg in packages and pkg != own and own is not None:
                edges[mod].add(pkg)
    return edges


def package_graph(skip: set = frozenset()) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for mod, pkgs in module_edges().items():
        for pkg in pkgs:
            if (mod, pkg) not in skip:
                graph[_package(mod)].add(pkg)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                found = visit(m)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def _violations(skip: set = frozenset(), edges: dict | None = None) -> list[str]:
    bad = []
    for mod, pkgs in sorted((module_edges() if edges is None else edges).items()):
        src = _package(mod)
        for pkg in sorted(pkgs):
            if (mod, pkg) in skip or pkg not in FACES or src in ENTRY:
                continue
            if src not in FACES:
                bad.append(f"{mod} (below the faces) imports the face {pkg}")
            elif src != LAUNCHER:
                bad.append(f"face {mod} imports the face {pkg}")
    return bad


def test_no_cycle_between_packages():
    cycle = _cycle(package_graph(skip=KNOWN))
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle)


def test_no_face_imported_from_below_and_faces_independent():
    assert _violations(skip=KNOWN) == []


def test_the_checker_finds_a_cycle_and_a_face_from_below():
    # the checker itself must be able to fail
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None
    # on the real tree: the parser sees imports inside functions too (the CLI launches the
    # API only inside `amity serve`), and a lower package importing a face is reported
    assert "api" in module_edges()["amity.cli.faces"]
    edges = module_edges()
    edges["amity.store.core"] = {"cli"}
    edges["amity.report.brief"] = {"api"}
    assert _violations(KNOWN, edges) == [
        "face amity.report.brief imports the face api",
        "amity.store.core (below the faces) imports the face cli"]


def test_ruff_finds_no_error_in_the_package():
    """The lint rules in pyproject.toml ([tool.ruff.lint]) hold on src/ (ruff is a dev
    dependency: `make install` brings it)."""
    import importlib.util
    import os
    import subprocess
    import sys

    import pytest

    if importlib.util.find_spec("ruff") is None:
        why = "ruff is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"{why}: under CI=true the lint check must run", pytrace=False)
        pytest.skip(why)
    root = SRC.parents[1]
    p = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src"], cwd=root,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr


#: modules that still guard an import of Amity itself with ``except ImportError`` (the
#: scaffolding of "an area not written yet"); only shrinks
GUARDED: set[str] = set()


def guarded_own_imports(tree: ast.AST) -> list[int]:
    """Lines of ``try: import amity... except ImportError`` in a module."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        catches = [h for h in node.handlers if h.type is not None and any(
            isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError")
            for n in ast.walk(h.type))]
        if not catches:
            continue
        for stmt in node.body:
            for n in ast.walk(stmt):
                mod = (n.module or "") if isinstance(n, ast.ImportFrom) else (
                    n.names[0].name if isinstance(n, ast.Import) else "")
                if mod == "amity" or mod.startswith("amity."):
                    lines.append(node.lineno)
    return sorted(set(lines))


def test_no_import_of_amity_is_guarded():
    """Amity's own modules are always installed: an ``except ImportError`` around one hides a
    broken module behind a fallback answer."""
    found = {}
    for path in SRC.rglob("*.py"):
        lines = guarded_own_imports(_pyast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[_module_name(path)] = lines
    assert sorted(set(found) - GUARDED) == []     # delete an entry when its guard goes
    assert guarded_own_imports(_pyast.parse(
        "try:\n    from amity import actors\nexcept ImportError:\n    actors = None\n"
        "try:\n    import pyspark\nexcept ImportError:\n    pass\n")) == [1]


def _callbacks(app, path=()):
    for c in app.registered_commands:
        yield path + (c.name or c.callback.__name__,), c.callback
    for g in app.registered_groups:
        yield from _callbacks(g.typer_instance, path + (g.name,))


def test_cli_commands_are_module_level_functions():
    """Every command is importable from its module (a closure inside ``register`` is not)."""
    import sys

    from amity.cli import app

    cmds = list(_callbacks(app))
    assert len(cmds) >= 30
    bad = []
    for name, cb in cmds:
        mod = sys.modules[cb.__module__]
        if not any(v is cb for k, v in vars(mod).items() if not k.startswith("__")):
            bad.append(f"amity {' '.join(name)} ({cb.__qualname__})")
    assert bad == []


ARROWS = ("──▶", "⇄", ",")


def drawn_layers(text: str) -> tuple[dict[str, int], set[tuple[str, str]]]:
    """The layer drawing of docs/ARCHITECTURE.md: package -> row (0 = faces, top) and the
    arrows drawn between packages of one row (``a ──▶ b``; ``a ⇄ b`` both ways)."""
    block = text.split("```", 2)[1]
    rows: dict[str, int] = {}
    arrows: set[tuple[str, str]] = set()
    row = -1
    for line in block.splitlines():
        if not line.strip():
            continue
        if not line[0].isspace():
            row += 1
        body = re.sub(r"\([^)]*\)", " ", line[13:]).strip()     # (notes) dropped
        if body.startswith("│"):              # a note about a drawn edge, not a row
            continue
        toks = body.replace("──▶", " ──▶ ").replace("⇄", " ⇄ ").replace(",", " , ").split()
        names, prev, op = [], None, None
        for tok in toks:
            if tok in ARROWS:
                op = tok
                continue
            if not tok.isidentifier() or tok in ("service", "db"):   # prose after the names
                break
            names.append(tok)
            if prev is not None and op == "──▶":
                arrows.add((prev, tok))
            elif prev is not None and op == "⇄":
                arrows |= {(prev, tok), (tok, prev)}
            if op != ",":
                prev = tok
            op = None
        for n in names:
            rows.setdefault(n, row)
    return rows, arrows


def _reach(arrows: set[tuple[str, str]], a: str, b: str) -> bool:
    seen, todo = {a}, [a]
    while todo:
        n = todo.pop()
        for x, y in arrows:
            if x == n and y not in seen:
                if y == b:
                    return True
                seen.add(y)
                todo.append(y)
    return False


def test_architecture_md_draws_the_import_graph():
    doc = (SRC.parents[1] / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows, arrows = drawn_layers(doc)
    base = max(rows.values())
    graph = package_graph(skip=KNOWN)
    packages = {p.stem for p in SRC.iterdir() if not p.name.startswith("_") and (
        (p.is_dir() and (p / "__init__.py").exists()) or p.suffix == ".py")}
    assert sorted(packages - set(rows)) == [], "packages missing from the drawing"
    bad = []
    for a, targets in sorted(graph.items()):
        if a in ENTRY or a.startswith("_"):
            continue
        for b in sorted(targets):
            if rows[b] < rows[a]:
                bad.append(f"{a} imports {b}, drawn above it")
            elif rows[b] == rows[a] and rows[a] not in (0, base) and not _reach(arrows, a, b):
                bad.append(f"{a} imports {b} on its own row without a drawn arrow")
    assert bad == []
    # the reader of the drawing itself
    r, arr = drawn_layers("```\nx            a ──▶ b, c (note)\n             d\ny            e ⇄ f\n```")
    assert r == {"a": 0, "b": 0, "c": 0, "d": 0, "e": 1, "f": 1}
    assert arr == {("a", "b"), ("e", "f"), ("f", "e")}


#: (importing module, imported module, private name) still crossing a package; only shrinks
PRIVATE_KNOWN = {
    # the v3 assembly: sources.gsdb.cow_code_at is the public name now
    ("amity.assembly.closeness_inputs", "amity.sources.gsdb", "_cow"),
}


def private_imports() -> set[tuple[str, str, str]]:
    """(module, imported module, name) for every import of a private module or name from
    another top-level package (``from amity.x._y import z`` or ``from amity.x import _z``)."""
    out = set()
    for path in SRC.rglob("*.py"):
        mod = _module_name(path)
        own = _package(mod)
        for node in ast.walk(_pyast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.module and not node.level):
                continue
            if _package(node.module) in (None, own):
                continue
            parts = node.module.split(".")[1:]
            for a in node.names:
                if any(p.startswith("_") for p in parts) or a.name.startswith("_"):
                    out.add((mod, node.module, a.name))
    return out


def test_no_private_import_across_packages():
    found = private_imports()
    assert sorted(found - PRIVATE_KNOWN) == []    # delete an entry when its import goes


def test_the_brief_is_written_from_the_use_case_layer():
    """The brief's numbers come from amity.app (amity.app.brief, amity.app.relations): the
    report modules that write it import no measure or query of their own."""
    edges = module_edges()
    assert edges["amity.report.brief"] <= {"app", "errors"}
    assert "measures" not in edges["amity.report.summary"]


#: the analysis packages: a face reaches them only through the use-case layer (amity.app)
ANALYSIS = {"measures", "assembly", "panel"}


def faces_reaching_analysis(edges: dict[str, set[str]]) -> list[str]:
    """``module imports package`` for every face module importing an analysis package."""
    return sorted(f"{mod} imports {pkg}" for mod, pkgs in edges.items()
                  if _package(mod) in FACES for pkg in pkgs & ANALYSIS)


def test_faces_call_the_measures_only_through_the_use_case_layer():
    """No face (CLI, API, dashboard, report) imports amity.measures, amity.assembly or
    amity.panel, at module top or inside a function: dyad, compare, triangle, balance,
    scenario, closeness-build and the demo all go through amity.app."""
    edges = module_edges()
    assert faces_reaching_analysis(edges) == []
    # the check can fail: a face that imports a measure is reported
    edges["amity.cli.pair"] = edges["amity.cli.pair"] | {"measures"}
    assert faces_reaching_analysis(edges) == ["amity.cli.pair imports measures"]
    # and the demo's loading is a use case: the report face opens no store itself
    assert module_edges()["amity.report.summary"] <= {"app"}


#: what a measure module may not import: the store, the files, the event and curated layers
IO_MODULES = ("duckdb", "amity.store", "amity.config", "amity.events", "amity.knowledge",
              "amity.sources", "amity.assembly", "amity.panel")
#: the one door a measure may read through (handed in, or built from what it is given)
IO_ACCESSOR = "amity.sources.closeness_data"
#: measure modules that still read data themselves, with the work that removes it; only
#: shrinks (a module not listed that does I/O fails)
MEASURES_IO_KNOWN: set[str] = set()


def measure_io(path: Path) -> list[str]:
    """What a module does that is I/O: imports of :data:`IO_MODULES` (other than the
    accessor) and calls of ``.execute``, ``read_parquet``, ``read_csv`` or ``open``."""
    found = []
    for node in ast.walk(_pyast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module] + ([f"amity.{a.name}" for a in node.names]
                                     if node.module == "amity" else [])
        for n in names:
            if n != IO_ACCESSOR and any(n == m or n.startswith(m + ".") for m in IO_MODULES):
                found.append(f"imports {n}")
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if name in ("execute", "read_parquet", "read_csv", "open"):
                found.append(f"calls {name}")
    return found


def test_measures_do_no_io():
    """Closeness v2, the signed graph and every other measure compute over frames: the data
    they read comes through :class:`amity.sources.closeness_data.ClosenessData` (or is handed
    in); no SQL, no file, no store import in amity.measures outside the listed modules."""
    bad = {}
    for path in sorted((SRC / "measures").glob("*.py")):
        got = measure_io(path)
        if got and _module_name(path) not in MEASURES_IO_KNOWN:
            bad[_module_name(path)] = got
    assert bad == {}
    # every listed module still does I/O (an entry whose work landed must go)
    assert all(measure_io(SRC / "measures" / f"{m.rsplit('.', 1)[1]}.py")
               for m in MEASURES_IO_KNOWN)
    # the check can fail
    import textwrap
    probe = SRC.parent.parent / "tests" / "_probe_measure_io.py"
    try:
        probe.write_text(textwrap.dedent("""
            import duckdb
            from amity import store
            from amity.sources.closeness_data import ClosenessData
            def f(con):
                return con.execute("SELECT 1")
            """))
        assert measure_io(probe) == ["imports duckdb", "imports amity.store", "calls execute"]
    finally:
        probe.unlink()
