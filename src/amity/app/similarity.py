"""Foreign-policy similarity of two actors over time (``amity similarity``).

:func:`similarity_series` resolves the actors through the registry, follows each actor's line
through its COW codes year by year (CHN-RUS covers the USSR years under COW 365) and computes
the measure on alliance or UN-vote portfolios.
"""
from __future__ import annotations

from typing import Any

from amity import concepts
from amity.errors import InputError


def year_range(start, end):
    return concepts.year_range(start, end, names=("--from", "--to"))


_MEASURE_NAMES = {"s": "s_abs", "s_abs": "s_abs", "s_sq": "s_sq", "kappa": "kappa", "pi": "pi",
                  "taub": "taub", "tau": "taub", "tau-b": "taub"}


def _pair_years(a: str, b: str, start: int | None, end: int | None, con: Any = None,
                mirror: Any = None):
    from amity.measures import closeness as cl
    from amity.sources.closeness_data import ClosenessData

    ida, idb = cl.resolve_actor(a), cl.resolve_actor(b)
    if ida == idb:
        raise InputError(f"{a!r} and {b!r} are the same actor ({ida}); give two actors",
                         field="B")
    py = cl.pair_years(ida, idb, start, end, ClosenessData(con, mirror))
    return ida, idb, py


def similarity_series(a: str, b: str, *, on: str = "alliances", measure: str = "s",
                      squared: bool = False, weighted: bool = False, start: int | None = None,
                      end: int | None = None, con: Any = None, mirror: Any = None) -> dict:
    """Similarity of actors ``a`` and ``b`` year by year.

    Parameters
    ----------
    a, b : actor names or codes (resolved by :mod:`amity.actors`)
    on : {"alliances", "votes"}
    measure : {"s", "kappa", "pi", "taub"} (``s`` with ``squared`` gives S with squared
        distance; ``weighted`` weights S by CINC)
    start, end : inclusive years (default: the source's coverage)

    Returns
    -------
    dict ``{"pair": [id_a, id_b], "on", "measure", "coverage": [first, last], "series":
    [{"year", "id_a", "id_b", "ccode_a", "ccode_b", "value", "n_items"}], "summary":
    {"mean", "min", "max", "n_years"}}``; ``value`` is null where undefined or outside
    coverage.
    """
    from amity.measures.similarity import pair_similarity
    from amity.panel.add_similarity import (COVERAGE, cinc_by_year, coverage_of, load_atop,
                                            load_votes, members_by_year)

    if on not in COVERAGE:
        raise InputError(f"--on must be 'alliances' or 'votes', got {on!r}", field="--on")
    m = _MEASURE_NAMES.get(measure.lower())
    if m is None:
        raise InputError(f"unknown measure {measure!r}; use s, kappa, pi or taub",
                         field="--measure")
    if squared:
        if m != "s_abs":
            raise InputError("--squared applies to S only", field="--squared")
        m = "s_sq"
    if weighted and not m.startswith("s_"):
        raise InputError("--weighted applies to S only", field="--weighted")
    if weighted and on != "alliances":
        raise InputError("--weighted (CINC weights of the partner states) applies to alliance "
                         "portfolios only", field="--weighted")
    start, end = year_range(start, end)
    first, last = coverage_of(on)
    lo = first if start is None else start
    hi = last if end is None else end
    if lo > last:
        raise InputError(f"{lo} is after the last year of the {on} data ({first}..{last})",
                         field="--from")
    if hi < first:
        raise InputError(f"{hi} is before the first year of the {on} data ({first}..{last})",
                         field="--to")
    ida, idb, py = _pair_years(a, b, lo, hi, con, mirror)
    if py.empty:
        raise InputError(f"{ida} and {idb} never coexisted in {lo}..{hi}", field="--from")
    py = py[(py["year"] >= first) & (py["year"] <= last)]
    py = py.dropna(subset=["ccode_a", "ccode_b"])
    if py.empty:
        raise InputError(f"no year in {lo}..{hi} where both {ida} and {idb} have a COW code "
                         f"within the {on} data ({first}..{last})", field="--from")
    rows = list(zip(py["year"].astype(int), py["ccode_a"].astype(int), py["ccode_b"].astype(int)))
    years = [r[0] for r in rows]
    if on == "alliances":
        data = load_atop(con=con, mirror=mirror)
        members = members_by_year(years, con=con, mirror=mirror)
    else:
        data = load_votes(con=con, mirror=mirror)
        members = None
    weights = cinc_by_year(con=con, mirror=mirror) if weighted else None
    res = pair_similarity(on, data, rows, m, members_by_year=members, weights_by_year=weights)
    ids = dict(zip(py["year"].astype(int), zip(py["id_a"], py["id_b"])))
    series = []
    for r in res.itertuples(index=False):
        ia, ib = ids.get(int(r.year), (ida, idb))
        series.append({"year": int(r.year), "id_a": ia, "id_b": ib, "ccode_a": int(r.ccode_a),
                       "ccode_b": int(r.ccode_b), "value": float(r.value),
                       "n_items": int(r.n_items)})
    vals = [s["value"] for s in series if s["value"] == s["value"]]
    summary = {"n_years": len(vals),
               "mean": sum(vals) / len(vals) if vals else None,
               "min": min(vals) if vals else None, "max": max(vals) if vals else None}
    name = m + ("_w" if weighted else "")
    return {"pair": [ida, idb], "on": on, "measure": name, "coverage": [first, last],
            "series": series, "summary": summary}


__all__ = ["similarity_series"]
