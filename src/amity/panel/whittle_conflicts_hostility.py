"""``whittle_conflicts_hostility``: in a duplicated dyad-year keep the most hostile dispute."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel.create_dispute_dyad_years import (column, group_extreme, whittle,
                                                   with_dispute_column)


def whittle_conflicts_hostility(frame: pd.DataFrame, *, con: Any = None,
                                mirror: Any = None) -> pd.DataFrame:
    """Keep, per dyad-year, the rows with the highest dispute-level ``hostlev`` (1 no
    militarized action ... 5 war; added from the dispute table when absent). India–Pakistan
    1963: MID 1317 (an occupation of territory) stays, MID 2630 (a threat) goes."""
    frame = with_dispute_column(frame, "hostlev", con=con, mirror=mirror)

    def keep(f: pd.DataFrame, g: np.ndarray) -> np.ndarray:
        return group_extreme(column(f, "hostlev"), g)

    return whittle(frame, keep, "whittle_conflicts_hostility")
