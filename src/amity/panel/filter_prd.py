"""``filter_prd``: keep the politically relevant dyad-years (contiguous, or with a major power)."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from amity.panel._common import require_panel


def filter_prd(panel: pd.DataFrame, *, keep_unknown: bool = False, con: Any = None,
               mirror: Any = None) -> pd.DataFrame:
    """Keep the politically relevant dyad-years and add ``prd`` (1), as peacesciencer's
    ``filter_prd``: the pair is contiguous (``conttype`` 1–5: land, river or up to 400
    miles of water) or either side is a COW major power (``cowmaj1``/``cowmaj2``).

    ``conttype`` and ``cowmaj1, cowmaj2`` are added first (:func:`add_contiguity`,
    :func:`add_cow_majors`) when the panel lacks them. Both sources end in 2016: a later
    dyad-year's relevance is unknown. Such rows are dropped (as peacesciencer does, where the
    missing values fall through to "not relevant"), or kept with ``prd`` missing when
    ``keep_unknown=True`` (carry the major powers on first with
    ``add_cow_majors(carry_to=...)`` to decide more of them). Directed or not, COW
    dyad-years only. This verb filters: the row count shrinks, the kept rows keep their
    order and values.
    """
    require_panel(panel, ("dyad_year",), "cow", verb="filter_prd")
    out = panel
    if "conttype" not in out.columns:
        from amity.panel.add_contiguity import add_contiguity

        out = add_contiguity(out, con=con, mirror=mirror)
    if "cowmaj1" not in out.columns or "cowmaj2" not in out.columns:
        from amity.panel.add_cow_majors import add_cow_majors

        out = add_cow_majors(out, con=con, mirror=mirror)

    def arr(c: str) -> tuple[np.ndarray, np.ndarray]:
        s = out[c]
        return (s.to_numpy(dtype="float64", na_value=np.nan),
                s.isna().to_numpy())

    ct, ct_na = arr("conttype")
    m1, m1_na = arr("cowmaj1")
    m2, m2_na = arr("cowmaj2")
    yes = (ct >= 1) | (m1 == 1) | (m2 == 1)           # NaN compares False
    unknown = ~yes & (ct_na | m1_na | m2_na)
    keep = yes | (unknown if keep_unknown else False)
    attrs = dict(out.attrs)
    res = out.loc[keep].copy()
    prd = pd.array(np.ones(int(keep.sum()), dtype="int8"), dtype="Int8")
    prd[unknown[keep]] = pd.NA
    res["prd"] = prd
    res.attrs = attrs
    return res
