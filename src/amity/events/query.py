"""One query layer, two engines: dyad-period aggregates of the event store.

Each aggregation is written **once**, as DuckDB SQL over a relation named ``events`` (the
store's Parquet parts with ``year``/``month`` Hive partitions). For Spark the same text is
transpiled with sqlglot (``read="duckdb", write="spark"``) and run by ``spark.sql`` over
``spark.read.parquet(root)``. Both engines must return identical rows; the integer-exact
Goldstein sum below is what makes that possible for the floating-point columns. Rows come by
period, then dyad (``ORDER BY year, month, a, b``).

On DuckDB the same measures are by default computed partition by partition
(:func:`_aggregate_partitioned`): chunks of consecutive month partitions, one single-threaded
query each, several at a time, grouped on the integer actor codes that ingest writes beside
the ids; ``strategy="single"`` runs the SQL text as one query instead (same rows).

Measures per dyad and period (non-directed by default: ``a < b`` by canonical id)
-------------------------------------------------------------------------------------
``events``                 number of events with both actors resolved and distinct
``q1_verbal_coop`` ...     events per quad class (1 verbal cooperation, 2 material cooperation,
                           3 verbal conflict, 4 material conflict; CAMEO roots 01-05, 06-08,
                           09-13, 14-20)
``goldstein_sum``          :math:`\\sum_i g_i` over the ICEWS Goldstein values; computed as
                           :math:`(\\sum_i \\mathrm{round}(10 g_i)) / 10`: every value in the table
                           has one decimal, so the summands are whole numbers and their double
                           sum is exact (below 2^53) whatever the order -- engine-independent
``goldstein_mean``         ``goldstein_sum / events``
``mentions``               :math:`\\sum_i m_i` (GDELT NumMentions; NULL for ICEWS); summed as
                           doubles, exact for whole numbers below 2^53 and cheaper than
                           DuckDB's 128-bit integer sum
``tone_mw``                mentions-weighted mean tone :math:`\\sum_i m_i t_i / \\sum_i m_i` over
                           events with a tone (GDELT AvgTone); NULL where the source has none

References: Goldstein (1992), *JCR* 36(2); Schrodt, CAMEO codebook (2012); GDELT 1.0/2.0
event codebooks (Leetaru & Schrodt 2013).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Sequence

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from amity import actors, caches
from amity.errors import AmityError, InputError
from amity.events import store as es

BY = ("dyad-month", "dyad-year")
ENGINES = ("duckdb", "spark")

MEASURES = ["events", "q1_verbal_coop", "q2_material_coop", "q3_verbal_conflict",
            "q4_material_conflict", "goldstein_sum", "goldstein_mean", "mentions", "tone_mw"]

_MEASURES_SQL = """
  COUNT(*) AS events,
  COUNT(*) FILTER (WHERE quad = 1) AS q1_verbal_coop,
  COUNT(*) FILTER (WHERE quad = 2) AS q2_material_coop,
  COUNT(*) FILTER (WHERE quad = 3) AS q3_verbal_conflict,
  COUNT(*) FILTER (WHERE quad = 4) AS q4_material_conflict,
  SUM(ROUND(goldstein * 10)) / 10 AS goldstein_sum,
  SUM(ROUND(goldstein * 10)) / 10 / COUNT(*) AS goldstein_mean,
  CAST(SUM(CAST(mentions AS DOUBLE)) AS BIGINT) AS mentions,
  SUM(tone * mentions) / NULLIF(SUM(CASE WHEN tone IS NOT NULL THEN CAST(mentions AS DOUBLE) END), 0)
    AS tone_mw"""

_TEMPLATE = """
SELECT
  {a} AS a,
  {b} AS b,
  CAST(year AS INTEGER) AS year,{month}""" + _MEASURES_SQL + """
FROM {events}
WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL AND actor1 <> actor2{where}
GROUP BY {groups}
{order}
"""

# One event per GLOBALEVENTID (ICEWS: Event ID) and source: copies of an event (the same
# export ingested twice under other bytes, a file zipped and unzipped) count once, the first by
# file and line. Copies carry the event's date, so they share a month partition.
_DEDUPED = """(
  SELECT * FROM {src}{where}
  QUALIFY ROW_NUMBER() OVER (PARTITION BY source, event_id ORDER BY file, line) = 1
) AS events"""

# The same measures over the integer actor codes of one chunk of partitions (DuckDB engine,
# partition-wise; see `_aggregate_partitioned`). The group key is one BIGINT packing the period
# and the two codes (15 bits each): hashing and comparing one integer is cheaper than four
# columns (measured: -13 % CPU). Codes are mapped back to ids afterwards.
_KEYED_TEMPLATE = """
SELECT
  ({period} * 32768 + {a}) * 32768 + {b} AS k,""" + _MEASURES_SQL + """
