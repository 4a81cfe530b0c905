"""DuckDB connection, migrations and atomic writes (see docs/ARCHITECTURE.md, "Store")."""
from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import weakref
from pathlib import Path
from typing import Any, Iterable, Iterator

import duckdb
import pandas as pd

from amity import config
from amity.errors import InputError, StoreLockedError

SCHEMA_VERSION = 2

# Columns of the `relations` table, in order. One row = one fact (a treaty, a statement, a
# summit, a sanction, a vote, an event read from text...), with its provenance.
RELATION_COLUMNS: dict[str, str] = {
    "id": "VARCHAR PRIMARY KEY",   # sha1 of the identifying fields (see relation_id)
    "kind": "VARCHAR NOT NULL",    # treaty, statement, summit, recognition, war, ...
    "date": "VARCHAR NOT NULL",    # EDTF: 1689, 2022-02, 2022-02-04, 195X, 1960/1989
    "date_end": "VARCHAR",         # EDTF end (expiry, lapse, end of a war), or NULL
    "year_start": "INTEGER",       # first calendar year covered (derived from date)
    "year_end": "INTEGER",         # last calendar year covered (derived from date/date_end)
    "source_actor": "VARCHAR",     # canonical actor id of the doer (directed facts)
    "target_actor": "VARCHAR",     # canonical actor id of the receiver (directed facts)
    "parties": "VARCHAR[]",        # canonical ids of all parties (joint/multilateral facts)
    "via_bloc": "VARCHAR",         # bloc id when a member acts through a bloc (EU sanctions)
    "name": "VARCHAR",             # treaty/agreement/event name
    "obligations": "VARCHAR[]",    # defense, offense, neutrality, non-aggression, consultation,
                                   # border, friendship, cooperation
    "articles": "VARCHAR",         # JSON {obligation: article} when known
    "plover": "VARCHAR",           # PLOVER category
    "cameo": "VARCHAR",            # CAMEO code as a string with leading zeros
    "goldstein": "DOUBLE",         # Goldstein value of the CAMEO code (ICEWS table)
    "sign": "INTEGER",             # +1 cooperative, -1 conflictual, 0 neutral (curated)
    "atop_id": "INTEGER",          # ATOP alliance id when ATOP codes the treaty
    "negated": "BOOLEAN",
    "description": "VARCHAR",
    "prov_kind": "VARCHAR NOT NULL",  # curated | dataset | document
    "prov_ref": "VARCHAR NOT NULL",   # reference title / dataset+version+row key / doc sha+span
    "ref_publisher": "VARCHAR",
    "ref_year": "INTEGER",
    "ref_url": "VARCHAR",
    "batch_id": "VARCHAR NOT NULL",
    # aligned with parties: the EDTF date each party entered (an accession), NULL for a party
    # from the fact's own date; NULL when all are (schema v2; last, as ALTER TABLE adds it)
    "party_since": "VARCHAR[]",
}

_MIGRATIONS: list[str] = [
    # v1
    f"""
    CREATE TABLE IF NOT EXISTS relations ({", ".join(f"{k} {v}" for k, v in RELATION_COLUMNS.items())});
    CREATE TABLE IF NOT EXISTS batches (
        batch_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, source VARCHAR NOT NULL,
        rows INTEGER NOT NULL, loaded_at TIMESTAMP NOT NULL, meta VARCHAR);
    CREATE TABLE IF NOT EXISTS datasets (
        name VARCHAR PRIMARY KEY, version VARCHAR, sha256 VARCHAR, rows BIGINT,
        table_name VARCHAR NOT NULL, loaded_at TIMESTAMP NOT NULL, meta VARCHAR);
    CREATE TABLE IF NOT EXISTS quarantine (
        batch_id VARCHAR, source VARCHAR, file VARCHAR, line BIGINT, field VARCHAR,
        reason VARCHAR, raw VARCHAR, quarantined_at TIMESTAMP);
    """,
    # v2: each party's entry date (a store of v1 gains the column, empty)
    "ALTER TABLE relations ADD COLUMN IF NOT EXISTS party_since VARCHAR[];",
]


def _serve_info(path: Path) -> dict | None:
    info = Path(str(path) + ".serve.json")
    if not info.is_file():
        return None
    try:
        d = json.loads(info.read_text())
        return d if isinstance(d, dict) else {}
    except (OSError, ValueError):
        return {}


def serving(path: str | os.PathLike | None = None) -> dict | None:
    """What ``amity serve`` wrote about itself beside the store (``<db>.serve.json``: pid,
    url, writes), or None when no server names itself there."""
    d = _serve_info(config.db_path(path))
    return d or None


def _lock_holder(path: Path) -> str | None:
    d = _serve_info(path)
    if d is None:
        return None
    if not d:
        return "amity serve"
    return f"amity serve (pid {d.get('pid')}) at {d.get('url')}"


