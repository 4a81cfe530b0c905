"""Fetch GDELT event files from upstream (or a mirror) into the event store.

GDELT publishes, beside its files, a list of every file with its size and MD5:

* GDELT 2.0: ``<base>/gdeltv2/masterfilelist.txt``, one line ``<bytes> <md5> <url>`` per file
  (15-minute ``YYYYMMDDHHMMSS.export.CSV.zip``, plus ``mentions`` and ``gkg`` files, which are
  not events and are left out), from 2015-02-18 23:00 on.
* GDELT 1.0: ``<base>/events/filesizes`` (``<bytes> <name>``) and ``<base>/events/md5sums``
  (``<md5>  <name>``): the yearly back files ``YYYY.zip`` (1979-2005), the monthly
  ``YYYYMM.zip`` (2006-01 to 2013-03) and the daily ``YYYYMMDD.export.CSV.zip`` (2013-04 on).

:func:`fetch` reads the list, keeps the event files whose period overlaps ``--from/--to``,
drops those the store already holds (by name, in the ``event_files`` manifest), downloads the
rest with a bounded pool of threads (at most ``2 x workers`` files in flight, so memory does not
grow with the number of files), verifies size and MD5 of each before it is ever parsed, and
ingests verified files in groups through :func:`amity.events.ingest.ingest` (so the manifest,
batching and crash recovery are the ingest's own).

Faults: an HTTP error, a dropped connection, a short file or an MD5 mismatch is retried with
exponential backoff, then reported by name with the reason while the other files go on; a file
that failed verification is deleted, never ingested. Bytes arrive in ``<name>.part-<pid>`` and
are renamed into place only once verified, so Ctrl-C (or a kill) leaves no partial file under a
real name; a verified file left by an interrupted run is re-verified and ingested by the next
one instead of being downloaded again.

Small files (up to :data:`SPOOL_MAX`, every GDELT 2.0 export) are not written one file each:
creating a file costs more than downloading and checking a 15-minute export (2.6 ms a create
on this machine's disk, against ~1 ms for the download). A verified small file is kept in
memory for the ingest and appended, as one record, to its group's spool
(``group-<pid>-<time>-<n>.spool``: one file per group of ``ingest_every`` files, deleted once the
group is committed). The next run reads the spools an interrupted run left, re-verifies each
record by size and MD5 and ingests it without downloading it again; a record cut short by a
kill is dropped and downloaded anew.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import hashlib
import http.client
import os
import re
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import duckdb

from amity import store as _store
from amity.errors import InputError
from amity.events import store as es

DEFAULT_BASE_URL = "http://data.gdeltproject.org"
KINDS = ("gdelt1", "gdelt2")
GDELT2_FIRST = _dt.date(2015, 2, 18)

_V2_NAME = re.compile(r"^(\d{14})\.export\.CSV\.zip$")
_V1_DAILY = re.compile(r"^(\d{8})\.export\.CSV\.zip$")
_V1_MONTHLY = re.compile(r"^(\d{6})\.zip$")
_V1_YEARLY = re.compile(r"^(\d{4})\.zip$")
_MD5 = re.compile(r"^[0-9a-fA-F]{32}$")

#: downloads up to this size are held in memory and spooled (see the module doc); larger ones
#: (GDELT 1.0 daily, monthly and yearly files) stream to a file of their own
SPOOL_MAX = 4 << 20
#: a group goes to the ingest at ``ingest_every`` files or this many spooled bytes, whichever
#: comes first (with at most two groups waiting, memory stays under ~4x this)
GROUP_SPOOL_BYTES = 32 << 20
_SPOOL_MAGIC = b"AMITY-SPOOL1 "


@dataclass(frozen=True)
class Entry:
    """One file of a GDELT master list."""
    name: str
    url: str
    size: int
    md5: str
    first: _dt.date     # first day the file covers
    last: _dt.date      # last day it covers


def base_url(explicit: str | None = None) -> str:
    """``--base-url``, else ``$AMITY_GDELT_URL``, else GDELT's own server."""
    u = explicit or os.environ.get("AMITY_GDELT_URL") or DEFAULT_BASE_URL
    if not re.match(r"^https?://", u):
        raise InputError(f"base URL {u!r} is not an http(s) URL", field="--base-url")
    return u.rstrip("/")


