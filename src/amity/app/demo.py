"""Use case ``amity demo``: open the store, load the curated layer (and the datasets when a
mirror exists) and gather the first China-Russia-USA summary's data
(:func:`amity.app.relations.triangle_summary`); :mod:`amity.report.summary` writes the text."""
from __future__ import annotations

from typing import Any, Callable

from amity import config, store
from amity.app.closeness import ensure_closeness_table
from amity.app.relations import triangle_summary
from amity.errors import AmityError
from amity.knowledge import load_curated


def _table_line(t: dict[str, Any]) -> str:
    if t.get("built"):
        return (f"{t['rows']:,} dyad-years {t['from']}-{t['to']} built in "
                f"{t['seconds']:.0f} s (dyad, compare, triangle, balance and brief read it)")
    if t.get("state") == "current":
        return (f"{t['rows']:,} dyad-years {t['from']}-{t['to']}, already built from these "
                f"inputs ({t['built_at']})")
    return f"not built ({t.get('reason')}): questions compute closeness live"


def prepare_demo(db: str | None = None, *, mirror: str | None = None, datasets: bool = True,
                 on_progress: Callable[[str, str], None] | None = None) -> dict[str, Any]:
    """Load the store for the demo and return what the summary is written from.

    With datasets loaded it also builds the v2 closeness table for every year
    (:func:`amity.app.closeness.ensure_closeness_table`; kept when already built from the
    same inputs). Returns ``{"store", "used", "curated", "datasets", "table", "summary",
    "head"}``: ``used`` says which inputs the summary was built from, ``head`` the lines
    printed above it.
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
        table: dict[str, Any] = {"built": False, "reason": "no datasets loaded"}
        if ds.get("loaded"):
            # the v2 closeness of every dyad-year, so that `amity dyad/compare/triangle/
            # balance/brief` read it instead of recomputing (skipped when the store holds one
            # built from the same inputs)
            if on_progress is not None:
                on_progress("closeness table", "building")
            table = ensure_closeness_table(con, m)
        table["line"] = _table_line(table)
        data = triangle_summary(con)
        head = (f"store: {path}\nused: {used}"
                + ("" if ds.get("loaded") else f" ({ds['reason']})")
                + f"\ncurated: {cur['rows']} rows, {cur['inserted']} new facts, "
                  f"{cur['skipped']} already stored\n"
                + f"closeness table: {table['line']}\n")
        return {"store": str(path), "used": used, "curated": cur, "datasets": ds,
                "table": table, "summary": data, "head": head}
    finally:
        con.close()


__all__ = ["prepare_demo"]
