"""Use case ``amity demo``: open the store, load the curated layer (and the datasets when a
mirror exists) and gather the first China-Russia-USA summary's data
(:func:`amity.app.relations.triangle_summary`); :mod:`amity.report.summary` writes the text."""
from __future__ import annotations

from typing import Any, Callable

from amity import config, store
from amity.app.relations import triangle_summary
from amity.errors import AmityError
from amity.knowledge import load_curated


def prepare_demo(db: str | None = None, *, mirror: str | None = None, datasets: bool = True,
                 on_progress: Callable[[str, str], None] | None = None) -> dict[str, Any]:
    """Load the store for the demo and return what the summary is written from.

    Returns ``{"store", "used", "curated", "datasets", "summary", "head"}``: ``used`` says
    which inputs the summary was built from, ``head`` the lines printed above it.
    """
    path = config.db_path(db)
    con = store.connect(path)
    try:
        cur = load_curated(con)
        ds: dict[str, Any] = {"loaded": False, "reason": None}
        m = None
        if datasets:
            try:
                m = config.mirror_dir(mirror)
            except AmityError as e:   # a bad explicit mirror: say so, go on
                ds["reason"] = str(e)
            if m is None and ds["reason"] is None:
                ds["reason"] = "no data mirror configured (AMITY_MIRROR) or found at ../shared/data"
        else:
            ds["reason"] = "datasets not requested"
        if m is not None:
            from amity import sources as _sources

            res = _sources.load(con, "all", mirror=m, skip_bad_rows=True,
                                on_progress=on_progress)
            ds = {"loaded": True, "mirror": str(m), "result": res, "reason": None}
        used = "embedded curated layer" + (f" + datasets from {ds['mirror']}" if ds.get("loaded")
                                           else "")
        data = triangle_summary(con)
        head = (f"store: {path}\nused: {used}"
                + ("" if ds.get("loaded") else f" ({ds['reason']})")
                + f"\ncurated: {cur['rows']} rows, {cur['inserted']} new facts, "
                  f"{cur['skipped']} already stored\n")
        return {"store": str(path), "used": used, "curated": cur, "datasets": ds,
                "summary": data, "head": head}
    finally:
        con.close()


__all__ = ["prepare_demo"]
