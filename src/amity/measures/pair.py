"""Reports over pairs, triangles and the system: what ``amity dyad/compare/triangle/balance/
scenario`` print, as importable functions.

Each report is a pure function over frames (``dyad_report``, ``compare_report``,
``triangle_report``) plus a thin loader (``dyad``, ``compare``, ``triangle``, ``balance``,
``scenario``) that validates the request, reads the store (or the mirror) and calls it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from amity.store import closeness as closeness_store
from amity.errors import InputError, UnknownActorError
from amity.measures import closeness as C
from amity.measures.closeness_model import MODEL_VERSION
from amity.measures.phases import PhaseDetector, attach_facts

FIRST, LAST = C.FIRST_YEAR, C.LAST_YEAR
_ROUND = 4


def _r(x) -> float | None:
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else round(f, _ROUND)


def _round_all(x):
    if isinstance(x, float):
        return _r(x)
    if isinstance(x, dict):
        return {k: _round_all(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_round_all(v) for v in x]
    return x


# --------------------------------------------------------------------------- request checks
def check_years(start: int | None, end: int | None) -> tuple[int, int]:
    """Validate ``--from/--to`` against the years any source covers (1816..2025)."""
    if start is not None and end is not None and start > end:
        raise InputError(f"reversed year range: --from {start} is after --to {end}",
                         field="--from")
    lo = FIRST if start is None else int(start)
    hi = LAST if end is None else int(end)
    if lo > LAST:
        raise InputError(f"--from {lo} is after the last year any source covers ({LAST})",
                         field="--from")
    if hi < FIRST:
        raise InputError(f"--to {hi} is before the first year any source covers ({FIRST})",
                         field="--to")
    return max(lo, FIRST), min(hi, LAST)


def resolve_actors(names: Sequence[str], field: str = "actors") -> list[str]:
    """Resolve names to canonical ids; refuses repeats (also two members of one line)."""
    ids = [C.resolve_actor(n) for n in names]
    lines = [tuple(m.id for m in C.actor_line(i)) for i in ids]
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if ids[i] == ids[j] or ids[j] in lines[i]:
                raise InputError(f"actor repeated: {names[i]!r} and {names[j]!r} are the same "
                                 f"line ({ids[i]})", field=field)
    return ids


def ensure_curated(con) -> dict | None:
    """Load the shipped curated facts into the store when it holds none yet (idempotent)."""
    if con is None:
        return None
    try:
        n = con.execute("SELECT count(*) FROM relations WHERE prov_kind = 'curated'").fetchone()[0]
    except Exception:
        return None
    if n:
        return None
    try:
        from amity.knowledge.loader import load_curated
    except ImportError:
        return None
    try:
        return load_curated(con)
    except Exception as e:  # a curated file being edited must not break the measures
        return {"error": str(e)}


# --------------------------------------------------------------------------- dyad
def series_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Per-year records: closeness and the components it used (penalties negative)."""
    out = []
    for r in frame.itertuples(index=False):
        comps: dict[str, float | None] = {}
        for name in r.components:
            if name in C.AFFINITY:
                comps[name] = _r(getattr(r, "s_" + name))
            else:
                v = _r(-getattr(r, "p_" + name))
                comps[name] = None if v is None else v + 0.0  # no -0.0
        rec = {"year": int(r.year), "closeness": _r(r.closeness), "components": comps,
               "ids": [r.id_a, r.id_b]}
        if hasattr(r, "closeness_lo"):
            rec.update({"closeness_lo": _r(r.closeness_lo), "closeness_hi": _r(r.closeness_hi),
                        "peace": _r(r.peace), "alignment": _r(r.alignment),
                        "closeness_v2": _r(r.closeness_v2),
                        "indicators": r.indicators if isinstance(r.indicators, str) else "",
                        "carried": r.carried if isinstance(r.carried, str) else "",
                        "regime": getattr(r, "regime", None)
                        if isinstance(getattr(r, "regime", None), str) else None})
        out.append(rec)
    return out


