"""Closeness of a pair of actors, one number per dyad-year in [-1, 1], explained by its parts.

The index is built in two steps (see ``docs/MEASURES.md`` for the reasoning behind every
constant and for the revision of the first version; the constants are fixed module-level
values and are the same for every pair):

1. **Affinity**: the weighted mean of the *affinity components* that are observed that year,

   ============  ==========================================  ==========================  ======
   component     input column                                score in [-1, 1]            weight
   ============  ==========================================  ==========================  ======
   alliance      ``alliance_level`` 0..3 (ATOP + treaties)   level / 3, 0 when ruptured  1.0
   votes         ``votes_dev`` (kappa: rank minus own mean)  as given                    0.5
   ideal         ``ideal_dev`` (distance: rank minus mean)   as given                    0.5
   events        ``event_tone`` mean Goldstein per event     tone / 10                   1.0 × c
   curated       ``curated_score`` decayed fact balance      as given (already tanh'd)   1.5
   ============  ==========================================  ==========================  ======

   The two UN components are *relative*: a dyad's Cohen's kappa (``un_kappa``) and ideal-point
   distance (``ideal_distance``) are ranked among each side's values with every other state
   that year, ``r_ab = 1 - F_a(d_ab) - F_b(d_ab)`` (:func:`relative_scores`, shown as
   ``votes_rel``/``ideal_rel``), so that a state's median partner is neutral whatever the
   state's place on the UN scale and whatever the drift of UN voting over the decades; the
   score is then the dyad's deviation from its own mean over every UN year,
   ``r_ab(t) - mean_t r_ab`` (:func:`un_baseline`), because the level at which two states vote
   apart is structural (blocs, development, regime) and says little about their relation,
   while its movements do. They share one weight (0.5 + 0.5): both come from the same roll
   calls.

   The alliance score is 0 in a *ruptured* year (:func:`ruptured`): the allies are at war or
   in a MID at hostility 5, one sanctions the other, or a curated fact of material conflict
   (Goldstein ≤ −7: an expulsion, a withdrawal of advisers, a clash) reaches the year.

2. **Penalties** subtracted from the affinity: militarized conflict (``mid_hostlev`` 0..5 and
   ``war`` 0/1: the larger of the MID table value and the war value) and sanctions
   (``sanction_severity``: the sum over the distinct kinds of measure in force in either
   direction of their severity — trade 0.15, financial 0.15, arms 0.05, military 0.05, travel
   0.05, other 0.05 — or 0.1 per curated sanction fact in force when that is larger: the two
   sources describe the same measures; at most 0.4).

``closeness = clip(affinity - p_conflict - p_sanctions, -1, 1)``.

A component whose input is missing (NaN: outside the source's years, a state not in the UN, no
curated fact within the decay window...) is *left out* of the mean, never counted as 0; the
output lists which components were used. A year with no affinity component at all gets a NaN
closeness (penalties alone say how bad, not how close). The function is pure: frame in, frame out.

References: Leeds et al. (2002) ATOP; Häge (2011) chance-corrected agreement; Bailey,
Strezhnev & Voeten (2017) ideal points; Goldstein (1992) conflict-cooperation scale; Palmer et
al. (2022) MID 5 hostility levels; Felbermayr et al. (2020) GSDB.
"""
from __future__ import annotations

from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from amity import caches, concepts
from amity.sources.closeness_data import GSDB_KINDS as _GSDB_KINDS

#: affinity components: name -> (input column, weight)
AFFINITY: dict[str, tuple[str, float]] = {
    "alliance": ("alliance_level", 1.0),
    "votes": ("votes_dev", 0.5),
    "ideal": ("ideal_dev", 0.5),
    "events": ("event_tone", 1.0),
    "curated": ("curated_score", 1.5),
}
#: penalty components: name -> input column(s)
PENALTIES: dict[str, tuple[str, ...]] = {
    "conflict": ("mid_hostlev", "war"),
    "sanctions": ("sanction_severity",),
}
COMPONENTS: tuple[str, ...] = tuple(AFFINITY) + tuple(PENALTIES)

#: MID 5 highest hostility level -> penalty (1 no militarized action, 2 threat, 3 display,
#: 4 use of force, 5 war)
HOSTLEV_PENALTY = {0: 0.0, 1: 0.05, 2: 0.15, 3: 0.25, 4: 0.4, 5: 0.6}
WAR_PENALTY = 0.6
#: severity of each GSDB kind of measure (bit order of the GSDB mask: trade, arms, military,
#: financial, travel, other); economic measures cut the exchange a relation lives on, the
#: others are targeted
GSDB_KINDS = _GSDB_KINDS
SANCTION_SEVERITY = {"trade": 0.15, "arms": 0.05, "military": 0.05, "financial": 0.15,
                     "travel": 0.05, "other": 0.05}
CURATED_SANCTION_SEVERITY = 0.1  # a curated sanction fact (kind not coded)
SANCTION_MAX = 0.4
#: a curated fact at or below this Goldstein value / 10 marks a rupture (CAMEO 166 expel or
#: withdraw -7.0, 17x coerce, 18x assault, 19x/20x fight)
RUPTURE_VALUE = -0.7

#: ATOP obligation -> valued level: one definition, in amity.concepts
OBLIGATION_LEVEL = concepts.OBLIGATION_LEVEL

# curated facts: decay constant (years) and window after which a point fact no longer counts
CURATED_TAU = 3.0
CURATED_WINDOW = 8
CURATED_DEFAULT_MAGNITUDE = 5.0  # Goldstein-like magnitude for a signed fact without one


def sanction_severity(mask: int) -> float:
    """Severity of the kinds of measure in a GSDB bit mask (bit k = ``GSDB_KINDS[k]``).

    Example: arms + military (bits 1, 2) = 0.05 + 0.05 = 0.1; trade + financial = 0.3.
    """
    m = int(mask)
    return float(sum(SANCTION_SEVERITY[k] for b, k in enumerate(GSDB_KINDS) if m >> b & 1))


