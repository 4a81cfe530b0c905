"""Streaming, idempotent, resumable ingest of event files into the event store."""
from __future__ import annotations

import datetime as _dt
import glob as _glob
import hashlib
import os
import time
import zipfile
import zlib
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import duckdb
import pyarrow as pa

from amity import store as _store
from amity.errors import InputError
from amity.events import parse
from amity.events import store as es
from amity.events._actors import ActorMapper
from amity.events._normalize import ParseResult
from amity.events.coverage import file_span

FORMATS = ("gdelt1", "gdelt2", "icews", "gdelt1csv")
#: GDELT 2.0 files parsed together (:func:`amity.events.parse.parse_exports`): at most this
#: many files, or this many decompressed bytes
GROUP_FILES = 96
GROUP_BYTES = 64 << 20


def expand_paths(paths: str | os.PathLike | Sequence[str | os.PathLike]) -> list[Path]:
    """Files named by paths, directories (their files) or glob patterns, sorted, unique."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out: list[Path] = []
    for p in paths:
        s = str(p)
        if any(ch in s for ch in "*?["):
            hits = sorted(_glob.glob(s, recursive=True))
            if not hits:
                raise InputError(f"no file matches {s!r}", file=s)
            out += [Path(h) for h in hits if Path(h).is_file()]
        elif Path(s).is_dir():
            out += sorted(q for q in Path(s).iterdir() if q.is_file() and not q.name.startswith("."))
        elif Path(s).is_file():
            out.append(Path(s))
        else:
            raise InputError("no such file or directory", file=s)
    seen, uniq = set(), []
    real: dict[Path, Path] = {}   # a folder resolved once, not every file of it
    for p in out:
        d = real.get(p.parent)
        if d is None:
            d = real[p.parent] = p.parent.resolve()
        k = d / p.name
        if k not in seen:
            seen.add(k)
            uniq.append(p)
    return uniq


def _parse_since(since: str | _dt.date | None) -> _dt.date | None:
    if since is None or since == "":
        return None
    if isinstance(since, _dt.datetime):
        return since.date()
    if isinstance(since, _dt.date):
        return since
    s = str(since).strip()
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4), ("%Y%m%d", 8)):
        if len(s) == n:
            try:
                return _dt.datetime.strptime(s, fmt).date()
            except ValueError:
                pass
    raise InputError(f"--since {s!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", field="--since")


def _decode(path: Path, raw: bytes) -> bytes:
    from amity.events._lines import decompress

    try:
        return decompress(path, raw)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
        raise InputError(f"corrupt archive: {e}", file=str(path)) from None


def parse_file(path: Path, fmt: str, *, since: _dt.date | None = None,
               mappers: dict[str, ActorMapper] | None = None, data: bytes | None = None) -> ParseResult:
    """Parse one file in ``fmt`` into the event layout (dispatch to :mod:`amity.events.parse`)."""
    mappers = mappers if mappers is not None else {}
    if fmt == "gdelt2" or fmt == "gdelt1":
        m = mappers.setdefault("code", ActorMapper("code"))
        return parse.parse_export(path, 2 if fmt == "gdelt2" else 1, since=since, mapper=m,
                                  data=data)
    if fmt == "gdelt1csv":
        m = mappers.setdefault("code", ActorMapper("code"))
        return parse.parse_r_export(path, since=since, mapper=m)
    if fmt == "icews":
        m = mappers.setdefault("name", ActorMapper("name", parse.ICEWS_NAMES))
        return parse.parse_tab(path, since=since, mapper=m)
    raise InputError(f"unknown event format {fmt!r}; use one of {', '.join(FORMATS)}",
                     field="--format")


def ingest(paths: str | os.PathLike | Sequence[str | os.PathLike], fmt: str, *,
           con: duckdb.DuckDBPyConnection | None = None, db: str | os.PathLike | None = None,
           root: str | os.PathLike | None = None, since: str | _dt.date | None = None,
           batch_rows: int = 2_000_000,
           progress: Callable[[int, int, str], None] | None = None,
           data: Mapping[Path, bytes] | None = None) -> dict[str, Any]:
    """Ingest event files into the store, skipping files already ingested.

    Parameters
    ----------
    paths : path, glob or list of them
        Input files (``.zip``/``.gz`` are read transparently).
    fmt : {"gdelt1", "gdelt2", "icews", "gdelt1csv"}
        File layout (see :mod:`amity.sources.gdelt` and :mod:`amity.sources.icews`).
    con, db : optional
        An open store connection, or the store file (default ``$AMITY_DB``). Opening fails
        with :class:`~amity.errors.StoreLockedError` naming ``amity serve`` when it holds the
        store.
    root : path, optional
        The event store folder (default ``<db>.events``).
    since : date or str, optional
        Skip GDELT files whose name is stamped before this day, and events dated before it.
    batch_rows : int
        Files are committed together until a batch holds this many rows (fewer, larger
        Parquet parts for 15-minute GDELT files).
    progress : callable(done_bytes, total_bytes, file_name), optional
    data : {path: bytes}, optional
        The contents of paths that are not on disk (files :func:`amity.events.fetch.fetch`
        downloaded and verified in memory); such a path is taken as given, not expanded.

    Returns
    -------
    dict
        files (seen, ingested, already, skipped_since), rows, rejected, skipped_since,
        seconds, rows_per_s, unresolved actor keys (top 20), recovered leftovers.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown event format {fmt!r}; use one of {', '.join(FORMATS)}",
                         field="--format")
    if batch_rows < 1:
        raise InputError("batch_rows must be positive", field="batch_rows")
    since_d = _parse_since(since)
    mem = dict(data or {})
    if mem:
        listed = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        files = []
        for p in listed:
            files += [Path(p)] if Path(p) in mem else expand_paths(p)
    else:
        files = expand_paths(paths)
    own = con is None
    if own:
        con = _store.connect(db)
    try:
        dbp = es.db_file(con)
        rootp = es.events_dir(dbp if dbp else db, root)
        if dbp is None and root is None and not os.environ.get("AMITY_EVENTS_DIR"):
            raise InputError("an in-memory store needs an explicit events folder (root=)",
                             field="root")
        es.ensure_tables(con)
        es.claim(con, rootp)          # another store's folder is refused, never recovered
        recovered = es.recover(con, rootp)
        return _run(con, rootp, files, fmt, since_d, batch_rows, progress, recovered, mem)
    finally:
        if own:
            con.close()


