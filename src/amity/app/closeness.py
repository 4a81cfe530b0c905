"""Use case ``amity closeness-build``: assemble the indicator panel, fit closeness v3 on
every dyad-year, and store the posterior with its parameters (queries never refit)."""
from __future__ import annotations

import datetime as _dt
import time
from typing import TYPE_CHECKING, Any

import pandas as pd

from amity import concepts
from amity.store import closeness as closeness_store

if TYPE_CHECKING:   # the model module imports scipy.optimize: only a fit or a status needs it
    from amity.measures.closeness_model import ClosenessModel

#: the years ``amity demo`` builds the v2 table for (every year a closeness source covers)
FIRST_V2_YEAR, LAST_V2_YEAR = concepts.FIRST_YEAR, concepts.LAST_YEAR


def build(con, mirror: Any = None, *, panel: pd.DataFrame | None = None,
          model: ClosenessModel | None = None, progress: bool = False) -> dict[str, Any]:
    """Fit closeness v3 and write ``closeness_v3`` / ``closeness_model`` into the store.

    ``panel`` (default: :func:`amity.assembly.closeness_inputs.closeness_inputs` over the
    store and the mirror, 1816–2025) and ``model`` (default :class:`ClosenessModel`) may be
    given, as tests do. Returns rows, seconds, the model version and its parameter table.
    """
    from amity.measures.closeness_model import MODEL_VERSION, ClosenessModel

    t0 = time.perf_counter()
    if panel is None:
        from amity.assembly.closeness_inputs import closeness_inputs

        panel = closeness_inputs(con, mirror, progress=progress)
    model = ClosenessModel() if model is None else model
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("closeness v3 fit (EM)", total=2 * model.max_iter)

        def tick(_it, _delta):
            bar.advance(task)
    else:
        tick = None
    try:
        model.fit(panel, progress=tick)
    finally:
        if bar is not None:
            bar.stop()
    post = model.predict(panel)
    frame = pd.concat([panel[["year", "ccode_a", "ccode_b"]].reset_index(drop=True), post],
                      axis=1)
    seconds = time.perf_counter() - t0
    built = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    closeness_store.write(con, frame, model.to_dict(), built_at=built, seconds=seconds)
    return {"table": closeness_store.TABLE, "model": MODEL_VERSION, "rows": int(len(frame)),
            "from": int(frame["year"].min()), "to": int(frame["year"].max()),
            "seconds": seconds, "built_at": built,
            "rho": model.rho_, "alignment_weight": model.alignment_weight,
            "parameters": model.parameter_table().to_dict(orient="records")}


