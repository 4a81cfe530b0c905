"""``add_sim_gdp_pop``: simulated GDP, population and GDP per capita (Fariss et al. 2022)."""
from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from amity.errors import DataUnavailableError, InputError
from amity.panel._common import join_monadic, panel_meta
from amity.sources import coverage, get
from amity.sources.sim_gdp_pop import BY_SYSTEM, COLUMNS


def table_at_hand(system: str = "cow", mirror: Any = None, con: Any = None) -> bool:
    """Whether the ``isard`` table of ``system`` is loaded in ``con``, in the mirror or in the
    download cache (nothing is downloaded)."""
    from amity.sources.access import record
    from amity.sources.fetch import local_copy

    name = BY_SYSTEM[system][0]
    if record(con, name) is not None:
        return True
    return local_copy(get(name).files[0], name, mirror) is not None


def _absent(system: str) -> DataUnavailableError:
    name = BY_SYSTEM[system][0]
    spec = get(name).files[0]
    return DataUnavailableError(
        f"add_sim_gdp_pop: {name}.rda (isard's simulated GDP and population, "
        f"{'COW' if system == 'cow' else 'G-W'} codes) is not in the store, the mirror or "
        f"the cache; it is not in the shared mirror and Amity has no checksum to download it "
        f"with: get it from {spec.url} and put it at {spec.mirror_path} in the mirror "
        "(AMITY_MIRROR), or pass the table as table=")


def add_sim_gdp_pop(panel: pd.DataFrame, keep: Sequence[str] | None = None, *,
                    table: pd.DataFrame | None = None, con: Any = None,
                    mirror: Any = None) -> pd.DataFrame:
    """Add the simulated GDP, population and GDP per capita estimates of Fariss, Anders,
    Markowitz & Barnum (2022), as peacesciencer's ``add_sim_gdp_pop``.

    Parameters
    ----------
    panel : DataFrame
        A state-year, leader-year, dyad-year or triad-year panel, COW or G-W codes.
    keep : sequence of str, optional
        Which of ``mrgdppc, sd_mrgdppc, pwtrgdp, sd_pwtrgdp, pwtpop, sd_pwtpop`` to add
        (default all six, in that order).
    table : DataFrame, optional
        The state-year table itself (``ccode``/``gwcode``, ``year`` and the columns), instead
        of ``isard/cw_gdppop.rda`` / ``isard/gw_gdppop.rda`` from the store or the mirror.
    con, mirror
        Store connection and mirror folder, as for every verb.

    Returns
    -------
    DataFrame
        ``panel`` with the columns added (``...1`` then ``...2`` on dyad-years, in
        peacesciencer's order), ``Float64``, missing where the table has no row (the G-W
        based estimates leave COW-only state-years empty) and outside 1816-2019. Row
        count unchanged.

    Raises
    ------
    DataUnavailableError
        When the table is neither given, loaded, in the mirror nor in the cache; the message
        names the file, where to put it and its upstream URL (it is not in the shared
        mirror, and without a recorded checksum Amity does not download it).
    InputError
        For a ``keep`` column the table does not have.
    """
    meta = panel_meta(panel)
    system = meta["system"]
    name, code, _repo = BY_SYSTEM[system]
    cols = list(COLUMNS) if keep is None else ([keep] if isinstance(keep, str) else list(keep))
    bad = [c for c in cols if c not in COLUMNS]
    if bad or not cols:
        raise InputError(f"add_sim_gdp_pop: keep {bad or cols!r}: choose from "
                         f"{', '.join(COLUMNS)}", field="keep")
    if table is None:
        if not table_at_hand(system, mirror, con):
            raise _absent(system)
        from amity.sources.access import dataset

        table = dataset(name, con=con, mirror=mirror)
    missing = [c for c in (code, "year", *cols) if c not in table.columns]
    if missing:
        raise InputError(f"add_sim_gdp_pop: the table lacks {', '.join(missing)}",
                         field="table")
    first, last = coverage(name)
    out = join_monadic(panel, table, {c: "Float64" for c in cols}, source=name, first=first,
                       last=last, verb="add_sim_gdp_pop", system=system)
    if meta["kind"] == "state_year":
        return out
    sides = ("1", "2") if meta["kind"] == "dyad_year" else ("1", "2", "3")
    order = list(panel.columns) + [f"{c}{s}" for s in sides for c in cols]
    res = out[order]
    res.attrs = dict(out.attrs)
    return res
