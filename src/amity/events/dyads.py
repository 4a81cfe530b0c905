"""Event aggregates on COW dyad-years: the one collapse of canonical-id dyad-years (the event
store's query output) to non-directed COW dyads, shared by the ``add_events`` panel verb, the
closeness v2 inputs and the closeness v3 input assembly.

Each row carries the coverage of its year (``events_coverage``: the share of the year the
ingested files cover, :mod:`amity.events.coverage`) and ``events_partial`` (coverage below
:data:`~amity.events.coverage.PARTIAL_BELOW`): the counts of a partial year are those of the
part held, never a full year's."""
from __future__ import annotations

import numpy as np
import pandas as pd

from amity.events.coverage import PARTIAL_BELOW

EVENT_COLUMNS = {"events_n": "events", "events_q1": "q1_verbal_coop", "events_q2": "q2_material_coop",
         "events_q3": "q3_verbal_conflict", "events_q4": "q4_material_conflict",
         "events_goldstein_sum": "goldstein_sum"}


def events_cow_dyad_years(dy: pd.DataFrame, coverage: dict[int, float] | None = None
                          ) -> pd.DataFrame:
    """Collapse canonical-id dyad-years to non-directed COW dyad-years (``ccode1 < ccode2``).

    Pairs whose actors have no COW code (organizations, unresolved actors) are dropped; two
    ids that share a COW code in a year (a line's members) are summed. The mean Goldstein score
    is recomputed as sum / count.

    ``coverage`` (``{year: share}``; default ``dy.attrs["amity_events_coverage"]``, set by
    :func:`amity.events.query.dyad_year_aggregates`) gives ``events_coverage`` (0 for a year
    the ingested files do not reach, NaN when unknown) and ``events_partial``.
    """
    ok = dy["ccode_a"].notna() & dy["ccode_b"].notna()
    d = dy.loc[ok.to_numpy(bool)]
    ca = d["ccode_a"].to_numpy(np.int64)
    cb = d["ccode_b"].to_numpy(np.int64)
    frame = pd.DataFrame({
        "ccode1": np.minimum(ca, cb).astype(np.int32), "ccode2": np.maximum(ca, cb).astype(np.int32),
        "year": d["year"].to_numpy(np.int32),
        **{k: d[v].to_numpy(np.float64 if k == "events_goldstein_sum" else np.int64)
           for k, v in EVENT_COLUMNS.items()},
    })
    frame = frame[frame["ccode1"] != frame["ccode2"]]
    g = frame.groupby(["ccode1", "ccode2", "year"], as_index=False, sort=True).sum()
    # sums of one-decimal values: round away the float noise of the regrouping
    g["events_goldstein_sum"] = g["events_goldstein_sum"].round(6)
    g["events_goldstein_mean"] = g["events_goldstein_sum"] / g["events_n"]
    if coverage is None:
        coverage = dy.attrs.get("amity_events_coverage")
    yr = g["year"].to_numpy()
    if coverage is None:
        cov = np.full(len(g), np.nan)
    else:
        cov = np.array([float(coverage.get(int(y), 0.0)) for y in yr], dtype=float)
    g["events_coverage"] = cov
    g["events_partial"] = ~np.isnan(cov) & (cov < PARTIAL_BELOW)
    return g


__all__ = ["events_cow_dyad_years"]
