"""Pure measures over frames and arrays (see docs/ARCHITECTURE.md): similarity, closeness,
phases, steadiness, balance, triangle, coalitions, scenario.

Submodules are imported on first use, so ``import amity.measures`` stays cheap::

    from amity.measures import similarity, balance
    from amity.measures.balance import triad_census
"""
from __future__ import annotations

import importlib

_SUBMODULES = ("similarity", "balance", "triangle", "scenario", "steadiness", "closeness",
               "phases", "coalitions")


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
