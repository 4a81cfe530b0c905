"""`amity demo`, `amity brief` and `amity serve`: the faces that present results."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from amity.cli._common import (DB_OPT, JSON_OPT, MIRROR_OPT, TO_OPT, emit,
                               err_console, note_if_no_curated, year_range)
from amity.errors import InputError


def _progress(enabled: bool = True):
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    console=err_console, transient=True,
                    disable=not (enabled and err_console.is_terminal))


def _brief_json(res: dict) -> dict:
    d = res["data"]
    return {"out": res["out"], "summary": res["summary"], "actors": d["actors"],
            "span": d["span"], "notes": d["notes"],
            "focus": {k: d["focus"][k] for k in ("pair", "span", "phases", "steadiness")},
            "compare": d["compare"], "triangle": {k: d["triangle"][k] for k in
                                                  ("actors", "band", "periods")},
            "pairs": d["pairs"], "references": d["references"],
            "coalition": {k: d["coalition"].get(k) for k in
                          ("target", "year", "senders", "abstainers_of_note")}}


def demo(db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
         out: Path = typer.Option(Path("brief.html"), "--out",
                                  help="Where to write the brief (HTML)."),
         curated_only: bool = typer.Option(False, "--curated-only",
                                           help="Use only the embedded curated layer: no "
                                                "mirror file is read and datasets already "
                                                "in the store are left out."),
         as_json: bool = JSON_OPT) -> None:
    """Load the curated layer (and the datasets when a mirror exists) into the store, build
    the closeness table when datasets are loaded (kept when already built from the same
    inputs), write the China-Russia-USA brief and print its summary."""
    from amity import store
    from amity.report import run_demo
    from amity.report.brief import write_brief

    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError("the brief is written as HTML: give a file ending in .html",
                         file=str(out), field="--out")
    if not out.parent.exists():
        raise InputError("the brief's folder does not exist", file=str(out), field="--out")
    with _progress(not as_json) as prog:
        task = prog.add_task("loading the curated layer and datasets...", total=None)

        def on_progress(name: str, stage: str) -> None:
            prog.update(task, description=f"datasets: {stage} {name}")

        if curated_only:
            # the curated layer alone: no mirror file is read, and datasets a store holds
            # from an earlier full run are left out (the brief reads the facts only)
            from amity import config
            from amity.app.service import fallback_con

            with config.mirror_off():
                res = run_demo(db, mirror=None, datasets=False, on_progress=on_progress)
                con = store.connect(res["store"], read_only=True)
                try:
                    mem = fallback_con(con)
                finally:
                    con.close()
                try:
                    br = write_brief(out, con=mem, mirror=None,
                                     on_step=lambda s: prog.update(task,
                                                                   description=f"brief: {s}"))
                finally:
                    mem.close()
            res["used"] = "embedded curated layer only"
        else:
            res = run_demo(db, mirror=mirror, datasets=True, on_progress=on_progress)
            con = store.connect(res["store"], read_only=True)   # the brief only reads
            try:
                br = write_brief(out, con=con, mirror=mirror,
                                 on_step=lambda s: prog.update(task, description=f"brief: {s}"))
            finally:
                con.close()
    ds = res["datasets"]
    head = (f"store: {res['store']}\nused: {res['used']}"
            + ("" if ds.get("loaded") else f" ({ds.get('reason')})")
            + f"\ncurated: {res['curated']['rows']} rows, {res['curated']['inserted']} new facts, "
              f"{res['curated']['skipped']} already stored\n"
            + f"closeness table: {res['table']['line']}\n")
    payload = {"store": res["store"], "used": res["used"], "curated": res["curated"],
               "datasets": {"loaded": ds.get("loaded", False), "mirror": ds.get("mirror"),
                            "reason": ds.get("reason"),
                            "sources": [{"name": s["name"], "loaded": s["loaded"],
                                         "tables": s["tables"]}
                                        for s in (ds.get("result") or {}).get("sources", [])]},
               "closeness_table": res.get("table"),
               "brief": _brief_json(br)}

    def human() -> None:
        sys.stdout.write(head + "\n" + br["text"] + f"\nbrief written to {br['out']}\n")

    emit(payload, as_json, human)


def brief(actors: List[str] = typer.Argument(..., help="Three actors: the focus pair first, "
                                                        "e.g. CHN RUS USA."),
          compare: Optional[str] = typer.Option("PRK-RUS", "--compare",
                                                help="A pair A-B to compare steadiness with "
                                                     "('' for none)."),
          out: Optional[Path] = typer.Option(None, "--out", help="HTML file to write "
                                             "(default brief.html; with --json and no --out "
                                             "no file is written)."),
          start: Optional[int] = typer.Option(1949, "--from", help="First year."),
          end: Optional[int] = TO_OPT,
          charts: bool = typer.Option(True, "--charts/--no-charts", help="Draw the charts."),
          db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
          as_json: bool = JSON_OPT) -> None:
    """Write a brief on a strategic triangle: a summary written from the numbers, charts,
    treaties with obligations, the sanctions coalition, references (e.g. amity brief CHN RUS
    USA --compare PRK-RUS --out brief.html)."""
    from amity import store
    from amity.report.brief import write_brief

    if len(actors) != 3:
        raise InputError(f"give three actors (got {len(actors)}), e.g. amity brief CHN RUS USA",
                         field="ACTORS")
    start, end = year_range(start, end)
    if out is None and not as_json:
        out = Path("brief.html")
    if out is not None and Path(out).suffix.lower() not in (".html", ".htm"):
        raise InputError("the brief is written as HTML: give a file ending in .html",
                         file=str(out), field="--out")
    con = store.connect(db, read_only=True)   # a read: other readers may share the file
    try:
        note_if_no_curated(con)
        with _progress(not as_json) as prog:
            task = prog.add_task("brief", total=None)
            res = write_brief(None if out is None else Path(out), con=con, actors=actors, compare=compare or None,
                              start=start, end=end, mirror=mirror, charts=charts,
                              on_step=lambda s: prog.update(task, description=f"brief: {s}"))
    finally:
        con.close()

    def human() -> None:
        sys.stdout.write(res["text"] + f"\nbrief written to {res['out']}\n")

    emit(_brief_json(res), as_json, human)


def serve(host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
          port: int = typer.Option(8765, "--port", help="TCP port."),
          db: Optional[Path] = DB_OPT, mirror: Optional[Path] = MIRROR_OPT,
          cors: Optional[List[str]] = typer.Option(None, "--cors",
                                                   help="Allow this browser origin (repeatable; "
                                                        "CORS is off by default)."),
          timeout: float = typer.Option(60.0, "--timeout", help="Seconds per request (504 "
                                                                 "after)."),
          allow_host: Optional[List[str]] = typer.Option(
              None, "--allow-host", help="Also answer requests whose Host header is this name "
                                         "(repeatable; default: loopback names and --host; "
                                         "others get 421, against DNS rebinding)."),
          ingest_dir: Optional[List[Path]] = typer.Option(
              None, "--ingest-dir", help="Folder whose files clients may name in POST "
                                         "/events/ingest and /ingest/curated (repeatable; "
                                         "default none: server-side paths are refused, 403)."),
          read_timeout: float = typer.Option(10.0, "--read-timeout",
                                             help="Seconds a client has to send its whole "
                                                  "request (408 and disconnect after)."),
          log_level: str = typer.Option("warning", "--log-level",
                                        help="uvicorn log level.")) -> None:
    """Serve the HTTP API and the dashboard (http://HOST:PORT/, OpenAPI at /openapi.json).

    Writes are off unless AMITY_API_TOKEN is set; then they need 'Authorization: Bearer
    TOKEN'. While it runs, <db>.serve.json names the server to other processes."""
    import os

    from amity import config
    from amity.api.app import ApiSettings, serve as _serve

    if not 1 <= port <= 65535:
        raise InputError(f"port {port} is outside 1..65535", field="--port")
    if timeout <= 0:
        raise InputError("timeout must be positive", field="--timeout")
    if read_timeout <= 0:
        raise InputError("read timeout must be positive", field="--read-timeout")
    from amity.api.app import default_hosts

    dirs = []
    for d in ingest_dir or []:
        if not Path(d).is_dir():
            raise InputError("no such folder", file=str(d), field="--ingest-dir")
        dirs.append(str(Path(d).resolve()))
    path = config.db_path(db)
    st = ApiSettings(db=str(path), cors_origins=list(cors or []), timeout=timeout,
                     mirror=str(mirror) if mirror else None,
                     allowed_hosts=default_hosts(host, list(allow_host or [])),
                     ingest_dirs=dirs, read_timeout=read_timeout)

    def ready(url: str) -> None:
        writes = "on (token required)" if os.environ.get("AMITY_API_TOKEN") else "off"
        err_console.print(f"Amity serving {path} at {url}/  (API docs {url}/docs, schema "
                          f"{url}/openapi.json; writes {writes}); Ctrl-C stops",
                          highlight=False)

    _serve(path, host, port, settings=st, log_level=log_level, on_ready=ready)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("brief")(brief)
    app.command("serve")(serve)
