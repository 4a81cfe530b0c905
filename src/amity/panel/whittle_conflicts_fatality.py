"""``whittle_conflicts_fatality``: in a duplicated dyad-year keep the most fatal dispute."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel.create_dispute_dyad_years import group_extreme, whittle, with_dispute_column


def whittle_conflicts_fatality(frame: pd.DataFrame, *, con: Any = None,
                               mirror: Any = None) -> pd.DataFrame:
    """Keep, per dyad-year, the rows with the highest dispute-level ``fatality`` (added from
    the dispute table when absent). An unknown fatality (-9 upstream, missing in Amity's
    MID tables) ranks between none (0) and 1–25 deaths (1), as peacesciencer codes it
    (0.5), and stays as it was in the output
    (Russia–Turkey 1853: MID 57, the Crimean War, stays; MID 126 goes)."""
    frame = with_dispute_column(frame, "fatality", con=con, mirror=mirror)

    def keep(f: pd.DataFrame, g: np.ndarray) -> np.ndarray:
        v = f["fatality"].to_numpy(dtype="float64", na_value=np.nan)
        return group_extreme(np.where(np.isnan(v) | (v == -9), 0.5, v), g)

    return whittle(frame, keep, "whittle_conflicts_fatality")
