"""``add_events``: event counts and Goldstein scores per dyad-year, from the event store."""
from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from amity.errors import DataUnavailableError
from amity.panel._common import join_dyadic

COLUMNS: dict[str, str] = {
    "events_n": "Int64",
    "events_q1": "Int64",
    "events_q2": "Int64",
    "events_q3": "Int64",
    "events_q4": "Int64",
    "events_goldstein_sum": "Float64",
    "events_goldstein_mean": "Float64",
}

_FROM = {"events_n": "events", "events_q1": "q1_verbal_coop", "events_q2": "q2_material_coop",
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
           for k, v in _FROM.items()},
    })
    frame = frame[frame["ccode1"] != frame["ccode2"]]
    g = frame.groupby(["ccode1", "ccode2", "year"], as_index=False, sort=True).sum()
    # sums of one-decimal values: round away the float noise of the regrouping
    g["events_goldstein_sum"] = g["events_goldstein_sum"].round(6)
    g["events_goldstein_mean"] = g["events_goldstein_sum"] / g["events_n"]
    return g


def add_events(panel: pd.DataFrame, *, con: Any = None, root: str | os.PathLike | None = None
               ) -> pd.DataFrame:
    """Add event counts per quad class and Goldstein sum/mean per COW dyad-year.

    Columns: ``events_n`` (events between the two states that year, either direction),
    ``events_q1`` .. ``events_q4`` (verbal cooperation, material cooperation, verbal conflict,
    material conflict), ``events_goldstein_sum`` (:math:`\\sum g_i`, ICEWS Goldstein values)
    and ``events_goldstein_mean`` (sum / ``events_n``, missing when there were no events).

    Read from :func:`amity.events.dyad_year_aggregates` (the store's event aggregates). A
    dyad-year inside the years the event data covers but without events gets 0 (mean missing);
    every row outside those years is missing, never 0. Triad-year panels get each pair's values
    with suffixes ``_12, _13, _23``. Serves COW-coded panels (events carry canonical ids, mapped
    to COW codes by date: 365 is the USSR to 1991 and Russia after).

    Raises
    ------
    DataUnavailableError
        When the event store is empty.

    References
    ----------
    Goldstein, J. S. (1992). A conflict-cooperation scale for WEIS events data. *Journal of
    Conflict Resolution* 36(2), 369-385.
    """
    from amity.events.query import dyad_year_aggregates

    dy = dyad_year_aggregates(con, root=root)
    first, last = dy.attrs.get("amity_events_years", (None, None))
    if first is None:
        raise DataUnavailableError(
            "add_events: the event store is empty; ingest events first "
            "(amity events ingest FILES --format gdelt2|gdelt1|icews)")
    table = events_cow_dyad_years(dy)
    return join_dyadic(panel, table, COLUMNS, source="events", first=first, last=last,
                       fill={"events_goldstein_mean": None}, verb="add_events")
