"""Use case ``amity closeness-build``: assemble the indicator panel, fit closeness v3 on
every dyad-year, and store the posterior with its parameters (queries never refit)."""
from __future__ import annotations

import datetime as _dt
import time
from typing import Any

import pandas as pd

from amity.store import closeness as closeness_store
from amity.measures.closeness_model import MODEL_VERSION, ClosenessModel


def build(con, mirror: Any = None, *, panel: pd.DataFrame | None = None,
          model: ClosenessModel | None = None, progress: bool = False) -> dict[str, Any]:
    """Fit closeness v3 and write ``closeness_v3`` / ``closeness_model`` into the store.

    ``panel`` (default: :func:`amity.assembly.closeness_inputs.closeness_inputs` over the
    store and the mirror, 1816–2025) and ``model`` (default :class:`ClosenessModel`) may be
    given, as tests do. Returns rows, seconds, the model version and its parameter table.
    """
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


def build_v2(con, start: int | None = None, end: int | None = None, mirror: Any = None, *,
             progress: bool = False) -> dict[str, Any]:
    """``amity closeness-build --method v2``: the first round's index for every pair of system
    members in ``start..end`` (default every year a source covers) into ``closeness_dyad_year``."""
    from amity.measures.closeness import build_closeness_table
    from amity.measures.pair import check_years

    lo, hi = check_years(start, end)
    info = build_closeness_table(con, lo, hi, mirror=mirror, progress=progress)
    return {"table": "closeness_dyad_year", "from": lo, "to": hi, **info}


def status(con) -> dict[str, Any]:
    """The stored model: version, when built, rows, and the datasets reloaded since."""
    got = closeness_store.info(con)
    if got is None:
        return {"fitted": False, "hint": "run `amity closeness-build`"}
    return {"fitted": True, "version": got["version"], "current": got["version"] == MODEL_VERSION,
            "built_at": got["built_at"], "rows": got["rows"],
            "changed_since": closeness_store.stale_inputs(con, got)}


__all__ = ["build", "build_v2", "status"]
