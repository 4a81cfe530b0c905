"""The FastAPI application behind ``amity serve``.

Design (see docs/arch/faces.md):

* one DuckDB database per app (DuckDB lets one process write a file); store work runs in a
  small thread pool with a per-request timeout (504): reads on each worker's own cursor,
  beside each other and beside a write (MVCC: they see the last commit), writes one at a
  time under the store lock;
* expensive answers (closeness of a pair, triangles, balance) are cached in-process as
  serialized JSON, keyed by the request; a write clears the cache;
* errors are JSON ``{"error", "message", ...}`` with the status of the :mod:`amity.errors`
  type (unknown actor 404 with suggestions, bad input 422, locked store 409...);
* request bodies over ``max_body`` bytes get 413; writes are off unless a token is set
  (``AMITY_API_TOKEN``) and then need ``Authorization: Bearer <token>`` (constant-time check);
* CORS is off unless origins are given.
"""
from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import hmac
import json
import os
import threading
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, List, Optional

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as Path_
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from amity import __version__, jsonable
from amity.app import service as S
from amity.app import writes as W
from amity.errors import AmityError, InputError

WEB_DIR = Path(__file__).resolve().parents[1] / "web" / "static"


@dataclass
class ApiSettings:
    """Server settings. ``token=None`` reads ``$AMITY_API_TOKEN`` (empty = writes off)."""

    db: str | None = None
    token: str | None = None
    max_body: int = 1_000_000
    timeout: float = 60.0
    cors_origins: list[str] = field(default_factory=list)
    cache_size: int = 512
    cache_bytes: int = 256 << 20     # the answer cache's bound in bytes (answers reach MBs)
    mirror: str | None = None
    workers: int = 4
    # open the store read-only (None: read-only exactly when writes are off, i.e. no token):
    # then other processes (``amity dyad``, ``db status``...) can read the file at the same
    # time; a server that writes holds DuckDB's single-writer lock
    read_only: bool | None = None
    # Host header allow-list (against DNS rebinding): None = no check (in-process use);
    # `amity serve` sets it from --host and --allow-host
    allowed_hosts: list[str] | None = None
    # folders a client may name files under for POST /events/ingest and /ingest/curated
    # (resolved after symlinks); empty = no server-side path is accepted
    ingest_dirs: list[str] = field(default_factory=list)
    # seconds a client has to send a whole request (headers and body): slow clients are cut
    read_timeout: float = 10.0


# --------------------------------------------------------------------------- JSON
def dumps(obj: Any) -> bytes:
    """Compact JSON (NaN/inf -> null, numpy and dates handled)."""
    return jsonable.dumps(obj, indent=None).encode("utf-8")


def _json(obj: Any, status: int = 200) -> Response:
    return Response(dumps(obj), status_code=status, media_type="application/json")


def error_body(e: AmityError) -> dict:
    d = e.to_dict()
    d["status"] = e.http_status
    return d


