"""How much of each period the event store holds: its coverage, from what was ingested.

Every input file covers a span of time, and the store covers the union of its files' spans:

* a GDELT 2.0 export ``YYYYMMDDHHMMSS.export.CSV[.zip]`` covers its 15 minutes (GDELT adds
  an event to the slice in which it first saw it), so a day is 96 files;
* a GDELT 1.0 daily file ``YYYYMMDD.export.CSV[.zip]`` covers its day, a monthly back file
  ``YYYYMM.zip`` (or ``YYYYMM.csv``) its month, a yearly one ``YYYY.zip`` its year;
* any other file (ICEWS, the R export, a sample, a file renamed by hand) covers the days from
  its first to its last event date, inclusive: two days of an ICEWS sample cover two days;
* parts written without an ingest (``amity events synth --format parquet``) cover the days
  from their first to their last event.

The span of an ingested file is stored in the manifest (``event_files.span_start``,
``span_end``; end exclusive); a manifest row written before these columns existed gets its
span from the name, else from its events. The coverage of a period is the share of its time
inside that union (0..1). It never comes from how many events there are: a quiet day held is
covered, a day whose files were never fetched is not, however many events of other days
carry its date.

A period whose coverage is below :data:`PARTIAL_BELOW` is *partial*: its aggregates are a
sample of that part of the period, never a full period (issue 17). The closeness model weighs
the event evidence of a year by its coverage (:mod:`amity.assembly.closeness_inputs`).
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from pathlib import Path
from typing import Any, Iterable

import numpy as np

#: a period with less than this share of its time covered is partial
PARTIAL_BELOW = 0.95

_V2 = re.compile(r"^(\d{14})\.export\.csv(?:\.zip|\.gz)?$", re.I)
_V1_DAY = re.compile(r"^(\d{8})\.export\.csv(?:\.zip|\.gz)?$", re.I)
_V1_MONTH = re.compile(r"^(\d{6})\.(?:zip|csv|csv\.zip)$", re.I)
_V1_YEAR = re.compile(r"^(\d{4})\.(?:zip|csv|csv\.zip)$", re.I)
_SLICE = _dt.timedelta(minutes=15)
_DAY = _dt.timedelta(days=1)


def _month_start(y: int, m: int) -> _dt.datetime:
    return _dt.datetime(y, m, 1)


def _next_month(y: int, m: int) -> _dt.datetime:
    return _dt.datetime(y + (m == 12), m % 12 + 1, 1)


def name_span(fmt: str, name: str) -> tuple[_dt.datetime, _dt.datetime] | None:
    """The span ``[start, end)`` a GDELT file's name says it covers (None: the name does not
    say; then the file's events do, see :func:`file_span`)."""
    if fmt not in ("gdelt1", "gdelt2"):
        return None
    try:
        m = _V2.match(name)
        if m:
            t = _dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
            return t, t + _SLICE
        m = _V1_DAY.match(name)
        if m:
            t = _dt.datetime.strptime(m.group(1), "%Y%m%d")
            return t, t + _DAY
        if fmt == "gdelt1":
            m = _V1_MONTH.match(name)
            if m:
                y, mo = int(m.group(1)[:4]), int(m.group(1)[4:])
                return _month_start(y, mo), _next_month(y, mo)
            m = _V1_YEAR.match(name)
            if m:
                y = int(m.group(1))
                return _dt.datetime(y, 1, 1), _dt.datetime(y + 1, 1, 1)
    except ValueError:
        return None
    return None


def dates_span(first: _dt.date | None, last: _dt.date | None
               ) -> tuple[_dt.datetime, _dt.datetime] | None:
    """``[first, last + 1 day)`` for a file whose events run from ``first`` to ``last``."""
    if first is None or last is None:
        return None
    return (_dt.datetime(first.year, first.month, first.day),
            _dt.datetime(last.year, last.month, last.day) + _DAY)


def file_span(fmt: str, name: str, table: Any = None) -> tuple[_dt.datetime, _dt.datetime] | None:
    """The span an input file covers: from its name (GDELT), else from the first to the last
    event date of its parsed ``table`` (a :class:`pyarrow.Table` with a ``date`` column);
    None for a file with neither (no dated event)."""
    sp = name_span(fmt, name)
    if sp is not None or table is None or not table.num_rows:
        return sp
    import pyarrow.compute as pc

    mm = pc.min_max(table.column("date")).as_py()
    return dates_span(mm["min"], mm["max"])


# ------------------------------------------------------------------------------ periods

def _merge(spans: Iterable[tuple[_dt.datetime, _dt.datetime]]) -> list[tuple[np.int64, np.int64]]:
    """The union of spans as sorted disjoint ``[start, end)`` intervals in seconds."""
    s = [(a, b) for a, b in spans if a is not None and b is not None and b > a]
    if not s:
        return []
    st = np.array([a for a, _ in s], dtype="datetime64[s]").astype(np.int64)
    en = np.array([b for _, b in s], dtype="datetime64[s]").astype(np.int64)
    o = np.argsort(st, kind="stable")
    st, en = st[o], en[o]
    reach = np.maximum.accumulate(en)
    new = np.ones(len(st), bool)
    new[1:] = st[1:] > reach[:-1]
    idx = np.flatnonzero(new)
    ends = np.append(idx[1:], len(st)) - 1
    return list(zip(st[idx], reach[ends]))


