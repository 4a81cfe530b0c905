"""The knowledge store: one embedded DuckDB file, a versioned schema, atomic batch writes.

Everything that writes goes through :func:`write_relations`, :func:`replace_dataset` or a
``with transaction(con):`` block, so a failed write leaves the store as it was, and every
batch is keyed by a content checksum so replaying it adds nothing.
"""
from __future__ import annotations

from amity.store.core import (  # noqa: F401
    SCHEMA_VERSION,
    connect,
    dataset_info,
    list_datasets,
    quarantine,
    read_dataset,
    replace_dataset,
    status,
    transaction,
    write_relations,
    insert_relations,
    put_dataset,
    dataset_table,
    relation_id,
    party_since_sql,
    RELATION_COLUMNS,
)
