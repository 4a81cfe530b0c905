"""Integrity check of a store: keys, references, provenance, datasets and the event manifest.

:func:`check_store` runs a fixed list of read-only checks over an open connection and returns a
report; ``amity db check --json`` prints it and exits non-zero when any *error*-level check
fails. Warnings (a leftover uncommitted event part, a content hash that no longer matches) are
reported but do not fail the check: the next ingest cleans the first, and the second can come
from an older writer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # imported where a check runs (the package is imported by every face)
    import duckdb

#: How many offending keys a failed check lists.
EXAMPLES = 5

PROV_KINDS = ("curated", "dataset", "document")


@dataclass
class Finding:
    """One check: its name, whether it passed, how many rows offend, a few examples."""

    name: str
    ok: bool
    level: str = "error"             # error | warning
    count: int = 0
    detail: str = ""
    examples: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "level": self.level, "count": self.count,
                "detail": self.detail, "examples": self.examples}


@dataclass
class CheckReport:
    path: str | None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no error-level check failed (warnings allowed)."""
        return all(f.ok or f.level != "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.ok and f.level == "warning"]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok, "errors": len(self.errors),
                "warnings": len(self.warnings),
                "checks": [f.to_dict() for f in self.findings]}


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_catalog = current_database()").fetchall()}


def _q(name: str) -> str:
    """A quoted SQL identifier (table names come from the catalog, never from a user)."""
    return '"' + name.replace('"', '""') + '"'


def _rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def _finding(name: str, bad: list, detail_ok: str, detail_bad: str, level: str = "error",
             count: int | None = None) -> Finding:
    n = len(bad) if count is None else count
    ex = [list(b) if isinstance(b, tuple) and len(b) > 1 else (b[0] if isinstance(b, tuple) else b)
          for b in bad[:EXAMPLES]]
    return Finding(name, n == 0, level, n, detail_ok if n == 0 else detail_bad, ex)


# --------------------------------------------------------------------------- the checks

def _check_schema(con, tables: set[str]) -> list[Finding]:
    from amity.store.core import SCHEMA_VERSION

    need = {"schema_version", "relations", "batches", "datasets", "quarantine"}
    missing = sorted(need - tables)
    out = [_finding("tables present", missing, "core tables present",
                    f"missing core table(s): {', '.join(missing)}")]
    if "schema_version" in tables:
        v = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        ok = v is not None and v <= SCHEMA_VERSION
        out.append(Finding("schema version", ok, "error", 0 if ok else 1,
                           f"schema v{v} (this Amity writes v{SCHEMA_VERSION})"))
    return out


def read_all(con, table: str) -> int:
    """Read every value of ``table`` (a hash over whole rows) and return its row count.

    ``count(*)`` alone can be answered from metadata; hashing each row forces DuckDB to read
    and checksum every block, so a truncated or damaged file fails here.
    """
    n, _ = con.execute(f"SELECT count(*), sum(hash(t)) FROM {_q(table)} AS t").fetchone()
    return int(n)


def _check_readable(con, tables: set[str]) -> list[Finding]:
    import duckdb

    bad = []
    for t in sorted(tables):
        try:
            read_all(con, t)
        except duckdb.Error as e:
            bad.append((t, str(e).splitlines()[0][:200]))
    return [_finding("tables read back", bad, "every table reads in full",
                     "tables that cannot be read in full (damaged file)")]


