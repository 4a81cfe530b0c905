"""The FastAPI application behind ``amity serve``.

Design (see docs/arch/faces.md):

* one DuckDB connection per app (DuckDB lets one process write a file); store work runs in a
  small thread pool under one lock, with a per-request timeout (504);
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, List, Optional

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from amity import jsonable
from amity.app import service as S
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
    mirror: str | None = None
    workers: int = 4
    # open the store read-only (None: read-only exactly when writes are off, i.e. no token):
    # then other processes (``amity dyad``, ``db status``...) can read the file at the same
    # time; a server that writes holds DuckDB's single-writer lock
    read_only: bool | None = None


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
        self._cache_lock = threading.Lock()
        self.hits = 0
        self.misses = 0

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

    def close(self) -> None:
        with self.lock:
            if self._con is not None:
                self._con.close()
                self._con = None
        self.pool.shutdown(wait=False, cancel_futures=True)

    def cached(self, key: tuple) -> bytes | None:
        with self._cache_lock:
            v = self.cache.get(key)
            if v is not None:
                self.cache.move_to_end(key)
                self.hits += 1
            return v

    def put(self, key: tuple, value: bytes) -> None:
        with self._cache_lock:
            self.cache[key] = value
            self.cache.move_to_end(key)
            while len(self.cache) > self.settings.cache_size:
                self.cache.popitem(last=False)

    def clear(self) -> None:
        with self._cache_lock:
            self.cache.clear()

    async def run(self, fn: Callable[[Any], Any], key: tuple | None = None) -> Response:
        """Run ``fn(con)`` in the pool under the store lock, with the timeout; cache by key."""
        if key is not None:
            hit = self.cached(key)
            if hit is not None:
                return Response(hit, media_type="application/json",
                                headers={"X-Amity-Cache": "hit"})
            self.misses += 1

        def work() -> bytes:
            with self.lock:
                return dumps(fn(self.con))

        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(self.pool, work)
        if key is not None:  # an answer that outlives its request's timeout is still cached
            def _keep(f: asyncio.Future) -> None:
                if not f.cancelled() and f.exception() is None:
                    self.put(key, f.result())

            fut.add_done_callback(_keep)
        try:
            body = await asyncio.wait_for(asyncio.shield(fut), timeout=self.settings.timeout)
        except asyncio.TimeoutError:
            return _json({"error": "Timeout", "status": 504,
                          "message": f"the request took longer than {self.settings.timeout:g} s; "
                                     "narrow the years or try again (the answer is being "
                                     "computed and will be cached)"}, 504)
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

        async def capture(msg):
            if msg["type"] == "http.response.start":
                st["status"] = msg["status"]
            elif msg["type"] == "http.response.body" and st["status"] == 200:
                st["chunks"].append(msg.get("body", b""))
                if not msg.get("more_body"):
                    self.store.put(key, b"".join(st["chunks"]))
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


# --------------------------------------------------------------------------- the app
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

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        store.close()

    from amity import __version__

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

    # ---------------------------------------------------------------- errors
    @app.exception_handler(AmityError)
    async def _amity_error(request: Request, e: AmityError):
        return _json(error_body(e), e.http_status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, e: RequestValidationError):
        errs = e.errors()
        first = errs[0] if errs else {}
        loc = [str(x) for x in first.get("loc", []) if x not in ("query", "path", "body")]
        fld = ".".join(loc) or None
        msg = first.get("msg", "invalid request")
        return _json({"error": "InputError", "status": 422, "field": fld,
                      "message": f"field {fld!r}: {msg}" if fld else msg,
                      "details": [{"loc": list(map(str, x.get("loc", []))), "msg": x.get("msg")}
                                  for x in errs]}, 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, e: StarletteHTTPException):
        name = {404: "NotFound", 405: "MethodNotAllowed", 401: "Unauthorized",
                403: "Forbidden"}.get(e.status_code, "HTTPError")
        return _json({"error": name, "status": e.status_code, "message": str(e.detail)},
                     e.status_code)

    @app.exception_handler(Exception)
    async def _crash(request: Request, e: Exception):
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

    # ---------------------------------------------------------------- auth
    def require_token(request: Request) -> None:
        if st.token is None:
            raise StarletteHTTPException(403, "writing is off: start the server with "
                                              "AMITY_API_TOKEN set to enable writes")
        got = request.headers.get("authorization", "")
        scheme, _, value = got.partition(" ")
        ok = scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), st.token.encode())
        if not ok:
            raise StarletteHTTPException(401, "missing or wrong token: send "
                                              "'Authorization: Bearer <AMITY_API_TOKEN>'")

    mirror = st.mirror

    # ---------------------------------------------------------------- meta
    @app.get("/health", tags=["meta"])
    async def health() -> Response:
        """Liveness, version, whether writes are enabled and the cache counters."""
        return _json({"ok": True, "version": __version__, "writes": st.token is not None,
                      "db": store.path, "cache": {"entries": len(store.cache),
                                                  "hits": store.hits, "misses": store.misses}})

    # ---------------------------------------------------------------- actors
    @app.get("/actors/resolve", tags=["actors"])
    async def actors_resolve(name: str = Query(..., min_length=1, max_length=200),
                             at: Optional[str] = Query(None, max_length=32)) -> Response:
        """Resolve a name, alias, demonym, capital or code to the canonical actor."""
        return _json(S.actor_info(name, at))

    @app.get("/actors", tags=["actors"])
    async def actors_list(at: Optional[str] = Query(None, max_length=32),
                          kind: Optional[str] = None, system: str = "cow") -> Response:
        """Actors at a date: state-system members and blocs."""
        return await store.run(lambda con: S.actors_at(at, kind, system),
                               key=("actors", at, kind, system))

    # ---------------------------------------------------------------- pairs
    def _dyad_key(a, b, start, end):
        return ("dyad", a.strip().upper(), b.strip().upper(), start, end)

    @app.get("/dyad/{a}/{b}", tags=["measures"])
    async def dyad(a: str, b: str, start: Optional[int] = Query(None, alias="from"),
                   end: Optional[int] = Query(None, alias="to")) -> Response:
        """Closeness series, phases, components, steadiness, treaties and facts of a pair."""
        S.check_years(start, end)
        return await store.run(lambda con: S.dyad_view(a, b, start, end, con=con,
                                                       mirror=mirror),
                               key=_dyad_key(a, b, start, end))

    @app.get("/dyad/{a}/{b}/{part}", tags=["measures"])
    async def dyad_part(a: str, b: str, part: str,
                        start: Optional[int] = Query(None, alias="from"),
                        end: Optional[int] = Query(None, alias="to")) -> Response:
        """One part of the dyad answer: series, phases, components, treaties, facts or
        steadiness."""
        S.check_years(start, end)
        if part not in S.DYAD_PARTS:
            raise InputError(f"unknown part {part!r}; use {', '.join(S.DYAD_PARTS)}",
                             field="part")

        def fn(con):
            key = _dyad_key(a, b, start, end)
            hit = store.cached(key)
            rep = json.loads(hit) if hit is not None else S.dyad_view(
                a, b, start, end, con=con, mirror=mirror)
            if hit is None:
                store.put(key, dumps(rep))
            return S.dyad_part(rep, part)

        return await store.run(fn, key=("dyad-part", part) + _dyad_key(a, b, start, end))

    @app.get("/compare", tags=["measures"])
    async def compare(pairs: List[str] = Query(..., description="Pairs as A-B (repeat, or "
                                                                "comma-separate)."),
                      start: Optional[int] = Query(None, alias="from"),
                      end: Optional[int] = Query(None, alias="to")) -> Response:
        """Rank pairs by steadiness and level over their common span."""
        ps = S.split_list(pairs, "pairs")
        S.check_years(start, end)
        return await store.run(lambda con: S.compare_view(ps, start, end, con=con,
                                                          mirror=mirror),
                               key=("compare", tuple(p.upper() for p in ps), start, end))

    @app.get("/triangle/{a}/{b}/{c}", tags=["measures"])
    async def triangle(a: str, b: str, c: str, start: Optional[int] = Query(None, alias="from"),
                       end: Optional[int] = Query(None, alias="to"),
                       band: float = Query(0.1, ge=0, lt=1)) -> Response:
        """The strategic triangle year by year: legs, pattern, roles and periods."""
        S.check_years(start, end)
        return await store.run(
            lambda con: S.triangle_view(a, b, c, start, end, band, con=con, mirror=mirror),
            key=("triangle", a.upper(), b.upper(), c.upper(), start, end, band))

    @app.get("/balance", tags=["measures"])
    async def balance(year: int = Query(..., ge=1600, le=2100),
                      threshold: float = Query(0.1, ge=0, lt=1),
                      states: Optional[str] = Query(
                          "default", description="Comma-separated actors; 'default' for the "
                                                 "dashboard's set; 'all' for the whole system."),
                      edges: bool = True) -> Response:
        """Structural balance of the signed closeness graph in a year (``amity balance``)
        with the signed edges for drawing."""
        sts = None if states in (None, "", "all") else S.split_list(states, "states")
        return await store.run(
            lambda con: S.balance_view(year, threshold, sts, con=con, mirror=mirror,
                                       edges=edges),
            key=("balance", year, threshold, tuple(sts or ()), edges))

    @app.get("/coalition", tags=["measures"])
    async def coalition(target: str = Query(..., min_length=1),
                        year: int = Query(..., ge=1600, le=2100),
                        k: int = 3, top: int = 10) -> Response:
        """Senders of sanctions on a target in a year, notable non-senders, UN and alliance
        blocs (``amity coalition``)."""
        return await store.run(lambda con: S.coalition_view(target, year, k, top, con=con,
                                                            mirror=mirror),
                               key=("coalition", target.upper(), year, k, top))

    # ---------------------------------------------------------------- knowledge
    @app.get("/treaties", tags=["knowledge"])
    async def treaties(a: str = Query(..., min_length=1), b: Optional[str] = None) -> Response:
        """Treaties and agreements with obligations, alliance flag and references."""
        return await store.run(lambda con: S.treaty_rows(a, b, con=con))

    @app.get("/facts", tags=["knowledge"])
    async def facts(a: Optional[str] = None, b: Optional[str] = None,
                    start: Optional[int] = Query(None, alias="from"),
                    end: Optional[int] = Query(None, alias="to"),
                    kind: Optional[List[str]] = Query(None),
                    limit: int = Query(1000, ge=1, le=10000)) -> Response:
        """Dated facts between two actors (or about one) with references."""
        S.check_years(start, end)
        kinds = S.split_list(kind, "kind") if kind else None
        return await store.run(lambda con: S.fact_rows(a, b, start, end, kinds, con=con)[:limit])

    @app.get("/panel", tags=["panel"])
    async def panel(kind: str = "dyad_year", states: Optional[str] = None,
                    start: int = Query(..., alias="from"), end: int = Query(..., alias="to"),
                    add: Optional[str] = None, system: str = "cow",
                    limit: int = Query(S.PANEL_ROW_CAP, ge=1, le=S.PANEL_ROW_CAP)) -> Response:
        """A small panel slice (states x years, with ``add_*`` verbs), capped in rows."""
        sts = S.split_list(states, "states")
        verbs = S.split_list(add, "add") or []
        return await store.run(lambda con: S.panel_slice(kind, sts, start, end, verbs, system,
                                                         limit, con=con, mirror=mirror),
                               key=("panel", kind, tuple(sts or ()), start, end, tuple(verbs),
                                    system, limit))

    # ---------------------------------------------------------------- reader + writes
    @app.post("/extract", tags=["reader"])
    async def extract(body: ExtractIn, request: Request,
                      store_: bool = Query(False, alias="store")) -> Response:
        """Read English text into coded events and treaties (with character spans).
        ``?store=true`` also writes them to the store (needs the token)."""
        if store_:
            require_token(request)
        from amity.reader.inputs import check_date

        date = check_date(body.date, where="date")

        def fn(con):
            res = S.read_text(body.text, date)
            if store_:
                from amity.reader.merge import store_result

                res["store"] = store_result(con, res, text=body.text, source="api:/extract")
                store.clear()
            return res

        return await store.run(fn)

    @app.post("/ingest/curated", tags=["writes"], dependencies=[Depends(require_token)])
    async def ingest_curated(body: Optional[CuratedIn] = None) -> Response:
        """Load (validate, then write) the curated layer into the store (idempotent)."""
        from amity.knowledge import load_curated

        files = body.files if body else None

        def fn(con):
            res = load_curated(con, files) if files else load_curated(con)
            store.clear()
            return res if isinstance(res, dict) else {"result": res}

        return await store.run(fn)

    @app.post("/events/ingest", tags=["writes"], dependencies=[Depends(require_token)])
    async def events_ingest(body: EventsIngestIn) -> Response:
        """Ingest event files (server-side paths) into the event store."""
        from amity.events.ingest import ingest

        def fn(con):
            res = ingest(body.paths, body.format, con=con, since=body.since)
            store.clear()
            return res

        return await store.run(fn)

    # ---------------------------------------------------------------- dashboard
    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html")

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
        uvicorn.run(app, host=host, port=port, log_level=log_level)
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
