"""The event store's row layout (one row = one coded event).

Every parser (:mod:`amity.events.parse`) returns a
:class:`pyarrow.Table` with exactly :data:`EVENT_COLUMNS`; the store adds the Hive partition
columns ``year`` and ``month`` as directory names (``year=2018/month=6/``).
"""
from __future__ import annotations

import pyarrow as pa

#: column name -> DuckDB type, in file order.
EVENT_COLUMNS: dict[str, str] = {
    "event_id": "VARCHAR",      # GLOBALEVENTID / ICEWS Event ID
    "date": "DATE",             # the day the event took place
    "actor1": "VARCHAR",        # canonical actor id of the source actor (NULL if unresolved)
    "actor2": "VARCHAR",        # canonical actor id of the target actor
    "actor1_code": "VARCHAR",   # the raw actor code or name as the file gives it
    "actor2_code": "VARCHAR",
    "cameo": "VARCHAR",         # CAMEO event code, string with leading zeros
    "quad": "TINYINT",          # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    "goldstein": "DOUBLE",      # Goldstein value of the code (ICEWS table, not the file's own)
    "plover": "VARCHAR",        # PLOVER category (NULL for CAMEO roots 01, 02)
    "root_event": "BOOLEAN",    # GDELT IsRootEvent (NULL for ICEWS)
    "mentions": "INTEGER",      # GDELT NumMentions (NULL for ICEWS)
    "sources": "INTEGER",       # GDELT NumSources
    "articles": "INTEGER",      # GDELT NumArticles
    "tone": "DOUBLE",           # GDELT AvgTone, -100..100
    "source": "VARCHAR",        # gdelt1 | gdelt2 | icews | gdelt1csv | synth
    "file": "VARCHAR",          # input file name (provenance)
    "line": "BIGINT",           # physical line in that file (provenance)
}

PARTITION_COLUMNS = ("year", "month")

_ARROW = {
    "VARCHAR": pa.string(), "DATE": pa.date32(), "TINYINT": pa.int8(), "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
}


def arrow_schema(with_partitions: bool = False) -> pa.Schema:
    """The Arrow schema of an event table (optionally with ``year``/``month`` int32)."""
    fields = [pa.field(k, _ARROW[v]) for k, v in EVENT_COLUMNS.items()]
    if with_partitions:
        fields += [pa.field("year", pa.int32()), pa.field("month", pa.int32())]
    return pa.schema(fields)


def empty_table() -> pa.Table:
    return arrow_schema().empty_table()
