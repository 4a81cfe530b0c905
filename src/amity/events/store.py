"""The event store: Hive-partitioned Parquet beside the DuckDB file, with a manifest.

Layout (``root`` defaults to ``<db>.events/``, or ``$AMITY_EVENTS_DIR``)::

    root/year=2018/month=6/ing-<batch>-201806.parquet   committed parts of an ingest batch
    root/year=1990/month=1/synth-....parquet        parts written by `amity events synth`
    root/_staging/<batch>/ing-<batch>-YYYYMM.parquet  a batch being written (never read)

Names starting with ``_`` are ignored by DuckDB's glob below and by Spark's partition
discovery, so staged data is never visible to a query.

Manifest: the DuckDB table ``event_files`` (one row per ingested input file: sha256, name,
format, rows, rejected rows, batch, status, time). Commit protocol for one batch of files:

1. write all partitions of the batch under ``_staging/<batch>/``;
2. move each part file into its partition folder (``os.replace``, atomic per file);
3. in one DuckDB transaction, insert the batch's manifest rows and quarantined rows.

A batch is committed exactly when its manifest rows exist. :func:`recover` (run before every
ingest and query on the store) deletes ``_staging`` and every ``ing-<batch>-*`` part whose
batch is not in the manifest, i.e. what a crash between steps 1 and 3 left behind; re-running
the ingest then re-reads those files. Kill the process at any point and re-run: the rows are
those of an uninterrupted run.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import shutil
import signal
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from amity import config
from amity.store import transaction

MANIFEST_DDL = """
CREATE TABLE IF NOT EXISTS event_files (
    sha256 VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    path VARCHAR,
    format VARCHAR NOT NULL,
    bytes BIGINT,
    rows BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    skipped_since BIGINT NOT NULL,
    batch VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    since DATE,
    ingested_at TIMESTAMP NOT NULL,
    seconds DOUBLE,
    span_start TIMESTAMP,
    span_end TIMESTAMP
);
"""
#: columns added to the manifest after its first version (added to older stores on write)
_MANIFEST_ADDED = {"span_start": "TIMESTAMP", "span_end": "TIMESTAMP"}

_PART = re.compile(r"^ing-([0-9a-f]{16,64})-\d+\.parquet$")
GLOB = "year=*/month=*/*.parquet"
_YM = re.compile(r"^year=(-?\d+)$"), re.compile(r"^month=(\d+)$")

#: the actor dictionary of a store folder: a JSON list of canonical ids, position = code
ACTOR_DICT = "_actors.json"
#: integer actor codes written beside ``actor1``/``actor2`` (SMALLINT, NULL where the id is)
KEY_COLUMNS = ("actor1_key", "actor2_key")
_MAX_CODES = 32767


def events_dir(db: str | os.PathLike | None = None, explicit: str | os.PathLike | None = None) -> Path:
    """Folder of the event store: ``explicit`` > ``$AMITY_EVENTS_DIR`` > ``<db>.events``."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("AMITY_EVENTS_DIR")
    if env:
        return Path(env)
    dbp = config.db_path(db)
    return Path(str(dbp) + ".events")


def db_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a DuckDB connection (None for an in-memory database)."""
    try:
        rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = "
                           "current_database()").fetchall()
    except duckdb.Error:
        return None
    if rows and rows[0][0]:
        return Path(rows[0][0])
    return None


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The manifest table, with the columns later versions added (``span_start``,
    ``span_end``: the time an input file covers, :mod:`amity.events.coverage`)."""
    try:   # one cheap statement when the table is there (every ingest asks)
        have = {d[0] for d in con.execute("SELECT * FROM event_files LIMIT 0").description}
    except duckdb.CatalogException:
        con.execute(MANIFEST_DDL)
        return
    for col, typ in _MANIFEST_ADDED.items():
        if col not in have:
            try:
                con.execute(f"ALTER TABLE event_files ADD COLUMN {col} {typ}")
            except duckdb.Error:   # a read-only connection: readers cope without the column
                pass


