"""One accessor for dataset tables: the store's ``datasets`` record first, else the mirror.

A store loaded from the mirror must answer the same with the mirror gone (no AMITY_MIRROR,
no sibling shared/data, no download): the panel verbs read through
:func:`amity.sources.access.dataset`.
"""
from __future__ import annotations

import _pyast  # ast.parse, immune to a CPython 3.11 threading bug

import sys

import pandas as pd
import pytest

import amity
from amity import caches, config
from amity.sources import access

SOURCES = ["cow_states", "atop", "nmc", "cow_mid", "idealpoints"]
STATES = [2, 200, 365, 710, 731]


def _panel(con=None, mirror=None) -> pd.DataFrame:
    from amity.panel import add_atop, add_ideal_points, add_mids, add_nmc, create_dyad_years

    p = create_dyad_years(years=(1989, 1992), states=STATES, con=con, mirror=mirror)
    p = add_atop(p, con=con, mirror=mirror)
    p = add_nmc(p, con=con, mirror=mirror)
    p = add_mids(p, con=con, mirror=mirror)
    return add_ideal_points(p, con=con, mirror=mirror)


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory, mirror):
    from amity.sources import load
    from amity.store import connect

    con = connect(tmp_path_factory.mktemp("access") / "s.duckdb")
    load(con, SOURCES, mirror=mirror)
    yield con
    con.close()


def test_store_without_mirror_gives_the_mirror_answer(loaded_store, mirror, monkeypatch):
    from_mirror = _panel(mirror=mirror)
    from_store = _panel(con=loaded_store, mirror=mirror)
    pd.testing.assert_frame_equal(from_mirror, from_store, check_dtype=False)

    # the mirror disappears: no env, no sibling folder, no download
    monkeypatch.delenv("AMITY_MIRROR", raising=False)
    monkeypatch.setattr(config, "_default_mirror_candidates", lambda: [])

    def _no_fetch(*a, **k):
        raise AssertionError("read the mirror although the store has the dataset")

    monkeypatch.setattr(sys.modules["amity.sources.load"], "fetch", _no_fetch)
    amity.clear_caches()
    assert config.mirror_dir() is None
    no_mirror = _panel(con=loaded_store)
    pd.testing.assert_frame_equal(from_mirror, no_mirror, check_dtype=False)
    # hand-checked on ATOP 5.1: USSR(365)-China(710) non-aggression from 1992, none before
    row = no_mirror.set_index(["ccode1", "ccode2", "year"])
    assert int(row.loc[(365, 710, 1992), "atop_nonagg"]) == 1
    assert int(row.loc[(365, 710, 1990), "atop_nonagg"]) == 0
    assert int(row.loc[(2, 200, 1990), "atop_defense"]) == 1


def test_dataset_follows_the_record_not_the_columns(loaded_store, mirror):
    # cow_states and cow_majors share columns; each is read from the table its record names
    states = access.dataset("cow_states", con=loaded_store)
    majors = access.dataset("cow_majors", con=loaded_store)
    assert len(majors) < len(states)
    rec = access.record(loaded_store, "cow_majors")
    assert rec["table"] == "ds_cow_majors"
    assert len(majors) == rec["rows"]


def test_dataset_hands_out_copies(loaded_store):
    a = access.dataset("cow_nmc", con=loaded_store)
    a["cinc"] = 0.0
    a["extra"] = 1
    b = access.dataset("cow_nmc", con=loaded_store)
    assert "extra" not in b.columns and b["cinc"].max() > 0


def test_clear_caches_forgets_store_reads(loaded_store):
    access.dataset("cow_nmc", con=loaded_store)
    assert len(access._STORE_MEMO) >= 1
    names = amity.clear_caches()
    assert "sources.access.store" in names and "sources.load.tables" in names
    assert len(access._STORE_MEMO) == 0


def test_bounded_cache_evicts_oldest():
    c = caches.BoundedCache("test.bounded", maxsize=2)
    c["a"], c["b"] = 1, 2
    assert c.get("a") == 1       # a is now the most recent
    c["c"] = 3
    assert "b" not in c and c.get("a") == 1 and c.get("c") == 3
    assert "test.bounded" in caches.registered()


