"""``show_duplicates``: the rows of a panel whose unit-year key occurs more than once."""
from __future__ import annotations

import pandas as pd

from amity.panel._common import key_columns, panel_meta


def show_duplicates(panel: pd.DataFrame) -> pd.DataFrame:
    """Every row whose key (``ccode1, ccode2, year``; ``ccode, year``; triads; G-W keys
    alike) is not unique, sorted by the key, with a column ``duplicated`` (always 1), as
    peacesciencer's ``show_duplicates``. An empty frame means a join cannot multiply rows.
    A frame that is not a panel (no key columns) is refused."""
    meta = panel_meta(panel)
    keys = key_columns(meta["kind"], meta["system"])
    dup = panel.duplicated(keys, keep=False)
    out = panel[dup].sort_values(keys, kind="stable").copy()
    out["duplicated"] = pd.array([1] * len(out), dtype="Int8")
    return out
