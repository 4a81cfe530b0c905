"""Dittmer's strategic triangle for three actors, per year and as runs of years.

Dittmer (1981) reads a triangle of powers by the signs of its three legs (each pair's
relation, here its closeness in [-1, 1]):

=================  =======  =====================================================
pattern            signs    roles
=================  =======  =====================================================
ménage à trois     + + +    all three "friend"
romantic triangle  + + -    "pivot" (the actor on both positive legs), two "wing"
stable marriage    + - -    two "partner" (the positive leg), one "outcast"
unit veto          - - -    all three "foe"
=================  =======  =====================================================

Neutral band: a leg with ``|x| < band`` is neutral (sign 0). Rule for triangles with a
neutral leg: the leg is read as *absent*, so the three-leg pattern is not defined; the
pattern is ``"incomplete"``, ``balanced`` is None (a triangle needs three ties to be
balanced or not), and each actor's role comes from its own non-neutral legs: "partner" if it
has a positive leg, "foe" if it has only negative ones, "detached" if both its legs are
neutral. A leg that is missing (None/NaN) gives the pattern ``"missing"``.

Role names follow Dittmer (1981) and the later literature (pivot/wing, partner/outcast;
"friend" and "foe" for the symmetric cases).

References
----------
Dittmer, L. (1981). The strategic triangle: an elementary game-theoretical analysis.
*World Politics* 33(4), 485-515.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Mapping, Sequence

from amity.errors import InputError
from amity.measures.balance import check_threshold

from pandas import NA as _NA  # pandas' missing value, read as a missing leg

__all__ = ["classify", "triangle_series", "TriangleState", "PATTERN_NAMES", "parse_legs"]

PATTERN_NAMES = {
    "+++": "menage_a_trois",
    "++-": "romantic_triangle",
    "+--": "stable_marriage",
    "---": "unit_veto",
}


@dataclass(frozen=True)
class TriangleState:
    """The reading of one triangle in one year."""

    pattern: str                  # menage_a_trois | romantic_triangle | stable_marriage |
                                  # unit_veto | incomplete | missing
    roles: dict[str, str]         # actor -> role
    balanced: bool | None         # Heider balance (None when a leg is neutral or missing)
    signs: dict[str, int]         # leg key -> -1 / 0 / +1
    legs: dict[str, float | None]  # leg key -> value
    pivot: str | None = None      # the pivot of a romantic triangle
    outcast: str | None = None    # the outcast of a stable marriage

    def to_dict(self) -> dict:
        return asdict(self)


def _key(a: str, b: str) -> str:
    return f"{a}-{b}"


def parse_legs(legs: Mapping[Any, Any], actors: Sequence[str] | None = None
               ) -> tuple[list[str], dict[tuple[str, str], float | None]]:
    """Read three legs keyed ``"A-B"`` strings or ``(A, B)`` tuples.

    Returns the three actors (in ``actors`` order, else first-seen order) and the legs by
    actor pair (both orders). With ``actors`` given, a hyphenated key is split at the hyphen
    that leaves two of the actors (ids such as ``CHN-QING`` contain hyphens).
    """
    if actors is not None:
        actors = [str(a) for a in actors]
        if len(actors) != 3 or len(set(actors)) != 3:
            raise InputError(f"a triangle needs three different actors, got {actors}",
                             field="actors")
    pairs: dict[tuple[str, str], Any] = {}
    seen: list[str] = []
    for k, v in legs.items():
        if isinstance(k, tuple) and len(k) == 2:
            a, b = str(k[0]), str(k[1])
        elif isinstance(k, str):
            cuts = [i for i, ch in enumerate(k) if ch == "-"]
            opts = [(k[:i], k[i + 1:]) for i in cuts]
            if actors is not None:
                opts = [o for o in opts if o[0] in actors and o[1] in actors]
            elif len(opts) > 1:
                raise InputError(f"leg key {k!r} is ambiguous; pass the actors", field="legs")
            if len(opts) != 1:
                raise InputError(f"leg key {k!r} is not of the form A-B", field="legs")
            a, b = opts[0]
        else:
            raise InputError(f"leg key {k!r} is not 'A-B' or (A, B)", field="legs")
        if a == b:
            raise InputError(f"leg {k!r} joins an actor to itself", field="legs")
        if (a, b) in pairs or (b, a) in pairs:
            raise InputError(f"leg {a}-{b} is given twice", field="legs")
        pairs[(a, b)] = v
        for x in (a, b):
            if x not in seen:
                seen.append(x)
    acts = actors if actors is not None else seen
    if len(seen) != 3 or set(seen) != set(acts) or len(pairs) != 3:
        raise InputError(f"expected the three legs of one triangle, got {list(legs)}",
                         field="legs")
    out: dict[tuple[str, str], float | None] = {}
    for (a, b), v in pairs.items():
        if v is None or v is _NA:
            val = None
        else:
            try:
                val = float(v)
            except (TypeError, ValueError):
                raise InputError(f"leg {a}-{b} is not a number: {v!r}", field="legs") from None
            if math.isnan(val):
                val = None
        out[(a, b)] = out[(b, a)] = val
    return list(acts), out


def classify(legs: Mapping[Any, Any], band: float = 0.1,
             actors: Sequence[str] | None = None) -> TriangleState:
    """Dittmer pattern, roles and Heider balance of one triangle.

    Parameters
    ----------
    legs : mapping
        Three legs, e.g. ``{"CHN-RUS": 0.6, "CHN-USA": -0.2, "RUS-USA": -0.5}``.
    band : float in [0, 1)
        Neutral band: ``|x| < band`` is neutral (see the module docstring for the rule).
    actors : sequence of 3 str, optional
        The actors' order in the output (default: order of first appearance in the keys).

    Returns
    -------
    TriangleState
    """
    band = check_threshold(band, "band")
    acts, lg = parse_legs(legs, actors)
    A, B, C = acts
    order = [(A, B), (A, C), (B, C)]
    keys = [_key(a, b) for a, b in order]
    vals = {k: lg[p] for k, p in zip(keys, order)}
    if any(v is None for v in vals.values()):
        return TriangleState("missing", {a: "unknown" for a in acts}, None,
                             {k: 0 for k in keys}, vals)
    sg = {p: (1 if lg[p] >= band and lg[p] > 0 else (-1 if lg[p] <= -band and lg[p] < 0
                                                     else 0)) for p in order}
    signs = {k: sg[p] for k, p in zip(keys, order)}
    s_of = lambda a, b: sg[(a, b)] if (a, b) in sg else sg[(b, a)]  # noqa: E731
    others = {a: [b for b in acts if b != a] for a in acts}
    if 0 in sg.values():
        roles = {}
        for a in acts:
            ss = [s_of(a, b) for b in others[a]]
            roles[a] = "partner" if 1 in ss else ("foe" if -1 in ss else "detached")
        return TriangleState("incomplete", roles, None, signs, vals)
    npos = sum(1 for v in sg.values() if v > 0)
    pat = {3: "+++", 2: "++-", 1: "+--", 0: "---"}[npos]
    name = PATTERN_NAMES[pat]
    pivot = outcast = None
    if pat == "+++":
        roles = {a: "friend" for a in acts}
    elif pat == "---":
        roles = {a: "foe" for a in acts}
    elif pat == "++-":
        pivot = next(a for a in acts if all(s_of(a, b) > 0 for b in others[a]))
        roles = {a: ("pivot" if a == pivot else "wing") for a in acts}
    else:
        outcast = next(a for a in acts if all(s_of(a, b) < 0 for b in others[a]))
        roles = {a: ("outcast" if a == outcast else "partner") for a in acts}
    return TriangleState(name, roles, npos in (3, 1), signs, vals, pivot, outcast)


def triangle_series(years: Sequence[int], legs_by_year: Any, band: float = 0.1,
                    actors: Sequence[str] | None = None) -> dict:
    """Classify a triangle year by year and group the years into periods.

    Parameters
    ----------
    years : sequence of int
    legs_by_year : sequence of leg mappings aligned with ``years``, or ``{year: legs}``
    band : float in [0, 1)
    actors : the three actors (order of the output)

    Returns
    -------
    dict
        ``{"actors": [...], "band": band, "years": [{"year", "legs", "pattern", "roles",
        "balanced", "signs", "pivot", "outcast"}], "periods": [{"start", "end", "years",
        "pattern", "roles"}]}``. A period is a maximal run of consecutive calendar years with
        the same pattern and the same roles; a gap in ``years`` ends a period.
    """
    band = check_threshold(band, "band")
    years = [int(y) for y in years]
    if len(set(years)) != len(years):
        raise InputError("repeated year(s) in the triangle series", field="years")
    if isinstance(legs_by_year, Mapping):
        try:
            seq = [legs_by_year[y] for y in years]
        except KeyError as e:
            raise InputError(f"no legs for year {e.args[0]}", field="legs_by_year") from None
    else:
        seq = list(legs_by_year)
        if len(seq) != len(years):
            raise InputError(f"{len(seq)} leg sets for {len(years)} years", field="legs_by_year")
    rows = []
    acts = list(actors) if actors is not None else None
    for y, legs in sorted(zip(years, seq), key=lambda t: t[0]):
        st = classify(legs, band, acts)
        if acts is None:
            acts = list(st.roles)
        d = st.to_dict()
        d = {"year": y, **d}
        rows.append(d)
    periods: list[dict] = []
    for r in rows:
        last = periods[-1] if periods else None
        if (last is not None and last["pattern"] == r["pattern"] and last["roles"] == r["roles"]
                and r["year"] == last["end"] + 1):
            last["end"] = r["year"]
            last["years"] += 1
        else:
            periods.append({"start": r["year"], "end": r["year"], "years": 1,
                            "pattern": r["pattern"], "roles": dict(r["roles"])})
    return {"actors": acts or [], "band": band, "years": rows, "periods": periods}
