"""``add_sdp_gdp``: simulated GDP, population and surplus domestic product."""
from __future__ import annotations

from typing import Any

import pandas as pd

from amity.panel._common import join_monadic, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset
from amity.sources.sdp_gdp import COLUMNS


def add_sdp_gdp(panel: pd.DataFrame, *, con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add ``wbgdp2011est`` (log GDP, 2011 USD), ``wbpopest`` (log population), ``sdpest``
    (log surplus domestic product) and ``wbgdppc2011est`` (log GDP per capita), Anders,
    Fariss & Markowitz (2020), as peacesciencer's ``add_sdp_gdp``: state-years, or
    ``...1``/``...2`` on dyad-years; COW (1800–2016) or G-W (1800–2015) codes. Missing
    outside those years."""
    system = panel_meta(panel)["system"]
    name = f"{system}_sdp_gdp"
    first, last = coverage(name)
    return join_monadic(panel, dataset(name, con=con, mirror=mirror),
                        {c: "Float64" for c in COLUMNS}, source=name, first=first, last=last,
                        verb="add_sdp_gdp", system=system)
