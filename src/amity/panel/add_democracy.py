"""``add_democracy``: V-Dem polyarchy, Polity and Xm scores on any COW panel."""
from __future__ import annotations

from typing import Any

from amity.panel._common import join_monadic, panel_meta
from amity.sources import coverage
from amity.sources.access import dataset

FIRST, LAST = coverage("ccode_democracy")   # from the Source record


def add_democracy(panel, *, con: Any = None, mirror: Any = None):
    """Add ``v2x_polyarchy``, ``polity2``, ``xm_qudsest`` (state-years) or the same with
    suffix ``1``/``2`` (dyad-years), ``1..3`` (triad-years), as peacesciencer's
    ``add_democracy``. A state-year the source does not list, and every year after 2020,
    is missing (never 0). COW panels read ``ccode_democracy``, G-W panels
    ``gwcode_democracy``.
    """
    system = panel_meta(panel)["system"]
    name = "ccode_democracy" if system == "cow" else "gwcode_democracy"
    t = dataset(name, con=con, mirror=mirror)
    return join_monadic(panel, t, {"v2x_polyarchy": "Float64", "polity2": "Int8",
                                   "xm_qudsest": "Float64"},
                        source=name, first=FIRST, last=LAST, verb="add_democracy",
                        system=system)
