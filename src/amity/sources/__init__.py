"""Upstream datasets: one importer module per source (see :mod:`amity.sources.base`)."""
from __future__ import annotations

import importlib
import pkgutil

from amity.sources.base import FileSpec, Source  # noqa: F401

_SKIP = {"base"}


def registry() -> dict[str, Source]:
    """Every declared source by name, collected from the modules of this package."""
    out: dict[str, Source] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name in _SKIP:
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        for src in getattr(mod, "SOURCES", ()):
            if src.name in out:
                raise RuntimeError(f"source {src.name!r} declared twice")
            out[src.name] = src
    return out