# --------------------------------------------------------------------------- the store
class Store:
    """The app's store: one connection, a lock, a thread pool and the answer cache."""

    def __init__(self, settings: ApiSettings):
        self.settings = settings
        self.path = settings.db
        self._con = None
        self.lock = threading.RLock()
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=settings.workers,
                                                          thread_name_prefix="amity-api")
        self.cache: collections.OrderedDict[tuple, bytes] = collections.OrderedDict()
        self.cache_nbytes = 0
        self.generation = 0          # bumped by every write: an answer begun before is stale
        self._cache_lock = threading.Lock()
        self._local = threading.local()
        self._cursors: list = []
        self.hits = 0
        self.misses = 0
        #: writes that outlived their request (202 + a job id to poll), newest last
        self.jobs: collections.OrderedDict[str, concurrent.futures.Future] = \
            collections.OrderedDict()

    def add_job(self, fut) -> str:
        """Keep a running write to be polled at ``GET /jobs/{id}`` (the last 100 are kept)."""
        import uuid

        jid = uuid.uuid4().hex[:16]
        with self._cache_lock:
            self.jobs[jid] = fut
            while len(self.jobs) > 100:
                self.jobs.popitem(last=False)
        return jid

    @property
    def con(self):
        if self._con is None:
            from amity import config, store

            self.path = str(config.db_path(self.settings.db)) if self.settings.db != ":memory:" \
                else ":memory:"
            # opening is a read: the curated layer is loaded by POST /ingest/curated,
            # `amity curated load` or `amity demo`, never here
            ro = self.settings.read_only
            if ro is None:
                ro = not self.settings.token
            self._con = store.connect(self.path, read_only=bool(ro))
        return self._con

    def open(self) -> None:
        with self.lock:
            _ = self.con

    def cursor(self):
        """This worker thread's own connection to the store (a DuckDB cursor): reads run on
        it beside each other and beside a write (each sees the last committed state)."""
        cur = getattr(self._local, "cur", None)
        if cur is None:
            with self.lock:            # only to create it; the read itself takes no lock
                cur = self.con.cursor()
                self._cursors.append(cur)
            self._local.cur = cur
        return cur

    def close(self, wait: float = 5.0) -> None:
        """Stop: interrupt the store's running query, close the connection (once the work in
        hand lets go of the lock, at most ``wait`` seconds), drop queued work."""
        con = self._con
        if con is not None:
            try:
                con.interrupt()
            except Exception:  # noqa: BLE001 - closing anyway
                pass
        got = self.lock.acquire(timeout=wait)
        try:
            if got and self._con is not None:
                for cur in self._cursors:
                    try:
                        cur.close()
                    except Exception:  # noqa: BLE001 - closing anyway
                        pass
                self._cursors.clear()
                self._con.close()
                self._con = None
        finally:
            if got:
                self.lock.release()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def busy(self) -> bool:
        """True when a worker thread is still running work."""
        return any(t.is_alive() for t in getattr(self.pool, "_threads", ()))

    def cached(self, key: tuple) -> bytes | None:
        with self._cache_lock:
            v = self.cache.get(key)
            if v is not None:
                self.cache.move_to_end(key)
                self.hits += 1
            return v

    def put(self, key: tuple, value: bytes, generation: int | None = None) -> None:
        """Keep an answer, unless a write happened since it was begun (``generation``) or it
        alone is over an eighth of the byte bound; the cache is bounded in entries and bytes."""
        cap = self.settings.cache_bytes
        if len(value) > cap // 8:
            return
        with self._cache_lock:
            if generation is not None and generation != self.generation:
                return
            old = self.cache.pop(key, None)
            if old is not None:
                self.cache_nbytes -= len(old)
            self.cache[key] = value
            self.cache_nbytes += len(value)
            while len(self.cache) > self.settings.cache_size or self.cache_nbytes > cap:
                _, v = self.cache.popitem(last=False)
                self.cache_nbytes -= len(v)

    def clear(self) -> None:
        with self._cache_lock:
            self.cache.clear()
            self.cache_nbytes = 0
            self.generation += 1

    async def run(self, fn: Callable[[Any], Any], key: tuple | None = None, *,
                  lock: bool = True, write: bool = False) -> Response:
        """Run ``fn(con)`` in the pool with the timeout; cache by key.

        A read runs on the worker's own cursor, beside other reads and beside a write (reads
        never wait for writes); ``write=True`` runs under the store lock on the one writing
        connection (one write at a time); ``lock=False`` (work that does not touch the store,
        e.g. reading text) gets None."""
        if key is not None:
            hit = self.cached(key)
            if hit is not None:
                return Response(hit, media_type="application/json",
                                headers={"X-Amity-Cache": "hit"})
            self.misses += 1

        gen = self.generation

        def work() -> bytes:
            if not lock:
                return dumps(fn(None))
            if not write:
                import duckdb

                try:
                    return dumps(fn(self.cursor()))
                except duckdb.TransactionException:
                    pass   # a read that refreshes a cache table met another: once, in turn
            with self.lock:
                return dumps(fn(self.con))

        loop = asyncio.get_running_loop()
        cfut = self.pool.submit(work)
        fut = asyncio.wrap_future(cfut, loop=loop)
        if key is not None:  # an answer that outlives its request's timeout is still cached
            def _keep(f: asyncio.Future) -> None:
                if not f.cancelled() and f.exception() is None:
                    self.put(key, f.result(), gen)

            fut.add_done_callback(_keep)
        try:
            body = await asyncio.wait_for(asyncio.shield(fut), timeout=self.settings.timeout)
        except asyncio.TimeoutError:
            if write:   # a write goes on: answer 202 with a job to poll
                jid = self.add_job(cfut)
                return _json({"status": 202, "state": "running", "job": jid,
                              "poll": f"/jobs/{jid}",
                              "message": f"the write takes longer than "
                                         f"{self.settings.timeout:g} s; it goes on: poll "
                                         f"GET /jobs/{jid} for its result"}, 202)
            later = ("the answer is being computed and will be cached" if key is not None
                     else "the work goes on in the background")
            return _json({"error": "Timeout", "status": 504,
                          "message": f"the request took longer than {self.settings.timeout:g} s; "
                                     f"narrow the request or try again ({later})"}, 504)
        return Response(body, media_type="application/json",
                        headers={"X-Amity-Cache": "miss"} if key is not None else None)


# --------------------------------------------------------------------------- answer cache
CACHEABLE = ("/dyad/", "/triangle/", "/compare", "/balance", "/coalition", "/actors", "/panel")


