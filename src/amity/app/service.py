"""What the API, the dashboard and the brief answer, as plain functions over an open store.

Each function validates its request, calls the functions behind the CLI commands
(:mod:`amity.app.reports`, :mod:`amity.app.coalition`, :mod:`amity.knowledge`,
:mod:`amity.actors`, :mod:`amity.panel`, :mod:`amity.reader`) and returns JSON-ready data.
Faces never read the sources directly.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Sequence

from amity import concepts
from amity.errors import AmityError, InputError

#: How many states the dashboard's system view draws by default: the strongest of the year.
SYSTEM_DEFAULT_SIZE = 20
#: Most edges the balance answer lists (the whole system has ~16,000 ties).
MAX_EDGES = 2500
#: Most rows a panel slice returns.
PANEL_ROW_CAP = 10_000
PANEL_KINDS = ("dyad_year", "state_year")
DYAD_PARTS = ("series", "phases", "components", "treaties", "facts", "steadiness")


def check_years(start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """A ``from``/``to`` pair: within 1600..2100 and not reversed (InputError, 422)."""
    return concepts.year_range(start, end, names=("from", "to"))


def split_list(value: str | Sequence[str] | None, field: str) -> list[str] | None:
    """``"CHN,RUS"`` or ``["CHN", "RUS"]`` -> ``["CHN", "RUS"]`` (None when absent)."""
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else [
        x for v in value for x in str(v).split(",")]
    out = [x.strip() for x in items if x.strip()]
    if not out:
        raise InputError("empty list", field=field)
    return out


# --------------------------------------------------------------------------- store fallback
def fallback_con(con):
    """An in-memory store holding only the ``relations`` facts of ``con``: the measures then
    read the datasets from the mirror files instead of the store's ``ds_*`` tables."""
    from amity import store

    mem = store.connect(":memory:")   # the store's schema: its datasets table is empty
    mem.register("_rel", con.execute("SELECT * FROM relations").arrow())
    mem.execute("INSERT INTO relations BY NAME SELECT * FROM _rel")
    mem.unregister("_rel")
    return mem


def measured(fn, *args, con, notes: list[str] | None = None, **kw):
    """``fn(*args, con=con, **kw)``; when the store's dataset tables trip the measure (a
    DuckDB error), rerun it on the store's facts with the datasets read from the mirror, and
    add a note saying so."""
    import duckdb

    try:
        return fn(*args, con=con, **kw)
    except duckdb.Error as e:
        if con is None:
            raise
        first = str(e).splitlines()[0][:160]
        mem = fallback_con(con)
        try:
            res = fn(*args, con=mem, **kw)
        finally:
            mem.close()
        note = (f"the measures could not read the store's dataset tables ({first}); "
                "computed from the mirror files instead")
        if notes is not None and note not in notes:
            notes.append(note)
        return res


# --------------------------------------------------------------------------- actors
def actor_info(name: str, at: str | None = None) -> dict[str, Any]:
    """Resolve a name or code to the canonical actor (UnknownActorError with suggestions)."""
    from amity import actors

    a = actors.resolve(name, at=at)
    d = a.to_dict()
    d["lineage"] = [x.id for x in actors.lineage(a.id)]
    if at is not None:
        la = actors.lineage_at(a.id, at)
        d["at"] = at
        d["lineage_at"] = la.id if la else None
        d["blocs_at"] = actors.memberships(a.id, at)
    return d


def _when(at: str | int | None) -> Any:
    from amity import actors

    if at is None:
        when: Any = _dt.date.today()
    elif str(at).strip().isdigit():
        when = int(str(at).strip())
    else:
        when = str(at)
    actors.as_date(when, field_name="at")
    return when