FROM {source}
WHERE actor1_key IS NOT NULL AND actor2_key IS NOT NULL AND actor1_key <> actor2_key
GROUP BY ALL
"""


def _order(monthly: bool) -> str:
    """Rows come by period, then dyad: the order a partitioned store yields chunk by chunk."""
    return "year, month, a, b" if monthly else "year, a, b"


def aggregate_sql(by: str = "dyad-month", *, dialect: str = "duckdb", directed: bool = False,
                  years: tuple[int | None, int | None] = (None, None),
                  dedupe: bool = True) -> str:
    """The aggregation SQL for ``by`` in ``dialect`` ("duckdb" as written, "spark" transpiled).

    Parameters
    ----------
    by : {"dyad-month", "dyad-year"}
    dialect : str
        "duckdb" (the text as written) or any sqlglot dialect it is transpiled to ("spark",
        "bigquery", ...). The SQL reads a relation named ``events`` with the store's columns.
    directed : bool
        Keep (actor1, actor2) as given instead of the unordered pair (least, greatest).
    years : (first, last)
        Optional inclusive year filter (prunes Hive partitions).
    dedupe : bool
        Count one event per ``(source, event_id)`` (default; needs the columns ``source``,
        ``event_id``, ``file``, ``line``). False counts rows, for a relation known to hold each
        event once (GDELT's own BigQuery tables).
    """
    if by not in BY:
        raise InputError(f"unknown aggregation {by!r}; use one of {', '.join(BY)}", field="--by")
    a, b = ("actor1", "actor2") if directed else ("LEAST(actor1, actor2)", "GREATEST(actor1, actor2)")
    where = ""
    y0, y1 = years
    if y0 is not None:
        where += f" AND year >= {int(y0)}"
    if y1 is not None:
        where += f" AND year <= {int(y1)}"
    monthly = by == "dyad-month"
    groups = f"{a}, {b}, CAST(year AS INTEGER)" + (", CAST(month AS INTEGER)" if monthly else "")
    events = "events"
    if dedupe:   # the year filter goes inside, before the window (it prunes partitions)
        events = _DEDUPED.format(src="events", where=" WHERE" + where[4:] if where else "")
        where = ""
    sql = _TEMPLATE.format(a=a, b=b, month="\n  CAST(month AS INTEGER) AS month," if monthly else "",
                           where=where, groups=groups, order="ORDER BY " + _order(monthly),
                           events=events)
    if dialect == "duckdb":
        return sql.strip()
    import sqlglot
    from sqlglot.dialects.dialect import Dialect

    try:
        Dialect.get_or_raise(dialect)
    except ValueError:
        raise InputError(f"unknown SQL dialect {dialect!r} (any sqlglot dialect: spark, "
                         "bigquery, snowflake, trino...)", field="dialect") from None
    return sqlglot.transpile(sql, read="duckdb", write=dialect, pretty=True)[0]


# ----------------------------------------------------------------------------- engines

def _duckdb_con() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute("SET preserve_insertion_order = false")
    # bounded memory by default (DuckDB spills to disk beyond it); override with the env var
    mem = os.environ.get("AMITY_DUCKDB_MEMORY", "3GB")
    con.execute(f"SET memory_limit = '{mem}'")
    threads = os.environ.get("AMITY_DUCKDB_THREADS")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def run_duckdb(sql: str, root: Path, *, out: Path | None = None,
               con: duckdb.DuckDBPyConnection | None = None) -> pa.Table | int:
    """Run ``sql`` over the Parquet parts under ``root``; a table, or rows written to ``out``."""
    own = con is None
    con = con or _duckdb_con()
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW events AS SELECT * FROM {es.parquet_source(root)}")
        if out is not None:
            out = Path(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".tmp")
            con.execute(f"COPY ({sql}) TO '{str(tmp).replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
            os.replace(tmp, out)
            return pq.ParquetFile(out).metadata.num_rows
        return con.execute(sql).to_arrow_table()
    finally:
        if own:
            con.close()


# ------------------------------------------------------- DuckDB, partition by partition

#: rows per chunk of partitions aggregated by one DuckDB query (partition-wise strategy)
CHUNK_ROWS = 1_000_000
_FOOTERS: dict[tuple[str, int, int], tuple[int, bool]] = {}
caches.register("events.query._FOOTERS", _FOOTERS.clear)


def _footer(f: Path) -> tuple[int, bool, dict | None]:
    """(rows, has integer actor codes, the part's event-id record or None) of a part file,
    from its footer (cached by size/mtime; the record: :data:`amity.events.store.ID_META`)."""
    import json

    st = f.stat()
    k = (str(f), st.st_size, st.st_mtime_ns)
    hit = _FOOTERS.get(k)
    if hit is None:
        md = pq.read_metadata(f)
        names = set(md.schema.names)
        raw = (md.metadata or {}).get(es.ID_META)
        try:
            ids = json.loads(raw) if raw else None
        except ValueError:
            ids = None
        if not (isinstance(ids, dict) and isinstance(ids.get("sources"), dict)):
            ids = None
        hit = (md.num_rows, all(c in names for c in es.KEY_COLUMNS), ids)
        if len(_FOOTERS) > 200_000:
            _FOOTERS.clear()
        _FOOTERS[k] = hit
    return hit


def _needs_dedupe(files: list[Path]) -> bool:
    """False when the parts' footers prove no event is in two rows: each part's ids are
    unique, and no two parts of a source have overlapping id ranges (GDELT numbers its events
    in sequence, so parts of successive batches do not overlap). Parts without the record
    (written before it existed) are de-duplicated."""
    text: dict[str, list[tuple[str, str]]] = {}
    num: dict[str, list[tuple[int, int] | None]] = {}
    for f in files:
        ids = _footer(f)[2]
        if ids is None or not ids.get("unique"):
            return True
        nums = ids.get("num") if isinstance(ids.get("num"), dict) else {}
        for src, mm in ids["sources"].items():
            if not (isinstance(mm, list) and len(mm) == 2) or mm[0] is None:
                continue
            text.setdefault(src, []).append((str(mm[0]), str(mm[1])))
            nm = nums.get(src)
            num.setdefault(src, []).append((int(nm[0]), int(nm[1]))
                                           if isinstance(nm, list) and len(nm) == 2 else None)
    for src, rs in text.items():
        # integer ids compare as numbers (all parts of the source have them), else as text
        ns = num.get(src) or []
        cmp: list = ns if ns and all(x is not None for x in ns) else rs
        cmp = sorted(cmp)
        for (_, hi), (lo, _) in zip(cmp, cmp[1:]):
            if lo <= hi:
                return True
    return False


def _plan_chunks(parts: list[tuple[int, int, list[Path]]], keyed_ok: bool, target: int,
                 monthly: bool = True) -> list[tuple[bool, list[Path]]]:
    """Consecutive partitions grouped into chunks of about ``target`` rows, each chunk either
    all keyed (every file has the integer codes) or read through the string columns.

    A chunk never splits a group: its unit is one month partition for dyad-month and one year
    (all its months) for dyad-year.
    """
    units: list[list[Path]] = []
    last = None
    for y, m, files in parts:
        k = (y, m) if monthly else y
        if k != last:
            units.append([])
            last = k
        units[-1].extend(files)
    chunks: list[tuple[bool, list[Path]]] = []
    cur: list[Path] = []
    cur_keyed, cur_rows = None, 0
    for files in units:
        info = [_footer(f) for f in files]
        keyed = keyed_ok and all(k for _, k, _ids in info)
        rows = sum(n for n, _, _ids in info)
        if cur and (keyed != cur_keyed or cur_rows >= target):
            chunks.append((bool(cur_keyed), cur))
            cur, cur_rows = [], 0
        cur_keyed = keyed
        cur += files
        cur_rows += rows
    if cur:
        chunks.append((bool(cur_keyed), cur))
    return chunks


def _chunk_source(files: list[Path], mixed: bool, dedupe: bool = False) -> str:
    lst = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
    src = (f"read_parquet([{lst}], hive_partitioning = true, hive_types = "
           f"{{'year': INTEGER, 'month': INTEGER}}{', union_by_name = true' if mixed else ''})")
    if dedupe:   # copies of an event carry its date: they meet in one partition and chunk
        src = _DEDUPED.format(src=src, where="")
    return src


def _result_schema(by: str) -> pa.Schema:
    cols = ["a", "b", "year"] + (["month"] if by == "dyad-month" else []) + MEASURES
    return pa.schema([(c, _TYPES[c]) for c in cols])


def _aggregate_partitioned(root: Path, by: str = "dyad-month", *, directed: bool = False,
                           years: tuple[int | None, int | None] = (None, None),
                           workers: int | None = None, chunk_rows: int | None = None,
                           out: Path | None = None, dedupe: bool = True) -> pa.Table | int:
    """The aggregation of :func:`aggregate_sql`, computed chunk of partitions by chunk.

    Every group key contains the year (and the month for dyad-month), and the parts are
    partitioned by year and month, so the groups of two different partitions never meet: each
    chunk of consecutive partitions is aggregated by its own DuckDB query (one thread each,
    ``workers`` chunks at a time), and the chunks' results, each sorted, are concatenated in
    time order -- which is the order of :func:`aggregate_sql` (``year[, month], a, b``), so no
    global sort is needed. Each query's hash table holds only its chunk's groups (tens of
    thousands instead of millions) and no partial results are merged across threads. With
    ``out``, each chunk is written as soon as it and the chunks before it are done, while the
    workers aggregate the next ones.

    Chunks whose files all carry the integer actor codes (``actor1_key``, ``actor2_key``, see
    :func:`amity.events.store.add_actor_keys`) group on the codes (two SMALLINTs instead of two
    strings) and the ids are put back per chunk; older parts without the codes go through the
    string query.

    Returns
    -------
    pyarrow.Table, or the number of rows written to ``out``.
    """
    import numpy as np
    from concurrent.futures import ThreadPoolExecutor

    monthly = by == "dyad-month"
    parts = es.partitions(root, years)
    schema = _result_schema(by)
    ids = es.load_actor_dict(root) if parts else None
    chunks = _plan_chunks(parts, ids is not None, int(chunk_rows or CHUNK_ROWS), monthly)
    if workers is None:
        workers = int(os.environ.get("AMITY_DUCKDB_THREADS") or os.cpu_count() or 1)
    workers = max(1, min(workers, len(chunks) or 1))
    if directed:
        ka, kb = "actor1_key", "actor2_key"
        sa, sb = "actor1", "actor2"
    else:
        ka, kb = "LEAST(actor1_key, actor2_key)", "GREATEST(actor1_key, actor2_key)"
        sa, sb = "LEAST(actor1, actor2)", "GREATEST(actor1, actor2)"
    month_sel = "\n  CAST(month AS INTEGER) AS month," if monthly else ""
    period = "(CAST(year AS BIGINT) * 13 + month)" if monthly else "CAST(year AS BIGINT)"
    str_sql = _TEMPLATE.format(a=sa, b=sb, month=month_sel, where="", groups="ALL", order="",
                               events="events")
    # ids in byte order (the engines' string order); a code's rank in it
    names = pa.array(sorted(ids or [], key=lambda x: x.encode("utf-8")), pa.string())
    code_rank = (np.asarray(pc.index_in(pa.array(ids, pa.string()), value_set=names)
                            .to_numpy(zero_copy_only=False), dtype=np.int64)
                 if ids else np.zeros(0, np.int64))

    def finish_keyed(t: pa.Table) -> pa.Table:
        k = t.column("k").to_numpy()
        ra = code_rank[(k >> 15) & 32767]
        rb = code_rank[k & 32767]
        per = k >> 30                      # year * 13 + month, or the year
        if not directed:   # codes are not in name order: the pair is (least, greatest) by name
            ra, rb = np.minimum(ra, rb), np.maximum(ra, rb)
        n = max(len(names), 1)
        order = np.argsort(((per - int(per.min())) * n + ra) * n + rb)   # unique: one per group
        per = per[order]
        body = t.drop_columns(["k"]).take(pa.array(order))
        cols = {"a": pc.take(names, pa.array(ra[order])), "b": pc.take(names, pa.array(rb[order])),
                "year": pa.array(per // 13 if monthly else per, pa.int32()),
                "month": pa.array(per % 13, pa.int32()) if monthly else None}
        return pa.table([cols[f.name] if f.name in cols else body.column(f.name).cast(f.type)
                         for f in schema], schema=schema)

    def finish_strings(t: pa.Table) -> pa.Table:
        keys = [("year", "ascending")] + ([("month", "ascending")] if monthly else []) + \
            [("a", "ascending"), ("b", "ascending")]
        return t.take(pc.sort_indices(t, sort_keys=keys)).select(schema.names).cast(schema)

    con = _duckdb_con()
    con.execute("SET threads = 1")          # parallelism comes from running chunks side by side

    def run(chunk: tuple[bool, list[Path]]) -> pa.Table:
        keyed, files = chunk
        dd = dedupe and _needs_dedupe(files)
        cur = con.cursor()
        try:
            if keyed:
                sql = _KEYED_TEMPLATE.format(period=period, a=ka, b=kb,
                                             source=_chunk_source(files, False, dd))
                return finish_keyed(cur.execute(sql).to_arrow_table())
            mixed = len({_footer(f)[1] for f in files}) > 1
            sql = str_sql.replace("FROM events", "FROM " + _chunk_source(files, mixed, dd), 1)
            return finish_strings(cur.execute(sql).to_arrow_table())
        finally:
            cur.close()

    # dictionary encoding and min/max statistics only where they pay (ids and periods: few
    # distinct values, the columns readers filter on); the measures are near-unique numbers
    # (measured: -40 % CPU for the writer, files ~30 % larger)
    keys = [c for c in ("a", "b", "year", "month") if c in schema.names]
    writer = (pq.ParquetWriter(out, schema, use_dictionary=keys, write_statistics=keys)
              if out is not None else None)
    tables: list[pa.Table] = []
    rows = 0
    try:
        ex = ThreadPoolExecutor(workers) if workers > 1 else None
        try:
            for t in (ex.map(run, chunks) if ex else map(run, chunks)):   # in chunk order
                rows += t.num_rows
                if writer is not None:
                    if t.num_rows:
                        writer.write_table(t)
                else:
                    tables.append(t)
        finally:
            if ex:
                ex.shutdown(cancel_futures=True)
    finally:
        con.close()
        if writer is not None:
            writer.close()
    if writer is not None:
        return rows
    return pa.concat_tables(tables) if tables else schema.empty_table()


_SPARK: dict[str, Any] = {}

#: seconds to wait for a standalone Spark master's port before giving up (AMITY_SPARK_CONNECT_TIMEOUT)
SPARK_CONNECT_TIMEOUT = 5.0


def check_spark_master(master: str, timeout: float | None = None) -> None:
    """Fail in one line, within ``timeout`` seconds, when a standalone master
    (``spark://host:port[,host2:port2]``) cannot be reached.

    Spark itself retried for about 70 s and then printed some 340 lines of Java stack traces;
    here none of the master's addresses accepting a TCP connection is a DataUnavailableError
    naming the URL and the cause. Other masters (local, yarn, k8s://) are not checked.
    """
    import socket

    from amity.errors import DataUnavailableError, InputError

    if not master.startswith("spark://"):
        return
    if timeout is None:
        timeout = float(os.environ.get("AMITY_SPARK_CONNECT_TIMEOUT") or SPARK_CONNECT_TIMEOUT)
    causes = []
    for hostport in master[len("spark://"):].split(","):
        host, _, port = hostport.strip().rpartition(":")
        if not host or not port.isdigit():
            raise InputError(f"Spark master {master!r} is not spark://HOST:PORT",
                             field="--spark-master")
        try:
            with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout):
                return
        except OSError as e:
            causes.append(f"{hostport}: {getattr(e, 'strerror', None) or e or 'timed out'}")
    raise DataUnavailableError(
        f"cannot connect to the Spark master {master} ({'; '.join(causes)}, after at most "
        f"{timeout:g} s); check --spark-master / AMITY_SPARK_MASTER and that the master runs, "
        "or use --engine duckdb")


def spark_session(master: str | None = None):
    """A Spark session (local[2] by default), lean: no UI, few shuffle partitions."""
    master = master or os.environ.get("AMITY_SPARK_MASTER") or "local[2]"
    if master in _SPARK:
        return _SPARK[master]
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        from amity.errors import DataUnavailableError

        raise DataUnavailableError("the Spark engine needs pyspark: pip install 'amity[spark]'") from None
    check_spark_master(master)
    builder = (SparkSession.builder.master(master).appName("amity-events")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               # list partition folders on the driver instead of launching a listing job
               .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "100000")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.driver.memory", os.environ.get("AMITY_SPARK_DRIVER_MEMORY", "2g"))
               .config("spark.sql.parquet.enableVectorizedReader", "true"))
    parts = os.environ.get("AMITY_SPARK_PARTITIONS") or ("2" if master.startswith("local") else None)
    if parts:
        builder = builder.config("spark.sql.shuffle.partitions", parts)
    if master.startswith("local"):
        # short local jobs: the C1 JIT and the serial GC start much faster (measured: session
        # 70 s -> 44 s, first query 78 s -> 30 s on a loaded 2-core machine)
        builder = builder.config("spark.driver.extraJavaOptions", os.environ.get(
            "AMITY_SPARK_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"))
    import warnings

    log = _spark_log_path()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _quiet_gateway(builder, log)
            spark = builder.getOrCreate()
        except Exception as e:  # noqa: BLE001 - Py4J/JVM start-up failures: one line
            from amity.errors import DataUnavailableError

            raise DataUnavailableError(
                f"Spark did not start with master {master}: {_java_cause(e, log)} (Spark's own "
                f"output is in {log}); check --spark-master, or use --engine duckdb") from None
    spark.sparkContext.setLogLevel("ERROR")
    _SPARK[master] = spark
    return spark


def _spark_log_path() -> Path:
    """Where the Spark JVM's own console output goes (AMITY_LOG_DIR or the temp folder)."""
    import tempfile

    d = Path(os.environ.get("AMITY_LOG_DIR") or tempfile.gettempdir())
    d.mkdir(parents=True, exist_ok=True)
    return d / f"amity-spark-{os.getpid()}.log"


def _quiet_gateway(builder, log: Path) -> None:
    """Start the Py4J gateway JVM with its stdout and stderr sent to ``log``.

    Left to itself the JVM writes log4j warnings and, when a master does not answer, hundreds
    of lines of Java stack traces to the terminal. The gateway is launched here with the
    builder's options (driver JVM options are fixed at launch) and SparkContext reuses it.
    """
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    if SparkContext._gateway is not None:
        return
    conf = SparkConf(loadDefaults=False)
    for k, v in builder._options.items():
        conf.set(k, v)
    with open(log, "ab") as out:
        gateway = launch_gateway(conf, popen_kwargs={"stdout": out, "stderr": out})
    SparkContext._ensure_initialized(gateway=gateway)


def _java_cause(e: BaseException, log: Path | None = None) -> str:
    """Why Spark failed: the reason the scheduler gave in its log ("All masters are
    unresponsive! Giving up."), else the first line of the Java exception behind a Py4J
    error (or of ``e``)."""
    import re

    try:
        found = re.findall(r"Reason: (.+)", log.read_text(errors="replace")) if log else []
    except OSError:
        found = []
    if found:
        return found[-1].strip()[:300]
    java = getattr(e, "java_exception", None)
    text = ""
    if java is not None:
        try:
            cause = java
            while cause.getCause() is not None:
                cause = cause.getCause()
            text = str(cause.toString())
        except Exception:  # noqa: BLE001 - the gateway may be gone
            text = ""
    text = text or str(e) or type(e).__name__
    return text.strip().splitlines()[0][:300]


def stop_spark() -> None:
    for s in list(_SPARK.values()):
        s.stop()
    _SPARK.clear()


def run_spark(sql: str, root: Path | str, *, master: str | None = None, out: Path | None = None) -> pa.Table | int:
    """Run Spark-dialect ``sql`` over the Parquet dataset at ``root`` (a path or URL)."""
    import warnings

    spark = spark_session(master)
    df = spark.read.option("basePath", str(root)).parquet(str(root))
    df.createOrReplaceTempView("events")
    sdf = spark.sql(sql)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyspark's notices about pandas 3
        if hasattr(sdf, "toArrow"):  # Spark >= 4: straight to Arrow
            t = sdf.toArrow()
            table = t.cast(pa.schema([(f.name, _TYPES.get(f.name, f.type)) for f in t.schema]))
        else:
            table = _typed(sdf.toPandas())
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, out)
        return table.num_rows
    return table


_TYPES = {"a": pa.string(), "b": pa.string(), "year": pa.int32(), "month": pa.int32(),
             "events": pa.int64(), "q1_verbal_coop": pa.int64(), "q2_material_coop": pa.int64(),
             "q3_verbal_conflict": pa.int64(), "q4_material_conflict": pa.int64(),
             "goldstein_sum": pa.float64(), "goldstein_mean": pa.float64(),
             "mentions": pa.int64(), "tone_mw": pa.float64()}


def _typed(pdf: pd.DataFrame) -> pa.Table:
    cols = {}
    for c in pdf.columns:
        cols[c] = pa.array(pdf[c].astype(object).where(pdf[c].notna(), None).tolist(), _TYPES.get(c))
    return pa.table(cols)


def aggregate(root: str | os.PathLike | None = None, *, by: str = "dyad-month",
              engine: str = "duckdb", out: str | os.PathLike | None = None,
              directed: bool = False, years: tuple[int | None, int | None] = (None, None),
              spark_master: str | None = None, db: str | os.PathLike | None = None,
              con: duckdb.DuckDBPyConnection | None = None,
              strategy: str = "partitioned", dedupe: bool = True) -> pa.Table | dict[str, Any]:
    """Dyad-month or dyad-year aggregates of the event store (see the module doc).

    Parameters
    ----------
    root : path, optional
        An event store folder (``year=*/month=*/*.parquet``); default the store's
        ``<db>.events`` (after crash recovery, so only committed parts are read).
    by : {"dyad-month", "dyad-year"}
    engine : {"duckdb", "spark"}
        DuckDB (embedded, default) or Spark (``spark_master``, default ``local[2]``).
    out : path, optional
        Write Parquet there and return a summary; otherwise return an Arrow table.
    strategy : {"partitioned", "single"}
        DuckDB only. "partitioned" (default) aggregates chunk of partitions by chunk over the
        integer actor codes where the parts have them (see :func:`_aggregate_partitioned`);
        "single" runs the SQL text of :func:`aggregate_sql` as one query. Same rows either way.
    dedupe : bool
        One event per ``(source, event_id)`` (GLOBALEVENTID), default; the partition-wise
        path skips the work for chunks whose parts' footers prove their ids distinct
        (:func:`_needs_dedupe`). False counts rows.

    Returns
    -------
    pyarrow.Table, or dict(rows, out, engine, by) when ``out`` is given.
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use duckdb or spark", field="--engine")
    remote = root is not None and "://" in str(root)   # hdfs://, s3a://, gs:// (Spark only)
    if remote and engine != "spark":
        raise InputError("a remote event folder needs --engine spark", file=str(root))
    if root is None:
        rootp = _store_root(db=db, con=con)
    elif remote:
        rootp = str(root)
    else:
        rootp = Path(root)
        if not rootp.is_dir():
            raise InputError("no such event folder", file=str(rootp))
    if not remote and not es.part_files(rootp):
        raise InputError("the event store is empty: run `amity events ingest` (or `amity "
                         "events synth --format parquet`) first", file=str(rootp))
    if strategy not in ("partitioned", "single"):
        raise InputError(f"unknown strategy {strategy!r}; use partitioned or single",
                         field="strategy")
    sql = aggregate_sql(by, dialect=engine, directed=directed, years=years, dedupe=dedupe)
    if engine == "duckdb" and strategy == "partitioned":
        if out is not None:
            outp = Path(out)
            outp.parent.mkdir(parents=True, exist_ok=True)
            tmp = outp.with_name(outp.name + ".tmp")
            res = _aggregate_partitioned(rootp, by, directed=directed, years=years, out=tmp,
                                         dedupe=dedupe)
            os.replace(tmp, outp)
        else:
            res = _aggregate_partitioned(rootp, by, directed=directed, years=years,
                                         dedupe=dedupe)
    elif engine == "duckdb":
        res = run_duckdb(sql, rootp, out=Path(out) if out else None)
    else:
        res = run_spark(sql, rootp, master=spark_master, out=Path(out) if out else None)
    if out is not None:
        return {"rows": int(res), "out": str(out), "engine": engine, "by": by,
                "root": str(rootp), "directed": directed}
    return res


def _store_root(db=None, con=None) -> Path:
    """The store's event folder, after removing what an interrupted ingest left."""
    from amity import store as _store

    own = con is None
    if own:
        con = _store.connect(db)
    try:
        dbp = es.db_file(con)
        rootp = es.events_dir(dbp or db)
        es.recover(con, rootp)
        return rootp
    finally:
        if own:
            con.close()


def stats(db: str | os.PathLike | None = None, *, con: duckdb.DuckDBPyConnection | None = None,
          root: str | os.PathLike | None = None) -> dict[str, Any]:
    """Files, rows, coverage and disk use of the event store."""
    from amity import store as _store

    own = con is None
    if own:
        con = _store.connect(db)
    try:
        dbp = es.db_file(con)
        rootp = Path(root) if root else es.events_dir(dbp or db)
        if root and not rootp.is_dir():
            raise InputError("no such event folder", file=str(rootp))
        return es.stats(con, rootp)   # a read: never recovers (deletes) anything
    finally:
        if own:
            con.close()


# --------------------------------------------------------------- dyad-years for other layers

_CACHE_TABLE = "event_dyad_year"


def _stamp(root: Path) -> str:
    h = hashlib.sha256(b"one event per (source, event_id)\n")   # the measures' definition
    for p in es.part_files(root):
        st = p.stat()
        h.update(f"{p.relative_to(root)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _cow_codes(ids: Sequence[str]) -> dict[str, int | None]:
    out = {}
    for i in ids:
        try:
            out[i] = actors.cow_code(i)
        except AmityError:   # an id the registry does not know has no code
            out[i] = None
    return out


def dyad_year_aggregates(con: duckdb.DuckDBPyConnection | None = None, a: str | int | None = None,
                         b: str | int | None = None, *, root: str | os.PathLike | None = None
                         ) -> pd.DataFrame:
    """Non-directed dyad-year event aggregates, by canonical ids and COW codes.

    Parameters
    ----------
    con : DuckDB connection to the store (default: open ``$AMITY_DB``).
    a, b : str or int, optional
        Restrict to dyads involving ``a`` (and ``b``): a canonical id / name (resolved with
        :func:`amity.actors.resolve`) or a COW code (int, matched on ``ccode_a``/``ccode_b``,
        so 365 covers SUN and RUS).
    root : path, optional
        Event folder (default the store's ``<db>.events``).

    Returns
    -------
    DataFrame with ``a, b`` (canonical ids, ``a < b``), ``ccode_a, ccode_b`` (Int64, missing
    where the actor has no COW code), ``year`` and the measures of :data:`MEASURES`. Results are
    cached in the store table ``event_dyad_year`` until the Parquet parts change. The years the
    event data covers are in ``df.attrs["amity_events_years"]`` (first, last).
    """
    from amity import store as _store

    own = con is None
    if own:
        con = _store.connect()
    try:
        dbp = es.db_file(con)
        rootp = Path(root) if root else es.events_dir(dbp)
        if dbp is not None:
            try:
                es.recover(con, rootp)
            except duckdb.Error:
                pass  # read-only connection
        df = _cached_dyad_years(con, rootp)
        cov = _coverage_of(con, rootp)
    finally:
        if own:
            con.close()
    df.attrs["amity_events_coverage"] = cov
    df = _filter_pair(df, a, b)
    return df


def _coverage_of(con, rootp: Path) -> dict[int, float]:
    from amity.events.coverage import store_coverage

    if not es.part_files(rootp):
        return {}
    try:
        return store_coverage(con, rootp, "year")
    except (duckdb.Error, OSError):   # unreadable parts: no year is known to be covered
        return {}


def year_coverage(con: duckdb.DuckDBPyConnection | None = None, *,
                  root: str | os.PathLike | None = None, by: str = "year") -> dict:
    """How much of each year (``by="month"``: each month) the event store covers: the share
    of its time inside the spans of the files the store ingested (``{year: 0 < share <= 1}``,
    or ``{(year, month): share}``), from the manifest, never from the number of events
    (:mod:`amity.events.coverage`).

    A year the store holds only part of (the current year, GDELT 2.0's first year from
    February 2015, a fetch of March only, two days of an ICEWS sample) has a share below 1;
    its aggregates are a sample of that part, not a year of events (issue 17). Periods the
    store holds nothing of are absent (coverage 0).
    """
    from amity import store as _store
    from amity.events.coverage import store_coverage

    own = con is None
    if own:
        con = _store.connect()
    try:
        rootp = Path(root) if root else es.events_dir(es.db_file(con))
        if not es.part_files(rootp):
            return {}
        return store_coverage(con, rootp, by)
    finally:
        if own:
            con.close()


def _empty_dyad_years() -> pd.DataFrame:
    cols = {"a": pd.Series([], dtype="string"), "b": pd.Series([], dtype="string"),
            "ccode_a": pd.Series([], dtype="Int64"), "ccode_b": pd.Series([], dtype="Int64"),
            "year": pd.Series([], dtype="Int32")}
    for m in MEASURES:
        cols[m] = pd.Series([], dtype="Float64" if m in ("goldstein_sum", "goldstein_mean", "tone_mw") else "Int64")
    df = pd.DataFrame(cols)
    df.attrs["amity_events_years"] = (None, None)
    return df


def _cached_dyad_years(con, rootp: Path) -> pd.DataFrame:
    if not es.part_files(rootp):
        return _empty_dyad_years()
    stamp = _stamp(rootp)
    try:
        con.execute(f"CREATE TABLE IF NOT EXISTS {_CACHE_TABLE}_meta (stamp VARCHAR, y0 INTEGER, y1 INTEGER)")
        row = con.execute(f"SELECT stamp, y0, y1 FROM {_CACHE_TABLE}_meta").fetchone()
        writable = True
    except duckdb.Error:
        row, writable = None, False
    if row and row[0] == stamp:
        df = con.execute(f"SELECT * FROM {_CACHE_TABLE} ORDER BY a, b, year").df()
        years = (row[1], row[2])
    else:
        t = _aggregate_partitioned(rootp, "dyad-year")
        y = con.execute(f"SELECT min(year), max(year) FROM {es.parquet_source(rootp)}").fetchone()
        years = (y[0], y[1])
        df = t.to_pandas().sort_values(["a", "b", "year"], kind="stable").reset_index(drop=True)
        ids = sorted(set(df["a"]).union(df["b"])) if len(df) else []
        codes = _cow_codes(ids)
        df.insert(2, "ccode_a", pd.array([codes.get(x) for x in df["a"]], dtype="Int64"))
        df.insert(3, "ccode_b", pd.array([codes.get(x) for x in df["b"]], dtype="Int64"))
        if writable:
            from amity.store import transaction

            with transaction(con):
                con.register("_dy", df)
                try:
                    con.execute(f"CREATE OR REPLACE TABLE {_CACHE_TABLE} AS SELECT * FROM _dy")
                finally:
                    con.unregister("_dy")
                con.execute(f"DELETE FROM {_CACHE_TABLE}_meta")
                con.execute(f"INSERT INTO {_CACHE_TABLE}_meta VALUES (?, ?, ?)",
                            [stamp, years[0], years[1]])
    df = df.astype({"a": "string", "b": "string", "ccode_a": "Int64", "ccode_b": "Int64",
                    "year": "Int32", "events": "Int64", "q1_verbal_coop": "Int64",
                    "q2_material_coop": "Int64", "q3_verbal_conflict": "Int64",
                    "q4_material_conflict": "Int64", "goldstein_sum": "Float64",
                    "goldstein_mean": "Float64", "mentions": "Int64", "tone_mw": "Float64"})
    df.attrs["amity_events_years"] = (None if years[0] is None else int(years[0]),
                                      None if years[1] is None else int(years[1]))
    return df


def _resolve_id(x: str) -> str:
    return actors.resolve(x).id


def _filter_pair(df: pd.DataFrame, a, b) -> pd.DataFrame:
    attrs = dict(df.attrs)

    def match(x, side: str):
        if isinstance(x, (int,)) and not isinstance(x, bool):
            return df[f"ccode_{side}"] == x
        return df[side] == _resolve_id(str(x))

    if a is None and b is None:
        return df
    if a is not None and b is None:
        m = match(a, "a") | match(a, "b")
    elif a is None:
        m = match(b, "a") | match(b, "b")
    else:
        m = (match(a, "a") & match(b, "b")) | (match(b, "a") & match(a, "b"))
    out = df[m.fillna(False).to_numpy(bool)].reset_index(drop=True)
    out.attrs = attrs
    return out


# ----------------------------------------------------------------------------- normalized shares

def dyad_period_shares(root: str | os.PathLike | None = None, *, by: str = "dyad-year",
                       years: tuple[int | None, int | None] = (None, None),
                       db: str | os.PathLike | None = None,
                       con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """Event aggregates per non-directed dyad and period, normalized by volume.

    The closeness model reads these (it must not read raw counts: GDELT's volume grows
    several-fold over its years, so a count measures the news, not the relation).

    * **One event per GLOBALEVENTID**: rows sharing ``(source, event_id)`` (the same GDELT
      event exported twice, or re-ingested under another file name) count once; the first by
      ``(file, line)`` is kept.
    * ``events``: the number of distinct events of the dyad in the period, the weight of the
      evidence; ``q1_share`` .. ``q4_share``: the shares of the four quad classes (verbal
      cooperation, material cooperation, verbal conflict, material conflict; they sum to 1);
      ``goldstein_mean``: mean ICEWS Goldstein value.
    * ``coverage``: the share of the period's time inside the spans of the files the store
      ingested (:func:`year_coverage`: a GDELT 2.0 file covers its 15 minutes, a GDELT 1.0
      daily file its day, any other file the days from its first to its last event), never
      the number of events; ``days_covered`` is that share in days; ``partial`` is True when
      it is below :data:`amity.events.coverage.PARTIAL_BELOW` (a year GDELT 2.0 only starts
      in February, the current year, a fetch of March only, failed files). A partial period
      is a sample of that period, never a full one: weigh it by its coverage or leave it
      out, do not compare its counts with full years.

    Parameters
    ----------
    root : path, optional
        Event folder (default: the store's, ``<db>.events``).
    by : {"dyad-year", "dyad-month"}
    years : (first, last), inclusive, optional

    Returns
    -------
    pandas.DataFrame
        a, b, year, [month], events, q1_share, q2_share, q3_share, q4_share, goldstein_mean,
        days_covered, days_in_period, coverage, partial; ordered by period, then dyad.
    """
    import numpy as np

    if by not in BY:
        raise InputError(f"unknown aggregation {by!r}; use one of {', '.join(BY)}", field="--by")
    rootp = Path(root) if root is not None else _store_root(db, con)
    monthly = by == "dyad-month"
    cols = ["a", "b", "year"] + (["month"] if monthly else []) + [
        "events", "q1_share", "q2_share", "q3_share", "q4_share", "goldstein_mean",
        "days_covered", "days_in_period", "coverage", "partial"]
    if not es.part_files(rootp):
        return pd.DataFrame({c: [] for c in cols})
    t = _aggregate_partitioned(rootp, by, years=years, dedupe=True)
    n = t.column("events").to_numpy().astype("float64")
    df = pd.DataFrame({"a": t.column("a").to_pandas(), "b": t.column("b").to_pandas(),
                       "year": t.column("year").to_numpy()})
    if monthly:
        df["month"] = t.column("month").to_numpy()
    df["events"] = t.column("events").to_numpy()
    for k, c in enumerate(("q1_verbal_coop", "q2_material_coop", "q3_verbal_conflict",
                           "q4_material_conflict"), 1):
        df[f"q{k}_share"] = t.column(c).to_numpy().astype("float64") / n
    df["goldstein_mean"] = t.column("goldstein_mean").to_numpy(zero_copy_only=False)
    from amity.events.coverage import PARTIAL_BELOW, days_in, store_coverage

    # the manifest of the folder's owner (``con``'s, else the owner's opened read-only)
    cov = store_coverage(con, rootp, "month" if monthly else "year")
    keys = (list(zip(df["year"].astype(int), df["month"].astype(int))) if monthly
            else list(df["year"].astype(int)))
    dim = [days_in(*k) if monthly else days_in(k) for k in keys]
    df["days_in_period"] = pd.array(dim, dtype="int64")
    df["events"] = df["events"].astype("int64")
    df["coverage"] = np.array([cov.get(k, 0.0) for k in keys], dtype=float)
    df["days_covered"] = df["coverage"] * df["days_in_period"]
    df["partial"] = df["coverage"] < PARTIAL_BELOW
    return df[cols]