class AnswerCache:
    """ASGI middleware in front of the app: a GET whose exact path and query string were
    answered 200 before is answered from memory without routing (the measures are pure over
    the store, and every write clears the cache). Bounded LRU, shared with :class:`Store`."""

    def __init__(self, app, store: "Store"):
        self.app, self.store = app, store

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(
                CACHEABLE):
            return await self.app(scope, receive, send)
        key = ("front", scope["path"], scope.get("query_string", b""))
        hit = self.store.cached(key)
        if hit is not None:
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(hit)).encode()),
                                    (b"x-amity-cache", b"hit")]})
            await send({"type": "http.response.body", "body": hit})
            return
        st = {"status": None, "chunks": []}
        gen = self.store.generation

        async def capture(msg):
            if msg["type"] == "http.response.start":
                st["status"] = msg["status"]
            elif msg["type"] == "http.response.body" and st["status"] == 200:
                st["chunks"].append(msg.get("body", b""))
                if not msg.get("more_body"):
                    self.store.put(key, b"".join(st["chunks"]), gen)
            await send(msg)

        await self.app(scope, receive, capture)


# --------------------------------------------------------------------------- body limit
class BodyLimit:
    """ASGI middleware: 413 for request bodies over ``limit`` bytes (declared or streamed)."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def _send_413(self, send) -> None:
        body = dumps({"error": "PayloadTooLarge", "status": 413,
                      "message": f"request body over the limit of {self.limit} bytes"})
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        cl = headers.get(b"content-length")
        if cl is not None:
            try:
                n = int(cl)
            except ValueError:
                n = 0
            if n > self.limit:
                return await self._send_413(send)
        state = {"seen": 0, "over": False, "started": False}

        async def limited_receive():
            msg = await receive()
            if msg["type"] == "http.request":
                state["seen"] += len(msg.get("body", b""))
                if state["seen"] > self.limit:
                    state["over"] = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return msg

        async def guarded_send(msg):
            if state["over"]:
                if msg["type"] == "http.response.start" and not state["started"]:
                    state["started"] = True
                    await self._send_413(send)
                return
            await send(msg)

        await self.app(scope, limited_receive, guarded_send)


# --------------------------------------------------------------------------- host check
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def default_hosts(host: str, extra: list[str] | None = None) -> list[str]:
    """The Host names a server listening on ``host`` answers: the loopback names, the
    listening address itself (unless it is a wildcard) and ``extra`` (``--allow-host``)."""
    out = list(LOCAL_HOSTS)
    if host not in ("0.0.0.0", "::", "") and host not in out:
        out.append(host)
    out += [h for h in (extra or []) if h not in out]
    return out


def _host_name(value: str) -> str:
    v = value.strip().lower()
    if v.startswith("["):                      # [::1]:8765
        return v[1:v.find("]")] if "]" in v else v
    if v.count(":") == 1:
        v = v.split(":", 1)[0]
    return v.rstrip(".")


class HostCheck:
    """ASGI middleware: 421 for a request whose Host header is not an allowed name (a page on
    another site cannot reach the API through DNS rebinding)."""

    def __init__(self, app, allowed: list[str]):
        self.app = app
        self.allowed = {h.lower().strip("[]") for h in allowed}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        name = _host_name(host)
        if "*" in self.allowed or name in self.allowed:
            return await self.app(scope, receive, send)
        body = dumps({"error": "MisdirectedRequest", "status": 421, "field": "Host",
                      "message": f"Host {host[:100]!r} is not served here: this server answers "
                                 f"{', '.join(sorted(self.allowed))} (add a name with "
                                 "'amity serve --allow-host NAME')"})
        await send({"type": "http.response.start", "status": 421,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------- server paths
def allowed_paths(paths: list[str], dirs: list[str], field_name: str) -> list[str]:
    """Server-side paths a client names, each resolved (after symlinks) and under one of the
    ingest folders ``dirs``; globs are expanded inside those folders only. Anything else is a
    403 naming the rule."""
    import glob as _glob

    if not dirs:
        raise StarletteHTTPException(403, f"{field_name}: this server takes no server-side "
                                          "paths; start it with --ingest-dir DIR and name "
                                          "files under DIR")
    roots = [Path(d).resolve() for d in dirs]

    def inside(p: Path) -> bool:
        return any(p == r or r in p.parents for r in roots)

    def refuse(x: str) -> None:
        raise StarletteHTTPException(403, f"{field_name}: {x[:200]!r} is not under an ingest "
                                          "folder of this server "
                                          f"({', '.join(map(str, roots))}); name files there "
                                          "(resolved after symlinks)")

    out: list[str] = []
    for raw in paths:
        if not isinstance(raw, str) or not raw or "\x00" in raw or len(raw) > 4096:
            raise InputError("a path must be a non-empty string of at most 4096 characters",
                             field=field_name)
        p = Path(raw)
        if not p.is_absolute():
            p = roots[0] / p
        if any(ch in raw for ch in "*?["):
            # the folder part before the first wildcard must be inside an ingest folder, and
            # '**' is refused (a recursive walk of a large tree holds a worker for long)
            if "**" in raw:
                raise InputError("'**' is not accepted in a path pattern; name the folder",
                                 field=field_name)
            parts = p.parts
            fixed = Path(*[x for x in parts[:next(i for i, x in enumerate(parts)
                                                   if any(c in x for c in "*?["))]])
            if not inside(fixed.resolve()):
                refuse(raw)
            hits = sorted(_glob.glob(str(p)))[:10_000]
            for h in hits:
                rh = Path(h).resolve()
                if not inside(rh):
                    refuse(h)
                out.append(str(rh))
            if not hits:
                raise InputError(f"no file matches {raw[:200]!r}", file=raw[:200],
                                 field=field_name)
            continue
        rp = p.resolve()
        if not inside(rp):
            refuse(raw)
        out.append(str(rp))
    return out


# --------------------------------------------------------------------------- slow clients
def slow_client_protocol(read_timeout: float):
    """uvicorn's h11 protocol with a deadline for receiving each request: a client that has
    not sent its whole request (headers and body) ``read_timeout`` seconds after connecting
    (or after its previous answer) is answered 408 and disconnected (slowloris)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class SlowClientH11(H11Protocol):
        _deadline = None

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(read_timeout, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if self.transport.is_closing() or self._received():
                return
            started = self.cycle is not None and not self.cycle.response_complete and \
                self.cycle.response_started
            if not started:
                body = dumps({"error": "RequestTimeout", "status": 408,
                              "message": f"the request was not received within "
                                         f"{read_timeout:g} s"})
                self.transport.write(b"HTTP/1.1 408 Request Timeout\r\n"
                                     b"content-type: application/json\r\n"
                                     b"connection: close\r\n"
                                     b"content-length: " + str(len(body)).encode() +
                                     b"\r\n\r\n" + body)
            self.transport.close()

        def _received(self) -> bool:
            # the whole request is in: h11 says DONE, or MUST_CLOSE for a client that sent
            # `Connection: close` (urllib does), whose answer may take longer than the deadline
            return self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED)

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._received():
                self._disarm()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            super().connection_lost(exc)

    return SlowClientH11