def is_ingest_part(p: Path) -> bool:
    """True for a part file an ingest batch wrote (``ing-<batch>-YYYYMM.parquet``)."""
    return _PART.match(Path(p).name) is not None


_HITS: dict[str, int] = {}


def crashpoint(name: str) -> None:
    """Test hook: ``AMITY_EVENTS_CRASH=<name>[:<n>]`` kills this process with SIGKILL the
    n-th time (default first) it reaches ``name`` (staged, moving, moved, committed)."""
    want = os.environ.get("AMITY_EVENTS_CRASH")
    if not want:
        return
    point, _, nth = want.partition(":")
    if point != name:
        return
    _HITS[name] = _HITS.get(name, 0) + 1
    if _HITS[name] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


def committed_batches(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT DISTINCT batch FROM event_files").fetchall()}


def committed_parts(root: Path, con: duckdb.DuckDBPyConnection | None = None) -> list[Path]:
    """The part files a reader may see: every non-ingest part, and the ``ing-<batch>`` parts
    whose batch the owning store's manifest commits (a crash between moving parts and writing
    the manifest leaves parts no reader counts). ``con`` is the owning store, else the owner
    recorded in the folder is opened read-only; with no manifest to ask, all parts."""
    parts = part_files(root)
    if not any(_PART.match(p.name) for p in parts):
        return parts
    done: set[str] | None = None
    if con is not None and owns(db_file(con), root):
        try:
            done = committed_batches(con)
        except duckdb.Error:
            done = None
    if done is None:
        who = owner_of(root) or (str(root)[:-len(".events")] if str(root).endswith(".events")
                                 else None)
        if who and Path(who).is_file():
            try:
                c2 = duckdb.connect(who, read_only=True)
            except duckdb.Error:
                c2 = None
            if c2 is not None:
                try:
                    done = committed_batches(c2)
                except duckdb.Error:
                    done = None
                finally:
                    c2.close()
    if done is None:
        return parts
    out = []
    for p in parts:
        m = _PART.match(p.name)
        if m is None or m.group(1) in done:
            out.append(p)
    return out


def part_files(root: Path) -> list[Path]:
    """Every visible part file under ``root`` (``year=*/month=*/*.parquet``)."""
    if not root.is_dir():
        return []
    return sorted(root.glob(GLOB))


def load_actor_dict(root: Path) -> list[str] | None:
    """The actor dictionary of the store folder ``root`` (None if it has none).

    Codes are positions in the list; the list is append-only, so a code, once written into a
    part file, keeps its meaning. A dictionary that cannot be read is treated as absent (the
    query then uses the string columns everywhere).
    """
    import json

    p = Path(root) / ACTOR_DICT
    try:
        ids = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids) \
            or len(set(ids)) != len(ids):
        return None
    return ids


def _save_actor_dict(root: Path, ids: list[str]) -> None:
    import json

    root.mkdir(parents=True, exist_ok=True)
    tmp = root / (ACTOR_DICT + ".tmp")
    tmp.write_text(json.dumps(ids), encoding="utf-8")
    os.replace(tmp, root / ACTOR_DICT)