def relative_scores(values: np.ndarray, similarity: bool = False) -> np.ndarray:
    """Score every dyad of one year against each side's other dyads (pure).

    Parameters
    ----------
    values : ndarray (n, n)
        Symmetric matrix of a dyadic distance (or similarity) among the n states of one year;
        NaN where unobserved; the diagonal is ignored.
    similarity : bool
        True when larger values mean closer (kappa): the values are negated first.

    Returns
    -------
    ndarray (n, n)
        ``S_ij = 1 - F_i(d_ij) - F_j(d_ij)`` where ``F_i(x) = (#{k: d_ik < x} + ½ #{k: d_ik = x})
        / m_i`` is the mid-rank empirical CDF of state i's observed distances to the m_i other
        states (j included). ``S_ij`` is +1 when each is the other's closest partner, −1 when
        each is the other's farthest, 0 when j sits at i's median and i at j's. NaN where
        ``d_ij`` is NaN.

    Notes
    -----
    Ranks within a year remove the drift of UN voting over decades; ranks within each
    state's own partners remove a state's place on the scale (a state at one pole is far from
    most others in absolute terms). Example (ideal points 0, 1, 2, 4, 7 for A..E): d_AC = 2,
    A's distances (1, 2, 4, 7) give F_A = (1 + ½)/4 = 0.375, C's (2, 1, 2, 5) give
    F_C = (1 + ½·2)/4 = 0.5, so S_AC = 0.125.
    """
    d = np.array(values, dtype=float)
    if similarity:
        d = -d
    if d.size == 0:
        return d.copy()
    np.fill_diagonal(d, np.nan)
    # the mid-rank CDF of each row: (less + equal/2) / m over the m observed values. Average
    # ranks as scipy.stats.rankdata computes them (sort each row; a run of equal values gets
    # the mean of its positions), in whole-matrix array steps: its import costs a command
    # 0.5-1.5 s. less + equal/2 = (first + last + 1) / 2 for a run at positions first..last.
    n_rows, n_cols = d.shape
    order = np.argsort(d, axis=1, kind="mergesort")           # NaN sort last
    s = np.take_along_axis(d, order, axis=1)
    pos = np.broadcast_to(np.arange(n_cols), s.shape)
    start = np.ones(s.shape, dtype=bool)
    start[:, 1:] = s[:, 1:] != s[:, :-1]
    end = np.ones(s.shape, dtype=bool)
    end[:, :-1] = start[:, 1:]
    first = np.maximum.accumulate(np.where(start, pos, 0), axis=1)
    last = np.minimum.accumulate(np.where(end, pos, n_cols)[:, ::-1], axis=1)[:, ::-1]
    mid = np.empty(s.shape)
    np.put_along_axis(mid, order, (first + last + 1) / 2.0, axis=1)
    m = (~np.isnan(d)).sum(axis=1, keepdims=True).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        F = np.where(np.isnan(d), np.nan, mid / m)
    return 1.0 - F - F.T