# --------------------------------------------------------------------------- parameters
ACTOR_LEN = 100          # an actor id, code or name
MAX_PAIRS = 12           # pairs in one /compare
MAX_STATES = 250         # actors in one /balance or /panel (the system has ~200)
MAX_KINDS = 40           # fact kinds in one /facts
MAX_PATHS = 1000         # files in one ingest request


def _actor_path():
    """A path parameter naming an actor (a new object per parameter: FastAPI keys a shared
    one by its first name)."""
    return Path_(..., min_length=1, max_length=ACTOR_LEN,
                 description="An actor: id, code, name, alias or demonym.")


# --------------------------------------------------------------------------- bodies
class ExtractIn(BaseModel):
    text: str = Field(..., description="English text to read.")
    date: Optional[str] = Field(None, description="Document date YYYY-MM-DD (optional).")


class EventsIngestIn(BaseModel):
    paths: List[str] = Field(..., description="Event files or globs on the server.")
    format: str = Field(..., description="gdelt1, gdelt2, icews or gdelt1csv.")
    since: Optional[str] = None


class CuratedIn(BaseModel):
    files: Optional[List[str]] = Field(None, description="Curated CSV files on the server "
                                                         "(default: the shipped ones).")


# --------------------------------------------------------------------------- helpers
def _store(request: Request) -> "Store":
    """The app's store (``create_app`` sets it on ``app.state``)."""
    return request.app.state.store


def _mirror(request: Request) -> str | None:
    return request.app.state.settings.mirror


def require_token(request: Request) -> None:
    """A write needs the server's token: 403 when writes are off, 401 on a wrong token."""
    token = request.app.state.settings.token
    if token is None:
        raise StarletteHTTPException(403, "writing is off: start the server with "
                                          "AMITY_API_TOKEN set to enable writes")
    got = request.headers.get("authorization", "")
    scheme, _, value = got.partition(" ")
    ok = scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(),
                                                            token.encode())
    if not ok:
        raise StarletteHTTPException(401, "missing or wrong token: send "
                                          "'Authorization: Bearer <AMITY_API_TOKEN>'")