ALIGNED = "close alignment"
CONFRONTATION = "confrontation"


def _phase_label(p, yrs: np.ndarray, alliance: np.ndarray | None,
                 conflict: np.ndarray | None = None) -> str:
    """The phase's label, where the two extreme words name a kind of relation, not only a level.

    A phase labelled "alliance" by its level keeps the word when a defense/offense obligation
    (alliance score 1.0) is in force in at least half its years; otherwise the same level
    reads "close alignment". A phase labelled "hostility" by its level keeps the word when
    force was used in at least one of its years (a conflict penalty of at least
    ``HOSTLEV_PENALTY[4]``: a MID at hostility level 4 or 5, or a war); otherwise the same
    level reads "confrontation".
    """
    m = (yrs >= p.start) & (yrs <= p.end)
    if p.label == "hostility":
        force = conflict is not None and bool(
            np.any(np.nan_to_num(conflict[m]) >= C.HOSTLEV_PENALTY[4] - 1e-12))
        return p.label if force else CONFRONTATION
    if p.label != "alliance":
        return p.label
    allied = alliance is not None and np.mean(np.nan_to_num(alliance[m]) >= 1.0) >= 0.5
    return p.label if allied else ALIGNED


def _phase_labeler(frame: pd.DataFrame):
    """``label(phase)`` for the phases of one closeness frame (the words that need more than
    the level read the frame's alliance and conflict columns); one rule for every report."""
    yrs = frame["year"].to_numpy(dtype=int)
    al = frame["s_alliance"].to_numpy(dtype=float) if "s_alliance" in frame else None
    cf = frame["p_conflict"].to_numpy(dtype=float) if "p_conflict" in frame else None
    return lambda p: _phase_label(p, yrs, al, cf)


def _phases(frame: pd.DataFrame, facts: pd.DataFrame | None) -> tuple[list[dict], dict]:
    s = pd.Series(frame["closeness"].to_numpy(dtype=float), index=frame["year"].astype(int))
    s = s.dropna()
    if s.empty:
        return [], {}
    det = PhaseDetector().fit(s)
    ph = attach_facts(det.segments_, facts)
    means = {}
    yrs = frame["year"].to_numpy(dtype=int)
    arrs = {k: frame["s_" + k].to_numpy(dtype=float) for k in C.AFFINITY}
    arrs.update({k: -frame["p_" + k].to_numpy(dtype=float) for k in C.PENALTIES})
    for p in ph:
        m = (yrs >= p.start) & (yrs <= p.end)
        d = {}
        for k, a in arrs.items():
            x = a[m]
            x = x[~np.isnan(x)]
            if len(x):
                d[k] = _r(x.mean()) + 0.0
        means[(p.start, p.end)] = d
    out = []
    label = _phase_labeler(frame)
    for p in ph:
        d = p.to_dict()
        d["components"] = means[(p.start, p.end)]
        d["label"] = label(p)
        out.append(d)
    return out, {"penalty": _r(det.penalty_), "sigma": _r(det.sigma_),
                 "breaks": det.break_years_}


def dyad_report(frame: pd.DataFrame, facts: pd.DataFrame | None = None,
                treaties: list[dict] | None = None, pair: Sequence[str] = ()) -> dict[str, Any]:
    """The dyad report from a pair's component frame (pure).

    ``frame`` is the output of :func:`amity.measures.closeness.closeness` for one pair; the
    report holds the series, its phases (with the facts at each break and each component's
    mean over the phase), the steadiness of the series and the treaties.
    """
    from amity.measures.steadiness import steadiness

    phases, meta = _phases(frame, facts)
    s = pd.Series(frame["closeness"].to_numpy(dtype=float), index=frame["year"].astype(int))
    st = steadiness(s.dropna()) if s.notna().any() else {}
    return {
        "pair": list(pair),
        "span": [int(frame["year"].min()), int(frame["year"].max())] if len(frame) else None,
        "series": series_records(frame),
        "phases": phases,
        "phase_rule": meta,
        "steadiness": _round_all(st),
        "treaties": treaties or [],
        "weights": {k: w for k, (_, w) in C.AFFINITY.items()},
        "method": frame.attrs.get("method", "v2"),
        "model": MODEL_VERSION if frame.attrs.get("method") == "v3" else "closeness-v2",
    }