def actors_at(at: str | int | None = None, kind: str | None = None,
              system: str = "cow") -> list[dict[str, Any]]:
    """Actors alive at a date: the state system's members (``cow`` or ``gw``) and blocs."""
    from amity import actors

    if kind is not None and kind not in actors.KINDS:
        raise InputError(f"unknown kind {kind!r}; use state, polity or organization",
                         field="kind")
    if system not in ("cow", "gw"):
        raise InputError(f"unknown system {system!r}; use cow or gw", field="system")
    when = _when(at)
    rows = []
    if kind in (None, "state", "polity"):
        rows += [a for a in actors.members(when, system=system) if kind is None or a.kind == kind]
    if kind in (None, "organization"):
        rows += [a for a in actors.all_actors("organization") if actors.exists_in(a.id, when)]
    return [{"id": a.id, "name": a.name, "kind": a.kind, "iso3": a.iso3, "cow": a.cow,
             "gw": a.gw, "from": a.start, "to": a.end} for a in rows]


def actor_name(actor_id: str) -> str:
    from amity import actors

    try:
        return actors.get(actor_id).name
    except AmityError:   # an id the registry does not know: the id is its name
        return actor_id


# --------------------------------------------------------------------------- knowledge
#: the keys of a fact and of a treaty in every face's answer (CLI --json, API)
FACT_KEYS = ("id", "date", "date_end", "year_start", "year_end", "kind", "source_actor",
             "target_actor", "parties", "party_since", "via_bloc", "name", "obligations",
             "articles", "atop_id", "cameo", "goldstein", "plover", "sign", "negated", "vote",
             "description", "reference", "prov_kind")
TREATY_KEYS = ("year", "date", "date_end", "kind", "name", "parties", "party_since",
               "pair_since", "obligations", "articles", "alliance", "atop_id", "atop",
               "description", "prov_kind", "reference")


def _fact_record(r: dict[str, Any]) -> dict[str, Any]:
    return {k: r.get(k) for k in FACT_KEYS}


def treaty_rows(a: str, b: str | None = None, *, con) -> list[dict[str, Any]]:
    """Treaties and agreements between two lines (or of one), with obligations and references."""
    from amity.knowledge import treaties

    return [{k: r.get(k) for k in TREATY_KEYS} for r in treaties(a, b, con=con)]


def fact_rows(a: str | None = None, b: str | None = None, start: int | None = None,
              end: int | None = None, kinds: Iterable[str] | None = None, *,
              con, fields: tuple[str, str, str] = ("from", "to", "kind")
              ) -> list[dict[str, Any]]:
    """Dated facts between two actors (or about one) with references.

    ``fields`` names the face's parameters for the first year, the last year and the kinds in
    errors (the CLI passes ``("--from", "--to", "--kind")``).
    """
    from amity.knowledge import KINDS, facts, fold_dataset_duplicates

    start, end = concepts.year_range(start, end, names=fields[:2])
    ks = [k.lower() for k in kinds] if kinds else None
    for k in ks or []:
        if k not in KINDS:
            raise InputError(f"unknown kind {k!r} (one of: {', '.join(sorted(KINDS))})",
                             field=fields[2])
    return [_fact_record(r) for r in fold_dataset_duplicates(
        facts(a, b, start, end, ks, con=con))]


# --------------------------------------------------------------------------- measures
def dyad_view(a: str, b: str, start: int | None = None, end: int | None = None, *,
              con, mirror=None, method: str = "auto") -> dict[str, Any]:
    """``amity dyad`` plus the pair's facts (markers with references) and actor names."""
    from amity.app.reports import dyad

    start, end = check_years(start, end)
    notes: list[str] = []
    rep = measured(dyad, a, b, start, end, con=con, mirror=mirror, notes=notes, method=method)
    rep["notes"] = list(rep.get("notes") or []) + notes
    ia, ib = rep["pair"]
    try:
        fs = fact_rows(ia, ib, con=con)
    except InputError:
        fs = []
    lo, hi = rep["span"] or (None, None)
    if lo is not None:
        fs = [f for f in fs if f["year_start"] is not None and lo <= f["year_start"] <= hi]
    rep["facts"] = fs
    rep["names"] = {ia: actor_name(ia), ib: actor_name(ib)}
    return rep


def dyad_part(rep: dict[str, Any], part: str) -> Any:
    """One part of :func:`dyad_view`: series, phases, components, treaties, facts, steadiness."""
    if part == "components":
        return [{"year": r["year"], **r["components"]} for r in rep["series"]]
    if part == "series":
        return [{"year": r["year"], "closeness": r["closeness"], "thin": r.get("thin", False),
                 "ids": r["ids"]} for r in rep["series"]]
    if part in ("phases", "treaties", "facts", "steadiness"):
        return rep[part]
    raise InputError(f"unknown part {part!r}; use series, phases, components, treaties, "
                     "facts or steadiness", field="part")