def add_actor_keys(root: Path, table: pa.Table, *, sort: bool = True) -> pa.Table:
    """``table`` with :data:`KEY_COLUMNS` appended (and, if ``sort``, rows ordered by dyad).

    New ids are appended to the folder's dictionary (written atomically **before** any part
    that uses them becomes visible, so a crash can only leave unused codes behind). Rows are
    stably sorted by the unordered pair of codes, so that each dyad's events are contiguous in
    the part (the aggregation's hash table is then touched in runs). If the dictionary would
    exceed 32,767 ids the table is returned without keys; such parts are read through the
    string columns.
    """
    root = Path(root)
    ids = load_actor_dict(root)
    if ids is None:
        if (root / ACTOR_DICT).exists():   # unreadable: never overwrite, write string-only parts
            return table
        ids = []
    a1, a2 = table.column("actor1"), table.column("actor2")
    seen = pc.unique(pa.concat_arrays([c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c
                                       for c in (a1, a2)]).drop_null())
    known = set(ids)
    new = sorted(x for x in seen.to_pylist() if x not in known)
    if len(ids) + len(new) > _MAX_CODES:
        return table
    if new:
        ids = ids + new
        _save_actor_dict(root, ids)
    value_set = pa.array(ids, pa.string())
    k1 = pc.cast(pc.index_in(a1, value_set=value_set), pa.int16())
    k2 = pc.cast(pc.index_in(a2, value_set=value_set), pa.int16())
    out = table.append_column(KEY_COLUMNS[0], k1).append_column(KEY_COLUMNS[1], k2)
    if sort and out.num_rows > 1:
        out = out.take(pc.sort_indices(pa.table(_pair_columns(out)), sort_keys=_PAIR_SORT[1:]))
    return out


#: Parquet key-value metadata of a part: its event ids per source (JSON ``{"unique": bool,
#: "sources": {source: [min id, max id]}}``, ids compared as strings). A part whose ids are
#: unique, beside parts of the same source whose id ranges do not overlap it, holds no copy of
#: another's event: the aggregation then skips the GLOBALEVENTID de-duplication
#: (:func:`amity.events.query._needs_dedupe`)
ID_META = b"amity.ids"


def id_summary(table: pa.Table) -> dict[str, Any]:
    """The :data:`ID_META` record of an event table: ``unique`` (no two rows share a source
    and an event id), ``sources`` (the string range of each source's ids) and ``num`` (the
    numeric range, for a source whose ids are all integers, as GDELT's and ICEWS's are)."""
    n = table.num_rows
    src = table.column("source")
    ids = table.column("event_id")
    sources = [str(x) for x in pc.unique(src).to_pylist() if x is not None]
    ranges: dict[str, list] = {}
    nums: dict[str, list] = {}
    unique = True
    for s_ in sources:
        sub = ids if len(sources) == 1 else pc.filter(ids, pc.equal(src, s_))
        mm = pc.min_max(sub).as_py()
        ranges[s_] = [mm["min"], mm["max"]]
        try:   # integer ids: a sort of int64 is cheaper than hashing strings
            k = np.asarray(pc.cast(sub, pa.int64()).to_numpy(zero_copy_only=False))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            k = None
        if k is not None and len(k):
            k = np.sort(k)
            nums[s_] = [int(k[0]), int(k[-1])]
            if (k[1:] == k[:-1]).any():   # one number twice: the same text, or "7" and "07"
                unique = unique and pc.count_distinct(sub, mode="all").as_py() == len(sub)
        elif len(sub):
            unique = unique and pc.count_distinct(sub, mode="all").as_py() == len(sub)
    if n and not sources:
        unique = False
    return {"unique": bool(unique), "sources": ranges, "num": nums}


def with_id_meta(table: pa.Table) -> pa.Table:
    """``table`` with its :data:`ID_META` in the schema metadata (written into the footer)."""
    import json

    meta = dict(table.schema.metadata or {})
    meta[ID_META] = json.dumps(id_summary(table)).encode()
    return table.replace_schema_metadata(meta)


_PAIR_SORT = [("ym", "ascending"), ("lo", "ascending", "at_end"), ("hi", "ascending", "at_end")]


def _pair_columns(t: pa.Table) -> dict[str, Any]:
    """The unordered pair of actor codes (NULL where a row has no dyad: sorted last)."""
    if KEY_COLUMNS[0] not in t.column_names:
        n = t.num_rows
        return {"lo": pa.nulls(n, pa.int16()), "hi": pa.nulls(n, pa.int16())}
    k1, k2 = t.column(KEY_COLUMNS[0]), t.column(KEY_COLUMNS[1])
    return {"lo": pc.min_element_wise(k1, k2, skip_nulls=False),
            "hi": pc.max_element_wise(k1, k2, skip_nulls=False)}