def _treaty_records(a: str, b: str, con) -> list[dict]:
    try:
        from amity.knowledge.queries import treaties
    except ImportError:
        return []
    try:
        rows = treaties(a, b, con=con)
    except Exception:
        return []
    keep = ("date", "date_end", "name", "kind", "parties", "obligations", "alliance", "atop_id")
    return [{k: r.get(k) for k in keep} for r in rows]


METHODS = ("auto", "v3", "v2")
#: what ``auto`` means. v3 wins every outside yardstick (docs/MEASURES.md §v3) but fails the
#: record of several pairs (China–Russia 2001–25, US–Russia in the 1990s, Israel–Egypt after
#: 1979 read hostile: any MID weighs like a war and is remembered for a decade), so until it
#: meets both, ``auto`` stays the v2 index and v3 is asked for by name.
AUTO_METHOD = "v2"


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
        closeness_store.check(con, MODEL_VERSION)
    return method


def _with_v3(frame: pd.DataFrame, con) -> pd.DataFrame:
    """The v2 component frame with the stored v3 posterior in ``closeness`` (the v2 value
    kept as ``closeness_v2``) and its interval, factors and indicators beside it."""
    rows = closeness_store.pair_rows(con, MODEL_VERSION, frame)
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


def pair_closeness(a: str, b: str, start: int | None = None, end: int | None = None, *,
                   con=None, mirror: str | Path | None = None,
                   exclude: Iterable[str] = (), curated: bool = True, method: str = "auto",
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Closeness frame and curated facts of a pair of (already resolved) actor ids.

    ``method`` (see :func:`resolve_method`): with v3 the frame's ``closeness`` is the stored
    posterior mean and ``closeness_lo/hi`` its 90% interval; the v2 components stay beside it
    as the evidence of each year. ``curated=False`` drops the curated layer entirely (facts,
    treaties, wars and sanctions from it), for the ablation in docs/MEASURES.md (v2 only).
    """
    lo, hi = check_years(start, end)
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
    ia, ib = resolve_actors([a, b])
    lo, hi = check_years(start, end)
    frame, facts = pair_closeness(ia, ib, lo, hi, con=con, mirror=mirror, method=method)
    if frame["closeness"].notna().sum() == 0:
        raise InputError(f"no source covers {ia}-{ib} in {lo}..{hi}", field="--from")
    rep = dyad_report(frame, facts, _treaty_records(ia, ib, con), [ia, ib])
    rep["notes"] = missing_sources(con, mirror)
    return rep


def missing_sources(con=None, mirror: str | Path | None = None) -> list[str]:
    """Datasets neither loaded in the store nor found in a mirror (their components are
    missing in every year; say so rather than let the index look complete)."""
    return [f"{key}: not loaded and no mirror file (amity load, or AMITY_MIRROR)"
            for key in C.ClosenessData(con, mirror).missing()]


# --------------------------------------------------------------------------- compare
def parse_pair(text: str) -> tuple[str, str]:
    """``"PRK-RUS"`` -> ``("PRK", "RUS")`` (ids may contain hyphens: CHN-ROC-SUN)."""
    t = str(text).strip()
    cuts = [i for i, ch in enumerate(t) if ch == "-"]
    opts = []
    for i in cuts:
        x, y = t[:i].strip(), t[i + 1:].strip()
        if not x or not y:
            continue
        try:
            opts.append((C.resolve_actor(x), C.resolve_actor(y)))
        except UnknownActorError:
            continue
    if not opts:
        if not cuts:
            raise InputError(f"malformed pair {text!r}: write it as A-B, e.g. PRK-RUS",
                             field="pairs")
        x, y = t[:cuts[0]], t[cuts[0] + 1:]
        C.resolve_actor(x)
        C.resolve_actor(y)
        raise InputError(f"malformed pair {text!r}", field="pairs")
    return opts[0]


def compare(pairs: Sequence[str], start: int | None = None, end: int | None = None, *,
            con=None, mirror: str | Path | None = None, method: str = "auto") -> dict[str, Any]:
    """Rank pairs by steadiness and level over their common span of years."""
    from amity.measures.steadiness import rank_pairs

    if len(pairs) < 2:
        raise InputError("give at least two pairs to compare, e.g. PRK-RUS CHN-RUS",
                         field="pairs")
    parsed = [parse_pair(p) for p in pairs]
    names = [f"{a}-{b}" for a, b in parsed]
    if len(set(frozenset(p) for p in parsed)) != len(parsed):
        raise InputError("a pair is given twice", field="pairs")
    for a, b in parsed:
        resolve_actors([a, b], field="pairs")
    lo, hi = check_years(start, end)
    series = {}
    for (a, b), n in zip(parsed, names):
        f, _ = pair_closeness(a, b, lo, hi, con=con, mirror=mirror, method=method)
        series[n] = pd.Series(f["closeness"].to_numpy(dtype=float), index=f["year"].astype(int))
    ranked = [_round_all(r) for r in rank_pairs(series)]
    return {"pairs": names, "ranking": ranked, "span": ranked[0].get("span") if ranked else None,
            "method": resolve_method(method, con)}


# --------------------------------------------------------------------------- triangle
#: shortest run of "incomplete" years that stands as a period of its own (see smooth_periods)
MIN_INCOMPLETE_RUN = 2


def smooth_periods(periods: list[dict], min_run: int = MIN_INCOMPLETE_RUN) -> list[dict]:
    """Absorb short "incomplete" flickers into the surrounding period (pure).

    Rule: a run of fewer than ``min_run`` consecutive "incomplete" years (one leg inside the
    neutral band) that lies between two periods with the same pattern and the same roles,
    with no gap in the years, is read as noise — a leg grazing the band for a year, the same
    resolution as the phase detector's two-year minimum phase — and the three runs become one
    period. The absorbed years are listed under ``"absorbed"``; the per-year readings keep
    their own pattern. Anything else (a flicker between two different patterns, a run of two
    or more incomplete years) is left as it is.
    """
    out: list[dict] = []
    i = 0
    ps = [dict(p, absorbed=list(p.get("absorbed", []))) for p in periods]
    while i < len(ps):
        p = ps[i]
        if (out and i + 1 < len(ps) and p["pattern"] == "incomplete" and p["years"] < min_run
                and out[-1]["pattern"] == ps[i + 1]["pattern"] != "incomplete"
                and out[-1]["roles"] == ps[i + 1]["roles"]
                and out[-1]["end"] + 1 == p["start"] and p["end"] + 1 == ps[i + 1]["start"]):
            nxt = ps[i + 1]
            last = out[-1]
            last["absorbed"] += list(range(p["start"], p["end"] + 1)) + nxt["absorbed"]
            last["end"] = nxt["end"]
            last["years"] += p["years"] + nxt["years"]
            i += 2
            continue
        out.append(p)
        i += 1
    return out


def triangle_report(years: Sequence[int], legs: dict[str, Sequence[float]],
                    actors: Sequence[str], band: float = 0.1,
                    facts: pd.DataFrame | None = None) -> dict[str, Any]:
    """Dittmer patterns per year and their periods from three leg series (pure).

    ``legs`` maps ``"A-B"`` keys to values aligned with ``years``. Facts (columns
    ``year_start`` etc.) dated within a year of a period's start are attached to it. Single
    "incomplete" years between two runs of one reading are absorbed (:func:`smooth_periods`).
    """
    from amity.measures.triangle import triangle_series

    keys = list(legs)
    by_year = [{k: (None if v is None or np.isnan(v) else float(v))
                for k, v in zip(keys, vals)} for vals in zip(*[legs[k] for k in keys])]
    res = triangle_series(list(years), by_year, band=band, actors=list(actors))
    res["periods"] = smooth_periods(res["periods"])
    res["period_rule"] = (f"a run of fewer than {MIN_INCOMPLETE_RUN} 'incomplete' years between "
                          "two periods with the same pattern and roles is absorbed into them")
    for y in res["years"]:
        y["legs"] = {k: _r(v) for k, v in y["legs"].items()}
    if facts is not None and len(facts):
        ys = pd.to_numeric(facts["year_start"], errors="coerce")
        for p in res["periods"]:
            m = (ys >= p["start"] - 1) & (ys <= p["start"] + 1)
            p["facts"] = [{"date": r["date"], "kind": r["kind"], "name": r["name"]}
                          for _, r in facts[m].iterrows()]
    for p in res["periods"]:
        piv = [a for a, role in p["roles"].items() if role == "pivot"]
        p["pivot"] = piv[0] if piv else None
    return res


def interval_legs(values: Sequence[float], lo: Sequence[float], hi: Sequence[float]) -> list[float]:
    """A leg's value for the sign rules when its interval sets the neutral band: 0 (neutral)
    where the 90% interval contains 0, else the posterior mean (pure)."""
    out = []
    for v, l, h in zip(values, lo, hi):
        if v is None or l is None or h is None or np.isnan(v) or np.isnan(l) or np.isnan(h):
            out.append(np.nan)
        else:
            out.append(0.0 if l <= 0.0 <= h else float(v))
    return out


def triangle(a: str, b: str, c: str, start: int | None = None, end: int | None = None, *,
             band: float = 0.1, con=None, mirror: str | Path | None = None,
             method: str = "auto") -> dict[str, Any]:
    """The strategic triangle of three actors year by year (see :mod:`amity.measures.triangle`)."""
    from amity.measures.balance import check_threshold

    band = check_threshold(band, "--band")
    ids = resolve_actors([a, b, c])
    lo, hi = check_years(start, end)
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
            signs[f"{x}-{y}"] = pd.Series(interval_legs(f["closeness"].to_numpy(float),
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
        rep = triangle_report(years, aligned, ids, band, facts)
        rep["band_rule"] = f"a leg is neutral when |closeness| <= {band}"
    else:
        # the neutral band is each leg's own 90% interval: a leg whose interval holds 0 is
        # neutral; the sign rules then run with no constant band
        aligned = {k: [s.get(yr, np.nan) for yr in years] for k, s in signs.items()}
        rep = triangle_report(years, aligned, ids, 0.0, facts)
        for y in rep["years"]:
            y["legs"] = {k: _r(legs[k].get(y["year"], np.nan)) for k in y["legs"]}
        rep["band_rule"] = "a leg is neutral when its 90% interval contains 0 (closeness v3)"
    rep["method"] = use
    return rep


# --------------------------------------------------------------------------- balance, scenario
def _check_year(year: int) -> int:
    if year is None:
        raise InputError("give a year: --year Y", field="--year")
    y = int(year)
    if not FIRST <= y <= LAST:
        raise InputError(f"year {y} is outside every source's coverage ({FIRST}..{LAST})",
                         field="--year")
    return y


def _states(states: Sequence[str] | None, year: int) -> list[str] | None:
    if not states:
        return None
    ids = resolve_actors(states, field="--states")
    if len(ids) < 3:
        raise InputError("balance needs at least three states", field="--states")
    out = []
    for i in ids:
        line = C.actor_line(i)
        m = next((x for x in line if x.start <= year <= x.end), None)
        if m is None:
            raise InputError(f"{i} did not exist in {year}", field="--states")
        out.append(C._id_of(m.cow, year) if m.cow is not None else m.id)
    return out


def balance(year: int, threshold: float = 0.1, states: Sequence[str] | None = None, *,
            con=None, mirror: str | Path | None = None, exact: bool | None = None) -> dict:
    """Structural balance of the system (or of ``states``) in ``year``."""
    from amity.measures.balance import balance_report
    from amity.measures.signed import check_threshold, system_graph

    t = check_threshold(threshold)
    y = _check_year(year)
    st = _states(states, y)
    labels, S, g = system_graph(y, t, con=con, mirror=mirror, states=st)
    rep = balance_report(np.sign(S), labels, exact=exact)
    fr = rep.get("frustration", {})
    legs = []
    for e in fr.get("frustrated_edges", []) or []:
        u, v = (e[0], e[1]) if isinstance(e, (list, tuple)) else (e.get("a"), e.get("b"))
        if u not in labels or v not in labels:
            continue
        iu, iv = labels.index(u), labels.index(v)
        legs.append({"leg": f"{u}-{v}", "closeness": _r(S[iu, iv]),
                     "sign": int(np.sign(S[iu, iv]))})
    legs.sort(key=lambda x: -abs(x["closeness"] or 0.0))
    rep["frustrating_legs"] = legs
    rep.update({"year": y, "threshold": t, "states": labels,
                "scope": "system" if st is None else "states"})
    return rep


def scenario(year: int, set_expr: str | Sequence[str], focus: Sequence[str] | None = None, *,
             threshold: float = 0.1, states: Sequence[str] | None = None, con=None,
             mirror: str | Path | None = None) -> dict:
    """"What if a leg moves": set legs in ``year``'s system graph and run the balance dynamic.

    The graph holds the focus actors, the actors of the set legs and the major powers of
    the year (or ``states`` when given), with their weighted closeness after the neutral band.
    """
    from amity.measures.scenario import parse_set, run_scenario
    from amity.measures.signed import check_threshold, system_graph

    t = check_threshold(threshold)
    y = _check_year(year)
    raw = parse_set(set_expr)
    set_ids = {}
    for (a, b), v in raw.items():
        ia, ib = resolve_actors([a, b], field="--set")
        set_ids[(ia, ib)] = v
    focus_ids = resolve_actors(focus, field="--focus") if focus else []
    pool = list(states) if states else []
    if not pool:
        try:
            from amity import actors

            pool = [x.id for x in actors.major_powers(y)]
        except Exception:
            pool = []
    names = list(dict.fromkeys(
        [*(resolve_actors(pool, field="--states") if pool else []), *focus_ids,
         *[i for k in set_ids for i in k]]))
    st = _states(names, y) if len(names) >= 3 else None
    if st is None:
        raise InputError("a scenario needs at least three actors (use --focus)", field="--focus")
    remap = dict(zip(names, st))
    labels, S, _ = system_graph(y, t, con=con, mirror=mirror, states=st)
    edges = {(remap.get(a, a), remap.get(b, b)): v for (a, b), v in set_ids.items()}
    res = run_scenario(S, labels, edges, focus=[remap.get(f, f) for f in focus_ids] or None)
    res.update({"year": y, "threshold": t, "actors": labels})
    return res


# --------------------------------------------------------------------------- ablation
def ablation(a: str, b: str, start: int | None = None, end: int | None = None, *, con=None,
             mirror: str | Path | None = None) -> list[dict[str, Any]]:
    """Phases of a pair with the full index, without the curated layer, and with each
    component left out in turn (the table in docs/MEASURES.md)."""
    ia, ib = resolve_actors([a, b])
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
        label = _phase_labeler(f)
        out.append({"run": name, "years": int(len(s)),
                    "phases": [f"{p.start}-{p.end} {label(p)} ({p.mean:+.2f})"
                               for p in det.segments_]})
    return out