def _month_end(y: int, m: int) -> _dt.date:
    nxt = _dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - _dt.timedelta(days=1)


def period_of(kind: str, name: str) -> tuple[_dt.date, _dt.date] | None:
    """The days an event file of ``kind`` covers, from its name (None: not an event file)."""
    try:
        if kind == "gdelt2":
            m = _V2_NAME.match(name)
            if not m:
                return None
            d = _dt.datetime.strptime(m.group(1), "%Y%m%d%H%M%S").date()
            return d, d
        m = _V1_DAILY.match(name)
        if m:
            d = _dt.datetime.strptime(m.group(1), "%Y%m%d").date()
            return d, d
        m = _V1_MONTHLY.match(name)
        if m:
            y, mo = int(m.group(1)[:4]), int(m.group(1)[4:])
            return _dt.date(y, mo, 1), _month_end(y, mo)
        m = _V1_YEARLY.match(name)
        if m:
            y = int(m.group(1))
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
    except ValueError:
        return None
    return None


def parse_master(lines: Iterable[str], kind: str, *, source: str = "masterfilelist.txt",
                 base: str = DEFAULT_BASE_URL) -> Iterator[Entry]:
    """Entries of a GDELT 2.0 master list (``<bytes> <md5> <url>`` a line); event files only.

    A malformed line raises :class:`InputError` naming the list and the line. Blank lines are
    skipped; lines naming mentions/GKG files are skipped (not events). URLs under GDELT's own
    server are rewritten to ``base`` (a mirror or proxy serves the list unchanged).
    """
    own = re.compile(r"^https?://data\.gdeltproject\.org")
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        parts = s.split()
        if len(parts) != 3:
            raise InputError(f"expected '<bytes> <md5> <url>', got {s[:80]!r}", file=source,
                             line=i, field="line")
        size, md5, url = parts
        if not size.isdigit():
            raise InputError(f"size is not a number: {size!r}", file=source, line=i, field="size")
        if not _MD5.match(md5):
            raise InputError(f"not an MD5 (32 hex digits): {md5!r}", file=source, line=i,
                             field="md5")
        name = url.rsplit("/", 1)[-1]
        per = period_of(kind, name)
        if per is None:
            continue
        if base != DEFAULT_BASE_URL:
            url = own.sub(base, url)
        yield Entry(name, url, int(size), md5.lower(), per[0], per[1])


def parse_v1_lists(sizes: Iterable[str], md5s: Iterable[str], *, base: str,
                   sources: tuple[str, str] = ("filesizes", "md5sums")) -> list[Entry]:
    """Entries of GDELT 1.0's ``filesizes`` (``<bytes> <name>``) and ``md5sums``
    (``<md5>  <name>``, as ``md5sum`` writes it) lists, joined by file name.

    Only lines naming an event file (``YYYY.zip``, ``YYYYMM.zip``,
    ``YYYYMMDD.export.CSV.zip``) are read: the lists also name other files (the reduced
    master file, ``index.html``) and readers of the real lists skip a first line, so any
    other line is left out, not an error. A line naming an event file must be well formed
    (:class:`InputError` naming the list and the line); a file listed twice with the same
    values counts once, with different values it is an error.
    """
    size_of: dict[str, int] = {}
    for i, line in enumerate(sizes, 1):
        parts = line.split()
        if not parts or period_of("gdelt1", parts[-1]) is None:
            continue
        if len(parts) != 2 or not parts[0].isdigit():
            raise InputError(f"expected '<bytes> <name>', got {line.strip()[:80]!r}",
                             file=sources[0], line=i, field="line")
        name, size = parts[1], int(parts[0])
        if size_of.get(name, size) != size:
            raise InputError(f"{name} is listed twice with different sizes", file=sources[0],
                             line=i, field="size")
        size_of[name] = size
    out: list[Entry] = []
    seen: dict[str, str] = {}
    for i, line in enumerate(md5s, 1):
        parts = line.split()
        if not parts or period_of("gdelt1", parts[-1]) is None:
            continue
        if len(parts) != 2 or not _MD5.match(parts[0]):
            raise InputError(f"expected '<md5>  <name>', got {line.strip()[:80]!r}",
                             file=sources[1], line=i, field="line")
        md5, name = parts[0].lower(), parts[1]
        if name in seen:
            if seen[name] != md5:
                raise InputError(f"{name} is listed twice with different MD5s",
                                 file=sources[1], line=i, field="md5")
            continue
        seen[name] = md5
        if name not in size_of:
            raise InputError(f"{name} has an MD5 but no size in {sources[0]}", file=sources[1],
                             line=i, field="name")
        per = period_of("gdelt1", name)
        out.append(Entry(name, f"{base}/events/{name}", size_of[name], md5, *per))
    return out


