"""Crash harness: run a write path in a child process and SIGKILL it at chosen points.

Two ways to pick the moment, both from outside the code under test:

* **at a statement**: the child hands the write function a connection proxy that counts
  ``execute`` calls and SIGKILLs its own process just before the n-th one. A clean run first
  counts the statements, so every boundary between two statements (including just before and
  just after each ``COMMIT``) can be hit deterministically;
* **after a delay**: the child says when it is ready (imports done, store open), the parent
  waits a random time within a clean run's duration and SIGKILLs it, which also lands inside
  statements (in the middle of a ``COMMIT``'s write to disk, say).

After each kill :func:`snapshot` reads the store (read-only) and the caller checks it equals
either the state before the write or the state after a clean run; then the write is run
again to completion and must converge to the clean run's state.

Children are forked from a ``forkserver`` that has imported Amity once, so a kill-and-rerun
costs a fork, not an interpreter start.
"""
from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import random
import signal
import time
from pathlib import Path
from typing import Any, Callable

import duckdb

PRELOAD = ["amity.reliability.crash", "amity.store", "amity.knowledge", "amity.events.ingest",
           "amity.sources.load", "amity.reader.merge", "pandas", "pyarrow", "duckdb",
           "amity.reliability._warm"]

_CTX: Any = None


def _ctx():
    global _CTX
    if _CTX is None:
        _CTX = mp.get_context("forkserver")
        _CTX.set_forkserver_preload(PRELOAD)
    return _CTX


