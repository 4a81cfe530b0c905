"""Event aggregates on COW dyad-years: the one collapse of canonical-id dyad-years (the event
store's query output) to non-directed COW dyads, shared by the ``add_events`` panel verb, the
closeness v2 inputs and the closeness v3 input assembly."""
from __future__ import annotations

import numpy as np
import pandas as pd

EVENT_COLUMNS = {"events_n": "events", "events_q1": "q1_verbal_coop", "events_q2": "q2_material_coop",
         "events_q3": "q3_verbal_conflict", "events_q4": "q4_material_conflict",
         "events_goldstein_sum": "goldstein_sum"}


def events_cow_dyad_years(dy: pd.DataFrame) -> pd.DataFrame:
    """Collapse canonical-id dyad-years to non-directed COW dyad-years (``ccode1 < ccode2``).

    Pairs whose actors have no COW code (organizations, unresolved actors) are dropped; two
    ids that share a COW code in a year (a line's members) are summed. The mean Goldstein score
    is recomputed as sum / count.
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
    return g


__all__ = ["events_cow_dyad_years"]
