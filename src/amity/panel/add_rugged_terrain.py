"""``add_rugged_terrain``: terrain ruggedness and % mountainous (time-invariant)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel._common import code_col, join_monadic, panel_meta
from amity.sources.access import dataset

COLUMNS = ("rugged", "newlmtnest")


def add_rugged_terrain(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add ``rugged`` (Nunn & Puga's terrain ruggedness index, hundreds of metres) and
    ``newlmtnest`` (log of the % of mountainous terrain, Gibler & Miller 2014) to
    state-years (``...1``/``...2`` on dyad-years, ``1..3`` triads), COW or G-W, as
    peacesciencer's ``add_rugged_terrain``. The values do not change with the year, so
    every year of a listed state gets them; an unlisted state is missing."""
    meta = panel_meta(panel)
    cc = code_col(meta["system"])
    r = dataset("rugged", con=con, mirror=mirror)
    r = r[r[cc].notna()]
    y = panel["year"].to_numpy()
    # every year of the panel's span (years it lacks are simply never matched)
    years = np.arange(int(y.min()), int(y.max()) + 1) if len(y) else np.zeros(0, np.int64)
    t = pd.DataFrame({cc: np.repeat(r[cc].to_numpy(dtype="int64"), len(years)),
                      "year": np.tile(years.astype("int64"), len(r))})
    for c in COLUMNS:
        t[c] = np.repeat(r[c].to_numpy(dtype="float64"), len(years))
    return join_monadic(panel, t, {c: "Float64" for c in COLUMNS}, source="rugged",
                        first=None, last=None, verb="add_rugged_terrain", system=meta["system"])
