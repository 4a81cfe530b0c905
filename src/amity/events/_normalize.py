"""Shared second half of every event parser: validate, code and resolve raw string columns.

A parser turns its file into a raw Arrow table of strings with the standard names below (plus
``line``, the physical line number); :func:`normalize` then, in one vectorized Arrow pass,

* rejects rows with a missing/non-numeric/unknown CAMEO code, a bad date, or non-numeric counts
  or tone (each with its field and reason, for the quarantine),
* adds quad class, Goldstein value (ICEWS table) and PLOVER category from :mod:`amity.cameo`
  (the file's own Goldstein and quad columns are ignored),
* resolves actor keys to canonical ids per (key, year) through :class:`ActorMapper`.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

import functools
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from amity import caches
from amity.events._actors import ActorMapper
from amity.events.schema import arrow_schema

#: raw string columns a parser provides (missing ones are treated as all-NULL).
RAW_COLUMNS = ("event_id", "date", "a1_key", "a2_key", "a1_code", "a2_code", "cameo",
               "root_event", "mentions", "sources", "articles", "tone")


@dataclass
class ParseResult:
    """What a parser returns: good rows, rejected rows and counts."""

    table: pa.Table
    rejects: list[dict[str, Any]] = field(default_factory=list)
    lines: int = 0                 # non-blank data lines read
    skipped_since: int = 0         # rows dropped by --since (not errors)
    unresolved: dict[str, int] = field(default_factory=dict)   # actor key -> rows

    @property
    def rows(self) -> int:
        return self.table.num_rows


def _ok_int(a: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where a string column is null or an integer literal."""
    return pc.or_kleene(pc.is_null(a), pc.match_substring_regex(a, r"^-?[0-9]+$"))


