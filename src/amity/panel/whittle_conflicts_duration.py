"""``whittle_conflicts_duration``: in a duplicated dyad-year keep the longest dispute."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel.create_dispute_dyad_years import (column, group_extreme, whittle,
                                                   with_dispute_column)


def whittle_conflicts_duration(frame: pd.DataFrame, durtype: str = "mindur", *,
                               con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Keep, per dyad-year, the rows with the longest dispute-level duration in days:
    ``durtype="mindur"`` (the minimum estimate, default) or ``"maxdur"`` (added from the
    dispute table when absent). Peacesciencer applies ``mindur`` then ``maxdur``
    (Colombia–Peru 1852: MID 1523, at least 110 days, stays; MID 1506, 63, goes)."""
    if durtype not in ("mindur", "maxdur"):
        raise InputError("durtype must be 'mindur' or 'maxdur'", field="durtype")
    frame = with_dispute_column(frame, durtype, con=con, mirror=mirror)

    def keep(f: pd.DataFrame, g: np.ndarray) -> np.ndarray:
        return group_extreme(column(f, durtype), g)

    return whittle(frame, keep, "whittle_conflicts_duration")
