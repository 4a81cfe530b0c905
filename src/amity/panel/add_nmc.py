"""``add_nmc``: COW National Material Capabilities (CINC and its indicators)."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from amity.errors import InputError
from amity.panel._common import join_monadic
from amity.sources import get
from amity.sources.access import dataset

ALLOWED = ("cinc", "milex", "milper", "irst", "pec", "tpop", "upop")


def add_nmc(panel: pd.DataFrame, columns: Iterable[str] = ("cinc",), *, con: Any = None,
            mirror: Any = None) -> pd.DataFrame:
    """Add NMC 7.0 values: ``cinc`` on state-years, ``cinc1, cinc2`` on dyad-years,
    ``cinc1..cinc3`` on triad-years (likewise any of milex, milper, irst, pec, tpop, upop).

    CINC of state i in year t: ``cinc_it = (1/6) * sum_k x_kit / sum_j x_kjt`` over military
    expenditure, military personnel, iron and steel production, primary energy consumption,
    total and urban population (Singer, Bremer & Stuckey 1972). Missing where the state has
    no NMC row and outside 1816–2022.
    """
    cols = list(columns)
    bad = [c for c in cols if c not in ALLOWED]
    if bad:
        raise InputError(f"unknown NMC column(s) {bad}; choose from {', '.join(ALLOWED)}",
                         field="columns")
    src = get("nmc")
    table = dataset("cow_nmc", con=con, mirror=mirror)
    return join_monadic(panel, table, {c: "Float64" for c in cols}, source="nmc",
                        first=src.years[0], last=src.years[1], verb="add_nmc")
