"""Input assembly: data steps over the store that build the frames the measures consume.

A module here reads datasets (through :func:`amity.sources.access.dataset`, the store's
``relations`` and the event store) and returns tidy frames; it computes no measure. The
measures (:mod:`amity.measures`) are pure functions and estimators over those frames.

* :mod:`amity.assembly.closeness_inputs` — one row per dyad-year of two COW system members,
  1816–2025, with every indicator of the closeness model on its own scale (NaN outside the
  source's years, never 0).
"""
from __future__ import annotations

__all__ = ["closeness_inputs"]


def __getattr__(name: str):
    if name == "closeness_inputs":
        from amity.assembly.closeness_inputs import closeness_inputs

        return closeness_inputs
    raise AttributeError(name)
