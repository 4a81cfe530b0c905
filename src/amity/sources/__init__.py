"""Upstream datasets: one importer module per source (see :mod:`amity.sources.base`).

Public entry points
-------------------
registry()            every declared source, by name
get(name)             one source (raises NotFoundError with suggestions)
frame(table, ...)     a dataset table: from the store if loaded there, else read from the
                      mirror or the download cache (memoized in-process)
fetch(name, ...)      local paths of a source's files (mirror, cache or download)
load(con, name, ...)  read a source (or "all") into the store, atomically
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Any

from amity import caches
from amity.sources.base import FileSpec, Source  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_SKIP = {"base", "fetch", "load"}
_REGISTRY: dict[str, Source] | None = None
_BROKEN: dict[str, str] = {}   # importer modules that failed to import, with the error


def registry() -> dict[str, Source]:
    """Every declared source by name, collected from the modules of this package."""
    global _REGISTRY
    if _REGISTRY is not None:
        return dict(_REGISTRY)
    out: dict[str, Source] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in _SKIP:
            continue
        try:
            mod = importlib.import_module(f"{__name__}.{info.name}")
        except Exception as e:  # noqa: BLE001 - one broken importer must not hide the others
            import warnings

            _BROKEN[info.name] = f"{type(e).__name__}: {e}"
            warnings.warn(f"amity.sources.{info.name} failed to import and is skipped: {e}",
                          RuntimeWarning, stacklevel=2)
            continue
        for src in getattr(mod, "SOURCES", ()):
            if src.name in out:
                raise RuntimeError(f"source {src.name!r} declared twice")
            out[src.name] = src
    _REGISTRY = out
    return dict(out)


def _forget_registry() -> None:
    global _REGISTRY
    _REGISTRY = None
    _BROKEN.clear()


caches.register("sources.registry", _forget_registry)


def get(name: str) -> Source:
    """The source registered as ``name`` (``amity data list`` shows them)."""
    reg = registry()
    if name in reg:
        return reg[name]
    from difflib import get_close_matches

    from amity.errors import NotFoundError

    close = get_close_matches(name, list(reg), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known: {', '.join(sorted(reg))}"
    raise NotFoundError(f"no data source {name!r}{hint}")


def coverage(name: str) -> tuple[int, int]:
    """(first, last) year of source ``name``, from its :class:`Source` record: the one place a
    coverage is written (panels and measures read it from here)."""
    first, last = get(name).years
    return int(first), int(last)


def source_of_table(table: str) -> Source:
    """The source whose reader produces ``table``."""
    for src in registry().values():
        if table in src.tables:
            return src
    from amity.errors import NotFoundError

    raise NotFoundError(f"no data source provides table {table!r}")


# Import the helper modules first: importing a submodule binds its name (``fetch``, ``load``)
# on this package, so the public functions below must be defined after that to win.
from amity.sources import fetch as _fetch_module  # noqa: E402
from amity.sources import load as _load_module  # noqa: E402


def frame(table: str, con: Any = None, mirror: Any = None) -> "pd.DataFrame":
    """A dataset table as a DataFrame.

    From the store (``ds_<table>``) when ``con`` is given and the table is loaded there,
    otherwise read through the registry from the mirror or the download cache. Reads are
    memoized in-process per (source, mirror), so repeated calls are cheap; treat the
    returned frame as read-only (copy before modifying).
    """
    return _load_module.frame(table, con=con, mirror=mirror)


def fetch(name: Any, **kw: Any):
    """Local paths of a source's files; see :func:`amity.sources.fetch.fetch`."""
    return _fetch_module.fetch(name, **kw)


def load(con: Any, name: Any = "all", **kw: Any):
    """Load sources into the store; see :func:`amity.sources.load.load`."""
    return _load_module.load(con, name, **kw)
