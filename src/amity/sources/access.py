"""The one way to read a dataset table: through its ``datasets`` record, else the mirror.

:func:`dataset` looks ``name`` up in the store's ``datasets`` table when a connection is
given; a recorded dataset is read from the table the record names (never guessed from
columns). Without a record (or without a store) the table is read from the mirror or the
download cache through the source registry. Both reads are memoized in the cache registry
(:mod:`amity.caches`), the store read keyed by the record's checksum and load time, so
reloading a dataset invalidates it.

Frames come back as shallow copies of the memoized frame (pandas copy-on-write: cheap, and
changing them never changes the memo). ``frame.attrs["amity_dataset"]`` carries the memo key
so that derived tables can be memoized per input (see
:class:`amity.panel._common.PreparedCache`).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity import caches
from amity.store import dataset_info

_STORE_MEMO = caches.BoundedCache("sources.access.store", maxsize=16)


def _db_key(con: Any) -> str:
    row = con.execute("SELECT current_database(), "
                      "(SELECT path FROM duckdb_databases() "
                      " WHERE database_name = current_database())").fetchone()
    return f"{row[1] or ''}:{row[0]}:{id(con) if not row[1] else ''}"


def _handout(df: pd.DataFrame, key: tuple) -> pd.DataFrame:
    out = df.copy(deep=False)
    out.attrs = dict(df.attrs)
    out.attrs["amity_dataset"] = key
    return out


def record(con: Any, name: str) -> dict | None:
    """The ``datasets`` record of ``name`` in the store ``con`` (None if not loaded)."""
    if con is None:
        return None
    return dataset_info(con, name)


def dataset(name: str, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Dataset table ``name``: from the store when ``con`` has a ``datasets`` record for it,
    else from the mirror (or download cache).

    Raises :class:`amity.errors.NotFoundError` for a table no source provides and
    :class:`amity.errors.DataUnavailableError` when it is neither loaded nor reachable.
    """
    info = record(con, name)
    if info is not None:
        key = ("store", _db_key(con), name, info["sha256"], str(info["loaded_at"]))
        hit = _STORE_MEMO.get(key)
        if hit is None:
            hit = con.execute(f'SELECT * FROM "{info["table"]}"').df()
            _STORE_MEMO[key] = hit
        return _handout(hit, key)
    from amity.sources import source_of_table
    from amity.sources.load import _mirror_key, source_tables

    src = source_of_table(name)
    df = source_tables(src.name, mirror)[name]
    return _handout(df, ("mirror", src.name, _mirror_key(mirror), name))


__all__ = ["dataset", "record"]
