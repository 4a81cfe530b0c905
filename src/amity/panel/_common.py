"""Panel conventions every ``add_*`` verb follows.

A panel is a pandas DataFrame with one row per unit-year:

==========  ==========================================  =====================================
kind        key columns (system ``cow``)                key columns (system ``gw``)
==========  ==========================================  =====================================
state_year  ``ccode, year``                             ``gwcode, year``
dyad_year   ``ccode1, ccode2, year``                    ``gwcode1, gwcode2, year``
triad_year  ``ccode1, ccode2, ccode3, year``            ``gwcode1, gwcode2, gwcode3, year``
==========  ==========================================  =====================================

Non-directed dyads have ``ccode1 < ccode2``; directed dyads hold both orders. Triads are
unordered, ``ccode1 < ccode2 < ccode3``. Codes and years are ``int32``.

Its type travels in ``df.attrs["amity"]``::

    {"kind": "dyad_year", "system": "cow", "directed": False,
     "coverage": {"atop": [1815, 2018], ...}}

Because some pandas operations drop ``attrs``, :func:`panel_meta` falls back to inferring
kind, system and directedness from the key columns, so a verb still works on a panel that
went through a merge or a round trip through Parquet.

Rules for a verb ``add_x(panel, ...)``:

1. call :func:`require_panel` first (refuse with :class:`~amity.errors.InputError` what it
   cannot serve: wrong kind, wrong code system);
2. join with :func:`left_join_checked` (right keys unique, row count unchanged) or an
   equivalent array lookup that preserves the row order;
3. use nullable dtypes (``Int8``/``Int16``/``Int64``/``Float64``); a dyad-year that the source
   covers but does not list gets the source's "nothing happened" value (0 for events such as
   alliances or disputes), and every row outside the source's years gets ``<NA>`` via
   :func:`mask_outside` (never 0);
4. record coverage with :func:`mark_coverage` and return a new frame (never mutate the input).
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from amity.errors import InputError

KINDS = ("state_year", "dyad_year", "triad_year")
SYSTEMS = ("cow", "gw")

_PREFIX = {"cow": "ccode", "gw": "gwcode"}


def code_col(system: str) -> str:
    """``ccode`` for COW, ``gwcode`` for Gleditsch–Ward."""
    try:
        return _PREFIX[system]
    except KeyError:
        raise InputError(f"unknown state system {system!r}; use 'cow' or 'gw'",
                         field="system") from None


def key_columns(kind: str, system: str = "cow") -> list[str]:
    """Key columns of a panel kind, e.g. ``["ccode1", "ccode2", "year"]``."""
    c = code_col(system)
    if kind == "state_year":
        return [c, "year"]
    if kind == "dyad_year":
        return [f"{c}1", f"{c}2", "year"]
    if kind == "triad_year":
        return [f"{c}1", f"{c}2", f"{c}3", "year"]
    raise InputError(f"unknown panel kind {kind!r}; use one of {', '.join(KINDS)}", field="kind")


def infer_meta(df: pd.DataFrame) -> dict[str, Any] | None:
    """Kind/system/directedness guessed from the key columns (None when nothing fits)."""
    cols = set(df.columns)
    if "year" not in cols:
        return None
    for system, c in _PREFIX.items():
        if {f"{c}1", f"{c}2", f"{c}3"} <= cols:
            return {"kind": "triad_year", "system": system, "directed": False, "coverage": {}}
        if {f"{c}1", f"{c}2"} <= cols:
            a = df[f"{c}1"].to_numpy()
            b = df[f"{c}2"].to_numpy()
            directed = bool(len(df)) and bool((a > b).any())
            return {"kind": "dyad_year", "system": system, "directed": directed, "coverage": {}}
        if c in cols:
            return {"kind": "state_year", "system": system, "directed": False, "coverage": {}}
    return None


def panel_meta(df: pd.DataFrame) -> dict[str, Any]:
    """The panel's type: ``df.attrs["amity"]`` when present and consistent, else inferred.

    Raises InputError when the frame is not a panel.
    """
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"expected a panel DataFrame, got {type(df).__name__}", field="panel")
    meta = df.attrs.get("amity") if isinstance(df.attrs, dict) else None
    if isinstance(meta, dict) and meta.get("kind") in KINDS and meta.get("system") in SYSTEMS:
        keys = key_columns(meta["kind"], meta["system"])
        if all(k in df.columns for k in keys):
            out = dict(meta)
            out["coverage"] = dict(meta.get("coverage") or {})
            out.setdefault("directed", False)
            return out
    inferred = infer_meta(df)
    if inferred is None:
        raise InputError(
            "not a panel: expected key columns like ccode1, ccode2, year (dyad-years), "
            "ccode, year (state-years) or ccode1..ccode3, year (triad-years); build one with "
            "amity.panel.create_dyad_years()", field="panel")
    return inferred


def set_meta(df: pd.DataFrame, **meta: Any) -> pd.DataFrame:
    """Write ``attrs["amity"]`` (merging ``meta`` into what is there); returns ``df``."""
    cur = dict(df.attrs.get("amity") or {})
    cov = dict(cur.get("coverage") or {})
    cov.update(meta.pop("coverage", {}) or {})
    cur.update(meta)
    cur["coverage"] = cov
    df.attrs["amity"] = cur
    return df


def require_panel(panel: pd.DataFrame, kinds: Iterable[str] = KINDS,
                  system: str | Iterable[str] | None = None, *, verb: str = "this verb",
                  directed: bool | None = None) -> dict[str, Any]:
    """Check that ``panel`` is a panel ``verb`` can serve; return its meta.

    Raises
    ------
    InputError
        When the kind or the state system is not served, naming what would be.
    """
    meta = panel_meta(panel)
    kinds = tuple(kinds)
    if meta["kind"] not in kinds:
        raise InputError(
            f"{verb} cannot serve a {meta['kind'].replace('_', '-')} panel; it serves "
            f"{', '.join(k.replace('_', '-') for k in kinds)} panels", field="panel")
    if system is not None:
        systems = (system,) if isinstance(system, str) else tuple(system)
        if meta["system"] not in systems:
            raise InputError(
                f"{verb} is coded in {'/'.join(s.upper() for s in systems)} state codes and "
                f"cannot serve a {meta['system'].upper()} panel; build the panel with "
                f"system={systems[0]!r}", field="system")
    if directed is not None and bool(meta.get("directed")) != directed:
        raise InputError(f"{verb} needs a {'directed' if directed else 'non-directed'} panel",
                         field="directed")
    keys = key_columns(meta["kind"], meta["system"])
    for k in keys:
        if panel[k].isna().any():
            raise InputError(f"panel key column {k!r} has missing values", field=k)
    return meta


def unique_keys(df: pd.DataFrame, on: Sequence[str]) -> bool:
    """True when the key columns identify rows uniquely."""
    return not df.duplicated(list(on)).any()


def left_join_checked(panel: pd.DataFrame, frame: pd.DataFrame, on: Sequence[str] | str,
                      *, source: str = "source") -> pd.DataFrame:
    """``panel`` LEFT JOIN ``frame`` on ``on``, keeping the panel's rows, order and attrs.

    Raises
    ------
    InputError
        When ``frame`` has duplicate keys (the join would multiply rows) or a column clash.
    AssertionError
        If the row count changed anyway (a bug).
    """
    on = [on] if isinstance(on, str) else list(on)
    missing = [c for c in on if c not in frame.columns]
    if missing:
        raise InputError(f"{source} lacks join column(s) {missing}", field=missing[0])
    dup = frame.duplicated(on)
    if dup.any():
        first = frame.loc[dup, on].iloc[0].to_dict()
        raise InputError(f"{source} has {int(dup.sum())} duplicate key row(s) on {on} "
                         f"(first: {first}); collapse it before joining", field=on[0])
    clash = (set(frame.columns) - set(on)) & set(panel.columns)
    if clash:
        raise InputError(f"{source} would overwrite panel column(s) {sorted(clash)}",
                         field=sorted(clash)[0])
    attrs = dict(panel.attrs)
    out = panel.merge(frame, on=on, how="left", sort=False, validate="many_to_one")
    assert len(out) == len(panel), "left join changed the row count"
    out.index = panel.index
    out.attrs = attrs
    return out


def mask_outside(panel: pd.DataFrame, cols: Iterable[str], first: int | None,
                 last: int | None, *, year_col: str = "year") -> pd.DataFrame:
    """Set ``cols`` to ``<NA>`` in years outside ``[first, last]`` (in place; returns panel).

    Non-nullable numeric columns are converted to their nullable counterparts first
    (``int8 -> Int8``, ``float64 -> Float64``...), so "missing" is never confused with 0.
    """
    y = panel[year_col].to_numpy()
    out = np.zeros(len(panel), bool)
    if first is not None:
        out |= y < first
    if last is not None:
        out |= y > last
    for c in cols:
        s = panel[c]
        if not isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
            if pd.api.types.is_bool_dtype(s):
                s = s.astype("boolean")
            elif pd.api.types.is_integer_dtype(s):
                s = s.astype(str(s.dtype).capitalize())
            elif pd.api.types.is_float_dtype(s):
                s = s.astype("Float64")
        if out.any():
            s = s.mask(out)
        panel[c] = s
    return panel


def mark_coverage(panel: pd.DataFrame, source: str, first: int | None,
                  last: int | None) -> pd.DataFrame:
    """Record ``source`` coverage ``[first, last]`` in ``attrs["amity"]`` (in place)."""
    meta = panel_meta(panel)
    meta["coverage"][source] = [first, last]
    panel.attrs["amity"] = meta
    return panel


def nullable(values: np.ndarray, valid: np.ndarray | None, dtype: str) -> pd.array:
    """A pandas nullable array from ``values`` with ``~valid`` positions missing."""
    if valid is None:
        return pd.array(values, dtype=dtype)
    arr = pd.array(values, dtype=dtype)
    arr[~valid] = pd.NA
    return arr


def pair_suffixes(kind: str) -> list[tuple[str, str, str]]:
    """For dyadic sources on a panel: ``(left code col, right code col, column suffix)``.

    A dyad-year panel has one pair (suffix ""); a triad-year panel three (``_12, _13, _23``).
    """
    if kind == "dyad_year":
        return [("1", "2", "")]
    if kind == "triad_year":
        return [("1", "2", "_12"), ("1", "3", "_13"), ("2", "3", "_23")]
    raise InputError(f"no dyads in a {kind} panel", field="panel")


def year_bounds(years: Any) -> tuple[int | None, int | None]:
    """``years`` as (first, last): None, an int, a (first, last) pair or a range."""
    if years is None:
        return None, None
    if isinstance(years, (int, np.integer)):
        return int(years), int(years)
    if isinstance(years, range):
        return (years.start, years.stop - 1) if len(years) else (years.start, years.start - 1)
    try:
        a, b = years
    except (TypeError, ValueError):
        raise InputError(f"years must be an int or a (first, last) pair, got {years!r}",
                         field="years") from None
    return (None if a is None else int(a)), (None if b is None else int(b))


def dyad_key(year: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 per (year, code a, code b): ``year * 10**6 + a * 10**3 + b`` (codes < 1000)."""
    return (year.astype(np.int64) * 1_000_000 + a.astype(np.int64) * 1000
            + b.astype(np.int64))


def lookup(keys_sorted: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``query`` in sorted unique ``keys_sorted`` and a found mask."""
    if len(keys_sorted) == 0:
        return np.zeros(len(query), np.int64), np.zeros(len(query), bool)
    pos = np.searchsorted(keys_sorted, query)
    pos = np.minimum(pos, len(keys_sorted) - 1)
    found = keys_sorted[pos] == query
    return pos, found