def test_module_caches_are_registered_and_bounded():
    from amity import cameo  # noqa: F401
    from amity.measures import closeness
    from amity.sources import closeness_data

    names = caches.registered()
    for n in ("measures.closeness.un", "sources.closeness_data", "measures.closeness._id_of",
              "cameo._frame", "actors.registry._registry"):
        assert n in names, n
    assert closeness._UN_CACHE.maxsize == 64 and closeness_data._DERIVED.maxsize == 32
    closeness._UN_CACHE[("probe",)] = 1
    amity.clear_caches()
    assert ("probe",) not in closeness._UN_CACHE
    assert cameo.lookup("010") is not None     # a cleared cache reloads on the next use


def test_mirror_reads_hand_out_copies(mirror):
    from amity.sources.load import source_tables

    a = access.dataset("cow_nmc", mirror=mirror)
    a.loc[a.index[0], "cinc"] = -1.0
    t = source_tables("nmc", mirror)
    t["cow_nmc"]["extra"] = 1
    b = access.dataset("cow_nmc", mirror=mirror)
    assert b["cinc"].iloc[0] != -1.0 and "extra" not in b.columns


#: modules whose memos are not registered yet, with the owner who registers them; only shrinks
CACHES_NOT_REGISTERED = {
    # the reader's memos (spaCy model, dictionaries, actor and date lookups): amity.reader
    "amity.reader.dictcode", "amity.reader.nlp", "amity.reader.merge", "amity.reader.petrarch",
    "amity.reader.actors",
}


def _memoized_functions():
    """(module, function name) of every module-level ``lru_cache``/``cache`` in src/amity."""
    import ast
    from pathlib import Path

    src = Path(amity.__file__).parent
    for path in sorted(src.rglob("*.py")):
        mod = ".".join(path.relative_to(src.parent).with_suffix("").parts)
        for node in _pyast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for d in node.decorator_list:
                f = d.func if isinstance(d, ast.Call) else d
                name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                if name in ("lru_cache", "cache"):
                    yield mod, node.name


def test_every_module_memo_is_registered():
    """clear_caches() reaches every lru_cache in the package (found with ast, so a new one
    that is not registered fails here)."""
    import importlib

    from amity.caches import _REGISTRY

    found = list(_memoized_functions())
    assert len(found) >= 15
    mods = {mod: importlib.import_module(mod) for mod, _ in found}   # registers on import
    from amity import panel

    panel.verb("atop")   # rebinds each loaded verb module's name in amity.panel to its verb
    clears = list(_REGISTRY.values())
    missing = []
    for mod, fn in found:
        if mod in CACHES_NOT_REGISTERED:
            continue
        f = getattr(mods[mod], fn)
        if f.cache_clear not in clears:
            missing.append(f"{mod}.{fn}")
    assert missing == []      # delete a CACHES_NOT_REGISTERED entry when its module registers


def test_dict_memos_are_registered_and_bounded():
    import importlib

    from amity.events import query
    from amity.knowledge import _registry
    fetch = importlib.import_module("amity.sources.fetch")   # the package shadows the name

    assert isinstance(fetch._VERIFIED, caches.BoundedCache)
    assert isinstance(_registry._CACHE, caches.BoundedCache)
    names = caches.registered()
    for n in ("sources.fetch.verified", "knowledge.registry", "events.query._FOOTERS",
              "actors.registry._SPANS", "sources.registry", "panel._common._KEY_MEMO"):
        assert n in names, n
    # user-typed names do not grow the knowledge layer's memo without bound
    for i in range(5000):
        _registry.get(f"NO-SUCH-{i}")
    assert len(_registry._CACHE) == _registry._CACHE.maxsize == 4096
    query._FOOTERS[("probe", 0, 0)] = (1, True)
    amity.clear_caches()
    assert len(_registry._CACHE) == 0 and not query._FOOTERS
    assert _registry.get("RUS").id == "RUS"       # reloads on the next use


def test_store_connections_draw_no_progress_bar(tmp_path):
    """DuckDB's progress bar goes to stdout and broke `closeness-build --json`: every store
    connection turns it off, read-only ones included."""
    from amity.store.core import connect

    for path, ro in ((":memory:", False), (tmp_path / "a.duckdb", False),
                     (tmp_path / "a.duckdb", True)):
        con = connect(path, read_only=ro)
        try:
            assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] \
                is False
        finally:
            con.close()