def _check_relations(con, tables: set[str], actor_ids: set[str] | None) -> list[Finding]:
    if "relations" not in tables:
        return []
    out: list[Finding] = []
    dup = _rows(con, "SELECT id, count(*) FROM relations GROUP BY id HAVING count(*) > 1 "
                     "ORDER BY id LIMIT ?", [EXAMPLES])
    ndup = con.execute("SELECT count(*) - count(DISTINCT id) FROM relations").fetchone()[0]
    out.append(_finding("relation ids unique", dup, "every relation id is unique",
                        "relation ids stored more than once", count=int(ndup)))
    nullid = con.execute("SELECT count(*) FROM relations WHERE id IS NULL OR id = ''").fetchone()[0]
    out.append(Finding("relation ids present", nullid == 0, "error", int(nullid),
                       "no empty relation id" if not nullid else "relations without an id"))
    # provenance
    bad = _rows(con, f"""
        SELECT id FROM relations
        WHERE prov_kind IS NULL OR prov_kind NOT IN ({', '.join('?' for _ in PROV_KINDS)})
           OR prov_ref IS NULL OR trim(prov_ref) = '' OR batch_id IS NULL OR batch_id = ''
        ORDER BY id""", list(PROV_KINDS))
    out.append(_finding("provenance present", bad,
                        "every relation has prov_kind, prov_ref and batch_id",
                        "relations without complete provenance"))
    # batches referenced exist
    if "batches" in tables:
        bad = _rows(con, """
            SELECT DISTINCT r.batch_id FROM relations r
            LEFT JOIN batches b ON b.batch_id = r.batch_id
            WHERE b.batch_id IS NULL AND r.batch_id IS NOT NULL ORDER BY 1""")
        out.append(_finding("batches resolve", bad, "every relation's batch is recorded",
                            "relations name a batch that the batches table does not hold"))
        over = _rows(con, """
            SELECT b.batch_id, b.rows, count(r.id) AS n FROM batches b
            JOIN relations r ON r.batch_id = b.batch_id
            GROUP BY b.batch_id, b.rows HAVING count(r.id) > b.rows ORDER BY 1""")
        out.append(_finding("batch row counts", over,
                            "no batch holds more relations than it recorded",
                            "batches hold more relations than they recorded inserting"))
    # actor references
    if actor_ids is not None:
        bad = _rows(con, """
            WITH refs AS (
                SELECT id, 'source_actor' AS field, source_actor AS actor FROM relations
                UNION ALL SELECT id, 'target_actor', target_actor FROM relations
                UNION ALL SELECT id, 'via_bloc', via_bloc FROM relations
                UNION ALL SELECT id, 'parties', unnest(parties) FROM relations
            )
            SELECT DISTINCT actor, field FROM refs
            WHERE actor IS NOT NULL AND actor NOT IN (SELECT id FROM _amity_actor_ids)
            ORDER BY 1, 2""")
        out.append(_finding("actor ids resolve", bad,
                            "every actor id in relations is in the registry",
                            "actor ids in relations that the registry does not know"))
    # content hash
    bad = []
    from amity.store.core import relation_id

    cur = con.execute("""SELECT id, kind, date, source_actor, target_actor, parties, via_bloc,
                                name, cameo, prov_kind, prov_ref FROM relations""")
    keys = ["id", "kind", "date", "source_actor", "target_actor", "parties", "via_bloc",
            "name", "cameo", "prov_kind", "prov_ref"]
    n_bad = 0
    while True:
        chunk = cur.fetchmany(50_000)
        if not chunk:
            break
        for row in chunk:
            d = dict(zip(keys, row))
            if relation_id(d) != d["id"]:
                n_bad += 1
                if len(bad) < EXAMPLES:
                    bad.append((d["id"],))
    out.append(_finding("ids match content", bad,
                        "every relation id is the hash of its identifying fields",
                        "relation ids that are not the hash of their fields (edited in place, "
                        "or written by another tool)", level="warning", count=n_bad))
    return out


