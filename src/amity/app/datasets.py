"""The upstream datasets and the panels built from them (``amity data``, ``amity load``,
``amity panel``): plain functions over the source registry, the panel verbs and the store."""
from __future__ import annotations

import inspect
import time
from pathlib import Path
from typing import Any, Optional

from amity.errors import InputError


def list_sources() -> list[dict[str, Any]]:
    """Every registered source as a dict (name, title, version, years, license, files...)."""
    from amity.sources import registry

    return [s.to_dict() for _, s in sorted(registry().items())]


def selected_sources(name: str) -> list[str]:
    """Source names of ``name``: one, several (comma-separated) or ``all``."""
    from amity.sources import get, registry

    if name == "all":   # optional sources (large, outside the mirror) only by name
        return sorted(n for n, s in registry().items() if s.kind != "optional")
    return [get(n.strip()).name for n in name.split(",") if n.strip()]


def cite(name: str = "all") -> dict[str, str]:
    """BibTeX of one source, several (comma-separated) or all: ``{name: bibtex}``."""
    from amity.sources import get

    return {n: get(n).bibtex for n in selected_sources(name)}


def fetch_sources(name: str = "all", mirror: Optional[str] = None,
                  base_url: Optional[str] = None) -> list[dict[str, Any]]:
    """Fetch (verify in the mirror, or download into the cache) the files of sources."""
    from amity.sources import get
    from amity.sources.fetch import fetch

    out = []
    for n in selected_sources(name):
        paths = fetch(get(n), mirror=mirror, base_url=base_url)
        out.append({"name": n, "files": {k: str(p) for k, p in paths.items()}})
    return out


def _apply(verb_fn, panel, con, mirror):
    params = inspect.signature(verb_fn).parameters
    kw = {}
    if "con" in params:
        kw["con"] = con
    if "mirror" in params:
        kw["mirror"] = mirror
    return verb_fn(panel, **kw)


def build_panel(kind: str, out: str | Path, *, system: str = "cow", directed: bool = False,
                years: tuple[int | None, int | None] = (None, None), states: Any = None,
                majors: bool = False, add: list[str] | None = None, mirror: Any = None,
                con: Any = None, on_step=None) -> dict[str, Any]:
    """Build a panel, apply ``add`` verbs, write it to ``out`` (.parquet/.csv), summarize.

    Triad-years are built, extended and written chunk by chunk (the full COW panel has about
    58M rows); the other kinds in memory. Returns ``{kind, system, directed, rows, columns,
    coverage, out, seconds}``.
    """
    from amity import panel as P

    t0 = time.perf_counter()
    verbs = [(a, P.verb(a)) for a in (add or [])]
    coverage: dict[str, Any] = {}

    def extend(df):
        for name, fn in verbs:
            df = _apply(fn, df, con, mirror)
            if on_step:
                on_step(f"add {name}", 0)
        meta = df.attrs.get("amity") if isinstance(df.attrs.get("amity"), dict) else None
        coverage.update((meta or {}).get("coverage") or P.panel_meta(df)["coverage"])
        return df

    if kind == "triad_year":
        if directed:
            raise InputError("triad-years are unordered; --directed does not apply",
                             field="--directed")
        chunks = P.iter_triad_years(system, years, states, majors=majors, mirror=mirror,
                                    con=con)

        def stream():
            for ch in chunks:
                yield extend(ch)

        res = P.write_panel(stream(), out, on_chunk=(lambda df: on_step(
            f"triads to {int(df['year'].max())}", len(df))) if on_step else None)
    else:
        if kind == "dyad_year":
            df = P.create_dyad_years(system, directed, years, states, majors=majors,
                                     mirror=mirror, con=con)
        elif kind in ("leader_year", "leader_dyad_year"):
            if states or majors:
                raise InputError("--states and --majors do not apply to leader panels",
                                 field="--states")
            if kind == "leader_year":
                if directed:
                    raise InputError("leader-years have no direction", field="--directed")
                df = P.create_leader_years(system, years, mirror=mirror, con=con)
            else:
                df = P.create_leader_dyad_years(system, directed, years, mirror=mirror,
                                                con=con)
        elif kind == "state_year":
            if directed:
                raise InputError("state-years have no direction; --directed does not apply",
                                 field="--directed")
            df = P.create_state_years(system, years, states, majors=majors, mirror=mirror,
                                      con=con)
        else:
            raise InputError(f"unknown panel kind {kind!r}", field="kind")
        if on_step:
            on_step("frame", len(df))
        df = extend(df)
        res = P.write_panel([df], out)
    return {"kind": kind, "system": system, "directed": bool(directed), "rows": res["rows"],
            "columns": res["columns"], "coverage": coverage, "out": res["path"],
            "seconds": round(time.perf_counter() - t0, 3)}


def panel_citations(system: str, coverage: dict[str, Any]) -> dict[str, str]:
    """BibTeX of every registered dataset a panel used: its state system's list, then each
    source in its coverage (like peacesciencer's ``ps_cite``): ``{name: bibtex}``."""
    from amity.sources import registry

    reg = registry()
    names = ["cow_states" if system == "cow" else "gw_states", *coverage]
    return {n: reg[n].bibtex for n in dict.fromkeys(names) if n in reg}


__all__ = ["build_panel", "cite", "fetch_sources", "list_sources", "panel_citations",
           "selected_sources"]