def build_closeness_table(con, start: int = 1816, end: int = 2025, *, mirror: Any = None,
                          progress: bool = False) -> dict[str, Any]:
    """Precompute the v2 closeness of every pair of system members for every year of
    ``start..end`` into the store.

    Writes table ``closeness_dyad_year`` (year, ccode_a < ccode_b, id_a, id_b, every input and
    score column, ``affinity``, ``closeness``, ``components`` as a comma-separated string) and
    its meta row ``closeness_dyad_year_meta`` (the stamp of the inputs it was built from,
    :func:`amity.sources.closeness_data.table_stamp`, its years and when) in one transaction.
    The years of ``start..end`` replace the same years of a table built from the same inputs
    and the other years are kept (``kept`` rows); a table built from other inputs (a dataset
    reloaded, the curated facts changed), without a stamp or of an older layout is replaced
    whole (its ``dropped`` rows), since its other years would not agree with these. Returns ``{"rows",
    "years", "seconds", "kept", "dropped", "table_from", "table_to"}``.
    """
    import json

    from amity.measures.closeness import closeness, year_frame
    from amity.sources.closeness_data import (CLOSENESS_META, CLOSENESS_TABLE, ClosenessData,
                                              has_closeness_table, table_meta, table_stamp)
    from amity.store import transaction

    t0 = time.perf_counter()
    da = ClosenessData(con, mirror)
    stamp = table_stamp(con)
    frames = []
    years = range(start, end + 1)
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=True)
        bar.start()
        task = bar.add_task("closeness", total=len(years))
    try:
        for y in years:
            f = year_frame(y, da=da)
            if len(f):
                c = closeness(f)
                c["components"] = [",".join(x) for x in c["components"]]
                frames.append(c)
            if bar is not None:
                bar.advance(task)
    finally:
        if bar is not None:
            bar.stop()
    allf = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    old = table_meta(con) if has_closeness_table(con) else None
    merge = old is not None and old["stamp"] == stamp and len(allf) > 0
    kept = dropped = 0
    if con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                   [CLOSENESS_TABLE]).fetchone()[0]:
        if merge:
            kept = con.execute(f"SELECT count(*) FROM {CLOSENESS_TABLE} WHERE year < ? OR "
                               "year > ?", [start, end]).fetchone()[0]
        else:     # built from other inputs, without a stamp or of an older layout
            dropped = con.execute(f"SELECT count(*) FROM {CLOSENESS_TABLE}").fetchone()[0]
    lo = min(start, old["from"]) if merge else start
    hi = max(end, old["to"]) if merge else end
    seconds = time.perf_counter() - t0
    built = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    with transaction(con):
        con.register("_clo", allf)
        try:
            keep = (f"SELECT * FROM {CLOSENESS_TABLE} WHERE year < {int(start)} OR "
                    f"year > {int(end)} UNION ALL BY NAME " if merge else "")
            # sorted by pair so that DuckDB's zone maps skip most row groups for one pair
            con.execute(f"CREATE OR REPLACE TABLE {CLOSENESS_TABLE} AS SELECT * FROM "
                        f"({keep}SELECT * FROM _clo) ORDER BY ccode_a, ccode_b, year")
        finally:
            con.unregister("_clo")
        rows = int(con.execute(f"SELECT count(*) FROM {CLOSENESS_TABLE}").fetchone()[0])
        con.execute(f"CREATE OR REPLACE TABLE {CLOSENESS_META} (stamp VARCHAR, year_from INT, "
                    "year_to INT, rows BIGINT, built_at VARCHAR, seconds DOUBLE)")
        con.execute(f"INSERT INTO {CLOSENESS_META} VALUES (?, ?, ?, ?, ?, ?)",
                    [json.dumps(stamp, sort_keys=True), lo, hi, rows, built, seconds])
    return {"rows": int(len(allf)), "years": len(years), "seconds": time.perf_counter() - t0,
            "kept": int(kept), "dropped": int(dropped), "table_rows": rows,
            "table_from": lo, "table_to": hi}


def ensure_closeness_table(con, mirror: Any = None, *, progress: bool = False
                           ) -> dict[str, Any]:
    """Build the v2 table for every year (1816-2025) unless the store holds one built from
    what it holds now (``amity demo`` calls this, so that interactive questions read the
    table). Returns ``{"built": bool, "state": before, ...}`` with the build's figures."""
    from amity.sources.closeness_data import table_meta, table_state

    state = table_state(con)
    meta = table_meta(con)
    if state == "current" and meta is not None and (meta["from"], meta["to"]) == (
            FIRST_V2_YEAR, LAST_V2_YEAR):
        return {"built": False, "state": state, "rows": meta["rows"],
                "from": meta["from"], "to": meta["to"], "built_at": meta["built_at"]}
    info = build_closeness_table(con, FIRST_V2_YEAR, LAST_V2_YEAR, mirror=mirror,
                                 progress=progress)
    return {"built": True, "state": state, "rows": info["table_rows"],
            "from": info["table_from"], "to": info["table_to"], "seconds": info["seconds"]}


def build_v2(con, start: int | None = None, end: int | None = None, mirror: Any = None, *,
             progress: bool = False) -> dict[str, Any]:
    """``amity closeness-build --method v2``: the first round's index for every pair of system
    members in ``start..end`` (default every year a source covers) into ``closeness_dyad_year``."""
    from amity.measures.pair import check_years

    lo, hi = check_years(start, end)
    info = build_closeness_table(con, lo, hi, mirror=mirror, progress=progress)
    return {"table": "closeness_dyad_year", "from": lo, "to": hi, **info}


def status(con) -> dict[str, Any]:
    """The stored model: version, when built, rows, and the datasets reloaded since."""
    from amity.measures.closeness_model import MODEL_VERSION

    got = closeness_store.info(con)
    if got is None:
        return {"fitted": False, "hint": "run `amity closeness-build`"}
    return {"fitted": True, "version": got["version"], "current": got["version"] == MODEL_VERSION,
            "built_at": got["built_at"], "rows": got["rows"],
            "changed_since": closeness_store.stale_inputs(con, got)}


__all__ = ["build", "build_closeness_table", "build_v2", "ensure_closeness_table", "status"]
