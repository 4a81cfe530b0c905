"""``whittle_conflicts_jds``: the last rule, keep the first row of each dyad-year."""
from __future__ import annotations

import numpy as np
import pandas as pd

from amity.panel.create_dispute_dyad_years import whittle


def whittle_conflicts_jds(frame: pd.DataFrame) -> pd.DataFrame:
    """"Just drop stuff": keep the first remaining row of each dyad-year (in the frame's
    order within the dyad-year), so the result has one row per directed dyad-year. Run it
    after the substantive rules; by then the rows left are near-identical disputes
    (Cyprus–Turkey 1965: MIDs 2171 and 2172, both one-day threats)."""
    def keep(f: pd.DataFrame, g: np.ndarray) -> np.ndarray:
        return np.r_[True, g[1:] != g[:-1]] if len(g) else np.zeros(0, bool)

    return whittle(frame, keep, "whittle_conflicts_jds")