def compare_view(pairs: Sequence[str], start: int | None = None, end: int | None = None, *,
                 con, mirror=None, method: str = "auto") -> dict[str, Any]:
    """``amity compare``: pairs ranked by steadiness over their common span."""
    from amity.app.reports import compare

    start, end = check_years(start, end)
    notes: list[str] = []
    rep = measured(compare, list(pairs), start, end, con=con, mirror=mirror, notes=notes,
                   method=method)
    rep["notes"] = notes
    return rep


def triangle_view(a: str, b: str, c: str, start: int | None = None, end: int | None = None,
                  band: float = 0.1, *, con, mirror=None, method: str = "auto") -> dict[str, Any]:
    """``amity triangle`` plus actor names."""
    from amity.app.reports import triangle

    start, end = check_years(start, end)
    notes: list[str] = []
    rep = measured(triangle, a, b, c, start, end, band=band, con=con, mirror=mirror,
                   notes=notes, method=method)
    rep["notes"] = notes
    rep["names"] = {x: actor_name(x) for x in rep.get("actors", [])}
    return rep


def default_states(year: int, *, con=None, mirror=None) -> list[str]:
    """The dashboard's default system view: the :data:`SYSTEM_DEFAULT_SIZE` states with the
    largest CINC share in the latest NMC year <= ``year`` that are system members in ``year``
    (the "top by CINC" part of the coalition's notable rule, :func:`notable_states`)."""
    from amity import actors
    from amity.measures.coalitions import notable_states
    from amity.sources.access import dataset

    def member(code: int, y: int) -> str | None:
        a = actors.from_cow(int(code), int(y))
        return None if a is None else a.id

    nmc = dataset("cow_nmc", con=con, mirror=mirror)
    ranked = notable_states(year, cinc=nmc, top=SYSTEM_DEFAULT_SIZE, cow_to_id=member)
    return [d["id"] for d in sorted(ranked.values(), key=lambda d: d["cinc_rank"])]


def balance_view(year: int, threshold: float = 0.1, states: Sequence[str] | None = None, *,
                 con, mirror=None, edges: bool = True, min_tie: float = 0.0,
                 method: str = "auto") -> dict[str, Any]:
    """``amity balance`` for a year, plus the signed edges of the graph (for drawing).

    ``states="default"`` means :func:`default_states` (the strongest states of the year); ``None``
    the whole system. ``min_tie`` lists only edges with ``|closeness| >= min_tie``; over
    :data:`MAX_EDGES` of them, the strongest :data:`MAX_EDGES` are listed and ``edges_note``
    says so (the figures always count every tie).
    """
    import numpy as np

    from amity.app.reports import balance
    from amity.measures.pair import check_year, system_states
    from amity.measures.signed import system_graph

    y = check_year(year)
    if states is not None and list(states) == ["default"]:
        states = default_states(y, con=con, mirror=mirror)
    notes: list[str] = []
    rep = measured(balance, y, threshold, states, con=con, mirror=mirror, notes=notes,
                   method=method)
    rep["notes"] = notes
    rep["edges"] = None
    if edges:
        st = system_states(states, y) if states else None
        labels, S, _ = measured(system_graph, y, rep["threshold"], con=con, mirror=mirror,
                                states=st, method=rep["method"])
        iu, ju = np.triu_indices(len(labels), 1)
        vals = S[iu, ju]
        keep = np.nonzero((vals != 0) & (np.abs(vals) >= float(min_tie)))[0]
        if len(keep) > MAX_EDGES:
            rep["edges_note"] = (f"{len(keep)} ties with |closeness| >= {min_tie:g}: the "
                                 f"{MAX_EDGES} strongest are listed")
            keep = keep[np.argsort(-np.abs(vals[keep]), kind="stable")[:MAX_EDGES]]
            keep.sort()
        rep["edges"] = [{"a": labels[i], "b": labels[j], "closeness": round(float(v), 4),
                         "sign": int(np.sign(v))}
                        for i, j, v in zip(iu[keep], ju[keep], vals[keep])]
    if rep.get("factions"):
        side = {}
        for k, f in enumerate(rep["factions"]):
            for s in f:
                side[s] = k
        rep["faction_of"] = side
    return rep


