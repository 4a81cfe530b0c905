"""``add_ccode_to_gw``: the Correlates of War code of each G-W state in each year."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.panel.add_gwcode_to_cow import add_code


def add_ccode_to_gw(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add ``ccode`` (state-years) or ``ccode1, ccode2`` (dyad-years; ``1..3`` triads) to a
    G-W panel: the COW code of the same state in that year, as peacesciencer's
    ``add_ccode_to_gw``. A G-W state-year with no COW counterpart (Canada before 1920,
    microstates) is missing; G-W 340 (Serbia, from 2006) is COW 345. Years after 2020 (the
    crosswalk's end) keep the 2020 codes. Then COW-coded verbs can match on these columns
    (``add_ucdp_acd`` and friends do the reverse on ``gwcode``). Rows and order unchanged."""
    return add_code(panel, "gwcode", "add_ccode_to_gw", con, mirror)
