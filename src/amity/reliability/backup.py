"""Backup and restore of a store: a checkpointed copy of the DuckDB file (and its event folder).

A backup holds the store open for writing while it copies, so no other process can change it
half-way; DuckDB's ``CHECKPOINT`` first folds the write-ahead log into the file, so the copy
is the whole database. The copy is written beside the destination under a temporary name,
flushed to disk, opened once to prove it reads, and only then renamed into place: a backup
interrupted at any point leaves no half-written file under the final name.

A restore refuses to run while another process (``amity serve``, an ingest) holds the store;
it folds the current store's log into its file, keeps the current file as
``<db>.pre-restore``, then renames a verified copy of the backup over the store.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amity.errors import AmityError, InputError, NotFoundError, StoreLockedError

if TYPE_CHECKING:
    import duckdb

# DuckDB and the store's journal (which imports the store, and so pandas) are imported where
# a backup or restore runs: the error boundary imports this package on every command.


class BackupError(AmityError):
    """A backup or restore could not be done safely (nothing was changed)."""

    exit_code = 5
    http_status = 409


def _events_of(db: Path) -> Path:
    return Path(str(db) + ".events")


def _fsync_file(p: Path) -> None:
    fd = os.open(p, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(p: Path) -> str:
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _copy_file(src: Path, dst: Path) -> None:
    with open(src, "rb") as a, open(dst, "wb") as b:
        shutil.copyfileobj(a, b, 1 << 20)
        b.flush()
        os.fsync(b.fileno())


def _copy_tree(src: Path, dst: Path) -> int:
    """Copy every file that defines an event folder: the part files and the folder's own
    ``_``-files (the actor dictionary ``_actors.json``, which gives the parts' integer actor
    codes their meaning); not ``_staging`` (an ingest in progress) nor hidden files. Returns
    the number of files copied."""
    n = 0
    for p in sorted(src.rglob("*")):
        rel = p.relative_to(src)
        if rel.parts[0] == "_staging" or any(part.startswith(".") for part in rel.parts):
            continue
        if len(rel.parts) > 1 and any(part.startswith("_") for part in rel.parts[:-1]):
            continue
        if p.is_file():
            q = dst / rel
            q.parent.mkdir(parents=True, exist_ok=True)
            _copy_file(p, q)
            n += 1
    return n


def _table_counts(path: Path, label: Path | None = None) -> dict[str, int]:
    """Open ``path`` read-only and count the rows of every table (proves the file reads).

    Errors name ``label`` (the file the user gave) rather than a temporary copy.
    """
    import duckdb

    name = str(label or path)
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise InputError(f"not a readable DuckDB store: {str(e).splitlines()[0]}",
                         file=name) from None
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "ORDER BY table_name").fetchall()]
        if "schema_version" not in names or "relations" not in names:
            raise InputError("not an Amity store (no schema_version/relations table)",
                             file=name)
        from amity.reliability.check import read_all

        return {t: read_all(con, t) for t in names}
    except duckdb.Error as e:
        raise InputError("the store file does not read back (truncated or damaged): "
                         f"{str(e).splitlines()[0]}", file=name) from None
    finally:
        con.close()


def _open_exclusive(db: Path) -> duckdb.DuckDBPyConnection:
    """Open ``db`` for writing (so nobody else can); StoreLockedError naming the holder."""
    from amity import store

    serve = Path(str(db) + ".serve.json")
    if serve.is_file() and _pid_alive(serve):
        holder = serve.read_text(errors="replace")[:200]
        raise StoreLockedError(f"the store {db} is served by amity serve ({holder}); stop the "
                               "server first")
    return store.connect(db, migrate=False)


def _pid_alive(serve_json: Path) -> bool:
    try:
        pid = int(json.loads(serve_json.read_text()).get("pid"))
    except (OSError, ValueError, TypeError, AttributeError):
        return True   # unreadable marker: assume a live server, refuse
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def backup(dest: str | os.PathLike, db: str | os.PathLike | None = None, *,
           overwrite: bool = False, events: bool = True) -> dict[str, Any]:
    """Write a consistent copy of the store to ``dest``.

    Parameters
    ----------
    dest : path
        The backup file to write (a DuckDB file; ``dest.events/`` gets the event parts).
    db : path, optional
        The store (default ``$AMITY_DB``).
    overwrite : bool
        Replace an existing backup at ``dest`` (default: refuse).
    events : bool
        Also copy the event store folder ``<db>.events`` when it exists.

    Returns
    -------
    dict
        ``{"store", "backup", "bytes", "sha256", "tables": {table: rows}, "event_files",
        "seconds"}``.

    Raises
    ------
    NotFoundError
        No store at ``db``.
    StoreLockedError
        Another process holds the store (back it up through that process, or stop it).
    BackupError
        ``dest`` exists (without ``overwrite``) or is the store itself.
    """
    from amity import config
    from amity.store.journal import fsync_dir

    t0 = _dt.datetime.now()
    src = config.db_path(db)
    if not src.is_file():
        raise NotFoundError(f"no store at {src}")
    dst = Path(dest)
    if dst.exists() and dst.resolve() == src.resolve():
        raise BackupError(f"the backup {dst} is the store itself")
    if dst.is_dir():
        raise BackupError(f"{dst} is a directory; give a file name for the backup")
    if dst.exists() and not overwrite:
        raise BackupError(f"{dst} exists; pass --overwrite to replace it")
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.tmp-{os.getpid()}")
    tmp_ev = dst.with_name(f".{dst.name}.events.tmp-{os.getpid()}")
    con = _open_exclusive(src)
    try:
        con.execute("CHECKPOINT")
        try:
            _copy_file(src, tmp)
            n_ev = 0
            ev = _events_of(src)
            if events and ev.is_dir():
                shutil.rmtree(tmp_ev, ignore_errors=True)
                n_ev = _copy_tree(ev, tmp_ev)
                _write_owner(tmp_ev, dst)
        except BaseException:
            tmp.unlink(missing_ok=True)
            shutil.rmtree(tmp_ev, ignore_errors=True)
            raise
    finally:
        con.close()
    try:
        counts = _table_counts(tmp)
    except InputError as e:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(tmp_ev, ignore_errors=True)
        raise BackupError(f"the copy did not read back ({e}); nothing written") from None
    if tmp_ev.exists():
        old = Path(str(dst) + ".events")
        if old.exists():
            shutil.rmtree(old)
        os.replace(tmp_ev, old)
    os.replace(tmp, dst)
    fsync_dir(dst.parent)
    return {"store": str(src), "backup": str(dst), "bytes": dst.stat().st_size,
            "sha256": _sha256(dst), "tables": counts, "event_files": n_ev,
            "seconds": round((_dt.datetime.now() - t0).total_seconds(), 3)}


def restore(src: str | os.PathLike, db: str | os.PathLike | None = None, *,
            check: bool = True, keep_previous: bool = True) -> dict[str, Any]:
    """Replace the store with the backup ``src``, atomically.

    Parameters
    ----------
    src : path
        A file written by :func:`backup` (any Amity DuckDB store file).
    db : path, optional
        The store to replace (default ``$AMITY_DB``); created when absent.
    check : bool
        Run :func:`amity.reliability.check_store` on the backup first and refuse a backup
        with integrity errors.
    keep_previous : bool
        Keep the replaced store as ``<db>.pre-restore`` (and its events folder likewise).

    Returns
    -------
    dict
        ``{"store", "backup", "tables", "previous", "event_files", "seconds"}``.

    Raises
    ------
    NotFoundError
        No backup at ``src``.
    InputError
        ``src`` is not a readable Amity store (file named).
    StoreLockedError
        Another process holds the store: nothing is changed.
    BackupError
        The backup fails its integrity check, or is the store itself.
    """
    import duckdb

    from amity import config
    from amity.store.journal import finish_restore, journal_path, write_journal

    t0 = _dt.datetime.now()
    b = Path(src)
    if not b.is_file():
        raise NotFoundError(f"no backup at {b}")
    target = config.db_path(db)
    if target.exists() and target.resolve() == b.resolve():
        raise BackupError(f"the backup {b} is the store itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    finish_restore(target)          # a restore killed earlier is completed first
    _remove_stale_copies(target)
    tmp = target.with_name(f".{target.name}.restore-{os.getpid()}")
    ev_b = Path(str(b) + ".events")
    ev_t = _events_of(target)
    tmp_ev = target.with_name(f".{target.name}.events.restore-{os.getpid()}")
    n_ev = 0
    previous = None
    try:
        # 1. stage: the whole backup (file and event folder) copied and verified beside the
        #    store, under temporary names; a kill here leaves the store untouched
        _copy_file(b, tmp)
        counts = _table_counts(tmp, b)
        if check:
            from amity.reliability.check import check_store

            con = duckdb.connect(str(tmp), read_only=True)
            try:
                rep = check_store(con, path=b, events_root=ev_b if ev_b.is_dir() else None)
            finally:
                con.close()
            if not rep.ok:
                names = ", ".join(f.name for f in rep.errors)
                raise BackupError(f"the backup {b} fails its integrity check ({names}); run "
                                  f"`amity db check --db {b}`; nothing was changed")
        if ev_b.is_dir():
            shutil.rmtree(tmp_ev, ignore_errors=True)
            n_ev = _copy_tree(ev_b, tmp_ev)
            _write_owner(tmp_ev, target)
        # take the store: refuses when in use, folds its log into the file, then lets go
        if target.exists():
            con = _open_exclusive(target)
            try:
                con.execute("CHECKPOINT")
            finally:
                con.close()
            if keep_previous:
                prev = Path(str(target) + ".pre-restore")
                prev.unlink(missing_ok=True)
                os.link(target, prev)
                previous = str(prev)
        # 2. journal, then swap: from here on a kill is completed by finish_restore (run by
        #    the next restore, `db check --repair`... and every store open), never half-done
        write_journal(target, {"db_tmp": str(tmp), "events_tmp": str(tmp_ev) if ev_b.is_dir()
                                else None, "keep_previous": keep_previous})
        finish_restore(target)
    finally:
        if not journal_path(target).exists():
            tmp.unlink(missing_ok=True)
            shutil.rmtree(tmp_ev, ignore_errors=True)
    return {"store": str(target), "backup": str(b), "tables": counts, "previous": previous,
            "event_files": n_ev, "seconds": round((_dt.datetime.now() - t0).total_seconds(), 3)}


def _remove_stale_copies(target: Path) -> None:
    """Remove temporary copies a killed backup/restore left beside ``target``."""
    for p in target.parent.glob(f".{target.name}.*restore-*"):
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


OWNER_FILE = "_owner.json"


def _write_owner(root: Path, db: Path) -> None:
    from amity.events.store import write_owner

    write_owner(root, db)