def _sec(t: _dt.datetime) -> int:
    return int(np.datetime64(t, "s").astype(np.int64))


def period_coverage(spans: Iterable[tuple[_dt.datetime, _dt.datetime]], by: str = "year"
                    ) -> dict:
    """Coverage of every period a span touches: ``{year: share}`` (``by="year"``) or
    ``{(year, month): share}`` (``by="month"``); shares in (0, 1]."""
    if by not in ("year", "month"):
        raise ValueError(f"by must be year or month, not {by!r}")
    out: dict = {}
    for a, b in _merge(spans):
        t0 = np.datetime64(int(a), "s").astype(_dt.datetime)
        y, m = t0.year, t0.month
        while True:
            if by == "year":
                p0, p1, key = _dt.datetime(y, 1, 1), _dt.datetime(y + 1, 1, 1), y
            else:
                p0, p1, key = _month_start(y, m), _next_month(y, m), (y, m)
            s0, s1 = _sec(p0), _sec(p1)
            if s0 >= b:
                break
            inter = min(b, s1) - max(a, s0)
            if inter > 0:
                out[key] = out.get(key, 0.0) + inter / (s1 - s0)
            if by == "year":
                y += 1
            else:
                y, m = (y + (m == 12), m % 12 + 1)
    return {k: float(min(1.0, v)) for k, v in sorted(out.items())}


def days_in(year: int, month: int | None = None) -> int:
    if month is None:
        return 366 if calendar.isleap(int(year)) else 365
    return calendar.monthrange(int(year), int(month))[1]


# ------------------------------------------------------------------------------ the store

def store_spans(con, root: Path) -> list[tuple[_dt.datetime, _dt.datetime]]:
    """The spans of everything the event folder ``root`` holds: the manifest's files (the
    owning store's manifest: ``con``'s when it owns the folder, else the owner's, opened
    read-only) and the parts no ingest wrote."""
    import duckdb

    from amity.events import store as es

    root = Path(root)
    parts = es.committed_parts(root, con)
    if not parts:
        return []
    rows = _manifest_rows(con, root)
    spans: list[tuple[_dt.datetime, _dt.datetime]] = []
    by_events: list[str] = []
    for fmt, name, s0, s1 in rows:
        if s0 is not None and s1 is not None:
            spans.append((s0, s1))
            continue
        sp = name_span(fmt, name)
        if sp is not None:
            spans.append(sp)
        else:
            by_events.append(name)          # an old manifest row: its events tell
    loose = [p for p in parts if not es.is_ingest_part(p)]
    ing = [p for p in parts if es.is_ingest_part(p)]
    q = duckdb.connect()
    try:
        if by_events and ing:
            names = ", ".join("'" + n.replace("'", "''") + "'" for n in sorted(set(by_events)))
            for _f, lo, hi in q.execute(
                    f"SELECT parse_filename(file) AS f, min(date), max(date) FROM {_read(ing)} "
                    f"WHERE parse_filename(file) IN ({names}) GROUP BY ALL").fetchall():
                sp = dates_span(lo, hi)
                if sp:
                    spans.append(sp)
        if loose:
            for _f, lo, hi in q.execute(
                    f"SELECT filename, min(date), max(date) FROM {_read(loose, True)} "
                    "GROUP BY filename").fetchall():
                sp = dates_span(lo, hi)
                if sp:
                    spans.append(sp)
    finally:
        q.close()
    return spans


def _read(files: list[Path], filename: bool = False) -> str:
    lst = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    return f"read_parquet([{lst}], union_by_name = true{', filename = true' if filename else ''})"


def _manifest_rows(con, root: Path) -> list[tuple]:
    """``(format, name, span_start, span_end)`` of the committed files of ``root``'s owner."""
    import duckdb

    from amity.events import store as es

    def read(c) -> list[tuple]:
        cols = {r[0] for r in c.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'event_files' "
            "AND schema_name = current_schema() AND database_name = current_database()"
        ).fetchall()}
        if not cols:
            return []
        span = "span_start, span_end" if {"span_start", "span_end"} <= cols else "NULL, NULL"
        return c.execute(f"SELECT format, name, {span} FROM event_files "
                         "WHERE status = 'done'").fetchall()

    if con is not None and es.owns(es.db_file(con), root):
        try:
            return read(con)
        except duckdb.Error:
            return []
    who = es.owner_of(root) or (str(root)[:-len(".events")] if str(root).endswith(".events")
                                else None)
    if not who or not Path(who).is_file():
        return []
    try:
        c2 = duckdb.connect(who, read_only=True)
    except duckdb.Error:
        return []
    try:
        return read(c2)
    except duckdb.Error:
        return []
    finally:
        c2.close()


def store_coverage(con, root: Path, by: str = "year") -> dict:
    """:func:`period_coverage` of the event folder ``root`` (see :func:`store_spans`)."""
    return period_coverage(store_spans(con, root), by)


__all__ = ["PARTIAL_BELOW", "name_span", "file_span", "dates_span", "period_coverage",
           "store_spans", "store_coverage", "days_in"]
