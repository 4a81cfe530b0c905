"""``whittle_conflicts_reciprocation``: in a duplicated dyad-year keep reciprocated disputes."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel.create_dispute_dyad_years import (column, group_extreme, whittle,
                                                   with_dispute_column)


def whittle_conflicts_reciprocation(frame: pd.DataFrame, *, con: Any = None,
                                    mirror: Any = None) -> pd.DataFrame:
    """Keep, per dyad-year, the reciprocated disputes (``recip`` 1: codable incidents by
    both sides; added from the dispute table when absent) when there is one
    (Kyrgyzstan–Uzbekistan 2005: MID 4428, a mutual border fortification, over 4430)."""
    frame = with_dispute_column(frame, "recip", con=con, mirror=mirror)

    def keep(f: pd.DataFrame, g: np.ndarray) -> np.ndarray:
        return group_extreme(column(f, "recip"), g)

    return whittle(frame, keep, "whittle_conflicts_reciprocation")