def _cap(items: list[str] | None, field_name: str, most: int) -> list[str] | None:
    """A list parameter: at most ``most`` items, each an actor-sized string."""
    if items is None:
        return None
    if len(items) > most:
        raise InputError(f"at most {most} items (got {len(items)})", field=field_name)
    for x in items:
        if len(x) > ACTOR_LEN:
            raise InputError(f"an item is over {ACTOR_LEN} characters", field=field_name)
    return items


def _dyad_key(a, b, start, end, method="auto"):
    return ("dyad", a.strip().upper(), b.strip().upper(), start, end, method)


# --------------------------------------------------------------------------- errors
async def amity_error(request: Request, e: AmityError):
    return _json(error_body(e), e.http_status)


async def validation_error(request: Request, e: RequestValidationError):
    errs = e.errors()
    first = errs[0] if errs else {}
    loc = [str(x) for x in first.get("loc", []) if x not in ("query", "path", "body")]
    fld = ".".join(loc) or None
    msg = first.get("msg", "invalid request")
    return _json({"error": "InputError", "status": 422, "field": fld,
                  "message": f"field {fld!r}: {msg}" if fld else msg,
                  "details": [{"loc": list(map(str, x.get("loc", []))), "msg": x.get("msg")}
                              for x in errs]}, 422)


async def http_error(request: Request, e: StarletteHTTPException):
    name = {404: "NotFound", 405: "MethodNotAllowed", 401: "Unauthorized",
            403: "Forbidden"}.get(e.status_code, "HTTPError")
    return _json({"error": name, "status": e.status_code, "message": str(e.detail)},
                 e.status_code)


async def crash(request: Request, e: Exception):
    from amity.reliability.boundary import api_input_fault

    bad = api_input_fault(e)   # known bad input reaching a library: a 422, not a 500
    if bad is not None:
        return _json({"error": "InputError", "status": 422, "message": bad}, 422)
    # the details go to the server's log, never to the client (they can name files,
    # SQL or internals); the client gets an id to quote
    import logging
    import uuid

    ref = uuid.uuid4().hex[:12]
    logging.getLogger("amity.api").exception("internal error %s on %s %s", ref,
                                             request.method, request.url.path)
    return _json({"error": "InternalError", "status": 500,
                  "message": f"internal error (reference {ref}); see the server log"}, 500)


# --------------------------------------------------------------------------- routes
# Every route is a module-level function over the use-case layer (amity.app); the store
# and the settings come from the request's app (``create_app`` sets them).
router = APIRouter()


@router.get("/health", tags=["meta"])
async def health(request: Request) -> Response:
    """Liveness, version, whether writes are enabled and the cache counters."""
    store = _store(request)
    return _json({"ok": True, "version": __version__,
                  "writes": request.app.state.settings.token is not None,
                  "db": store.path, "cache": {"entries": len(store.cache),
                                              "bytes": store.cache_nbytes,
                                              "hits": store.hits, "misses": store.misses}})


@router.get("/jobs/{job}", tags=["writes"], dependencies=[Depends(require_token)])
async def job(request: Request, job: str = Path_(..., min_length=1, max_length=32)) -> Response:
    """A write that outlived its request (it answered 202): ``running``, ``done`` with
    the write's answer, or ``failed`` with the error the write would have answered."""
    fut = _store(request).jobs.get(job)
    if fut is None:
        return _json({"error": "NotFound", "status": 404,
                      "message": f"no job {job!r} (jobs are kept for the last 100 writes "
                                 "that answered 202, until the server stops)"}, 404)
    if not fut.done():
        return _json({"job": job, "state": "running"}, 200)
    e = fut.exception()
    if e is None:
        return _json({"job": job, "state": "done", "result": json.loads(fut.result())}, 200)
    if isinstance(e, AmityError):
        return _json({"job": job, "state": "failed", "status": e.http_status,
                      **error_body(e)}, 200)
    from amity.reliability.boundary import api_input_fault

    bad = api_input_fault(e)
    if bad is None:
        import logging

        logging.getLogger("amity.api").error("job %s failed", job, exc_info=e)
    return _json({"job": job, "state": "failed", "status": 422 if bad else 500,
                  "message": bad or "internal error (see the server's log)"}, 200)


@router.get("/actors/resolve", tags=["actors"])
async def actors_resolve(name: str = Query(..., min_length=1, max_length=200),
                         at: Optional[str] = Query(None, max_length=32)) -> Response:
    """Resolve a name, alias, demonym, capital or code to the canonical actor."""
    return _json(S.actor_info(name, at))


@router.get("/actors", tags=["actors"])
async def actors_list(request: Request, at: Optional[str] = Query(None, max_length=32),
                      kind: Optional[str] = Query(None, max_length=32),
                      system: str = Query("cow", max_length=8)) -> Response:
    """Actors at a date: state-system members and blocs."""
    return await _store(request).run(lambda con: S.actors_at(at, kind, system),
                                     key=("actors", at, kind, system))


