"""``add_events``: event counts and Goldstein scores per dyad-year, from the event store."""
from __future__ import annotations

import os
from typing import Any

import pandas as pd

from amity.errors import DataUnavailableError
from amity.events.dyads import events_cow_dyad_years  # noqa: F401 (re-exported)
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

def add_events(panel: pd.DataFrame, *, con: Any = None, root: str | os.PathLike | None = None
               ) -> pd.DataFrame:
    """Add event counts per quad class and Goldstein sum/mean per COW dyad-year.

    Columns: ``events_n`` (events between the two states that year, either direction),
    ``events_q1`` .. ``events_q4`` (verbal cooperation, material cooperation, verbal conflict,
    material conflict), ``events_goldstein_sum`` (:math:`\\sum g_i`, ICEWS Goldstein values)
    and ``events_goldstein_mean`` (sum / ``events_n``, missing when there were no events),
    ``events_coverage`` (the share of the year the ingested event files cover, 0..1:
    :func:`amity.events.query.year_coverage`) and ``events_partial`` (coverage below
    :data:`amity.events.coverage.PARTIAL_BELOW`): the counts of a partial year are those of
    the part the store holds, not a year's; compare rates (``events_n / events_coverage``)
    or shares, never the raw counts, across such years.

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
    out = join_dyadic(panel, table, COLUMNS, source="events", first=first, last=last,
                      fill={"events_goldstein_mean": None}, verb="add_events")
    _add_coverage(out, dy.attrs.get("amity_events_coverage") or {}, first, last)
    return out


def _add_coverage(out: pd.DataFrame, coverage: dict, first: int, last: int) -> None:
    """``events_coverage``/``events_partial`` of each row's year (missing outside the event
    data's years, unless an ingested file covers the year)."""
    import numpy as np

    from amity.events.coverage import PARTIAL_BELOW

    yr = out["year"].to_numpy(np.int64)
    inside = (yr >= int(first)) & (yr <= int(last))
    cov = np.where(inside, 0.0, np.nan)
    for y, c in coverage.items():
        cov[yr == int(y)] = float(c)
    out["events_coverage"] = pd.array(cov, dtype="Float64")
    out["events_partial"] = pd.array(np.where(np.isnan(cov), None, cov < PARTIAL_BELOW),
                                     dtype="boolean")
