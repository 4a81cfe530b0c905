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
    try:
        from amity import cameo

        cameo.lookup("010")
    except Exception:  # noqa: BLE001 - a missing table only means a colder child
        pass
    check_curated(None)   # validates the shipped layer: warms every cache it touches


warm()
