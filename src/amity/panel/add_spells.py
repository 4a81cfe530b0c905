"""``add_spells``: peace spells (years since the last event) for any 0/1 event column.

Counting rule (peacesciencer's ``add_spells`` / ``add_peace_years``, read off its printed
outputs): within one unit (a state, a dyad in its order, a triad, a leader), rows in year
order, the spell of a row is the number of consecutive event-free rows right before it. So
the first row of a unit is 0, an event row carries the length of the peace it ends, and the
row after an event starts again at 0 (US–Cuba 1984–1988, ongoing MIDs 0, 0, 0, 1, 0: spells
0, 1, 2, 3, 0). A new spell also starts after a gap in the unit's years (a state that left
the system and came back) and after a row whose event is missing. A row whose event is
missing (outside the source's years) gets a missing spell, never a count.

``ongo=True`` treats a run of event years as one ongoing event: the run's first row is the
failure, the later rows of the run get a missing spell and the next event-free row starts at 0.
"""
from __future__ import annotations

from typing import Any, Iterable

import numpy as np
import pandas as pd

from amity.errors import InputError
from amity.panel._common import code_col, panel_meta

#: event families peacesciencer computes spells for: prefix -> (ongoing, onset, verb that adds them)
FAMILIES: dict[str, tuple[str, str, str | None]] = {
    "gmlmid": ("gmlmidongoing", "gmlmidonset", "add_gml_mids"),
    "cowmid": ("cowmidongoing", "cowmidonset", "add_mids"),
    "cowinter": ("cowinterongoing", "cowinteronset", "add_wars"),
    "ucdp": ("ucdpongoing", "ucdponset", "add_ucdp_acd"),
    "cowintra": ("cowintraongoing", "cowintraonset", None),
}
#: short names (the CLI's ``--add spells:NAME``) -> family prefix
ALIASES = {"mids": "cowmid", "cowmids": "cowmid", "gmlmids": "gmlmid", "wars": "cowinter",
           "ucdp": "ucdp", "ucdp_acd": "ucdp"}


def unit_columns(panel: pd.DataFrame) -> list[str]:
    """The columns that identify a panel's cross-sectional unit (key columns but ``year``)."""
    if "obsid" in panel.columns and "year" in panel.columns and "ccode1" not in panel.columns \
            and "gwcode1" not in panel.columns:
        return ["obsid"]
    if {"obsid1", "obsid2"} <= set(panel.columns):
        return ["obsid1", "obsid2"]
    meta = panel_meta(panel)
    c = code_col(meta["system"])
    return {"state_year": [c], "dyad_year": [f"{c}1", f"{c}2"],
            "triad_year": [f"{c}1", f"{c}2", f"{c}3"]}[meta["kind"]]


