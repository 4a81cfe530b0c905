"""Reports over pairs, triangles and the system: what ``amity dyad/compare/triangle/balance/
scenario`` print, as pure functions over frames.

The request checks (:func:`check_years`, :func:`check_year`, :func:`resolve_actors`,
:func:`parse_pair`, :func:`system_states`) and the reports (:func:`dyad_report`,
:func:`triangle_report`, :func:`smooth_periods`, :func:`interval_legs`). The use cases that read
the store or the mirror and call them are in :mod:`amity.app.reports`.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from amity import concepts
from amity.errors import InputError, UnknownActorError
from amity.measures import closeness as C
from amity.measures.phases import PhaseDetector, attach_facts

FIRST, LAST = concepts.FIRST_YEAR, concepts.LAST_YEAR
_ROUND = 4


def rounded(x) -> float | None:
    """``x`` as a float rounded to 4 places; None for None, NaN or a non-number."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else round(f, _ROUND)


def round_all(x):
    """:func:`rounded` over every float in nested dicts and lists."""
    if isinstance(x, float):
        return rounded(x)
    if isinstance(x, dict):
        return {k: round_all(v) for k, v in x.items()}
    if isinstance(x, list):
        return [round_all(v) for v in x]
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


# --------------------------------------------------------------------------- dyad
#: a year whose closeness rests on at most this many inputs is flagged ``thin``
THIN_INPUTS = 1


def series_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Per-year records: closeness and the components it used (penalties negative).

    ``thin`` is True for a year whose closeness rests on a single surviving input (USA–GBR
    in 2025: +1.00 from the alliance term alone, every other source ended): a value that
    says less than one of the same size resting on several."""
    out = []
    for r in frame.itertuples(index=False):
        comps: dict[str, float | None] = {}
        for name in r.components:
            if name in C.AFFINITY:
                comps[name] = rounded(getattr(r, "s_" + name))
            else:
                v = rounded(-getattr(r, "p_" + name))
                comps[name] = None if v is None else v + 0.0  # no -0.0
        close = rounded(r.closeness)
        rec = {"year": int(r.year), "closeness": close, "components": comps,
               "thin": close is not None and len(comps) <= THIN_INPUTS,
               "ids": [r.id_a, r.id_b]}
        if hasattr(r, "closeness_lo"):
            rec.update({"closeness_lo": rounded(r.closeness_lo), "closeness_hi": rounded(r.closeness_hi),
                        "peace": rounded(r.peace), "alignment": rounded(r.alignment),
                        "closeness_v2": rounded(r.closeness_v2),
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


def phase_labeler(frame: pd.DataFrame):
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
                d[k] = rounded(x.mean()) + 0.0
        means[(p.start, p.end)] = d
    out = []
    label = phase_labeler(frame)
    for p in ph:
        d = p.to_dict()
        d["components"] = means[(p.start, p.end)]
        d["label"] = label(p)
        out.append(d)
    return out, {"penalty": rounded(det.penalty_), "sigma": rounded(det.sigma_),
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
        "steadiness": round_all(st),
        "treaties": treaties or [],
        "weights": {k: w for k, (_, w) in C.AFFINITY.items()},
        "method": frame.attrs.get("method", "v2"),
        "model": _v3_version() if frame.attrs.get("method") == "v3" else "closeness-v2",
    }


def _v3_version() -> str:
    """The running closeness v3 model version (imported only for a v3 answer: the model
    module pulls in scipy.optimize, 0.3 s of a command's start)."""
    from amity.measures.closeness_model import MODEL_VERSION

    return MODEL_VERSION


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
        y["legs"] = {k: rounded(v) for k, v in y["legs"].items()}
    if facts is not None and len(facts):
        # the three columns as lists once, then the rows of each period by position (a
        # DataFrame.iterrows per period built a Series a row: 0.1-0.2 s of a triangle)
        ys = pd.to_numeric(facts["year_start"], errors="coerce").to_numpy(dtype=float)
        cols = [[None if isinstance(x, float) and x != x else x   # a missing value: None
                 for x in facts[c].astype(object).tolist()] for c in ("date", "kind", "name")]
        for p in res["periods"]:
            hit = np.flatnonzero((ys >= p["start"] - 1) & (ys <= p["start"] + 1))
            p["facts"] = [{"date": cols[0][i], "kind": cols[1][i], "name": cols[2][i]}
                          for i in hit]
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


# --------------------------------------------------------------------------- balance, scenario
def check_year(year: int) -> int:
    if year is None:
        raise InputError("give a year: --year Y", field="--year")
    y = int(year)
    if not FIRST <= y <= LAST:
        raise InputError(f"year {y} is outside every source's coverage ({FIRST}..{LAST})",
                         field="--year")
    return y


def system_states(states: Sequence[str] | None, year: int) -> list[str] | None:
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