def scenario_view(year: int, set_expr: str | Sequence[str], focus: Sequence[str] | None = None,
                  *, threshold: float = 0.1, states: Sequence[str] | None = None, con,
                  mirror=None, method: str = "auto") -> dict[str, Any]:
    """``amity scenario``: set legs in a year's signed graph and run the balance dynamic."""
    from amity.app.reports import scenario

    notes: list[str] = []
    rep = measured(scenario, year, set_expr, focus, threshold=threshold, states=states,
                   con=con, mirror=mirror, notes=notes, method=method)
    rep["notes"] = notes
    return rep


def coalition_view(target: str, year: int, k: int = 3, top: int = 10, *, con,
                   mirror=None, factions: bool = False) -> dict[str, Any]:
    """``amity coalition``: senders of sanctions on a target, notable non-senders, blocs
    (the year, ``k`` and ``top`` are checked once, by :func:`amity.app.coalition.coalition`)."""
    from amity.app.coalition import coalition

    notes: list[str] = []     # a rerun on the mirror files is said, not silent
    rep = measured(coalition, target, year, con=con, mirror=mirror, k=k, top=top,
                   factions=factions, notes=notes)
    rep["notes"] = list(rep.get("notes") or []) + notes
    return rep


def panel_slice(kind: str = "dyad_year", states: Sequence[str] | None = None,
                start: int | None = None, end: int | None = None,
                add: Sequence[str] | None = None, system: str = "cow",
                limit: int = PANEL_ROW_CAP, *, con, mirror=None) -> dict[str, Any]:
    """A small peacesciencer-style panel: ``create_<kind>s`` over states and years, then the
    ``add_*`` verbs. Refuses (422) a slice over ``limit`` rows instead of truncating it."""
    import inspect

    from amity import panel as P

    if kind not in PANEL_KINDS:
        raise InputError(f"unknown panel kind {kind!r}; use {' or '.join(PANEL_KINDS)}",
                         field="kind")
    if system not in ("cow", "gw"):
        raise InputError(f"unknown system {system!r}; use cow or gw", field="system")
    if not 1 <= limit <= PANEL_ROW_CAP:
        raise InputError(f"limit must be within 1..{PANEL_ROW_CAP}", field="limit")
    start, end = check_years(start, end)
    if start is None or end is None:
        raise InputError("give both from and to for a panel slice", field="from")
    verbs = []
    for name in add or []:
        try:
            verbs.append(P.verb(name))
        except InputError as e:
            raise InputError(e.reason, field="add") from None
    years = (start, end)
    if kind == "dyad_year":
        df = P.create_dyad_years(system, years=years, states=states, mirror=mirror, con=con)
    else:
        df = P.create_state_years(system, years=years, states=states, mirror=mirror, con=con)
    if len(df) > limit:
        raise InputError(f"the slice has {len(df)} rows, over the cap of {limit}: narrow the "
                         "states or years (or build the panel with `amity panel`)",
                         field="states")
    for fn in verbs:
        params = inspect.signature(fn).parameters
        kw = {k: v for k, v in (("con", con), ("mirror", mirror)) if k in params}
        df = fn(df, **kw)
    df = df.astype(object).where(df.notna(), None)
    return {"kind": kind, "system": system, "rows": int(len(df)), "columns": list(df.columns),
            "data": df.to_dict(orient="records")}


def read_text(text: str, date: str | None = None) -> dict[str, Any]:
    """The reader (:func:`amity.reader.extract`): events and treaties with character spans.
    A sentence over the reader's limit is refused before any reading
    (:func:`amity.app.reading.check_sentences`)."""
    from amity.app.reading import check_sentences
    from amity.reader import extract

    if not isinstance(text, str) or not text.strip():
        raise InputError("empty text", field="text")
    return extract(check_sentences(text), date=date)
