"""The pair and system use cases: ``dyad``, ``compare``, ``triangle``, ``balance``,
``scenario`` and the ablation, as every face asks them.

Each validates its request, reads its inputs — the datasets through
:class:`amity.sources.closeness_data.ClosenessData` (the store's ``datasets`` records, else the
mirror), the stored closeness v3 fit (:mod:`amity.store.closeness`), the pair's treaties
(:mod:`amity.knowledge`) — and hands frames to the pure reports of :mod:`amity.measures.pair`
(``dyad_report``, ``triangle_report``), :mod:`amity.measures.balance`,
:mod:`amity.measures.scenario` and :mod:`amity.measures.steadiness`.
"""
from __future__ import annotations

import contextlib
import contextvars
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from amity import actors, concepts
from amity.errors import InputError
from amity.knowledge import load_curated, treaties
from amity.measures import closeness as C
from amity.measures import pair as P
from amity.measures.balance import balance_report
from amity.measures.phases import PhaseDetector
from amity.measures.scenario import parse_set, run_scenario
from amity.measures.signed import system_graph
from amity.measures.steadiness import rank_pairs
from amity.store import closeness as closeness_store


def ensure_curated(con) -> dict | None:
    """Load the shipped curated facts into a store that holds none yet (idempotent; a load,
    never called from a read: the tests, benchmarks and docs use it to prepare a store)."""
    n = con.execute("SELECT count(*) FROM relations WHERE prov_kind = 'curated'").fetchone()[0]
    return None if n else load_curated(con)


def _treaty_records(a: str, b: str, con) -> list[dict]:
    """The pair's treaties in the store (none without a store: they are curated facts)."""
    if con is None:
        return []
    keep = ("date", "date_end", "name", "kind", "parties", "obligations", "alliance", "atop_id")
    return [{k: r.get(k) for k in keep} for r in treaties(a, b, con=con)]


METHODS = ("auto", "v3", "v2")
#: what ``auto`` means. v3 wins every outside yardstick (docs/MEASURES.md §v3) but fails the
#: record of several pairs (China–Russia 2001–25, US–Russia in the 1990s, Israel–Egypt after
#: 1979 read hostile: any MID weighs like a war and is remembered for a decade), so until it
#: meets both, ``auto`` stays the v2 index and v3 is asked for by name.
AUTO_METHOD = "v2"


def _model_version() -> str:
    """The running closeness v3 version, imported only when v3 is asked for (the model
    module imports scipy.optimize: 0.3 s of every command's start otherwise)."""
    from amity.measures.closeness_model import MODEL_VERSION

    return MODEL_VERSION


def resolve_method(method: str, con) -> str:
    """``v3``: the stored closeness v3 fit (no current fit: an error naming
    ``amity closeness-build``; another model version: refused); ``v2``: the first round's
    index; ``auto``: :data:`AUTO_METHOD`."""
    if method not in METHODS:
        raise InputError(f"unknown closeness method {method!r}; use one of: "
                         f"{', '.join(METHODS)}", field="--method")
    if method == "auto":
        method = AUTO_METHOD
    if method == "v3":
        closeness_store.check(con, _model_version())
    return method


