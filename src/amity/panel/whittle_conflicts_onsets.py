"""``whittle_conflicts_onsets``: in a dyad-year with an onset, drop the ongoing disputes."""
from __future__ import annotations

import numpy as np
import pandas as pd

from amity.panel.create_dispute_dyad_years import SOURCES, conflict_of, whittle


def whittle_conflicts_onsets(frame: pd.DataFrame) -> pd.DataFrame:
    """Peacesciencer's first rule: where a dyad-year has several dispute rows, some of them
    onsets and some not, keep only the onsets (US–UK 1903: MID 3301 stays, 2 and 254, begun
    in 1902, go). Groups whose rows are all onsets or all continuations are untouched."""
    onset_col = SOURCES[conflict_of(frame, "whittle_conflicts_onsets")][2]

    def keep(f: pd.DataFrame, g: np.ndarray) -> np.ndarray:
        on = f[onset_col].to_numpy(dtype="float64", na_value=0) == 1
        n = np.bincount(g)
        k = np.bincount(g, weights=on.astype(float))
        mixed = (n[g] > 1) & (k[g] > 0) & (k[g] < n[g])
        return ~(mixed & ~on)

    return whittle(frame, keep, "whittle_conflicts_onsets")
