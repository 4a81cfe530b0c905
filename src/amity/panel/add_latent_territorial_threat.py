"""``add_latent_territorial_threat``: Miller's latent external territorial threat."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from amity.errors import InputError
from amity.panel._common import join_monadic
from amity.sources import coverage
from amity.sources.access import dataset
from amity.sources.terrthreat import COLUMNS

FIRST, LAST = coverage("terrthreat")   # from the Source record


def add_latent_territorial_threat(panel: pd.DataFrame, keep: str | Iterable[str] | None = None,
                                  *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add latent territorial threat (Miller 2022), as peacesciencer's
    ``add_latent_territorial_threat(keep=...)``: ``lterrthreat`` (posterior mean), ``sd``,
    ``lwr``, ``upr`` (its 90% interval) and the ``m_`` variants, or only those in ``keep``;
    suffixes ``1``/``2`` on dyad-years. COW panels; missing outside 1816–2010."""
    cols = list(COLUMNS) if keep is None else ([keep] if isinstance(keep, str) else list(keep))
    bad = [c for c in cols if c not in COLUMNS]
    if bad or not cols:
        raise InputError(f"unknown column(s) {bad}; choose from {', '.join(COLUMNS)}",
                         field="keep")
    t = dataset("terrthreat", con=con, mirror=mirror)
    return join_monadic(panel, t, {c: "Float64" for c in cols}, source="terrthreat",
                        first=FIRST, last=LAST, verb="add_latent_territorial_threat")