def _ok_float(a: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.or_kleene(pc.is_null(a), pc.match_substring_regex(
        a, r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$"))


def _cast_or_none(a: pa.ChunkedArray, typ: pa.DataType, ok: pa.ChunkedArray):
    """Cast the valid entries (``ok``) of a string column; invalid ones become null."""
    clean = pc.if_else(ok, a, pa.scalar(None, pa.string()))
    return pc.cast(clean, typ)


@functools.lru_cache(maxsize=1)
def _cameo_arrays():
    from amity import cameo

    t = cameo.table()
    codes = pa.array(t["code"].tolist(), pa.string())
    quad = pa.array(t["quad"].to_numpy(np.int8), pa.int8())
    gold = pa.array(t["goldstein"].to_numpy(np.float64), pa.float64())
    plover = pa.array([v if isinstance(v, str) else None for v in t["plover"]], pa.string())
    return codes, quad, gold, plover


def _map_actors(keys: pa.ChunkedArray, years: np.ndarray, mapper: ActorMapper,
                unresolved: dict[str, int]) -> pa.Array:
    """Canonical ids for (key, year) pairs, resolving each distinct pair once."""
    n = len(keys)
    if n == 0:
        return pa.array([], pa.string())
    enc = pc.dictionary_encode(keys).combine_chunks()
    dict_vals = enc.dictionary.to_pylist()
    idx = enc.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(pc.is_null(enc.indices).to_numpy(zero_copy_only=False))
    idx = np.where(valid, idx, 0).astype(np.int64)
    yoff = years.astype(np.int64) - 1700
    combo = idx * 1000 + yoff
    uniq, inv, counts = np.unique(np.where(valid, combo, -1), return_inverse=True,
                                  return_counts=True)
    ids: list[str | None] = []
    for u, c in zip(uniq.tolist(), counts.tolist()):
        if u < 0:
            ids.append(None)
            continue
        k = dict_vals[u // 1000]
        aid = mapper.resolve(k, u % 1000 + 1700)
        ids.append(aid)
        if aid is None:
            unresolved[k] = unresolved.get(k, 0) + int(c)
    return pc.take(pa.array(ids, pa.string()), pa.array(inv.reshape(-1)))


def normalize(raw: pa.Table, *, source: str, file: str, date_format: str,
              fields: dict[str, str], mapper: ActorMapper | None = None,
              since: _dt.date | None = None, extra_rejects: list[dict] | None = None,
              lines: int | None = None) -> ParseResult:
    """Validate and code a raw event table (see module doc).

    Parameters
    ----------
    raw : pyarrow.Table
        String columns among :data:`RAW_COLUMNS` and an int64 ``line`` column.
    source, file : str
        Stored with each row (provenance) and in reject records.
    date_format : str
        strptime format of ``date`` (``%Y%m%d`` for GDELT, ``%Y-%m-%d`` for ICEWS).
    fields : dict
        Standard column -> the file's own column name, used in reject messages.
    """
    mapper = mapper or ActorMapper("code")
    n = raw.num_rows
    col = {}
    for c in RAW_COLUMNS:
        col[c] = (raw.column(c).cast(pa.string()) if c in raw.column_names
                  else pa.chunked_array([pa.nulls(n, pa.string())]))
    line = raw.column("line").cast(pa.int64())
    codes, quad_t, gold_t, plover_t = _cameo_arrays()

    ts = pc.strptime(col["date"], format=date_format, unit="s", error_is_null=True)
    day = pc.cast(ts, pa.date32())
    yr = pc.year(ts)
    checks = [
        ("event_id", pc.is_valid(col["event_id"])),
        ("cameo", pc.is_in(col["cameo"], value_set=codes)),
        ("date", pc.and_kleene(pc.is_valid(ts), pc.and_kleene(pc.greater_equal(yr, 1800),
                                                               pc.less_equal(yr, 2100)))),
        ("mentions", _ok_int(col["mentions"])),
        ("sources", _ok_int(col["sources"])),
        ("articles", _ok_int(col["articles"])),
        ("tone", _ok_float(col["tone"])),
        ("root_event", pc.or_kleene(pc.is_null(col["root_event"]),
                                    pc.is_in(col["root_event"], value_set=pa.array(["0", "1"])))),
    ]
    ok = None
    for _, m in checks:
        m = pc.fill_null(m, False)
        ok = m if ok is None else pc.and_(ok, m)
    rejects: list[dict[str, Any]] = []
    if ok is not None and not pc.all(ok).as_py():
        bad_idx = np.flatnonzero(~np.asarray(ok.to_numpy(zero_copy_only=False)))
        masks = {k: np.asarray(pc.fill_null(m, False).to_numpy(zero_copy_only=False))
                 for k, m in checks}
        for i in bad_idx.tolist():
            k = next(k for k, _ in checks if not masks[k][i])
            val = col[k][i].as_py()
            rejects.append({"file": file, "line": int(line[i].as_py()), "field": fields.get(k, k),
                            "reason": _reason(k, val, date_format), "raw": val})
    skipped = 0
    keep = ok
    if since is not None:
        before = pc.fill_null(pc.less(day, pa.scalar(since, pa.date32())), False)
        skipped = int(pc.sum(pc.and_(keep, before)).as_py() or 0)
        keep = pc.and_(keep, pc.invert(before))
    good = pa.table({**col, "day": day, "line": line}).filter(keep)
    years = np.asarray(pc.year(good.column("day")).to_numpy(zero_copy_only=False))
    unresolved: dict[str, int] = {}
    a1 = _map_actors(good.column("a1_key"), years, mapper, unresolved)
    a2 = _map_actors(good.column("a2_key"), years, mapper, unresolved)
    ci = pc.index_in(good.column("cameo"), value_set=codes)
    m = good.num_rows
    out = {
        "event_id": good.column("event_id"), "date": good.column("day"),
        "actor1": a1, "actor2": a2,
        "actor1_code": good.column("a1_code"), "actor2_code": good.column("a2_code"),
        "cameo": good.column("cameo"),
        "quad": pc.take(quad_t, ci), "goldstein": pc.take(gold_t, ci),
        "plover": pc.take(plover_t, ci),
        "root_event": pc.equal(good.column("root_event"), "1"),
        "mentions": _cast_or_none(good.column("mentions"), pa.int32(),
                                  pc.is_valid(good.column("mentions"))),
        "sources": _cast_or_none(good.column("sources"), pa.int32(),
                                 pc.is_valid(good.column("sources"))),
        "articles": _cast_or_none(good.column("articles"), pa.int32(),
                                  pc.is_valid(good.column("articles"))),
        "tone": _cast_or_none(good.column("tone"), pa.float64(), pc.is_valid(good.column("tone"))),
        "source": pa.repeat(pa.scalar(source, pa.string()), m),
        "file": pa.repeat(pa.scalar(file, pa.string()), m),
        "line": good.column("line"),
    }
    table = pa.table(out).cast(arrow_schema())
    all_rejects = sorted((extra_rejects or []) + rejects, key=lambda r: r["line"] or 0)
    return ParseResult(table=table, rejects=all_rejects,
                       lines=(lines if lines is not None else n + len(extra_rejects or [])),
                       skipped_since=skipped, unresolved=unresolved)


def _reason(k: str, val: Any, date_format: str) -> str:
    if k == "event_id":
        return "missing event id"
    if k == "cameo":
        if val is None:
            return "missing CAMEO code"
        if not re.fullmatch(r"[0-9]+", val):
            return "non-numeric CAMEO code"
        return "unknown CAMEO code"
    if k == "date":
        return ("missing date" if val is None else
                f"bad date (expected {date_format}, between 1800 and 2100)")
    if k == "tone":
        return "non-numeric tone"
    if k == "root_event":
        return "IsRootEvent is not 0 or 1"
    return "non-numeric count"


caches.register("events.normalize._cameo_arrays", _cameo_arrays.cache_clear)