def _get_text(url: str, timeout: float) -> list[str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.read().decode("utf-8", "replace").splitlines()
    except urllib.error.HTTPError as e:
        raise InputError(f"cannot read the file list: HTTP {e.code} {e.reason}", file=url) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
        reason = getattr(e, "reason", e)
        raise InputError(f"cannot read the file list: {reason}", file=url) from None


def master_list(kind: str, base: str, *, timeout: float = 60.0) -> list[Entry]:
    """Every event file GDELT lists for ``kind`` under ``base``."""
    if kind == "gdelt2":
        url = f"{base}/gdeltv2/masterfilelist.txt"
        return list(parse_master(_get_text(url, timeout), kind, source=url, base=base))
    if kind == "gdelt1":
        su, mu = f"{base}/events/filesizes", f"{base}/events/md5sums"
        return parse_v1_lists(_get_text(su, timeout), _get_text(mu, timeout), base=base,
                              sources=(su, mu))
    raise InputError(f"unknown GDELT kind {kind!r}; use gdelt1 or gdelt2", field="kind")


def _as_date(x: str | _dt.date | None, field: str, end: bool = False) -> _dt.date | None:
    if x is None or x == "":
        return None
    if isinstance(x, _dt.datetime):
        return x.date()
    if isinstance(x, _dt.date):
        return x
    s = str(x).strip()
    try:
        if re.fullmatch(r"\d{4}", s):
            y = int(s)
            return _dt.date(y, 12, 31) if end else _dt.date(y, 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", s):
            y, m = int(s[:4]), int(s[5:])
            return _month_end(y, m) if end else _dt.date(y, m, 1)
        return _dt.date.fromisoformat(s)
    except ValueError:
        raise InputError(f"{s!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", field=field) from None


class _Failed(Exception):
    pass


def _download(e: Entry, dest: Path, stop: threading.Event, *, timeout: float, retries: int,
              backoff: float, on_bytes: Callable[[int], None],
              to_memory: bool = False) -> dict[str, Any]:
    """Download ``e`` into ``dest/e.name`` (verified) or report why not; with ``to_memory``
    the verified bytes are returned as ``data`` instead, and nothing is written."""
    final = dest / e.name
    part = dest / f"{e.name}.part-{os.getpid()}-{threading.get_ident()}"
    reason = ""
    attempts = 0
    for attempt in range(retries + 1):
        if stop.is_set():
            return {"name": e.name, "ok": False, "reason": "interrupted", "attempts": attempts}
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        attempts += 1
        got = 0
        try:
            h = hashlib.md5()          # checked as the bytes arrive, never read back
            chunks: list[bytes] = []
            with urllib.request.urlopen(e.url, timeout=timeout) as r, \
                    (_NoFile() if to_memory else open(part, "wb")) as f:
                while True:
                    if stop.is_set():
                        raise _Failed("interrupted")
                    chunk = r.read(1 << 16)
                    if not chunk:
                        break
                    if to_memory:
                        chunks.append(chunk)
                    else:
                        f.write(chunk)
                    h.update(chunk)
                    got += len(chunk)
                    on_bytes(len(chunk))
            if got != e.size:
                raise _Failed(f"size {got} bytes, the list says {e.size}")
            if h.hexdigest() != e.md5:
                raise _Failed(f"MD5 {h.hexdigest()} does not match the list's {e.md5}")
            if to_memory:
                return {"name": e.name, "ok": True, "bytes": got, "attempts": attempts,
                        "data": b"".join(chunks)}
            os.replace(part, final)
            return {"name": e.name, "ok": True, "bytes": got, "attempts": attempts}
        except urllib.error.HTTPError as x:
            reason = f"HTTP {x.code} {x.reason}"
        except http.client.IncompleteRead as x:
            reason = f"connection dropped after {got + len(x.partial)} of {e.size} bytes"
        except (urllib.error.URLError, http.client.HTTPException, OSError) as x:
            reason = f"{type(x).__name__}: {getattr(x, 'reason', x)}"
        except _Failed as x:
            reason = str(x)
        finally:
            if part.exists():
                part.unlink()
            if got:
                on_bytes(-got)     # bytes of a failed attempt do not count as progress
        if reason == "interrupted":
            break
    return {"name": e.name, "ok": False, "reason": reason, "attempts": attempts}


class _NoFile:
    """Stands in for the ``.part`` file of a download held in memory."""

    def __enter__(self) -> "_NoFile":
        return self

    def __exit__(self, *a: Any) -> bool:
        return False


class _Spool:
    """The spool of the group being gathered: verified small files appended as records
    (``AMITY-SPOOL1 <name> <size> <md5>\\n`` and the bytes), each with one ``write``, so a
    kill leaves at most one record cut short, which :func:`read_spool` drops."""

    def __init__(self, dest: Path):
        self.dest, self.n, self.fd, self.path = dest, 0, None, None
        self.tag = f"{os.getpid()}-{time.time_ns()}"     # never a name an earlier run used

    def append(self, e: Entry, data: bytes) -> None:
        if self.fd is None:
            self.n += 1
            self.path = self.dest / f"group-{self.tag}-{self.n}.spool"
            self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        rec = _SPOOL_MAGIC + f"{e.name} {len(data)} {e.md5}\n".encode() + data
        pos = os.lseek(self.fd, 0, os.SEEK_CUR)
        try:
            view = memoryview(rec)
            while view:
                view = view[os.write(self.fd, view):]
        except BaseException:
            os.ftruncate(self.fd, pos)     # no half record behind (a disk error, Ctrl-C)
            os.lseek(self.fd, pos, os.SEEK_SET)
            raise

    def close(self) -> Path | None:
        """Close the current spool; its path (None when nothing was spooled)."""
        path, self.path = self.path, None
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        return path


def read_spool(path: Path) -> Iterator[tuple[str, str, bytes]]:
    """``(name, md5 as listed, bytes)`` of each whole record of a spool; a record cut short
    (a killed run) and anything after it are left out."""
    buf = path.read_bytes()
    i = 0
    while buf.startswith(_SPOOL_MAGIC, i):
        j = buf.find(b"\n", i)
        if j < 0:
            return
        try:
            name, size, md5 = buf[i + len(_SPOOL_MAGIC):j].decode("utf-8").split(" ")
            n = int(size)
        except ValueError:
            return
        data = buf[j + 1:j + 1 + n]
        if len(data) != n:
            return
        yield name, md5, data
        i = j + 1 + n


def spooled(dest: str | os.PathLike) -> dict[str, int]:
    """Name -> size of the files the spools in ``dest`` hold (what the next run resumes)."""
    return {name: len(data) for p in sorted(Path(dest).glob("*.spool"))
            for name, _, data in read_spool(p)}


class _Ingester:
    """One thread that ingests groups of verified files while the downloads go on (the
    store's connection is used by this thread only while it runs)."""

    def __init__(self, fn: Callable[[list[Path]], None]):
        import queue

        self.fn = fn
        self.q: "queue.Queue[list[Path] | None]" = queue.Queue(maxsize=2)
        self.err: BaseException | None = None
        self.busy = 0.0
        self.thread = threading.Thread(target=self._loop, name="gdelt-ingest", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            files = self.q.get()
            if files is None:
                return
            if self.err is not None:
                continue
            t = time.perf_counter()
            try:
                self.fn(files)
            except BaseException as e:  # noqa: BLE001 - handed to the fetching thread, raised there
                self.err = e
            self.busy += time.perf_counter() - t

    def put(self, files: list[Path]) -> None:
        if self.err is not None:
            raise self.err
        self.q.put(files)

    def close(self) -> None:
        self.q.put(None)
        self.thread.join()
        if self.err is not None:
            raise self.err

    def abandon(self) -> None:
        """Drop the groups not begun and wait for the one being ingested."""
        import queue

        while True:
            try:
                self.q.get_nowait()
            except queue.Empty:
                break
        self.q.put(None)
        self.thread.join()


def _verified(p: Path, e: Entry) -> bool:
    if not p.is_file() or p.stat().st_size != e.size:
        return False
    h = hashlib.md5()
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest() == e.md5


def _held(con: duckdb.DuckDBPyConnection, kind: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT name FROM event_files WHERE format = ? AND status = 'done'", [kind]).fetchall()}


def download_dir(root: Path) -> Path:
    """Where fetched files wait for ingest: ``<events folder>.fetch`` (outside the store)."""
    return Path(str(root) + ".fetch")


def fetch(kind: str, *, start: str | _dt.date | None = None, end: str | _dt.date | None = None,
          con: duckdb.DuckDBPyConnection | None = None, db: str | os.PathLike | None = None,
          root: str | os.PathLike | None = None, base: str | None = None,
          workers: int = 4, retries: int = 3, backoff: float = 1.0, timeout: float = 60.0,
          ingest_every: int = 96, keep: bool = False, dest: str | os.PathLike | None = None,
          batch_rows: int = 2_000_000, entries: list[Entry] | None = None,
          progress: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Download the GDELT event files of ``kind`` between ``start`` and ``end`` and ingest them.

    Parameters
    ----------
    kind : {"gdelt2", "gdelt1"}
    start, end : date or "YYYY[-MM[-DD]]"
        Files whose period overlaps [start, end] (inclusive); open ends mean all.
    base : str, optional
        Base URL (``--base-url``; default ``$AMITY_GDELT_URL``, else GDELT's server).
    workers : int
        Concurrent downloads (at most ``2 * workers`` files are queued at once).
    retries, backoff : int, float
        Attempts after the first, and the first wait in seconds (doubled each retry).
    ingest_every : int
        Verified files are ingested in groups of this many (96 = one day of 15-minute files).
    keep : bool
        Keep downloaded files after ingest (default: delete them once ingested).
    dest : path, optional
        Download folder (default ``<events folder>.fetch``).
    entries : list of Entry, optional
        The list to work from instead of reading it from ``base`` (used by ``update``).
    progress : callable(dict), optional
        Called with files/bytes done and planned and the current file name.

    Returns
    -------
    dict
        listed, planned, already (in the store), resumed (verified on disk), downloaded,
        failed (name, reason, attempts), bytes, download_seconds, mb_per_s, ingest (rows,
        rejected, files), seconds.
    """
    from amity.events.ingest import ingest

    if kind not in KINDS:
        raise InputError(f"unknown GDELT kind {kind!r}; use gdelt1 or gdelt2", field="kind")
    if workers < 1 or retries < 0 or ingest_every < 1:
        raise InputError("workers and ingest_every must be >= 1, retries >= 0", field="--workers")
    d0, d1 = _as_date(start, "--from"), _as_date(end, "--to", end=True)
    if d0 and d1 and d1 < d0:
        raise InputError(f"--to {d1} is before --from {d0}", field="--to")
    b = base_url(base)
    t0 = time.perf_counter()
    own = con is None
    if own:
        con = _store.connect(db)
    try:
        dbp = es.db_file(con)
        rootp = es.events_dir(dbp if dbp else db, root)
        es.ensure_tables(con)
        listed = entries if entries is not None else master_list(kind, b, timeout=timeout)
        want = [e for e in listed if (d0 is None or e.last >= d0) and (d1 is None or e.first <= d1)]
        want.sort(key=lambda e: (e.first, e.name))
        held = _held(con, kind)
        todo = [e for e in want if e.name not in held]
        destp = Path(dest) if dest else download_dir(rootp)
        destp.mkdir(parents=True, exist_ok=True)
        for stale in destp.glob("*.part-*"):      # left by a killed run
            stale.unlink()
        summary: dict[str, Any] = {
            "kind": kind, "base_url": b, "from": d0, "to": d1, "listed": len(listed),
            "planned": len(todo), "already": len(want) - len(todo), "resumed": 0,
            "downloaded": 0, "failed": [], "bytes": 0, "download_seconds": 0.0,
            "ingest": {"files": 0, "rows": 0, "rejected": 0, "batches": 0},
            "dest": str(destp), "root": str(rootp)}
        total_bytes = sum(e.size for e in todo)
        lock = threading.Lock()
        state = {"bytes": 0, "files": 0}

        def tick(note: str = "") -> None:
            if progress:
                progress({"files": state["files"], "files_total": len(todo),
                          "bytes": state["bytes"], "bytes_total": total_bytes, "note": note})

        def on_bytes(n: int) -> None:
            with lock:
                state["bytes"] += n

        # verified files waiting for the ingest: (path, bytes held in memory or None when
        # the file is on disk); the spools whose records are all in the groups handed over
        ready: list[tuple[Path, bytes | None]] = []
        held_bytes = [0]
        spool = _Spool(destp)
        spools: list[Path] = []

        def ingest_group(group: tuple[list[tuple[Path, bytes | None]], list[Path]]) -> None:
            items, done_spools = group                  # on the ingest thread
            mem = {p: d for p, d in items if d is not None}
            res = ingest([p for p, _ in items], kind, con=con, root=rootp,
                         batch_rows=batch_rows, data=mem)
            ing = summary["ingest"]
            ing["files"] += res["files"]["ingested"] + res["files"]["already"]
            ing["rows"] += res["rows"]
            ing["rejected"] += res["rejected"]
            ing["batches"] += res["batches"]
            if not keep:
                for p, d in items:
                    if d is None:
                        p.unlink(missing_ok=True)
                for sp in done_spools:                  # committed: the spool is spent
                    sp.unlink(missing_ok=True)

        ingester = _Ingester(ingest_group)

        def run_ingest() -> None:
            sp = spool.close()
            if sp is not None:
                spools.append(sp)
            if ready or spools:
                ingester.put((list(ready), list(spools)))
                ready.clear()
                spools.clear()
                held_bytes[0] = 0

        def add_ready(path: Path, data: bytes | None) -> None:
            ready.append((path, data))
            if data is not None:
                held_bytes[0] += len(data)
            if len(ready) >= ingest_every or held_bytes[0] >= GROUP_SPOOL_BYTES:
                run_ingest()

        stop = threading.Event()
        pool = cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="gdelt-fetch")
        try:
            queue: list[Entry] = []
            by_name = {e.name: e for e in todo}
            resumed: set[str] = set()
            for sp in sorted(destp.glob("*.spool")):   # left by an interrupted run
                for name, md5, data in read_spool(sp):
                    e = by_name.get(name)
                    if e is None or name in resumed or len(data) != e.size \
                            or md5 != e.md5 or hashlib.md5(data).hexdigest() != e.md5:
                        continue
                    resumed.add(name)
                    summary["resumed"] += 1
                    state["files"] += 1
                    state["bytes"] += e.size
                    add_ready(destp / name, data)
                spools.append(sp)          # deleted once the group with its last record is in
            for e in todo:
                if e.name in resumed:
                    continue
                if _verified(destp / e.name, e):
                    summary["resumed"] += 1
                    state["files"] += 1
                    state["bytes"] += e.size
                    add_ready(destp / e.name, None)
                else:
                    queue.append(e)
            tick()
            td = time.perf_counter()
            it = iter(queue)
            inflight: dict[cf.Future, Entry] = {}

            def submit_more() -> None:
                while len(inflight) < 2 * workers:
                    e = next(it, None)
                    if e is None:
                        return
                    inflight[pool.submit(_download, e, destp, stop, timeout=timeout,
                                         retries=retries, backoff=backoff, on_bytes=on_bytes,
                                         to_memory=not keep and e.size <= SPOOL_MAX)] = e

            submit_more()
            while inflight:
                done, _ = cf.wait(list(inflight), timeout=0.2, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    e = inflight.pop(fut)
                    r = fut.result()
                    state["files"] += 1
                    if r["ok"]:
                        summary["downloaded"] += 1
                        summary["bytes"] += r["bytes"]
                        data = r.get("data")
                        if data is not None:
                            spool.append(e, data)     # resumable without a download
                        add_ready(destp / e.name, data)
                    else:
                        summary["failed"].append({"name": e.name, "url": e.url,
                                                  "reason": r["reason"],
                                                  "attempts": r["attempts"]})
                    tick(e.name)
                submit_more()
                if not done:
                    tick()
                # (add_ready hands a full group to the ingest thread, which parses and commits
                # while the downloads go on; at most two groups wait for it, so memory stays
                # flat in the number of files)
            summary["download_seconds"] = time.perf_counter() - td
            run_ingest()
            tw = time.perf_counter()
            ingester.close()
            summary["ingest_wait_seconds"] = round(time.perf_counter() - tw, 3)
            summary["ingest_seconds"] = round(ingester.busy, 3)
        except BaseException:
            stop.set()                       # workers abort and delete their .part files
            pool.shutdown(wait=True, cancel_futures=True)
            spool.close()
            ingester.abandon()               # the group being committed finishes; the rest
            raise                            # waits on disk (files, spools), verified
        pool.shutdown(wait=True)
        summary["failed"].sort(key=lambda f: f["name"])   # in list order, not completion order
        secs = time.perf_counter() - t0
        dl = summary["download_seconds"]
        summary["download_seconds"] = round(dl, 3)
        summary["mb_per_s"] = round(summary["bytes"] / dl / 1e6, 2) if dl > 0 else None
        summary["seconds"] = round(secs, 3)
        return summary
    finally:
        if own:
            con.close()


def last_fetched(con: duckdb.DuckDBPyConnection, kind: str) -> _dt.date | None:
    """The latest day covered by a ``kind`` file already ingested (None: none yet)."""
    es.ensure_tables(con)
    last = None
    for (name,) in con.execute("SELECT name FROM event_files WHERE format = ? AND status = 'done'",
                               [kind]).fetchall():
        per = period_of(kind, name)
        if per and (last is None or per[1] > last):
            last = per[1]
    return last


def update(kind: str = "gdelt2", *, con: duckdb.DuckDBPyConnection | None = None,
           db: str | os.PathLike | None = None, **kw: Any) -> dict[str, Any]:
    """Fetch what is new since the last ``kind`` file ingested (all of it if none was).

    The day of the last file is fetched again from the list: the files of that day the store
    already holds are skipped by name, so a day cut short by the previous run is completed.
    """
    own = con is None
    if own:
        con = _store.connect(db)
    try:
        last = last_fetched(con, kind)
        res = fetch(kind, start=last, end=None, con=con, db=db, **kw)
        res["since"] = last
        return res
    finally:
        if own:
            con.close()
