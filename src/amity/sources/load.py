"""Reading sources into frames (memoized) and loading them into the store (atomically).

``load(con, "all")`` first reads and validates every file of every source, then writes every
table, its ``datasets`` record, any quarantined rows and the facts derived for the
``relations`` table (ATOP 4.01 treaties, idempotent by fact id as in
:func:`amity.store.write_relations`) in ONE transaction: a bad file, a failure or a crash
anywhere leaves the store as it was. A dataset whose sha256 is already loaded is skipped, so
loading twice adds nothing.
"""
from __future__ import annotations

import hashlib
import os
import threading
from typing import Any, Callable

import pandas as pd

from amity import caches, config
from amity.sources import Source, get, registry
from amity.sources.fetch import fetch

# one entry per (source, mirror): bounded, registered with amity.clear_caches()
_MEMO = caches.BoundedCache("sources.load.tables", maxsize=64)
_LOCK = threading.Lock()


def _mirror_key(mirror: Any) -> str:
    m = config.mirror_dir(mirror)
    return str(m) if m else f"cache:{config.cache_dir()}:{os.environ.get('AMITY_BASE_URL', '')}"


def read_source(src: Source | str, *, mirror: Any = None, rejects: list | None = None,
                base_url: str | None = None, progress: bool = True) -> dict[str, pd.DataFrame]:
    """Read every table of a source from its files (no memo; ``rejects`` as in base)."""
    if isinstance(src, str):
        src = get(src)
    paths = fetch(src, mirror=mirror, base_url=base_url, progress=progress)
    tables = src.read(paths, rejects)
    missing = set(src.tables) - set(tables)
    if missing:
        raise RuntimeError(f"source {src.name} did not return tables {sorted(missing)}")
    return tables


def source_tables(name: str, mirror: Any = None) -> dict[str, pd.DataFrame]:
    """Every table of source ``name`` read from the mirror/cache, memoized per process.

    The frames are shallow copies of the memo (pandas copy-on-write): changing them never
    changes what the next caller gets."""
    src = get(name)
    key = (src.name, _mirror_key(mirror))
    with _LOCK:
        hit = _MEMO.get(key)
    if hit is None:
        hit = read_source(src, mirror=mirror)
        with _LOCK:
            _MEMO[key] = hit
    return {t: f.copy(deep=False) for t, f in hit.items()}


def frame(table: str, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """See :func:`amity.sources.access.dataset` (this name is kept for callers)."""
    from amity.sources.access import dataset

    return dataset(table, con=con, mirror=mirror)


def clear_memo() -> None:
    """Forget memoized reads (tests)."""
    caches.clear_caches()


def source_sha(src: Source) -> str:
    """One checksum for a source: sha256 over its files' registered sha256s."""
    h = hashlib.sha256()
    for f in src.files:
        h.update(f"{f.key}={f.sha256};".encode())
    return h.hexdigest()


def _names(name: Any) -> list[Source]:
    if isinstance(name, Source):
        return [name]
    if isinstance(name, (list, tuple)):
        out: list[Source] = []
        for n in name:
            out.extend(_names(n))
        return out
    if name == "all":
        # "optional" sources (large files outside the mirror, e.g. COW dyadic trade) are
        # fetched and loaded by name only
        return [s for n, s in sorted(registry().items()) if s.kind not in ("codes", "optional")]
    return [get(name)]


def load(con: Any, name: str | list[str] = "all", *, mirror: Any = None,
         skip_bad_rows: bool = False, base_url: str | None = None,
         on_progress: Callable[[str, str], None] | None = None) -> dict[str, Any]:
    """Load one source, several, or ``"all"`` into the store ``con``.

    Parameters
    ----------
    con : duckdb connection
        An open store (:func:`amity.store.connect`).
    name : str, Source or list of them
        Registry name(s), :class:`Source` objects, or ``"all"``.
    mirror : path, optional
        Mirror folder (default ``$AMITY_MIRROR`` / the checkout's sibling ``shared/data``).
    skip_bad_rows : bool
        Send bad rows to the ``quarantine`` table (with file, line, field, reason) instead of
        failing; the count is in the result.
    on_progress : callable, optional
        ``on_progress(source_name, stage)`` with stage "read" or "write" (progress bars).

    Returns
    -------
    dict
        ``{"sources": [{name, tables: {table: rows}, loaded, quarantined}], "quarantined": n,
        "relations": {...}}``.
    """
    from amity.store import insert_relations, put_dataset, transaction
    from amity.store import quarantine as _quarantine

    names = _names(name)
    plan: list[dict[str, Any]] = []
    # 1) read + validate everything; nothing is written yet
    for src in names:
        n = src.name
        sha = source_sha(src)
        current = {t: con.execute("SELECT sha256, rows FROM datasets WHERE name = ?",
                                  [t]).fetchone() for t in src.tables}
        if src.tables and all(c is not None and c[0] == sha for c in current.values()):
            plan.append({"src": src, "sha": sha, "tables": None,
                         "rows": {t: int(c[1]) for t, c in current.items()}, "rejects": []})
            if on_progress:
                on_progress(n, "skip")
            continue
        if on_progress:
            on_progress(n, "read")
        rejects: list | None = [] if skip_bad_rows else None
        tables = read_source(src, mirror=mirror, rejects=rejects, base_url=base_url)
        plan.append({"src": src, "sha": sha, "tables": tables, "rejects": rejects or [],
                     "rows": {t: len(df) for t, df in tables.items()}})
    # treaty records derived from ATOP 4.01 (resolved before any write)
    relation_batches: list[tuple[str, list[dict], list]] = []
    for item in plan:
        hook = getattr(item["src"], "name", None)
        if item["tables"] is not None and hook == "atop4":
            from amity.sources.atop import treaty_relations

            unresolved: list = []
            rows = treaty_relations(item["tables"], item["src"], unresolved)
            relation_batches.append(("atop4", rows, unresolved))
    # 2) write everything in one transaction (DuckDB's own console progress bar off: the
    # CLI draws its own)
    con.execute("SET enable_progress_bar = false")
    result: list[dict[str, Any]] = []
    total_q = 0
    with transaction(con):
        for item in plan:
            src: Source = item["src"]
            if on_progress and item["tables"] is not None:
                on_progress(src.name, "write")
            loaded = item["tables"] is not None
            if loaded:
                batch = f"load:{src.name}:{item['sha'][:16]}"
                for t, df in item["tables"].items():
                    meta = {"source": src.name, "title": src.title,
                            "files": [f.mirror_path for f in src.files],
                            "years": list(src.years),
                            "quarantined": len(item["rejects"])}
                    put_dataset(con, t, df, version=src.version, sha256=item["sha"], meta=meta)
                if item["rejects"]:
                    total_q += _quarantine(con, item["rejects"], batch_id=batch, source=src.name)
            result.append({"name": src.name, "version": src.version, "loaded": loaded,
                           "tables": item["rows"], "quarantined": len(item["rejects"])})
        # derived facts in the SAME transaction: a crash can never leave a recorded dataset
        # without its treaty facts (a re-run would skip the dataset and never add them)
        rel: dict[str, Any] = {}
        for sname, rows, unresolved in relation_batches:
            if rows:
                rel[sname] = insert_relations(con, rows, kind="treaty",
                                               source=f"dataset:{sname}")
                rel[sname]["unresolved_members"] = [
                    {"atopid": a, "ccode": c, "year": y} for a, c, y in unresolved]
    return {"sources": result, "quarantined": total_q, "relations": rel}


__all__ = ["frame", "load", "read_source", "source_tables", "clear_memo", "source_sha"]
