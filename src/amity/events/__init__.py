"""The event store: GDELT/ICEWS events in Hive-partitioned Parquet, a DuckDB manifest, and
dyad-period aggregates computed by one SQL text on DuckDB or Spark.

Public functions (import from here)::

    from amity.events import ingest, aggregate, stats, synth, dyad_year_aggregates
"""
from __future__ import annotations

from typing import Any

__all__ = ["ingest", "aggregate", "aggregate_sql", "stats", "synth", "dyad_year_aggregates",
           "events_dir", "recover", "EVENT_COLUMNS", "fetch", "update",
           "dyad_period_shares"]


def __getattr__(name: str) -> Any:  # lazy: keep `import amity.events` cheap
    import importlib

    where = {
        "ingest": ("amity.events.ingest", "ingest"),
        "aggregate": ("amity.events.query", "aggregate"),
        "aggregate_sql": ("amity.events.query", "aggregate_sql"),
        "dyad_year_aggregates": ("amity.events.query", "dyad_year_aggregates"),
        "stats": ("amity.events.query", "stats"),
        "dyad_period_shares": ("amity.events.query", "dyad_period_shares"),
        "fetch": ("amity.events.fetch", "fetch"),
        "update": ("amity.events.fetch", "update"),
        "synth": ("amity.events.synth", "synth"),
        "events_dir": ("amity.events.store", "events_dir"),
        "recover": ("amity.events.store", "recover"),
        "EVENT_COLUMNS": ("amity.events.schema", "EVENT_COLUMNS"),
    }
    if name not in where:
        raise AttributeError(f"module 'amity.events' has no attribute {name!r}")
    mod, attr = where[name]
    value = getattr(importlib.import_module(mod), attr)
    # importing amity.events.ingest (or .synth) binds the submodule to this package's attribute
    # of the same name; bind the function instead, so `from amity.events import ingest` gets it
    globals()[name] = value
    return value