def _locked_message(p: Path | None, read_only: bool) -> str:
    """One line for a store another process holds: who, and what to do for this open."""
    d = _serve_info(p) if p else None
    holder = _lock_holder(p) if p else None
    if holder is None:
        return (f"the store {p} is in use by another process (one writer at a time); "
                "wait for it to finish, or stop it")
    if read_only:
        url = (d or {}).get("url") or "its URL"
        return (f"the store {p} is held for writing by {holder}: ask that server for reads "
                f"({url}/docs), or restart it without AMITY_API_TOKEN (a read-only server "
                "shares the file with the CLI's reads)")
    if (d or {}).get("writes") is False:
        return (f"the store {p} is open read-only by {holder}: reads work beside it, but a "
                "write needs the store alone; stop the server, write, then serve again (or "
                "serve with AMITY_API_TOKEN and send writes through it)")
    return (f"the store {p} is in use by {holder}; send writes through that server, or stop "
            "it first")


def connect(path: str | os.PathLike | None = None, *, read_only: bool = False,
            migrate: bool = True) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the store.

    Raises :class:`StoreLockedError` naming the holder when another process has the file.
    ``path=":memory:"`` gives a throwaway store (tests).
    """
    p = config.db_path(path) if path != ":memory:" else None
    try:
        if p is None:
            con = duckdb.connect(":memory:")
        else:
            if read_only and not p.exists():
                read_only = False  # nothing to read yet: create it
            p.parent.mkdir(parents=True, exist_ok=True)
            if Path(str(p) + ".restore-journal.json").exists():   # a killed restore
                from amity.store.journal import finish_restore

                finish_restore(p)
            if not read_only and not p.exists():
                _create(p)   # a new store appears whole or not at all
            con = duckdb.connect(str(p), read_only=read_only)
    except duckdb.IOException as e:  # lock conflict or unreadable file
        if "lock" in str(e).lower():
            raise StoreLockedError(_locked_message(p, read_only)) from None
        raise
    # DuckDB draws a progress bar on stdout for a query over two seconds: it would break
    # `--json` output (`amity closeness-build --json` printed one before its JSON)
    con.execute("SET enable_progress_bar = false")
    if migrate and not read_only:
        _migrate(con)
    return con


def _create(p: Path) -> None:
    """Create the store file under a temporary name, migrate and checkpoint it, then rename:
    a write fault while creating it (disk full, ``ulimit -f``) leaves no truncated store."""
    tmp = p.with_name(f".{p.name}.new-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        try:
            _migrate(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)


def _migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    current = row[0] or 0
    for v, sql in enumerate(_MIGRATIONS, start=1):
        if v <= current:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("INSERT INTO schema_version VALUES (?)", [v])


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing block: commits on success, rolls back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")


#: per connection: whether its ``relations`` has ``party_since`` (fixed once it is open: only
#: the migration at :func:`connect` adds columns)
_HAS_SINCE: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()


def party_since_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The select expression of ``relations.party_since``: the column, or NULL for a store of
    schema v1 opened read-only (a read does not migrate; the writer's next open does)."""
    try:
        has = _HAS_SINCE[con]
    except (KeyError, TypeError):
        try:
            has = bool(con.execute(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = "
                "'relations' AND column_name = 'party_since'").fetchone()[0])
        except duckdb.Error:
            return "CAST(NULL AS VARCHAR[]) AS party_since"   # no relations table at all
        try:
            _HAS_SINCE[con] = has
        except TypeError:      # not weak-referenceable: asked again next time
            pass
    return "party_since" if has else "CAST(NULL AS VARCHAR[]) AS party_since"


