"""Panel frames: state-years, dyad-years and triad-years of the COW or G-W state system.

A state is a system member in every calendar year that any of its membership spells touches
(the convention of peacesciencer's ``create_stateyears``). A dyad (triad) exists in a year when
its members' memberships overlap on at least one day of that year, so "false dyads" (one state
left before the other joined) are not created; this reproduces peacesciencer's ``cow_ddy``. Spells that run
to the end of the list's copy (COW states2016: 2016-12-31; G-W: 2017-12-31) continue through
the current year.
"""
from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import numpy as np
import pandas as pd

from amity import caches
from amity.errors import InputError
from amity.panel._common import code_col, key_columns, set_meta, year_bounds
from amity.sources.access import dataset


def current_year() -> int:
    return _dt.date.today().year


# ------------------------------------------------------------------ membership arrays

def _md(month: Any, day: Any) -> np.ndarray:
    """A monotonic within-year ordinal: month * 32 + day."""
    return (np.asarray(month, dtype=np.int32) * 32 + np.asarray(day, dtype=np.int32))


def _spells(system: str, mirror: Any = None, con: Any = None, majors: bool = False,
            microstates: bool = True) -> pd.DataFrame:
    if system == "cow":
        df = dataset("cow_majors" if majors else "cow_states", con=con, mirror=mirror)
        code = df["ccode"]
        first, last = df["styear"], df["endyear"]
        smd = _md(df["stmonth"].to_numpy(), df["stday"].to_numpy())
        emd = _md(df["endmonth"].to_numpy(), df["endday"].to_numpy())
    elif system == "gw":
        if majors:
            raise InputError("major-power status is coded for the COW system only; use "
                             "system='cow' with majors=True", field="majors")
        # andybega/states' G-W list (with microstates, as peacesciencer's gw_ddy); an open
        # end (NA, 9999-12-31 upstream) means still a member
        df = dataset("states_gw", con=con, mirror=mirror)
        if not microstates:
            df = df[~df["microstate"].astype(bool)]
        df = df.assign(open_end=df["end"].isna(),
                       end=df["end"].fillna("2017-12-31"))
        code = df["gwcode"]
        st, en = df["start"].astype(str), df["end"].astype(str)
        first = st.str[:4].astype(int)
        last = en.str[:4].astype(int)
        smd = _md(st.str[5:7].astype(int).to_numpy(), st.str[8:10].astype(int).to_numpy())
        emd = _md(en.str[5:7].astype(int).to_numpy(), en.str[8:10].astype(int).to_numpy())
    else:
        code_col(system)  # raises the clear error
        raise AssertionError
    return pd.DataFrame({"code": code.astype("int32").to_numpy(),
                         "first": first.astype("int32").to_numpy(),
                         "last": last.astype("int32").to_numpy(),
                         "smd": smd, "emd": emd,
                         "open": df["open_end"].astype(bool).to_numpy()})


