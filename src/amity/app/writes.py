"""The write use cases a face runs on an open store: load the curated layer, ingest event
files, store what the reader read (the API's ``POST /ingest/curated``, ``/events/ingest`` and
``/extract?store=true``). Each returns JSON-ready data; the face owns locking and caches."""
from __future__ import annotations

from typing import Any, Sequence

from amity.errors import InputError


def event_formats() -> tuple[str, ...]:
    """The event file formats ``ingest_events`` reads (gdelt1, gdelt2, icews...)."""
    from amity.events.ingest import FORMATS

    return tuple(FORMATS)


def check_event_format(fmt: str, field: str = "format") -> str:
    """``fmt`` when it is a known event format, else an InputError listing them."""
    if fmt not in event_formats():
        raise InputError(f"unknown event format {fmt!r}; use one of "
                         f"{', '.join(event_formats())}", field=field)
    return fmt


def check_date(date: Any, where: str | None = None) -> str | None:
    """A document date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (None when absent)."""
    from amity.reader.inputs import check_date as _check

    return _check(date, where=where)


def load_curated_layer(con, files: Sequence[str] | None = None) -> dict[str, Any]:
    """Validate, then write the curated layer (the shipped files, or ``files``) into the
    store (idempotent)."""
    from amity.knowledge import load_curated

    res = load_curated(con, list(files)) if files else load_curated(con)
    return res if isinstance(res, dict) else {"result": res}


def ingest_events(con, paths: Sequence[str], fmt: str, since: str | None = None) -> Any:
    """Ingest event files of format ``fmt`` into the store's event layer."""
    from amity.events.ingest import ingest

    return ingest(list(paths), check_event_format(fmt), con=con, since=since)


def store_reading(con, result: dict[str, Any], text: str, source: str) -> dict[str, Any]:
    """The reader's ``result`` with its facts and evidence written to the store (the count of
    what was stored under ``"store"``)."""
    from amity.reader.merge import store_result

    out = dict(result)
    out["store"] = store_result(con, out, text=text, source=source)
    return out


__all__ = ["check_date", "check_event_format", "event_formats", "ingest_events",
           "load_curated_layer", "store_reading"]
