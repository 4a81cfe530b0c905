"""Peacesciencer-style panels: ``create_*_years`` frames and ``add_*`` left joins.

>>> from amity.panel import create_dyad_years, add_atop, add_nmc
>>> p = add_nmc(add_atop(create_dyad_years(years=(1946, 2024))))

Conventions for verbs are in :mod:`amity.panel._common`. Verbs written in other modules
(UN votes, ideal points, sanctions, events, similarity) are imported lazily: a module that is
not there yet does not break ``import amity.panel``; asking for its verb raises a clear error.
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import Any, Callable

from amity.panel._common import (  # noqa: F401
    left_join_checked,
    mark_coverage,
    mask_outside,
    panel_meta,
    require_panel,
)
from amity.panel.create import (  # noqa: F401
    create_dyad_years,
    create_state_years,
    create_triad_years,
    iter_triad_years,
    write_panel,
)

# verb name -> module (inside amity.panel) that defines it
_VERBS: dict[str, str] = {
    "add_atop": "add_atop",
    "add_mids": "add_mids",
    "add_gml_mids": "add_mids",
    "add_wars": "add_wars",
    "add_nmc": "add_nmc",
    "add_un_votes": "add_un_votes",
    "add_ideal_points": "add_ideal_points",
    "add_sanctions": "add_sanctions",
    "add_events": "add_events",
    "add_similarity": "add_similarity",
    "add_cow_majors": "add_cow_majors",
    "add_contiguity": "add_contiguity",
    "add_democracy": "add_democracy",
    "add_minimum_distance": "add_minimum_distance",
    "add_capital_distance": "add_capital_distance",
    "add_strategic_rivalries": "add_strategic_rivalries",
    "add_igos": "add_igos",
    "show_duplicates": "show_duplicates",
    "add_spells": "add_spells",
    "add_ucdp_acd": "add_ucdp_acd",
    "add_ucdp_onsets": "add_ucdp_onsets",
    "add_gwcode_to_cow": "add_gwcode_to_cow",
    "add_ccode_to_gw": "add_ccode_to_gw",
    "add_fpsim": "add_fpsim",
    "filter_prd": "filter_prd",
    "add_creg_fractionalization": "add_creg_fractionalization",
    "add_rugged_terrain": "add_rugged_terrain",
    "add_latent_territorial_threat": "add_latent_territorial_threat",
    "add_sdp_gdp": "add_sdp_gdp",
    "add_sim_gdp_pop": "add_sim_gdp_pop",
    "add_cow_trade": "add_cow_trade",
    "add_arms_races": "add_arms_races",
    "add_archigos": "add_archigos",
    "declare_attributes": "declare_attributes",
    "add_lead": "add_lead",
    "add_lwuf": "add_lwuf",
    "create_state_days": "create_state_days",
    "create_leader_years": "create_leader_years",
    "create_leader_days": "create_leader_days",
    "create_leader_dyad_years": "create_leader_dyad_years",
    "create_dispute_dyad_years": "create_dispute_dyad_years",
    "whittle_conflicts_onsets": "whittle_conflicts_onsets",
    "whittle_conflicts_fatality": "whittle_conflicts_fatality",
    "whittle_conflicts_hostility": "whittle_conflicts_hostility",
    "whittle_conflicts_duration": "whittle_conflicts_duration",
    "whittle_conflicts_reciprocation": "whittle_conflicts_reciprocation",
    "whittle_conflicts_startmonth": "whittle_conflicts_startmonth",
    "whittle_conflicts_jds": "whittle_conflicts_jds",
}

#: ``--add`` names of the CLI -> verb names
ADD_NAMES: dict[str, str] = {
    "atop": "add_atop",
    "mids": "add_mids",
    "gmlmids": "add_gml_mids",
    "wars": "add_wars",
    "nmc": "add_nmc",
    "votes": "add_un_votes",
    "idealpoints": "add_ideal_points",
    "sanctions": "add_sanctions",
    "events": "add_events",
    "similarity": "add_similarity",
    "majors": "add_cow_majors",
    "contiguity": "add_contiguity",
    "democracy": "add_democracy",
    "minimum_distance": "add_minimum_distance",
    "mindist": "add_minimum_distance",
    "capital_distance": "add_capital_distance",
    "capdist": "add_capital_distance",
    "rivalries": "add_strategic_rivalries",
    "igos": "add_igos",
    "spells": "add_spells",
    "ucdp": "add_ucdp_acd",
    "ucdp_acd": "add_ucdp_acd",
    "ucdp_onsets": "add_ucdp_onsets",
    "gwcode": "add_gwcode_to_cow",
    "ccode": "add_ccode_to_gw",
    "fpsim": "add_fpsim",
    "prd": "filter_prd",
    "trade": "add_cow_trade",
    "arms_races": "add_arms_races",
    "archigos": "add_archigos",
    "lead": "add_lead",
    "lwuf": "add_lwuf",
    "creg": "add_creg_fractionalization",
    "rugged": "add_rugged_terrain",
    "terrthreat": "add_latent_territorial_threat",
    "sdp_gdp": "add_sdp_gdp",
    "sim_gdp_pop": "add_sim_gdp_pop",
}


def _load_verb(name: str) -> Callable[..., Any] | None:
    mod = _VERBS[name]
    try:
        m = importlib.import_module(f"{__name__}.{mod}")
    except ModuleNotFoundError as e:
        if e.name == f"{__name__}.{mod}":
            return None
        raise
    # importing submodule amity.panel.add_x binds the *module* as attribute add_x of this
    # package; rebind every verb that module defines to its function, so that
    # ``from amity.panel import add_x`` gives the function
    # (a verb module importing another verb module binds that one's module too: rebind
    # every verb whose module is loaded)
    import sys

    for vname, vmod in _VERBS.items():
        loaded = sys.modules.get(f"{__name__}.{vmod}")
        if loaded is not None and hasattr(loaded, vname):
            globals()[vname] = getattr(loaded, vname)
    return getattr(m, name, None)


def verb(name: str) -> Callable[..., Any]:
    """The verb for a ``--add`` name (``atop``) or a verb name (``add_atop``).

    ``NAME:ARG`` (e.g. ``spells:mids``) gives the verb with ``ARG`` as its first argument
    after the panel (``add_spells(panel, "mids")``).
    """
    from amity.errors import InputError

    if ":" in name:
        base, _, arg = name.partition(":")
        fn = verb(base)
        if not arg:
            raise InputError(f"{name!r}: give an argument after ':'", field="--add")

        def bound(panel, con=None, mirror=None):
            return fn(panel, arg, con=con, mirror=mirror)

        bound.__name__ = getattr(fn, "__name__", base)
        return bound
    vname = ADD_NAMES.get(name, name)
    if vname not in _VERBS:
        raise InputError(f"unknown panel addition {name!r}; choose from "
                         f"{', '.join(available())}", field="--add")
    fn = _load_verb(vname)
    if fn is None:
        raise InputError(f"panel addition {name!r} ({vname}) is not available in this "
                         "installation yet", field="--add")
    return fn


class _VerbPackage(types.ModuleType):
    """This package's module type: Python binds a submodule as an attribute of its package
    when it is first imported (``from amity.panel.add_x import y`` anywhere binds
    ``amity.panel.add_x`` to the *module*); a verb's own name keeps the verb instead, so
    ``from amity.panel import add_x`` gives the function whatever was imported first."""

    def __setattr__(self, name: str, value: Any) -> None:
        if (name in _VERBS and isinstance(value, types.ModuleType)
                and callable(getattr(value, name, None))):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _VerbPackage


# this package's own verbs are bound eagerly (cheap imports)
for _v in ("add_atop", "add_mids", "add_wars", "add_nmc", "add_cow_majors",
           "add_contiguity"):
    _load_verb(_v)


def available() -> list[str]:
    """``--add`` names whose verb is importable now."""
    return [k for k, v in ADD_NAMES.items() if _load_verb(v) is not None]


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        fn = _load_verb(name)
        if fn is None:
            raise AttributeError(f"amity.panel.{name} is not available yet "
                                 f"(module amity.panel.{_VERBS[name]} missing)")
        return fn
    raise AttributeError(f"module 'amity.panel' has no attribute {name!r}")


__all__ = ["create_dyad_years", "create_state_years", "create_triad_years",
           "iter_triad_years", "write_panel", "verb", "available", "ADD_NAMES",
           "require_panel", "left_join_checked", "mask_outside", "mark_coverage",
           "panel_meta", *_VERBS]