def _run(con, rootp: Path, files: list[Path], fmt: str, since_d, batch_rows: int,
         progress, recovered, mem: Mapping[Path, bytes]) -> dict[str, Any]:
    t0 = time.perf_counter()
    sizes = [len(mem[p]) if p in mem else p.stat().st_size for p in files]
    total_bytes = sum(sizes)
    real: dict[Path, Path] = {}
    done_bytes = 0
    mappers: dict[str, ActorMapper] = {}
    summary: dict[str, Any] = {
        "format": fmt, "root": str(rootp), "since": since_d,
        "files": {"seen": len(files), "ingested": 0, "already": 0, "skipped_since": 0},
        "rows": 0, "rejected": 0, "skipped_since": 0, "batches": 0, "parts": 0,
        "recovered": recovered,
    }
    unresolved: dict[str, int] = {}
    pending: list[tuple[dict, ParseResult]] = []
    pending_rows = 0
    seen_sha: set[str] = set()

    def flush() -> None:
        nonlocal pending, pending_rows
        if not pending:
            return
        h = hashlib.sha256("|".join(sorted(f["sha256"] for f, _ in pending)).encode())
        batch = h.hexdigest()[:24]
        tables = [r.table for _, r in pending if r.table.num_rows]
        table = pa.concat_tables(tables) if tables else pending[0][1].table
        rejects = []
        for f, r in pending:
            for rj in r.rejects:
                rj = dict(rj)
                rj["source"] = f"events:{fmt}"
                rejects.append(rj)
        summary["parts"] += es.commit_batch(con, rootp, batch, table,
                                            [f for f, _ in pending], rejects)
        summary["batches"] += 1
        summary["files"]["ingested"] += len(pending)
        pending, pending_rows = [], 0

    # the manifest's files, read once (not one query per file)
    done_sha = {r[0] for r in con.execute(
        "SELECT sha256 FROM event_files WHERE status = 'done'").fetchall()}
    # GDELT 2.0 files are small: parsed together, GROUP_FILES at a time (same results)
    grouped = fmt == "gdelt2" and since_d is None
    queue: list[tuple[dict, Path, bytes]] = []
    queue_bytes = 0

    def add(info: dict, res: ParseResult) -> None:
        nonlocal pending_rows
        for k, v in res.unresolved.items():
            unresolved[k] = unresolved.get(k, 0) + v
        info.update(rows=res.rows, rejected=len(res.rejects), skipped_since=res.skipped_since,
                    span=file_span(fmt, info["name"], res.table))
        summary["rows"] += res.rows
        summary["rejected"] += len(res.rejects)
        summary["skipped_since"] += res.skipped_since
        pending.append((info, res))
        pending_rows += res.rows
        if pending_rows >= batch_rows:
            flush()

    def parse_queue() -> None:
        nonlocal queue, queue_bytes
        if not queue:
            return
        t1 = time.perf_counter()
        results = parse.parse_exports([(p, d) for _, p, d in queue], 2,
                                      mapper=mappers.setdefault("code", ActorMapper("code")))
        per = (time.perf_counter() - t1) / len(queue)
        for (info, _, _), res in zip(queue, results):
            info["seconds"] = per
            add(info, res)
        queue, queue_bytes = [], 0

    for path, size in zip(files, sizes):
        if since_d is not None and fmt in ("gdelt1", "gdelt2"):
            stamp = parse.file_stamp(path)
            if stamp is not None and stamp < since_d:
                summary["files"]["skipped_since"] += 1
                done_bytes += size
                if progress:
                    progress(done_bytes, total_bytes, path.name)
                continue
        raw = mem[path] if path in mem else path.read_bytes()
        sha = hashlib.sha256(raw).hexdigest()
        if sha in seen_sha or sha in done_sha:
            summary["files"]["already"] += 1
            done_bytes += size
            if progress:
                progress(done_bytes, total_bytes, path.name)
            continue
        seen_sha.add(sha)
        t1 = time.perf_counter()
        data = _decode(path, raw) if fmt in ("gdelt1", "gdelt2") else None
        del raw
        d = real.get(path.parent)
        if d is None:
            d = real[path.parent] = path.parent.resolve()
        info = {"sha256": sha, "name": path.name, "path": str(d / path.name), "format": fmt,
                "bytes": size, "since": since_d}
        if grouped:
            queue.append((info, path, data))
            queue_bytes += len(data)
            if len(queue) >= GROUP_FILES or queue_bytes >= GROUP_BYTES:
                parse_queue()
        else:
            res = parse_file(path, fmt, since=since_d, mappers=mappers, data=data)
            info["seconds"] = time.perf_counter() - t1
            add(info, res)
        del data
        done_bytes += size
        if progress:
            progress(done_bytes, total_bytes, path.name)
    parse_queue()
    flush()
    secs = time.perf_counter() - t0
    summary["seconds"] = round(secs, 3)
    summary["rows_per_s"] = round(summary["rows"] / secs) if secs > 0 else None
    summary["unresolved_actors"] = dict(sorted(unresolved.items(), key=lambda kv: -kv[1])[:20])
    return summary

