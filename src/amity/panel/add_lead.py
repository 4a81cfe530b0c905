"""``add_lead``: LEAD leader attributes on leader-years and leader-dyad-years."""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from amity.panel.add_lwuf import leader_join
from amity.sources.lead import COLUMNS


def add_lead(panel: pd.DataFrame, keep: str | Iterable[str] | None = None, *, con: Any = None,
             mirror: Any = None) -> pd.DataFrame:
    """Add LEAD (Ellis, Horowitz & Stam 2015) attributes by Archigos ``obsid``, as
    peacesciencer's ``add_lead(keep=...)``: ``leveledu``, ``milservice``, ``combat``,
    ``rebel``, ``warwin``, ``warloss``, ``rebelwin``, ``rebelloss``, ``yrsexper``,
    ``physhealth``, ``mentalhealth`` (or those in ``keep``); ``...1``/``...2`` on
    leader-dyad-years. A leader LEAD does not code is missing."""
    return leader_join(panel, "lead", COLUMNS, keep, "add_lead", con, mirror)
