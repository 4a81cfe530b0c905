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

from amity import caches, concepts
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
        return concepts.year_range(int(years), int(years), names=("year", "year"))
    if isinstance(years, range):
        return (years.start, years.stop - 1) if len(years) else (years.start, years.start - 1)
    try:
        a, b = years
    except (TypeError, ValueError):
        raise InputError(f"years must be an int or a (first, last) pair, got {years!r}",
                         field="years") from None
    a, b = (None if a is None else int(a)), (None if b is None else int(b))
    # the one year check of the CLI and the API: within 1600..2100, not reversed
    return concepts.year_range(a, b, names=("first year", "last year"))


def dyad_key(year: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One int64 per (year, code a, code b): ``year * 10**6 + a * 10**3 + b`` (codes < 1000)."""
    return (year.astype(np.int64) * 1_000_000 + a.astype(np.int64) * 1000
            + b.astype(np.int64))


def fold_dyads(year: np.ndarray, a: np.ndarray, b: np.ndarray,
               values: dict[str, tuple[np.ndarray, str]]) -> pd.DataFrame:
    """A dyad-year table in either or both orders folded to one row per ``ccode1 < ccode2,
    year`` (rows with ``a == b`` dropped), each value reduced by ``"min"`` or ``"max"``
    ignoring NaN (as pandas' ``groupby().min()``/``max()``); sorted by year, ccode1, ccode2,
    except that a table already non-directed with one row per key, in (year, pair) or
    (pair, year) order (``cow_mindist``, ``cow_igo_ndy``), is returned as it is, in its own
    order: the joins do not need the rows sorted.

    One sort of int64 keys and a ``reduceat`` per column (none for an already folded
    table): the preparation ``add_minimum_distance`` and ``add_igos`` count in the panel
    benchmark.
    """
    a, b, year = np.asarray(a), np.asarray(b), np.asarray(year)
    if len(a) > 1 and (a < b).all():
        key = dyad_key(year, a, b)           # (year, pair) order, as cow_mindist
        done = bool((key[1:] > key[:-1]).all())
        if not done:                         # (pair, year) order, as cow_igo_ndy
            key = a.astype(np.int64) * 1000
            key += b
            key *= 10_000
            key += year - year.min()
            done = bool((key[1:] > key[:-1]).all())
        if done:                             # one row per key already: nothing to fold
            out = pd.DataFrame({"ccode1": a.astype(np.int64), "ccode2": b.astype(np.int64),
                                "year": year.astype(np.int64)})
            for name, (v, _how) in values.items():
                out[name] = np.array(v, dtype="float64")
            return out
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    every = bool(keep.all())
    if every:
        y = np.asarray(year)
    else:
        y, lo, hi = np.asarray(year)[keep], lo[keep], hi[keep]
    key = dyad_key(y, lo, hi)
    if len(key) < 2 or (key[1:] >= key[:-1]).all():     # already in (year, pair) order
        order = None
    else:
        pair = (lo.astype(np.int64) * 1000 + hi) * 10_000 + (y - y.min())
        if (pair[1:] >= pair[:-1]).all():   # in (pair, year) order: a stable sort on year
            order = np.argsort(y.astype(np.int16), kind="stable")    # (radix) is enough
        else:
            order = np.argsort(key, kind="stable")
    k = key if order is None else key[order]
    if len(k) == 0:
        starts = np.zeros(0, np.int64)
        unique = True
    else:
        new_group = k[1:] != k[:-1]
        unique = bool(new_group.all())
        starts = None if unique else np.r_[0, np.flatnonzero(new_group) + 1]
    # the key columns from the (sorted) codes themselves, not decoded from the keys
    pick = order if unique else (starts if order is None else order[starts])
    cols = {}
    for name, v in (("ccode1", lo), ("ccode2", hi), ("year", y)):
        v = v if pick is None else v[pick]
        # a fresh array: the year column would otherwise be the caller's own
        cols[name] = v.astype(np.int64, copy=pick is None and name == "year")
    out = pd.DataFrame(cols, copy=False)
    for name, (v, how) in values.items():
        v = np.asarray(v, dtype="float64")
        v = v if every else v[keep]
        v = v if order is None else v[order]
        if not unique:
            v = {"min": np.fmin, "max": np.fmax}[how].reduceat(v, starts)
        out[name] = v
    return out


def lookup(keys_sorted: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``query`` in sorted unique ``keys_sorted`` and a found mask."""
    if len(keys_sorted) == 0:
        return np.zeros(len(query), np.int64), np.zeros(len(query), bool)
    pos = np.searchsorted(keys_sorted, query)
    pos = np.minimum(pos, len(keys_sorted) - 1)
    found = keys_sorted[pos] == query
    return pos, found


# ------------------------------------------------------------------ fast joins used by verbs

def _masked(values: np.ndarray, mask: np.ndarray, dtype: str):
    """A pandas nullable array over ``values`` with ``mask`` (True = missing), no copy."""
    if dtype.startswith("Float"):
        return pd.arrays.FloatingArray(values.astype(dtype.lower(), copy=False), mask)
    if dtype == "boolean":
        return pd.arrays.BooleanArray(values.astype(bool, copy=False), mask)
    return pd.arrays.IntegerArray(values.astype(dtype.lower(), copy=False), mask)


def join_dyadic(panel: pd.DataFrame, table: pd.DataFrame, columns: dict[str, str], *,
                source: str, first: int | None, last: int | None,
                fill: dict[str, Any] | None = None, verb: str = "this verb",
                system: str = "cow") -> pd.DataFrame:
    """Attach a non-directed dyad-year ``table`` (``ccode1 < ccode2, year``) to a panel.

    ``system="gw"`` joins a G-W table (``gwcode1 < gwcode2, year``; ``ccode1, ccode2``
    columns are read the same way) to G-W panels.

    Parameters
    ----------
    panel : DataFrame
        A COW dyad-year (directed or not) or triad-year panel.
    table : DataFrame
        Unique keys ``ccode1 < ccode2, year`` and the value columns.
    columns : dict
        ``{column: nullable dtype}`` to attach (e.g. ``{"atop_defense": "Int8"}``).
    first, last : int
        The source's coverage; rows outside get ``<NA>``.
    fill : dict
        Value for covered rows the table does not list (default 0 for every column: the
        event did not happen); ``None`` for a column means "missing".

    A triad-year panel gets each pair's values with suffixes ``_12, _13, _23``. A directed
    dyad-year gets the same (symmetric) values in both directions. The result has exactly the
    panel's rows in the panel's order.
    """
    meta = require_panel(panel, ("dyad_year", "triad_year"), system, verb=verb)
    fill = {c: 0 for c in columns} if fill is None else {c: fill.get(c, 0) for c in columns}
    if "ccode1" not in table.columns and {"gwcode1", "gwcode2"} <= set(table.columns):
        table = table.rename(columns={"gwcode1": "ccode1", "gwcode2": "ccode2"})
    cc = code_col(meta["system"])
    year = panel["year"].to_numpy()
    outside = None
    if first is not None:
        outside = year < first
    if last is not None:
        outside = year > last if outside is None else outside | (year > last)
    src_vals = {}
    for c in columns:
        s = table[c]
        if isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
            src_vals[c] = (s.to_numpy(dtype="float64", na_value=np.nan), True)
        else:
            src_vals[c] = (s.to_numpy(), False)
    ty, t1, t2 = (table[k].to_numpy() for k in ("year", "ccode1", "ccode2"))
    new: dict[str, Any] = {}
    n = len(panel)
    for left, right, suffix in pair_suffixes(meta["kind"]):
        a = panel[f"{cc}{left}"].to_numpy()
        b = panel[f"{cc}{right}"].to_numpy()
        at, src_rows = _match(ty, t1, t2, year, a, b)   # panel rows `at` <- source rows
        for c, dtype in columns.items():
            vals, has_na = src_vals[c]
            v = vals[src_rows]
            f = fill[c]
            npdt = dtype.lower()
            arr = np.zeros(n, npdt) if not f else np.full(n, f, dtype=npdt)
            if f is None:           # unlisted rows are missing
                miss = np.ones(n, bool)
                miss[at] = False
                if outside is not None:
                    miss |= outside
            else:
                miss = np.zeros(n, bool) if outside is None else outside.copy()
            if has_na:
                na = np.isnan(v)
                arr[at] = np.where(na, 0, v).astype(npdt)
                miss[at[na]] = True
            else:
                arr[at] = v.astype(npdt, copy=False)
            name = f"{c}{suffix}"
            if name in panel.columns:
                raise InputError(f"panel already has column {name!r} (was {verb} applied "
                                 "twice?)", field=name)
            new[name] = _masked(arr, miss, dtype)
    return _attach(panel, new, meta, source, first, last)


def _attach(panel: pd.DataFrame, new: dict[str, Any], meta: dict[str, Any], source: str,
            first: int | None, last: int | None) -> pd.DataFrame:
    """``panel`` with the ``new`` columns appended (no copy of the panel's own columns)."""
    add = pd.DataFrame(new, index=panel.index, copy=False)
    out = pd.concat([panel, add], axis=1) if len(panel.columns) else add
    out.attrs = dict(panel.attrs)
    out.attrs["amity"] = dict(meta, coverage={**meta["coverage"], source: [first, last]})
    return out


_KEY_MEMO: list[tuple[tuple, tuple, "_Cells"]] = []   # the last three panels, see below
caches.register("panel._common._KEY_MEMO", _KEY_MEMO.clear)
_PAIRS = 1_000_000          # pair codes lo * 1000 + hi (codes < 1000, as dyad_key)


def _ptr(x: np.ndarray) -> int:
    return int(x.__array_interface__["data"][0])


class _Cells:
    """A panel's rows on a dense (year, unordered pair) grid.

    ``pid`` numbers the pairs the panel has (-1 for the others, 10**6 entries),
    ``cell = (year - y0) * npairs + pid`` for each row, and ``inv`` (cell -> row) when every
    cell holds one row (a non-directed or state-less panel as created). Matching a source
    table is then one gather per source row (``inv``) or per panel row (directed panels),
    with no sort. A source under a quarter of the panel's rows (ATOP, MIDs, wars) is
    searched in the panel's increasing cells instead, so that a panel joined only to small
    tables never builds the grid (``inverse``, built on first use).
    """

    __slots__ = ("pid", "npairs", "y0", "ny", "cell", "increasing", "_inv")

    def __init__(self, year: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
        n = len(year)
        pair = np.minimum(a, b).astype(np.int32)     # codes < 1000: pairs < 10**6
        pair *= 1000
        pair += np.maximum(a, b)
        present = np.zeros(_PAIRS, bool)
        present[pair] = True
        self.pid = np.where(present, np.cumsum(present, dtype=np.int32) - 1, -1).astype(np.int32)
        self.npairs = int(present.sum())
        y = np.asarray(year)
        self.y0 = int(y.min()) if n else 0
        self.ny = int(y.max()) - self.y0 + 1 if n else 0
        # int32 cells and rows: a 1816-2024 COW grid has 4.8M cells
        wide = self.ny * self.npairs >= 2**31 or n >= 2**31
        it = np.int64 if wide else np.int32
        cell = y.astype(it)
        cell -= self.y0
        cell *= self.npairs
        cell += self.pid[pair]
        self.cell = cell
        # strictly increasing cells: one row per cell (a non-directed panel as created)
        self.increasing = n < 2 or bool((cell[1:] > cell[:-1]).all())
        self._inv: np.ndarray | None | bool = None if self.increasing else False

    def inverse(self) -> np.ndarray | None:
        """cell -> panel row (-1: none), or ``None`` when some cell holds two rows."""
        if self._inv is None or self._inv is False:
            n = len(self.cell)
            grid = np.full(self.ny * self.npairs, -1, self.cell.dtype)
            rows = np.arange(n, dtype=self.cell.dtype)
            grid[self.cell] = rows
            unique = self.increasing or bool((grid[self.cell] == rows).all())
            self._inv = grid if unique else np.zeros(0, self.cell.dtype)
        return self._inv if len(self._inv) or not len(self.cell) else None

    def source_cells(self, year: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Grid cells of source rows (negative where the panel has no such pair or year)."""
        a, b = np.asarray(a), np.asarray(b)
        it = self.cell.dtype                  # int32 unless the grid is huge
        yr = np.asarray(year)
        if not len(yr):
            return yr.astype(it)
        valid = None
        if min(a.min(), b.min()) < 0 or max(a.max(), b.max()) >= 1000:
            valid = (a >= 0) & (a < 1000) & (b >= 0) & (b < 1000)
            a, b = np.where(valid, a, 0), np.where(valid, b, 0)
        if int(yr.min()) < self.y0 or int(yr.max()) >= self.y0 + self.ny:
            inside = (yr >= self.y0) & (yr < self.y0 + self.ny)   # before any cast
            valid = inside if valid is None else valid & inside
            yr = np.where(inside, yr, self.y0)
        y = yr.astype(it)
        y -= self.y0
        pair = np.minimum(a, b).astype(np.int32)     # < 10**6
        pair *= 1000
        pair += np.maximum(a, b)
        pid = self.pid[pair]                 # -1 for pairs the panel lacks
        y *= self.npairs
        y += pid
        y[pid < 0] = -1
        if valid is not None:
            y[~valid] = -1
        return y


def _panel_cells(year: np.ndarray, a: np.ndarray, b: np.ndarray) -> _Cells:
    """:class:`_Cells` of a panel's key columns, memoized.

    Verbs applied in a chain see the same key-column buffers (pandas shares them under
    copy-on-write), so the grid is built once per panel. The memo holds references to
    the arrays, so a buffer address cannot be reused while its entry lives.
    """
    ident = (_ptr(year), _ptr(a), _ptr(b), len(year), year.dtype.str, a.dtype.str)
    for key, refs, cells in _KEY_MEMO:
        if key == ident and refs[0] is not None:
            return cells
    cells = _Cells(year, a, b)
    _KEY_MEMO.append((ident, (year, a, b), cells))
    if len(_KEY_MEMO) > 3:
        _KEY_MEMO.pop(0)
    return cells


def _match(ty: np.ndarray, t1: np.ndarray, t2: np.ndarray, year: np.ndarray, a: np.ndarray,
           b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Matching rows: panel positions ``at`` and source positions ``src`` with equal keys
    ``(year, min(a, b), max(a, b))``, the source given as its key columns ``ty, t1, t2``.

    Raises :class:`InputError` when two source rows have the key of a panel row (the
    source must be collapsed first: a left join never multiplies rows).
    """
    cells = _panel_cells(year, a, b)
    sc = cells.source_cells(ty, t1, t2)
    small = cells.increasing and 4 * len(sc) < len(cells.cell)
    inv = None if small else cells.inverse()
    if small or inv is not None:   # one panel row per cell
        src = np.flatnonzero(sc >= 0)
        if small:                  # a small source: searched in the increasing cells
            q = sc[src]
            at = np.minimum(np.searchsorted(cells.cell, q), len(cells.cell) - 1)
            keep = cells.cell[at] == q
        else:                      # gather per source row
            at = inv[sc[src]]
            keep = at >= 0
        src, at = src[keep], at[keep]
        seen = np.zeros(len(year), bool)
        seen[at] = True
        dup = int(seen.sum()) != len(at)
    else:                          # directed: gather per panel row from a source grid
        ok = np.flatnonzero(sc >= 0)
        grid = np.full(cells.ny * cells.npairs, -1, cells.cell.dtype)
        grid[sc[ok]] = ok
        dup = not bool((grid[sc[ok]] == ok).all())
        r = grid[cells.cell]
        at = np.flatnonzero(r >= 0)
        src = r[at]
    if dup:
        raise InputError("dyadic source table has duplicate (ccode1, ccode2, year) keys; "
                         "collapse it before joining", field="ccode1")
    return at, src


_SIDE_MEMO: list[tuple[tuple, tuple, tuple]] = []    # the last six panel sides
caches.register("panel._common._SIDE_MEMO", _SIDE_MEMO.clear)


_RANGE_MEMO: list[tuple[tuple, np.ndarray, tuple[int, int]]] = []   # the last eight arrays
caches.register("panel._common._RANGE_MEMO", _RANGE_MEMO.clear)


def _range(arr: np.ndarray) -> tuple[int, int]:
    """``(min, max)`` of a non-empty integer array, memoized on its buffer (the key columns
    a chain of verbs shares); the memo holds the array, so its address is not reused."""
    ident = (_ptr(arr), len(arr), arr.dtype.str)
    for key, ref, hit in _RANGE_MEMO:
        if key == ident and ref is not None:
            return hit
    hit = (int(arr.min()), int(arr.max()))
    _RANGE_MEMO.append((ident, arr, hit))
    if len(_RANGE_MEMO) > 8:
        _RANGE_MEMO.pop(0)
    return hit


def _plain_codes(col: pd.Series) -> np.ndarray | None:
    """The column's values when it is a plain numpy integer column (no missing possible)."""
    if isinstance(col.dtype, np.dtype) and col.dtype.kind in "iu":
        return col.to_numpy()
    return None


class SideIndex:
    """The grid cells of one panel side (``cells``, ``intp``) and, when the side's cells
    come in long runs (side 1 of a dyad panel sorted by year and ``ccode1``: ~64 rows a
    run over 1816-2024), the runs' cells and lengths: then ``take`` repeats one value per
    run instead of gathering one per row (no index read per row)."""

    __slots__ = ("cells", "runs")

    def __init__(self, cells: np.ndarray) -> None:
        self.cells = cells
        self.runs = None
        if len(cells) > 1:
            differs = cells[1:] != cells[:-1]
            if np.count_nonzero(differs) + 1 <= len(cells) // 8:
                starts = np.r_[0, np.flatnonzero(differs) + 1]
                self.runs = (cells[starts], np.diff(np.r_[starts, len(cells)]))

    def take(self, flat: np.ndarray) -> np.ndarray:
        """``flat[cells]`` (a new array)."""
        if self.runs is None:
            return flat[self.cells]
        return np.repeat(flat[self.runs[0]], self.runs[1])


def _side_cells(year: np.ndarray, col: pd.Series, y0: int, ny: int, ncode: int) -> SideIndex:
    """Cells ``(year - y0) * ncode + code`` of one panel side on a ``ny x ncode`` grid
    (``intp``; the sentinel ``ny * ncode`` where the code is missing or out of range),
    memoized on the key columns' buffers like :func:`_panel_cells`."""
    codes = _plain_codes(col)
    if codes is not None:
        ident = (_ptr(year), _ptr(codes), len(year), codes.dtype.str, y0, ny, ncode)
        for key, refs, hit in _SIDE_MEMO:
            if key == ident and refs[0] is not None:
                return hit[0]
    else:
        ident = None
    if codes is not None and len(codes) and _range(codes)[0] >= 0 and _range(codes)[1] < ncode \
            and year.dtype.kind in "iu" and _range(year) == (y0, y0 + ny - 1):
        cells = year.astype(np.intp)          # every code and year on the grid: no mask
        cells -= y0
        cells *= ncode
        cells += codes
    else:
        vals = (codes if codes is not None else col.to_numpy(dtype="float64", na_value=-1)) \
            .astype(np.int64)
        y = year.astype(np.int64) - y0
        ok = (vals >= 0) & (vals < ncode) & (y >= 0) & (y < ny)
        cells = np.where(ok, y * ncode + vals, ny * ncode).astype(np.intp)
    side = SideIndex(cells)
    if ident is not None:
        _SIDE_MEMO.append((ident, (year, codes), (side,)))
        if len(_SIDE_MEMO) > 6:
            _SIDE_MEMO.pop(0)
    return side


def _duplicated(year: np.ndarray, code: np.ndarray) -> bool:
    """Whether two rows share ``(code, year)``: rows scattered on their own (year x code)
    grid when it is small (every state-year table), else a sort."""
    if len(year) < 2:
        return False
    y0, c0 = int(year.min()), int(code.min())
    ny, nc = int(year.max()) - y0 + 1, int(code.max()) - c0 + 1
    if ny * nc > 50_000_000:
        return len(np.unique((year - y0) * nc + (code - c0))) != len(year)
    cell = (year - y0) * nc + (code - c0)
    grid = np.full(ny * nc, -1, np.int64)
    rows = np.arange(len(year))
    grid[cell] = rows
    return not bool((grid[cell] == rows).all())


def monadic_cells(panel: pd.DataFrame, table: pd.DataFrame, *, first: int | None,
                  last: int | None, verb: str, system: str = "cow", code: str | None = None,
                  source: str = "table"):
    """The shared step of the state-year joins: the panel's sides on a dense (year x code)
    grid and the table's rows placed on it.

    Returns ``(meta, sides, idx, cells, rows, size)``: ``idx[side]`` the :class:`SideIndex`
    of each panel row's grid cell (a sentinel cell, always missing, where the code is
    missing), ``cells`` the grid
    cell of each table row kept (inside ``[first, last]`` and the panel's years) and
    ``rows`` those rows' positions in ``table``. A value array ``flat`` of ``size``
    (``ny * ncode + 1``) cells filled at ``cells`` gives every side's values as
    ``idx[side].take(flat)``.
    """
    meta = require_panel(panel, KINDS, None if code else system, verb=verb)
    cc = code or code_col(meta["system"])
    tcc = code_col(system)
    tcode = table[tcc]
    if tcode.isna().any():
        table = table[tcode.notna()]
        tcode = table[tcc]
    ty = table["year"].to_numpy().astype(np.int64)
    tc = tcode.to_numpy().astype(np.int64)
    if _duplicated(ty, tc):
        raise InputError(f"{source}: duplicate ({tcc}, year) rows", field=tcc)
    year = panel["year"].to_numpy()
    sides = [""] if meta["kind"] == "state_year" else (
        ["1", "2"] if meta["kind"] == "dyad_year" else ["1", "2", "3"])
    if len(year) and year.dtype.kind in "iu":
        y0, y1 = _range(year)
    else:
        y0, y1 = (int(year.min()), int(year.max())) if len(year) else (0, -1)
    ny = y1 - y0 + 1
    ncode = 1000
    for side in sides:        # codes past 999 widen the grid (never for COW or G-W)
        col = panel[f"{cc}{side}"]
        plain = _plain_codes(col)
        m = (_range(plain)[1] if len(plain) else None) if plain is not None else col.max()
        if m is not None and pd.notna(m) and int(m) >= ncode:
            ncode = int(m) + 1
    idx = {side: _side_cells(year, panel[f"{cc}{side}"], y0, ny, ncode) for side in sides}
    lo = y0 if first is None else max(y0, first)
    hi = y0 + ny - 1 if last is None else min(y0 + ny - 1, last)
    keep = (ty >= lo) & (ty <= hi) & (tc >= 0) & (tc < ncode)
    rows = np.flatnonzero(keep)
    cells = (ty[rows] - y0) * ncode + tc[rows]
    return meta, sides, idx, cells, rows, ny * ncode + 1


def join_monadic(panel: pd.DataFrame, table: pd.DataFrame, columns: dict[str, str], *,
                 source: str, first: int | None, last: int | None,
                 verb: str = "this verb", system: str = "cow",
                 code: str | None = None) -> pd.DataFrame:
    """Attach a state-year ``table`` (``ccode, year`` unique) to any COW panel.

    State-year panels get ``column``; dyad-year panels ``column1, column2``; triad-year
    panels ``column1..column3``. Missing where the table has no row or outside
    ``[first, last]``. Uses a dense (year x code) array, so it is one gather per side and
    column, at the column's own width (an ``Int8`` column gathers bytes).

    ``system="gw"`` joins a ``gwcode, year`` table to G-W panels. ``code`` names another
    code column of the panel to match the table on (e.g. ``"gwcode"`` on a COW state-year
    panel after :func:`amity.panel.add_gwcode_to_cow`; ``gwcode1, gwcode2`` on dyads); the
    panel may then be of either system, and rows whose code is missing get missing values.
    """
    meta, sides, idx, cells, rows, size = monadic_cells(
        panel, table, first=first, last=last, verb=verb, system=system, code=code,
        source=source)
    new: dict[str, Any] = {}
    for c, dtype in columns.items():
        v = table[c].to_numpy(dtype="float64", na_value=np.nan)
        v = v[rows] if len(rows) != len(v) else v
        if dtype.startswith("Float"):
            flat = np.full(size, np.nan)
            flat[cells] = v
            miss_flat = None
        else:                   # values at the column's width and a mask, gathered apart
            miss_flat = np.ones(size, bool)
            miss_flat[cells] = np.isnan(v)
            flat = np.zeros(size, dtype.lower())
            flat[cells] = np.where(np.isnan(v), 0, v).astype(dtype.lower())
        for side in sides:
            name = f"{c}{side}"
            if name in panel.columns:
                raise InputError(f"panel already has column {name!r} (was {verb} applied "
                                 "twice?)", field=name)
            got = idx[side].take(flat)
            miss = np.isnan(got) if miss_flat is None else idx[side].take(miss_flat)
            new[name] = _masked(got, miss, dtype)
    return _attach(panel, new, meta, source, first, last)


class PreparedCache:
    """Memo of a prepared (collapsed) source table keyed by the identity of its input frame.

    Frames from :func:`amity.sources.access.dataset` carry their memo key in
    ``attrs["amity_dataset"]`` (source or store record checksum), so collapsing ATOP or MIDs
    happens once per process and input; any other frame is keyed by identity (a reference
    to it is held so the id cannot be reused).
    """

    def __init__(self, name: str = "panel.prepared") -> None:
        self._memo: dict[tuple, tuple[Any, Any]] = {}
        caches.register(f"{name}:{id(self)}", self._memo.clear)

    def get(self, key: tuple, frame: Any, make: Any) -> Any:
        token = getattr(frame, "attrs", {}).get("amity_dataset")
        k = key + ((token,) if token is not None else (id(frame),))
        hit = self._memo.get(k)
        if hit is not None and (token is not None or hit[0] is frame):
            return hit[1]
        val = make(frame)
        if len(self._memo) > 32:
            self._memo.clear()
        self._memo[k] = (frame, val)
        return val