def member_years(system: str = "cow", years: Any = None, *, majors: bool = False,
                 mirror: Any = None, con: Any = None, with_days: bool = False,
                 microstates: bool = True):
    """Sorted unique (year, code) membership pairs as two int32 arrays.

    With ``with_days`` also the first and last within-year ordinal (``month * 32 + day``)
    of membership in that year, used to drop dyads whose members never coexisted inside a
    year (e.g. a state that left in May and one that joined in December).
    """
    sp = _spells(system, mirror, con, majors, microstates)
    is_open = sp["open"].to_numpy()
    last = np.where(is_open, max(current_year(), int(sp["last"].max())), sp["last"].to_numpy())
    first = sp["first"].to_numpy()
    n = np.maximum(last - first + 1, 0)
    code = np.repeat(sp["code"].to_numpy(), n)
    start = np.repeat(first, n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    year = (start + offs).astype(np.int32)
    s_md = np.where(year == start, np.repeat(sp["smd"].to_numpy(), n), 0).astype(np.int32)
    e_md = np.where((year == np.repeat(last, n)) & ~np.repeat(is_open, n),
                    np.repeat(sp["emd"].to_numpy(), n), 12 * 32 + 31).astype(np.int32)
    lo, hi = year_bounds(years)
    keep = np.ones(len(year), bool)
    if lo is not None:
        keep &= year >= lo
    if hi is not None:
        keep &= year <= hi
    key = year[keep].astype(np.int64) * 1000 + code[keep]
    s_md, e_md = s_md[keep], e_md[keep]
    order = np.argsort(key, kind="stable")
    key, s_md, e_md = key[order], s_md[order], e_md[order]
    ukey, idx = np.unique(key, return_index=True)
    if len(ukey) != len(key):   # two spells touching one year: span of both
        s_md = np.minimum.reduceat(s_md, idx)
        e_md = np.maximum.reduceat(e_md, idx)
    else:
        s_md, e_md = s_md[idx], e_md[idx]
    y, c = (ukey // 1000).astype(np.int32), (ukey % 1000).astype(np.int32)
    if with_days:
        return y, c, s_md, e_md
    return y, c


def resolve_codes(states: Iterable[Any] | None, system: str = "cow") -> np.ndarray | None:
    """State codes from ints, numeric strings, canonical ids or names (via ``amity.actors``).

    A canonical id resolves to every code of its lineage that has one in ``system`` (so
    ``RUS`` gives COW 365, also covering the USSR and the Russian Empire).
    """
    if states is None:
        return None
    if isinstance(states, str):
        states = [s for s in states.split(",") if s.strip()]
    codes: set[int] = set()
    for s in states:
        if isinstance(s, (int, np.integer)):
            codes.add(int(s))
            continue
        txt = str(s).strip()
        if txt.isdigit():
            codes.add(int(txt))
            continue
        from amity import actors

        actor = actors.resolve(txt)
        found = set()
        line = actors.lineage(actor.id) or [actor]
        for a in line:
            c = a.cow if system == "cow" else a.gw
            if c is not None:
                found.add(int(c))
        if not found:
            raise InputError(f"{txt!r} ({actor.id}) has no {system.upper()} state code",
                             field="states")
        codes |= found
    if not codes:
        raise InputError("no states given", field="states")
    return np.array(sorted(codes), dtype=np.int32)


def _filter(states: np.ndarray | None, year: np.ndarray, code: np.ndarray, *rest: np.ndarray):
    if states is None:
        return (year, code, *rest)
    keep = np.isin(code, states)
    return tuple(a[keep] for a in (year, code, *rest))


# ------------------------------------------------------------------ combinatorics

@functools.lru_cache(maxsize=64)
def _pairs(n: int, directed: bool) -> tuple[np.ndarray, np.ndarray]:
    if directed:
        i, j = np.nonzero(~np.eye(n, dtype=bool))
    else:
        i, j = np.triu_indices(n, 1)
    return i.astype(np.int32), j.astype(np.int32)


@functools.lru_cache(maxsize=4)   # ~14 MB per entry at 195 members: keep few
def _triples(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All i < j < k of range(n), in lexicographic order (vectorized)."""
    i, j = np.triu_indices(n, 1)
    cnt = (n - 1 - j).astype(np.int64)
    total = int(cnt.sum())
    ii = np.repeat(i, cnt).astype(np.int32)
    jj = np.repeat(j, cnt).astype(np.int32)
    offs = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    kk = (jj + 1 + offs).astype(np.int32)
    return ii, jj, kk


def _by_year(year: np.ndarray, *arrays: np.ndarray) -> Iterator[tuple]:
    if len(year) == 0:
        return
    cuts = np.flatnonzero(np.diff(year)) + 1
    starts = np.r_[0, cuts]
    ends = np.r_[cuts, len(year)]
    for s, e in zip(starts, ends):
        yield (int(year[s]), *(a[s:e] for a in arrays))


# ------------------------------------------------------------------ public constructors

def create_state_years(system: str = "cow", years: Any = None, states: Any = None, *,
                       majors: bool = False, microstates: bool = True, mirror: Any = None,
                       con: Any = None) -> pd.DataFrame:
    """State-years of the state system.

    Parameters
    ----------
    system : {"cow", "gw"}
        Correlates of War (states2016) or Gleditsch–Ward membership.
    years : (first, last) or int, optional
        Inclusive year range (default: the list's first year through the current year).
    states : iterable, optional
        Restrict to these states (codes, canonical ids or names).
    majors : bool
        Restrict to COW major powers in each year.
    microstates : bool
        G-W only: keep the microstates of Gleditsch & Ward's separate list (default True,
        as peacesciencer's ``gw_ddy``).

    Returns
    -------
    DataFrame with ``ccode, year`` (or ``gwcode, year``), sorted by year then code.
    """
    y, c = member_years(system, years, majors=majors, microstates=microstates,
                        mirror=mirror, con=con)
    y, c = _filter(resolve_codes(states, system), y, c)
    cc = code_col(system)
    df = pd.DataFrame({cc: c, "year": y})
    return set_meta(df, kind="state_year", system=system, directed=False)


def dyad_arrays(system: str = "cow", directed: bool = False, years: Any = None,
                states: Any = None, *, majors: bool = False, microstates: bool = True,
                mirror: Any = None, con: Any = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(code1, code2, year) int32 arrays of the dyad-year frame (see :func:`create_dyad_years`)."""
    y, c, sd, ed = member_years(system, years, majors=majors, microstates=microstates,
                                mirror=mirror, con=con, with_days=True)
    y, c, sd, ed = _filter(resolve_codes(states, system), y, c, sd, ed)
    if len(y) == 0:
        e = np.zeros(0, np.int32)
        return e, e.copy(), e.copy()
    # one pass over years only to pick cached index pairs; the gathers are global
    cuts = np.flatnonzero(np.diff(y)) + 1
    starts = np.r_[0, cuts]
    sizes = np.diff(np.r_[starts, len(y)])
    ii, jj = [], []
    for st, n in zip(starts.tolist(), sizes.tolist()):
        i, j = _pairs(n, directed)
        ii.append(i + st)
        jj.append(j + st)
    I = np.concatenate(ii)
    J = np.concatenate(jj)
    counts = np.array([len(i) for i in ii])
    years_out = np.repeat(y[starts], counts).astype(np.int32)
    partial = (sd > 0) | (ed < 12 * 32 + 31)      # joined or left during the year
    if partial.any():
        sd16, ed16 = sd.astype(np.int16), ed.astype(np.int16)
        pi, pj = partial[I], partial[J]
        cand = np.flatnonzero(pi | pj)
        ci, cj = I[cand], J[cand]
        bad = np.maximum(sd16[ci], sd16[cj]) > np.minimum(ed16[ci], ed16[cj])
        if bad.any():
            keep = np.ones(len(I), bool)
            keep[cand[bad]] = False
            I, J, years_out = I[keep], J[keep], years_out[keep]
    return c[I], c[J], years_out


def create_dyad_years(system: str = "cow", directed: bool = False, years: Any = None,
                      states: Any = None, *, majors: bool = False, microstates: bool = True,
                      mirror: Any = None, con: Any = None) -> pd.DataFrame:
    """Dyad-years of the state system (peacesciencer's ``create_dyadyears``).

    Every pair of states that are both system members in a year. Non-directed frames hold
    each pair once with ``ccode1 < ccode2``; directed frames hold both orders.

    Parameters
    ----------
    system : {"cow", "gw"}
    directed : bool
    years : (first, last) or int, optional
    states : iterable, optional
        Keep only dyads whose two sides are among these states.
    majors : bool
        Keep only dyads of two COW major powers.

    Returns
    -------
    DataFrame ``ccode1, ccode2, year`` (int32), sorted by year, ccode1, ccode2.
    """
    a, b, y = dyad_arrays(system, directed, years, states, majors=majors,
                          microstates=microstates, mirror=mirror, con=con)
    k1, k2, _ = key_columns("dyad_year", system)
    df = pd.DataFrame({k1: a, k2: b, "year": y})
    return set_meta(df, kind="dyad_year", system=system, directed=bool(directed))


def iter_triad_years(system: str = "cow", years: Any = None, states: Any = None, *,
                     majors: bool = False, microstates: bool = True, mirror: Any = None,
                     con: Any = None, max_rows: int = 1_000_000) -> Iterator[pd.DataFrame]:
    """Triad-years in chunks of at most about ``max_rows`` rows (one or more years each).

    Each chunk is a frame like :func:`create_triad_years` returns, so the ~58M-row full COW
    panel can be streamed to disk (see :func:`write_panel`).
    """
    y, c, sd, ed = member_years(system, years, majors=majors, microstates=microstates,
                                mirror=mirror, con=con, with_days=True)
    y, c, sd, ed = _filter(resolve_codes(states, system), y, c, sd, ed)
    k1, k2, k3, _ = key_columns("triad_year", system)
    buf: list[tuple[np.ndarray, ...]] = []
    size = 0

    def flush() -> pd.DataFrame:
        df = pd.DataFrame({k1: np.concatenate([t[0] for t in buf]),
                           k2: np.concatenate([t[1] for t in buf]),
                           k3: np.concatenate([t[2] for t in buf]),
                           "year": np.concatenate([t[3] for t in buf])})
        return set_meta(df, kind="triad_year", system=system, directed=False)

    for yr, m, s_, e_ in _by_year(y, c, sd, ed):
        i, j, k = _triples(len(m))
        if len(i) == 0:
            continue
        if (s_ > 0).any() or (e_ < 12 * 32 + 31).any():   # someone joined/left this year
            ok = (np.maximum(np.maximum(s_[i], s_[j]), s_[k])
                  <= np.minimum(np.minimum(e_[i], e_[j]), e_[k]))
            i, j, k = i[ok], j[ok], k[ok]
        buf.append((m[i], m[j], m[k], np.full(len(i), yr, np.int32)))
        size += len(i)
        if size >= max_rows:
            yield flush()
            buf, size = [], 0
    if buf:
        yield flush()


def create_triad_years(system: str = "cow", years: Any = None, states: Any = None, *,
                       majors: bool = False, microstates: bool = True, mirror: Any = None,
                       con: Any = None) -> pd.DataFrame:
    """Triad-years: every unordered triple of system members alive in the year.

    ``ccode1 < ccode2 < ccode3``. The full COW panel 1816–today has about 58M rows (about
    0.9 GB in memory); restrict with ``states=`` (e.g. ``["CHN", "RUS", "USA"]``),
    ``majors=True`` or ``years=``, or stream it with :func:`iter_triad_years` /
    :func:`write_panel`.
    """
    chunks = list(iter_triad_years(system, years, states, majors=majors,
                                   microstates=microstates, mirror=mirror, con=con))
    k = key_columns("triad_year", system)
    if not chunks:
        df = pd.DataFrame({c: np.zeros(0, np.int32) for c in k})
    else:
        df = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return set_meta(df, kind="triad_year", system=system, directed=False)


# ------------------------------------------------------------------ writing

def write_panel(chunks: Iterable[pd.DataFrame], out: str | Path, *,
                on_chunk: Callable[[pd.DataFrame], None] | None = None) -> dict[str, Any]:
    """Write frames (one or many chunks of the same columns) to ``.parquet`` or ``.csv``.

    Streams: only one chunk is in memory at a time. Writes to a temporary file beside
    ``out`` and renames it at the end, so a failed write leaves no half file.
    Returns ``{"rows": n, "columns": [...], "path": str}``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise InputError(f"output must end in .parquet or .csv, got {out.name!r}", field="--out")
    if not out.parent.exists():
        raise InputError(f"folder {out.parent} does not exist", field="--out")
    tmp = out.with_name(out.name + ".part")
    rows = 0
    cols: list[str] = []
    writer = None
    try:
        first = True
        for df in chunks:
            if first:
                cols = list(df.columns)
            if suffix == ".parquet":
                tbl = pa.Table.from_pandas(df, preserve_index=False)
                if writer is None:
                    writer = pq.ParquetWriter(tmp, tbl.schema)
                writer.write_table(tbl.cast(writer.schema))
            else:
                df.to_csv(tmp, mode="w" if first else "a", header=first, index=False)
            rows += len(df)
            first = False
            if on_chunk:
                on_chunk(df)
        if writer is not None:
            writer.close()
            writer = None
        if first:  # no chunk at all: still write an empty file
            pd.DataFrame().to_csv(tmp, index=False) if suffix == ".csv" else \
                pq.write_table(pa.table({}), tmp)
        tmp.replace(out)
    finally:
        if writer is not None:
            writer.close()
        if tmp.exists():
            tmp.unlink()
    return {"rows": rows, "columns": cols, "path": str(out)}
caches.register("panel.create._pairs", _pairs.cache_clear)
caches.register("panel.create._triples", _triples.cache_clear)