def ruptured(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose alliance in force is a dead letter that year (pure).

    True when the pair is at war (``war`` > 0) or in a MID at hostility 5, when a sanction is
    in force between them (``sanction_severity`` > 0), or when a curated fact of material
    conflict reaches the year (``rupture`` > 0, see :func:`facts_to_components`).
    """
    n = len(frame)

    def col(name: str) -> np.ndarray:
        if name in frame.columns:
            return np.nan_to_num(pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float))
        return np.zeros(n)

    return (col("war") > 0) | (col("mid_hostlev") >= 5) | (col("sanction_severity") > 0) | (
        col("rupture") > 0)


def component_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """Map the raw input columns of a dyad-year frame to scores and penalties.

    Returns a frame (same index) with ``s_<affinity>`` in [-1, 1] and ``p_<penalty>`` ≥ 0;
    NaN where the input is missing or the column absent. ``votes_dev``/``ideal_dev`` are
    already scores: the loaders rank the dyad within the year (:func:`relative_scores`,
    ``votes_rel``/``ideal_rel``) and subtract the dyad's own mean over every UN year
    (:func:`un_baseline`); ``un_kappa``/``ideal_distance``/``*_rel`` are carried for display.
    """
    n = len(frame)

    def col(name: str) -> np.ndarray:
        if name in frame.columns:
            return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)
        return np.full(n, np.nan)

    out = pd.DataFrame(index=frame.index)
    al = np.clip(col("alliance_level") / 3.0, 0.0, 1.0)
    out["s_alliance"] = np.where(ruptured(frame) & ~np.isnan(al), 0.0, al)
    out["s_votes"] = np.clip(col("votes_dev"), -1.0, 1.0)
    out["s_ideal"] = np.clip(col("ideal_dev"), -1.0, 1.0)
    out["s_events"] = np.clip(col("event_tone") / 10.0, -1.0, 1.0)
    out["s_curated"] = np.clip(col("curated_score"), -1.0, 1.0)

    host = col("mid_hostlev")
    war = col("war")
    host_p = np.full(n, np.nan)
    ok = ~np.isnan(host)
    lv = np.clip(np.round(host[ok]), 0, 5).astype(int)
    host_p[ok] = np.array([HOSTLEV_PENALTY[v] for v in lv], dtype=float)
    war_p = np.where(np.isnan(war), np.nan, np.where(war > 0, WAR_PENALTY, 0.0))
    out["p_conflict"] = np.fmax(host_p, war_p)  # fmax: NaN only when both are NaN

    sv = col("sanction_severity")
    out["p_sanctions"] = np.where(np.isnan(sv), np.nan, np.clip(sv, 0.0, SANCTION_MAX))
    return out


def closeness(frame: pd.DataFrame, *, exclude: Iterable[str] = (),
              weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Closeness index for each row (dyad-year) of ``frame``.

    Parameters
    ----------
    frame : DataFrame
        One row per dyad-year with any of the input columns ``alliance_level``, ``votes_dev``,
        ``ideal_dev``, ``event_tone``, ``curated_score``, ``mid_hostlev``, ``war``,
        ``sanction_severity``, ``rupture`` (NaN = not observed). Other columns are carried
        through.
    exclude : iterable of str
        Component names (see :data:`COMPONENTS`) to leave out, for ablations.
    weights : mapping, optional
        Override of the affinity weights (for sensitivity analysis only; the published index
        uses :data:`AFFINITY`).

    Returns
    -------
    DataFrame
        ``frame`` plus ``s_*``/``p_*`` columns, ``affinity``, ``closeness`` and ``components``
        (tuple of the component names used in that row).

    Notes
    -----
    .. math::

        A = \\frac{\\sum_{k \\in O} w_k s_k}{\\sum_{k \\in O} w_k}, \\qquad
        C = \\operatorname{clip}(A - p_{conflict} - p_{sanctions}, -1, 1)

    with :math:`O` the observed affinity components. Example: alliance level 2 (s = 2/3, w 1),
    vote score 0.4 (``votes_dev``, w 0.5), no other affinity data, MID hostility 4 (p 0.4):
    A = (0.6667 + 0.5 · 0.4) / 1.5 = 0.5778, C = 0.1778.
    """
    bad = set(exclude) - set(COMPONENTS)
    if bad:
        from amity.errors import InputError

        raise InputError(f"unknown component(s) {sorted(bad)}; known: {', '.join(COMPONENTS)}",
                         field="exclude")
    sc = component_scores(frame)
    w = {k: v[1] for k, v in AFFINITY.items()}
    if weights:
        w.update(weights)
    # a partial year of events (the store holds part of it) weighs by its coverage c
    # (``event_weight``, 1 where unknown): two days of a sample are not a year of events
    ew = (np.clip(np.nan_to_num(pd.to_numeric(frame["event_weight"], errors="coerce")
                                .to_numpy(dtype=float), nan=1.0), 0.0, 1.0)
          if "event_weight" in frame.columns else None)
    num = np.zeros(len(frame))
    den = np.zeros(len(frame))
    used = np.zeros((len(frame), len(COMPONENTS)), dtype=bool)
    for j, name in enumerate(COMPONENTS):
        if name in exclude:
            sc[("s_" if name in AFFINITY else "p_") + name] = np.nan
            continue
        if name in AFFINITY:
            s = sc["s_" + name].to_numpy()
            ok = ~np.isnan(s)
            wk = w[name] if (name != "events" or ew is None) else w[name] * ew[ok]
            num[ok] += wk * s[ok]
            den[ok] += wk
        else:
            ok = ~np.isnan(sc["p_" + name].to_numpy())
        used[:, j] = ok
    with np.errstate(invalid="ignore", divide="ignore"):
        aff = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    pen = np.nan_to_num(sc["p_conflict"].to_numpy()) + np.nan_to_num(sc["p_sanctions"].to_numpy())
    clo = np.clip(aff - pen, -1.0, 1.0)
    out = frame.copy()
    for c in sc.columns:
        out[c] = sc[c].to_numpy()
    out["affinity"] = aff
    out["closeness"] = clo
    # one tuple per distinct set of components (a few dozen), shared by the rows that have it:
    # a tuple built per row cost the 1.1M-row table build 4 s
    codes = used.astype(np.int64) @ (np.int64(1) << np.arange(len(COMPONENTS), dtype=np.int64))
    uniq, inv = np.unique(codes, return_inverse=True)
    sets = np.empty(len(uniq), dtype=object)
    for i, code in enumerate(uniq):
        sets[i] = tuple(n for j, n in enumerate(COMPONENTS) if int(code) >> j & 1)
    out["components"] = sets[inv.reshape(-1)] if len(used) else []
    return out


# --------------------------------------------------------------------------- curated facts
def fact_value(kind: str | None, sign: float | None, goldstein: float | None) -> float:
    """Signed weight of one curated fact on the Goldstein scale divided by 10 (in [-1, 1]).

    The Goldstein value is used when present (its sign taken from ``sign`` when the two
    disagree in sign, the curator's sign being authoritative); otherwise the sign times a
    default magnitude of 5 (halfway up the scale).
    """
    g = None if goldstein is None or (isinstance(goldstein, float) and np.isnan(goldstein)) else float(goldstein)
    s = None if sign is None or (isinstance(sign, float) and np.isnan(sign)) else float(sign)
    if g is None:
        if not s:
            return 0.0
        return float(np.sign(s)) * CURATED_DEFAULT_MAGNITUDE / 10.0
    if s and np.sign(s) != np.sign(g) and g != 0:
        g = -g
    return max(-10.0, min(10.0, g)) / 10.0


def curated_scores(facts: pd.DataFrame, years: Iterable[int]) -> pd.Series:
    """Decayed balance of the curated facts of one pair, per year.

    Parameters
    ----------
    facts : DataFrame
        Columns ``year_start``, ``year_end`` (may be NaN: a point fact), ``value`` (signed
        weight in [-1, 1], see :func:`fact_value`).
    years : iterable of int

    Returns
    -------
    Series indexed by year: ``tanh(sum_f value_f * k_f(t))`` where the kernel
    ``k_f(t) = 1`` while a lasting fact is in force (``year_start <= t <= year_end``) and
    ``exp(-(t - e_f) / tau)`` for ``0 < t - e_f <= W`` after its last year ``e_f`` (a point
    fact's last year is its year), with tau = 3 and W = 8 years; NaN for a year no fact reaches
    (missing, not 0).
    """
    years = np.asarray(list(years), dtype=int)
    out = np.full(len(years), np.nan)
    if facts is None or len(facts) == 0 or len(years) == 0:
        return pd.Series(out, index=years, dtype=float)
    ys = pd.to_numeric(facts["year_start"], errors="coerce").to_numpy(dtype=float)
    ye = pd.to_numeric(facts.get("year_end", pd.Series(np.nan, index=facts.index)),
                       errors="coerce").to_numpy(dtype=float)
    ye = np.where(np.isnan(ye), ys, np.maximum(ye, ys))
    val = pd.to_numeric(facts["value"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    keep = ~np.isnan(ys)
    ys, ye, val = ys[keep], ye[keep], val[keep]
    t = years[:, None].astype(float)
    active = (t >= ys[None, :]) & (t <= ye[None, :])
    after = t - ye[None, :]
    decay = np.where((after > 0) & (after <= CURATED_WINDOW), np.exp(-after / CURATED_TAU), 0.0)
    k = np.where(active, 1.0, decay)
    reached = (active | ((after > 0) & (after <= CURATED_WINDOW))).any(axis=1)
    total = (k * val[None, :]).sum(axis=1)
    out = np.where(reached, np.tanh(total), np.nan)
    return pd.Series(out, index=years, dtype=float)


# --------------------------------------------------------------------------- UN votes
def vote_kappa_matrix(votes: np.ndarray) -> np.ndarray:
    """Cohen's kappa (nominal) between every pair of rows of a vote matrix.

    Parameters
    ----------
    votes : ndarray, shape (n_states, n_items)
        Codes 1 yes / 2 abstain / 3 no; anything else (0, NaN, 8 absent, 9 non-member) is
        missing. Each pair is compared on the items both voted on.

    Returns
    -------
    ndarray (n, n)
        ``kappa_ij = (P_o - P_e) / (1 - P_e)`` with ``P_o`` the share of common items with the
        same vote and ``P_e = sum_c p_i(c) p_j(c)`` from each state's own distribution over the
        common items (Cohen 1960; Häge 2011). NaN when there is no common item or P_e = 1.
        Computed by :func:`amity.measures.votes.vote_agreement` (the panel verb's) (one
        implementation of the UN kappa in the package).
    """
    from amity.measures.votes import vote_agreement

    v = np.asarray(votes, dtype=float)
    return vote_agreement(np.where(np.isin(v, (1.0, 2.0, 3.0)), v, np.nan))["kappa"]


# =========================================================================== frames
# Below: the dyad-year component frames that :func:`closeness` consumes, for one pair of actor
# lines (pair_frame) or for every pair of system members in one year (year_frame). They are
# computed over the frames of :class:`amity.sources.closeness_data.ClosenessData`, the one
# place closeness v2 reads a store, a file or the event layer: this module does no I/O itself.
import datetime as _dt  # noqa: E402
import functools  # noqa: E402
import re  # noqa: E402
from dataclasses import dataclass  # noqa: E402

from amity import actors  # noqa: E402
from amity.errors import AmityError  # noqa: E402
from amity.sources.closeness_data import (  # noqa: E402, F401 (CLOSENESS_TABLE: its readers)
    CLOSENESS_TABLE,
    FACT_COLS as _FACT_COLS,
    INPUTS as _INPUTS,
    ClosenessData,
    coverage as _coverage,
    event_table,
    has_closeness_table,
    union as _union,
)

FIRST_YEAR, LAST_YEAR = concepts.FIRST_YEAR, concepts.LAST_YEAR

#: the datasets whose years bound a component (outside: missing, never 0); each one's first
#: and last year come from its source's record (:func:`amity.sources.closeness_data.coverage`)
COVERED = ("atop", "mids", "wars", "ideal", "votes", "gsdb")


def _cov(key: str) -> tuple[int, int]:
    return _coverage(key)
#: PRC votes in Voeten's file before this date fall between the seat change (25 Oct 1971)
#: and the PRC delegation's first votes; they are dropped.
PRC_FIRST_VOTE = _dt.date(1971, 11, 15)


def _data(da: ClosenessData | None, con=None, mirror=None) -> ClosenessData:
    return da if da is not None else ClosenessData(con, mirror)


# --------------------------------------------------------------------------- actor lines
@dataclass(frozen=True)
class LineMember:
    id: str
    cow: int | None
    start: int   # first year (inclusive)
    end: int     # last year (inclusive)


def _year_of(x) -> int | None:
    if x is None:
        return None
    if isinstance(x, (_dt.date, _dt.datetime)):
        return x.year
    m = re.match(r"^-?(\d{1,4})", str(x))
    return int(m.group(1)) if m else None


def resolve_actor(name: str) -> str:
    """A user-typed actor name/code -> canonical id (UnknownActorError with suggestions)."""
    return actors.resolve(name).id


def _code_spells(actor_id: str, cow, start: int, end: int) -> list[LineMember]:
    """One line member split at each change of its COW code (DEU: 260 to 1989, 255 from 1990).

    A year belongs to the code held on its last day, the same year-end rule as the members;
    years without a code keep the member's latest code, as before.
    """
    base = int(cow) if cow is not None else None
    lo, hi = max(start, FIRST_YEAR), min(end, LAST_YEAR)
    runs: list[list] = []
    for y in range(lo, hi + 1):
        try:
            c = actors.cow_code(actor_id, f"{y}-12-31")
        except AmityError:  # no code spells for this actor: one code for the member
            return [LineMember(actor_id, base, start, end)]
        c = base if c is None else int(c)
        if runs and runs[-1][0] == c:
            runs[-1][2] = y
        else:
            runs.append([c, y, y])
    if len({r[0] for r in runs}) < 2:
        return [LineMember(actor_id, base, start, end)]
    runs[0][1], runs[-1][2] = start, end
    return [LineMember(actor_id, c, s, e) for c, s, e in runs]


def actor_line(actor_id: str) -> list[LineMember]:
    """The members of an actor's line with their COW code and years, in time order (from
    the actor registry, :func:`amity.actors.lineage`)."""
    out = []
    for m in actors.lineage(actor_id):
        try:
            cow = actors.cow_code(m.id)
        except AmityError:
            cow = getattr(m, "cow", None)
        s = _year_of(getattr(m, "start", None)) or -9999
        e = getattr(m, "end", None)
        ey = 9999 if e is None else _year_of(e)
        if isinstance(e, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", e):
            e = _dt.date.fromisoformat(e)
        # the member in place at the end of a year owns that year (SUN ends 1991-12-25)
        if isinstance(e, (_dt.date, _dt.datetime)) and (e.month, e.day) != (12, 31):
            ey -= 1
        out.extend(_code_spells(m.id, cow, s, ey))
    return out or [LineMember(actor_id, None, -9999, 9999)]


def member_years(cow: int | None, da: ClosenessData | None = None) -> set[int] | None:
    """Years ``cow`` is a COW system member (states alive at the file's end extend to today);
    None when the membership table is not available."""
    spans = _data(da).membership()
    if not spans:
        return None
    out: set[int] = set()
    for s, e in spans.get(int(cow), []) if cow is not None else []:
        out.update(range(s, min(e, LAST_YEAR) + 1))
    return out


def pair_years(a: str, b: str, start: int | None = None, end: int | None = None,
               da: ClosenessData | None = None) -> pd.DataFrame:
    """Years the two actor lines coexist, with the line member and COW code of each side.

    Columns ``year, id_a, id_b, ccode_a, ccode_b, system`` (``system`` True when both are
    COW system members that year). The lines honour lineage: CHN-RUS covers the Qing Empire,
    the Republic of China and the PRC against the Russian Empire, Soviet Russia, the USSR and
    the Russian Federation, each year with the member in place at the year's end.
    """
    da = _data(da)
    la, lb = actor_line(a), actor_line(b)
    lo = FIRST_YEAR if start is None else max(start, -9999)
    hi = LAST_YEAR if end is None else end
    ma = {m.cow: member_years(m.cow, da) for m in la}
    mb = {m.cow: member_years(m.cow, da) for m in lb}
    rows = []
    for y in range(lo, hi + 1):
        xa = next((m for m in la if m.start <= y <= m.end), None)
        xb = next((m for m in lb if m.start <= y <= m.end), None)
        if xa is None or xb is None or xa.id == xb.id:
            continue
        sa, sb = ma.get(xa.cow), mb.get(xb.cow)
        system = bool(sa is not None and sb is not None and y in sa and y in sb)
        rows.append((y, xa.id, xb.id, xa.cow, xb.cow, system))
    return pd.DataFrame(rows, columns=["year", "id_a", "id_b", "ccode_a", "ccode_b", "system"])


# --------------------------------------------------------------------------- curated facts
TREATY_KINDS = {"treaty", "alliance", "agreement"}
WAR_KINDS = {"war"}
SANCTION_KINDS = {"sanction", "sanctions"}
def is_verbal(code) -> bool:
    """True for a CAMEO code of verbal interaction: quad class 1 or 3 (roots 01-05 and 09-13,
    :func:`amity.cameo.quad_of`). Such a fact is an event, dated by its first day, whatever
    span its row gives.

    Example: ``046`` (engage in negotiation) and ``111`` (criticize) are verbal; ``072``
    (military aid) and ``190`` (use conventional force) are material.
    """
    from amity.cameo import quad_of
    from amity.errors import InputError

    if code is None or (isinstance(code, float) and np.isnan(code)):
        return False
    try:
        return quad_of(str(code).strip()) in (1, 3)
    except InputError:
        return False


def load_facts(da: ClosenessData, ids_a: Iterable[str], ids_b: Iterable[str],
               prov_kinds: tuple[str, ...] = ("curated",)) -> pd.DataFrame:
    """Facts of the store's ``relations`` table that involve one id of each side
    (:meth:`ClosenessData.facts`: as source, target or party; not negated)."""
    return da.facts(ids_a, ids_b, prov_kinds)


def _treaty_level(obligations) -> int:
    if obligations is None:
        return 0
    try:
        obs = list(obligations)
    except TypeError:
        return 0
    return max([OBLIGATION_LEVEL.get(str(o).strip().lower(), 0) for o in obs] or [0])


def fact_arrays(facts: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per-fact arrays used by the curated components (pure).

    ``cls``: 1 treaty with an obligation level, 2 war, 3 sanction, 0 any other fact;
    ``ys``/``ye``: first and last year in force (an open-ended treaty or sanction: 9999; a
    point fact: its year); ``level`` (treaties); ``value`` (other facts, :func:`fact_value`);
    ``rupture``: a non-treaty fact of material conflict (value ≤ ``RUPTURE_VALUE``).

    A fact of verbal interaction (:func:`is_verbal`: talks, statements, visits, protests) is
    an event: it counts from its first year and decays from there, even when its row gives a
    span (talks that "ran 1969-1978" are the opening of talks, not nine years of cooperation at
    the negotiation's Goldstein value). Material facts (aid, arms, troops, fighting) are
    states of affairs and count while in force.
    """
    kind = facts["kind"].astype(str).str.lower().to_numpy()
    ys = pd.to_numeric(facts["year_start"], errors="coerce").to_numpy(dtype=float)
    ye = pd.to_numeric(facts["year_end"], errors="coerce").to_numpy(dtype=float)
    if "date_end" in facts:
        open_end = facts["date_end"].isna().to_numpy() | facts["date_end"].astype(str).isin(
            ["", "..", "None", "nan"]).to_numpy()
    else:
        open_end = np.ones(len(facts), bool)
    obligations = facts["obligations"] if "obligations" in facts else pd.Series([None] * len(facts))
    level = np.array([_treaty_level(o) for o in obligations], dtype=float)
    is_treaty = np.isin(kind, list(TREATY_KINDS)) & (level > 0)
    cls = np.where(is_treaty, 1, np.where(np.isin(kind, list(WAR_KINDS)), 2,
                                          np.where(np.isin(kind, list(SANCTION_KINDS)), 3, 0)))
    # a treaty or a sanction without an end date stays in force (until lifted or lapsed)
    lasting = (is_treaty | (cls == 3)) & (np.isnan(ye) | (open_end & (ye == ys)))
    ye = np.where(lasting, 9999.0, np.where(np.isnan(ye), ys, np.maximum(ye, ys)))
    cameo = facts["cameo"] if "cameo" in facts else pd.Series([None] * len(facts))
    verbal = (cls == 0) & np.array([is_verbal(c) for c in cameo], dtype=bool)
    ye = np.where(verbal, ys, ye)
    sign = facts["sign"] if "sign" in facts else pd.Series([None] * len(facts))
    gold = facts["goldstein"] if "goldstein" in facts else pd.Series([None] * len(facts))
    value = np.array([fact_value(k, sg, g) for k, sg, g in zip(kind, sign, gold)], dtype=float)
    rupture = (cls == 0) & (value <= RUPTURE_VALUE + 1e-9)
    return {"cls": cls, "ys": ys, "ye": ye, "level": level, "value": value, "rupture": rupture}


def facts_to_components(facts: pd.DataFrame, years: Iterable[int]) -> pd.DataFrame:
    """Per-year inputs taken from curated facts (pure).

    Treaties with an obligation give ``cur_alliance_level`` (the highest obligation in
    force; a treaty without an end date stays in force), wars ``cur_war``, sanctions
    ``cur_sanction_types`` (number in force) and ``cur_sanction_severity`` (0.1 each), every
    other fact the ``curated_score`` (see :func:`curated_scores`); ``cur_rupture`` is 1 in the
    years a fact of material conflict reaches (its own years and the 8-year window after).
    NaN where no fact of the kind reaches the year.
    """
    years = list(years)
    out = pd.DataFrame({"year": years})
    for c in ("cur_alliance_level", "cur_war", "cur_sanction_types", "cur_sanction_severity",
              "cur_rupture", "curated_score"):
        out[c] = np.nan
    if facts is None or facts.empty or not years:
        return out
    fa = fact_arrays(facts)
    ok = ~np.isnan(fa["ys"])
    t = np.asarray(years, dtype=float)[:, None]
    inforce = (t >= fa["ys"][None, :]) & (t <= fa["ye"][None, :]) & ok[None, :]
    cls = fa["cls"][None, :]
    tre = inforce & (cls == 1)
    lvl = np.where(tre, fa["level"][None, :], -np.inf).max(axis=1)
    out["cur_alliance_level"] = np.where(tre.any(axis=1), lvl, np.nan)
    out["cur_war"] = np.where((inforce & (cls == 2)).any(axis=1), 1.0, np.nan)
    sc = (inforce & (cls == 3)).sum(axis=1)
    out["cur_sanction_types"] = np.where(sc > 0, sc.astype(float), np.nan)
    out["cur_sanction_severity"] = np.where(sc > 0, CURATED_SANCTION_SEVERITY * sc, np.nan)
    reach = ((t >= fa["ys"][None, :]) & (t <= fa["ye"][None, :] + CURATED_WINDOW)
             & ok[None, :] & fa["rupture"][None, :])
    out["cur_rupture"] = np.where(reach.any(axis=1), 1.0, np.nan)
    other = (fa["cls"] == 0) & ok
    if other.any():
        o = pd.DataFrame({"year_start": fa["ys"][other], "year_end": fa["ye"][other],
                          "value": fa["value"][other]})
        out["curated_score"] = curated_scores(o, years).to_numpy()
    return out


def _year_curated(facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """Curated inputs of one year for every COW pair ``(c1, c2)`` the facts concern
    (vectorized version of :func:`facts_to_components` for a single year)."""
    fa = fact_arrays(facts)
    ok = ~np.isnan(fa["ys"])
    inforce = ok & (year >= fa["ys"]) & (year <= fa["ye"])
    after = year - fa["ye"]
    reach = ok & (fa["cls"] == 0) & (inforce | ((after > 0) & (after <= CURATED_WINDOW)))
    kern = np.where(inforce, 1.0, np.exp(-np.clip(after, 0, None) / CURATED_TAU))
    d = pd.DataFrame({
        "c1": facts["c1"].to_numpy(), "c2": facts["c2"].to_numpy(),
        "lvl": np.where(inforce & (fa["cls"] == 1), fa["level"], np.nan),
        "war": np.where(inforce & (fa["cls"] == 2), 1.0, np.nan),
        "san": np.where(inforce & (fa["cls"] == 3), 1.0, 0.0),
        "val": np.where(reach, kern * fa["value"], 0.0),
        "reach": reach,
        "rup": np.where(ok & fa["rupture"] & (year >= fa["ys"])
                        & (year <= fa["ye"] + CURATED_WINDOW), 1.0, np.nan),
    })
    g = d.groupby(["c1", "c2"]).agg(lvl=("lvl", "max"), war=("war", "max"), san=("san", "sum"),
                                    val=("val", "sum"), reach=("reach", "any"),
                                    rup=("rup", "max")).reset_index()
    g["san"] = g["san"].where(g["san"] > 0)
    g["cur"] = np.where(g["reach"], np.tanh(g["val"]), np.nan)
    return g


# --------------------------------------------------------------------------- datasets
def _in_cov(key: str, years: np.ndarray) -> np.ndarray:
    lo, hi = _cov(key)
    return (years >= lo) & (years <= hi)


def _gsdb_dyad_years(da: ClosenessData) -> pd.DataFrame:
    """GSDB sanctions by directed COW dyad-year: ``s, t, year, mask``
    (:meth:`ClosenessData.gsdb`)."""
    return da.gsdb()


_UN_CACHE = caches.BoundedCache("measures.closeness.un", maxsize=64)


def _votes_by_year(da: ClosenessData) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Every year's roll-call matrix ``(ccodes, votes)`` (cached per data source)."""
    key = ("votes_by_year", da.key("votes"))
    if key in _UN_CACHE:
        return _UN_CACHE[key]  # type: ignore[return-value]
    out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    d = da.votes()
    if d is not None:
        d = d[~((d["ccode"] == 710) & (d["d"] < pd.Timestamp(PRC_FIRST_VOTE)))]
        d = d.assign(year=pd.to_datetime(d["d"]).dt.year)
        for y, g in d.groupby("year"):
            ci, cc = pd.factorize(g["ccode"].to_numpy(dtype=int), sort=True)
            ri, _ = pd.factorize(g["rcid"].to_numpy())
            V = np.full((len(cc), int(ri.max()) + 1), np.nan)
            V[ci[::-1], ri[::-1]] = g["vote"].to_numpy(dtype=float)[::-1]  # first vote wins
            out[int(y)] = (np.asarray(cc, dtype=int), V)
    _UN_CACHE[key] = out
    return out


def un_year(da: ClosenessData, year: int) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The UN reference of one year: ``{"votes": (ccodes, kappa, votes_rel), "ideal": (ccodes,
    distance, ideal_rel)}`` over every state with votes / an ideal point that year (cached).
    A source outside its years gives empty arrays."""
    key = ("year", da.key("votes"), da.key("ideal"), int(year))
    if key in _UN_CACHE:
        return _UN_CACHE[key]  # type: ignore[return-value]
    empty = (np.array([], dtype=int), np.zeros((0, 0)), np.zeros((0, 0)))
    out = {"votes": empty, "ideal": empty}
    vy = _votes_by_year(da).get(int(year)) if _cov("votes")[0] <= year <= _cov("votes")[1] else None
    if vy is not None:
        K = vote_kappa_matrix(vy[1])
        out["votes"] = (vy[0], K, relative_scores(K, similarity=True))
    ia = da.ideal()
    t = ia[ia["year"] == int(year)].drop_duplicates("ccode")
    if len(t) >= 2:
        th = t["theta"].to_numpy(dtype=float)
        D = np.abs(th[:, None] - th[None, :])
        out["ideal"] = (t["ccode"].to_numpy(dtype=int), D, relative_scores(D))
    _UN_CACHE[key] = out
    return out


def un_baseline(da: ClosenessData) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Every dyad's mean relative UN scores over all the years of the sources (cached).

    Returns ``{"votes": (S, N), "ideal": (S, N)}``: ``S[a, b]`` the mean of ``votes_rel`` (or
    ``ideal_rel``) of COW states a and b over every year both are in the source, ``N[a, b]``
    the number of those years; arrays indexed by COW code (0..999), NaN where never observed.
    """
    key = ("baseline", da.key("votes"), da.key("ideal"))
    if key in _UN_CACHE:
        return _UN_CACHE[key]  # type: ignore[return-value]
    size = 1000
    acc = {k: (np.zeros((size, size)), np.zeros((size, size))) for k in ("votes", "ideal")}
    lo = min(_cov("votes")[0], _cov("ideal")[0])
    hi = max(_cov("votes")[1], _cov("ideal")[1])
    for y in range(lo, hi + 1):
        u = un_year(da, y)
        for k in ("votes", "ideal"):
            cc, _, R = u[k]
            if len(cc) == 0:
                continue
            ok = (cc >= 0) & (cc < size)
            cc, R = cc[ok], R[np.ix_(ok, ok)]
            S, N = acc[k]
            ix = np.ix_(cc, cc)
            S[ix] += np.nan_to_num(R)
            N[ix] += ~np.isnan(R)
    out = {}
    for k, (S, N) in acc.items():
        with np.errstate(invalid="ignore", divide="ignore"):
            out[k] = (np.where(N > 0, S / np.where(N > 0, N, 1), np.nan), N)
    _UN_CACHE[key] = out
    return out


def _un_pair(da: ClosenessData, year: int, ca: int, cb: int) -> tuple[float, float, float, float]:
    """``(un_kappa, votes_rel, ideal_distance, ideal_rel)`` of one dyad-year."""
    u = un_year(da, year)
    res = []
    for k in ("votes", "ideal"):
        cc, M, R = u[k]
        pos = {int(c): i for i, c in enumerate(cc)}
        i, j = pos.get(int(ca)), pos.get(int(cb))
        res += [np.nan, np.nan] if i is None or j is None else [float(M[i, j]), float(R[i, j])]
    return tuple(res)  # type: ignore[return-value]


def _pair_values(t: pd.DataFrame | None, ca: int, cb: int) -> dict[int, float] | None:
    """``year -> v`` of one non-directed dyad in an ``a < b, year, v`` frame (None: no data)."""
    if t is None:
        return None
    lo, hi = min(ca, cb), max(ca, cb)
    s = t[(t["a"].to_numpy() == lo) & (t["b"].to_numpy() == hi)]
    return dict(zip(s["year"].astype(int), s["v"].astype(float)))


def _dataset_components(da: ClosenessData, yrs: pd.DataFrame) -> pd.DataFrame:
    """Dataset inputs for the rows of ``pair_years`` (one pair of lines)."""
    out = yrs[["year"]].copy()
    years = yrs["year"].to_numpy()
    system = yrs["system"].to_numpy(bool)
    for c in _INPUTS:
        out[c] = np.nan
    for (ca, cb), grp in yrs.groupby(["ccode_a", "ccode_b"]):
        if pd.isna(ca) or pd.isna(cb):
            continue
        ca, cb = int(ca), int(cb)
        pos = yrs.index.get_indexer(grp.index)
        gy = years[pos]
        sys_ = system[pos]
        for key, col in (("atop", "alliance_level"), ("mids", "mid_hostlev"), ("wars", "war")):
            m = _pair_values(getattr(da, key)(), ca, cb)
            if m is not None:
                v = np.array([m.get(int(y), 0.0) for y in gy])
                out.loc[grp.index, col] = np.where(_in_cov(key, gy) & sys_, v, np.nan)
        un = np.array([_un_pair(da, int(y), ca, cb) for y in gy], dtype=float).reshape(-1, 4)
        for j, c in enumerate(("un_kappa", "votes_rel", "ideal_distance", "ideal_rel")):
            out.loc[grp.index, c] = un[:, j]
        if np.isfinite(un[:, [1, 3]]).any():
            base = un_baseline(da)
            for k, j in (("votes", 1), ("ideal", 3)):
                b = base[k][0][ca, cb] if 0 <= ca < 1000 and 0 <= cb < 1000 else np.nan
                out.loc[grp.index, k + "_dev"] = un[:, j] - b
        cases = _gsdb_dyad_years(da)
        if len(cases):
            c = cases[((cases["s"] == ca) & (cases["t"] == cb)) | ((cases["s"] == cb) & (cases["t"] == ca))]
            masks = [_union(c.loc[c["year"] == y, "mask"]) for y in gy]
            cov = _in_cov("gsdb", gy)
            out.loc[grp.index, "sanction_types"] = np.where(
                cov, [float(bin(m).count("1")) for m in masks], np.nan)
            out.loc[grp.index, "sanction_severity"] = np.where(
                cov, [sanction_severity(m) for m in masks], np.nan)
    return out


def event_weight(table: pd.DataFrame | None, ccode_a, ccode_b, years) -> np.ndarray:
    """The share of each dyad-year that the event store covers (``events_coverage`` of
    :func:`amity.events.dyads.events_cow_dyad_years`), the weight of its event tone: 1 where
    the coverage is unknown or the year has no events (pure)."""
    years = np.asarray(years, dtype=float)
    out = np.ones(len(years))
    if table is None or len(table) == 0 or "events_coverage" not in table.columns:
        return out
    a = np.asarray(ccode_a, dtype=float)
    b = np.asarray(ccode_b, dtype=float)
    key = pd.DataFrame({"ccode1": np.fmin(a, b), "ccode2": np.fmax(a, b), "year": years})
    t = table[["ccode1", "ccode2", "year", "events_coverage"]].astype(float)
    c = key.merge(t, on=["ccode1", "ccode2", "year"], how="left")["events_coverage"]
    return np.clip(np.nan_to_num(c.to_numpy(dtype=float), nan=1.0), 0.0, 1.0)


def event_tone(table: pd.DataFrame | None, ccode_a, ccode_b, years) -> np.ndarray:
    """Mean Goldstein score per event (net Goldstein / number of events) of each dyad-year
    (pure). NaN where the pair had no event that year or the year is outside the event data
    (a tone needs events: no events is no evidence, not a neutral tone)."""
    years = np.asarray(years, dtype=float)
    out = np.full(len(years), np.nan)
    if table is None or len(table) == 0:
        return out
    a = np.asarray(ccode_a, dtype=float)
    b = np.asarray(ccode_b, dtype=float)
    key = pd.DataFrame({"ccode1": np.fmin(a, b), "ccode2": np.fmax(a, b), "year": years})
    t = table[["ccode1", "ccode2", "year", "events_n", "events_goldstein_sum"]].astype(float)
    m = key.merge(t, on=["ccode1", "ccode2", "year"], how="left")
    n = m["events_n"].to_numpy(dtype=float)
    g = m["events_goldstein_sum"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(n > 0, g / n, np.nan)
    return out


def merge_curated(frame: pd.DataFrame, cur: pd.DataFrame) -> None:
    """Add the curated treaties, wars, sanctions and ruptures (``facts_to_components``
    columns, aligned by row) to a frame of dataset inputs, in place."""
    frame["alliance_level"] = np.fmax(frame["alliance_level"].to_numpy(dtype=float),
                                      cur["cur_alliance_level"].to_numpy(dtype=float))
    frame["war"] = np.fmax(frame["war"].to_numpy(dtype=float), cur["cur_war"].to_numpy(dtype=float))
    # GSDB and the curated sanction facts describe the same measures: the larger counts
    for col, cc in (("sanction_types", "cur_sanction_types"),
                    ("sanction_severity", "cur_sanction_severity")):
        frame[col] = np.fmax(frame[col].to_numpy(dtype=float), cur[cc].to_numpy(dtype=float))
    frame["rupture"] = np.fmax(frame["rupture"].to_numpy(dtype=float),
                               cur["cur_rupture"].to_numpy(dtype=float))


def pair_frame(a: str, b: str, start: int | None = None, end: int | None = None, *,
               con=None, mirror=None,
               da: ClosenessData | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Component frame of one pair of actor lines, and the pair's curated facts.

    Returns ``(frame, facts)``: ``frame`` has one row per year both lines exist in
    ``[start, end]`` with ``year, id_a, id_b, ccode_a, ccode_b`` and the input columns of
    :func:`closeness`; ``facts`` lists the curated facts of the pair (all years). The inputs
    come from ``da`` (default: a :class:`ClosenessData` over ``con`` and ``mirror``).
    """
    da = _data(da, con, mirror)
    yrs = pair_years(a, b, start, end, da)
    ids_a = [m.id for m in actor_line(a)]
    ids_b = [m.id for m in actor_line(b)]
    facts = load_facts(da, ids_a, ids_b)
    if yrs.empty:
        return yrs.assign(**{c: [] for c in ("alliance_level",)}), facts
    comp = da.closeness_rows(yrs)
    cached = comp is not None
    if comp is None:
        comp = _dataset_components(da, yrs)
    cur = facts_to_components(facts, yrs["year"].tolist())
    frame = yrs.copy()
    for c in comp.columns:
        if c != "year":
            frame[c] = comp[c].to_numpy()
    if not cached:  # the table's inputs already hold the curated treaties, wars, sanctions
        merge_curated(frame, cur)
    frame["curated_score"] = cur["curated_score"].to_numpy()
    ev = da.events()
    frame["event_tone"] = event_tone(ev, yrs["ccode_a"], yrs["ccode_b"], yrs["year"])
    frame["event_weight"] = event_weight(ev, yrs["ccode_a"], yrs["ccode_b"], yrs["year"])
    return frame.reset_index(drop=True), facts


# --------------------------------------------------------------------------- all pairs of a year
def system_members(year: int, da: ClosenessData | None = None) -> list[int]:
    """COW codes of the system members in ``year`` (states alive at the file's end continue)."""
    spans = _data(da).membership()
    return sorted(c for c, ss in spans.items() if any(s <= year <= e for s, e in ss))


@functools.lru_cache(maxsize=8192)
def _id_of(ccode: int, year: int) -> str:
    """The registry's member holding COW code ``ccode`` in ``year`` (``COW<code>`` if none)."""
    a = actors.from_cow(int(ccode), int(year))
    return a.id if a is not None else f"COW{int(ccode)}"


@functools.lru_cache(maxsize=8192)
def _cow_of(actor_id: str, year: int | None = None) -> int | None:
    """The COW code of an actor at the end of ``year`` (None: its code today): Germany is
    260 (the Federal Republic) before 1990 and 255 after."""
    try:
        c = actors.cow_code(actor_id, None if year is None else f"{int(year)}-12-31")
    except AmityError:
        return None
    return None if c is None else int(c)


def _year_facts(da: ClosenessData, year: int) -> pd.DataFrame:
    """Curated facts that reach ``year`` (in force, or within the decay window), with the COW
    pair(s) they concern as columns ``c1 < c2`` (a multilateral fact concerns every pair of
    its parties)."""
    f = da.year_facts(year, CURATED_WINDOW)
    if f.empty:
        return pd.DataFrame(columns=_FACT_COLS + ["c1", "c2"])
    rows = []
    has_since = "party_since" in f
    for i, r in f.iterrows():
        ids = set(x for x in (r["source_actor"], r["target_actor"]) if isinstance(x, str))
        parties = r["parties"]
        if concepts._listlike(parties):
            parties = [str(x) for x in parties]
            ids |= set(parties)
        since = r["party_since"] if has_since else None
        since = list(since) if concepts._listlike(since) else None
        by_code: dict[int, set[str]] = {}
        for x in ids:
            c = _cow_of(x, year)
            if c is not None:
                by_code.setdefault(c, set()).add(x)
        cs = sorted(by_code)
        for j in range(len(cs)):
            for k in range(j + 1, len(cs)):
                if since is not None:   # a party that acceded later binds from its entry
                    joined = concepts.pair_entry(parties, since, by_code[cs[j]], by_code[cs[k]])
                    if joined is not None and concepts.entry_year(joined) > year:
                        continue
                rows.append((i, cs[j], cs[k]))
    if not rows:
        return pd.DataFrame(columns=_FACT_COLS + ["c1", "c2"])
    idx = pd.DataFrame(rows, columns=["i", "c1", "c2"])
    return f.loc[idx["i"]].reset_index(drop=True).assign(c1=idx["c1"].to_numpy(),
                                                         c2=idx["c2"].to_numpy())


def year_frame(year: int, *, con=None, mirror=None, da: ClosenessData | None = None,
               members: Iterable[int] | None = None) -> pd.DataFrame:
    """Component frame for every pair of system members in one year (vectorized).

    One row per unordered pair ``ccode_a < ccode_b`` with ``year, id_a, id_b`` and the input
    columns of :func:`closeness`, from ``da`` (default: a :class:`ClosenessData` over ``con``
    and ``mirror``).
    """
    da = _data(da, con, mirror)
    cc = np.array(sorted(set(members) if members is not None else system_members(year, da)),
                  dtype=int)
    n = len(cc)
    iu, ju = np.triu_indices(n, 1)
    pos = {int(c): i for i, c in enumerate(cc)}
    out = pd.DataFrame({"year": year, "ccode_a": cc[iu], "ccode_b": cc[ju]})
    out["id_a"] = [_id_of(int(c), year) for c in out["ccode_a"]]
    out["id_b"] = [_id_of(int(c), year) for c in out["ccode_b"]]
    npairs = len(out)

    def matrix_from(d: pd.DataFrame, col: str, fill: float, cov: str | None) -> np.ndarray:
        M = np.full((n, n), np.nan)
        if cov is None or (_cov(cov)[0] <= year <= _cov(cov)[1]):
            M[:] = fill
        for a, b, v in zip(d["a"], d["b"], d[col]):
            ia, ib = pos.get(int(a)), pos.get(int(b))
            if ia is not None and ib is not None:
                M[ia, ib] = M[ib, ia] = v
        return M[iu, ju]

    for key, col in (("atop", "alliance_level"), ("mids", "mid_hostlev"), ("wars", "war")):
        t = getattr(da, key)()
        if t is None or (key == "atop" and not _in_cov("atop", np.array([year]))[0]):
            out[col] = np.nan
            continue
        fill = 0.0
        out[col] = matrix_from(t[t["year"].to_numpy() == year], "v", fill, key)
    u = un_year(da, year)
    for k, cols in (("ideal", ("ideal_distance", "ideal_rel")), ("votes", ("un_kappa", "votes_rel"))):
        cc_k, M, R = u[k]
        idx = np.full(n, -1)
        pk = {int(c): i for i, c in enumerate(cc_k)}
        for c, i in pos.items():
            idx[i] = pk.get(c, -1)
        a_, b_ = idx[iu], idx[ju]
        ok = (a_ >= 0) & (b_ >= 0)
        for src, col in zip((M, R), cols):
            v = np.full(npairs, np.nan)
            v[ok] = src[a_[ok], b_[ok]]
            out[col] = v
        dev = np.full(npairs, np.nan)
        if ok.any():
            B = un_baseline(da)[k][0]
            ca_, cb_ = cc[iu], cc[ju]
            inb = ok & (ca_ < 1000) & (cb_ < 1000)
            dev[inb] = out[cols[1]].to_numpy(dtype=float)[inb] - B[ca_[inb], cb_[inb]]
        out[k + "_dev"] = dev
    gsdb = _gsdb_dyad_years(da) if _cov("gsdb")[0] <= year <= _cov("gsdb")[1] else None
    if gsdb is not None and len(gsdb):
        cs = gsdb[gsdb["year"] == year]
        d = pd.DataFrame({"a": np.minimum(cs["s"], cs["t"]), "b": np.maximum(cs["s"], cs["t"]),
                          "v": cs["mask"]}).groupby(["a", "b"], as_index=False)["v"].agg(_union)
        d = d if len(d) else pd.DataFrame(columns=["a", "b", "v"])
        out["sanction_types"] = matrix_from(d.assign(v=[float(bin(int(m)).count("1"))
                                                         for m in d["v"]]), "v", 0.0, "gsdb")
        out["sanction_severity"] = matrix_from(d.assign(v=[sanction_severity(m) for m in d["v"]]),
                                               "v", 0.0, "gsdb")
    else:
        out["sanction_types"] = np.nan
        out["sanction_severity"] = np.nan
    out["rupture"] = np.nan
    out["curated_score"] = np.nan
    ev = da.events()
    out["event_tone"] = event_tone(ev, out["ccode_a"], out["ccode_b"], out["year"])
    out["event_weight"] = event_weight(ev, out["ccode_a"], out["ccode_b"], out["year"])
    facts = _year_facts(da, year)
    if len(facts):
        g = _year_curated(facts, year)
        m = out[["ccode_a", "ccode_b"]].reset_index().merge(
            g, left_on=["ccode_a", "ccode_b"], right_on=["c1", "c2"], how="inner")
        if len(m):
            i = m["index"].to_numpy()
            out.loc[i, "alliance_level"] = np.fmax(out.loc[i, "alliance_level"].to_numpy(dtype=float),
                                                   m["lvl"].to_numpy(dtype=float))
            out.loc[i, "war"] = np.fmax(out.loc[i, "war"].to_numpy(dtype=float),
                                        m["war"].to_numpy(dtype=float))
            cs = m["san"].to_numpy(dtype=float)
            for col, f in (("sanction_types", 1.0), ("sanction_severity", CURATED_SANCTION_SEVERITY)):
                out.loc[i, col] = np.fmax(out.loc[i, col].to_numpy(dtype=float), f * cs)
            out.loc[i, "rupture"] = m["rup"].to_numpy(dtype=float)
            out.loc[i, "curated_score"] = m["cur"].to_numpy(dtype=float)
    return out


for _fn in (_id_of, _cow_of):   # amity.clear_caches() forgets them
    caches.register(f"measures.closeness.{_fn.__name__}", _fn.cache_clear)
