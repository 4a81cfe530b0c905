"""The brief's data (``amity brief``): the numbers of ``amity dyad``, ``compare``,
``triangle`` and ``coalition`` and the knowledge layer for one triangle, as one dict
(:mod:`amity.report.brief` writes the summary and the HTML from it)."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Sequence

import duckdb

from amity.errors import AmityError, InputError

DEFAULT_ACTORS = ("CHN", "RUS", "USA")
DEFAULT_COMPARE = "PRK-RUS"
DEFAULT_START = 1949


def series_points(rep: dict) -> list[tuple[int, float]]:
    """(year, closeness) of a dyad report's measured years."""
    return [(r["year"], r["closeness"]) for r in rep["series"] if r["closeness"] is not None]


def positive_since(series: Sequence[tuple[int, float]]) -> int | None:
    """First year of the unbroken run of positive closeness that reaches the last observed
    year (None when the last year is not positive)."""
    if not series or series[-1][1] <= 0:
        return None
    start = series[-1][0]
    for y, v in reversed(series):
        if v <= 0:
            break
        start = y
    return start


def brief_data(con, actors: Sequence[str] = DEFAULT_ACTORS, compare: str | None = DEFAULT_COMPARE,
               start: int | None = DEFAULT_START, end: int | None = None, *, mirror=None,
               sanctions_year: int | None = None,
               on_step: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Everything the brief says, as data (see :func:`_brief_data`); each pair's closeness
    is computed once for the whole brief (:func:`amity.app.reports.one_answer`)."""
    from amity.app.reports import one_answer

    with one_answer():
        return _brief_data(con, actors, compare, start, end, mirror=mirror,
                           sanctions_year=sanctions_year, on_step=on_step)


def _brief_data(con, actors: Sequence[str] = DEFAULT_ACTORS, compare: str | None = DEFAULT_COMPARE,
                start: int | None = DEFAULT_START, end: int | None = None, *, mirror=None,
                sanctions_year: int | None = None,
                on_step: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Everything the brief says, as data.

    Parameters
    ----------
    con : DuckDB connection
        The store (curated facts; loaded datasets).
    actors : three actor names or codes
        The triangle; its first two actors are the focus pair.
    compare : str, optional
        A pair ``A-B`` whose steadiness the focus pair is compared with.
    start, end : int, optional
        Years covered (default 1949 to the last year any source covers).
    sanctions_year : int, optional
        Year of the sanctions coalition against the second actor (default: the year of the
        span with the most recorded sanctions on it, else the span's last year).

    Returns
    -------
    dict with ``actors``, ``names``, ``focus`` (dyad report), ``compare`` (ranking),
    ``triangle`` (report), ``pairs`` (treaties and alliance answers for every leg and the
    compared pair), ``coalition``, ``references``, ``notes``.
    """
    from amity.app import reports as R
    from amity.app.relations import alliance_status
    from amity.app.service import actor_name, measured as _measured
    from amity.measures import pair as P

    step = on_step or (lambda s: None)
    if len(actors) != 3:
        raise InputError("a brief needs three actors, e.g. CHN RUS USA", field="actors")
    ids = P.resolve_actors(list(actors))
    a, b, c = ids
    notes: list[str] = []
    cmp_pair = None
    if compare:
        x, y = P.parse_pair(compare)
        cmp_pair = (x, y)
        if {x, y} == {a, b}:
            raise InputError("the compared pair is the focus pair itself", field="--compare")

    def measured(fn, *args, **kw):
        return _measured(fn, *args, con=con, mirror=mirror, notes=notes, **kw)

    step(f"closeness and phases of {a}-{b}")
    focus = measured(R.dyad, a, b, start, end)
    step(f"triangle {a}-{b}-{c}")
    tri = measured(R.triangle, a, b, c, start, end)
    cmp = None
    if cmp_pair:
        step(f"steadiness: {a}-{b} against {cmp_pair[0]}-{cmp_pair[1]}")
        cmp = measured(R.compare, [f"{a}-{b}", f"{cmp_pair[0]}-{cmp_pair[1]}"], start, end)
        step(f"closeness of {cmp_pair[0]}-{cmp_pair[1]}")
        cmp["series"] = {}
        cmp["series"][f"{a}-{b}"] = series_points(focus)
        other = measured(R.dyad, cmp_pair[0], cmp_pair[1], start, end)
        cmp["series"][f"{cmp_pair[0]}-{cmp_pair[1]}"] = series_points(other)
    step("treaties and alliances")
    legs = [(a, b), (a, c), (b, c)] + ([cmp_pair] if cmp_pair else [])
    pairs = []
    from amity.knowledge import treaties as _treaties

    refs: dict[tuple, dict] = {}
    for x, y in legs:
        ts = [t for t in _treaties(x, y, con=con) if t["prov_kind"] == "curated"]
        for t in ts:
            r = t.get("reference") or {}
            if r.get("title"):
                refs[(r.get("title"), r.get("publisher"), r.get("year"))] = r
        pairs.append({"pair": [x, y], "names": [actor_name(x), actor_name(y)],
                      "alliance": alliance_status(x, y, con),
                      "treaties": [{k: t.get(k) for k in ("year", "date", "date_end", "kind",
                                                          "name", "parties", "obligations",
                                                          "articles", "alliance", "atop_id")}
                                   for t in ts]})
    for p in focus["phases"]:
        for f in p.get("facts", []):
            ref = f.get("prov_ref")
            if ref and ref.startswith("curated/"):
                title = ref.partition(": ")[2] or ref
                refs.setdefault((title, None, None), {"title": title})
    target = b                       # the coalition against the second actor (see above)
    if sanctions_year is None:
        from amity.app.relations import most_sanctioned

        top = most_sanctioned([target], con, *focus["span"])
        sanctions_year = top[1] if top else int(focus["span"][1])
    step(f"sanctions on {b} in {sanctions_year}")
    try:
        from amity.app.coalition import coalition

        coal = measured(coalition, target, sanctions_year)
    except AmityError as e:   # datasets unavailable: fall back to the curated facts
        from amity.app.relations import sanctions_coalition

        notes.append(f"coalition from the curated facts only ({type(e).__name__}: {e})")
        s = sanctions_coalition(target, sanctions_year, con)
        coal = {"target": {"id": target, "name": actor_name(target)}, "year": sanctions_year,
                "senders": [{"id": m["id"], "name": actor_name(m["id"]), "via": [v for v in m["via"]
                                                                          if v != "own"],
                             "direct": "own" in m["via"]} for m in s["members"]],
                "abstainers_of_note": [{"id": d["id"], "name": actor_name(d["id"]),
                                        "why": [d["name"]], "declined": True}
                                       for d in s["declined"]],
                "notes": []}
    for r in _sources_cited(con):
        refs.setdefault((r["title"], r.get("publisher"), r.get("year")), r)
    return {
        "actors": ids, "names": {i: actor_name(i) for i in ids + ([*cmp_pair] if cmp_pair else [])},
        "span": focus["span"], "focus": focus, "triangle": tri, "compare": cmp,
        "compare_pair": list(cmp_pair) if cmp_pair else None, "pairs": pairs,
        "coalition": coal, "references": sorted(refs.values(), key=lambda r: str(r["title"])),
        "notes": notes, "generated": _dt.datetime.now().isoformat(timespec="seconds"),
    }


def _sources_cited(con) -> list[dict]:
    """The datasets loaded in the store (title and version from its ``datasets`` table)."""
    import json

    try:
        rows = con.execute("SELECT name, version, meta FROM datasets ORDER BY name").fetchall()
    except duckdb.CatalogException:   # no datasets table: nothing to cite
        return []
    out, seen = [], set()
    for name, version, meta in rows:
        try:
            title = (json.loads(meta or "{}") or {}).get("title")
        except ValueError:
            title = None
        title = title or f"dataset {name}" + (f" ({version})" if version else "")
        if title in seen:
            continue
        seen.add(title)
        out.append({"title": title, "publisher": "dataset loaded in the store", "year": None})
    return out


__all__ = ["brief_data", "positive_since", "series_points", "DEFAULT_ACTORS", "DEFAULT_COMPARE",
           "DEFAULT_START"]