class KillingConnection:
    """A DuckDB connection proxy that SIGKILLs its process before the ``kill_at``-th execute.

    ``kill_at=0`` never kills (a counting run); :attr:`executed` is the number of statements
    issued through the proxy.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, kill_at: int = 0):
        self._con = con
        self._kill_at = kill_at
        self.executed = 0
        self.log: list[str] = []   # the first words of each statement, in order

    def execute(self, *args: Any, **kw: Any) -> Any:
        self.executed += 1
        sql = str(args[0]) if args else str(kw.get("query", ""))
        self.log.append(" ".join(sql.split())[:60])
        if self._kill_at and self.executed == self._kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return self._con.execute(*args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


# --------------------------------------------------------------------------- write paths

def _w_curated(con, files=None):
    from amity.knowledge import load_curated

    return load_curated(con, files)


def _w_load(con, names, mirror=None):
    from amity.sources.load import load

    return load(con, names, mirror=mirror)


def _w_ingest(con, paths, fmt, batch_rows=10_000_000):
    from amity.events.ingest import ingest

    return ingest(paths, fmt, con=con, batch_rows=batch_rows)


def _w_reader(con, result, text, source):
    from amity.reader.merge import store_result

    return store_result(con, result, text=text, source=source)


def _w_relations(con, rows, kind="test", source="test"):
    from amity.store import write_relations

    return write_relations(con, rows, kind=kind, source=source)


#: name -> function(con, **kwargs): the store's write paths.
WRITE_PATHS: dict[str, Callable[..., Any]] = {
    "curated": _w_curated, "load": _w_load, "ingest": _w_ingest, "reader": _w_reader,
    "relations": _w_relations,
}


def _child(conn, db: str, path: str, kwargs: dict, kill_at: int, env: dict) -> None:
    os.environ.update(env)
    from amity import store

    fn = WRITE_PATHS[path]
    con = store.connect(db)
    proxy = KillingConnection(con, kill_at)
    conn.send(("ready", None))
    try:
        fn(proxy, **kwargs)
    except BaseException as e:  # noqa: BLE001 - report to the parent
        conn.send(("error", f"{type(e).__name__}: {e}"))
        con.close()
        return
    con.close()
    conn.send(("done", proxy.log))


def run_child(db: str | Path, path: str, kwargs: dict, *, kill_at: int = 0,
              kill_after: float | None = None, timeout: float = 120.0,
              env: dict | None = None) -> dict[str, Any]:
    """Run write path ``path`` on store ``db`` in a child; kill it as asked.

    Returns ``{"status": "done"|"killed"|"error", "executed": n, "seconds", "error"}``.
    """
    ctx = _ctx()
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=_child, args=(child, str(db), path, kwargs, kill_at, dict(env or {})))
    p.start()
    child.close()
    out: dict[str, Any] = {"status": None, "executed": None, "error": None, "log": None}
    t0 = None
    try:
        if not parent.poll(timeout):
            raise TimeoutError(f"child for {path} never became ready")
        try:
            msg = parent.recv()
        except EOFError:
            p.join(timeout)
            return {"status": f"exit {p.exitcode} before ready", "executed": None,
                    "error": None, "log": None, "seconds": None}
        if msg[0] != "ready":  # pragma: no cover
            raise RuntimeError(f"unexpected message {msg!r}")
        t0 = time.perf_counter()
        if kill_after is not None:
            if parent.poll(kill_after):
                pass     # finished (or failed) before the delay ran out
            else:
                os.kill(p.pid, signal.SIGKILL)
        p.join(timeout)
        if p.is_alive():  # pragma: no cover
            os.kill(p.pid, signal.SIGKILL)
            p.join()
            raise TimeoutError(f"child for {path} did not finish in {timeout} s")
        try:
            while parent.poll(0):
                kind, val = parent.recv()
                if kind == "done":
                    out.update(status="done", executed=len(val), log=val)
                elif kind == "error":
                    out.update(status="error", error=val)
        except EOFError:
            pass
    finally:
        parent.close()
    if out["status"] is None:
        out["status"] = "killed" if p.exitcode == -signal.SIGKILL else f"exit {p.exitcode}"
    out["seconds"] = time.perf_counter() - t0 if t0 else None
    return out


# --------------------------------------------------------------------------- state

def _digest(rows: list) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(repr(r).encode())
    return h.hexdigest()[:16]


def snapshot(db: str | Path, events_root: str | Path | None = None) -> dict[str, Any]:
    """What a user can see in the store: facts (ids), batches, datasets and their rows,
    quarantined rows, reader evidence, and the event rows of committed batches."""
    db = Path(db)
    if not db.exists():
        return {"exists": False}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()}
        s: dict[str, Any] = {"exists": True}
        if "relations" in tables:
            ids = con.execute("SELECT id FROM relations ORDER BY id").fetchall()
            s["relations"] = (len(ids), _digest(ids))
        if "batches" in tables:
            s["batches"] = con.execute("SELECT count(*) FROM batches").fetchone()[0]
        if "datasets" in tables:
            ds = con.execute("SELECT name, rows, sha256 FROM datasets ORDER BY name").fetchall()
            s["datasets"] = ds
            s["ds_tables"] = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
                              for t in sorted(tables) if t.startswith("ds_")}
        if "quarantine" in tables:
            q = con.execute("SELECT source, file, line, field, reason FROM quarantine "
                            "ORDER BY ALL").fetchall()
            s["quarantine"] = (len(q), _digest(q))
        s["evidence"] = (0, _digest([]))
        s["event_files"], s["events"] = [], (0, 0)
        if "reader_evidence" in tables:
            ev = con.execute("SELECT relation_id, doc_sha256, span_start, span_end "
                             "FROM reader_evidence ORDER BY ALL").fetchall()
            s["evidence"] = (len(ev), _digest(ev))
        if "event_files" in tables:
            s["event_files"] = con.execute(
                "SELECT sha256, rows FROM event_files ORDER BY sha256").fetchall()
            root = Path(events_root) if events_root else Path(str(db) + ".events")
            done = {r[0] for r in con.execute("SELECT DISTINCT batch FROM event_files").fetchall()}
            parts = [p for p in sorted(root.glob("year=*/month=*/ing-*.parquet"))
                     if p.name.split("-")[1] in done]
            if parts:
                r = con.execute("SELECT count(*), count(DISTINCT event_id) FROM read_parquet(?, "
                                "hive_partitioning = false)", [[str(p) for p in parts]]).fetchone()
                s["events"] = (int(r[0]), int(r[1]))
            else:
                s["events"] = (0, 0)
        return s
    finally:
        con.close()


def kill_points(log: list[str], k: int | None = None, seed: int = 0) -> list[int]:
    """Statement numbers to kill before, from a clean run's statement ``log``.

    All of 1..n+1 when ``k`` is 0/None or covers them; else ``k`` points that always include
    the first statement, the statement after the last, and just before and just after every
    ``COMMIT`` (the boundaries where a half-done write would show), the rest drawn at random.
    """
    n_statements = len(log)
    allp = list(range(1, n_statements + 2))
    if not k or k >= len(allp):
        return allp
    fixed = {allp[0], allp[-1]}
    for i, sql in enumerate(log, start=1):
        if sql.upper().startswith("COMMIT"):
            fixed |= {i, i + 1}
    rest = [x for x in allp if x not in fixed]
    rnd = random.Random(seed)
    return sorted(fixed | set(rnd.sample(rest, min(len(rest), max(0, k - len(fixed))))))