def _with_v3(frame: pd.DataFrame, con) -> pd.DataFrame:
    """The v2 component frame with the stored v3 posterior in ``closeness`` (the v2 value
    kept as ``closeness_v2``) and its interval, factors and indicators beside it."""
    rows = closeness_store.pair_rows(con, _model_version(), frame)
    out = frame.copy()
    out["closeness_v2"] = out["closeness"]
    for col in ("closeness", "closeness_lo", "closeness_hi", "closeness_filtered", "peace",
                "alignment", "indicators", "carried", "regime"):
        out[col] = rows[col].to_numpy() if col in rows else None
    for col in ("closeness", "closeness_lo", "closeness_hi", "closeness_filtered", "peace",
                "alignment"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    out.attrs["method"] = "v3"
    return out


#: the pair closeness already computed for the answer being built (see :func:`one_answer`)
_PAIR_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar("amity_pair_memo",
                                                                         default=None)


@contextlib.contextmanager
def one_answer() -> Iterator[None]:
    """Within the block a pair's closeness is computed once per request: an answer that asks
    for the same pair several times (a brief: the focus pair in its dyad, its triangle and its
    comparison) reads it again from a memo, as a copy. The memo lives as long as the block;
    the caller does not write the store meanwhile."""
    token = _PAIR_MEMO.set({})
    try:
        yield
    finally:
        _PAIR_MEMO.reset(token)


def pair_closeness(a: str, b: str, start: int | None = None, end: int | None = None, *,
                   con=None, mirror: str | Path | None = None,
                   exclude: Iterable[str] = (), curated: bool = True, method: str = "auto",
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Closeness frame and curated facts of a pair (see :func:`_pair_closeness`), from the
    memo of :func:`one_answer` when the same request was answered in the block."""
    memo = _PAIR_MEMO.get()
    if memo is None:
        return _pair_closeness(a, b, start, end, con=con, mirror=mirror, exclude=exclude,
                               curated=curated, method=method)
    key = (a, b, start, end, id(con), str(mirror), tuple(exclude), curated,
           AUTO_METHOD if method == "auto" else method)
    if key not in memo:
        memo[key] = _pair_closeness(a, b, start, end, con=con, mirror=mirror,
                                    exclude=exclude, curated=curated, method=method)
    frame, facts = memo[key]
    return frame.copy(), facts.copy()


def _pair_closeness(a: str, b: str, start: int | None = None, end: int | None = None, *,
                    con=None, mirror: str | Path | None = None,
                    exclude: Iterable[str] = (), curated: bool = True, method: str = "auto",
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Closeness frame and curated facts of a pair of (already resolved) actor ids.

    ``method`` (see :func:`resolve_method`): with v3 the frame's ``closeness`` is the stored
    posterior mean and ``closeness_lo/hi`` its 90% interval; the v2 components stay beside it
    as the evidence of each year. ``curated=False`` drops the curated layer entirely (facts,
    treaties, wars and sanctions from it), for the ablation in docs/MEASURES.md (v2 only).
    """
    lo, hi = P.check_years(start, end)
    use = resolve_method(method, con) if curated and not exclude else "v2"
    # without the curated layer: read the datasets only (no store relations, no cached table,
    # whose inputs include curated treaties, wars and sanctions)
    frame, facts = C.pair_frame(a, b, lo, hi, con=con if curated else None, mirror=mirror)
    if frame.empty:
        raise InputError(f"{a} and {b} never coexisted in {lo}..{hi}", field="actors")
    res = C.closeness(frame, exclude=tuple(exclude))
    res.attrs["method"] = "v2"
    if use == "v3":
        res = _with_v3(res, con)
    return res, facts


def dyad(a: str, b: str, start: int | None = None, end: int | None = None, *, con=None,
         mirror: str | Path | None = None, method: str = "auto") -> dict[str, Any]:
    """Closeness series, phases, steadiness and treaties of a pair (resolving names).

    Years in which the pair has no evidence at all keep a null closeness in ``series`` (never
    0); phases are fitted on the observed years.
    """
    ia, ib = P.resolve_actors([a, b])
    lo, hi = P.check_years(start, end)
    frame, facts = pair_closeness(ia, ib, lo, hi, con=con, mirror=mirror, method=method)
    if frame["closeness"].notna().sum() == 0:
        raise InputError(f"no source covers {ia}-{ib} in {lo}..{hi}", field="--from")
    rep = P.dyad_report(frame, facts, _treaty_records(ia, ib, con), [ia, ib])
    rep["notes"] = missing_sources(con, mirror)
    return rep



def missing_sources(con=None, mirror: str | Path | None = None) -> list[str]:
    """Datasets neither loaded in the store nor found in a mirror (their components are
    missing in every year; say so rather than let the index look complete)."""
    da = C.ClosenessData(con, mirror)
    notes = [f"{key}: not loaded and no mirror file (amity load, or AMITY_MIRROR)"
             for key in da.missing()]
    if da.table_state() == "stale":
        notes.append("the closeness table (closeness_dyad_year) was built from other inputs "
                     "than the store holds now (a dataset or the curated facts changed): "
                     "computed live instead; `amity closeness-build --method v2` rebuilds it")
    return notes



def compare(pairs: Sequence[str], start: int | None = None, end: int | None = None, *,
            con=None, mirror: str | Path | None = None, method: str = "auto") -> dict[str, Any]:
    """Rank pairs by steadiness and level over their common span of years."""
    if len(pairs) < 2:
        raise InputError("give at least two pairs to compare, e.g. PRK-RUS CHN-RUS",
                         field="pairs")
    parsed = [P.parse_pair(p) for p in pairs]
    names = [f"{a}-{b}" for a, b in parsed]
    if len(set(frozenset(p) for p in parsed)) != len(parsed):
        raise InputError("a pair is given twice", field="pairs")
    for a, b in parsed:
        P.resolve_actors([a, b], field="pairs")
    lo, hi = P.check_years(start, end)
    series = {}
    for (a, b), n in zip(parsed, names):
        f, _ = pair_closeness(a, b, lo, hi, con=con, mirror=mirror, method=method)
        series[n] = pd.Series(f["closeness"].to_numpy(dtype=float), index=f["year"].astype(int))
    ranked = [P.round_all(r) for r in rank_pairs(series)]
    return {"pairs": names, "ranking": ranked, "span": ranked[0].get("span") if ranked else None,
            "method": resolve_method(method, con)}



def triangle(a: str, b: str, c: str, start: int | None = None, end: int | None = None, *,
             band: float = 0.1, con=None, mirror: str | Path | None = None,
             method: str = "auto") -> dict[str, Any]:
    """The strategic triangle of three actors year by year (see :mod:`amity.measures.triangle`)."""
    band = concepts.check_band(band, "--band")
    ids = P.resolve_actors([a, b, c])
    lo, hi = P.check_years(start, end)
    use = resolve_method(method, con)
    legs: dict[str, pd.Series] = {}
    signs: dict[str, pd.Series] = {}
    all_facts = []
    for x, y in ((ids[0], ids[1]), (ids[0], ids[2]), (ids[1], ids[2])):
        try:
            f, facts = pair_closeness(x, y, lo, hi, con=con, mirror=mirror, method=use)
        except InputError:
            raise InputError(f"{x} and {y} never coexisted in {lo}..{hi}", field="actors") from None
        idx = f["year"].astype(int)
        legs[f"{x}-{y}"] = pd.Series(f["closeness"].to_numpy(dtype=float), index=idx)
        if use == "v3":
            signs[f"{x}-{y}"] = pd.Series(P.interval_legs(f["closeness"].to_numpy(float),
                                                        f["closeness_lo"].to_numpy(float),
                                                        f["closeness_hi"].to_numpy(float)),
                                          index=idx)
        all_facts.append(facts)
    years = sorted(set.intersection(*[set(s.index) for s in legs.values()]))
    if not years:
        raise InputError(f"{', '.join(ids)} never coexisted in {lo}..{hi}", field="actors")
    facts = pd.concat([f for f in all_facts if len(f)], ignore_index=True) if any(
        len(f) for f in all_facts) else None
    if use == "v2":
        aligned = {k: [s.get(yr, np.nan) for yr in years] for k, s in legs.items()}
        rep = P.triangle_report(years, aligned, ids, band, facts)
        rep["band_rule"] = f"a leg is neutral when |closeness| <= {band}"
    else:
        # the neutral band is each leg's own 90% interval: a leg whose interval holds 0 is
        # neutral; the sign rules then run with no constant band
        aligned = {k: [s.get(yr, np.nan) for yr in years] for k, s in signs.items()}
        rep = P.triangle_report(years, aligned, ids, 0.0, facts)
        for y in rep["years"]:
            y["legs"] = {k: P.rounded(legs[k].get(y["year"], np.nan)) for k in y["legs"]}
        rep["band_rule"] = "a leg is neutral when its 90% interval contains 0 (closeness v3)"
    rep["method"] = use
    return rep



def balance(year: int, threshold: float = 0.1, states: Sequence[str] | None = None, *,
            con=None, mirror: str | Path | None = None, exact: bool | None = None,
            method: str = "auto") -> dict:
    """Structural balance of the system (or of ``states``) in ``year``; ``method``: the
    closeness of the legs (``auto``, ``v2``, ``v3``: see :func:`resolve_method`)."""
    t = concepts.check_band(threshold, "--threshold")
    y = P.check_year(year)
    use = resolve_method(method, con)
    st = P.system_states(states, y)
    labels, S, _ = system_graph(y, t, con=con, mirror=mirror, states=st, graph=False,
                                method=use)
    rep = balance_report(np.sign(S), labels, exact=exact)
    fr = rep.get("frustration", {})
    legs = []
    for e in fr.get("frustrated_edges", []) or []:
        u, v = (e[0], e[1]) if isinstance(e, (list, tuple)) else (e.get("a"), e.get("b"))
        if u not in labels or v not in labels:
            continue
        iu, iv = labels.index(u), labels.index(v)
        legs.append({"leg": f"{u}-{v}", "closeness": P.rounded(S[iu, iv]),
                     "sign": int(np.sign(S[iu, iv]))})
    legs.sort(key=lambda x: -abs(x["closeness"] or 0.0))
    rep["frustrating_legs"] = legs
    rep.update({"year": y, "threshold": t, "states": labels, "method": use,
                "scope": "system" if st is None else "states"})
    return rep


def scenario(year: int, set_expr: str | Sequence[str], focus: Sequence[str] | None = None, *,
             threshold: float = 0.1, states: Sequence[str] | None = None, con=None,
             mirror: str | Path | None = None, method: str = "auto") -> dict:
    """"What if a leg moves": set legs in ``year``'s system graph and run the balance dynamic.

    The graph holds the focus actors, the actors of the set legs and the major powers of
    the year (or ``states`` when given), with their weighted closeness after the neutral band.
    """
    t = concepts.check_band(threshold, "--threshold")
    y = P.check_year(year)
    use = resolve_method(method, con)
    raw = parse_set(set_expr)
    set_ids = {}
    for (a, b), v in raw.items():
        ia, ib = P.resolve_actors([a, b], field="--set")
        set_ids[(ia, ib)] = v
    focus_ids = P.resolve_actors(focus, field="--focus") if focus else []
    pool = list(states) if states else []
    if not pool:
        pool = [x.id for x in actors.major_powers(y)]
    names = list(dict.fromkeys(
        [*(P.resolve_actors(pool, field="--states") if pool else []), *focus_ids,
         *[i for k in set_ids for i in k]]))
    st = P.system_states(names, y) if len(names) >= 3 else None
    if st is None:
        raise InputError("a scenario needs at least three actors (use --focus)", field="--focus")
    remap = dict(zip(names, st))
    labels, S, _ = system_graph(y, t, con=con, mirror=mirror, states=st, graph=False,
                                method=use)
    edges = {(remap.get(a, a), remap.get(b, b)): v for (a, b), v in set_ids.items()}
    res = run_scenario(S, labels, edges, focus=[remap.get(f, f) for f in focus_ids] or None)
    res.update({"year": y, "threshold": t, "actors": labels, "method": use})
    return res


# --------------------------------------------------------------------------- ablation
def ablation(a: str, b: str, start: int | None = None, end: int | None = None, *, con=None,
             mirror: str | Path | None = None) -> list[dict[str, Any]]:
    """Phases of a pair with the full index, without the curated layer, and with each
    component left out in turn (the table in docs/MEASURES.md)."""
    ia, ib = P.resolve_actors([a, b])
    runs: list[tuple[str, dict]] = [("full", {}), ("no curated layer", {"curated": False})]
    runs += [(f"without {c}", {"exclude": (c,)}) for c in C.COMPONENTS]
    out = []
    for name, kw in runs:
        f, facts = pair_closeness(ia, ib, start, end, con=con, mirror=mirror, **kw)
        s = pd.Series(f["closeness"].to_numpy(dtype=float), index=f["year"].astype(int)).dropna()
        if s.empty:
            out.append({"run": name, "phases": []})
            continue
        det = PhaseDetector().fit(s)
        label = P.phase_labeler(f)
        out.append({"run": name, "years": int(len(s)),
                    "phases": [f"{p.start}-{p.end} {label(p)} ({p.mean:+.2f})"
                               for p in det.segments_]})
    return out