def _check_datasets(con, tables: set[str]) -> list[Finding]:
    if "datasets" not in tables:
        return []
    out: list[Finding] = []
    rows = _rows(con, "SELECT name, table_name, rows, sha256 FROM datasets ORDER BY name")
    missing, wrong = [], []
    recorded = set()
    for name, table, n, _sha in rows:
        recorded.add(table)
        if table not in tables:
            missing.append((name, table))
            continue
        have = con.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0]
        if n is not None and have != n:
            wrong.append((name, n, have))
    out.append(_finding("dataset tables exist", missing,
                        "every recorded dataset has its ds_ table",
                        "datasets recorded without their table"))
    out.append(_finding("dataset row counts", wrong,
                        "every ds_ table holds the rows its record says",
                        "ds_ tables whose row count differs from the datasets record"))
    orphan = sorted(t for t in tables if t.startswith("ds_") and t not in recorded)
    out.append(_finding("ds_ tables recorded", orphan,
                        "every ds_ table is recorded in datasets",
                        "ds_ tables with no datasets record"))
    nover = _rows(con, "SELECT name FROM datasets WHERE sha256 IS NULL OR sha256 = '' ORDER BY 1")
    out.append(_finding("dataset provenance", nover, "every dataset records its sha256",
                        "datasets loaded without a checksum", level="warning"))
    dupn = _rows(con, "SELECT name FROM datasets GROUP BY name HAVING count(*) > 1")
    out.append(_finding("dataset names unique", dupn, "dataset names unique",
                        "a dataset recorded twice"))
    return out


def _check_quarantine(con, tables: set[str]) -> list[Finding]:
    if "quarantine" not in tables:
        return []
    bad = _rows(con, "SELECT batch_id, source, file, line FROM quarantine "
                     "WHERE reason IS NULL OR trim(reason) = '' LIMIT ?", [EXAMPLES])
    n = con.execute("SELECT count(*) FROM quarantine WHERE reason IS NULL OR trim(reason) = ''"
                    ).fetchone()[0]
    return [_finding("quarantine reasons", bad, "every quarantined row says why",
                     "quarantined rows without a reason", count=int(n))]


def _check_evidence(con, tables: set[str]) -> list[Finding]:
    if "reader_evidence" not in tables or "relations" not in tables:
        return []
    bad = _rows(con, """SELECT DISTINCT e.relation_id FROM reader_evidence e
                        LEFT JOIN relations r ON r.id = e.relation_id
                        WHERE r.id IS NULL ORDER BY 1""")
    return [_finding("evidence resolves", bad, "every reader evidence row names a stored fact",
                     "reader evidence rows whose fact is not stored")]


_PART = re.compile(r"ing-([0-9a-f]{16,64})-\d+\.parquet$")


def _check_events(con, tables: set[str], events_root: Path | None,
                  path: str | Path | None = None) -> list[Finding]:
    if "event_files" not in tables:
        return []
    out: list[Finding] = []
    dup = _rows(con, "SELECT sha256 FROM event_files GROUP BY sha256 HAVING count(*) > 1")
    out.append(_finding("event files unique", dup, "every ingested file recorded once",
                        "event files recorded twice"))
    if events_root is None or not events_root.is_dir():
        return out
    manifest = {b: int(n) for b, n in _rows(
        con, "SELECT batch, sum(rows) FROM event_files WHERE status = 'done' GROUP BY batch")}
    parts = sorted(events_root.glob("year=*/month=*/ing-*.parquet"))
    on_disk: dict[str, list[Path]] = {}
    for p in parts:
        m = _PART.search(p.name)
        if m:
            on_disk.setdefault(m.group(1), []).append(p)
    orphan = sorted(b for b in on_disk if b not in manifest)
    counts: dict[str, int] = {}
    if orphan:
        oparts = [str(p) for b in orphan for p in on_disk[b]]
        nrows = con.execute("SELECT count(*) FROM read_parquet(?, hive_partitioning = false)",
                            [oparts]).fetchone()[0]
        nbytes = sum(p.stat().st_size for b in orphan for p in on_disk[b])
        from amity.events.store import owner_of, owns

        mine = path is None or owns(path, events_root)
        detail = (f"{len(oparts)} part file(s) of {len(orphan)} uncommitted batch(es) "
                  f"({nrows:,} rows, {nbytes:,} bytes; a crashed ingest): no reader counts "
                  "them, and ")
        detail += ("this store's next ingest removes them" if mine else
                   f"the folder belongs to {owner_of(events_root) or 'another store'}: only "
                   "that store removes them")
        out.append(Finding("event parts committed", False, "warning", len(oparts), detail,
                           orphan[:EXAMPLES]))
    else:
        out.append(_finding("event parts committed", [],
                            "every ingest part belongs to a committed batch", ""))
    if parts:
        files = [str(p) for p in parts]
        for name, n in con.execute(
                "SELECT filename, count(*) FROM read_parquet(?, filename = true, "
                "hive_partitioning = false) GROUP BY filename", [files]).fetchall():
            m = _PART.search(name)
            if m:
                counts[m.group(1)] = counts.get(m.group(1), 0) + int(n)
    wrong = sorted((b, n, counts.get(b, 0)) for b, n in manifest.items()
                   if counts.get(b, 0) != n)
    out.append(_finding("event rows match manifest", wrong,
                        "every committed batch's parts hold the rows its manifest says",
                        "committed batches whose parts hold a different number of rows "
                        "(lost or duplicated part files)"))
    return out


