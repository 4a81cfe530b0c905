"""Imported by the crash harness's forkserver: fill the read-only caches once (actor
registry, CAMEO table, source registry, curated validation), so every forked child starts warm
and a kill-and-rerun costs the write itself, not the set-up."""
from __future__ import annotations


def warm() -> None:
    from amity import actors
    from amity.knowledge import check_curated
    from amity.sources import registry

    actors.all_actors()
    registry()
    from amity import cameo

    cameo.lookup("010")      # the CAMEO table ships with the package
    check_curated(None)   # validates the shipped layer: warms every cache it touches


warm()