@router.get("/dyad/{a}/{b}", tags=["measures"])
async def dyad(request: Request, a: str = _actor_path(), b: str = _actor_path(),
               start: Optional[int] = Query(None, alias="from"),
               end: Optional[int] = Query(None, alias="to"),
               method: str = Query("auto", pattern="^(auto|v3|v2)$")) -> Response:
    """Closeness series, phases, components, steadiness, treaties and facts of a pair
    (``method=v3``: the fitted closeness v3 with its 90% interval)."""
    S.check_years(start, end)
    mirror = _mirror(request)
    return await _store(request).run(
        lambda con: S.dyad_view(a, b, start, end, con=con, mirror=mirror, method=method),
        key=_dyad_key(a, b, start, end, method))


@router.get("/dyad/{a}/{b}/{part}", tags=["measures"])
async def dyad_part(request: Request, a: str = _actor_path(), b: str = _actor_path(),
                    part: str = Path_(..., max_length=32),
                    start: Optional[int] = Query(None, alias="from"),
                    end: Optional[int] = Query(None, alias="to")) -> Response:
    """One part of the dyad answer: series, phases, components, treaties, facts or
    steadiness."""
    S.check_years(start, end)
    if part not in S.DYAD_PARTS:
        raise InputError(f"unknown part {part!r}; use {', '.join(S.DYAD_PARTS)}",
                         field="part")
    store, mirror = _store(request), _mirror(request)

    def fn(con):
        key = _dyad_key(a, b, start, end)
        hit = store.cached(key)
        rep = json.loads(hit) if hit is not None else S.dyad_view(
            a, b, start, end, con=con, mirror=mirror)
        if hit is None:
            store.put(key, dumps(rep))
        return S.dyad_part(rep, part)

    return await store.run(fn, key=("dyad-part", part) + _dyad_key(a, b, start, end))


@router.get("/compare", tags=["measures"])
async def compare(request: Request,
                  pairs: List[str] = Query(..., description="Pairs as A-B (repeat, or "
                                                            "comma-separate)."),
                  start: Optional[int] = Query(None, alias="from"),
                  end: Optional[int] = Query(None, alias="to"),
                  method: str = Query("auto", pattern="^(auto|v3|v2)$")) -> Response:
    """Rank pairs by steadiness and level over their common span."""
    ps = _cap(S.split_list(pairs, "pairs"), "pairs", MAX_PAIRS)
    S.check_years(start, end)
    mirror = _mirror(request)
    return await _store(request).run(
        lambda con: S.compare_view(ps, start, end, con=con, mirror=mirror, method=method),
        key=("compare", tuple(p.upper() for p in ps), start, end, method))


@router.get("/triangle/{a}/{b}/{c}", tags=["measures"])
async def triangle(request: Request, a: str = _actor_path(), b: str = _actor_path(),
                   c: str = _actor_path(), start: Optional[int] = Query(None, alias="from"),
                   end: Optional[int] = Query(None, alias="to"),
                   band: float = Query(0.1, ge=0, lt=1),
                   method: str = Query("auto", pattern="^(auto|v3|v2)$")) -> Response:
    """The strategic triangle year by year: legs, pattern, roles and periods (with
    ``method=v3`` each leg's neutral band is its 90% interval)."""
    S.check_years(start, end)
    mirror = _mirror(request)
    return await _store(request).run(
        lambda con: S.triangle_view(a, b, c, start, end, band, con=con, mirror=mirror,
                                    method=method),
        key=("triangle", a.upper(), b.upper(), c.upper(), start, end, band, method))


@router.get("/balance", tags=["measures"])
async def balance(request: Request, year: int = Query(..., ge=1600, le=2100),
                  threshold: float = Query(0.1, ge=0, lt=1),
                  states: Optional[str] = Query(
                      "default", description="Comma-separated actors; 'default' for the "
                                             "dashboard's set; 'all' for the whole system."),
                  edges: bool = True,
                  min_tie: float = Query(0.0, ge=0, le=1, description="List only edges "
                                         "with |closeness| at least this."),
                  method: str = Query("auto", pattern="^(auto|v3|v2)$")) -> Response:
    """Structural balance of the signed closeness graph in a year (``amity balance``)
    with the signed edges for drawing (``method=v3``: the legs carry the fitted v3)."""
    sts = None if states in (None, "", "all") else _cap(S.split_list(states, "states"),
                                                        "states", MAX_STATES)
    mirror = _mirror(request)
    return await _store(request).run(
        lambda con: S.balance_view(year, threshold, sts, con=con, mirror=mirror,
                                   edges=edges, min_tie=min_tie, method=method),
        key=("balance", year, threshold, tuple(sts or ()), edges, min_tie, method))


