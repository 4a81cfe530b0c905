"""``whittle_conflicts_startmonth``: in a duplicated dyad-year keep the earliest dispute."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel.create_dispute_dyad_years import (column, group_extreme, whittle,
                                                   with_dispute_column)


def whittle_conflicts_startmonth(frame: pd.DataFrame, *, con: Any = None,
                                 mirror: Any = None) -> pd.DataFrame:
    """Keep, per dyad-year, the disputes with the lowest start month ``stmon`` (added from
    the dispute table when absent)."""
    frame = with_dispute_column(frame, "stmon", con=con, mirror=mirror)

    def keep(f: pd.DataFrame, g: np.ndarray) -> np.ndarray:
        return group_extreme(column(f, "stmon"), g, highest=False)

    return whittle(frame, keep, "whittle_conflicts_startmonth")