def check_store(con: duckdb.DuckDBPyConnection, *, path: str | Path | None = None,
                events_root: str | Path | None = None,
                actor_ids: set[str] | None | Callable[[], set[str]] = None) -> CheckReport:
    """Verify a store's integrity (read-only).

    Parameters
    ----------
    con : duckdb connection
        An open store (read-only is enough).
    path : path, optional
        The store file (for the report, and to find ``<db>.events``).
    events_root : path, optional
        The event store folder (default ``<path>.events`` when it exists).
    actor_ids : set of str, optional
        Known actor ids (default: every id of :func:`amity.actors.all_actors`).

    Returns
    -------
    CheckReport
        ``report.ok`` is False when any error-level check failed; ``report.to_dict()`` is the
        JSON ``amity db check --json`` prints.

    Notes
    -----
    Checks: core tables and schema version; relation ids unique and present; provenance
    (``prov_kind`` in curated/dataset/document, ``prov_ref`` and ``batch_id`` non-empty);
    every ``batch_id`` recorded in ``batches`` and no batch holding more rows than it wrote;
    every actor id (source, target, parties, via_bloc) known to the registry; ids equal to the
    hash of their identifying fields (warning); every ``datasets`` record has its ``ds_`` table
    with the recorded row count and every ``ds_`` table a record; quarantined rows carry a
    reason; reader evidence names stored facts; the event manifest is unique and each committed
    batch's Parquet parts hold exactly the rows it recorded.
    """
    if actor_ids is None:
        from amity.actors import all_actors

        actor_ids = {a.id for a in all_actors()}
    elif callable(actor_ids):
        actor_ids = actor_ids()
    tables = _tables(con)
    rep = CheckReport(str(path) if path else None)
    rep.findings += _check_readable(con, tables)
    if rep.errors:   # a damaged file: the other checks would only repeat the read error
        return rep
    rep.findings += _check_schema(con, tables)
    import pandas as pd

    con.register("_amity_actor_ids", pd.DataFrame({"id": sorted(actor_ids)}, dtype="string"))
    try:
        rep.findings += _check_relations(con, tables, actor_ids)
    finally:
        con.unregister("_amity_actor_ids")
    rep.findings += _check_datasets(con, tables)
    rep.findings += _check_quarantine(con, tables)
    rep.findings += _check_evidence(con, tables)
    if events_root is None and path is not None:
        from amity.events.store import events_dir

        events_root = events_dir(path)
    rep.findings += _check_events(con, tables, Path(events_root) if events_root else None,
                                  path=path)
    return rep


def check_path(path: str | Path | None = None, **kw: Any) -> CheckReport:
    """Open the store at ``path`` read-only and run :func:`check_store` on it.

    Raises :class:`amity.errors.NotFoundError` when the file does not exist and
    :class:`amity.errors.StoreLockedError` when another process holds it.
    """
    import duckdb

    from amity import config, store
    from amity.errors import NotFoundError

    p = config.db_path(path)
    if not p.exists():
        raise NotFoundError(f"no store at {p}")
    from amity.errors import InputError

    try:
        con = store.connect(p, read_only=True)
    except duckdb.Error as e:
        raise InputError(f"not a readable DuckDB store: {str(e).splitlines()[0]}",
                         file=str(p)) from None
    try:
        return check_store(con, path=p, **kw)
    finally:
        con.close()