@router.get("/coalition", tags=["measures"])
async def coalition(request: Request,
                    target: str = Query(..., min_length=1, max_length=ACTOR_LEN),
                    year: int = Query(..., ge=1600, le=2100),
                    k: int = 3, top: int = 10) -> Response:
    """Senders of sanctions on a target in a year, notable non-senders, UN and alliance
    blocs (``amity coalition``)."""
    mirror = _mirror(request)
    return await _store(request).run(
        lambda con: S.coalition_view(target, year, k, top, con=con, mirror=mirror),
        key=("coalition", target.upper(), year, k, top))


@router.get("/treaties", tags=["knowledge"])
async def treaties(request: Request, a: str = Query(..., min_length=1, max_length=ACTOR_LEN),
                   b: Optional[str] = Query(None, min_length=1, max_length=ACTOR_LEN)
                   ) -> Response:
    """Treaties and agreements with obligations, alliance flag and references."""
    return await _store(request).run(lambda con: S.treaty_rows(a, b, con=con))


@router.get("/facts", tags=["knowledge"])
async def facts(request: Request,
                a: Optional[str] = Query(None, min_length=1, max_length=ACTOR_LEN),
                b: Optional[str] = Query(None, min_length=1, max_length=ACTOR_LEN),
                start: Optional[int] = Query(None, alias="from"),
                end: Optional[int] = Query(None, alias="to"),
                kind: Optional[List[str]] = Query(None),
                limit: int = Query(1000, ge=1, le=10000)) -> Response:
    """Dated facts between two actors (or about one) with references."""
    S.check_years(start, end)
    kinds = _cap(S.split_list(kind, "kind"), "kind", MAX_KINDS) if kind else None
    return await _store(request).run(
        lambda con: S.fact_rows(a, b, start, end, kinds, con=con)[:limit])


@router.get("/panel", tags=["panel"])
async def panel(request: Request, kind: str = Query("dyad_year", max_length=32),
                states: Optional[str] = Query(None, max_length=MAX_STATES * 8),
                start: int = Query(..., alias="from"), end: int = Query(..., alias="to"),
                add: Optional[str] = Query(None, max_length=400),
                system: str = Query("cow", max_length=8),
                limit: int = Query(S.PANEL_ROW_CAP, ge=1, le=S.PANEL_ROW_CAP)) -> Response:
    """A small panel slice (states x years, with ``add_*`` verbs), capped in rows."""
    S.check_years(start, end)
    sts = _cap(S.split_list(states, "states"), "states", MAX_STATES)
    verbs = _cap(S.split_list(add, "add"), "add", 30) or []
    mirror = _mirror(request)
    return await _store(request).run(
        lambda con: S.panel_slice(kind, sts, start, end, verbs, system, limit, con=con,
                                  mirror=mirror),
        key=("panel", kind, tuple(sts or ()), start, end, tuple(verbs), system, limit))


@router.post("/extract", tags=["reader"])
async def extract(body: ExtractIn, request: Request,
                  store_: bool = Query(False, alias="store")) -> Response:
    """Read English text into coded events and treaties (with character spans).
    ``?store=true`` also writes them to the store (needs the token)."""
    if store_:
        require_token(request)
    date = W.check_date(body.date, where="date")
    store = _store(request)
    if not store_:   # reading text needs no store: it runs beside the store's work
        return await store.run(lambda _con: S.read_text(body.text, date), lock=False)

    timeout = request.app.state.settings.timeout
    fut = asyncio.get_running_loop().run_in_executor(
        store.pool, S.read_text, body.text, date)     # read outside the lock
    try:
        res = await asyncio.wait_for(fut, timeout=timeout)
    except asyncio.TimeoutError:
        return _json({"error": "Timeout", "status": 504,
                      "message": f"reading the text took longer than {timeout:g} s; "
                                 "nothing was stored: send a shorter text"}, 504)

    def fn(con):
        out = W.store_reading(con, res, body.text, "api:/extract")
        store.clear()
        return out

    return await store.run(fn, write=True)


@router.post("/ingest/curated", tags=["writes"], dependencies=[Depends(require_token)])
async def ingest_curated(request: Request, body: Optional[CuratedIn] = None) -> Response:
    """Load (validate, then write) the curated layer into the store (idempotent)."""
    files = body.files if body else None
    if files:
        files = allowed_paths(files[:MAX_PATHS + 1], request.app.state.settings.ingest_dirs,
                              "files")
        if len(files) > MAX_PATHS:
            raise InputError(f"at most {MAX_PATHS} files", field="files")
    store = _store(request)

    def fn(con):
        res = W.load_curated_layer(con, files)
        store.clear()
        return res

    return await store.run(fn, write=True)