def spell_order(unit: Iterable[np.ndarray], year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rows' order by unit then year and, in that order, whether each row follows the
    previous one of the same unit in the next year. Shared by every event column of one
    :func:`add_spells` call (one sort, not one per column)."""
    year = np.asarray(year)
    if year.dtype.kind not in "iu":
        year = year.astype(np.int64)
    keys = [np.asarray(u) for u in unit]
    n = len(year)
    # unit ids in 0..k-1 (object keys such as leader ids are factorized)
    codes = [pd.factorize(k)[0] if k.dtype.kind in "OUS" else k for k in keys]
    order = None
    unit_key = None          # one number per unit, in unit order, when it fits
    if n and all(c.min() >= 0 for c in codes):
        # one int64 key (unit codes, then year) when it fits: one sort instead of a lexsort
        y0, span = int(year.min()), int(year.max() - year.min()) + 1
        mults = [int(c.max()) + 1 for c in codes]
        if np.prod([float(m) for m in mults]) * span < 2.0 ** 62:
            key = codes[0].astype(np.int64)
            for c, m in zip(codes[1:], mults[1:]):
                key *= m
                key += c
            unit_key = key
            if key.max() < 2**24 and (year[1:] >= year[:-1]).all():
                # rows already in year order (panels as created): a stable sort on a dense
                # unit number is the (unit, year) order; under 65,536 units it is a radix
                # sort of 16-bit numbers
                present = np.zeros(int(key.max()) + 1, bool)
                present[key] = True
                rank = np.cumsum(present, dtype=np.int32) - 1
                if int(rank[-1]) < 2**16:
                    rank = rank.astype(np.uint16)
                unit_key = rank[key]
                order = np.argsort(unit_key, kind="stable")
            else:
                order = np.argsort(key * span + (year - y0), kind="stable")
    if order is None:
        order = np.lexsort((year, *reversed(codes)))
    y = year[order]
    same = np.ones(n, bool)
    if n:
        same[0] = False
    for c in ([unit_key] if unit_key is not None else codes):
        cs = c[order]
        same[1:] &= cs[1:] == cs[:-1]
    consecutive = same
    consecutive[1:] &= (y[1:] - y[:-1]) == 1
    return order, consecutive


def spells(unit: Iterable[np.ndarray], year: np.ndarray, event: np.ndarray, *,
           ongo: bool = False,
           prepared: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Spell counts (float, NaN = missing) for rows given as unit key arrays, years and
    events (1 = event, 0 = none, NaN = missing), in the rows' own order. ``prepared`` is
    :func:`spell_order` of the same rows, when already computed."""
    ev = np.asarray(event, dtype="float64")
    if len(ev) == 0:
        return np.zeros(0)
    order, consecutive = prepared if prepared is not None else spell_order(unit, year)
    na = np.isnan(ev)
    counts, missing = _counts(ev == 1, na, order, consecutive, ongo)
    out = counts.astype("float64")
    out[missing] = np.nan
    return out


def _counts(hit: np.ndarray, na: np.ndarray, order: np.ndarray, consecutive: np.ndarray,
            ongo: bool) -> tuple[np.ndarray, np.ndarray]:
    """The spell counts (int32, 0 where missing) and the missing mask, in the rows' order,
    from each row's event (``hit``) and missing-event (``na``) flags."""
    n = len(hit)
    h = hit[order]
    missing = na[order]
    if ongo:
        missing[1:] |= h[1:] & h[:-1] & consecutive[1:]
    start = ~consecutive
    start |= missing
    start[1:] |= h[:-1] | missing[:-1]    # the previous row was an event or missing
    pos = np.arange(n, dtype=np.int32)
    sp = pos - np.maximum.accumulate(np.where(start, pos, 0))
    sp[missing] = 0
    counts = np.empty(n, np.int32)
    counts[order] = sp
    miss = np.empty(n, bool)
    miss[order] = missing
    return counts, miss


def _events(s: pd.Series) -> tuple[np.ndarray, np.ndarray, Any]:
    """An event column as (event, missing) flags, and its first value that is not 0/1
    (``None`` when all are); masked integer columns are read without a float copy."""
    arr = s.array
    if isinstance(arr, pd.arrays.IntegerArray):
        na = np.asarray(arr.isna())
        data = arr.to_numpy(dtype=arr.dtype.numpy_dtype, na_value=0)
        ok = na | (data == 0) | (data == 1)
        hit = (data == 1) & ~na
        vals = None if ok.all() else float(data[~ok][0])
        return hit, na, vals
    v = s.to_numpy(dtype="float64", na_value=np.nan)
    na = np.isnan(v)
    bad = ~na & (v != 0) & (v != 1)
    return v == 1, na, (v[bad][0] if bad.any() else None)


def _spell_name(col: str) -> str:
    for suffix in ("ongoing", "onset"):
        if col.endswith(suffix) and len(col) > len(suffix):
            return col[: -len(suffix)] + "spell"
    return f"{col}_spell"


def add_spells(panel: pd.DataFrame, events: str | Iterable[str] | None = None, *,
               conflict_event_type: str = "ongoing", ongo: bool = False,
               con: Any = None, mirror: Any = None) -> pd.DataFrame:
    """Add peace-spell columns: ``<prefix>spell`` for each conflict family in the panel
    (``cowmidspell``, ``gmlmidspell``, ``cowinterspell``, ``ucdpspell``), as peacesciencer's
    ``add_spells``, or ``<column>_spell`` for any other 0/1 event column named in ``events``.

    Parameters
    ----------
    events : str or list, optional
        Families (``"mids"``, ``"gmlmids"``, ``"wars"``, ``"ucdp"`` or a prefix such as
        ``"cowmid"``) or event column names. Default: every family present in the panel.
        A family that is named but absent is added first with its verb (so
        ``--add spells:mids`` works on a bare panel).
    conflict_event_type : {"ongoing", "onset"}
        Count on the family's ongoing column (default, peacesciencer's recommendation) or on
        its onset column.
    ongo : bool
        Treat successive event years as one ongoing event (later years missing).

    The counting rule is in this module's docstring. Rows keep their order and count; a row
    whose event is missing gets a missing spell.
    """
    if conflict_event_type not in ("ongoing", "onset"):
        raise InputError("conflict_event_type must be 'ongoing' or 'onset'",
                         field="conflict_event_type")
    panel_meta(panel)
    out = panel
    targets: list[tuple[str, str]] = []     # (event column, spell column)
    pick = 0 if conflict_event_type == "ongoing" else 1
    if events is None:
        for prefix, cols in FAMILIES.items():
            if cols[0] in panel.columns and cols[1] in panel.columns:
                targets.append((cols[pick], f"{prefix}spell"))
        if not targets:
            raise InputError("add_spells sees no event columns (cowmidongoing, gmlmidongoing, "
                             "cowinterongoing, ucdpongoing...); add a conflict verb first or "
                             "name a 0/1 column: add_spells(panel, 'atop_defense')",
                             field="events")
    else:
        names = [events] if isinstance(events, str) else list(events)
        for name in names:
            prefix = ALIASES.get(name, name)
            if prefix in FAMILIES:
                cols = FAMILIES[prefix]
                if cols[pick] not in out.columns:
                    if cols[2] is None:
                        raise InputError(f"{prefix} events are not in the panel", field="events")
                    from amity import panel as P

                    fn = P.verb(cols[2])
                    out = fn(out, con=con, mirror=mirror)
                targets.append((cols[pick], f"{prefix}spell"))
            elif name in out.columns:
                targets.append((name, _spell_name(name)))
            else:
                raise InputError(f"add_spells: no event column or family {name!r}; families: "
                                 f"{', '.join(sorted(set(ALIASES) | set(FAMILIES)))}",
                                 field="events")
    units = unit_columns(out)
    prepared = spell_order([out[u].to_numpy() for u in units], out["year"].to_numpy())
    new = {}
    for col, name in targets:
        if name in out.columns or name in new:
            raise InputError(f"panel already has column {name!r}", field=name)
        hit, na, bad = _events(out[col])
        if bad is not None:
            raise InputError(f"add_spells counts 0/1 events; {col!r} has other values "
                             f"(first: {bad!r})", field=col)
        counts, miss = _counts(hit, na, *prepared, ongo)
        new[name] = pd.arrays.IntegerArray(counts, miss)
    attrs = dict(out.attrs)
    res = pd.concat([out, pd.DataFrame(new, index=out.index)], axis=1)
    res.attrs = attrs
    return res