def partitions(root: Path, years: tuple[int | None, int | None] = (None, None)
               ) -> list[tuple[int, int, list[Path]]]:
    """``(year, month, part files)`` for every partition folder under ``root``, in time order."""
    out = []
    if not Path(root).is_dir():
        return out
    visible = set(committed_parts(Path(root)))
    y0, y1 = years
    for yd in Path(root).iterdir():
        my = _YM[0].match(yd.name)
        if not my or not yd.is_dir():
            continue
        y = int(my.group(1))
        if (y0 is not None and y < y0) or (y1 is not None and y > y1):
            continue
        for md in yd.iterdir():
            mm = _YM[1].match(md.name)
            if not mm or not md.is_dir():
                continue
            files = sorted(f for f in md.glob("*.parquet")
                           if not f.name.startswith(("_", ".")) and f in visible)
            if files:
                out.append((y, int(mm.group(1)), files))
    out.sort(key=lambda t: (t[0], t[1]))
    return out


OWNER_FILE = "_owner.json"


def _resolved(p: str | os.PathLike) -> str:
    try:
        return str(Path(p).resolve())
    except OSError:
        return str(Path(p).absolute())


def owner_of(root: Path) -> str | None:
    """The store (resolved DuckDB path) that owns the event folder ``root``, if it says."""
    import json

    try:
        data = json.loads((Path(root) / OWNER_FILE).read_text(encoding="utf-8"))
        return str(data["store"]) if isinstance(data, dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_owner(root: Path, db: str | os.PathLike) -> None:
    """Record ``db`` as the owner of the event folder ``root`` (atomic)."""
    import json

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / (OWNER_FILE + ".tmp")
    tmp.write_text(json.dumps({"store": _resolved(db)}), encoding="utf-8")
    os.replace(tmp, root / OWNER_FILE)


def owns(db: str | os.PathLike | None, root: Path) -> bool:
    """True when the store ``db`` owns the folder ``root``: the folder's owner record names
    it, or (a folder without a record) the folder is the store's own ``<db>.events``."""
    if db is None:
        return False
    who = owner_of(root)
    if who is not None:
        return who == _resolved(db)
    return _resolved(root) == _resolved(str(db) + ".events")


def claim(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Before a write into ``root``: make sure the store behind ``con`` owns it.

    A folder owned by another store, or an unrecorded folder that already holds parts and is
    not this store's ``<db>.events``, is refused: its manifest lives in another store, and
    recovering it from here would delete that store's committed parts.
    """
    from amity.errors import InputError

    dbp = db_file(con)
    root = Path(root)
    if dbp is None:
        return
    who = owner_of(root)
    if who is not None and who != _resolved(dbp):
        raise InputError(f"the event folder belongs to the store {who}; use that store "
                         "(AMITY_DB) or another folder", file=str(root))
    if who is None and not owns(dbp, root) and part_files(root):
        raise InputError("the event folder holds parts of another store (no owner record); "
                         "use the store that wrote it, or an empty folder", file=str(root))
    if who is None:
        write_owner(root, dbp)


def recover(con: duckdb.DuckDBPyConnection, root: Path) -> dict[str, int]:
    """Undo what an interrupted ingest left: staging folders and uncommitted parts.

    Only the owning store recovers a folder (see :func:`owns`), under its write connection
    (the single-writer lock); for any other store, and on a read-only connection, nothing is
    deleted: readers see only committed parts (:func:`committed_parts`).
    """
    ensure_tables(con)
    if not owns(db_file(con), root):
        return {"staging": 0, "parts": 0}
    removed_staging = 0
    staging = root / "_staging"
    if staging.exists():
        removed_staging = sum(1 for _ in staging.iterdir())
        shutil.rmtree(staging, ignore_errors=True)
    done = committed_batches(con)
    removed_parts = 0
    for p in part_files(root):
        m = _PART.match(p.name)
        if m and m.group(1) not in done:
            p.unlink(missing_ok=True)
            removed_parts += 1
    return {"staging": removed_staging, "parts": removed_parts}


def ingested(con: duckdb.DuckDBPyConnection, sha256: str) -> bool:
    return con.execute("SELECT 1 FROM event_files WHERE sha256 = ? AND status = 'done'",
                       [sha256]).fetchone() is not None


def commit_batch(con: duckdb.DuckDBPyConnection, root: Path, batch: str, table: pa.Table,
                 files: list[dict[str, Any]], rejects: list[dict[str, Any]]) -> int:
    """Write one batch (see the module doc for the protocol); returns the number of parts."""
    root.mkdir(parents=True, exist_ok=True)
    stage = root / "_staging" / batch
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    staged: list[tuple[Path, Path]] = []
    if table.num_rows:
        # one Parquet file per (year, month); integer actor codes added and rows grouped by dyad
        table = add_actor_keys(root, table, sort=False)
        ym = pc.add(pc.multiply(pc.cast(pc.year(table.column("date")), pa.int64()), 100),
                    pc.cast(pc.month(table.column("date")), pa.int64()))
        order = pc.sort_indices(pa.table({"ym": ym} | _pair_columns(table)),
                                sort_keys=_PAIR_SORT)   # stable: input order within a dyad
        t = table.take(order)
        keys = np.asarray(ym.take(order).to_numpy(zero_copy_only=False))
        cuts = np.concatenate(([0], np.flatnonzero(np.diff(keys)) + 1, [len(keys)]))
        for lo, hi in zip(cuts[:-1], cuts[1:]):
            y, m = divmod(int(keys[lo]), 100)
            name = f"ing-{batch}-{y}{m:02d}.parquet"
            src = stage / name
            pq.write_table(with_id_meta(t.slice(lo, hi - lo)), src, row_group_size=256 * 1024)
            staged.append((src, root / f"year={y}" / f"month={m}" / name))
    crashpoint("staged")
    nparts = 0
    made: set[Path] = set()
    for i, (src, dst) in enumerate(staged):
        if dst.parent not in made:
            dst.parent.mkdir(parents=True, exist_ok=True)
            made.add(dst.parent)
        os.replace(src, dst)
        nparts += 1
        if i == 0:
            crashpoint("moving")
    crashpoint("moved")
    now = _dt.datetime.now()
    spans = [f.get("span") or (None, None) for f in files]
    man = pa.table({   # the batch's manifest rows, inserted by one statement
        "sha256": pa.array([f["sha256"] for f in files], pa.string()),
        "name": pa.array([f["name"] for f in files], pa.string()),
        "path": pa.array([f.get("path") for f in files], pa.string()),
        "format": pa.array([f["format"] for f in files], pa.string()),
        "bytes": pa.array([f.get("bytes") for f in files], pa.int64()),
        "rows": pa.array([f["rows"] for f in files], pa.int64()),
        "rejected": pa.array([f["rejected"] for f in files], pa.int64()),
        "skipped_since": pa.array([f.get("skipped_since", 0) for f in files], pa.int64()),
        "since": pa.array([f.get("since") for f in files], pa.date32()),
        "seconds": pa.array([f.get("seconds") for f in files], pa.float64()),
        "span_start": pa.array([sp[0] for sp in spans], pa.timestamp("us")),
        "span_end": pa.array([sp[1] for sp in spans], pa.timestamp("us")),
    })
    with transaction(con):
        con.register("_man", man)
        try:
            con.execute(
                "INSERT INTO event_files (sha256, name, path, format, bytes, rows, rejected, "
                "skipped_since, batch, status, since, ingested_at, seconds, span_start, "
                "span_end) SELECT sha256, name, path, format, bytes, rows, rejected, "
                "skipped_since, ?, 'done', since, ?, seconds, span_start, span_end FROM _man",
                [batch, now])
        finally:
            con.unregister("_man")
        if rejects:
            q = pd.DataFrame({
                "batch_id": batch, "source": [r.get("source", "events") for r in rejects],
                "file": [r.get("file") for r in rejects],
                "line": pd.array([r.get("line") for r in rejects], dtype="Int64"),
                "field": [r.get("field") for r in rejects],
                "reason": [r.get("reason") for r in rejects],
                "raw": [None if r.get("raw") is None else str(r.get("raw"))[:2000]
                        for r in rejects],
                "quarantined_at": now,
            })
            con.register("_q", q)
            try:
                con.execute("INSERT INTO quarantine SELECT batch_id, source, file, line, field, "
                            "reason, raw, quarantined_at FROM _q")
            finally:
                con.unregister("_q")
    crashpoint("committed")
    shutil.rmtree(stage, ignore_errors=True)
    return nparts


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def parquet_source(root: Path, con: duckdb.DuckDBPyConnection | None = None) -> str:
    """DuckDB table expression over the store's committed parts (hive partitions typed)."""
    parts = part_files(Path(root))
    seen = committed_parts(Path(root), con)
    if len(seen) != len(parts) and seen:
        files = ", ".join(f"'{_sql_path(p)}'" for p in seen)
        return (f"read_parquet([{files}], hive_partitioning = true, "
                "hive_types = {'year': INTEGER, 'month': INTEGER}, union_by_name = true)")
    return (f"read_parquet('{_sql_path(root)}/{GLOB}', hive_partitioning = true, "
            "hive_types = {'year': INTEGER, 'month': INTEGER}, union_by_name = true)")


def stats(con: duckdb.DuckDBPyConnection, root: Path) -> dict[str, Any]:
    """Counts and coverage of the event store (what `amity events stats` prints)."""
    ensure_tables(con)
    con.execute("SET enable_progress_bar = false")
    m = con.execute("""
        SELECT count(*), coalesce(sum(rows), 0), coalesce(sum(rejected), 0),
               coalesce(sum(skipped_since), 0), coalesce(sum(bytes), 0), max(ingested_at)
        FROM event_files WHERE status = 'done'""").fetchone()
    by_format = {r[0]: {"files": r[1], "rows": r[2]} for r in con.execute(
        "SELECT format, count(*), sum(rows) FROM event_files GROUP BY format ORDER BY format"
    ).fetchall()}
    parts = committed_parts(root, con)
    out: dict[str, Any] = {
        "root": str(root), "files_ingested": m[0], "rows_ingested": int(m[1]),
        "rows_quarantined": int(m[2]), "rows_skipped_since": int(m[3]),
        "input_bytes": int(m[4]), "last_ingest": m[5], "by_format": by_format,
        "parts": len(parts), "parquet_bytes": sum(p.stat().st_size for p in parts),
        "partitions": len({p.parent for p in parts}),
    }
    if parts:
        r = con.execute(f"""
            SELECT count(*), min(date), max(date), min(year), max(year),
                   count(*) FILTER (WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL),
                   count(DISTINCT source)
            FROM {parquet_source(root, con)}""").fetchone()
        out.update(rows=int(r[0]), first_date=r[1], last_date=r[2], years=[r[3], r[4]],
                   rows_with_both_actors=int(r[5]))
        out["by_quad"] = {int(q): int(n) for q, n in con.execute(
            f"SELECT quad, count(*) FROM {parquet_source(root, con)} GROUP BY quad ORDER BY quad"
        ).fetchall()}
        out["by_source"] = dict(con.execute(
            f"SELECT source, count(*) FROM {parquet_source(root, con)} GROUP BY source ORDER BY 1"
        ).fetchall())
    else:
        out.update(rows=0, first_date=None, last_date=None, years=[None, None],
                   rows_with_both_actors=0, by_quad={}, by_source={})
    return out