@router.post("/events/ingest", tags=["writes"], dependencies=[Depends(require_token)])
async def events_ingest(request: Request, body: EventsIngestIn) -> Response:
    """Ingest event files (server-side paths) into the event store."""
    W.check_event_format(body.format)
    if len(body.paths) > MAX_PATHS:
        raise InputError(f"at most {MAX_PATHS} paths (got {len(body.paths)})",
                         field="paths")
    paths = allowed_paths(body.paths, request.app.state.settings.ingest_dirs, "paths")
    store = _store(request)

    def fn(con):
        res = W.ingest_events(con, paths, body.format, since=body.since)
        store.clear()
        return res

    return await store.run(fn, write=True)


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    return FileResponse(WEB_DIR / "index.html", media_type="text/html")


# --------------------------------------------------------------------------- the app
@asynccontextmanager
async def lifespan(app: FastAPI):
    yield
    app.state.store.close()


def create_app(db: str | os.PathLike | None = None, *, settings: ApiSettings | None = None,
               **kw: Any) -> FastAPI:
    """Build the API (and dashboard) app over the store ``db``.

    Parameters
    ----------
    db : path, optional
        Store file (default ``$AMITY_DB`` or the user data directory).
    settings : ApiSettings, optional
        Or keyword overrides of its fields (``token``, ``max_body``, ``timeout``,
        ``cors_origins``, ``cache_size``, ``mirror``, ``workers``).
    """
    st = settings or ApiSettings(db=str(db) if db is not None else None, **kw)
    if st.token is None:
        st.token = os.environ.get("AMITY_API_TOKEN") or None
    if not st.token:
        st.token = None
    store = Store(st)

    app = FastAPI(title="Amity API", version=__version__, lifespan=lifespan,
                  description="Treaties, closeness, phases, triangles and coalitions of the "
                              "interstate system, with cited evidence. Writes need a token.")
    app.state.store = store
    app.state.settings = st

    if st.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=st.cors_origins,
                           allow_methods=["GET", "POST"], allow_headers=["Authorization",
                                                                        "Content-Type"])
    app.add_middleware(BodyLimit, limit=st.max_body)
    app.add_middleware(AnswerCache, store=store)
    if st.allowed_hosts is not None:   # outermost: a foreign Host is refused before anything
        app.add_middleware(HostCheck, allowed=st.allowed_hosts)
    app.add_exception_handler(AmityError, amity_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, crash)
    app.include_router(router)

    from fastapi.staticfiles import StaticFiles

    app.mount("/static", StaticFiles(directory=str(WEB_DIR)), name="static")
    return app


# --------------------------------------------------------------------------- serve
def serve_info_path(db: str | os.PathLike) -> Path:
    return Path(str(db) + ".serve.json")


def serve(db: str | os.PathLike | None = None, host: str = "127.0.0.1", port: int = 8765, *,
          settings: ApiSettings | None = None, log_level: str = "info",
          on_ready: Callable[[str], None] | None = None) -> None:
    """Run the API with uvicorn; while it runs ``<db>.serve.json`` names the process.

    The store is opened before the file is written, so a store held by another process
    fails with :class:`~amity.errors.StoreLockedError` and leaves nothing behind.
    """
    import uvicorn

    from amity import config

    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as e:
            raise InputError(f"cannot listen on {host}:{port} ({e.strerror or e})",
                             field="--port") from None
    path = config.db_path(db)
    st = settings or ApiSettings(db=str(path))
    st.db = str(path)
    app = create_app(settings=st)
    app.state.store.open()
    url = f"http://{host}:{port}"
    info = serve_info_path(path)
    info.write_text(json.dumps({"pid": os.getpid(), "url": url, "started": time.time(),
                                "db": str(path), "writes": st.token is not None}),
                    encoding="utf-8")
    import signal

    stopped = []

    def _term(signum, frame):  # uvicorn re-raises SIGTERM after its graceful shutdown
        stopped.append(signum)
        raise SystemExit(0)

    old = signal.signal(signal.SIGTERM, _term)
    try:
        if on_ready:
            on_ready(url)
        uvicorn.run(app, host=host, port=port, log_level=log_level,
                    http=slow_client_protocol(st.read_timeout), timeout_keep_alive=5)
    except SystemExit:
        if not stopped:
            raise
    finally:
        signal.signal(signal.SIGTERM, old)
        try:
            info.unlink()
        except OSError:
            pass
        app.state.store.close()
        if stopped and app.state.store.busy():
            # a worker still runs a request past the shutdown: its transaction is not
            # committed (the store keeps its last committed state); do not wait for it
            import sys

            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