def relation_id(row: dict[str, Any]) -> str:
    """Deterministic id of a fact from what identifies it (kind, date, actors, name, provenance).

    Replaying the same fact gives the same id, so a replayed batch adds nothing.
    """
    parties = row.get("parties") or []
    key = "|".join(
        str(x) for x in (
            row.get("kind"), row.get("date"), row.get("source_actor"), row.get("target_actor"),
            ",".join(sorted(parties)), row.get("via_bloc"), row.get("name"), row.get("cameo"),
            row.get("prov_kind"), row.get("prov_ref"),
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def _batch_id(kind: str, source: str, rows: list[dict[str, Any]]) -> str:
    h = hashlib.sha256()
    h.update(f"{kind}|{source}|".encode())
    for r in rows:
        h.update(json.dumps(r, sort_keys=True, default=str).encode())
    return h.hexdigest()[:32]


def insert_relations(con: duckdb.DuckDBPyConnection, rows: Iterable[dict[str, Any]], *,
                     kind: str, source: str, meta: dict | None = None) -> dict[str, Any]:
    """:func:`write_relations` for a caller that already holds the transaction.

    Use it to write facts together with other tables in one all-or-nothing step (a dataset
    load with the treaty facts it derives; the reader's facts with their evidence).
    """
    rows = [dict(r) for r in rows]
    batch = _batch_id(kind, source, rows)
    cols = list(RELATION_COLUMNS)
    for r in rows:
        unknown = set(r) - set(cols)
        if unknown:
            raise InputError(f"unknown relation field(s) {sorted(unknown)}", file=source)
        r.setdefault("id", relation_id(r))
        r["batch_id"] = batch
    df = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)
    df = df.drop_duplicates("id")
    con.register("_incoming", df)
    try:
        before = con.execute("SELECT count(*) FROM relations").fetchone()[0]
        casts = ", ".join(f"CAST({c} AS {RELATION_COLUMNS[c].split()[0]}) AS {c}" for c in cols)
        con.execute(
            f"INSERT INTO relations SELECT {casts} FROM _incoming "
            "WHERE id NOT IN (SELECT id FROM relations)"
        )
        inserted = con.execute("SELECT count(*) FROM relations").fetchone()[0] - before
        if inserted:
            con.execute(
                "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [batch, kind, source, inserted, _dt.datetime.now(), json.dumps(meta or {})],
            )
    finally:
        con.unregister("_incoming")
    return {"inserted": int(inserted), "skipped": int(len(df) - inserted), "batch_id": batch}


def write_relations(con: duckdb.DuckDBPyConnection, rows: Iterable[dict[str, Any]], *,
                    kind: str, source: str, meta: dict | None = None) -> dict[str, Any]:
    """Insert fact rows atomically; rows whose id is already stored are skipped.

    Returns ``{"inserted": n, "skipped": m, "batch_id": ...}``. Each row is a dict over
    :data:`RELATION_COLUMNS` (missing keys are NULL; ``id`` and ``batch_id`` are filled in).
    """
    with transaction(con):
        return insert_relations(con, rows, kind=kind, source=source, meta=meta)


def put_dataset(con: duckdb.DuckDBPyConnection, name: str, frame: Any, *,
                version: str | None = None, sha256: str | None = None,
                meta: dict | None = None) -> dict[str, Any]:
    """:func:`replace_dataset` for a caller that already holds the transaction (no skip check)."""
    table = dataset_table(name)
    con.register("_frame", frame)
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM _frame')
    finally:
        con.unregister("_frame")
    n = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    con.execute("DELETE FROM datasets WHERE name = ?", [name])
    con.execute(
        "INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?)",
        [name, version, sha256, n, table, _dt.datetime.now(), json.dumps(meta or {})],
    )
    return {"name": name, "table": table, "rows": int(n), "loaded": True}


def dataset_table(name: str) -> str:
    """The store table that holds dataset ``name``: ``ds_<name>``, non-alphanumerics as ``_``."""
    return "ds_" + "".join(ch if ch.isalnum() else "_" for ch in name)


def replace_dataset(con: duckdb.DuckDBPyConnection, name: str, frame: Any, *,
                    version: str | None = None, sha256: str | None = None,
                    meta: dict | None = None) -> dict[str, Any]:
    """Atomically (re)place dataset ``name`` as table ``ds_<name>`` and record it.

    ``frame`` is a pandas DataFrame or a pyarrow Table. If the same sha256 is already loaded
    the call changes nothing (idempotent) and returns ``{"loaded": False}``.
    """
    cur = con.execute("SELECT sha256, rows FROM datasets WHERE name = ?", [name]).fetchone()
    if cur and sha256 and cur[0] == sha256:
        return {"name": name, "table": dataset_table(name), "rows": cur[1], "loaded": False}
    with transaction(con):
        return put_dataset(con, name, frame, version=version, sha256=sha256, meta=meta)


def dataset_info(con: duckdb.DuckDBPyConnection, name: str) -> dict | None:
    row = con.execute(
        "SELECT name, version, sha256, rows, table_name, loaded_at FROM datasets WHERE name = ?",
        [name]).fetchone()
    if not row:
        return None
    keys = ["name", "version", "sha256", "rows", "table", "loaded_at"]
    return dict(zip(keys, row))


def list_datasets(con: duckdb.DuckDBPyConnection) -> list[dict]:
    rows = con.execute("SELECT name FROM datasets ORDER BY name").fetchall()
    return [dataset_info(con, r[0]) for r in rows]


def read_dataset(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame | None:
    info = dataset_info(con, name)
    if info is None:
        return None
    return con.execute(f'SELECT * FROM "{info["table"]}"').df()


def quarantine(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], *, batch_id: str,
               source: str) -> int:
    """Record rejected input rows with their reason (caller holds the transaction)."""
    now = _dt.datetime.now()
    for r in rows:
        con.execute(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [batch_id, source, r.get("file"), r.get("line"), r.get("field"), r.get("reason"),
             None if r.get("raw") is None else str(r.get("raw"))[:2000], now],
        )
    return len(rows)


def status(con: duckdb.DuckDBPyConnection, path: str | Path | None = None) -> dict[str, Any]:
    """Counts per table and the schema version (what `amity db status` prints)."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
        "ORDER BY table_name").fetchall()]
    counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
    kinds = dict(con.execute(
        "SELECT kind, count(*) FROM relations GROUP BY kind ORDER BY kind").fetchall())
    return {"path": str(path) if path else None, "schema_version": version, "tables": counts,
            "relations_by_kind": kinds, "datasets": list_datasets(con)}
